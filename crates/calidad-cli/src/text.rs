//! The text printer: a short header per table, then findings grouped by code with exact counts
//! and the first examples, then warnings. Colours only when asked for.

use calidad::{Lang, Report, ReportError, ReportTask};
use std::collections::BTreeMap;
use std::io::{self, Write};

pub(crate) struct Options {
    pub(crate) lang: Lang,
    pub(crate) color: bool,
    pub(crate) examples: usize,
    /// One line per table and per workbook instead of the full report.
    pub(crate) quiet: bool,
}

/// The tables of one file: a workbook's sheets are tasks whose place is `FILE#SHEET`.
struct FileGroup<'a> {
    file: &'a str,
    tasks: Vec<&'a ReportTask>,
}

/// The report's tasks grouped by file, in order: consecutive sheets of the same workbook form
/// one group.
fn by_file(report: &Report) -> Vec<FileGroup<'_>> {
    let mut groups: Vec<FileGroup<'_>> = Vec::new();
    for task in &report.tasks {
        let file = match task.place.rsplit_once('#') {
            Some((file, _)) if is_workbook(&task.calidad.format) => file,
            _ => task.place.as_str(),
        };
        match groups.last_mut() {
            Some(group) if group.file == file => group.tasks.push(task),
            _ => groups.push(FileGroup {
                file,
                tasks: vec![task],
            }),
        }
    }
    groups
}

fn is_workbook(format: &str) -> bool {
    matches!(
        format.to_ascii_lowercase().as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "spreadsheetml"
    )
}

/// The band's name in `lang`.
fn band_name(band: &str, lang: Lang) -> String {
    match (band, lang) {
        (band, Lang::Es) => band.to_owned(),
        ("excelente", Lang::En) => "excellent".to_owned(),
        ("bueno", Lang::En) => "good".to_owned(),
        ("suficiente", Lang::En) => "sufficient".to_owned(),
        (_, Lang::En) => "poor".to_owned(),
    }
}

/// A mark with its band, painted: green for excelente only.
fn painted_mark(mark: f64, lang: Lang, style: &Style) -> String {
    let band = calidad::calidad_score::rubric::band(mark);
    let text = format!(
        "{} {mark:.1}/10 · {}",
        lang.pick("nota", "score"),
        band_name(band, lang)
    );
    match band {
        "excelente" => style.green(&text),
        "bueno" | "suficiente" => style.yellow(&text),
        _ => style.red(&text),
    }
}

/// One line for a workbook: its sheets, how many are not valid, the errors and the file's mark
/// (`calidad_score::file_mark`), with the limit that set it.
fn file_line(group: &FileGroup<'_>, lang: Lang, style: &Style) -> String {
    let documentation = group.tasks.iter().filter(|t| is_documentation(t)).count() as u64;
    let sheets = group.tasks.len() as u64 - documentation;
    let invalid = group.tasks.iter().filter(|t| !t.valid).count() as u64;
    let errors: u64 = group.tasks.iter().map(|t| t.stats.errors).sum();
    let scores: Vec<&calidad::calidad_score::Score> = group
        .tasks
        .iter()
        .filter_map(|t| t.calidad.added.score.as_ref().map(|s| &s.score))
        .collect();
    let verdict = if invalid == 0 {
        style.green(&format!("✓ {}", lang.pick("válido", "valid")))
    } else {
        style.red(&format!("✗ {}", lang.pick("no válido", "not valid")))
    };
    let mut parts = vec![match lang {
        Lang::Es => format!(
            "{verdict}: {}{}, {} no {}, {}",
            plural(sheets, "hoja revisada", "hojas revisadas", lang),
            if documentation > 0 {
                format!(" (y {} de documentación)", count(documentation, lang))
            } else {
                String::new()
            },
            count(invalid, lang),
            if invalid == 1 { "válida" } else { "válidas" },
            plural(errors, "error", "errores", lang)
        ),
        Lang::En => format!(
            "{verdict}: {}{}, {} not valid, {}",
            plural(sheets, "sheet checked", "sheets checked", lang),
            if documentation > 0 {
                format!(" (and {} of documentation)", count(documentation, lang))
            } else {
                String::new()
            },
            count(invalid, lang),
            plural(errors, "error", "errors", lang)
        ),
    }];
    if let Some(mark) = calidad::calidad_score::file_mark(&scores) {
        let mut said = format!(
            "{} {}",
            lang.pick("archivo:", "file:"),
            painted_mark(mark, lang, style)
        );
        // The limit that set the file's mark, in words.
        if let Some(cap) = scores
            .iter()
            .flat_map(|s| &s.caps)
            .filter(|c| c.limit <= mark)
            .min_by(|a, b| a.limit.total_cmp(&b.limit))
        {
            said.push_str(&format!(
                " ({} {}: {})",
                lang.pick("limitada a", "limited to"),
                decimal(cap.limit),
                cap.reason
            ));
        }
        parts.push(said);
    }
    parts.join(" · ")
}

