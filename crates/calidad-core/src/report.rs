//! The report: Frictionless v5's shape, so CKAN's validation extension can show it, plus one
//! `calidad` object per task with what Frictionless has no place for.
//!
//! The types serialize to the JSON that `calidad validate --format json` prints and deserialize
//! from it, so the JSON is a tested contract (its JSON Schema is `schemas/report.schema.json`).

use crate::encoding::EncodingSource;
use crate::engine::{EncodingInfo, TableOutcome};
use crate::finding::Finding;
use crate::lang::Lang;
use crate::rule::Severity;
use crate::sniff::Sniffed;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What other crates add to each task's `calidad` object (privacy, profile, score): a type
/// they define, flattened into the same JSON object. Core adds nothing of its own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoExtension {}

/// A validation report over one or more tasks (tables).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(
    serialize = "E: Serialize",
    deserialize = "E: Deserialize<'de> + Default"
))]
pub struct Report<E = NoExtension> {
    /// True when no task has an error.
    pub valid: bool,
    /// Totals.
    pub stats: ReportStats,
    /// Report-level warnings (none so far; kept for Frictionless compatibility).
    pub warnings: Vec<String>,
    /// Report-level errors (none so far; kept for Frictionless compatibility).
    pub errors: Vec<ReportError>,
    /// One entry per table.
    pub tasks: Vec<ReportTask<E>>,
}

/// Report totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportStats {
    /// Number of tasks.
    pub tasks: u64,
    /// Errors over all tasks (exact, even when lists were cut).
    pub errors: u64,
    /// Warnings over all tasks.
    pub warnings: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// One table's results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(
    serialize = "E: Serialize",
    deserialize = "E: Deserialize<'de> + Default"
))]
pub struct ReportTask<E = NoExtension> {
    /// The table's name (file name without extension).
    pub name: String,
    /// Always `table`.
    #[serde(rename = "type")]
    pub kind: String,
    /// True when the table has no error.
    pub valid: bool,
    /// Where it came from (the path as given, or `-` for standard input).
    pub place: String,
    /// Header labels as written.
    pub labels: Vec<String>,
    /// Counts and hashes.
    pub stats: TaskStats,
    /// Warning messages, as Frictionless lists them (plain strings).
    pub warnings: Vec<String>,
    /// The errors kept (see `calidad.errorCounts` for exact counts).
    pub errors: Vec<ReportError>,
    /// What calidad adds.
    pub calidad: CalidadTask<E>,
}

/// A task's counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskStats {
    /// Errors found (exact).
    pub errors: u64,
    /// Warnings found.
    pub warnings: u64,
    /// Wall-clock seconds for this task.
    pub seconds: f64,
    /// Bytes read.
    pub bytes: u64,
    /// Number of header labels.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fields: Option<u64>,
    /// Data rows after the header.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rows: Option<u64>,
    /// SHA-256 of the bytes read, lowercase hex.
    pub sha256: String,
}

/// One finding in Frictionless' error shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportError {
    /// The code, e.g. `extra-cell`.
    #[serde(rename = "type")]
    pub code: String,
    /// Short title.
    pub title: String,
    /// What the code means.
    pub description: String,
    /// This finding, in one sentence.
    pub message: String,
    /// Frictionless tags.
    pub tags: Vec<String>,
    /// Extra detail (may be empty).
    pub note: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// Row (record) number; header = 1 unless title rows come first.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub row_number: Option<u64>,
    /// Rows of a header finding (Frictionless puts label errors on `rowNumbers`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub row_numbers: Option<Vec<u64>>,
    /// Physical line where the row starts (calidad addition).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line_number: Option<u64>,
    /// 1-based field number.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field_number: Option<u64>,
    /// Field name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field_name: Option<String>,
    /// The cell (cut to 500 characters).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cell: Option<String>,
    /// The row's cells (at most 100, each cut to 500 characters).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cells: Option<Vec<String>>,
    /// The label, for label findings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// The header's labels, for header findings (at most 100).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub labels: Option<Vec<String>>,
}

