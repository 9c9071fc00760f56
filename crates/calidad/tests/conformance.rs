//! Conformance with Frictionless: every CSV/TSV case of `../shared/corpus/frictionless` must give
//! the same `(type, rowNumber, fieldNumber)` set as Frictionless 5.21 for the codes calidad
//! implements, or be listed below with its reason (and in `docs/frictionless-divergences.md`).
//! Skips cleanly when the corpus is not present.

// Test helpers may panic: a panic here is a failing test, not a crash for a user.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::Validator;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The codes this comparison covers (structure and encoding). Type and constraint codes come
/// with the Table Schema work; workbook, JSON and packed formats with their own readers.
const CODES: &[&str] = &[
    "blank-header",
    "blank-label",
    "duplicate-label",
    "blank-row",
    "extra-cell",
    "missing-cell",
    "source-error",
    "format-error",
    "encoding-error",
    "type-error",
    "constraint-error",
    "unique-error",
    "primary-key",
    "extra-label",
    "missing-label",
    "incorrect-label",
    "ascii-value",
    "truncated-value",
    "deviated-cell",
    "deviated-value",
    "forbidden-value",
    "sequential-value",
    "row-constraint",
    "required-value",
    "table-dimensions",
    "byte-count",
    "row-count",
    "field-count",
    "hash-count",
];

/// Expected files whose answer we knowingly differ from, each explained in
/// `docs/frictionless-divergences.md` under the same name.
const DIVERGENCES: &[&str] = &[
    "latin1.csv.utf8.json",
    "blank-rows-multiple.csv.json",
    "blank-rows-multiple.csv.extra.json",
    "issue-1138.csv.json",
    "issue-1138.csv.extra.json",
    "issue-1024.xlsx.json",
    "issue-1024.xlsx.extra.json",
    "multiline-headers.xlsx.extra.json",
];

/// Options of `RUNS.tsv` this comparison does not cover yet: they need the Table Schema and
/// opt-in checks work, or other formats.
const NOT_YET: &[&str] = &[];

/// `(resource, type, rowNumber, fieldNumber)`; the resource is empty except in data packages.
type Triple = (String, String, Option<u64>, Option<u64>);

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/frictionless");
    dir.join("expected").is_dir().then_some(dir)
}

fn expected_triples(expected: &Value, with_duplicates: bool) -> BTreeSet<Triple> {
    expected["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| {
            let code = e["type"].as_str().unwrap_or("");
            CODES.contains(&code) || (with_duplicates && code == "duplicate-row")
        })
        .map(|e| {
            (
                e["resource"].as_str().unwrap_or("").to_owned(),
                e["type"].as_str().unwrap_or("").to_owned(),
                e["row"].as_u64(),
                e["field"].as_u64(),
            )
        })
        .collect()
}

fn our_triples(report: &calidad::Report, with_duplicates: bool) -> BTreeSet<Triple> {
    let package = report.tasks.len() > 1 && !report.tasks[0].name.contains('#');
    // Frictionless reads a workbook's first sheet (or the `--sheet`); calidad makes every sheet
    // a task. The first task is the one to compare.
    let tasks = if package {
        &report.tasks[..]
    } else {
        &report.tasks[..1]
    };
    tasks
        .iter()
        .flat_map(|task| task.errors.iter().map(move |e| (task, e)))
        .filter(|(_, e)| {
            CODES.contains(&e.code.as_str()) || (with_duplicates && e.code == "duplicate-row")
        })
        .map(|(task, e)| {
            let resource = if package {
                task.name.clone()
            } else {
                String::new()
            };
            // Frictionless reports `deviated-cell` at table level, naming the cell only in its
            // note; calidad gives the row and field. Compared without them.
            if e.code == "deviated-cell" {
                (resource, e.code.clone(), None, None)
            } else {
                (resource, e.code.clone(), e.row_number, e.field_number)
            }
        })
        .collect()
}

/// Builds the validator Frictionless' arguments ask for; `None` for arguments not covered yet.
fn validator_for(args: &[String], dir: &Path) -> Option<Validator> {
    let mut builder = Validator::builder().limit_errors(0);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        if NOT_YET.contains(&flag.as_str()) {
            return None;
        }
        let value = rest.next()?;
        builder = match flag.as_str() {
            "--encoding" => builder.encoding(value).ok()?,
            "--checks" => builder.checks(&[value]).unwrap(),
            "--bytes" => builder.expect_bytes(value.parse().ok()?),
            "--rows" => builder.expect_rows(value.parse().ok()?),
            "--fields" => builder.expect_fields(value.parse().ok()?),
            "--hash" => builder.expect_hash(value).unwrap(),
            "--sheet" => builder.sheet(value),
            // calidad reads JSON as a table whenever it holds one.
            "--type" => builder,
            "--schema" => match builder.schema_path(dir.join(value)) {
                Ok(builder) => builder,
                // A broken schema is refused before any data is read (exit 2); the CLI tests
                // cover it, and the divergences document explains why.
                Err(calidad::Error::Schema { .. }) => return None,
                Err(error) => panic!("{error}"),
            },
            "--limit-errors" => builder.limit_errors(value.parse().ok()?),
            "--pick-errors" => builder
                .pick_errors(&value.split(',').collect::<Vec<_>>())
                .ok()?,
            "--skip-errors" => builder
                .skip_errors(&value.split(',').collect::<Vec<_>>())
                .ok()?,
            _ => return None,
        };
    }
    Some(builder.build())
}

