//! The audit's results: one row per resource, totals, and their JSON and CSV forms.
//!
//! Nothing here depends on time, order of completion or the machine, so two runs over the same
//! files, or N shards merged, give byte-identical summaries.

use calidad::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What became of a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Read and valid.
    Ok,
    /// Read, with errors.
    Invalid,
    /// Not read: missing, not downloaded, not a table calidad reads; `reason` says why.
    CouldNotRead,
}

impl Status {
    /// The status as written in the summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Invalid => "invalid",
            Status::CouldNotRead => "could-not-read",
        }
    }
}

/// Privacy findings of a resource, in numbers (values are never in an audit summary).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyFlags {
    /// Whether any privacy error or warning was found.
    pub flagged: bool,
    /// Privacy finding counts by code.
    pub codes: BTreeMap<String, u64>,
    /// Categories found in columns (`rut`, `email`, `health`…), sorted.
    pub categories: Vec<String>,
    /// The smallest k-anonymity over the tables that have quasi-identifiers.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub k: Option<u64>,
}

/// One resource's line in the summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// Stable key (path, or `ckan:DATASET/RESOURCE`).
    pub id: String,
    /// Where it was read from: the path or URL.
    pub source: String,
    /// CKAN dataset, when from a catalogue.
    pub dataset: Option<String>,
    /// Publishing organization, when known.
    pub organization: Option<String>,
    /// Resource name in the catalogue.
    pub resource: Option<String>,
    /// Format declared by the catalogue.
    pub declared_format: Option<String>,
    /// Format calidad recognised.
    pub format: Option<String>,
    /// ok, invalid or could-not-read.
    pub status: Status,
    /// Why it could not be read.
    pub reason: Option<String>,
    /// Whether every table is valid.
    pub valid: bool,
    /// Tables checked (sheets, archive members, package resources).
    pub tables: u64,
    /// Data rows over all tables.
    pub rows: u64,
    /// Size of the file.
    pub bytes: u64,
    /// SHA-256 of the file, the key `--resume` compares.
    pub sha256: Option<String>,
    /// Errors found.
    pub errors: u64,
    /// Warnings found.
    pub warnings: u64,
    /// Findings by code (exact counts).
    pub error_counts: BTreeMap<String, u64>,
    /// Privacy findings.
    pub privacy: PrivacyFlags,
    /// The lowest 1–10 score among its tables.
    pub score: Option<f64>,
    /// That score's band.
    pub band: Option<String>,
    /// `metadata-error` findings in its dataset's CKAN metadata.
    pub metadata_errors: Option<u64>,
    /// The full report, relative to the output directory.
    pub report: Option<String>,
    /// The first table's header, case-folded and trimmed (for consistency across a dataset's
    /// resources); empty when nothing was read.
    #[serde(default)]
    pub labels: Vec<String>,
    /// The server's `ETag` for a downloaded resource, for a conditional request on `--resume`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The server's `Last-Modified` for a downloaded resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// Codes whose presence in every table means calidad could not read the file as a table.
const UNREADABLE_CODES: [&str; 2] = ["format-error", "source-error"];

/// Codes that belong to the privacy checks.
const PRIVACY_CODES: [&str; 6] = [
    "personal-data",
    "possible-personal-data",
    "personal-data-in-text",
    "sensitive-data",
    "sensitive-data-exposed",
    "reidentification-risk",
];

impl Row {
    /// A row for a resource that could not be read.
    pub fn could_not_read(base: RowBase, reason: String) -> Row {
        Row {
            status: Status::CouldNotRead,
            reason: Some(reason),
            ..Row::empty(base)
        }
    }

    fn empty(base: RowBase) -> Row {
        Row {
            id: base.id,
            source: base.source,
            dataset: base.dataset,
            organization: base.organization,
            resource: base.resource,
            declared_format: base.declared_format,
            format: None,
            status: Status::Ok,
            reason: None,
            valid: false,
            tables: 0,
            rows: 0,
            bytes: base.bytes,
            sha256: base.sha256,
            errors: 0,
            warnings: 0,
            error_counts: BTreeMap::new(),
            privacy: PrivacyFlags::default(),
            score: None,
            band: None,
            metadata_errors: base.metadata_errors,
            report: None,
            labels: Vec::new(),
            etag: None,
            last_modified: None,
        }
    }

