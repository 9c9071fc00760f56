//! The rubric: indicators in 0..1 (or not applicable), weighted into six dimensions and an
//! overall 1–10 mark (`1 + 9·R`), caps that override the average, and recommendations ranked by
//! the points each fix would gain. Weights and thresholds follow `../shared/research/scoring.md`
//! (rubric 0.1.0) and are recorded in every score as `rubricVersion`.

use crate::metadata::{self, Metadata, ResourceMetadata as Resource};
use crate::model::{Cap, Dimension, Dimensions, Indicator, Recommendation, Score};
use crate::profile::{FieldProfile, TableProfile};
use calidad_core::lang::{Lang, Text};
use calidad_core::report::{ReportError, ReportTask};
use calidad_core::rule::{Rule, Severity};
use calidad_core::rules::{
    blank_label::BLANK_LABEL, blank_row::BLANK_ROW, description_row::DESCRIPTION_ROW,
    duplicate_label::DUPLICATE_LABEL, duplicate_row::DUPLICATE_ROW, encoding_error::ENCODING_ERROR,
    extra_cell::EXTRA_CELL, footer_rows::FOOTER_ROWS, format_error::FORMAT_ERROR,
    merged_cells::MERGED_CELLS, missing_cell::MISSING_CELL, mixed_types::MIXED_TYPES,
    mojibake::MOJIBAKE, multi_row_header::MULTI_ROW_HEADER, multiple_tables::MULTIPLE_TABLES,
    padding_rows::PADDING_ROWS, placeholder_values::PLACEHOLDER_VALUES, primary_key::PRIMARY_KEY,
    serial_dates::SERIAL_DATES, source_error::SOURCE_ERROR, title_rows::TITLE_ROWS,
    total_row::TOTAL_ROW, trailing_delimiter::TRAILING_DELIMITER, type_error::TYPE_ERROR,
    unclosed_quote::UNCLOSED_QUOTE, unique_error::UNIQUE_ERROR,
};
use calidad_core::schema::{Field, FieldType, Schema};
use calidad_privacy::PrivacyBlock;
use calidad_privacy::rules::SENSITIVE_DATA_EXPOSED;
use std::collections::{BTreeMap, HashMap};

/// The version of the weights and thresholds below.
pub const RUBRIC_VERSION: &str = "0.2.0";

/// `quality-score`: the code of the score (it raises no finding; skipping it skips the score).
pub static QUALITY_SCORE: Rule = Rule {
    code: "quality-score",
    severity: Severity::Info,
    tags: &["#table", "#score"],
    title: Text {
        es: "Puntaje de calidad",
        en: "Quality Score",
    },
    description: Text {
        es: "Nota de 1 a 10 en seis dimensiones (estructura, completitud, coherencia, accesibilidad, consistencia, privacidad), con recomendaciones.",
        en: "A 1–10 mark over six dimensions (structure, completeness, coherence, accessibility, consistency, privacy), with recommendations.",
    },
    docs: Text {
        es: "## Qué significa\nCada indicador vale entre 0 y 1 (o no aplica y su peso se reparte entre los demás). Las dimensiones pesan estructura 20, completitud 20, coherencia 15, accesibilidad 15, consistencia 15 y privacidad 15; la nota es 1 + 9 × el promedio ponderado. Cada dimensión tiene además un indicador de validez: los errores de sus códigos le restan en proporción a las filas que tocan, y al menos un 40 % de ese indicador, para que un solo error se vea. En estructura, cada alejamiento de una tabla ordenada (filas de título, encabezado en dos filas, filas de descripción, totales, notas al pie, relleno al final, delimitador al final de cada línea, celdas combinadas, varias tablas, años como columnas) resta un tercio de su indicador. Una columna que mezcla números y textos (`mixed-types`) o que escribe la falta de dato como `NULL` o `s/i` (`placeholder-values`) baja su propio indicador (coherencia y consistencia) al menos un 40 %. Los límites mandan sobre el promedio, y en un libro con varias hojas valen para todo el archivo: una tabla que no se puede leer vale 1; datos personales con error dejan la nota en 3 como máximo y la privacidad en 2; sin licencia abierta (con `--metadata`) la nota no pasa de 6; y un archivo con errores no pasa de 8,9, es decir, nunca es excelente. Bandas: 9,0–10 excelente, 6,0–8,9 bueno, 4,0–5,9 suficiente, 1,0–3,9 deficiente. Sin metadatos la cobertura baja; bajo 0,6 la nota es provisional.\n\n## Por qué importa\nLa nota es determinista y se explica punto por punto: el mismo archivo da siempre la misma nota, y cada recomendación dice cuántos puntos ganaría.\n\n## Cómo mejorarla\nSiga las recomendaciones en orden: la primera es la que más puntos suma. `--no-score` omite el puntaje.",
        en: "## What it means\nEach indicator is worth 0 to 1 (or does not apply and its weight goes to the others). Dimensions weigh structure 20, completeness 20, coherence 15, accessibility 15, consistency 15 and privacy 15; the mark is 1 + 9 × the weighted mean. Each dimension also has a validity indicator: errors of its codes cost in proportion to the rows they touch, and at least 40 % of that indicator, so that a single error shows. In structure, each departure from one tidy table (title rows, a two-row header, description rows, totals, footnotes, padding at the end, a delimiter at the end of every line, merged cells, several tables, years as columns) costs a third of its indicator. A column mixing numbers and words (`mixed-types`) or writing missing data as `NULL` or `s/i` (`placeholder-values`) lowers its own indicator (coherence and consistency) by at least 40 %. Limits override the average, and in a workbook with several sheets they hold for the whole file: an unreadable table scores 1; personal data errors cap the mark at 3 and privacy at 2; without an open licence (with `--metadata`) the mark cannot pass 6; and a file with errors cannot pass 8.9, so it is never excellent. Bands: 9.0–10 excellent, 6.0–8.9 good, 4.0–5.9 sufficient, 1.0–3.9 poor. Without metadata coverage drops; below 0.6 the mark is provisional.\n\n## Why it matters\nThe mark is deterministic and explained point by point: the same file always gets the same mark, and each recommendation says how many points it would gain.\n\n## How to improve it\nFollow the recommendations in order: the first gains the most. `--no-score` skips the score.",
    },
    message: |_, _| String::new(),
    note: calidad_core::rule::no_note,
};

/// What the score is computed from, besides the task.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The resource's CKAN metadata, if given.
    pub metadata: Option<&'a Metadata>,
    /// Today, for freshness (`None`: freshness is not judged).
    pub as_of: Option<calidad_core::calendar::Day>,
    /// Whether the privacy checks ran.
    pub privacy_checked: bool,
    /// The language of recommendations and cap reasons.
    pub lang: Lang,
}

struct Ind {
    id: &'static str,
    value: Option<f64>,
    weight: f64,
    evidence: String,
    /// (es, en) recommendation, shown when the value is below 0.9.
    advice: (String, String),
}

fn ind(id: &'static str, weight: f64, value: Option<f64>, evidence: String) -> Ind {
    Ind {
        id,
        value: value.map(|v| v.clamp(0.0, 1.0)),
        weight,
        evidence,
        advice: (String::new(), String::new()),
    }
}

impl Ind {
    fn advise(mut self, es: impl Into<String>, en: impl Into<String>) -> Ind {
        self.advice = (es.into(), en.into());
        self
    }
}

fn ratio(n: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| n as f64 / of as f64)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// `one` alone for one thing (`la celda vacía`), else the count with the thousands separator
/// and the article (`las 5.093 celdas vacías`, `the 5,093 empty cells`).
fn counted(n: u64, lang: Lang, one: &str, many: &str) -> String {
    if n == 1 {
        return one.to_owned();
    }
    let article = match lang {
        Lang::Es if many.starts_with("fila") || many.starts_with("celda") => "las",
        Lang::Es => "los",
        Lang::En => "the",
    };
    format!("{article} {} {many}", lang.count(n))
}