/// A spreadsheet's name for a cell: the sheet (quoted when it has more than letters, digits and
/// `_`), `!`, the column letters and the row: `Hoja1!AB1047`, `'Cuadro 1'!C5`.
fn cell_reference(sheet: &str, row: u64, column: u64) -> String {
    let mut letters = Vec::new();
    let mut n = column;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    let column: String = letters.iter().rev().collect();
    let plain = sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        format!("{sheet}!{column}{row}")
    } else {
        format!("'{}'!{column}{row}", sheet.replace('\'', "''"))
    }
}

/// Whether the task is a documentation sheet, listed but not validated (`not-a-table`).
fn is_documentation(task: &ReportTask) -> bool {
    task.calidad
        .error_counts
        .contains_key(calidad::calidad_core::rules::not_a_table::NOT_A_TABLE.code)
}

/// `--quiet`: one line per table (verdict, mark, errors) and one per workbook.
pub(crate) fn write_quiet(
    out: &mut impl Write,
    report: &Report,
    options: &Options,
) -> io::Result<()> {
    let lang = options.lang;
    let style = Style { on: options.color };
    for group in by_file(report) {
        let workbook = group.tasks.len() > 1;
        for task in &group.tasks {
            let indent = if workbook { "  " } else { "" };
            if is_documentation(task) {
                writeln!(
                    out,
                    "{indent}{}",
                    style.dim(&format!(
                        "– {} · {}",
                        task.place,
                        lang.pick("documentación, no se revisó", "documentation, not checked")
                    ))
                )?;
                continue;
            }
            let verdict = if task.valid {
                style.green("✓")
            } else {
                style.red("✗")
            };
            let mut parts = vec![format!("{verdict} {}", task.place)];
            if let Some(score) = &task.calidad.added.score {
                parts.push(painted_mark(score.overall, lang, &style));
            }
            parts.push(plural(
                task.stats.errors,
                "error",
                lang.pick("errores", "errors"),
                lang,
            ));
            writeln!(
                out,
                "{}{}",
                if workbook { "  " } else { "" },
                parts.join(" · ")
            )?;
        }
        if workbook {
            writeln!(out, "{} {}", group.file, file_line(&group, lang, &style))?;
        }
    }
    Ok(())
}

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    fn red(&self, text: &str) -> String {
        self.paint("1;31", text)
    }
    fn green(&self, text: &str) -> String {
        self.paint("1;32", text)
    }
    fn yellow(&self, text: &str) -> String {
        self.paint("33", text)
    }
    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
}

fn count(n: u64, lang: Lang) -> String {
    lang.count(n)
}

fn plural(n: u64, one: &str, many: &str, lang: Lang) -> String {
    format!("{} {}", count(n, lang), if n == 1 { one } else { many })
}