    /// The row of a validated resource.
    pub fn from_report(base: RowBase, report: &Report, report_path: String) -> Row {
        let mut row = Row::empty(base);
        row.report = Some(report_path);
        row.valid = report.valid;
        row.tables = report.tasks.len() as u64;
        row.format = report.tasks.first().map(|t| t.calidad.format.clone());
        row.labels = report
            .tasks
            .first()
            .map(|t| t.labels.iter().map(|l| l.trim().to_lowercase()).collect())
            .unwrap_or_default();
        let mut categories = std::collections::BTreeSet::new();
        for task in &report.tasks {
            row.rows += task.stats.rows.unwrap_or(0);
            row.errors += task.stats.errors;
            row.warnings += task.stats.warnings;
            for (code, count) in &task.calidad.error_counts {
                *row.error_counts.entry(code.clone()).or_default() += count;
                if PRIVACY_CODES.contains(&code.as_str()) {
                    *row.privacy.codes.entry(code.clone()).or_default() += count;
                }
            }
            if let Some(privacy) = &task.calidad.added.privacy {
                for field in &privacy.fields {
                    if field.severity != calidad::Severity::Info {
                        categories.insert(field.category.clone());
                    }
                }
                if let Some(reid) = &privacy.reidentification {
                    row.privacy.k = Some(row.privacy.k.map_or(reid.k, |k| k.min(reid.k)));
                }
            }
            if let Some(score) = &task.calidad.added.score
                && row.score.is_none_or(|lowest| score.overall < lowest)
            {
                row.score = Some(score.overall);
                row.band = Some(score.band.clone());
            }
        }
        row.privacy.categories = categories.into_iter().collect();
        row.privacy.flagged = !row.privacy.codes.is_empty() || !row.privacy.categories.is_empty();
        let unreadable = report.tasks.iter().all(|task| {
            task.errors
                .iter()
                .any(|e| UNREADABLE_CODES.contains(&e.code.as_str()))
        });
        row.status = if report.tasks.is_empty() || unreadable {
            row.reason = report
                .tasks
                .iter()
                .flat_map(|t| &t.errors)
                .find(|e| UNREADABLE_CODES.contains(&e.code.as_str()))
                .map(|e| format!("{}: {}", e.code, e.message))
                .or_else(|| Some("no table found".to_owned()));
            row.labels.clear();
            Status::CouldNotRead
        } else if report.valid {
            Status::Ok
        } else {
            Status::Invalid
        };
        row
    }
}

/// What a row knows before validation.
#[derive(Clone, Debug, Default)]
pub struct RowBase {
    /// See [`Row::id`].
    pub id: String,
    /// See [`Row::source`].
    pub source: String,
    /// See [`Row::dataset`].
    pub dataset: Option<String>,
    /// See [`Row::organization`].
    pub organization: Option<String>,
    /// See [`Row::resource`].
    pub resource: Option<String>,
    /// See [`Row::declared_format`].
    pub declared_format: Option<String>,
    /// See [`Row::bytes`].
    pub bytes: u64,
    /// See [`Row::sha256`].
    pub sha256: Option<String>,
    /// See [`Row::metadata_errors`].
    pub metadata_errors: Option<u64>,
}

/// Counts per status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCounts {
    /// Valid resources.
    pub ok: u64,
    /// Invalid resources.
    pub invalid: u64,
    /// Resources that could not be read.
    pub could_not_read: u64,
}

impl StatusCounts {
    fn add(&mut self, status: Status) {
        match status {
            Status::Ok => self.ok += 1,
            Status::Invalid => self.invalid += 1,
            Status::CouldNotRead => self.could_not_read += 1,
        }
    }
}

