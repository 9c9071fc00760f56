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

/// A validation report over one or more tasks (tables).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// True when no task has an error.
    pub valid: bool,
    /// Totals.
    pub stats: ReportStats,
    /// Report-level warnings (none so far; kept for Frictionless compatibility).
    pub warnings: Vec<String>,
    /// Report-level errors (none so far; kept for Frictionless compatibility).
    pub errors: Vec<ReportError>,
    /// One entry per table.
    pub tasks: Vec<ReportTask>,
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
pub struct ReportTask {
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
    pub calidad: CalidadTask,
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
#[serde(rename_all = "camelCase")]
pub struct CalidadTask {
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
    /// Columns holding personal or sensitive data, with masked examples only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub privacy: Option<PrivacyBlock>,
    /// Per-column statistics (cells, missing values, whitespace, categories, domain checks).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub profile: Option<TableProfile>,
    /// The 1–10 quality score over six dimensions, with what it is made of.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score: Option<Score>,
}

/// Statistics of a table's columns, gathered in the single pass.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableProfile {
    /// Data rows profiled (every row up to a million, then one in eight).
    pub rows: u64,
    /// Whether rows were taken at a stride rather than all.
    pub sampled: bool,
    /// Rows with no missing cell.
    pub complete_rows: u64,
    /// One entry per column, in order.
    pub fields: Vec<FieldProfile>,
}

/// Statistics of one column.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldProfile {
    /// The column's name.
    pub name: String,
    /// Cells with a value.
    pub values: u64,
    /// Cells empty, blank, or a placeholder (`NA`, `s/i`, `-`, `#N/A`…).
    pub missing: u64,
    /// Cells with leading or trailing spaces.
    pub padded: u64,
    /// Cells with control characters or U+FFFD.
    pub garbled: u64,
    /// Distinct values (counted while there are at most 64; `None` beyond: not a category).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub distinct: Option<u64>,
    /// Distinct values that are variants of another one (`Ñuñoa`, `NUÑOA`, `Nunoa`).
    pub variants: u64,
    /// Values checked against the column's domain (RUT check digit, comuna, region, age, …).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub domain: Option<DomainCheck>,
}

/// Values of a recognised column checked against its domain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainCheck {
    /// `rut`, `comuna`, `region`, `age`, `latitude`, `longitude`, `email`, `non-negative`.
    pub kind: String,
    /// Values checked.
    pub checked: u64,
    /// Values in the domain.
    pub valid: u64,
}

/// The deterministic quality score of a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    /// 1–10, one decimal, after caps.
    pub overall: f64,
    /// 1–10 before caps: what fixing the capped problems would give.
    pub uncapped: f64,
    /// `excelente` (9–10), `bueno` (6–8), `suficiente` (4–5), `deficiente` (1–3).
    pub band: String,
    /// Share of the rubric's weight that could be computed (below 0.6 the score is provisional).
    pub coverage: f64,
    /// Whether too little could be computed for the score to be trusted.
    pub provisional: bool,
    /// The date freshness is judged on, when metadata were given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub as_of: Option<String>,
    /// The six dimensions.
    pub dimensions: Dimensions,
    /// Caps that overrode the average.
    pub caps: Vec<Cap>,
    /// What to fix, most points first.
    pub recommendations: Vec<Recommendation>,
    /// The rubric's version (weights and thresholds).
    pub rubric_version: String,
    /// An LLM's reading (`--ai`), beside the deterministic score, never instead of it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ai: Option<AiScore>,
}

/// What an LLM said of the table, capped like the deterministic score.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AiScore {
    /// The model asked.
    pub model: String,
    /// Its 1–10 mark after the deterministic caps (`None` when it gave no usable answer).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub overall: Option<f64>,
    /// Its mark and comment per dimension.
    pub dimensions: BTreeMap<String, AiDimension>,
    /// Its recommendations.
    pub recommendations: Vec<AiRecommendation>,
    /// Its summary.
    pub summary: String,
    /// Whether its mark and the deterministic one are 3 or more points apart.
    pub discrepancy: bool,
    /// Why there is no usable answer (the deterministic score stands).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub notice: Option<String>,
}

/// An LLM's mark and comment for one dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AiDimension {
    /// 1–10.
    pub score: u8,
    /// Its comment.
    pub comment: String,
}

/// An LLM's recommendation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AiRecommendation {
    /// `alta`, `media` or `baja`.
    pub priority: String,
    /// The dimension it improves.
    pub dimension: String,
    /// What to do.
    pub action: String,
}

/// The six dimensions of the score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dimensions {
    /// Can a machine read this as one clean table?
    pub estructura: Dimension,
    /// Is the data there, and is it described?
    pub completitud: Dimension,
    /// Do values make sense, and does the metadata match?
    pub coherencia: Dimension,
    /// Can anyone get and reuse it?
    pub accesibilidad: Dimension,
    /// Is everything represented the same way?
    pub consistencia: Dimension,
    /// Risk of exposing people.
    pub privacidad: Dimension,
}

/// One dimension's mark and its indicators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dimension {
    /// 1–10, one decimal (`None` when no indicator could be computed).
    pub score: Option<f64>,
    /// Share of the dimension's indicator weight that could be computed.
    pub coverage: f64,
    /// The indicators.
    pub indicators: Vec<Indicator>,
}

/// One indicator: a value in 0..1 (or `None`: not applicable), its weight and its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Indicator {
    /// Stable id (`E3`, `C1`, `P1`…).
    pub id: String,
    /// 0..1, or `None` when it cannot be computed.
    pub value: Option<f64>,
    /// Weight within the dimension.
    pub weight: f64,
    /// The counts behind the value.
    pub evidence: String,
}

