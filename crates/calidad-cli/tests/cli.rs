//! The command line as a contract: exit codes, one-line errors, the JSON report (deserialized
//! into the library's types and checked against `schemas/report.schema.json`), languages,
//! colours, `explain`, standard input, and the text output (snapshots in `tests/snapshots`; run
//! with `UPDATE_SNAPSHOTS=1` to rewrite them after an intended change).

// Test helpers may panic: a panic here is a failing test, not a crash for a user.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// A skipped part says so, loudly.
#![allow(clippy::print_stderr)]

use calidad::Report;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn calidad(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_calidad"));
    command
        .args(args)
        .current_dir(root())
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("NO_COLOR");
    command
}

/// A folder of `../shared` (the corpora), or `None` — said loudly — when it is absent.
fn shared(folder: &str) -> Option<std::path::PathBuf> {
    let path = root().join("..").join("shared").join(folder);
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!(
            "SKIPPED: {} is absent; this part of the test did not run",
            path.display()
        );
        None
    }
}

fn run(args: &[&str]) -> Output {
    calidad(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json(output: &Output) -> Report {
    serde_json::from_slice(&output.stdout).unwrap()
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas/report.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn assert_matches_schema(output: &Output) {
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let validator = schema();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "report does not match its schema: {errors:#?}"
    );
}

#[test]
fn exit_codes() {
    assert_eq!(
        run(&["validate", "testdata/comunas.csv"]).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["validate", "testdata/transferencias_municipales.csv"])
            .status
            .code(),
        Some(1)
    );
    let both = run(&[
        "validate",
        "testdata/comunas.csv",
        "testdata/transferencias_municipales.csv",
    ]);
    assert_eq!(both.status.code(), Some(1));
}

#[test]
fn could_not_validate_is_exit_2_with_one_line() {
    for (args, needle) in [
        (
            vec!["validate", "no/such/file.csv"],
            "cannot open no/such/file.csv",
        ),
        (vec!["validate", "testdata"], "is a directory"),
        (
            vec!["validate", "--encoding", "klingon", "testdata/comunas.csv"],
            "unknown encoding",
        ),
        (
            vec!["validate", "--delimiter", ";;", "testdata/comunas.csv"],
            "invalid delimiter",
        ),
        (
            vec!["validate", "--lang", "fr", "testdata/comunas.csv"],
            "unknown language",
        ),
        (
            vec!["validate", "--skip-errors", "nope", "testdata/comunas.csv"],
            "unknown code",
        ),
        (
            vec!["validate", "--header-row", "0", "testdata/comunas.csv"],
            "1-based",
        ),
        (vec!["explain", "no-such-code"], "unknown code"),
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("calidad: "), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    // A missing file among good ones: nothing is validated.
    let mixed = run(&["validate", "testdata/comunas.csv", "missing.csv"]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(mixed.stdout.is_empty());
    // Usage errors from the argument parser are exit 2 as well.
    assert_eq!(run(&["validate"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&["--help"]).status.code(), Some(0));
}

#[test]
fn json_report_is_the_documented_contract() {
    let output = run(&[
        "validate",
        "--format",
        "json",
        "testdata/transferencias_municipales.csv",
        "testdata/comunas.csv",
    ]);
    assert_matches_schema(&output);
    let report = json(&output);
    assert!(!report.valid);
    assert_eq!(report.stats.tasks, 2);
    let task = &report.tasks[0];
    assert_eq!(task.name, "transferencias_municipales");
    assert_eq!(task.place, "testdata/transferencias_municipales.csv");
    assert_eq!(task.calidad.encoding.as_deref(), Some("windows-1252"));
    let dialect = task.calidad.dialect.as_ref().unwrap();
    assert_eq!((dialect.delimiter.as_str(), dialect.header_row), (";", 4));
    assert_eq!(dialect.line_terminator, "\r\n");
    assert_eq!(task.labels[1], "comuna");
    assert_eq!(task.stats.rows, Some(12));
    assert_eq!(task.calidad.schema_source.as_deref(), Some("inferred"));
    let found: Vec<(&str, Option<u64>, Option<u64>)> = task
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.row_number, e.field_number))
        .collect();
    assert_eq!(
        found,
        [
            ("missing-cell", Some(9), Some(7)),
            ("blank-row", Some(10), None),
            ("extra-cell", Some(11), Some(8)),
            ("mojibake", Some(13), Some(2)),
            ("type-error", Some(15), Some(4)),
            ("duplicate-row", Some(16), None),
        ]
    );
    let warnings: Vec<&str> = task
        .calidad
        .findings
        .iter()
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(warnings, ["title-rows", "non-utf8-encoding"]);
    assert_eq!(task.warnings.len(), 2);
    assert!(report.tasks[1].valid);
}

#[test]
fn json_matches_schema_for_odd_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.csv", vec![]),
        ("binary.csv", b"\x00\x01\x02\x03PK".to_vec()),
        (
            "page.csv",
            b"<!DOCTYPE html><html><body>Error 500</body></html>".to_vec(),
        ),
        ("header.csv", b"a,,a\n".to_vec()),
        ("quote.csv", b"a,b\n1,\"open\n2,3\n".to_vec()),
        ("blank.csv", b"\n\n".to_vec()),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = run(&["validate", "--format", "json", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert_matches_schema(&output);
    }
}

#[test]
fn languages() {
    let spanish = calidad(&["validate", "testdata/transferencias_municipales.csv"])
        .env("LANG", "es_CL.UTF-8")
        .output()
        .unwrap();
    assert!(
        stdout(&spanish).contains("A la fila 9 le falta el valor de la columna \"observacion\"")
    );
    let english = run(&["validate", "testdata/transferencias_municipales.csv"]);
    assert!(stdout(&english).contains("Row 9 has no value for field \"observacion\""));
    let forced = calidad(&[
        "validate",
        "--lang",
        "en",
        "testdata/transferencias_municipales.csv",
    ])
    .env("LANG", "es_CL.UTF-8")
    .output()
    .unwrap();
    assert!(stdout(&forced).contains("Row 9 has no value"));
    // Spanish unless the locale says English: unset, C and C.UTF-8 (Windows, containers, cron).
    for locale in [None, Some("C"), Some("C.UTF-8"), Some("POSIX")] {
        let mut command = calidad(&["validate", "testdata/transferencias_municipales.csv"]);
        match locale {
            Some(value) => command.env("LANG", value),
            None => command.env_remove("LANG"),
        };
        let output = command.output().unwrap();
        assert!(
            stdout(&output).contains("A la fila 9 le falta"),
            "LANG={locale:?}: {}",
            stdout(&output)
        );
    }
    // LC_ALL wins over LANG, as POSIX says.
    let lc_all = calidad(&["validate", "testdata/transferencias_municipales.csv"])
        .env("LANG", "es_CL.UTF-8")
        .env("LC_ALL", "en_GB.UTF-8")
        .output()
        .unwrap();
    assert!(stdout(&lc_all).contains("Row 9 has no value"));
    let json_es = run(&[
        "validate",
        "--lang",
        "es",
        "--format",
        "json",
        "testdata/comunas.csv",
    ]);
    assert_eq!(json_es.status.code(), Some(0));
}

#[test]
fn colours_only_when_asked_or_on_a_terminal() {
    let piped = run(&["validate", "testdata/transferencias_municipales.csv"]);
    assert!(!stdout(&piped).contains('\x1b'));
    let always = run(&[
        "validate",
        "--color",
        "always",
        "testdata/transferencias_municipales.csv",
    ]);
    assert!(stdout(&always).contains("\x1b["));
    let never = run(&[
        "validate",
        "--color",
        "never",
        "testdata/transferencias_municipales.csv",
    ]);
    assert!(!stdout(&never).contains('\x1b'));
    let no_color = calidad(&["validate", "testdata/transferencias_municipales.csv"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&no_color).contains('\x1b'));
}

#[test]
fn explain_documents_every_code() {
    let list = run(&["explain"]);
    assert_eq!(list.status.code(), Some(0));
    let listed = stdout(&list);
    for rule in calidad::registry::all() {
        assert!(listed.contains(rule.code), "{} not listed", rule.code);
        let en = run(&["explain", rule.code, "--lang", "en"]);
        assert_eq!(en.status.code(), Some(0));
        let text = stdout(&en);
        for heading in ["## What it means", "## Why it matters", "## How to fix it"] {
            assert!(text.contains(heading), "{}: {heading}", rule.code);
        }
        let es = run(&["explain", rule.code, "--lang", "es"]);
        let text = stdout(&es);
        for heading in [
            "## Qué significa",
            "## Por qué importa",
            "## Cómo corregirlo",
        ] {
            assert!(text.contains(heading), "{}: {heading}", rule.code);
        }
    }
}

#[test]
fn standard_input() {
    let mut child = calidad(&["validate", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"id;nombre\n1;Ana\n2\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    assert_eq!(report.tasks[0].name, "stdin");
    assert_eq!(report.tasks[0].place, "-");
    let codes: Vec<&str> = report.tasks[0]
        .errors
        .iter()
        .map(|e| e.code.as_str())
        .collect();
    // A given name under `nombre` is a person's name, whatever the table's size.
    assert_eq!(codes, ["personal-data", "missing-cell"]);
}

#[test]
fn limit_errors_cuts_the_list_not_the_counts() {
    let output = run(&[
        "validate",
        "--format",
        "json",
        "--limit-errors",
        "1",
        "testdata/transferencias_municipales.csv",
    ]);
    let report = json(&output);
    let task = &report.tasks[0];
    assert_eq!(task.errors.len(), 1);
    assert_eq!(task.stats.errors, 6);
    assert!(task.calidad.errors_truncated);
}

fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {name}; run with UPDATE_SNAPSHOTS=1"));
    assert_eq!(
        actual, expected,
        "text output changed; if intended, run with UPDATE_SNAPSHOTS=1"
    );
}

#[test]
fn text_output_snapshots() {
    for (lang, name) in [
        ("es", "transferencias.es.txt"),
        ("en", "transferencias.en.txt"),
    ] {
        let output = run(&[
            "validate",
            "--lang",
            lang,
            "testdata/transferencias_municipales.csv",
        ]);
        snapshot(name, &stdout(&output));
    }
    let valid = run(&["validate", "--lang", "es", "testdata/comunas.csv"]);
    snapshot("comunas.es.txt", &stdout(&valid));
}

/// A temporary folder with the given files.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn schema_given_is_used_and_reported() {
    let dir = folder(&[
        (
            "schema.json",
            r#"{"fields": [
                {"name": "id", "type": "integer"},
                {"name": "fecha", "type": "date", "format": "%d-%m-%Y"},
                {"name": "monto", "type": "number", "decimalChar": ",", "groupChar": ".",
                 "constraints": {"minimum": 0}}
            ], "primaryKey": "id"}"#,
        ),
        (
            "pagos.csv",
            "id;fecha;monto\n1;01-03-2024;1.500,5\n2;31-02-2024;10\n2;02-03-2024;-3\n",
        ),
    ]);
    let schema = dir.path().join("schema.json");
    let table = dir.path().join("pagos.csv");
    let output = run(&[
        "validate",
        "--format",
        "json",
        "--schema",
        schema.to_str().unwrap(),
        table.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_matches_schema(&output);
    let report = json(&output);
    let task = &report.tasks[0];
    assert_eq!(task.calidad.schema_source.as_deref(), Some("given"));
    let found: Vec<(&str, Option<u64>, Option<u64>)> = task
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.row_number, e.field_number))
        .collect();
    assert_eq!(
        found,
        [
            ("type-error", Some(3), Some(2)),
            ("primary-key", Some(4), None),
            ("constraint-error", Some(4), Some(3)),
        ]
    );
}