/// What to do about repeated rows and repeated identifiers, naming only what there is (a
/// table with repeated identifiers and no repeated row is not told to remove "0 rows").
fn repeats_advice(duplicates: u64, key_repeats: u64, lang: Lang) -> String {
    let (row, rows, key, keys) = match lang {
        Lang::Es => (
            "la fila duplicada",
            "filas duplicadas",
            "el identificador repetido",
            "identificadores repetidos",
        ),
        Lang::En => (
            "the duplicated row",
            "duplicated rows",
            "the repeated identifier",
            "repeated identifiers",
        ),
    };
    let rows = counted(duplicates, lang, row, rows);
    let keys = counted(key_repeats, lang, key, keys);
    match (lang, duplicates > 0, key_repeats > 0) {
        (Lang::Es, true, true) => format!("Elimine {rows} y corrija {keys}"),
        (Lang::Es, true, false) => format!("Elimine {rows}"),
        (Lang::Es, false, _) => format!("Corrija {keys}: cada fila debe tener el suyo"),
        (Lang::En, true, true) => format!("Remove {rows} and fix {keys}"),
        (Lang::En, true, false) => format!("Remove {rows}"),
        (Lang::En, false, _) => format!("Fix {keys}: each row needs its own"),
    }
}

/// Names, quoted and joined, at most three (`fecha`, `monto` y 2 más).
fn some_names(names: &[String], lang: Lang) -> String {
    let shown: Vec<String> = names.iter().take(3).map(|n| format!("«{n}»")).collect();
    let mut text = shown.join(", ");
    if names.len() > 3 {
        let more = names.len() - 3;
        text.push_str(&match lang {
            Lang::Es => format!(" y {more} más"),
            Lang::En => format!(" and {more} more"),
        });
    }
    text
}

/// Everything the indicators read, gathered once from the task and the context.
struct Facts<'a> {
    counts: &'a BTreeMap<String, u64>,
    /// The task's findings (warnings included), for the columns a code names.
    findings: &'a [ReportError],
    rows: u64,
    labels: &'a [String],
    columns: u64,
    profile: Option<&'a TableProfile>,
    /// Cells profiled (values and missing).
    cells: u64,
    schema: Option<&'a Schema>,
    given_schema: bool,
    /// The real format, lowercase.
    format: String,
    encoding: &'a str,
    bytes: u64,
    privacy: Option<&'a PrivacyBlock>,
    meta: Option<&'a Metadata>,
    resource: Option<&'a Resource>,
    context: &'a Context<'a>,
}

