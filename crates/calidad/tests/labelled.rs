//! calidad's privacy verdicts against a careful reviewer's labels on real public tables
//! (`../shared/corpus/labelled/LABELS.tsv`): column-level recall and precision of personal
//! data, errors on files that should have none, officials, sensitive columns and
//! re-identification — printed as a table, with every disagreement listed, and held to the
//! targets. `benches/labelled.sh` runs it on a release build and keeps the table.
//!
//! Without `../shared` the test says so loudly and skips; in CI (`CI` set) it fails instead.

// Test helpers may panic: a panic here is a failing test, not a crash for a user.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// The table and the skip notice are for the person running the test.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use calidad::{Severity, Validator};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/labelled");
    if dir.join("LABELS.tsv").is_file() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("../shared/corpus/labelled is missing, and CI must run the labelled evaluation");
    }
    eprintln!(
        "\n*** SKIPPED: ../shared/corpus/labelled/LABELS.tsv is not here; the labelled privacy evaluation did not run ***\n"
    );
    None
}

/// One labelled file.
struct Labels {
    file: String,
    kind: String,
    personal: Vec<String>,
    public_person: Vec<String>,
    sensitive: Vec<String>,
    quasi: Vec<String>,
}

fn list(cell: &str) -> Vec<String> {
    cell.split(',')
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

fn labels(dir: &Path) -> Vec<Labels> {
    let text = std::fs::read_to_string(dir.join("LABELS.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (file, kind, personal, public, sensitive, quasi) = (
        at("file"),
        at("kind"),
        at("personal_columns"),
        at("public_person_columns"),
        at("sensitive_columns"),
        at("quasi_identifiers"),
    );
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            Labels {
                file: cells[file].to_owned(),
                kind: cells[kind].to_owned(),
                personal: list(cells[personal]),
                public_person: list(cells[public]),
                sensitive: list(cells[sensitive]),
                quasi: list(cells[quasi]),
            }
        })
        .collect()
}

/// What calidad said about one column of a file (over all its sheets): the highest severity
/// of its column-level personal-data findings, whether it was found sensitive, and the codes.
#[derive(Default, Debug)]
struct Said {
    personal: Option<Severity>,
    sensitive: bool,
    codes: Vec<String>,
}

/// What calidad said about one file.
#[derive(Default)]
struct FileVerdict {
    columns: BTreeMap<String, Said>,
    /// Error-severity privacy findings of any code.
    privacy_errors: Vec<String>,
    /// Whether a re-identification analysis was reported (k over quasi-identifiers).
    reidentification: bool,
}

const COLUMN_CODES: &[&str] = &[
    "personal-data",
    "possible-personal-data",
    "personal-data-allowed",
];

fn verdict(validator: &Validator, path: &Path) -> FileVerdict {
    let report = validator
        .validate_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut verdict = FileVerdict::default();
    for task in &report.tasks {
        let findings = task.errors.iter().chain(&task.calidad.findings);
        for finding in findings {
            let privacy = calidad::calidad_privacy::RULES
                .iter()
                .any(|r| r.code == finding.code);
            if !privacy {
                continue;
            }
            let column = finding.field_name.clone().unwrap_or_default();
            if finding.severity == Severity::Error {
                verdict
                    .privacy_errors
                    .push(format!("{} {}", finding.code, column.trim()));
            }
            if column.is_empty() {
                continue;
            }
            let said = verdict.columns.entry(column.trim().to_owned()).or_default();
            said.codes.push(finding.code.clone());
            if COLUMN_CODES.contains(&finding.code.as_str()) {
                said.personal = said.personal.max(Some(finding.severity));
            }
            if finding.code == "sensitive-data" {
                said.sensitive = true;
            }
        }
        if let Some(privacy) = &task.calidad.added.privacy
            && privacy.reidentification.is_some()
        {
            verdict.reidentification = true;
        }
    }
    verdict
}

fn person_level(kind: &str) -> bool {
    matches!(kind, "individuals" | "officials")
}