pub(crate) fn write_report(
    out: &mut impl Write,
    report: &Report,
    options: &Options,
) -> io::Result<()> {
    if options.quiet {
        return write_quiet(out, report, options);
    }
    let style = Style { on: options.color };
    for (i, task) in report.tasks.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_task(out, task, options, &style)?;
    }
    // A workbook's verdict in one line, after its sheets.
    for group in by_file(report).iter().filter(|g| g.tasks.len() > 1) {
        writeln!(out)?;
        writeln!(
            out,
            "{} {}",
            style.bold(group.file),
            file_line(group, options.lang, &style)
        )?;
    }
    if report.tasks.len() > 1 {
        let lang = options.lang;
        let invalid = report.tasks.iter().filter(|t| !t.valid).count() as u64;
        // Documentation sheets are listed, not checked.
        let checked = report.tasks.iter().filter(|t| !is_documentation(t)).count() as u64;
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.bold(&match lang {
                Lang::Es => format!(
                    "{} {}: {} {}, {} en total",
                    plural(checked, "tabla", "tablas", lang),
                    if checked == 1 {
                        "revisada"
                    } else {
                        "revisadas"
                    },
                    count(invalid, lang),
                    if invalid == 1 {
                        "no válida"
                    } else {
                        "no válidas"
                    },
                    plural(report.stats.errors, "error", "errores", lang)
                ),
                Lang::En => format!(
                    "{} checked: {} invalid, {} in all",
                    plural(checked, "table", "tables", lang),
                    count(invalid, lang),
                    plural(report.stats.errors, "error", "errors", lang)
                ),
            })
        )?;
    }
    Ok(())
}

fn write_task(
    out: &mut impl Write,
    task: &ReportTask,
    options: &Options,
    style: &Style,
) -> io::Result<()> {
    let lang = options.lang;
    writeln!(out, "{}", style.bold(&task.place))?;
    let mut facts = Vec::new();
    if let Some(encoding) = &task.calidad.encoding {
        let bom = if task.calidad.bom { " + BOM" } else { "" };
        facts.push(format!(
            "{} {encoding}{bom}",
            lang.pick("codificación", "encoding")
        ));
    } else {
        facts.push(format!(
            "{} {}",
            lang.pick("formato", "format"),
            task.calidad.format
        ));
    }
    if let Some(dialect) = &task.calidad.dialect {
        let shown = if dialect.delimiter == "\t" {
            "tab".to_owned()
        } else {
            format!("\"{}\"", dialect.delimiter)
        };
        facts.push(format!("{} {shown}", lang.pick("delimitador", "delimiter")));
        if dialect.header_row > 1 {
            facts.push(format!(
                "{} {}",
                lang.pick("encabezado en la fila", "header on row"),
                dialect.header_row
            ));
        }
    }
    if let (Some(rows), Some(fields)) = (task.stats.rows, task.stats.fields) {
        facts.push(format!(
            "{} × {}",
            plural(
                rows,
                lang.pick("fila", "row"),
                lang.pick("filas", "rows"),
                lang
            ),
            plural(
                fields,
                lang.pick("columna", "field"),
                lang.pick("columnas", "fields"),
                lang
            )
        ));
    }
    match task.calidad.schema_source.as_deref() {
        Some("given") => facts.push(lang.pick("esquema dado", "schema given").to_owned()),
        Some("inferred") => facts.push(
            lang.pick(
                "esquema inferido (calidad describe)",
                "schema inferred (calidad describe)",
            )
            .to_owned(),
        ),
        _ => {}
    }
    writeln!(out, "  {}", style.dim(&facts.join(" · ")))?;
    if let Some(score) = &task.calidad.added.score {
        write_score(out, score, lang, style)?;
    }

    let errors = task.stats.errors;
    let notes = task
        .calidad
        .findings
        .iter()
        .filter(|f| f.severity == calidad::Severity::Info)
        .count() as u64;
    let warnings = task.calidad.findings.len() as u64 - notes;
    let verdict = if task.valid {
        style.green(&format!("✓ {}", lang.pick("válida", "valid")))
    } else {
        style.red(&format!("✗ {}", lang.pick("no válida", "not valid")))
    };
    let not_a_table = task
        .calidad
        .error_counts
        .contains_key(calidad::calidad_core::rules::not_a_table::NOT_A_TABLE.code);
    if not_a_table {
        writeln!(
            out,
            "  {}",
            style.dim(lang.pick(
                "– no se validó: la hoja es documentación, no una tabla de datos",
                "– not validated: the sheet is documentation, not a data table"
            ))
        )?;
    } else {
        let mut counts = vec![
            plural(errors, "error", lang.pick("errores", "errors"), lang),
            plural(
                warnings,
                lang.pick("advertencia", "warning"),
                lang.pick("advertencias", "warnings"),
                lang,
            ),
        ];
        if notes > 0 {
            counts.push(plural(
                notes,
                lang.pick("nota", "note"),
                lang.pick("notas", "notes"),
                lang,
            ));
        }
        writeln!(out, "  {verdict}: {}", counts.join(", "))?;
    }

    if let Some(privacy) = &task.calidad.added.privacy
        && !privacy.fields.is_empty()
        && let Some(subject) = &privacy.subject
    {
        writeln!(out, "  {}", style.dim(&subject_line(subject, lang)))?;
    }
    let revealed = &task.calidad.added.revealed;
    let sheet = is_workbook(&task.calidad.format)
        .then(|| task.place.rsplit_once('#').map(|(_, sheet)| sheet))
        .flatten();
    write_groups(
        out,
        &task.errors,
        &task.calidad.error_counts,
        options,
        style,
        false,
        revealed,
        sheet,
    )?;
    write_groups(
        out,
        &task.calidad.findings,
        &task.calidad.error_counts,
        options,
        style,
        true,
        revealed,
        sheet,
    )?;

    let mut codes: Vec<&str> = task.errors.iter().map(|e| e.code.as_str()).collect();
    codes.dedup();
    if let Some(code) = codes.first() {
        writeln!(
            out,
            "\n  {}",
            style.dim(&format!(
                "{} calidad explain {code}",
                lang.pick(
                    "Qué significa y cómo corregirlo:",
                    "What it means and how to fix it:"
                )
            ))
        )?;
    }
    Ok(())
}