impl Facts<'_> {
    /// Findings of `rule` (exact, kept or not).
    fn count(&self, rule: &Rule) -> u64 {
        self.counts.get(rule.code).copied().unwrap_or(0)
    }

    /// The profiled columns (none without a profile).
    fn fields(&self) -> &[FieldProfile] {
        self.profile.map_or(&[], |p| p.fields.as_slice())
    }

    /// Names of the profiled columns that `keep` accepts.
    fn field_names(&self, keep: impl Fn(&FieldProfile) -> bool) -> Vec<String> {
        self.fields()
            .iter()
            .filter(|f| keep(f))
            .map(|f| f.name.clone())
            .collect()
    }

    /// Privacy columns of `severity`.
    fn privacy_fields(&self, severity: Severity) -> Vec<String> {
        self.privacy.map_or_else(Vec::new, |p| {
            p.fields
                .iter()
                .filter(|f| f.severity == severity)
                .map(|f| f.field_name.clone())
                .collect()
        })
    }

    /// Privacy errors: columns in error, and sensitive data exposed.
    fn privacy_errors(&self) -> u64 {
        self.privacy_fields(Severity::Error).len() as u64 + self.count(&SENSITIVE_DATA_EXPOSED)
    }

    /// Error-severity findings, of every code.
    fn errors(&self) -> u64 {
        self.counts
            .iter()
            .filter(|(code, _)| rule_of(code).is_some_and(|r| r.severity == Severity::Error))
            .map(|(_, n)| *n)
            .sum()
    }

    /// Error-severity codes that belong to `dimension`, with their counts.
    fn errors_in(&self, dimension: &str) -> Vec<(&'static str, u64)> {
        self.counts
            .iter()
            .filter_map(|(code, n)| {
                let rule = rule_of(code)?;
                (rule.severity == Severity::Error && *n > 0 && dimension_of(rule) == dimension)
                    .then_some((rule.code, *n))
            })
            .collect()
    }

    /// The columns findings of `rule` name, each once, in the order found.
    fn columns_with(&self, rule: &Rule) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for finding in self.findings.iter().filter(|f| f.code == rule.code) {
            if let Some(name) = finding.field_name.as_ref()
                && !names.contains(name)
            {
                names.push(name.clone());
            }
        }
        names
    }

    /// Typed (not string) fields of the schema.
    fn typed(&self) -> Vec<&Field> {
        self.schema
            .map(|s| {
                s.fields
                    .iter()
                    .filter(|f| !matches!(f.kind, FieldType::String | FieldType::Any))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The rule of a code: core's and privacy's (the score's own code raises no finding).
fn rule_of(code: &str) -> Option<&'static Rule> {
    calidad_core::registry::find(code).or_else(|| {
        calidad_privacy::RULES
            .iter()
            .copied()
            .find(|rule| rule.code == code)
    })
}

/// The dimension an error code counts against: privacy's codes against privacidad;
/// duplicates, keys and garbled text against consistencia; encodings against accesibilidad;
/// other cell-level codes (types, constraints) against coherencia; the rest (labels, ragged
/// rows, quoting, tables, files) against estructura.
fn dimension_of(rule: &Rule) -> &'static str {
    let is = |other: &Rule| std::ptr::eq(rule, other) || rule.code == other.code;
    if calidad_privacy::RULES.iter().any(|r| is(r)) {
        "privacidad"
    } else if [&DUPLICATE_ROW, &PRIMARY_KEY, &UNIQUE_ERROR, &MOJIBAKE]
        .iter()
        .any(|r| is(r))
    {
        "consistencia"
    } else if is(&ENCODING_ERROR) {
        "accesibilidad"
    } else if [&MISSING_CELL, &EXTRA_CELL, &UNCLOSED_QUOTE]
        .iter()
        .any(|r| is(r))
    {
        // Ragged rows and broken quoting are the table's shape, not its values.
        "estructura"
    } else if rule.tags.contains(&"#cell") {
        "coherencia"
    } else {
        "estructura"
    }
}

/// "Fix the errors", with every error code outside privacy (its own advice names columns)
/// and its count, most first.
fn fix_the_errors(facts: &Facts<'_>, lang: Lang) -> String {
    let mut errors: Vec<(&str, u64)> =
        ["estructura", "coherencia", "accesibilidad", "consistencia"]
            .iter()
            .flat_map(|d| facts.errors_in(d))
            .collect();
    errors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total: u64 = errors.iter().map(|(_, n)| n).sum();
    let listed = errors
        .iter()
        .map(|(code, n)| format!("{} {code}", lang.count(*n)))
        .collect::<Vec<_>>()
        .join(", ");
    let n = lang.count(total);
    match (lang, total) {
        (Lang::Es, 1) => format!(
            "Corrija el error que hace inválido el archivo ({listed}); `calidad explain {}` dice cómo",
            errors.first().map_or("CÓDIGO", |e| e.0)
        ),
        (Lang::Es, _) => format!(
            "Corrija los {n} errores que hacen inválido el archivo ({listed}); `calidad explain CÓDIGO` dice cómo corregir cada uno"
        ),
        (Lang::En, 1) => format!(
            "Fix the error that makes the file invalid ({listed}); `calidad explain {}` says how",
            errors.first().map_or("CODE", |e| e.0)
        ),
        (Lang::En, _) => format!(
            "Fix the {n} errors that make the file invalid ({listed}); `calidad explain CODE` says how to fix each"
        ),
    }
}

/// The validity indicators' ids, one per dimension that has codes of its own.
const VALIDITY_IDS: [&str; 4] = ["E1", "H5", "A6", "S1"];

/// Share of a validity indicator an error costs at the least, however few rows it touches.
const VALIDITY_MINIMUM_COST: f64 = 0.4;

/// A dimension's validity: 1 without errors of its codes; otherwise the share of rows they
/// leave untouched, at most 1 − [`VALIDITY_MINIMUM_COST`], with a recommendation naming them.
fn validity(facts: &Facts<'_>, id: &'static str, dimension: &str) -> Ind {
    let errors = facts.errors_in(dimension);
    let touched: u64 = errors.iter().map(|(_, n)| n).sum();
    let rows = facts.rows.max(1);
    let value = if errors.is_empty() {
        1.0
    } else {
        (1.0 - touched.min(rows) as f64 / rows as f64).min(1.0 - VALIDITY_MINIMUM_COST)
    };
    let listed = |lang: Lang| {
        errors
            .iter()
            .map(|(code, n)| format!("{} {code}", lang.count(*n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    ind(
        id,
        0.25,
        (facts.rows > 0).then_some(value),
        format!("errors={touched}"),
    )
    .advise(
        format!(
            "Corrija los errores ({}); `calidad explain CÓDIGO` dice cómo",
            listed(Lang::Es)
        ),
        format!(
            "Fix the errors ({}); `calidad explain CODE` says how",
            listed(Lang::En)
        ),
    )
}

/// A column-level indicator: 1 when no column has the problem; otherwise the share of columns
/// without it, at most 1 − [`VALIDITY_MINIMUM_COST`], so that one column in fifty still shows.
fn columns_without(affected: usize, columns: u64) -> Option<f64> {
    (columns > 0).then(|| {
        if affected == 0 {
            1.0
        } else {
            (1.0 - affected as f64 / columns as f64).min(1.0 - VALIDITY_MINIMUM_COST)
        }
    })
}

/// The score of one task: `profile` is the task's column profile and `privacy` its privacy
/// block, when they were computed.
pub fn score<E>(
    task: &ReportTask<E>,
    profile: Option<&TableProfile>,
    privacy: Option<&PrivacyBlock>,
    context: &Context<'_>,
) -> Score {
    let meta = context.metadata;
    let facts = Facts {
        counts: &task.calidad.error_counts,
        findings: &task.calidad.findings,
        rows: task.stats.rows.unwrap_or(0),
        labels: &task.labels,
        columns: task.labels.len() as u64,
        profile,
        cells: profile.map_or(0, |p| p.fields.iter().map(|f| f.values + f.missing).sum()),
        schema: task.calidad.schema.as_ref(),
        given_schema: task.calidad.schema_source.as_deref() == Some("given"),
        format: task.calidad.format.to_lowercase(),
        encoding: task.calidad.encoding.as_deref().unwrap_or("utf-8"),
        bytes: task.stats.bytes,
        privacy,
        meta,
        resource: meta.and_then(|m| m.resource.as_ref()),
        context,
    };
    let lang = context.lang;
    let license = license(&facts);
    let with_validity = |mut indicators: Vec<Ind>, id: &'static str, dimension: &str| {
        indicators.push(validity(&facts, id, dimension));
        indicators
    };
    let dimensions = [
        (
            "estructura",
            20.0,
            with_validity(estructura(&facts), "E1", "estructura"),
        ),
        ("completitud", 20.0, completitud(&facts)),
        (
            "coherencia",
            15.0,
            with_validity(coherencia(&facts), "H5", "coherencia"),
        ),
        (
            "accesibilidad",
            15.0,
            with_validity(accesibilidad(&facts, license), "A6", "accesibilidad"),
        ),
        (
            "consistencia",
            15.0,
            with_validity(consistencia(&facts), "S1", "consistencia"),
        ),
        ("privacidad", 15.0, privacidad(&facts)),
    ];
    let caps = caps(&facts, license, lang);
    let privacy_errors = facts.privacy_errors();
    assemble(dimensions, caps, privacy_errors, &facts)
}

/// Share of the tidy-table indicator (E5) each departure from one tidy table costs: a title,
/// a footer, a two-row header, totals, merged cells… Three of them leave nothing.
const TIDY_ISSUE_COST: f64 = 0.34;

/// Structure: labels, ragged rows, blank rows and columns, a tidy single table, readable names.
fn estructura(facts: &Facts<'_>) -> Vec<Ind> {
    let (rows, columns, labels) = (facts.rows, facts.columns, facts.labels);
    let generated = |l: &str| {
        let lower = l.to_lowercase();
        ["unnamed:", "columna", "column", "field"].iter().any(|p| {
            lower.strip_prefix(p).is_some_and(|rest| {
                let rest = rest.trim();
                !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
            })
        })
    };
    let odd_labels = labels
        .iter()
        .filter(|l| {
            let t = l.trim();
            !t.is_empty() && (t.chars().all(|c| c.is_ascii_digit() || c == '.') || generated(t))
        })
        .count() as u64;
    let bad_labels =
        (facts.count(&BLANK_LABEL) + facts.count(&DUPLICATE_LABEL) + odd_labels).min(columns);
    let ragged = (facts.count(&MISSING_CELL) + facts.count(&EXTRA_CELL)).min(rows);
    let blank_columns = facts.field_names(|f| f.values == 0 && rows > 0);
    // Years or dates as column names: one column per period is wide format.
    let years = labels
        .iter()
        .filter(|l| {
            let l = l.trim();
            l.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y))
                || calidad_core::calendar::days_of_iso(l).is_some()
                || calidad_privacy::shapes::date(l).is_some()
        })
        .count();
    let mut tidy_issues = Vec::new();
    for (rule, es, en) in [
        (
            &TITLE_ROWS,
            "filas de título sobre el encabezado",
            "title rows above the header",
        ),
        (
            &MULTI_ROW_HEADER,
            "encabezado repartido en dos filas",
            "a header spread over two rows",
        ),
        (
            &DESCRIPTION_ROW,
            "filas de descripciones bajo el encabezado",
            "description rows under the header",
        ),
        (&TOTAL_ROW, "filas de totales", "total rows"),
        (
            &FOOTER_ROWS,
            "notas al pie dentro de la tabla",
            "footnotes inside the table",
        ),
        (
            &PADDING_ROWS,
            "filas de relleno al final",
            "padding rows at the end",
        ),
        (
            &TRAILING_DELIMITER,
            "delimitador al final de cada línea",
            "a delimiter at the end of every line",
        ),
        (&MERGED_CELLS, "celdas combinadas", "merged cells"),
        (
            &MULTIPLE_TABLES,
            "más de una tabla en la hoja",
            "more than one table in the sheet",
        ),
    ] {
        if facts.count(rule) > 0 {
            tidy_issues.push((es, en));
        }
    }
    if years >= 3 {
        tidy_issues.push((
            "formato ancho (años o fechas como columnas: publique una fila por período)",
            "wide format (years or dates as columns: publish one row per period)",
        ));
    }
    let unreadable: Vec<String> = labels
        .iter()
        .filter(|l| {
            let n = l.chars().count();
            !(1..=64).contains(&n)
                || l.trim() != l.as_str()
                || l.contains(['\n', '\r'])
                || l.chars().all(|c| !c.is_alphanumeric())
                || l.chars().all(|c| c.is_ascii_digit())
        })
        .cloned()
        .collect();
    let blank_rows = facts.count(&BLANK_ROW);
    vec![
        ind(
            "E2",
            0.20,
            ratio(bad_labels, columns).map(|r| 1.0 - r),
            format!("columns={columns} badLabels={bad_labels}"),
        )
        .advise(
            "Dé a cada columna un nombre propio, único y descriptivo (sin columnas sin nombre, repetidas ni \"Columna1\")",
            "Give every column its own unique, descriptive name (no blank, repeated or \"Column1\" labels)",
        ),
        ind(
            "E3",
            0.30,
            ratio(ragged, rows).map(|r| 1.0 - r),
            format!("rows={rows} raggedCells={ragged}"),
        )
        .advise(
            format!("Corrija {}: todas las filas deben tener tantas celdas como el encabezado", counted(ragged, Lang::Es, "la celda faltante o sobrante", "celdas faltantes o sobrantes")),
            format!("Fix {}: every row must have as many cells as the header", counted(ragged, Lang::En, "the missing or extra cell", "missing or extra cells")),
        ),
        ind(
            "E4",
            0.10,
            (rows > 0 && columns > 0).then(|| {
                1.0 - (blank_rows as f64 / rows as f64
                    + blank_columns.len() as f64 / columns as f64)
                    / 2.0
            }),
            format!("blankRows={blank_rows} blankColumns={}", blank_columns.len()),
        )
        .advise(
            format!("Elimine las filas vacías y las columnas sin datos {}", some_names(&blank_columns, Lang::Es)),
            format!("Remove blank rows and columns without data {}", some_names(&blank_columns, Lang::En)),
        ),
        ind(
            "E5",
            0.5,
            Some((1.0 - TIDY_ISSUE_COST * tidy_issues.len() as f64).max(0.0)),
            format!("issues={}", tidy_issues.len()),
        )
        .advise(
            format!(
                "Publique una sola tabla ordenada, sin {}",
                tidy_issues.iter().map(|(es, _)| *es).collect::<Vec<_>>().join(", ")
            ),
            format!(
                "Publish one tidy table, without {}",
                tidy_issues.iter().map(|(_, en)| *en).collect::<Vec<_>>().join(", ")
            ),
        ),
        ind(
            "E6",
            0.15,
            ratio(columns - unreadable.len() as u64, columns),
            format!("columns={columns} unreadable={}", unreadable.len()),
        )
        .advise(
            format!("Use nombres de columna legibles, de 1 a 64 caracteres y sin espacios al borde ({})", some_names(&unreadable, Lang::Es)),
            format!("Use readable column names, 1 to 64 characters, no surrounding spaces ({})", some_names(&unreadable, Lang::En)),
        ),
    ]
}

/// Completeness: missing cells, incomplete rows, sparse columns, metadata, a data dictionary.
fn completitud(facts: &Facts<'_>) -> Vec<Ind> {
    let (columns, cells, profile, meta, resource) = (
        facts.columns,
        facts.cells,
        facts.profile,
        facts.meta,
        facts.resource,
    );
    let missing: u64 = facts.fields().iter().map(|f| f.missing).sum();
    let sparse =
        facts.field_names(|f| f.missing * 2 > f.values + f.missing && f.values + f.missing > 0);
    let described = facts
        .schema
        .map(|s| {
            s.fields
                .iter()
                .filter(|f| {
                    f.description
                        .as_deref()
                        .is_some_and(|d| !d.trim().is_empty())
                })
                .count() as u64
        })
        .unwrap_or(0);
    let dictionary = if facts.given_schema && described > 0 {
        ratio(described, columns)
    } else if let Some(r) = resource.filter(|r| !r.described_columns.is_empty()) {
        ratio(r.described_columns.len() as u64, columns)
    } else if meta.is_some() {
        Some(0.0)
    } else {
        None
    };
    let metadata_points = meta.map(|m| metadata_points(m, resource));
    let incomplete_rows = profile.map_or(0, |p| p.rows - p.complete_rows);
    vec![
        ind(
            "C1",
            0.35,
            ratio(missing, cells).map(|r| 1.0 - r),
            format!("cells={cells} missing={missing}"),
        )
        .advise(
            format!("Complete {} o con marcadores como \"s/i\" o \"NA\", o explique en la descripción por qué faltan", counted(missing, Lang::Es, "la celda vacía", "celdas vacías")),
            format!("Fill {} or placeholders such as \"s/i\" or \"NA\", or explain in the description why they are missing", counted(missing, Lang::En, "the empty cell", "empty cells")),
        ),
        ind(
            "C2",
            0.10,
            profile.and_then(|p| ratio(p.complete_rows, p.rows)),
            format!("completeRows={}", profile.map_or(0, |p| p.complete_rows)),
        )
        .advise(
            if incomplete_rows == 1 { "Una fila tiene alguna celda vacía: complétela o documente por qué faltan datos".to_owned() } else { format!("{} filas tienen alguna celda vacía: complételas o documente por qué faltan datos", Lang::Es.count(incomplete_rows)) },
            if incomplete_rows == 1 { "One row has an empty cell: fill it or document why values are missing".to_owned() } else { format!("{} rows have an empty cell: fill them or document why values are missing", Lang::En.count(incomplete_rows)) },
        ),
        ind(
            "C3",
            0.15,
            profile.and(ratio(columns.saturating_sub(sparse.len() as u64), columns)),
            format!("columnsOverHalfMissing={}", sparse.len()),
        )
        .advise(
            format!("Las columnas {} tienen más de la mitad vacía: complételas o quítelas", some_names(&sparse, Lang::Es)),
            format!("Columns {} are more than half empty: fill or drop them", some_names(&sparse, Lang::En)),
        ),
        ind(
            "C4",
            0.25,
            metadata_points.map(|p| p / 140.0),
            format!("metadataPoints={}", metadata_points.unwrap_or(0.0)),
        )
        .advise(
            "Complete los metadatos: descripción de al menos 100 caracteres, etiquetas, grupo, cobertura temporal y espacial, correo de contacto, frecuencia de actualización y descripción del recurso",
            "Complete the metadata: a description of at least 100 characters, tags, group, temporal and spatial coverage, contact e-mail, update frequency and resource description",
        ),
        ind(
            "C5",
            0.15,
            dictionary,
            format!("describedColumns={}", described.max(resource.map_or(0, |r| r.described_columns.len() as u64))),
        )
        .advise(
            "Publique un diccionario de datos: una descripción por columna (Table Schema o el diccionario del DataStore)",
            "Publish a data dictionary: one description per column (a Table Schema or the DataStore dictionary)",
        ),
    ]
}

/// Points of the metadata a dataset declares, out of 140.
fn metadata_points(m: &Metadata, resource: Option<&Resource>) -> f64 {
    let mut points = 0.0;
    points += match m.notes.as_deref().map(|n| n.chars().count()) {
        Some(n) if n >= 100 => 20.0,
        Some(_) => 10.0,
        None => 0.0,
    };
    let has = |present: bool, worth: f64| if present { worth } else { 0.0 };
    points += has(!m.tags.is_empty(), 20.0);
    points += has(!m.groups.is_empty(), 15.0);
    points += has(m.temporal.is_some(), 15.0);
    points += has(m.spatial.is_some(), 15.0);
    points += has(m.organization.is_some(), 10.0);
    points += has(m.contact_email.is_some(), 20.0);
    points += has(m.frequency.is_some(), 15.0);
    points += has(
        resource.and_then(|r| r.description.as_ref()).is_some(),
        10.0,
    );
    points
}

/// Coherence: values of their columns' types, values in their domains, metadata that agree
/// with the file, freshness.
fn coherencia(facts: &Facts<'_>) -> Vec<Ind> {
    let typed = facts.typed();
    // By name, once: a 200,000-column table must not be searched column by column.
    let profiles: HashMap<&str, &FieldProfile> = facts
        .fields()
        .iter()
        .rev()
        .map(|f| (f.name.as_str(), f))
        .collect();
    let typed_cells: u64 = typed
        .iter()
        .filter_map(|f| profiles.get(f.name.as_str()))
        .map(|p| p.values)
        .sum();
    let type_errors = facts.count(&TYPE_ERROR);
    let (checked, valid) = facts
        .fields()
        .iter()
        .filter_map(|f| f.domain.as_ref())
        .fold((0, 0), |(c, v), d| (c + d.checked, v + d.valid));
    let out_of_domain = facts.field_names(|f| {
        f.domain
            .as_ref()
            .is_some_and(|d| d.valid * 20 < d.checked * 19)
    });
    let format = facts.format.as_str();
    let agreement = facts.resource.map(|r| {
        let mut checks = Vec::new();
        if let Some(declared) = &r.format {
            let declared = declared.to_lowercase();
            checks.push(
                declared == format
                    || declared.contains(format)
                    || (declared == "xls" && format == "spreadsheetml"),
            );
        }
        if let Some(size) = r.size {
            let real = facts.bytes as f64;
            checks.push(real > 0.0 && ((size as f64 - real) / real).abs() <= 0.10);
        }
        if checks.is_empty() {
            0.5
        } else {
            checks.iter().filter(|ok| **ok).count() as f64 / checks.len() as f64
        }
    });
    let freshness = freshness(facts);
    let mixed = facts.columns_with(&MIXED_TYPES);
    vec![
        ind(
            "H1",
            0.30,
            ratio(type_errors.min(typed_cells), typed_cells).map(|r| 1.0 - r),
            format!("typedCells={typed_cells} typeErrors={type_errors}"),
        )
        .advise(
            format!("Corrija {} del tipo de su columna (números con texto, fechas imposibles)", counted(type_errors, Lang::Es, "el valor que no es", "valores que no son")),
            format!("Fix {} of their column's type (numbers with text, impossible dates)", counted(type_errors, Lang::En, "the value that is not", "values that are not")),
        ),
        ind(
            "H2",
            0.25,
            ratio(valid, checked),
            format!("checked={checked} valid={valid}"),
        )
        .advise(
            format!("Revise los valores fuera de dominio en {} (RUT con dígito verificador erróneo, comunas o regiones inexistentes, edades o coordenadas imposibles, montos negativos)", some_names(&out_of_domain, Lang::Es)),
            format!("Review the out-of-domain values in {} (RUTs with a wrong check digit, unknown comunas or regions, impossible ages or coordinates, negative amounts)", some_names(&out_of_domain, Lang::En)),
        ),
        ind("H3", 0.25, agreement, format!("format={format}"))
        .advise(
            "Haga coincidir el formato y el tamaño declarados del recurso con el archivo real",
            "Make the resource's declared format and size match the real file",
        ),
        ind(
            "H4",
            0.20,
            freshness.map(|(v, _)| v),
            match freshness {
                Some((_, Some(age))) => format!("ageDays={age}"),
                _ => "frequency not declared or not applicable".to_owned(),
            },
        )
        .advise(
            "Actualice el recurso con la frecuencia declarada, o declare la frecuencia real",
            "Update the resource as often as declared, or declare the real frequency",
        ),
        ind(
            "H6",
            0.25,
            columns_without(mixed.len(), facts.columns),
            format!("columns={} mixedTypes={}", facts.columns, mixed.len()),
        )
        .advise(
            format!("Deje un solo tipo de dato por columna: {} mezclan números y textos; pase los textos a otra columna", some_names(&mixed, Lang::Es)),
            format!("Keep one data type per column: {} mix numbers and words; move the words to another column", some_names(&mixed, Lang::En)),
        ),
    ]
}

/// How fresh the resource is for its declared frequency (and its age in days), when that can
/// be judged.
fn freshness(facts: &Facts<'_>) -> Option<(f64, Option<f64>)> {
    let m = facts.meta?;
    let once = m.frequency.as_deref().is_some_and(|f| {
        let f = f.to_lowercase();
        [
            "una vez",
            "once",
            "irregular",
            "historic",
            "histórico",
            "no planificada",
        ]
        .iter()
        .any(|w| f.contains(w))
    });
    if once {
        return None;
    }
    let Some(period) = m.frequency.as_deref().and_then(metadata::frequency_days) else {
        return Some((0.5, None));
    };
    let today = facts.context.as_of?.days();
    let modified = facts
        .resource
        .and_then(|r| r.last_modified.as_deref())
        .or(m.metadata_modified.as_deref())
        .and_then(calidad_core::calendar::days_of_iso)?;
    let age = (today - modified).max(0) as f64;
    let steps = 1.0 - (age / period).floor() / 2.0;
    let decay = 1.0 - 1.0 / (1.0 + (4.0 * (2.25 - age / 365.0)).exp());
    Some(((steps.max(0.0) + decay) / 2.0, Some(age)))
}

/// Consistency: locale-free dates and numbers, one spelling per category, no repeats, clean
/// cells.
fn consistencia(facts: &Facts<'_>) -> Vec<Ind> {
    let typed = facts.typed();
    let kinds: HashMap<&str, &FieldType> = facts
        .schema
        .map(|s| {
            s.fields
                .iter()
                .rev()
                .map(|f| (f.name.as_str(), &f.kind))
                .collect()
        })
        .unwrap_or_default();
    let locale_bound: Vec<String> = typed
        .iter()
        .filter(|f| match f.kind {
            FieldType::Date | FieldType::Datetime => f.format.as_deref().is_some_and(|fmt| {
                !matches!(
                    fmt,
                    "default" | "%Y-%m-%d" | "%Y-%m-%dT%H:%M:%S" | "%Y-%m-%dT%H:%M:%SZ"
                )
            }),
            FieldType::Number | FieldType::Integer => {
                f.decimal_char.as_deref().is_some_and(|c| c != ".") || f.group_char.is_some()
            }
            _ => false,
        })
        .map(|f| f.name.clone())
        .collect();
    let locale_candidates = typed
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                FieldType::Date | FieldType::Datetime | FieldType::Number | FieldType::Integer
            )
        })
        .count() as u64;
    // Categories are text columns with few distinct values (dates and numbers are not).
    let is_text = |name: &str| {
        kinds
            .get(name)
            .is_none_or(|kind| matches!(kind, FieldType::String))
    };
    let categories: Vec<&FieldProfile> = facts
        .fields()
        .iter()
        .filter(|f| f.distinct.is_some() && is_text(&f.name))
        .collect();
    let variants: u64 = categories.iter().map(|f| f.variants).sum();
    let distinct: u64 = categories.iter().filter_map(|f| f.distinct).sum();
    let with_variants: Vec<String> = categories
        .iter()
        .filter(|f| f.variants > 0)
        .map(|f| f.name.clone())
        .collect();
    let rows = facts.rows;
    let duplicates = facts.count(&DUPLICATE_ROW);
    let key_repeats = facts.count(&UNIQUE_ERROR) + facts.count(&PRIMARY_KEY);
    let cells = facts.cells;
    let placeholders = facts.columns_with(&PLACEHOLDER_VALUES);
    // Dates written as Excel day numbers are dates outside ISO 8601 too.
    let mut locale_bound = locale_bound;
    for name in facts.columns_with(&SERIAL_DATES) {
        if !locale_bound.contains(&name) {
            locale_bound.push(name);
        }
    }
    let hygiene: u64 = facts
        .fields()
        .iter()
        .map(|f| f.padded + f.garbled)
        .sum::<u64>()
        + facts.count(&MOJIBAKE)
        + facts.count(&ENCODING_ERROR);
    vec![
        ind(
            "S2",
            0.20,
            ratio(locale_candidates.saturating_sub(locale_bound.len() as u64), locale_candidates),
            format!("typedColumns={locale_candidates} localeBound={}", locale_bound.len()),
        )
        .advise(
            format!("Use fechas ISO 8601 (2024-03-01) y punto decimal sin separador de miles en {}", some_names(&locale_bound, Lang::Es)),
            format!("Use ISO 8601 dates (2024-03-01) and a decimal point without thousands separators in {}", some_names(&locale_bound, Lang::En)),
        ),
        ind(
            "S3",
            0.15,
            ratio(variants, distinct).map(|r| 1.0 - r),
            format!("categories={distinct} variants={variants}"),
        )
        .advise(
            format!("Unifique las variantes de una misma categoría (mayúsculas, tildes, espacios) en {}", some_names(&with_variants, Lang::Es)),
            format!("Merge the variants of the same category (case, accents, spaces) in {}", some_names(&with_variants, Lang::En)),
        ),
        ind(
            "S4",
            0.20,
            (rows > 0).then(|| {
                (1.0 - duplicates as f64 / rows as f64).min(1.0 - key_repeats as f64 / rows as f64)
            }),
            format!("duplicateRows={duplicates} keyRepeats={key_repeats}"),
        )
        .advise(
            repeats_advice(duplicates, key_repeats, Lang::Es),
            repeats_advice(duplicates, key_repeats, Lang::En),
        ),
        ind(
            "S5",
            0.15,
            ratio(hygiene.saturating_mul(5).min(cells), cells).map(|r| 1.0 - r),
            format!("cells={cells} affected={hygiene}"),
        )
        .advise(
            "Quite los espacios al inicio y al final de las celdas y corrija los caracteres dañados (Ã¡, �)",
            "Trim spaces around cells and fix garbled characters (Ã¡, �)",
        ),
        ind(
            "S7",
            0.20,
            columns_without(placeholders.len(), facts.columns),
            format!("columns={} placeholders={}", facts.columns, placeholders.len()),
        )
        .advise(
            format!("Deje vacías las celdas sin dato en {} en vez de escribir «NULL», «s/i» o «-»", some_names(&placeholders, Lang::Es)),
            format!("Leave the cells without data in {} empty instead of writing «NULL», «s/i» or «-»", some_names(&placeholders, Lang::En)),
        ),
    ]
}