/// A cap that overrides the average.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cap {
    /// Stable id (`G1`, `G3`, `G5`).
    pub id: String,
    /// Why it applies.
    pub reason: String,
    /// The highest score allowed.
    pub limit: f64,
}

/// One thing to fix, with the points it would gain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    /// The indicator it comes from.
    pub id: String,
    /// The dimension it improves.
    pub dimension: String,
    /// Points on the 1–10 scale the fix would gain (before caps).
    pub gain: f64,
    /// What to do.
    pub message: String,
}

/// The privacy block of a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyBlock {
    /// One entry per column and category found.
    pub fields: Vec<PrivacyField>,
    /// Re-identification risk over the quasi-identifiers, when the table has some.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reidentification: Option<Reidentification>,
}

/// k-anonymity of a table over its quasi-identifiers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reidentification {
    /// The quasi-identifier columns.
    pub quasi_identifiers: Vec<String>,
    /// The smallest number of rows sharing one combination.
    pub k: u64,
    /// Rows alone in their combination.
    pub unique_records: u64,
    /// Rows in combinations of fewer than 5.
    pub records_at_risk: u64,
    /// What a standard generalisation would leave, computed in the same pass.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub generalization: Option<Generalization>,
}

/// A generalisation of the quasi-identifiers and the k-anonymity it reaches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Generalization {
    /// One step per generalised column.
    pub steps: Vec<GeneralizationStep>,
    /// k after the generalisation.
    pub k: u64,
    /// Rows still in combinations of fewer than 5.
    pub records_at_risk: u64,
}

/// A column and what it is generalised to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneralizationStep {
    /// The column.
    pub field_name: String,
    /// `region` (comuna → región), `age-band-10` (ages in 10-year bands, 80+ together) or
    /// `birth-decade` (dates of birth → decade).
    pub to: String,
}

/// A column holding personal or sensitive data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyField {
    /// The column's name.
    pub field_name: String,
    /// 1-based column number.
    pub field_number: u64,
    /// Category id (`rut`, `email`, `health`…).
    pub category: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// `header`, `content` or `both`.
    pub evidence: String,
    /// Sampled cells that matched.
    pub matched: u64,
    /// Non-empty cells sampled.
    pub sampled: u64,
    /// Share of sampled cells that matched.
    pub confidence: f64,
    /// Masked examples (never a value).
    pub examples: Vec<String>,
}

fn privacy_block(findings: &crate::finding::Findings) -> Option<PrivacyBlock> {
    let mut fields: Vec<PrivacyField> = findings
        .errors()
        .iter()
        .chain(findings.others())
        .filter_map(|f| match &f.detail {
            crate::finding::Detail::Personal {
                category,
                evidence,
                matched,
                sampled,
                confidence,
                examples,
                ..
            } => Some(PrivacyField {
                field_name: f.field_name.clone().unwrap_or_default(),
                field_number: f.field_number.unwrap_or(0),
                category: (*category).to_owned(),
                severity: f.rule.severity,
                evidence: (*evidence).to_owned(),
                matched: *matched,
                sampled: *sampled,
                confidence: *confidence,
                examples: examples.clone(),
            }),
            _ => None,
        })
        .collect();
    // In the table's column order, whatever the severity.
    fields.sort_by_key(|f| f.field_number);
    let reidentification = findings
        .errors()
        .iter()
        .chain(findings.others())
        .find_map(|f| match &f.detail {
            crate::finding::Detail::Reidentification {
                quasi_identifiers,
                k,
                unique_records,
                records_at_risk,
                generalized,
                generalized_k,
                generalized_at_risk,
                ..
            } => Some(Reidentification {
                quasi_identifiers: quasi_identifiers.clone(),
                k: *k,
                unique_records: *unique_records,
                records_at_risk: *records_at_risk,
                generalization: (!generalized.is_empty()).then(|| Generalization {
                    steps: generalized
                        .iter()
                        .map(|(field_name, to)| GeneralizationStep {
                            field_name: field_name.clone(),
                            to: (*to).to_owned(),
                        })
                        .collect(),
                    k: *generalized_k,
                    records_at_risk: *generalized_at_risk,
                }),
            }),
            _ => None,
        });
    (!fields.is_empty() || reidentification.is_some()).then_some(PrivacyBlock {
        fields,
        reidentification,
    })
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
pub fn render_task(outcome: &TableOutcome, meta: &TaskMeta, lang: Lang) -> ReportTask {
    let mut task = render_without_schema(outcome, meta, lang);
    task.calidad.schema = outcome.schema.as_ref().map(|s| s.schema.clone());
    task
}

/// Like [`render_task`], but moves the schema out of the outcome instead of copying it (a table
/// with 200,000 columns has a schema of as many fields).
pub fn into_task(mut outcome: TableOutcome, meta: &TaskMeta, lang: Lang) -> ReportTask {
    let schema = outcome.schema.take();
    let mut task = render_without_schema(&outcome, meta, lang);
    task.calidad.schema_source = schema.as_ref().map(|s| s.source.to_owned());
    task.calidad.schema = schema.map(|s| s.schema);
    task
}

fn render_without_schema(outcome: &TableOutcome, meta: &TaskMeta, lang: Lang) -> ReportTask {
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
            privacy: privacy_block(findings),
            profile: outcome.profile.clone(),
            score: None,
            schema_source: outcome.schema.as_ref().map(|s| s.source.to_owned()),
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

impl Report {
    /// A report over `tasks`.
    pub fn from_tasks(tasks: Vec<ReportTask>, seconds: f64) -> Report {
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