/// A limit or mark: `3` for a whole number, `8.9` otherwise (the report's other marks use
/// the decimal point too).
fn decimal(mark: f64) -> String {
    if mark.fract() == 0.0 {
        format!("{mark:.0}")
    } else {
        format!("{mark:.1}")
    }
}

/// The score: the mark and band, one bar per dimension, the caps and the top recommendations.
fn write_score(
    out: &mut impl Write,
    score: &calidad::ScoreBlock,
    lang: Lang,
    style: &Style,
) -> io::Result<()> {
    let band = band_name(score.band.as_str(), lang);
    let mark = format!(
        "{} {:.1}/10 · {band}",
        lang.pick("Nota", "Score"),
        score.overall
    );
    // Green is for excelente only: a "bueno" file still has something to fix.
    let painted = match score.band.as_str() {
        "excelente" => style.green(&mark),
        "bueno" | "suficiente" => style.yellow(&mark),
        _ => style.red(&mark),
    };
    let mut extra = Vec::new();
    if score.provisional {
        extra.push(
            lang.pick("provisional: poca cobertura", "provisional: low coverage")
                .to_owned(),
        );
    }
    if score.overall < score.uncapped {
        extra.push(format!(
            "{} {}",
            lang.pick("sin los límites sería", "without the limits"),
            decimal(score.uncapped)
        ));
    }
    let extra = if extra.is_empty() {
        String::new()
    } else {
        style.dim(&format!(" ({})", extra.join("; ")))
    };
    writeln!(out, "  {}{extra}", style.bold(&painted))?;
    let d = &score.dimensions;
    for (es, en, dimension) in [
        ("estructura", "structure", &d.estructura),
        ("completitud", "completeness", &d.completitud),
        ("coherencia", "coherence", &d.coherencia),
        ("accesibilidad", "accessibility", &d.accesibilidad),
        ("consistencia", "consistency", &d.consistencia),
        ("privacidad", "privacy", &d.privacidad),
    ] {
        let name = lang.pick(es, en);
        match dimension.score {
            Some(mark) => {
                let filled = (mark.round() as usize).min(10);
                let bar = format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled));
                writeln!(out, "    {name:<14} {bar} {mark:>4.1}")?;
            }
            None => writeln!(out, "    {name:<14} {}", style.dim("—"))?,
        }
    }
    // Only the limits that lowered the mark (the JSON lists every one that applies).
    for cap in score.caps.iter().filter(|c| c.limit < score.uncapped) {
        writeln!(
            out,
            "    {}",
            style.yellow(&format!(
                "{} {}: {}",
                lang.pick("Nota limitada a", "Mark limited to"),
                decimal(cap.limit),
                cap.reason
            ))
        )?;
    }
    if let Some(ai) = &score.ai {
        let line = match (&ai.notice, ai.overall) {
            (Some(notice), _) => format!("IA ({}): {notice}", ai.model),
            (None, Some(mark)) => {
                let gap = if ai.discrepancy {
                    lang.pick(
                        " — difiere 3 puntos o más de la nota determinista",
                        " — 3 points or more from the deterministic score",
                    )
                } else {
                    ""
                };
                format!("IA ({}): {mark:.0}/10{gap}. {}", ai.model, ai.summary)
            }
            (None, None) => format!("IA ({})", ai.model),
        };
        writeln!(out, "  {}", style.dim(&line))?;
    }
    if !score.recommendations.is_empty() {
        writeln!(out, "  {}", lang.pick("Para mejorar:", "To improve:"))?;
        for recommendation in score.recommendations.iter().take(3) {
            writeln!(
                out,
                "    {} {}",
                style.bold(&format!("+{:.1}", recommendation.gain)),
                recommendation.message
            )?;
        }
    }
    Ok(())
}