/// One organization's results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationSummary {
    /// The organization (`null` for resources outside a catalogue).
    pub name: Option<String>,
    /// Its resources.
    pub resources: u64,
    /// By status.
    pub status: StatusCounts,
    /// Resources with privacy flags.
    pub privacy_flagged: u64,
    /// Mean score over its scored resources.
    pub mean_score: Option<f64>,
}

/// One catalogue dataset's resources taken together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatasetSummary {
    /// The dataset (CKAN package name).
    pub name: String,
    /// Its organization.
    pub organization: Option<String>,
    /// Its resources in the audit.
    pub resources: u64,
    /// Those read as tables.
    pub tables: u64,
    /// The rubric's S6: the mean Jaccard similarity of each table's header (case-folded) with
    /// the dataset's most common header; 1 when every yearly file has the same columns. `null`
    /// with fewer than two tables.
    pub header_consistency: Option<f64>,
    /// Tables whose header differs from the most common one, by id.
    pub differing: Vec<String>,
}

/// The whole audit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The calidad version that wrote it.
    pub calidad_version: String,
    /// Resources audited.
    pub resources: u64,
    /// By status.
    pub status: StatusCounts,
    /// Resources with privacy flags.
    pub privacy_flagged: u64,
    /// Data rows over all resources.
    pub rows: u64,
    /// Bytes over all resources.
    pub bytes: u64,
    /// Mean score over scored resources.
    pub mean_score: Option<f64>,
    /// Scored resources per whole point: index 0 counts scores in [1, 2), …, index 8 in [9, 10].
    pub score_distribution: Vec<u64>,
    /// Findings by code over all resources.
    pub error_counts: BTreeMap<String, u64>,
    /// Results by organization, by name.
    pub organizations: Vec<OrganizationSummary>,
    /// Catalogue datasets, by name, with the consistency of their resources' headers.
    pub datasets: Vec<DatasetSummary>,
    /// One row per resource, by id.
    pub rows_by_resource: Vec<Row>,
}

fn mean(scores: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = scores.fold((0.0, 0u64), |(s, c), x| (s + x, c + 1));
    (count > 0).then(|| (sum / count as f64 * 100.0).round() / 100.0)
}

impl Summary {
    /// Totals over rows (sorted by id here, so the result does not depend on their order).
    pub fn from_rows(mut rows: Vec<Row>) -> Summary {
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        rows.dedup_by(|a, b| a.id == b.id);
        let mut status = StatusCounts::default();
        let mut error_counts = BTreeMap::new();
        let mut distribution = vec![0u64; 9];
        let mut organizations: BTreeMap<Option<String>, Vec<&Row>> = BTreeMap::new();
        for row in &rows {
            status.add(row.status);
            for (code, count) in &row.error_counts {
                *error_counts.entry(code.clone()).or_default() += count;
            }
            if let Some(score) = row.score {
                let bin = (score.floor() as i64 - 1).clamp(0, 8) as usize;
                distribution[bin] += 1;
            }
            organizations
                .entry(row.organization.clone())
                .or_default()
                .push(row);
        }
        let organizations = organizations
            .into_iter()
            .map(|(name, rows)| {
                let mut status = StatusCounts::default();
                rows.iter().for_each(|r| status.add(r.status));
                OrganizationSummary {
                    name,
                    resources: rows.len() as u64,
                    status,
                    privacy_flagged: rows.iter().filter(|r| r.privacy.flagged).count() as u64,
                    mean_score: mean(rows.iter().filter_map(|r| r.score)),
                }
            })
            .collect();
        let datasets = datasets(&rows);
        Summary {
            calidad_version: env!("CARGO_PKG_VERSION").to_owned(),
            resources: rows.len() as u64,
            status,
            privacy_flagged: rows.iter().filter(|r| r.privacy.flagged).count() as u64,
            rows: rows.iter().map(|r| r.rows).sum(),
            bytes: rows.iter().map(|r| r.bytes).sum(),
            mean_score: mean(rows.iter().filter_map(|r| r.score)),
            score_distribution: distribution,
            error_counts,
            organizations,
            datasets,
            rows_by_resource: rows,
        }
    }

