//! Cases a careful tester found answered wrongly, each with the answer it gets now. Files are
//! made here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::{Error, Lang, ReportTask, Validator};
use std::path::Path;

fn validator() -> Validator {
    Validator::builder().lang(Lang::En).limit_errors(0).build()
}

fn tasks_of(name: &str, bytes: &[u8]) -> Vec<ReportTask> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    validator().tasks_for_path(&path).unwrap()
}

fn codes(task: &ReportTask) -> Vec<String> {
    task.calidad.error_counts.keys().cloned().collect()
}

fn messages(task: &ReportTask) -> String {
    task.errors
        .iter()
        .chain(&task.calidad.findings)
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_key_that_breaks_a_constraint_is_still_a_key() {
    let schema = serde_json::json!({
        "fields": [
            {"name": "codigo", "type": "string", "constraints": {"pattern": "[A-Z]{3}-[0-9]{4}"}},
            {"name": "valor", "type": "integer"}
        ],
        "primaryKey": ["codigo"]
    });
    let schema = calidad::schema::schema_from_json(&schema, "s").unwrap();
    let report = Validator::builder()
        .schema(schema)
        .unwrap()
        .build()
        .validate_bytes(b"codigo,valor\nABC-1234,1\ndag-8736,2\n", "t.csv");
    let task = &report.tasks[0];
    assert_eq!(codes(task), ["constraint-error"], "{}", messages(task));
}

#[test]
fn json_is_json_however_it_is_encoded() {
    let json = r#"[{"id": 1, "comuna": "Ñuñoa"}, {"id": 2, "comuna": "Peñalolén"}]"#;
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(json.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in json.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    for (name, bytes) in [("bom.json", bom), ("utf16.json", utf16)] {
        let task = &tasks_of(name, &bytes)[0];
        assert_eq!(task.calidad.format, "json", "{name}");
        assert!(task.valid, "{name}: {}", messages(task));
        assert_eq!(task.stats.rows, Some(2), "{name}");
        assert_eq!(task.labels, ["id", "comuna"], "{name}");
    }
}

#[test]
fn json_that_does_not_parse_says_where() {
    for (text, what) in [
        (r#"{"a": NaN}"#, "line 1, column 7"),
        (r#"[{"a": 1}] y algo más"#, "trailing characters"),
    ] {
        let task = &tasks_of("x.json", text.as_bytes())[0];
        assert_eq!(codes(task), ["source-error"], "{text}");
        assert!(messages(task).contains(what), "{text}: {}", messages(task));
    }
    for text in ["42", "null", "[1,2,3]"] {
        let task = &tasks_of("x.json", text.as_bytes())[0];
        let all = messages(task);
        assert!(
            all.contains("JSON document that is not a table"),
            "{text}: {all}"
        );
        assert!(!all.contains("text table (CSV)"), "{text}: {all}");
    }
}

#[test]
fn a_stray_nul_is_a_cell_error_and_utf16_with_accents_is_text() {
    for csv in ["\0id,comuna\n1,Arica\n2,Ñuñoa\n", "id,comuna\n1,Ari\0ca\n"].map(str::as_bytes) {
        let task = &tasks_of("t.csv", csv)[0];
        assert_eq!(task.calidad.format, "csv");
        assert!(
            codes(task).contains(&"encoding-error".to_owned()),
            "{:?}",
            codes(task)
        );
    }
    let text =
        "comuna;región\nÑuñoa;Metropolitana\nPeñalolén;Metropolitana\nValparaíso;Valparaíso\n";
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let task = &tasks_of("t.csv", &utf16)[0];
    assert_eq!(task.calidad.encoding.as_deref(), Some("utf-16le"));
    assert!(task.valid, "{}", messages(task));
}

#[test]
fn a_dtd_is_an_xml_document() {
    let task = &tasks_of(
        "a.xml",
        b"<!DOCTYPE note [<!ELEMENT note (#PCDATA)>]>\n<note/>\n",
    )[0];
    assert!(
        messages(task).contains("XML document"),
        "{}",
        messages(task)
    );
}

#[test]
fn compact_ruts_ending_in_k_are_text_not_broken_integers() {
    let mut csv = String::from("rut,comuna\n");
    for i in 0..30u32 {
        let body = 45_000_000 + i * 1_583;
        let digit = calidad::calidad_privacy::rut::check_digit(body);
        csv.push_str(&format!("{body}{digit},Arica\n"));
    }
    assert!(csv.contains("K,"), "the sample needs a K");
    let task = &tasks_of("t.csv", csv.as_bytes())[0];
    assert!(
        !codes(task).contains(&"type-error".to_owned()),
        "{}",
        messages(task)
    );
}

#[test]
fn options_that_would_change_nothing_are_said() {
    assert!(matches!(
        Validator::builder().expect_hash("md5:zz"),
        Err(Error::InvalidHash(_))
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, "a,b\n1,2\n").unwrap();
    let sheet = Validator::builder()
        .sheet("Hoja1")
        .build()
        .tasks_for_path(&path);
    assert!(
        matches!(sheet, Err(Error::SheetOfNoWorkbook { .. })),
        "{sheet:?}"
    );
    let task = Validator::builder()
        .allow_fields(&["nombre"])
        .build()
        .tasks_for_path(&path)
        .unwrap()
        .remove(0);
    assert!(
        task.warnings.iter().any(|w| w.contains("nombre")),
        "{:?}",
        task.warnings
    );
}

#[test]
fn a_package_cannot_point_outside_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("pkg");
    std::fs::create_dir(&package).unwrap();
    std::fs::write(
        dir.path().join("secret.json"),
        r#"{"fields": [{"name": "x"}]}"#,
    )
    .unwrap();
    std::fs::write(package.join("data.csv"), "x\n1\n").unwrap();
    let write = |descriptor: serde_json::Value| {
        let path = package.join("datapackage.json");
        std::fs::write(&path, descriptor.to_string()).unwrap();
        Validator::default().validate_package(&path)
    };
    for schema in ["../secret.json", "/etc/hostname"] {
        let result = write(serde_json::json!({"resources": [
            {"name": "d", "path": "data.csv", "schema": schema}
        ]}));
        let error = result.expect_err(schema).to_string();
        assert!(error.contains("not a file inside"), "{schema}: {error}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", package.join("passwd.csv")).unwrap();
        let result = write(serde_json::json!({"resources": [{"name": "p", "path": "passwd.csv"}]}));
        let error = result.expect_err("a link out").to_string();
        assert!(error.contains("not a file inside"), "{error}");
    }
    assert!(Path::new("/etc/passwd").exists() || cfg!(not(unix)));
}

/// Every input the fuzzers once crashed on (`tests/fixtures/fuzz/`) reads without a crash now.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        count += 1;
        let tasks = validator().tasks_for_path(&entry.path());
        assert!(
            tasks.is_ok_and(|t| !t.is_empty()),
            "{}",
            entry.path().display()
        );
    }
    assert!(count > 0);
}