#[test]
fn privacy_verdicts_hold_on_labelled_public_tables() {
    let Some(dir) = corpus() else {
        return;
    };
    let validator = Validator::builder()
        .limit_errors(100)
        .score(false)
        .as_of("2026-06-30")
        .unwrap()
        .build();
    let mut table = String::from(
        "| file | kind | personal labelled / found | false errors | officials > warning | sensitive found | re-identification |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    let mut disagreements = Vec::new();
    let (mut labelled, mut found) = (0usize, 0usize);
    let (mut flagged_errors, mut true_errors) = (0usize, 0usize);
    let mut errors_where_none_belong = 0usize;
    let mut officials_over_warning = 0usize;
    let (mut sensitive_labelled, mut sensitive_found) = (0usize, 0usize);
    let (mut quasi_files, mut quasi_reported) = (0usize, 0usize);
    let files = labels(&dir);
    assert!(files.len() >= 40, "LABELS.tsv lists {} files", files.len());
    for file in &files {
        let verdict = verdict(&validator, &dir.join(&file.file));
        let said = |column: &str| verdict.columns.get(column.trim());
        // Recall: a labelled personal column counts as found at any severity.
        let found_here = file
            .personal
            .iter()
            .filter(|c| said(c).is_some_and(|s| s.personal.is_some()))
            .count();
        for column in &file.personal {
            if said(column).is_none_or(|s| s.personal.is_none()) {
                disagreements.push(format!(
                    "{}: «{column}» is labelled personal; calidad said nothing",
                    file.file
                ));
            }
        }
        labelled += file.personal.len();
        found += found_here;
        // Precision: a column flagged as an error must be labelled personal or sensitive.
        let mut false_errors = 0;
        for (column, s) in &verdict.columns {
            if s.personal != Some(Severity::Error) {
                continue;
            }
            flagged_errors += 1;
            let labelled_so = file
                .personal
                .iter()
                .chain(&file.sensitive)
                .any(|c| c.trim() == column);
            if labelled_so {
                true_errors += 1;
            } else {
                false_errors += 1;
                disagreements.push(format!(
                    "{}: «{column}» flagged personal-data (error), not labelled personal or sensitive",
                    file.file
                ));
            }
        }
        if matches!(
            file.kind.as_str(),
            "establishments" | "companies" | "aggregated"
        ) {
            errors_where_none_belong += verdict.privacy_errors.len();
            for error in &verdict.privacy_errors {
                disagreements.push(format!(
                    "{} ({}): error-severity privacy finding {error}",
                    file.file, file.kind
                ));
            }
        }
        let officials = file
            .public_person
            .iter()
            .filter(|c| said(c).is_some_and(|s| s.personal == Some(Severity::Error)))
            .count();
        for column in &file.public_person {
            if said(column).is_some_and(|s| s.personal == Some(Severity::Error)) {
                disagreements.push(format!(
                    "{}: «{column}» names public persons; calidad made it an error",
                    file.file
                ));
            }
        }
        officials_over_warning += officials;
        let mut sensitive_here = (0, 0);
        if person_level(&file.kind) {
            for column in &file.sensitive {
                sensitive_here.0 += 1;
                if said(column).is_some_and(|s| s.sensitive) {
                    sensitive_here.1 += 1;
                } else {
                    disagreements.push(format!(
                        "{}: «{column}» is labelled sensitive; calidad did not find it",
                        file.file
                    ));
                }
            }
        }
        sensitive_labelled += sensitive_here.0;
        sensitive_found += sensitive_here.1;
        let reid = if person_level(&file.kind) && !file.quasi.is_empty() {
            quasi_files += 1;
            if verdict.reidentification {
                quasi_reported += 1;
                "reported"
            } else {
                disagreements.push(format!(
                    "{}: quasi-identifiers labelled ({}), no re-identification analysis",
                    file.file,
                    file.quasi.join(", ")
                ));
                "missing"
            }
        } else {
            ""
        };
        table.push_str(&format!(
            "| {} | {} | {}/{} | {} | {} | {} | {} |\n",
            file.file,
            file.kind,
            file.personal.len(),
            found_here,
            false_errors,
            officials,
            if sensitive_here.0 > 0 {
                format!("{}/{}", sensitive_here.1, sensitive_here.0)
            } else {
                String::new()
            },
            reid
        ));
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let recall = ratio(found, labelled);
    let precision = ratio(true_errors, flagged_errors);
    println!("\n{table}");
    println!(
        "recall of personal columns: {found}/{labelled} = {recall:.2} · precision of error columns: {true_errors}/{flagged_errors} = {precision:.2} · errors on establishments, companies, aggregated: {errors_where_none_belong} · public-person columns as errors: {officials_over_warning} · sensitive columns found: {sensitive_found}/{sensitive_labelled} · re-identification reported: {quasi_reported}/{quasi_files}"
    );
    println!("\ndisagreements ({}):", disagreements.len());
    for line in &disagreements {
        println!("- {line}");
    }
    assert_eq!(
        errors_where_none_belong, 0,
        "errors on files that should have none"
    );
    assert_eq!(
        officials_over_warning, 0,
        "public persons reported as errors"
    );
    assert!(recall >= 0.95, "recall {recall:.2}");
    assert!(precision >= 0.95, "precision {precision:.2}");
    assert_eq!(
        sensitive_found, sensitive_labelled,
        "sensitive columns missed"
    );
    assert_eq!(
        quasi_reported, quasi_files,
        "re-identification not reported"
    );
}

/// Ranks (1-based, ties averaged) of `values`.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| values[*a].total_cmp(&values[*b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        for k in i..=j {
            ranks[order[k]] = (i + j) as f64 / 2.0 + 1.0;
        }
        i = j + 1;
    }
    ranks
}