/// The licence indicator (`None` without metadata).
fn license(facts: &Facts<'_>) -> Option<f64> {
    facts.meta.map(|m| match m.license_id.as_deref() {
        Some(id) if metadata::is_open_license(id) => 1.0,
        Some(_) => 0.3,
        None => 0.0,
    })
}

/// Accessibility: an open format, a licence, a declared encoding and format, an API.
fn accesibilidad(facts: &Facts<'_>, license: Option<f64>) -> Vec<Ind> {
    let format = facts.format.as_str();
    let openness = match format {
        "csv" | "tsv" | "json" | "ods" | "xml" | "geojson" | "parquet" | "ndjson" => Some(0.85),
        "xlsx" | "xls" | "xlsm" | "spreadsheetml" => Some(0.5),
        "pdf" | "doc" | "docx" | "png" | "jpg" | "jpeg" | "html" => Some(0.2),
        _ => None,
    };
    let encoding = facts.encoding;
    let utf8 = matches!(encoding, "utf-8" | "ascii" | "us-ascii");
    let resource = facts.resource;
    let mut declared = vec![if utf8 { 1.0 } else { 0.0 }];
    if let Some(r) = resource {
        declared.push(if r.format.is_some() { 1.0 } else { 0.0 });
        declared.push(if r.mimetype.is_some() { 1.0 } else { 0.0 });
    }
    let a2 = ind("A2", 0.30, openness, format!("format={format}"));
    // Three stars (an open format) is as far as a file alone goes: no advice there.
    let a2 = if openness.is_some_and(|v| v < 0.85) {
        a2.advise(
            "Publique también el archivo en un formato abierto y no propietario (CSV en UTF-8)",
            "Also publish the file in an open, non-proprietary format (CSV in UTF-8)",
        )
    } else {
        a2
    };
    vec![
        ind("A1", 0.30, None, "not checked (offline)".to_owned()),
        a2,
        ind(
            "A3",
            0.25,
            license,
            format!(
                "license={}",
                facts
                    .meta
                    .and_then(|m| m.license_id.clone())
                    .unwrap_or_default()
            ),
        )
        .advise(
            "Declare una licencia abierta (CC-BY 4.0 o CC0)",
            "Declare an open licence (CC-BY 4.0 or CC0)",
        ),
        ind(
            "A4",
            0.10,
            Some(declared.iter().sum::<f64>() / declared.len() as f64),
            format!("encoding={encoding}"),
        )
        .advise(
            if utf8 {
                "Declare el formato y el tipo MIME del recurso".to_owned()
            } else {
                format!("Guarde el archivo en UTF-8 (hoy está en {encoding})")
            },
            if utf8 {
                "Declare the resource's format and media type".to_owned()
            } else {
                format!("Save the file as UTF-8 (it is {encoding} today)")
            },
        ),
        ind(
            "A5",
            0.05,
            resource.map(|r| {
                if r.datastore_active || r.size.is_some() {
                    1.0
                } else {
                    0.5
                }
            }),
            format!("datastore={}", resource.is_some_and(|r| r.datastore_active)),
        )
        .advise(
            "Cargue el recurso al DataStore del portal (API) o declare su tamaño",
            "Load the resource into the portal's DataStore (API) or declare its size",
        ),
    ]
}