    /// `summary.csv`: one row per resource, then one column per finding code.
    pub fn to_csv(&self) -> String {
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let fixed = [
            "id",
            "dataset",
            "organization",
            "resource",
            "source",
            "format",
            "declared_format",
            "status",
            "reason",
            "valid",
            "tables",
            "rows",
            "bytes",
            "errors",
            "warnings",
            "score",
            "band",
            "privacy_flagged",
            "privacy_categories",
            "k",
            "metadata_errors",
            "sha256",
            "report",
        ];
        let codes: Vec<&String> = self.error_counts.keys().collect();
        let header: Vec<String> = fixed
            .iter()
            .map(|s| (*s).to_owned())
            .chain(codes.iter().map(|c| (*c).clone()))
            .collect();
        // Writing to memory cannot fail.
        let _ = out.write_record(&header);
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
        for row in &self.rows_by_resource {
            let mut cells = vec![
                row.id.clone(),
                opt(&row.dataset),
                opt(&row.organization),
                opt(&row.resource),
                row.source.clone(),
                opt(&row.format),
                opt(&row.declared_format),
                row.status.as_str().to_owned(),
                opt(&row.reason),
                row.valid.to_string(),
                row.tables.to_string(),
                row.rows.to_string(),
                row.bytes.to_string(),
                row.errors.to_string(),
                row.warnings.to_string(),
                row.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
                opt(&row.band),
                row.privacy.flagged.to_string(),
                row.privacy.categories.join(" "),
                num(row.privacy.k),
                num(row.metadata_errors),
                opt(&row.sha256),
                opt(&row.report),
            ];
            cells.extend(codes.iter().map(|code| {
                row.error_counts
                    .get(*code)
                    .copied()
                    .unwrap_or(0)
                    .to_string()
            }));
            let _ = out.write_record(&cells);
        }
        let bytes = out.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

impl Summary {
    /// `resumen-excel.csv`: the summary for a person with a spreadsheet — what Excel on a
    /// Spanish-language Windows opens correctly by double-click: UTF-8 with a byte-order mark
    /// (without it the accents are garbled), `;` between cells (Excel's list separator where
    /// the decimal mark is a comma), decimal commas, CRLF, and headers and values in Spanish.
    /// `summary.csv` stays as it is, for programs.
    pub fn to_excel_csv(&self) -> String {
        let mut out = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let header = [
            "archivo",
            "conjunto de datos",
            "organización",
            "recurso",
            "formato",
            "estado",
            "motivo",
            "tablas",
            "filas",
            "errores",
            "advertencias",
            "nota",
            "banda",
            "datos personales",
            "informe",
        ];
        // Writing to memory cannot fail.
        let _ = out.write_record(header);
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        for row in &self.rows_by_resource {
            let status = match row.status {
                Status::Ok => "válido",
                Status::Invalid => "no válido",
                Status::CouldNotRead => "no se pudo leer",
            };
            let cells = [
                row.source.clone(),
                opt(&row.dataset),
                opt(&row.organization),
                opt(&row.resource),
                opt(&row.format),
                status.to_owned(),
                opt(&row.reason),
                row.tables.to_string(),
                row.rows.to_string(),
                row.errors.to_string(),
                row.warnings.to_string(),
                row.score
                    .map(|s| format!("{s:.1}").replace('.', ","))
                    .unwrap_or_default(),
                opt(&row.band),
                if row.privacy.flagged { "sí" } else { "no" }.to_owned(),
                opt(&row.report),
            ];
            let _ = out.write_record(&cells);
        }
        let bytes = out.into_inner().unwrap_or_default();
        format!("\u{feff}{}", String::from_utf8(bytes).unwrap_or_default())
    }
}

/// Per dataset, how alike its tables' headers are (rows sorted by id, so deterministic).
fn datasets(rows: &[Row]) -> Vec<DatasetSummary> {
    let mut by_dataset: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for row in rows {
        if let Some(dataset) = &row.dataset {
            by_dataset.entry(dataset).or_default().push(row);
        }
    }
    by_dataset
        .into_iter()
        .map(|(name, rows)| {
            let tables: Vec<(&Row, std::collections::BTreeSet<&str>)> = rows
                .iter()
                .filter(|r| !r.labels.is_empty())
                .map(|r| (*r, r.labels.iter().map(String::as_str).collect()))
                .collect();
            let (header_consistency, differing) = if tables.len() < 2 {
                (None, Vec::new())
            } else {
                // The most common header; ties go to the smallest, for determinism.
                let mut counts: BTreeMap<&std::collections::BTreeSet<&str>, u64> = BTreeMap::new();
                for (_, header) in &tables {
                    *counts.entry(header).or_default() += 1;
                }
                let modal = counts
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(header, _)| (*header).clone())
                    .unwrap_or_default();
                let jaccard = |header: &std::collections::BTreeSet<&str>| {
                    let union = header.union(&modal).count();
                    if union == 0 {
                        1.0
                    } else {
                        header.intersection(&modal).count() as f64 / union as f64
                    }
                };
                let mean =
                    tables.iter().map(|(_, h)| jaccard(h)).sum::<f64>() / tables.len() as f64;
                let differing = tables
                    .iter()
                    .filter(|(_, h)| *h != modal)
                    .map(|(r, _)| r.id.clone())
                    .collect();
                (Some((mean * 1000.0).round() / 1000.0), differing)
            };
            DatasetSummary {
                name: name.to_owned(),
                organization: rows.first().and_then(|r| r.organization.clone()),
                resources: rows.len() as u64,
                tables: tables.len() as u64,
                header_consistency,
                differing,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, org: Option<&str>, score: Option<f64>, status: Status) -> Row {
        let mut row = Row::empty(RowBase {
            id: id.into(),
            organization: org.map(str::to_owned),
            ..RowBase::default()
        });
        row.score = score;
        row.status = status;
        row
    }

    #[test]
    fn totals_do_not_depend_on_row_order() {
        let rows = vec![
            row("b", Some("INE"), Some(9.99), Status::Ok),
            row("a", Some("INE"), Some(1.0), Status::Invalid),
            row("c", None, None, Status::CouldNotRead),
            row("d", Some("MINSAL"), Some(10.0), Status::Ok),
        ];
        let mut reversed = rows.clone();
        reversed.reverse();
        let one = Summary::from_rows(rows);
        assert_eq!(one, Summary::from_rows(reversed));
        assert_eq!(one.score_distribution, vec![1, 0, 0, 0, 0, 0, 0, 0, 2]);
        assert_eq!(
            one.status,
            StatusCounts {
                ok: 2,
                invalid: 1,
                could_not_read: 1
            }
        );
        assert_eq!(one.organizations.len(), 3);
        assert_eq!(one.organizations[1].mean_score, Some(5.5));
        assert_eq!(one.rows_by_resource[0].id, "a");
    }

    #[test]
    fn header_consistency_across_a_dataset() {
        let table = |id: &str, labels: &[&str]| {
            let mut row = row(id, Some("INE"), Some(9.0), Status::Ok);
            row.dataset = Some("casos".into());
            row.labels = labels.iter().map(|l| (*l).to_owned()).collect();
            row
        };
        let rows = vec![
            table("a-2021", &["comuna", "casos"]),
            table("a-2022", &["comuna", "casos"]),
            table("a-2023", &["comuna", "contagios"]),
            table("a-notas", &[]),
        ];
        let summary = Summary::from_rows(rows);
        let dataset = &summary.datasets[0];
        assert_eq!((dataset.resources, dataset.tables), (4, 3));
        // Jaccard 1, 1 and 1/3 with the modal header.
        assert_eq!(dataset.header_consistency, Some(0.778));
        assert_eq!(dataset.differing, ["a-2023"]);
        let single = Summary::from_rows(vec![table("b", &["x"])]);
        assert_eq!(single.datasets[0].header_consistency, None);
    }
}
