// The page: a dropped file goes to the worker (WebAssembly, on this computer), the report
// comes back and is drawn. Every value from the file is put on the page as text, never as HTML.

const TEXT = {
  es: {
    lead: "Revise su archivo antes de publicarlo en datos.gob.cl.",
    switch: "English",
    private: "Su archivo no sale de este computador: se revisa aquí mismo, en el navegador. Esta página no envía nada a ningún servidor.",
    drop: "Arrastre aquí un archivo CSV, Excel (xlsx, xls), ODS o JSON",
    pick: "o elija un archivo",
    download: "Descargar el informe completo (archivo JSON, para sistemas)",
    fix: "Corregir: hacer una copia corregida (CSV)",
    fixing: "Haciendo la copia corregida…",
    fixed: "Copia corregida, hecha en este computador: descargue cada archivo",
    fixedFiles: { csv: "la tabla corregida (CSV, con acentos y ñ bien guardados)", schema: "el diccionario de datos: describa ahí cada columna", log: "el registro de cambios", logJson: "el registro de cambios, para sistemas" },
    changes: "Qué se cambió",
    notFixed: "Queda por corregir a mano",
    recheckCopy: "Revise la copia: arrástrela aquí otra vez.",
    fixTooBig: (mb) => `Este archivo pesa ${mb} MB: la copia corregida de un archivo de más de ${FIX_LIMIT_MB} MB se hace mejor con el programa calidad (calidad corregir archivo -o carpeta/), que no la guarda entera en memoria.`,
    footer: "calidad revisa la estructura, los tipos de datos, las filas repetidas y los datos personales (leyes 19.628 y 21.719) y pone una nota de 1 a 10. También como programa: calidad validar archivo.csv",
    loading: "Preparando el validador…",
    reading: (read, total, name) => `Revisando «${name}»: ${mb(read)} de ${mb(total)} MB`,
    done: (s) => (s < 0.1 ? "Revisado en menos de 0,1 s, en este computador." : `Revisado en ${s.toFixed(1).replace(".", ",")} s, en este computador.`),
    valid: "✓ Sin errores: la tabla se puede publicar",
    invalid: (n) => `✗ Todavía no se puede publicar: ${count(n, "error", "errores")} que corregir`,
    mark: "Nota",
    of10: "/10",
    limited: "Nota limitada a",
    file: "Archivo completo",
    workbookMark: (m, b) => `Nota del libro: ${m}/10 · ${b} (el promedio de sus hojas, dentro de los límites de cada una)`,
    dimensions: { estructura: "Estructura", completitud: "Completitud", coherencia: "Coherencia", accesibilidad: "Accesibilidad", consistencia: "Consistencia", privacidad: "Privacidad" },
    recommendations: "Qué mejorar (primero lo que más sube la nota)",
    noRecommendations: "Nada que recomendar.",
    privacy: "Datos personales",
    noPrivacy: "No se encontraron datos personales.",
    show: "Mostrar los valores (solo en esta pantalla)",
    hide: "Ocultar los valores",
    shownNote: "Estos valores se muestran solo aquí; no están en el informe descargable.",
    column: "columna",
    row: "fila",
    cell: "celda",
    errors: "Errores",
    warnings: "Advertencias",
    noFindings: "Sin errores ni advertencias.",
    more: (n) => `… y ${count(n, "más", "más")}`,
    explain: "¿Qué significa y cómo se corrige?",
    notATable: "Hoja de documentación: no se valida como tabla.",
    severity: { error: "error", warning: "advertencia", info: "información" },
    category: { rut: "RUT/RUN", "person-name": "nombres de personas", email: "correos", phone: "teléfonos", address: "direcciones", plate: "patentes", health: "salud", "free-text-pii": "datos personales en texto libre" },
    examples: "Ejemplos (ocultos en parte)",
    contains: "Qué contiene",
    columnHead: "Columna",
    original: "Revisión del archivo",
    failed: "No se pudo revisar el archivo",
    noWasm: "Este navegador no puede ejecutar el validador (WebAssembly y Web Workers son necesarios).",
  },
  en: {
    lead: "Check your file before you publish it on datos.gob.cl.",
    switch: "Español",
    private: "Your file never leaves this computer: it is checked right here, in the browser. This page sends nothing to any server.",
    drop: "Drop a CSV, Excel (xlsx, xls), ODS or JSON file here",
    pick: "or choose a file",
    download: "Download the full report (JSON file, for systems)",
    fix: "Fix: make a corrected copy (CSV)",
    fixing: "Making the corrected copy…",
    fixed: "Corrected copy, made on this computer: download each file",
    fixedFiles: { csv: "the corrected table (UTF-8 CSV)", schema: "the data dictionary: describe each column in it", log: "the change log", logJson: "the change log, for systems" },
    changes: "What was changed",
    notFixed: "Still to fix by hand",
    recheckCopy: "Check the copy: drop it here again.",
    fixTooBig: (mb) => `This file is ${mb} MB: a corrected copy of a file over ${FIX_LIMIT_MB} MB is better made with the calidad program (calidad fix file -o folder/), which does not hold it whole in memory.`,
    footer: "calidad checks structure, types, duplicates and personal data (Chilean laws 19.628 and 21.719) and gives a 1–10 mark. Also on the command line: calidad validate file.csv",
    loading: "Getting the validator ready…",
    reading: (read, total, name) => `Checking «${name}»: ${mb(read)} of ${mb(total)} MB`,
    done: (s) => (s < 0.1 ? "Checked in under 0.1 s, on this computer." : `Checked in ${s.toFixed(1)} s, on this computer.`),
    valid: "✓ No errors: the table can be published",
    invalid: (n) => `✗ Not ready to publish yet: ${count(n, "error", "errors")} to fix`,
    mark: "Mark",
    of10: "/10",
    limited: "Mark limited to",
    file: "Whole file",
    workbookMark: (m, b) => `Workbook mark: ${m}/10 · ${b} (the mean of its sheets, within each sheet's limits)`,
    dimensions: { estructura: "Structure", completitud: "Completeness", coherencia: "Coherence", accesibilidad: "Accessibility", consistencia: "Consistency", privacidad: "Privacy" },
    recommendations: "What to improve, biggest gain first",
    noRecommendations: "Nothing to recommend.",
    privacy: "Personal data",
    noPrivacy: "No personal data found.",
    show: "Show the values (on this screen only)",
    hide: "Hide the values",
    shownNote: "These values are shown here only; they are not in the downloadable report.",
    column: "column",
    row: "row",
    cell: "cell",
    errors: "Errors",
    warnings: "Warnings",
    noFindings: "No errors or warnings.",
    more: (n) => `… and ${n} more`,
    explain: "What does it mean and how is it fixed?",
    notATable: "Documentation sheet: not validated as a table.",
    severity: { error: "error", warning: "warning", info: "info" },
    category: { rut: "RUT/RUN", "person-name": "people's names", email: "e-mails", phone: "phone numbers", address: "addresses", plate: "licence plates", health: "health", "free-text-pii": "personal data in free text" },
    examples: "Examples (partly hidden)",
    contains: "What it holds",
    columnHead: "Column",
    original: "Check of the file",
    failed: "The file could not be checked",
    noWasm: "This browser cannot run the validator (WebAssembly and Web Workers are needed).",
  },
};

