//! One test per finding code, ruff-style: a small fixture of the code's own under
//! `tests/rules/CODE/` and a snapshot of its findings in both languages
//! (`tests/snapshots/rules__CODE.snap`). Every code calidad can report has one — the last test
//! checks that no code is missing — and none needs `../shared`.
//!
//! A fixture directory holds the data (`input.*`, or a `datapackage.json`, or a CKAN
//! `package.json` for the metadata codes) and, when the code needs them, the validator's
//! options as `options.json` (the fields of `calidad::Options`; paths are relative to the
//! fixture). Review a changed snapshot with `cargo insta review`, or rerun with
//! `INSTA_UPDATE=always` and read the diff.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::{Lang, Options, ReportError, ReportTask};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn fixture(code: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/rules")
        .join(code)
}

/// The fixture's data file (`input.*`).
fn input(dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.file_stem().is_some_and(|s| s == "input"))
}

/// Runs the fixture in `lang`: the tasks, or the error the validator refused it with.
fn run(dir: &Path, lang: Lang) -> Result<Vec<ReportTask>, String> {
    let mut options = match std::fs::read_to_string(dir.join("options.json")) {
        Ok(text) => Options::from_json(&text).unwrap(),
        Err(_) => Options::default(),
    };
    options.lang = Some(lang.code().to_owned());
    options.as_of.get_or_insert_with(|| "2026-11-30".to_owned());
    if let Some(path) = &mut options.schema_path {
        *path = dir.join(&*path);
    }
    let validator = options.builder().map_err(|e| e.to_string())?.build();
    let package = dir.join("datapackage.json");
    let report = if package.exists() {
        validator.validate_package(&package)
    } else {
        validator.validate_path(input(dir).expect("an input.* file"))
    };
    report.map(|r| r.tasks).map_err(|e| e.to_string())
}

fn location(error: &ReportError) -> String {
    let row = error
        .row_number
        .or_else(|| error.row_numbers.as_ref().and_then(|r| r.first().copied()));
    match (row, error.field_number) {
        (Some(row), Some(field)) => format!("row {row}, field {field}"),
        (Some(row), None) => format!("row {row}"),
        (None, Some(field)) => format!("field {field}"),
        (None, None) => "table".to_owned(),
    }
}

/// The findings of `code` in a run, one block per finding.
fn describe(code: &str, run: &Result<Vec<ReportTask>, String>) -> (usize, String) {
    let mut out = String::new();
    let tasks = match run {
        Err(error) => {
            writeln!(out, "refused: {error}").unwrap();
            return (usize::from(error.contains(code)), out);
        }
        Ok(tasks) => tasks,
    };
    let mut found = 0;
    for task in tasks {
        for error in task.errors.iter().chain(&task.calidad.findings) {
            if error.code != code {
                continue;
            }
            found += 1;
            writeln!(
                out,
                "[{}] {} · {}",
                task.name,
                location(error),
                error.severity.as_str()
            )
            .unwrap();
            writeln!(out, "  {}", error.message).unwrap();
            if !error.note.is_empty() {
                writeln!(out, "  note: {}", error.note).unwrap();
            }
            if let Some(cell) = &error.cell {
                writeln!(out, "  cell: {cell:?}").unwrap();
            }
        }
        if code == "quality-score"
            && let Some(score) = &task.calidad.added.score
        {
            found += 1;
            writeln!(out, "[{}] {} {}", task.name, score.overall, score.band).unwrap();
            for r in &score.recommendations {
                writeln!(out, "  +{} {}: {}", r.gain, r.id, r.message).unwrap();
            }
        }
    }
    (found, out)
}

/// The metadata codes read a CKAN package instead of a table.
fn describe_metadata(code: &str, dir: &Path, lang: Lang) -> (usize, String) {
    let text = std::fs::read_to_string(dir.join("package.json")).unwrap();
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    let context = calidad::metadata::MetadataContext {
        data_format: Some("csv"),
        as_of: calidad::calidad_core::calendar::Day::parse("2026-11-30"),
    };
    let report = calidad::metadata::check_metadata(&document, "package.json", lang, &context);
    let mut out = String::new();
    let mut found = 0;
    for problem in report.problems.iter().filter(|p| p.code == code) {
        found += 1;
        writeln!(out, "{} · {}", problem.path, problem.message).unwrap();
    }
    (found, out)
}

fn check(code: &str) {
    let dir = fixture(code);
    assert!(dir.is_dir(), "{code} has no fixture in {}", dir.display());
    let mut snapshot = String::new();
    for lang in [Lang::Es, Lang::En] {
        let (found, text) = if dir.join("package.json").exists() {
            describe_metadata(code, &dir, lang)
        } else {
            describe(code, &run(&dir, lang))
        };
        assert!(
            found > 0,
            "the {code} fixture gives no {code} finding:\n{text}"
        );
        writeln!(snapshot, "--- {}\n{text}", lang.code()).unwrap();
    }
    insta::assert_snapshot!(code, snapshot);
}

