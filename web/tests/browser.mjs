// The page in a real browser: Debian's headless Chromium, driven by playwright-core, against
// `calidad serve`. Three files are dropped — the bundled example, a workbook, the synthetic
// people file — and the page must show what the CLI reports (mark, codes, privacy), keep raw
// values off the page and out of the download until asked, and make no network request after
// it has loaded. Screenshots go to target/web-test/.
//
// Usage: node browser.mjs   (CALIDAD_BIN to pick the binary; CHROMIUM for the browser)

import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const shots = join(root, "target/web-test");
mkdirSync(shots, { recursive: true });
const binary = process.env.CALIDAD_BIN || join(root, "target/release/calidad");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
assert.ok(existsSync(binary), `no calidad binary at ${binary} (cargo build --release -p calidad-cli)`);
assert.ok(existsSync(join(root, "web/pkg/calidad_wasm_bg.wasm")), "web/pkg is missing: run scripts/wasm-build.sh");

const files = {
  example: join(root, "testdata/transferencias_municipales.csv"),
  workbook: join(root, "testdata/presupuesto_comunal.xlsx"),
  people: join(root, "testdata/atenciones_sinteticas.csv"),
};

function cli(file) {
  let out;
  try {
    out = execFileSync(binary, ["validate", "--format", "json", "--lang", "es", file], { maxBuffer: 1 << 28 });
  } catch (error) {
    out = error.stdout; // exit 1: the file is invalid, the report is still there
  }
  return JSON.parse(out.toString());
}