/// calidad's own per-task data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    bound(
        serialize = "E: Serialize",
        deserialize = "E: Deserialize<'de> + Default"
    )
)]
pub struct CalidadTask<E = NoExtension> {
    /// calidad's version.
    pub version: String,
    /// `csv`, or the real format of a source that is not a text table.
    pub format: String,
    /// Encoding used to read the source (absent when it is not text).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encoding: Option<String>,
    /// How the encoding was chosen: `bom`, `forced`, `content`, `detected`, `utf16-pattern`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encoding_source: Option<String>,
    /// Whether a byte-order mark was present.
    pub bom: bool,
    /// The dialect (absent when the source is not text).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dialect: Option<DialectReport>,
    /// Physical lines read.
    pub lines: u64,
    /// Exact number of findings per code (errors, warnings and notices), even when lists were cut.
    pub error_counts: BTreeMap<String, u64>,
    /// Warnings and notices in the error shape.
    pub findings: Vec<ReportError>,
    /// Whether the error list was cut by the error limit.
    pub errors_truncated: bool,
    /// The Table Schema the table was checked with: the one given, or the one inferred from
    /// the whole table (usable as the resource's data dictionary).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub schema: Option<crate::schema::Schema>,
    /// `given` or `inferred`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub schema_source: Option<String>,
    /// What other crates add (the privacy block, the profile, the score), in this object.
    #[serde(flatten)]
    pub added: E,
}

/// The dialect, named as in Frictionless' CSV dialect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DialectReport {
    /// Field separator.
    pub delimiter: String,
    /// Quote character.
    pub quote_char: String,
    /// Doubled quotes stand for one quote inside quoted cells.
    pub double_quote: bool,
    /// Spaces after a delimiter are skipped.
    pub skip_initial_space: bool,
    /// The table has a header row.
    pub header: bool,
    /// 1-based row of the header.
    pub header_row: u64,
    /// Line ends seen most (`\n`, `\r\n`, `\r`, or empty for a single line).
    pub line_terminator: String,
    /// Whether the delimiter was sniffed rather than given.
    pub delimiter_sniffed: bool,
}

/// Identifies a task: its name and where it came from.
#[derive(Clone, Debug)]
pub struct TaskMeta {
    /// Name (file stem).
    pub name: String,
    /// Path as given, or `-`.
    pub place: String,
    /// Seconds spent.
    pub seconds: f64,
}

/// Renders one finding in `lang`.
pub fn render_finding(finding: &Finding, lang: Lang) -> ReportError {
    let rule = finding.rule;
    let header_level = rule.tags.contains(&"#header");
    ReportError {
        code: rule.code.to_owned(),
        title: rule.title.get(lang).to_owned(),
        description: rule.description.get(lang).to_owned(),
        message: (rule.message)(finding, lang),
        tags: rule.tags.iter().map(|t| (*t).to_owned()).collect(),
        note: (rule.note)(finding, lang),
        severity: rule.severity,
        row_number: if header_level {
            None
        } else {
            finding.row_number
        },
        row_numbers: if header_level {
            finding.row_number.map(|r| vec![r])
        } else {
            None
        },
        line_number: finding.line_number,
        field_number: finding.field_number,
        field_name: finding.field_name.clone(),
        cell: finding.cell.clone(),
        cells: finding.cells.clone(),
        label: finding.label.clone(),
        labels: finding.labels.as_ref().map(|labels| {
            labels
                .iter()
                .take(crate::finding::MAX_CONTEXT_CELLS)
                .map(|l| crate::finding::bounded(l))
                .collect()
        }),
    }
}

fn encoding_source_name(source: EncodingSource) -> &'static str {
    match source {
        EncodingSource::Bom => "bom",
        EncodingSource::Forced => "forced",
        EncodingSource::Utf8Content => "content",
        EncodingSource::Detected => "detected",
        EncodingSource::Utf16Pattern => "utf16-pattern",
    }
}

fn dialect_report(sniffed: &Sniffed) -> DialectReport {
    DialectReport {
        delimiter: char::from(sniffed.dialect.delimiter).to_string(),
        quote_char: sniffed
            .dialect
            .quote
            .map(|q| char::from(q).to_string())
            .unwrap_or_default(),
        double_quote: true,
        skip_initial_space: sniffed.dialect.skip_initial_space,
        header: true,
        header_row: sniffed.header_row,
        line_terminator: sniffed.line_terminator.as_str().to_owned(),
        delimiter_sniffed: sniffed.delimiter_guessed,
    }
}

/// Renders one table's outcome as a report task, messages in `lang`.
pub fn render_task<E: Default>(
    outcome: &TableOutcome,
    meta: &TaskMeta,
    lang: Lang,
) -> ReportTask<E> {
    let mut task = render_without_schema(outcome, meta, lang);
    task.calidad.schema = outcome.schema.as_ref().map(|s| s.schema.clone());
    task
}