/// What the privacy check decided a row is about, and from which columns.
fn subject_line(subject: &calidad::calidad_privacy::block::SubjectBlock, lang: Lang) -> String {
    let what = match (subject.kind.as_str(), lang) {
        ("person", Lang::Es) => "personas",
        ("person", Lang::En) => "people",
        ("place", Lang::Es) => "lugares o establecimientos",
        ("place", Lang::En) => "places or establishments",
        ("organisation", Lang::Es) => "organizaciones",
        ("organisation", Lang::En) => "organisations",
        ("transaction", Lang::Es) => "actos, trámites o transacciones",
        ("transaction", Lang::En) => "acts, procedures or transactions",
        ("aggregate", Lang::Es) => "cifras agregadas",
        ("aggregate", Lang::En) => "aggregate figures",
        (_, Lang::Es) => "algo que la tabla no dice",
        (_, Lang::En) => "something the table does not say",
    };
    let columns: Vec<String> = subject
        .evidence
        .iter()
        .map(|e| format!("«{}»", e.field_name))
        .collect();
    match (columns.is_empty(), lang) {
        (true, Lang::Es) => format!("Las filas son de {what}"),
        (true, Lang::En) => format!("The rows are about {what}"),
        (false, Lang::Es) => format!("Las filas son de {what} (por {})", columns.join(", ")),
        (false, Lang::En) => format!("The rows are about {what} (from {})", columns.join(", ")),
    }
}

/// Privacy codes whose findings name a column `--reveal` can show values of.
const REVEALABLE: &[&str] = &[
    "personal-data",
    "possible-personal-data",
    "personal-data-allowed",
    "sensitive-data",
];