const WORKBOOK = new Set(["xlsx", "xls", "ods", "spreadsheetml"]);
const SHOWN = 5;
/** Above this size the page does not make the corrected copy: in a page it is built in memory
 * (the cleaned rows, the CSV and its text at once, several times the file's size). */
const FIX_LIMIT_MB = 300;

let lang = (navigator.language || "es").toLowerCase().startsWith("en") ? "en" : "es";
let nextId = 1;
let rulesByCode = new Map();
let current = null; // { file, page, seconds }
let revealing = false;
let generation = 0; // which drop the page is waiting for: older answers are dropped
let fixedUrls = [];

function t(key) {
  return TEXT[lang][key];
}

function mb(bytes) {
  const value = bytes / (1024 * 1024);
  const text = value.toFixed(value < 10 ? 1 : 0);
  return lang === "es" ? text.replace(".", ",") : text;
}

function count(n, one, many) {
  const number = lang === "es" ? n.toLocaleString("es-CL") : n.toLocaleString("en-US");
  return `${number} ${n === 1 ? one : many}`;
}

function decimal(x) {
  const text = Number(x).toFixed(1);
  return lang === "es" ? text.replace(".", ",") : text;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child == null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Today on this computer, `YYYY-MM-DD`: freshness and birth years are judged on it. */
function today() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/**
 * One validator: a Web Worker running the WebAssembly engine. The page starts two when it
 * loads, so a file dropped while another is being checked starts at once on the idle one —
 * with no request to the server, since nothing new is loaded — and the older answer is
 * dropped when it comes.
 */
class Engine {
  constructor() {
    this.pending = new Map();
    this.start();
  }

  start() {
    this.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.worker.onmessage = (event) => {
      const { id, progress, error } = event.data;
      const waiting = this.pending.get(id);
      if (!waiting) return;
      if (progress) {
        waiting.onProgress?.(progress);
        return;
      }
      this.pending.delete(id);
      if (error) waiting.reject(new Error(error));
      else waiting.resolve(event.data);
    };
    this.worker.onerror = (event) => this.failAll(new Error(event.message || "worker error"));
  }

  failAll(error) {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  /** After a failure the engine may be unusable (a WebAssembly trap): a fresh one. */
  restart() {
    this.worker.terminate();
    this.failAll(new Error("restarted"));
    this.start();
  }

  call(message, onProgress) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, ...message });
    });
  }
}