/// Like [`render_task`], but moves the schema out of the outcome instead of copying it (a table
/// with 200,000 columns has a schema of as many fields).
pub fn into_task<E: Default>(
    mut outcome: TableOutcome,
    meta: &TaskMeta,
    lang: Lang,
) -> ReportTask<E> {
    let schema = outcome.schema.take();
    let mut task = render_without_schema(&outcome, meta, lang);
    task.calidad.schema_source = schema.as_ref().map(|s| s.source.to_owned());
    task.calidad.schema = schema.map(|s| s.schema);
    task
}

fn render_without_schema<E: Default>(
    outcome: &TableOutcome,
    meta: &TaskMeta,
    lang: Lang,
) -> ReportTask<E> {
    let findings = &outcome.findings;
    let errors: Vec<ReportError> = findings
        .errors()
        .iter()
        .map(|f| render_finding(f, lang))
        .collect();
    let others: Vec<ReportError> = findings
        .others()
        .iter()
        .map(|f| render_finding(f, lang))
        .collect();
    let mut warnings: Vec<String> = others
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| f.message.clone())
        .collect();
    if findings.errors_cut() {
        warnings.push(match lang {
            Lang::Es => format!(
                "se alcanzó el límite de errores: {} (los conteos de calidad.errorCounts son exactos)",
                findings.limit()
            ),
            Lang::En => format!(
                "reached error limit: {} (counts in calidad.errorCounts are exact)",
                findings.limit()
            ),
        });
    }
    let labels = outcome
        .header
        .as_ref()
        .map(|h| h.labels.to_vec())
        .unwrap_or_default();
    let (encoding, encoding_source, bom) = match &outcome.encoding {
        Some(EncodingInfo { name, bom, source }) => (
            Some(name.clone()),
            Some(encoding_source_name(*source).to_owned()),
            *bom,
        ),
        None => (None, None, false),
    };
    let format = match outcome.detected_kind {
        None => "csv",
        Some(kind) => kind_code(kind),
    };
    let text = outcome.encoding.is_some() || outcome.header.is_some();
    ReportTask {
        name: meta.name.clone(),
        kind: "table".to_owned(),
        valid: outcome.valid(),
        place: meta.place.clone(),
        stats: TaskStats {
            errors: findings.error_total(),
            warnings: warnings.len() as u64,
            seconds: meta.seconds,
            bytes: outcome.bytes,
            fields: text.then_some(labels.len() as u64),
            rows: text.then_some(outcome.rows),
            sha256: outcome.sha256.clone(),
        },
        labels,
        warnings,
        errors,
        calidad: CalidadTask {
            version: crate::VERSION.to_owned(),
            format: format.to_owned(),
            encoding,
            encoding_source,
            bom,
            dialect: outcome.dialect.as_ref().map(dialect_report),
            lines: outcome.lines,
            error_counts: findings
                .counts()
                .iter()
                .map(|(code, n)| ((*code).to_owned(), *n))
                .collect(),
            findings: others,
            errors_truncated: findings.errors_cut(),
            schema: None,
            schema_source: outcome.schema.as_ref().map(|s| s.source.to_owned()),
            added: E::default(),
        },
    }
}

fn kind_code(kind: crate::finding::FileKind) -> &'static str {
    use crate::finding::FileKind;
    match kind {
        FileKind::Xlsx => "xlsx",
        FileKind::Ods => "ods",
        FileKind::Zip => "zip",
        FileKind::Ole2 => "xls",
        FileKind::SpreadsheetMl => "spreadsheetml",
        FileKind::Xml => "xml",
        FileKind::Html => "html",
        FileKind::Pdf => "pdf",
        FileKind::Gzip => "gz",
        FileKind::Parquet => "parquet",
        FileKind::Image => "image",
        FileKind::Json => "json",
        FileKind::NonTabularJson => "json",
        FileKind::TextTable => "csv",
        FileKind::Binary => "binary",
    }
}

impl<E> Report<E> {
    /// A report over `tasks`.
    pub fn from_tasks(tasks: Vec<ReportTask<E>>, seconds: f64) -> Report<E> {
        Report {
            valid: tasks.iter().all(|t| t.valid),
            stats: ReportStats {
                tasks: tasks.len() as u64,
                errors: tasks.iter().map(|t| t.stats.errors).sum(),
                warnings: tasks.iter().map(|t| t.stats.warnings).sum(),
                seconds,
            },
            warnings: Vec::new(),
            errors: Vec::new(),
            tasks,
        }
    }
}
