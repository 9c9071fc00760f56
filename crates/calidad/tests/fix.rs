//! `calidad corregir` on every real portal file and every labelled table of `../shared`: the
//! input is never touched, the corrected copies re-validate without any finding of a kind the
//! log says was fixed, and the log's counts are the original report's.

// Test helpers may panic: a panic here is a failing test, not a crash for a user.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// A skipped corpus says so, loudly.
#![allow(clippy::print_stderr)]

use calidad::fix::{FixOptions, fix_path};
use calidad::{Lang, Validator};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The codes whose every finding `corregir` removes.
const FIXED: &[&str] = &[
    "blank-row",
    "title-rows",
    "footer-rows",
    "padding-rows",
    "trailing-delimiter",
    "multi-row-header",
    "description-row",
    "mojibake",
    "doubled-spaces",
    "placeholder-values",
    "non-utf8-encoding",
];

fn corpus(folder: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(folder);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "\n*** SKIPPED: {} is not here; corregir was not tried on it ***\n",
            dir.display()
        );
        None
    }
}

fn sha256(path: &Path) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

fn fix_folder(folder: &str) {
    let Some(dir) = corpus(folder) else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_file()
                && !matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("tsv" | "md" | "json")
                )
        })
        .collect();
    files.sort();
    let out = tempfile::tempdir().unwrap();
    let checker = Validator::builder().score(false).limit_errors(0).build();
    let mut problems = Vec::new();
    let mut tables = 0;
    for (n, file) in files.iter().enumerate() {
        let before = sha256(file);
        let original = checker.tasks_for_path(file).unwrap();
        let options = FixOptions {
            out_dir: out.path().join(n.to_string()),
            delimiter: b',',
            decimal_comma: false,
            drop_personal: false,
            lang: Lang::En,
        };
        let report = match fix_path(Validator::builder().score(false), file, &options) {
            Ok(report) => report,
            Err(e) => {
                problems.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        assert_eq!(sha256(file), before, "{} was modified", file.display());
        assert!(report.log_text.is_file() && report.log_json.is_file());
        for table in &report.tables {
            let Some(csv) = &table.csv else {
                continue;
            };
            tables += 1;
            // The log's counts are the original report's.
            let original = original
                .iter()
                .find(|t| t.place == table.place)
                .unwrap_or_else(|| panic!("{}: no original task", table.place));
            let logged: BTreeMap<&str, u64> = table
                .changes
                .iter()
                .filter(|c| c.column.is_none())
                .map(|c| (c.code.as_str(), c.count))
                .collect();
            for code in ["blank-row", "mojibake", "footer-rows", "padding-rows"] {
                let found = original
                    .calidad
                    .error_counts
                    .get(code)
                    .copied()
                    .unwrap_or(0);
                let said = logged.get(code).copied().unwrap_or(0);
                // A footer or padding is one finding, and one line of the log.
                let said = if matches!(code, "footer-rows" | "padding-rows") {
                    said.min(1)
                } else {
                    said
                };
                if found != said {
                    problems.push(format!(
                        "{}: the log says {said} {code}, the report {found}",
                        table.place
                    ));
                }
            }
            // Nothing it claims to fix is left.
            for task in checker.tasks_for_path(csv).unwrap() {
                for (code, count) in &task.calidad.error_counts {
                    if FIXED.contains(&code.as_str()) {
                        problems.push(format!(
                            "{} (from {}): still {count} {code}",
                            csv.display(),
                            table.place
                        ));
                    }
                }
            }
        }
    }
    assert!(tables > 0, "no table was corrected in {folder}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn corrects_every_real_portal_file() {
    fix_folder("real");
}

#[test]
fn corrects_every_labelled_table() {
    fix_folder("labelled");
}

/// The bundled example: what is fixed, what is left for a person, and the files written.
#[test]
fn corrects_the_bundled_example() {
    let out = tempfile::tempdir().unwrap();
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/transferencias_municipales.csv");
    let options = FixOptions {
        out_dir: out.path().to_path_buf(),
        delimiter: b';',
        decimal_comma: true,
        drop_personal: false,
        lang: Lang::Es,
    };
    let report = fix_path(Validator::builder(), &source, &options).unwrap();
    let table = &report.tables[0];
    let csv = std::fs::read_to_string(table.csv.as_ref().unwrap()).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("codigo_comuna;comuna;region;fecha_transferencia;monto;tasa_ejecucion;observacion")
    );
    assert!(
        csv.contains("13101;Santiago;Metropolitana;2024-01-15;1234567,89;0,92;"),
        "{csv}"
    );
    assert!(csv.contains("Chillán"), "mojibake repaired: {csv}");
    let codes: Vec<&str> = table.changes.iter().map(|c| c.code.as_str()).collect();
    for code in [
        "title-rows",
        "blank-row",
        "mojibake",
        "non-utf8-encoding",
        "date-iso",
        "decimal-point",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    // The ragged rows, the impossible date and the repeated row are left for a person, and
    // the copy, checked again, is said to be not valid yet.
    assert_eq!(table.not_fixed.len(), 4, "{:?}", table.not_fixed);
    assert!(
        table.not_fixed[3].starts_with("la copia todavía no es válida"),
        "{:?}",
        table.not_fixed
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(table.schema.as_ref().unwrap()).unwrap())
            .unwrap();
    assert_eq!(schema["fields"][3]["type"], "date");
    assert!(
        schema["fields"][3].get("format").is_none(),
        "ISO dates need no format"
    );
    assert_eq!(schema["fields"][4]["decimalChar"], ",");
    // Never the input's folder over the input.
    let same = FixOptions {
        out_dir: source.parent().unwrap().to_path_buf(),
        ..options
    };
    assert!(fix_path(Validator::builder(), &source, &same).is_err());
}