const engines = [];

/** The engine with the least work waiting. */
function idleEngine() {
  return engines.reduce((best, e) => (e.pending.size < best.pending.size ? e : best));
}

async function loadRules() {
  const answer = await engines[0].call({ kind: "rules", options: { lang } });
  rulesByCode = new Map(answer.rules.map((rule) => [rule.code, rule]));
  document.getElementById("version").textContent = `calidad ${answer.version}`;
}

function translateStatic() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-t]")) {
    node.textContent = t(node.dataset.t);
  }
}

function showError(message) {
  const box = document.getElementById("error");
  box.textContent = message;
  box.hidden = false;
}

async function validate(file) {
  const mine = ++generation;
  const engine = idleEngine();
  document.getElementById("error").hidden = true;
  document.getElementById("result").hidden = true;
  const progress = document.getElementById("progress");
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  progress.hidden = false;
  bar.value = 0;
  text.textContent = t("reading")(0, file.size, file.name);
  try {
    const answer = await engine.call({ file, options: { lang, reveal: true, asOf: today() } }, ({ read, total }) => {
      if (mine !== generation) return;
      bar.value = total > 0 ? read / total : 1;
      text.textContent = t("reading")(read, total, file.name);
    });
    if (mine !== generation) return;
    current = { file, page: answer.page, seconds: answer.seconds };
    document.getElementById("fixed").hidden = true;
    document.body.dataset.engineMemory = String(answer.memoryBytes ?? "");
    revealing = false;
    render();
  } catch (error) {
    // A failure can leave the engine unusable (a WebAssembly trap): start a fresh one.
    engine.restart();
    if (mine !== generation) return;
    showError(`${t("failed")} «${file.name}»: ${error.message}`);
  } finally {
    if (mine === generation) progress.hidden = true;
  }
}

function sheetOf(task) {
  if (!WORKBOOK.has(task.calidad?.format)) return null;
  const at = task.place.lastIndexOf("#");
  return at >= 0 ? task.place.slice(at + 1) : null;
}

function cellName(sheet, row, column) {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  const plain = /^[\p{L}\p{N}_]+$/u.test(sheet);
  return `${plain ? sheet : `'${sheet.replaceAll("'", "''")}'`}!${letters}${row}`;
}

function where(item, sheet) {
  if (sheet && item.rowNumber && item.fieldNumber) return `${t("cell")} ${cellName(sheet, item.rowNumber, item.fieldNumber)}`;
  const parts = [];
  if (item.rowNumber) parts.push(`${t("row")} ${item.rowNumber}`);
  if (item.fieldNumber) parts.push(`${t("column")} ${item.fieldNumber}${item.fieldName ? ` «${item.fieldName}»` : ""}`);
  return parts.join(", ");
}

function bandClass(band) {
  return `band band-${band}`;
}

function renderScore(score) {
  const box = el("div", { class: "score" });
  box.append(
    el("p", { class: "mark" }, `${t("mark")} `, el("strong", { text: decimal(score.overall) }), t("of10"), " · ", el("span", { class: bandClass(score.band), text: score.band })),
  );
  // Only the limit that sets the mark: the others change nothing.
  const caps = score.caps || [];
  const binding = caps.length ? Math.min(...caps.map((c) => c.limit)) : null;
  for (const cap of caps.filter((c) => c.limit === binding)) {
    box.append(el("p", { class: "cap", text: `${t("limited")} ${decimal(cap.limit)} — ${cap.reason}` }));
  }
  const bars = el("dl", { class: "dimensions" });
  for (const [name, dimension] of Object.entries(score.dimensions)) {
    if (dimension.score == null) continue;
    const value = dimension.score;
    bars.append(
      el("dt", { text: t("dimensions")[name] || name }),
      el("dd", {}, el("meter", { min: "0", max: "10", low: "6", high: "9", optimum: "10", value: String(value), "data-dimension": name }), ` ${decimal(value)}`),
    );
  }
  box.append(bars);
  box.append(el("h4", { text: t("recommendations") }));
  const list = el("ol", { class: "recommendations" });
  for (const rec of score.recommendations || []) list.append(el("li", { text: rec.message }));
  box.append(list.children.length ? list : el("p", { text: t("noRecommendations") }));
  return box;
}