#[test]
fn broken_schema_is_exit_2_naming_every_path() {
    let dir = folder(&[(
        "bad.json",
        r#"{"fields": [{"name": "id", "type": "unicornio"}], "primaryKey": "nope"}"#,
    )]);
    let schema = dir.path().join("bad.json");
    let output = run(&[
        "validate",
        "--schema",
        schema.to_str().unwrap(),
        "testdata/comunas.csv",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("schema-error"), "{message}");
    assert!(message.contains("/fields/0/type"), "{message}");
    assert!(message.contains("/primaryKey"), "{message}");
    let not_json = folder(&[("x.json", "{nope")]);
    let output = run(&[
        "validate",
        "--schema",
        not_json.path().join("x.json").to_str().unwrap(),
        "testdata/comunas.csv",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not valid JSON"));
}

#[test]
fn describe_prints_a_schema_that_validates_the_file() {
    let output = run(&["describe", "testdata/transferencias_municipales.csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let field = |name: &str| {
        schema["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(field("codigo_comuna")["type"], "string");
    assert_eq!(field("codigo_comuna")["constraints"]["pattern"], "[0-9]{5}");
    assert_eq!(field("fecha_transferencia")["type"], "date");
    assert_eq!(field("fecha_transferencia")["format"], "%d-%m-%Y");
    assert_eq!(field("monto")["type"], "number");
    assert_eq!(field("monto")["decimalChar"], ",");
    assert_eq!(field("monto")["groupChar"], ".");

    // The schema round-trips: validating with it gives the same findings as inferring it.
    let dir = folder(&[("schema.json", &stdout(&output))]);
    let inferred = json(&run(&[
        "validate",
        "--format",
        "json",
        "testdata/transferencias_municipales.csv",
    ]));
    let given = json(&run(&[
        "validate",
        "--format",
        "json",
        "--schema",
        dir.path().join("schema.json").to_str().unwrap(),
        "testdata/transferencias_municipales.csv",
    ]));
    assert_eq!(
        inferred.tasks[0].calidad.error_counts,
        given.tasks[0].calidad.error_counts
    );
    assert_eq!(
        given.tasks[0].calidad.schema_source.as_deref(),
        Some("given")
    );

    let markdown = stdout(&run(&[
        "describe",
        "--format",
        "markdown",
        "--lang",
        "es",
        "testdata/transferencias_municipales.csv",
    ]));
    assert!(markdown.starts_with("| # | Campo | Tipo |"), "{markdown}");
    assert!(
        markdown.contains("| fecha_transferencia | date | %d-%m-%Y |"),
        "{markdown}"
    );

    let not_a_table = folder(&[("x.csv", "%PDF-1.4 binary")]);
    let output = run(&[
        "describe",
        not_a_table.path().join("x.csv").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot describe"));
}

#[test]
fn opt_in_checks_in_frictionless_syntax() {
    let output = run(&[
        "validate",
        "--format",
        "json",
        "--checks",
        "table-dimensions:minRows=1000",
        "--checks",
        "forbidden-value:fieldName='comuna':values=['Santiago']",
        "--checks",
        "row-constraint:formula='poblacion_2017 > 200000'",
        "testdata/comunas.csv",
    ]);
    let report = json(&output);
    let counts = &report.tasks[0].calidad.error_counts;
    assert_eq!(counts.get("table-dimensions"), Some(&1));
    assert_eq!(counts.get("forbidden-value"), Some(&1));
    assert!(counts.get("row-constraint").is_some_and(|n| *n > 0));
    for bad in [
        "no-such-check",
        "table-dimensions",
        "table-dimensions:minRows=x",
        "forbidden-value:fieldName='a'",
        "row-constraint:formula='a >'",
        "deviated-value:fieldName='a':average='best'",
    ] {
        let output = run(&["validate", "--checks", bad, "testdata/comunas.csv"]);
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert_eq!(stderr(&output).lines().count(), 1, "{bad}");
    }
}

#[test]
fn data_packages_check_foreign_keys_across_resources() {
    let dir = folder(&[
        ("comunas.csv", "id,nombre\n13101,Santiago\n13120,Ñuñoa\n"),
        ("pagos.csv", "comuna,monto\n13101,10\n13999,20\n,5\n"),
        (
            "datapackage.json",
            r#"{"resources": [
                {"name": "comunas", "path": "comunas.csv", "schema": {"fields": [
                    {"name": "id", "type": "integer"}, {"name": "nombre", "type": "string"}],
                    "primaryKey": "id"}},
                {"name": "pagos", "path": "pagos.csv", "schema": {"fields": [
                    {"name": "comuna", "type": "integer"}, {"name": "monto", "type": "integer"}],
                    "foreignKeys": [{"fields": "comuna",
                        "reference": {"resource": "comunas", "fields": "id"}}]}}
            ]}"#,
        ),
    ]);
    let output = run(&[
        "validate",
        "--format",
        "json",
        dir.path().join("datapackage.json").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_matches_schema(&output);
    let report = json(&output);
    let names: Vec<&str> = report.tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["comunas", "pagos"]);
    assert!(report.tasks[0].valid);
    let errors: Vec<(&str, Option<u64>)> = report.tasks[1]
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.row_number))
        .collect();
    assert_eq!(errors, [("foreign-key", Some(3))]);

    let broken = folder(&[(
        "datapackage.json",
        r#"{"resources": [{"name": "a", "path": "../etc/passwd"}]}"#,
    )]);
    let output = run(&[
        "validate",
        broken.path().join("datapackage.json").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/resources/0/path"));
}

#[test]
fn declared_size_rows_fields_and_hash() {
    let dir = folder(&[("t.csv", "id,name\n1,english\n")]);
    let path = dir.path().join("t.csv");
    let path = path.to_str().unwrap();
    // MD5 of the 18 bytes above.
    let md5 = "md5:8fff9d97e5c0cb77b7c469ec37c8e766";
    for threads in [&[][..], &["--single-thread"][..]] {
        let mut args = vec!["validate", "--bytes", "18", "--rows", "1", "--fields", "2"];
        args.extend_from_slice(&["--hash", md5, path]);
        args.extend_from_slice(threads);
        assert_eq!(run(&args).status.code(), Some(0), "{threads:?}");
        let mut args = vec![
            "validate", "--format", "json", "--bytes", "10", "--rows", "5",
        ];
        args.extend_from_slice(&["--fields", "3", "--hash", "md5:abc", path]);
        args.extend_from_slice(threads);
        let report = json(&run(&args));
        let codes: Vec<&str> = report.tasks[0]
            .errors
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        assert_eq!(
            codes,
            ["byte-count", "field-count", "hash-count", "row-count"],
            "{threads:?}"
        );
    }
    let output = run(&["validate", "--hash", "crc32:00", path]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn personal_data_allowed_on_a_legal_basis_or_not_checked() {
    // Synthetic RUTs (a fixed sequence with valid check digits), never real persons.
    let check_digit = calidad::calidad_privacy::rut::check_digit;
    let mut table = String::from("funcionario_rut;cargo\n");
    for i in 0..50u32 {
        let body = 12_000_000 + i * 7_919;
        table.push_str(&format!("{body}-{};Analista\n", check_digit(body)));
    }
    let dir = folder(&[("f.csv", &table)]);
    let path = dir.path().join("f.csv");
    let path = path.to_str().unwrap();
    let flagged = json(&run(&["validate", "--format", "json", path]));
    assert_eq!(flagged.tasks[0].errors[0].code, "personal-data");
    let allowed = run(&[
        "validate",
        "--format",
        "json",
        "--allow-field",
        "funcionario_rut",
        path,
    ]);
    assert_eq!(allowed.status.code(), Some(0));
    let report = json(&allowed);
    let privacy = report.tasks[0].calidad.added.privacy.as_ref().unwrap();
    assert_eq!(privacy.fields[0].severity, calidad::Severity::Info);
    let off = json(&run(&[
        "validate",
        "--format",
        "json",
        "--no-privacy",
        path,
    ]));
    assert!(off.tasks[0].calidad.added.privacy.is_none());
    assert!(off.valid);
}

/// `--ai` in a build without the `ai` feature says how to get it, and reads nothing.
#[cfg(not(feature = "ai"))]
#[test]
fn ai_needs_the_feature() {
    let output = run(&["validate", "--ai", "testdata/comunas.csv"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--features ai"), "{stderr}");
    assert!(output.stdout.is_empty());
}

/// `calidad metadata`: exit 0 for valid metadata, 1 with each problem's JSON path, 2 when the
/// file is not JSON.
#[test]
fn metadata_command() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(
        &good,
        r#"{"success": true, "result": {"title": "Comunas de Chile", "name": "comunas-de-chile",
        "notes": "Las 346 comunas de Chile con su código territorial y su región, según SUBDERE.",
        "author": "SUBDERE", "author_email": "datos@subdere.gob.cl", "owner_org": "subdere",
        "private": false, "license_id": "cc-by", "tags": [{"name": "territorio"}],
        "resources": [{"name": "comunas.csv", "description": "Una fila por comuna.", "format": "CSV",
                       "url": "https://datos.gob.cl/comunas.csv"}]}}"#,
    )
    .unwrap();
    let output = run(&[
        "metadata",
        "--lang",
        "en",
        "--data",
        "testdata/comunas.csv",
        good.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("valid metadata"));

    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"title": "x", "name": "Con Espacios", "license_id": "other-closed"}"#,
    )
    .unwrap();
    let output = run(&["metadata", "--format", "json", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let paths: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["path"].as_str())
        .collect();
    assert!(
        paths.contains(&"/name") && paths.contains(&"/license_id"),
        "{paths:?}"
    );

    let not_json = dir.path().join("x.json");
    std::fs::write(&not_json, "title: x").unwrap();
    let output = run(&["metadata", not_json.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("x.json"));
}

#[test]
fn audit_writes_outputs_and_merges_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(
        root().join("testdata/comunas.csv"),
        data.join("comunas.csv"),
    )
    .unwrap();
    std::fs::copy(
        root().join("testdata/transferencias_municipales.csv"),
        data.join("transferencias.csv"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let data_arg = data.to_str().unwrap();
    let out_arg = out.to_str().unwrap();
    let output = run(&["audit", data_arg, "--out", out_arg, "--lang", "en"]);
    // One of the two files is invalid: exit 1, and the totals on stdout.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("2 resources: 1 valid, 1 invalid, 0 could not be read"),
        "{text}"
    );
    assert!(stderr(&output).is_empty(), "no progress bar off a terminal");
    for name in [
        "summary.json",
        "summary.csv",
        "index.html",
        "progress.jsonl",
    ] {
        assert!(out.join(name).is_file(), "{name}");
    }
    let mut shards = Vec::new();
    for i in 0..2 {
        let dir = tmp.path().join(format!("s{i}"));
        let shard = format!("{i}/2");
        let output = run(&[
            "audit",
            data_arg,
            "--out",
            dir.to_str().unwrap(),
            "--shard",
            &shard,
            "--lang",
            "en",
        ]);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{}",
            stderr(&output)
        );
        shards.push(dir.to_str().unwrap().to_owned());
    }
    let merged = tmp.path().join("merged");
    let mut args = vec!["audit", "merge"];
    args.extend(shards.iter().map(String::as_str));
    args.extend(["--out", merged.to_str().unwrap(), "--lang", "en"]);
    let output = run(&args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(out.join("summary.json")).unwrap(),
        std::fs::read(merged.join("summary.json")).unwrap()
    );
    // A bad shard and a missing source cannot run: exit 2 and one line.
    for bad in [
        vec!["audit", data_arg, "--out", out_arg, "--shard", "2/2"],
        vec!["audit", "no/such/dir", "--out", out_arg],
    ] {
        let output = run(&bad);
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    }
}

/// `--reveal` shows a flagged column's real values in the text report only: refused with
/// `--format json` (exit 2, one bilingual line) and with `--no-mask`; without it the same text
/// carries masked values only.
#[test]
fn reveal_shows_real_values_on_screen_only() {
    let file = "crates/calidad/tests/fixtures/privacy/establecimientos-con-pacientes.csv";
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let ruts: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|line| line.rsplit(';').next())
        .collect();
    let shown = run(&["validate", file, "--reveal", "--lang", "es"]);
    assert_eq!(shown.status.code(), Some(1), "{}", stderr(&shown));
    let out = stdout(&shown);
    assert!(out.contains("valores reales"), "{out}");
    assert!(
        ruts.iter().any(|rut| out.contains(rut)),
        "no real RUT shown:\n{out}"
    );

    let masked = stdout(&run(&["validate", file, "--lang", "es"]));
    assert!(!ruts.iter().any(|rut| masked.contains(rut)), "{masked}");

    for refused in [
        &["validate", file, "--reveal", "--format", "json"][..],
        &["validate", file, "--reveal", "--no-mask"][..],
    ] {
        let output = run(refused);
        assert_eq!(output.status.code(), Some(2), "{refused:?}");
        assert!(output.stdout.is_empty());
        let message = stderr(&output);
        assert!(!ruts.iter().any(|rut| message.contains(rut)), "{message}");
    }
}

/// `--help` and argument errors follow the language: Spanish without a locale, English with
/// an English one.
#[test]
fn help_and_argument_errors_speak_the_language() {
    let spanish = calidad(&["--help"]).env_remove("LANG").output().unwrap();
    let text = stdout(&spanish);
    assert!(text.contains("Uso: calidad"), "{text}");
    assert!(text.contains("Valida tablas"), "{text}");
    assert!(!text.contains("Print help"), "{text}");
    let validate = calidad(&["validate", "--help"])
        .env_remove("LANG")
        .output()
        .unwrap();
    assert!(stdout(&validate).contains("Idioma de los mensajes"));
    let english = run(&["--help"]);
    assert!(stdout(&english).contains("Usage: calidad"));
    let wrong = calidad(&["validate", "--limit-error", "3", "testdata/comunas.csv"])
        .env_remove("LANG")
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    let said = stderr(&wrong);
    assert!(
        said.contains("no conozco la opción «--limit-error»"),
        "{said}"
    );
    assert!(said.contains("¿Quiso decir «--limit-errors»?"), "{said}");
    let missing = calidad(&["validate", "testdata/no-existe.csv"])
        .env_remove("LANG")
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains(
            "no se puede abrir testdata/no-existe.csv: el archivo o la carpeta no existe"
        ),
        "{}",
        stderr(&missing)
    );
    let missing_en = run(&["validate", "testdata/no-existe.csv"]);
    assert!(stderr(&missing_en).contains("cannot open testdata/no-existe.csv"));
}

/// `--quiet`: one line per table, and one for a workbook with its file mark.
#[test]
fn quiet_prints_one_line_per_table_and_workbook() {
    let output = run(&[
        "validate",
        "--quiet",
        "testdata/transferencias_municipales.csv",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("✗ testdata/transferencias_municipales.csv · score "),
        "{text}"
    );
    assert!(text.trim_end().ends_with("· 6 errors"), "{text}");
    let Some(corpus) = shared("corpus/real") else {
        return;
    };
    let book = corpus.join("bcentral_cuenta_financiera_multisheet.xlsx");
    let output = calidad(&["validate", "-q", &book.display().to_string()])
        .env_remove("LANG")
        .output()
        .unwrap();
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("  "), "sheets are indented: {text}");
    assert!(lines[2].contains("2 hojas"), "{text}");
    assert!(lines[2].contains("archivo: nota "), "{text}");
}

/// `calidad completions` writes each shell's script and the manual page.
#[test]
fn completions_and_manual_page() {
    for (shell, expected) in [
        ("bash", "_calidad()"),
        ("zsh", "#compdef calidad"),
        ("fish", "complete -c calidad"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[calidad]"),
        ("man", ".TH calidad"),
    ] {
        let output = run(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let text = stdout(&output);
        assert!(
            text.contains(expected),
            "{shell}: {}",
            &text[..text.len().min(300)]
        );
        assert!(text.contains("validate"), "{shell}");
    }
}

/// `calidad validate URL` downloads over HTTP (here from a server on 127.0.0.1), names the
/// report by the address, and leaves no temporary file behind.
#[test]
fn validates_an_address() {
    use std::io::{BufRead, BufReader, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let body = std::fs::read(root().join("testdata/transferencias_municipales.csv")).unwrap();
    let server = std::thread::spawn(move || {
        for _ in 0..2 {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let found = request.contains("/datos/transferencias.csv");
            let (status, content): (&str, &[u8]) = if found {
                ("200 OK", &body)
            } else {
                ("404 Not Found", b"no")
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                content.len()
            );
            let _ = stream.write_all(content);
        }
    });
    let url = format!("http://127.0.0.1:{port}/datos/transferencias.csv");
    let output = run(&["validate", "--quiet", &url]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with(&format!("✗ {url} · score ")), "{text}");
    assert!(text.contains("6 errors"), "{text}");
    let missing = format!("http://127.0.0.1:{port}/nada.csv");
    let output = run(&["validate", &missing]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("404"), "{}", stderr(&output));
    server.join().unwrap();
}

/// `calidad corregir` (and its alias `fix`): the copy, its schema and the log, in Spanish by
/// default; the input untouched; a bad output delimiter refused.
#[test]
fn corregir_writes_a_corrected_copy() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().display().to_string();
    let source = root().join("testdata/transferencias_municipales.csv");
    let before = std::fs::read(&source).unwrap();
    let output = calidad(&[
        "corregir",
        "testdata/transferencias_municipales.csv",
        "-o",
        &dir,
    ])
    .env_remove("LANG")
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("se quitaron 3 filas sobre el encabezado"),
        "{text}"
    );
    assert!(text.contains("se pasó de windows-1252 a UTF-8"), "{text}");
    assert!(text.contains("Registro de cambios:"), "{text}");
    assert_eq!(
        std::fs::read(&source).unwrap(),
        before,
        "the input is never written"
    );
    for name in [
        "transferencias_municipales.csv",
        "transferencias_municipales.schema.json",
        "transferencias_municipales.cambios.txt",
        "transferencias_municipales.cambios.json",
    ] {
        assert!(out.path().join(name).is_file(), "{name}");
    }
    let english = run(&["fix", "testdata/transferencias_municipales.csv", "-o", &dir]);
    assert_eq!(english.status.code(), Some(0));
    assert!(stdout(&english).contains("removed 3 rows above the header"));
    let corrected = out.path().join("transferencias_municipales.csv");
    let again = run(&[
        "validate",
        "--format",
        "json",
        &corrected.display().to_string(),
    ]);
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    let counts = &report["tasks"][0]["calidad"]["errorCounts"];
    for code in ["title-rows", "blank-row", "mojibake", "non-utf8-encoding"] {
        assert!(counts.get(code).is_none(), "{code} left: {counts}");
    }
    let bad = run(&[
        "corregir",
        "testdata/comunas.csv",
        "-o",
        &dir,
        "--out-delimiter",
        "ab",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("invalid output delimiter"));
}