#[test]
fn structure_and_encoding_agree_with_frictionless() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/frictionless is not here");
        return;
    };
    let mut expected_files: Vec<PathBuf> = std::fs::read_dir(dir.join("expected"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    expected_files.sort();

    let mut compared = 0;
    let mut failures = Vec::new();
    let mut stale_divergences = Vec::new();
    for path in expected_files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let run = &expected["_run"];
        let file = run["file"].as_str().unwrap();
        let args: Vec<String> = run["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_owned())
            .collect();
        let Some(validator) = validator_for(&args, &dir) else {
            continue;
        };
        let source = dir.join(file);
        if !source.exists() {
            // Frictionless reports a missing file as `scheme-error`; calidad refuses to
            // validate it (exit 2), which the CLI tests cover.
            assert_eq!(name, "does-not-exist.csv.json");
            continue;
        }
        compared += 1;
        let report = if calidad::is_package(&source) {
            validator.validate_package(&source).unwrap()
        } else {
            validator.validate_path(&source).unwrap()
        };
        // Frictionless reports `duplicate-row` only with `--checks extra`: compare it there.
        let with_duplicates = args.iter().any(|a| a == "extra");
        let ours = our_triples(&report, with_duplicates);
        let theirs = expected_triples(&expected, with_duplicates);
        let exit = expected["_run"]["exit"].as_u64().unwrap();
        // calidad reports `duplicate-row` by default (Frictionless only with `--checks extra`);
        // validity is compared without it. See docs/frictionless-divergences.md.
        let valid_without_duplicates = report.tasks[0].errors.iter().all(|e| {
            (e.code == "duplicate-row" && !with_duplicates)
                || e.severity != calidad::Severity::Error
        });
        let agrees = ours == theirs && (exit == 0) == valid_without_duplicates;
        if DIVERGENCES.contains(&name.as_str()) {
            if agrees {
                stale_divergences.push(name);
            }
        } else if !agrees {
            failures.push(format!(
                "{name}:\n  frictionless {theirs:?}\n  calidad      {ours:?}"
            ));
        }
    }
    eprintln!(
        "compared {compared} cases: {} agree, {} documented divergences",
        compared - DIVERGENCES.len() - failures.len(),
        DIVERGENCES.len()
    );
    assert!(compared >= 120, "only {compared} cases compared");
    assert!(
        failures.is_empty(),
        "disagreements:\n{}",
        failures.join("\n")
    );
    assert!(
        stale_divergences.is_empty(),
        "listed as divergences but now agree: {stale_divergences:?}"
    );
}

#[test]
fn divergences_are_documented() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/frictionless-divergences.md"),
    )
    .unwrap();
    for name in DIVERGENCES {
        assert!(
            doc.contains(name),
            "{name} is not explained in docs/frictionless-divergences.md"
        );
    }
}

/// Encodings: calidad names the decoder it used (WHATWG names); Frictionless names Python codecs
/// and chardet guesses. Equal up to naming, except where the document explains otherwise.
#[test]
fn encodings_agree_with_frictionless() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/frictionless is not here");
        return;
    };
    let cases = [
        ("table.csv", "utf-8", false),
        ("bom.csv", "utf-8", true),
        ("latin1.csv", "windows-1252", false),
        ("table-infer-iso-8859-7.csv", "windows-1253", false),
        ("table-infer-utf8.csv", "utf-8", false),
        ("encoding-issue-274.csv", "utf-8", false),
        // chardet says iso8859-3 (Maltese/Esperanto); the bytes are French text in a Western
        // code page, see docs/frictionless-divergences.md.
        ("table-with-accents.csv", "windows-1252", false),
    ];
    let validator = Validator::default();
    for (file, encoding, bom) in cases {
        let report = validator.validate_path(dir.join(file)).unwrap();
        let task = &report.tasks[0];
        assert_eq!(task.calidad.encoding.as_deref(), Some(encoding), "{file}");
        assert_eq!(task.calidad.bom, bom, "{file}");
    }
}