function renderPrivacy(task, index) {
  const block = task.calidad.privacy;
  const box = el("section", { class: "privacy" }, el("h4", { text: t("privacy") }));
  const fields = block?.fields || [];
  if (!fields.length) {
    box.append(el("p", { text: t("noPrivacy") }));
    return box;
  }
  const revealed = current.page.revealed.filter((r) => r.task === index);
  const table = el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: t("columnHead") }), el("th", { text: t("contains") }), el("th", { text: t("examples") }))));
  const body = el("tbody");
  for (const field of fields) {
    const raw = revealed.find((r) => r.fieldNumber === field.fieldNumber);
    const shown = revealing && raw ? raw.values : field.examples || [];
    body.append(
      el("tr", { class: `severity-${field.severity}` },
        el("td", { text: `«${field.fieldName}» (${t("column")} ${field.fieldNumber})` }),
        el("td", { text: `${t("category")[field.category] || field.category} · ${t("severity")[field.severity] || field.severity}` }),
        el("td", { class: revealing && raw ? "revealed" : "masked", text: shown.join(" · ") })),
    );
  }
  table.append(body);
  box.append(table);
  if (revealed.length) {
    const toggle = el("button", { type: "button", class: "reveal", text: revealing ? t("hide") : t("show") });
    toggle.addEventListener("click", () => {
      revealing = !revealing;
      render();
    });
    box.append(toggle);
    if (revealing) box.append(el("p", { class: "note", text: t("shownNote") }));
  }
  return box;
}

function renderFindings(items, counts, sheet, heading) {
  const box = el("section", { class: "findings" }, el("h4", { text: heading }));
  const groups = new Map();
  for (const item of items) {
    if (!groups.has(item.type)) groups.set(item.type, []);
    groups.get(item.type).push(item);
  }
  for (const [code, group] of groups) {
    const total = counts?.[code] ?? group.length;
    const rule = rulesByCode.get(code);
    const details = el("details", { class: `finding severity-${group[0].severity || "error"}`, "data-code": code });
    details.append(el("summary", {}, `${group[0].title} · ${total.toLocaleString(lang === "es" ? "es-CL" : "en-US")} `, el("code", { class: "code", text: code })));
    const list = el("ul");
    for (const item of group.slice(0, SHOWN)) {
      const place = where(item, sheet);
      list.append(el("li", {}, place ? el("span", { class: "where", text: `${place}: ` }) : null, item.message));
    }
    if (total > SHOWN) list.append(el("li", { class: "more", text: t("more")(total - Math.min(SHOWN, group.length)) }));
    details.append(list);
    if (rule) {
      const explain = el("details", { class: "explain" }, el("summary", { text: t("explain") }), el("p", { text: rule.description }), el("pre", { text: rule.docs }));
      details.append(explain);
    }
    box.append(details);
  }
  return box;
}

function renderTask(task, index, many) {
  const section = el("article", { class: "table" });
  const sheet = sheetOf(task);
  if (many) section.append(el("h3", { text: sheet || task.name }));
  if (task.calidad.errorCounts?.["not-a-table"]) {
    section.append(el("p", { class: "note", text: t("notATable") }));
    return section;
  }
  section.append(el("p", { class: task.valid ? "valid" : "invalid", text: task.valid ? t("valid") : t("invalid")(task.stats.errors) }));
  const score = task.calidad.score;
  if (score) section.append(renderScore(score));
  section.append(renderPrivacy(task, index));
  const warnings = (task.calidad.findings || []).filter((f) => f.severity !== "error");
  if (task.errors.length) section.append(renderFindings(task.errors, task.calidad.errorCounts, sheet, t("errors")));
  if (warnings.length) section.append(renderFindings(warnings, null, sheet, t("warnings")));
  if (!task.errors.length && !warnings.length) section.append(el("p", { text: t("noFindings") }));
  return section;
}