/// Privacy: columns of personal data, and rows at re-identification risk.
fn privacidad(facts: &Facts<'_>) -> Vec<Ind> {
    let privacy_errors = facts.privacy_errors();
    let flagged_errors = facts.privacy_fields(Severity::Error);
    let warned = facts.privacy_fields(Severity::Warning);
    let warnings = warned.len() as u64;
    // The columns the advice names: those in error, else those in warning.
    let advised = if flagged_errors.is_empty() {
        warned
    } else {
        flagged_errors
    };
    let reidentification = facts.privacy.and_then(|p| p.reidentification.as_ref());
    let rows = facts.rows;
    vec![
        ind(
            "P1",
            0.70,
            facts
                .context
                .privacy_checked
                .then_some(1.0 - 0.6 * privacy_errors as f64 - 0.2 * warnings as f64),
            format!("errors={privacy_errors} warnings={warnings}"),
        )
        .advise(
            format!("Elimine las columnas {} o reemplácelas por un código no reversible; generalice los datos sensibles", some_names(&advised, Lang::Es)),
            format!("Drop columns {} or replace them with a non-reversible code; generalise sensitive data", some_names(&advised, Lang::En)),
        ),
        ind(
            "P2",
            0.30,
            reidentification.and_then(|r| ratio(r.records_at_risk.min(rows), rows)).map(|r| 1.0 - r),
            format!(
                "k={} recordsAtRisk={}",
                reidentification.map_or(0, |r| r.k),
                reidentification.map_or(0, |r| r.records_at_risk)
            ),
        )
        .advise(
            "Generalice los cuasi-identificadores (comuna → región, edad en tramos) hasta que cada combinación agrupe al menos 5 filas",
            "Generalise the quasi-identifiers (comuna → region, age bands) until every combination groups at least 5 rows",
        ),
    ]
}