/// Spearman's rank correlation of two equally long series.
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

#[test]
fn spearman_of_known_series() {
    assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-9);
    assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-9);
    assert_eq!(ranks(&[5.0, 1.0, 5.0]), [2.5, 1.0, 2.5]);
}

/// The score against the reviewer's 1–10 judgements (`quality_judgement`): Spearman's rank
/// correlation, the mean absolute difference and the five largest disagreements, printed.
/// A file's mark is `calidad_score::file_mark`: the mean over its tables, within every limit
/// any of them has. The floor below keeps what the rubric reached;
/// the target of 0.7 is not reached yet (see the README).
#[test]
fn score_follows_the_reviewers_judgements() {
    let Some(dir) = corpus() else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("LABELS.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (file, judgement) = (at("file"), at("quality_judgement"));
    let validator = Validator::builder()
        .limit_errors(100)
        .as_of("2026-06-30")
        .unwrap()
        .build();
    let mut rows = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let judged: f64 = cells[judgement]
            .trim()
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{}: no judgement", cells[file]));
        let report = validator.validate_path(dir.join(cells[file])).unwrap();
        let scores: Vec<&calidad::calidad_score::Score> = report
            .tasks
            .iter()
            .filter_map(|t| t.calidad.added.score.as_ref().map(|s| &s.score))
            .collect();
        let mark = calidad::calidad_score::file_mark(&scores).unwrap_or(1.0);
        rows.push((cells[file].to_owned(), judged, mark));
    }
    let judged: Vec<f64> = rows.iter().map(|r| r.1).collect();
    let marks: Vec<f64> = rows.iter().map(|r| r.2).collect();
    let rho = spearman(&judged, &marks);
    let mad = rows.iter().map(|r| (r.1 - r.2).abs()).sum::<f64>() / rows.len() as f64;
    println!(
        "\nscore vs the reviewer's judgement over {} files: Spearman {rho:.2}, mean absolute difference {mad:.2}",
        rows.len()
    );
    rows.sort_by(|a, b| (b.1 - b.2).abs().total_cmp(&(a.1 - a.2).abs()));
    println!("largest disagreements (reviewer, calidad):");
    for (name, judged, mark) in rows.iter().take(5) {
        println!("- {name}: {judged:.0} vs {mark:.1}");
    }
    assert!(rho >= 0.45, "Spearman {rho:.2} fell below the floor");
}