async function startServer() {
  const server = spawn(binary, ["serve", "--port", "0", "--web", join(root, "web"), "--lang", "es"], { stdio: ["ignore", "ignore", "pipe"] });
  const url = await new Promise((resolveUrl, reject) => {
    let said = "";
    const timer = setTimeout(() => reject(new Error(`calidad serve did not start: ${said}`)), 15000);
    server.stderr.on("data", (chunk) => {
      said += chunk;
      const found = said.match(/http:\/\/[0-9.:]+\//);
      if (found) {
        clearTimeout(timer);
        resolveUrl(found[0]);
      }
    });
    server.on("exit", (code) => reject(new Error(`calidad serve exited with ${code}: ${said}`)));
  });
  return { server, url };
}

const { server, url } = await startServer();
const browser = await chromium.launch({
  executablePath: browserPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const context = await browser.newContext({ acceptDownloads: true, locale: "es-CL", viewport: { width: 1100, height: 900 } });
  const requests = [];
  let loaded = false;
  context.on("request", (request) => requests.push({ url: request.url(), afterLoad: loaded }));
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30000 });
  // Everything the page needs is here now: from this moment, no request at all.
  loaded = true;
  const beforeLoad = requests.map((r) => r.url);
  assert.ok(beforeLoad.some((u) => u.endsWith("/pkg/calidad_wasm_bg.wasm")), `the worker's requests are not recorded: ${beforeLoad}`);
  for (const u of beforeLoad) assert.ok(u.startsWith(url), `a request left the host while loading: ${u}`);
  assert.match(await page.textContent(".private"), /no sale de este computador/);

  async function drop(file) {
    const name = file.split("/").pop();
    await page.setInputFiles("#file", file);
    await page.waitForFunction((n) => {
      const result = document.getElementById("result");
      return !result.hidden && document.getElementById("file-name").textContent === n && document.getElementById("progress").hidden;
    }, name, { timeout: 60000 });
    return name;
  }

  // 1. The bundled example: the same mark and the same codes as the CLI.
  {
    const expected = cli(files.example).tasks[0];
    await drop(files.example);
    const mark = await page.textContent(".mark");
    const shown = expected.calidad.score.overall.toFixed(1).replace(".", ",");
    assert.ok(mark.includes(`${shown}/10`) && mark.includes(expected.calidad.score.band), `mark ${mark} vs CLI ${shown} ${expected.calidad.score.band}`);
    assert.match(await page.textContent(".invalid"), new RegExp(`Todavía no se puede publicar: ${expected.stats.errors} errores que corregir`));
    const codes = await page.$$eval("details.finding", (nodes) => nodes.map((n) => n.dataset.code));
    const cliCodes = new Set([...expected.errors.map((e) => e.type), ...expected.calidad.findings.filter((f) => f.severity !== "error").map((f) => f.type)]);
    assert.deepEqual(new Set(codes), cliCodes);
    // Only the limit that sets the mark is shown.
    assert.equal(await page.$$eval(".cap", (c) => c.length), expected.calidad.score.caps.length ? 1 : 0);
    assert.equal(await page.$$eval(".dimensions meter", (m) => m.length), 6);
    assert.ok((await page.$$eval(".recommendations li", (l) => l.length)) > 0, "no recommendation shown");
    // The band is green only when excelente.
    assert.notEqual(await page.$eval(".mark .band", (b) => b.className), "band band-excelente");
    await page.locator("details.finding").first().click();
    await page.screenshot({ path: join(shots, "1-ejemplo.png"), fullPage: true });
    // The corrected copy, made in the page: the same bytes as `calidad corregir`.
    await page.click("#fix");
    await page.waitForSelector("#fixed a[data-kind=csv]", { timeout: 60000 });
    const names = await page.$$eval("#fixed a", (links) => links.map((a) => a.getAttribute("download")));
    assert.deepEqual(names, ["transferencias_municipales.csv", "transferencias_municipales.schema.json", "transferencias_municipales.cambios.txt", "transferencias_municipales.cambios.json"]);
    const [copy] = await Promise.all([page.waitForEvent("download"), page.click("#fixed a[data-kind=csv]")]);
    const pageCsv = readFileSync(await copy.path());
    const out = mkdtempSync(join(tmpdir(), "calidad-fix-"));
    try {
      try {
        execFileSync(binary, ["corregir", "--lang", "es", files.example, "-o", out], { stdio: "ignore" });
      } catch {
        // exit 1: the copy still has something to fix by hand; the files are written
      }
      const cliCsv = readFileSync(join(out, "transferencias_municipales.csv"));
      assert.ok(pageCsv.equals(cliCsv), `the page's corrected CSV differs from calidad corregir's:\n${pageCsv}\n---\n${cliCsv}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    assert.match(await page.textContent("#fixed"), /Qué se cambió/);
    await page.screenshot({ path: join(shots, "1b-ejemplo-corregido.png"), fullPage: true });
  }

  // 2. A workbook: one section per sheet, the documentation sheet said so, cell references.
  {
    const expected = cli(files.workbook);
    await drop(files.workbook);
    const sheets = await page.$$eval("article.table h3", (h) => h.map((x) => x.textContent));
    assert.deepEqual(sheets, ["Presupuesto", "Notas"]);
    assert.match(await page.textContent("#verdict"), /Nota del libro: \d,\d\/10/);
    assert.match(await page.textContent("#tables"), /Hoja de documentación/);
    const text = await page.textContent("#tables");
    assert.ok(text.includes("celda Presupuesto!E6"), "no cell reference for the placeholder in E6");
    const first = expected.tasks[0].calidad.score.overall.toFixed(1).replace(".", ",");
    assert.ok((await page.textContent("article.table .mark")).includes(`${first}/10`));
    await page.screenshot({ path: join(shots, "2-libro.png"), fullPage: true });
  }

  // 3. People: masked on screen and in the download; shown only when asked, on screen only.
  {
    await drop(files.people);
    const privacy = await page.textContent(".privacy");
    for (const column of ["rut", "nombre_completo", "correo"]) assert.ok(privacy.includes(`«${column}»`), `${column} missing from ${privacy}`);
    assert.ok(privacy.includes("45.***.***-0"), "masked RUT examples are missing");
    const raw = ["45.000.000-0", "Carlos Rojas Morales", "c0.ficticio@gmail.com"];
    for (const value of raw) assert.ok(!(await page.content()).includes(value), `raw ${value} on the page before asking`);
    assert.match(await page.textContent(".mark"), /3,0\/10/);
    await page.screenshot({ path: join(shots, "3-personas-enmascarado.png"), fullPage: true });
    await page.click("button.reveal");
    const shown = await page.textContent(".privacy");
    assert.ok(shown.includes("45.000.000-0"), "the values are not shown when asked");
    await page.screenshot({ path: join(shots, "4-personas-valores.png"), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const saved = readFileSync(await download.path(), "utf8");
    const report = JSON.parse(saved);
    assert.equal(report.tasks[0].name, "atenciones_sinteticas.csv");
    for (const value of raw) assert.ok(!saved.includes(value), `raw ${value} in the downloaded report`);
    await page.click("button.reveal");
    assert.ok(!(await page.textContent(".privacy")).includes("45.000.000-0"), "the values stay after hiding them");
  }

  // A file dropped while another is being checked replaces it: the older answer never shows.
  {
    const rows = ["id;rut;monto"];
    for (let i = 0; i < 600000; i++) rows.push(`${i};${10000000 + i};${i % 977},5`);
    const big = Buffer.from(rows.join("\n") + "\n");
    await page.setInputFiles("#file", { name: "grande.csv", mimeType: "text/csv", buffer: big });
    await page.waitForFunction(() => !document.getElementById("progress").hidden);
    const name = await drop(files.people);
    await page.waitForTimeout(1500);
    assert.equal(await page.textContent("#file-name"), name, "an older file's report replaced the newer one");
    assert.ok(await page.$eval("#progress", (p) => p.hidden), "the progress bar stayed after the newer file was checked");
  }

  // 4. English on request: the page and the engine's messages.
  {
    await page.click("#lang");
    await page.waitForFunction(() => document.querySelector(".privacy h4")?.textContent === "Personal data", null, { timeout: 60000 });
    assert.match(await page.textContent(".invalid"), /Not ready to publish/);
    await page.screenshot({ path: join(shots, "5-english.png"), fullPage: true });
  }

  const afterLoad = requests.filter((r) => r.afterLoad && !r.url.startsWith("blob:"));
  assert.deepEqual(afterLoad, [], "the page made network requests while validating");
  assert.deepEqual(problems, []);
  console.log(`browser test passed: 3 files, ${beforeLoad.length} requests while loading (all to ${url}), none after; screenshots in ${shots}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
  server.kill();
}
process.exit(failed ? 1 : 0);