/// The caps that override the average.
fn caps(facts: &Facts<'_>, license: Option<f64>, lang: Lang) -> Vec<Cap> {
    let mut caps = Vec::new();
    let not_a_table =
        facts.count(&FORMAT_ERROR) > 0 || facts.count(&SOURCE_ERROR) > 0 || facts.rows == 0;
    if not_a_table {
        caps.push(cap(
            "G1",
            1.0,
            lang,
            "el archivo no se puede leer como tabla, o no tiene filas de datos",
            "the file cannot be read as a table, or has no data rows",
        ));
    }
    if facts.privacy_errors() > 0 {
        caps.push(cap(
            "G3",
            3.0,
            lang,
            "contiene datos personales que identifican a personas",
            "it holds personal data that identify people",
        ));
    }
    let errors = facts.errors();
    if errors > 0 && !not_a_table {
        let n = lang.count(errors);
        caps.push(cap(
            "G2",
            8.9,
            lang,
            &if errors == 1 {
                "el archivo tiene 1 error: corríjalo para llegar a excelente".to_owned()
            } else {
                format!("el archivo tiene {n} errores: corríjalos para llegar a excelente")
            },
            &if errors == 1 {
                "the file has 1 error: fix it to reach excellent".to_owned()
            } else {
                format!("the file has {n} errors: fix them to reach excellent")
            },
        ));
    }
    if license.is_some_and(|l| l < 1.0) {
        caps.push(cap(
            "G5",
            6.0,
            lang,
            "no declara una licencia abierta: no son datos abiertos",
            "it declares no open licence: it is not open data",
        ));
    }
    caps
}