#[allow(clippy::too_many_arguments)]
fn write_groups(
    out: &mut impl Write,
    findings: &[ReportError],
    counts: &BTreeMap<String, u64>,
    options: &Options,
    style: &Style,
    warnings: bool,
    revealed: &calidad::Revealed,
    sheet: Option<&str>,
) -> io::Result<()> {
    let lang = options.lang;
    let mut order: Vec<&str> = Vec::new();
    let mut groups: BTreeMap<&str, Vec<&ReportError>> = BTreeMap::new();
    for finding in findings {
        let code = finding.code.as_str();
        if !groups.contains_key(code) {
            order.push(code);
        }
        groups.entry(code).or_default().push(finding);
    }
    for code in order {
        let items = &groups[code];
        let total = counts.get(code).copied().unwrap_or(items.len() as u64);
        let title = &items[0].title;
        let head = format!("{code} · {title} · {}", count(total, lang));
        let head = if warnings {
            style.yellow(&head)
        } else {
            style.red(&head)
        };
        writeln!(out, "\n  {head}")?;
        for item in items.iter().take(options.examples.max(1)) {
            // In a workbook, the cell as the spreadsheet names it: `'Hoja 1'!AB1047`.
            let cell = match (sheet, item.row_number, item.field_number) {
                (Some(sheet), Some(row), Some(field)) => style.dim(&format!(
                    " ({} {})",
                    lang.pick("celda", "cell"),
                    cell_reference(sheet, row, field)
                )),
                _ => String::new(),
            };
            writeln!(out, "    {}{cell}", item.message)?;
            if !REVEALABLE.contains(&code) {
                continue;
            }
            for (_, _, values) in revealed.0.iter().filter(|(field, _, values)| {
                Some(*field) == item.field_number && !values.is_empty()
            }) {
                let values: Vec<String> = values.iter().map(|v| format!("«{v}»")).collect();
                writeln!(
                    out,
                    "      {}",
                    style.dim(&format!(
                        "{} {}",
                        lang.pick(
                            "valores reales (solo en su pantalla):",
                            "real values (on your screen only):"
                        ),
                        values.join(", ")
                    ))
                )?;
            }
        }
        let shown = items.len().min(options.examples.max(1)) as u64;
        if total > shown {
            let more = total - shown;
            writeln!(
                out,
                "    {}",
                style.dim(&match lang {
                    Lang::Es => format!("… y {} más", count(more, lang)),
                    Lang::En => format!("… and {} more", count(more, lang)),
                })
            )?;
        }
    }
    Ok(())
}

/// Writes a schema as a markdown data dictionary: one row per field.
pub(crate) fn write_dictionary(
    out: &mut impl Write,
    schema: &calidad::Schema,
    lang: Lang,
) -> io::Result<()> {
    let cell = |text: &str| text.replace('|', "\\|");
    writeln!(
        out,
        "{}",
        lang.pick(
            "| # | Campo | Tipo | Formato | Valores faltantes | Restricciones |",
            "| # | Field | Type | Format | Missing values | Constraints |"
        )
    )?;
    writeln!(out, "| ---: | --- | --- | --- | --- | --- |")?;
    for (index, field) in schema.fields.iter().enumerate() {
        let mut format = field.format.clone().unwrap_or_default();
        if let Some(decimal) = &field.decimal_char {
            format = format!("{format} decimalChar={decimal}");
        }
        if let Some(group) = &field.group_char {
            format = format!("{format} groupChar={group}");
        }
        if let (Some(yes), Some(no)) = (&field.true_values, &field.false_values) {
            format = format!("{format} {}/{}", yes.join(","), no.join(","));
        }
        let missing = field
            .missing_values
            .as_ref()
            .unwrap_or(&schema.missing_values)
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(" ");
        let constraints = serde_json::to_string(&field.constraints).unwrap_or_default();
        let constraints = if constraints == "{}" {
            String::new()
        } else {
            constraints
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            index + 1,
            cell(&field.name),
            field.kind.as_str(),
            cell(format.trim()),
            cell(&missing),
            cell(&constraints)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::cell_reference;

    #[test]
    fn cells_as_a_spreadsheet_names_them() {
        assert_eq!(cell_reference("Hoja1", 1047, 28), "Hoja1!AB1047");
        assert_eq!(cell_reference("Cuadro 1", 5, 3), "'Cuadro 1'!C5");
        assert_eq!(cell_reference("x", 1, 26), "x!Z1");
        assert_eq!(cell_reference("x", 1, 27), "x!AA1");
        assert_eq!(cell_reference("x", 1, 703), "x!AAA1");
    }
}