function render() {
  if (!current) return;
  const { file, page, seconds } = current;
  document.getElementById("file-name").textContent = file.name;
  const verdict = document.getElementById("verdict");
  verdict.replaceChildren(el("p", { class: "timing", text: t("done")(seconds) }));
  const tasks = page.report.tasks;
  if (tasks.length > 1 && page.fileMark != null) {
    verdict.append(el("p", { class: `file-mark ${bandClass(page.band)}`, text: t("workbookMark")(decimal(page.fileMark), page.band) }));
  }
  const tables = document.getElementById("tables");
  tables.replaceChildren(el("h2", { class: "section", text: t("original") }), ...tasks.map((task, index) => renderTask(task, index, tasks.length > 1)));
  document.getElementById("result").hidden = false;
}

function kindOf(name) {
  if (name.endsWith(".schema.json")) return "schema";
  if (name.endsWith(".csv")) return "csv";
  return name.endsWith(".json") ? "logJson" : "log";
}

async function fixCopy() {
  if (!current) return;
  const mine = generation;
  const engine = idleEngine();
  const box = document.getElementById("fixed");
  for (const url of fixedUrls) URL.revokeObjectURL(url);
  fixedUrls = [];
  if (current.file.size > FIX_LIMIT_MB * 1024 * 1024) {
    box.hidden = false;
    box.replaceChildren(el("p", { class: "note", text: t("fixTooBig")(Math.round(current.file.size / (1024 * 1024))) }));
    return;
  }
  box.hidden = false;
  box.replaceChildren(el("p", { class: "note", text: t("fixing") }));
  try {
    const { fixed } = await engine.call({ kind: "fix", file: current.file, options: { lang, asOf: today() } });
    if (mine !== generation) return;
    const links = el("ul", { class: "fixed-files" });
    for (const file of fixed.files) {
      const type = file.name.endsWith(".json") ? "application/json" : file.name.endsWith(".csv") ? "text/csv" : "text/plain";
      // The same bytes as `calidad corregir` writes (UTF-8, no BOM: as the portal reads them).
      const href = URL.createObjectURL(new Blob([file.text], { type: `${type};charset=utf-8` }));
      fixedUrls.push(href);
      links.append(el("li", {}, el("a", { href, download: file.name, "data-kind": kindOf(file.name), text: file.name }), ` — ${t("fixedFiles")[kindOf(file.name)]}`));
    }
    const changes = el("ul");
    const left = el("ul");
    for (const table of fixed.report.tables) {
      const where = fixed.report.tables.length > 1 ? `${table.place.split("#").pop()}: ` : "";
      for (const change of table.changes) changes.append(el("li", { text: `${where}${change.message}` }));
      for (const note of table.notFixed) left.append(el("li", { text: `${where}${note}` }));
    }
    box.replaceChildren(el("h3", { text: t("fixed") }), links);
    if (changes.children.length) box.append(el("h4", { text: t("changes") }), changes);
    if (left.children.length) box.append(el("h4", { text: t("notFixed") }), left);
    box.append(el("p", { class: "note", text: t("recheckCopy") }));
  } catch (error) {
    engine.restart();
    if (mine !== generation) return;
    box.replaceChildren(el("p", { class: "error", text: `${t("failed")}: ${error.message}` }));
  }
}

function download() {
  if (!current) return;
  // The report only: the revealed values stay on this screen.
  const blob = new Blob([JSON.stringify(current.page.report, null, 2)], { type: "application/json" });
  const link = el("a", { href: URL.createObjectURL(blob), download: `${current.file.name}.calidad.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

async function main() {
  translateStatic();
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    showError(t("noWasm"));
    return;
  }
  engines.push(new Engine(), new Engine());
  const text = document.getElementById("progress-text");
  document.getElementById("progress").hidden = false;
  text.textContent = t("loading");
  try {
    await loadRules();
  } catch (error) {
    showError(`${t("failed")}: ${error.message}`);
    return;
  } finally {
    document.getElementById("progress").hidden = true;
  }
  const drop = document.getElementById("drop");
  const input = document.getElementById("file");
  input.addEventListener("change", () => {
    const file = input.files[0];
    // Cleared, so that choosing the same file again (after fixing it) checks it again.
    input.value = "";
    if (file) validate(file);
  });
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    const file = event.dataTransfer.files[0];
    if (file) validate(file);
  });
  document.getElementById("download").addEventListener("click", download);
  document.getElementById("fix").addEventListener("click", fixCopy);
  document.getElementById("lang").addEventListener("click", async () => {
    lang = lang === "es" ? "en" : "es";
    translateStatic();
    await loadRules();
    // Messages come from the engine in one language: check the file again in the other.
    if (current) await validate(current.file);
  });
  document.body.dataset.ready = "true";
}

main();