/// Weighs the dimensions into the mark, applies the caps and ranks the recommendations.
fn assemble(
    dimensions: [(&'static str, f64, Vec<Ind>); 6],
    caps: Vec<Cap>,
    privacy_errors: u64,
    facts: &Facts<'_>,
) -> Score {
    let lang = facts.context.lang;
    let total_weight: f64 = dimensions.iter().map(|(_, w, _)| w).sum();
    let mut weighted = 0.0;
    let mut active_weight = 0.0;
    let mut coverage = 0.0;
    let mut built = Vec::new();
    let mut recommendations = Vec::new();
    for (name, weight, indicators) in dimensions {
        let all: f64 = indicators.iter().map(|i| i.weight).sum();
        let applicable: f64 = indicators
            .iter()
            .filter(|i| i.value.is_some())
            .map(|i| i.weight)
            .sum();
        let value = (applicable > 0.0).then(|| {
            indicators
                .iter()
                .filter_map(|i| Some(i.value? * i.weight))
                .sum::<f64>()
                / applicable
        });
        let dim_coverage = if all > 0.0 { applicable / all } else { 0.0 };
        coverage += weight * dim_coverage / total_weight;
        if let Some(v) = value {
            weighted += weight * v;
            active_weight += weight;
        }
        let mut mark = value.map(|v| round1(1.0 + 9.0 * v));
        if name == "privacidad" && privacy_errors > 0 {
            mark = mark.map(|m| m.min(2.0));
        }
        for i in &indicators {
            if let Some(v) = i.value
                && v < 0.9
                && applicable > 0.0
                && !i.advice.0.is_empty()
            {
                recommendations.push((
                    weight * i.weight / applicable * (1.0 - v),
                    i.id,
                    name,
                    match lang {
                        Lang::Es => i.advice.0.clone(),
                        Lang::En => i.advice.1.clone(),
                    },
                ));
            }
        }
        built.push(Dimension {
            score: mark,
            coverage: round3(dim_coverage),
            indicators: indicators
                .into_iter()
                .map(|i| Indicator {
                    id: i.id.to_owned(),
                    value: i.value.map(round3),
                    weight: i.weight,
                    evidence: i.evidence,
                })
                .collect(),
        });
    }
    let overall_value = if active_weight > 0.0 {
        weighted / active_weight
    } else {
        0.0
    };
    let uncapped = round1(1.0 + 9.0 * overall_value);
    let overall = caps.iter().fold(uncapped, |mark, c| mark.min(c.limit));
    // Points on the 1–10 scale: the dimension's share of the active weight times 9.
    // The validity indicators' advice is one recommendation, first: fix the errors, all of
    // them named. Then the others, most points first.
    let points = |gain: f64| gain * 9.0 / active_weight.max(1.0);
    let (validity, mut others): (Vec<_>, Vec<_>) = recommendations
        .into_iter()
        .partition(|(_, id, ..)| VALIDITY_IDS.contains(id));
    others.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut recommendations: Vec<Recommendation> = Vec::new();
    if let Some((_, id, dimension, _)) = validity.iter().max_by(|a, b| a.0.total_cmp(&b.0)) {
        // Fixing every error also lifts the limit errors put on the mark (G2).
        let gain: f64 = validity.iter().map(|(gain, ..)| gain).sum();
        let other_limits = caps
            .iter()
            .filter(|c| c.id != "G2")
            .fold(10.0, |limit: f64, c| limit.min(c.limit));
        let fixed = (uncapped + points(gain)).min(other_limits).min(10.0);
        recommendations.push(Recommendation {
            id: (*id).to_owned(),
            dimension: (*dimension).to_owned(),
            gain: round1(fixed - overall).max(0.1),
            message: fix_the_errors(facts, lang),
        });
    }
    recommendations.extend(
        others
            .into_iter()
            .filter(|(gain, ..)| points(*gain) >= 0.05)
            .map(|(gain, id, dimension, message)| Recommendation {
                id: id.to_owned(),
                dimension: dimension.to_owned(),
                gain: round1(points(gain)),
                message,
            }),
    );
    let [
        estructura,
        completitud,
        coherencia,
        accesibilidad,
        consistencia,
        privacidad,
    ] = <[Dimension; 6]>::try_from(built).unwrap_or_else(|_| std::array::from_fn(|_| empty()));
    Score {
        overall,
        uncapped,
        band: band(overall).to_owned(),
        coverage: round3(coverage),
        provisional: coverage < 0.6,
        as_of: facts.meta.and(facts.context.as_of).map(|day| day.iso()),
        dimensions: Dimensions {
            estructura,
            completitud,
            coherencia,
            accesibilidad,
            consistencia,
            privacidad,
        },
        caps,
        recommendations,
        rubric_version: RUBRIC_VERSION.to_owned(),
    }
}

/// The mark of a file with several tables (a workbook's sheets): the mean of their marks,
/// limited by every limit any of them has. A limit is a blocker for the whole file — personal
/// data on one sheet are published with all the others, and an error on one sheet keeps the
/// file from excelente. `None` without tables.
pub fn file_mark(scores: &[&Score]) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    let mean = scores.iter().map(|s| s.overall).sum::<f64>() / scores.len() as f64;
    let limit = scores
        .iter()
        .flat_map(|s| &s.caps)
        .fold(10.0_f64, |limit, cap| limit.min(cap.limit));
    Some(round1(mean.min(limit)))
}

fn empty() -> Dimension {
    Dimension {
        score: None,
        coverage: 0.0,
        indicators: Vec::new(),
    }
}

fn cap(id: &str, limit: f64, lang: Lang, es: &str, en: &str) -> Cap {
    Cap {
        id: id.to_owned(),
        reason: match lang {
            Lang::Es => es.to_owned(),
            Lang::En => en.to_owned(),
        },
        limit,
    }
}

/// The bands, best first: the lowest mark of each and its name. Defined once: the text
/// report, the JSON, the dashboard and `calidad explain quality-score` all read them.
pub const BANDS: [(f64, &str); 4] = [
    (9.0, "excelente"),
    (6.0, "bueno"),
    (4.0, "suficiente"),
    (1.0, "deficiente"),
];

/// The band of a mark (one decimal): 9.0–10 excelente, 6.0–8.9 bueno, 4.0–5.9 suficiente,
/// 1.0–3.9 deficiente.
pub fn band(mark: f64) -> &'static str {
    BANDS
        .iter()
        .find(|(lowest, _)| mark >= *lowest)
        .map_or("deficiente", |(_, name)| name)
}