/// One test per code; the list is checked against `calidad::rules()` below.
macro_rules! rules {
    ($($name:ident => $code:literal,)*) => {
        $(
            #[test]
            fn $name() {
                check($code);
            }
        )*

        const CODES: &[&str] = &[$($code),*];
    };
}

rules! {
    source_error => "source-error",
    format_error => "format-error",
    non_utf8_encoding => "non-utf8-encoding",
    title_rows => "title-rows",
    missing_header => "missing-header",
    schema_error => "schema-error",
    formula_error => "formula-error",
    merged_cells => "merged-cells",
    macros_present => "macros-present",
    byte_count => "byte-count",
    row_count => "row-count",
    field_count => "field-count",
    hash_count => "hash-count",
    blank_header => "blank-header",
    blank_label => "blank-label",
    duplicate_label => "duplicate-label",
    unclosed_quote => "unclosed-quote",
    row_too_large => "row-too-large",
    blank_row => "blank-row",
    missing_cell => "missing-cell",
    extra_cell => "extra-cell",
    encoding_error => "encoding-error",
    mojibake => "mojibake",
    total_row => "total-row",
    padding_rows => "padding-rows",
    footer_rows => "footer-rows",
    trailing_delimiter => "trailing-delimiter",
    multi_row_header => "multi-row-header",
    description_row => "description-row",
    doubled_spaces => "doubled-spaces",
    placeholder_values => "placeholder-values",
    mixed_types => "mixed-types",
    serial_dates => "serial-dates",
    not_a_table => "not-a-table",
    multiple_tables => "multiple-tables",
    extra_label => "extra-label",
    missing_label => "missing-label",
    incorrect_label => "incorrect-label",
    type_error => "type-error",
    constraint_error => "constraint-error",
    unique_error => "unique-error",
    primary_key => "primary-key",
    foreign_key => "foreign-key",
    duplicate_row => "duplicate-row",
    ascii_value => "ascii-value",
    truncated_value => "truncated-value",
    deviated_cell => "deviated-cell",
    deviated_value => "deviated-value",
    forbidden_value => "forbidden-value",
    sequential_value => "sequential-value",
    required_value => "required-value",
    row_constraint => "row-constraint",
    table_dimensions => "table-dimensions",
    check_error => "check-error",
    personal_data => "personal-data",
    possible_personal_data => "possible-personal-data",
    personal_data_in_text => "personal-data-in-text",
    sensitive_data => "sensitive-data",
    sensitive_data_exposed => "sensitive-data-exposed",
    personal_data_allowed => "personal-data-allowed",
    reidentification_risk => "reidentification-risk",
    quality_score => "quality-score",
    metadata_error => "metadata-error",
    metadata_quality => "metadata-quality",
}

#[test]
fn every_code_has_a_test_and_a_fixture() {
    let registered: Vec<&str> = calidad::rules().map(|r| r.code).collect();
    for code in &registered {
        assert!(CODES.contains(code), "{code} has no test in tests/rules.rs");
    }
    for code in CODES {
        assert!(
            registered.contains(code),
            "{code} is tested but not registered"
        );
    }
    let dirs: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
    for dir in &dirs {
        assert!(CODES.contains(&dir.as_str()), "fixture {dir} is no code's");
    }
}

/// A root cause is one finding, and the rows it explains are not also reported by the other
/// checks: no blank or duplicate rows for padding, no type errors or blank labels for a second
/// header row, no blank label for the empty column a trailing delimiter makes.
#[test]
fn root_causes_keep_their_rows_out_of_other_checks() {
    for (code, absent) in [
        (
            "padding-rows",
            &["blank-row", "duplicate-row", "type-error"][..],
        ),
        ("footer-rows", &["blank-row", "missing-cell", "type-error"]),
        (
            "trailing-delimiter",
            &["blank-label", "missing-cell", "extra-cell"],
        ),
        (
            "multi-row-header",
            &["blank-label", "duplicate-label", "type-error"],
        ),
        ("description-row", &["type-error"]),
    ] {
        let tasks = run(&fixture(code), Lang::En).unwrap();
        let counts = &tasks[0].calidad.error_counts;
        assert_eq!(counts.get(code), Some(&1), "{code}: {counts:?}");
        for other in absent {
            assert_eq!(
                counts.get(*other),
                None,
                "{code} also gave {other}: {counts:?}"
            );
        }
    }
    // The data rows are still read: the header and two records in each fixture but padding's.
    let tasks = run(&fixture("multi-row-header"), Lang::En).unwrap();
    assert_eq!(tasks[0].stats.rows, Some(2));
    assert_eq!(tasks[0].labels[1], "2023 Ene.");
}