/// The bands in words, as `explain` prints them (`9,0–10 excelente, 6,0–8,9 bueno, …`).
pub fn bands_in_words(lang: Lang) -> String {
    let mark = |x: f64| match lang {
        Lang::Es => format!("{x:.1}").replace('.', ","),
        Lang::En => format!("{x:.1}"),
    };
    let mut upper = 10.0;
    let mut parts = Vec::new();
    for (lowest, name) in BANDS {
        let top = if upper >= 10.0 {
            "10".to_owned()
        } else {
            mark(upper)
        };
        let name = match (lang, name) {
            (Lang::Es, name) => name,
            (Lang::En, "excelente") => "excellent",
            (Lang::En, "bueno") => "good",
            (Lang::En, "suficiente") => "sufficient",
            (Lang::En, _) => "poor",
        };
        parts.push(format!("{}–{top} {name}", mark(lowest)));
        upper = lowest - 0.1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::Dimension;
    use calidad_core::engine::TableOptions;
    use calidad_core::report::{self, TaskMeta};
    use calidad_privacy::check::PrivacySettings;

    #[test]
    fn repeats_advice_names_only_what_there_is() {
        for (rows, keys, lang, advice) in [
            (
                0,
                3,
                Lang::Es,
                "Corrija los 3 identificadores repetidos: cada fila debe tener el suyo",
            ),
            (2, 0, Lang::Es, "Elimine las 2 filas duplicadas"),
            (
                1,
                1,
                Lang::Es,
                "Elimine la fila duplicada y corrija el identificador repetido",
            ),
            (
                0,
                1,
                Lang::En,
                "Fix the repeated identifier: each row needs its own",
            ),
        ] {
            assert_eq!(repeats_advice(rows, keys, lang), advice);
        }
    }

    /// The score of `csv` as the facade computes it: the engine with the privacy check and
    /// the column profiler, then the rubric.
    fn score_of(csv: &str, metadata: Option<&Metadata>, format: &str) -> Score {
        let options = TableOptions {
            plugin_checks: vec![calidad_privacy::check::factory(PrivacySettings::default())],
            profilers: vec![crate::profile::factory()],
            threads: 1,
            ..TableOptions::default()
        };
        let mut outcome = calidad_core::check_table(csv.as_bytes(), &options);
        let flagged = calidad_privacy::check::flagged_columns(&outcome.findings, 0);
        calidad_privacy::check::mask_findings(&mut outcome.findings, &flagged, 0);
        let summary = outcome.take_profile::<calidad_privacy::PrivacySummary>();
        let privacy = calidad_privacy::block(&outcome.findings, summary.as_ref());
        let profile = outcome.take_profile::<TableProfile>();
        let meta = TaskMeta {
            name: "t".into(),
            place: "t.csv".into(),
            seconds: 0.0,
        };
        let mut task: ReportTask = report::into_task(outcome, &meta, Lang::Es);
        task.calidad.format = format.to_owned();
        let context = Context {
            metadata,
            as_of: calidad_core::calendar::Day::parse("2026-11-30"),
            privacy_checked: true,
            lang: Lang::Es,
        };
        score(&task, profile.as_ref(), privacy.as_ref(), &context)
    }

    fn indicator(dimension: &Dimension, id: &str) -> Option<f64> {
        dimension
            .indicators
            .iter()
            .find(|i| i.id == id)
            .and_then(|i| i.value)
    }

    /// A clean table of comunas, `rows` long.
    fn clean(rows: usize) -> String {
        let mut csv = String::from("codigo,comuna,poblacion\n");
        let comunas = ["Santiago", "Maipú", "Ñuñoa", "Arica", "Temuco"];
        for i in 0..rows {
            csv.push_str(&format!(
                "{},{},{}\n",
                13101 + i,
                comunas[i % 5],
                1000 + i * 7
            ));
        }
        csv
    }

    #[test]
    fn estructura_counts_labels_ragged_rows_and_untidy_tables() {
        let good = score_of(&clean(20), None, "csv");
        let e = &good.dimensions.estructura;
        assert_eq!(indicator(e, "E2"), Some(1.0));
        assert_eq!(indicator(e, "E3"), Some(1.0));
        assert_eq!(indicator(e, "E5"), Some(1.0));
        let mut ragged = clean(20);
        ragged.push_str("13200,Arica\n13201,Arica,5,sobra\n");
        let bad = score_of(&ragged.replacen("comuna", "", 1), None, "csv");
        let e = &bad.dimensions.estructura;
        assert!(indicator(e, "E2").is_some_and(|v| v < 1.0), "blank label");
        assert!(indicator(e, "E3").is_some_and(|v| v < 1.0), "ragged rows");
        assert!(e.score < good.dimensions.estructura.score);
        let titled = format!("Población por comuna\n\n{}Total,,9999\n", clean(20));
        let e = score_of(&titled, None, "csv").dimensions.estructura;
        assert_eq!(
            indicator(&e, "E5"),
            Some(0.32),
            "title rows and a total row"
        );
    }

    #[test]
    fn completitud_counts_missing_cells_and_metadata() {
        let mut holes = String::from("codigo,comuna,poblacion\n");
        for i in 0..20 {
            let population = if i % 2 == 0 {
                "s/i".to_owned()
            } else {
                "10".to_owned()
            };
            holes.push_str(&format!("{},Arica,{population}\n", 100 + i));
        }
        let c = score_of(&holes, None, "csv").dimensions.completitud;
        assert_eq!(
            indicator(&c, "C1"),
            Some(1.0 - 10.0 / 60.0_f64).map(|v| (v * 1000.0).round() / 1000.0)
        );
        assert_eq!(indicator(&c, "C2"), Some(0.5));
        assert_eq!(indicator(&c, "C4"), None, "no metadata, not applicable");
        let metadata = Metadata {
            notes: Some("x".repeat(120)),
            tags: vec!["comunas".into()],
            ..Metadata::default()
        };
        let c = score_of(&clean(10), Some(&metadata), "csv")
            .dimensions
            .completitud;
        assert_eq!(
            indicator(&c, "C4"),
            Some(40.0 / 140.0).map(|v| (v * 1000.0_f64).round() / 1000.0)
        );
    }

    #[test]
    fn coherencia_counts_type_errors_and_values_out_of_their_domain() {
        let mut csv = String::from("rut,edad\n");
        for i in 0..30u32 {
            let body = 45_000_000 + i * 1_583;
            // Every third check digit is wrong.
            let digit = if i % 3 == 0 {
                "X".to_owned()
            } else {
                calidad_privacy::rut::check_digit(body).to_string()
            };
            csv.push_str(&format!("{body}-{digit},{}\n", 20 + i));
        }
        csv.push_str("45999999-9,cuarenta\n");
        let h = score_of(&csv, None, "csv").dimensions.coherencia;
        assert!(indicator(&h, "H1").is_some_and(|v| v < 1.0), "a type error");
        assert!(
            indicator(&h, "H2").is_some_and(|v| v < 0.9),
            "wrong check digits"
        );
        assert_eq!(indicator(&h, "H3"), None, "no metadata");
    }

    #[test]
    fn accesibilidad_rewards_open_formats_and_licences() {
        let csv = score_of(&clean(5), None, "csv").dimensions.accesibilidad;
        let xlsx = score_of(&clean(5), None, "xlsx").dimensions.accesibilidad;
        assert_eq!(indicator(&csv, "A2"), Some(0.85));
        assert_eq!(indicator(&xlsx, "A2"), Some(0.5));
        let open = Metadata {
            license_id: Some("cc-by".into()),
            ..Metadata::default()
        };
        let closed = Metadata {
            license_id: Some("other-closed".into()),
            ..Metadata::default()
        };
        let a = score_of(&clean(5), Some(&open), "csv");
        assert_eq!(indicator(&a.dimensions.accesibilidad, "A3"), Some(1.0));
        assert!(a.caps.is_empty());
        let c = score_of(&clean(5), Some(&closed), "csv");
        assert_eq!(indicator(&c.dimensions.accesibilidad, "A3"), Some(0.3));
        assert!(c.caps.iter().any(|cap| cap.id == "G5" && cap.limit == 6.0));
    }

    #[test]
    fn consistencia_counts_duplicates_and_variants() {
        let mut csv = clean(20);
        csv.push_str("13101,Santiago,1000\n13102,MAIPU,1007\n");
        let s = score_of(&csv, None, "csv").dimensions.consistencia;
        assert!(
            indicator(&s, "S4").is_some_and(|v| v < 1.0),
            "a duplicate row"
        );
        assert!(
            indicator(&s, "S3").is_some_and(|v| v < 1.0),
            "MAIPU is Maipú"
        );
    }

    #[test]
    fn privacidad_caps_the_mark_for_personal_data() {
        let mut csv = String::from("rut,comuna\n");
        for i in 0..30u32 {
            let body = 45_000_000 + i * 1_583;
            csv.push_str(&format!(
                "{body}-{},Arica\n",
                calidad_privacy::rut::check_digit(body)
            ));
        }
        let score = score_of(&csv, None, "csv");
        let p = &score.dimensions.privacidad;
        assert!(indicator(p, "P1").is_some_and(|v| v < 0.5));
        assert!(p.score.is_some_and(|s| s <= 2.0));
        assert!(score.overall <= 3.0);
        assert!(score.caps.iter().any(|c| c.id == "G3"));
        assert!(
            score
                .recommendations
                .iter()
                .any(|r| r.message.contains("«rut»"))
        );
        let clean = score_of(&clean(10), None, "csv");
        assert_eq!(indicator(&clean.dimensions.privacidad, "P1"), Some(1.0));
    }

    #[test]
    fn bands_are_defined_once_and_explained_as_used() {
        assert_eq!(
            bands_in_words(Lang::Es),
            "9,0–10 excelente, 6,0–8,9 bueno, 4,0–5,9 suficiente, 1,0–3,9 deficiente"
        );
        assert!(QUALITY_SCORE.docs.es.contains(&bands_in_words(Lang::Es)));
        assert!(QUALITY_SCORE.docs.en.contains(&bands_in_words(Lang::En)));
        for (mark, expected) in [
            (10.0, "excelente"),
            (9.0, "excelente"),
            (8.9, "bueno"),
            (8.5, "bueno"),
            (6.0, "bueno"),
            (5.9, "suficiente"),
            (4.0, "suficiente"),
            (3.9, "deficiente"),
            (1.0, "deficiente"),
        ] {
            assert_eq!(band(mark), expected, "{mark}");
        }
    }

    /// A clean table with `broken` ragged rows among 1,000.
    fn with_broken_rows(broken: usize) -> String {
        let mut csv = String::from("id,comuna,monto\n");
        for i in 0..1000 {
            if i < broken {
                csv.push_str(&format!("{i},Arica\n"));
            } else {
                csv.push_str(&format!("{i},Arica,{}\n", 100 + i));
            }
        }
        csv
    }

    #[test]
    fn an_error_is_never_excelente_and_always_visible() {
        let clean = score_of(&with_broken_rows(0), None, "csv");
        let one = score_of(&with_broken_rows(1), None, "csv");
        assert!(
            clean.overall > one.overall,
            "{} vs {}",
            clean.overall,
            one.overall
        );
        assert_ne!(one.band, "excelente");
        assert!(one.overall <= 8.9);
        assert!(one.caps.iter().any(|c| c.id == "G2"));
        let estructura = one.dimensions.estructura.score.unwrap();
        assert!(
            estructura <= 9.5,
            "one broken row in a thousand shows: {estructura}"
        );
        assert!(
            one.recommendations
                .iter()
                .any(|r| r.id == "E1" && r.message.contains("missing-cell")),
            "{:?}",
            one.recommendations
        );
    }

    /// Property: adding errors never raises the mark, nor any dimension.
    #[test]
    fn more_errors_never_raise_the_mark() {
        let mut previous: Option<Score> = None;
        for broken in [0, 1, 2, 5, 10, 50, 200, 600] {
            let score = score_of(&with_broken_rows(broken), None, "csv");
            if let Some(before) = &previous {
                assert!(
                    score.overall <= before.overall,
                    "{broken}: {} > {}",
                    score.overall,
                    before.overall
                );
                let pairs = [
                    (&score.dimensions.estructura, &before.dimensions.estructura),
                    (&score.dimensions.coherencia, &before.dimensions.coherencia),
                    (
                        &score.dimensions.consistencia,
                        &before.dimensions.consistencia,
                    ),
                ];
                for (now, then) in pairs {
                    assert!(
                        now.score <= then.score,
                        "{broken}: {:?} > {:?}",
                        now.score,
                        then.score
                    );
                }
            }
            previous = Some(score);
        }
    }

    #[test]
    fn an_unreadable_source_scores_one() {
        let score = score_of("", None, "csv");
        assert_eq!(score.overall, 1.0);
        assert!(score.caps.iter().any(|c| c.id == "G1"));
    }
}
