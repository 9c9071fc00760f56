//! Workbooks, JSON and archives, built here in code, each exercising the findings of its
//! format: sheets as tasks, title rows, merged cells, formula errors, macros, empty sheets,
//! totals, JSON keys, decompression limits and misnamed files.

// Test helpers may panic: a panic here is a failing test, not a crash for a user.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::{Lang, ReportTask, Validator};
use std::io::Write;

/// A minimal xlsx: `sheets` are (name, sheetData XML, mergeCells XML); `vba` adds a VBA part.
fn xlsx(sheets: &[(&str, &str, &str)], vba: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options: zip::write::SimpleFileOptions = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    let mut overrides = String::new();
    let mut entries = String::new();
    let mut rels = String::new();
    for (i, (name, _, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        overrides.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
        entries.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
    }
    put(
        "[Content_Types].xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
        ),
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    put(
        "xl/workbook.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>"#
        ),
    );
    put(
        "xl/_rels/workbook.xml.rels",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    );
    for (i, (_, data, merges)) in sheets.iter().enumerate() {
        put(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData>{merges}</worksheet>"#
            ),
        );
    }
    if vba {
        put("xl/vbaProject.bin", "not really a VBA project");
    }
    zip.finish().unwrap().into_inner()
}

fn text(cell: &str, value: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>"#)
}

fn number(cell: &str, value: f64) -> String {
    format!(r#"<c r="{cell}"><v>{value}</v></c>"#)
}

fn row(n: u32, cells: &[String]) -> String {
    format!(r#"<row r="{n}">{}</row>"#, cells.concat())
}

fn validate(bytes: &[u8], name: &str) -> Vec<ReportTask> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    Validator::builder()
        .lang(Lang::En)
        .limit_errors(0)
        .build()
        .validate_path(&path)
        .unwrap()
        .tasks
}

fn findings(task: &ReportTask) -> Vec<(String, Option<u64>, Option<u64>)> {
    task.errors
        .iter()
        .chain(&task.calidad.findings)
        .map(|e| {
            (
                e.code.clone(),
                e.row_number.or(e.row_numbers.as_ref().map(|r| r[0])),
                e.field_number,
            )
        })
        .collect()
}

fn report_workbook() -> Vec<u8> {
    let data = [
        row(1, &[text("B1", "Transferencias 2024")]),
        row(3, &[text("B3", "comuna"), text("C3", "monto")]),
        row(4, &[text("B4", "Maipú"), number("C4", 10.0)]),
        row(
            5,
            &[
                text("B5", "Ñuñoa"),
                r#"<c r="C5" t="e"><v>#DIV/0!</v></c>"#.to_owned(),
            ],
        ),
        row(6, &[text("B6", "Peñalolén"), number("C6", 7.5)]),
        row(7, &[text("B7", "Total"), number("C7", 17.5)]),
    ]
    .concat();
    xlsx(
        &[
            (
                "Datos",
                &data,
                r#"<mergeCells count="1"><mergeCell ref="B1:C1"/></mergeCells>"#,
            ),
            ("Vacía", "", ""),
        ],
        true,
    )
}

#[test]
fn workbook_sheets_are_tasks_with_their_own_rows_and_columns() {
    let tasks = validate(&report_workbook(), "informe.xlsx");
    let names: Vec<&str> = tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["informe#Datos", "informe#Vacía"]);
    let datos = &tasks[0];
    assert_eq!(datos.calidad.format, "xlsx");
    assert_eq!(datos.labels, ["comuna", "monto"]);
    let found = findings(datos);
    for expected in [
        ("formula-error", Some(5), Some(3)),
        ("title-rows", Some(1), None),
        ("total-row", Some(7), None),
        ("macros-present", None, None),
        ("merged-cells", None, None),
    ] {
        let expected = (expected.0.to_owned(), expected.1, expected.2);
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    let merged = datos
        .calidad
        .findings
        .iter()
        .find(|f| f.code == "merged-cells")
        .unwrap();
    assert!(merged.message.contains("B1:C1"), "{}", merged.message);
    let formula = datos
        .errors
        .iter()
        .find(|e| e.code == "formula-error")
        .unwrap();
    assert_eq!(formula.cell.as_deref(), Some("#DIV/0!"));
    assert_eq!(formula.field_name.as_deref(), Some("monto"));

    let empty = &tasks[1];
    assert!(!empty.valid);
    assert_eq!(empty.errors[0].code, "source-error");
    assert!(empty.errors[0].message.contains("sheet is empty"));
}

#[test]
fn one_sheet_when_asked_and_a_clear_error_for_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("informe.xlsx");
    std::fs::write(&path, report_workbook()).unwrap();
    let picked = Validator::builder()
        .sheet("Datos")
        .build()
        .validate_path(&path)
        .unwrap();
    assert_eq!(picked.tasks.len(), 1);
    assert_eq!(picked.tasks[0].name, "informe#Datos");
    let missing = Validator::builder()
        .lang(Lang::En)
        .sheet("Nope")
        .build()
        .validate_path(&path)
        .unwrap();
    assert!(
        missing.tasks[0].errors[0]
            .message
            .contains("no sheet named \"Nope\"")
    );
}

#[test]
fn json_tables_in_every_shape() {
    let records = br#"[{"id": 1, "comuna": "Maipu"}, {"id": 2}, {"id": 3, "comuna": "Nunoa", "region": "RM"}]"#;
    let tasks = validate(records, "r.json");
    assert_eq!(tasks[0].labels, ["id", "comuna"]);
    let errors: Vec<(&str, Option<u64>, Option<&str>)> = tasks[0]
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.row_number, e.field_name.as_deref()))
        .collect();
    assert_eq!(
        errors,
        [
            ("missing-cell", Some(3), Some("comuna")),
            ("extra-cell", Some(4), Some("region"))
        ]
    );

    let arrays = validate(br#"[["id", "name"], [1, "a"], [2, "b", "x"]]"#, "a.json");
    assert_eq!(arrays[0].errors[0].code, "extra-cell");

    let lines = validate(b"{\"id\": 1}\n{\"id\": 2}\n\n{\"id\": 2}\n", "l.jsonl");
    assert_eq!(lines[0].stats.rows, Some(3));
    assert_eq!(lines[0].errors[0].code, "duplicate-row");

    let datastore = validate(
        br#"{"success": true, "result": {"fields": [{"id": "_id"}, {"id": "monto"}], "records": [{"_id": 1, "monto": 5}, {"_id": 2, "monto": "x"}, {"_id": 3, "monto": 7}, {"_id": 4, "monto": 8}, {"_id": 5, "monto": 9}, {"_id": 6, "monto": 1}, {"_id": 7, "monto": 2}, {"_id": 8, "monto": 3}, {"_id": 9, "monto": 4}, {"_id": 10, "monto": 6}]}}"#,
        "ds.json",
    );
    assert_eq!(datastore[0].labels, ["_id", "monto"]);
    assert_eq!(datastore[0].errors[0].code, "type-error");
    assert_eq!(datastore[0].errors[0].row_number, Some(3));

    for not_a_table in [
        &br#"{"help": "x", "result": ["a", "b"]}"#[..],
        b"42",
        b"{nope",
    ] {
        let task = &validate(not_a_table, "n.json")[0];
        assert_eq!(task.errors[0].code, "format-error");
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn archives_hold_tables_and_stop_at_their_limit() {
    let gz = validate(&gzip(b"id,name\n1,a\n2\n"), "t.csv.gz");
    assert_eq!(gz[0].name, "t.csv");
    assert_eq!(gz[0].errors[0].code, "missing-cell");

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options: zip::write::SimpleFileOptions = zip::write::SimpleFileOptions::default();
    for (name, body) in [
        ("uno.csv", "id,name\n1,a\n"),
        ("dos.csv", "id,name\n1,a\n1,a\n"),
        ("__MACOSX/._uno.csv", "junk"),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    let archive = zip.finish().unwrap().into_inner();
    let tasks = validate(&archive, "datos.zip");
    let names: Vec<&str> = tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["datos#uno.csv", "datos#dos.csv"]);
    assert!(tasks[0].valid);
    assert_eq!(tasks[1].errors[0].code, "duplicate-row");

    // A bomb: 5 MB of zeros in a few kilobytes, against a 1 MB limit.
    let bomb = gzip(&vec![b'0'; 5 << 20]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomba.csv.gz");
    std::fs::write(&path, &bomb).unwrap();
    let report = Validator::builder()
        .lang(Lang::En)
        .max_unpacked_bytes(1 << 20)
        .build()
        .validate_path(&path)
        .unwrap();
    let error = &report.tasks[0].errors[0];
    assert_eq!(error.code, "source-error");
    assert!(
        error.message.contains("decompression bomb"),
        "{}",
        error.message
    );
}

#[test]
fn names_that_lie_are_format_errors_but_content_is_still_checked() {
    let csv_as_xlsx = validate(b"id,name\n1,a\n2\n", "datos.xlsx");
    let codes: Vec<&str> = csv_as_xlsx[0]
        .errors
        .iter()
        .map(|e| e.code.as_str())
        .collect();
    assert_eq!(codes, ["format-error", "missing-cell"]);
    assert!(
        csv_as_xlsx[0].errors[0]
            .message
            .contains("named .xlsx but is a text table")
    );
    let json_as_csv = validate(br#"[{"a": 1}]"#, "datos.csv");
    assert!(
        json_as_csv[0].errors[0]
            .message
            .contains("named .csv but is JSON")
    );
    let html_as_csv = validate(
        b"<!DOCTYPE html><html><body>Error 404</body></html>",
        "datos.csv",
    );
    assert_eq!(html_as_csv[0].errors[0].code, "format-error");
    assert!(validate(b"id\n1\n", "ok.csv")[0].valid);
}

/// Without the `parquet` feature, a Parquet file says what it is and how to read it.
#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_needs_its_feature() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/casos.parquet"),
    )
    .unwrap();
    let task = &validate(&bytes, "casos.parquet")[0];
    assert_eq!(task.errors[0].code, "format-error");
    assert!(task.errors[0].message.contains("`parquet` feature"));
}

/// Parquet through polars (cargo feature `parquet`): the columns become a table like any other.
#[cfg(feature = "parquet")]
#[test]
fn parquet_files_are_tables() {
    // testdata/casos.parquet was written by polars: comuna = [Maipú, Ñuñoa, Maipú],
    // casos = [10, null, 10].
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/casos.parquet"),
    )
    .unwrap();
    let tasks = validate(&bytes, "casos.parquet");
    let task = &tasks[0];
    assert_eq!(task.calidad.format, "parquet");
    assert_eq!(task.labels, ["comuna", "casos"]);
    assert_eq!(task.stats.rows, Some(3));
    assert_eq!(task.errors[0].code, "duplicate-row");
    assert_eq!(task.errors[0].row_number, Some(4));
    let schema = task.calidad.schema.as_ref().unwrap();
    assert_eq!(schema.fields[1].kind.as_str(), "integer");
    let broken = validate(b"PAR1 not really parquet PAR1", "x.parquet");
    assert_eq!(broken[0].errors[0].code, "source-error");
}

#[test]
fn tables_stacked_or_side_by_side() {
    let stacked = validate(
        b"comuna;casos\nMaipu;10\nNunoa;5\n\nregion;casos\nRM;15\n",
        "s.csv",
    );
    let found = findings(&stacked[0]);
    assert!(
        found.contains(&("multiple-tables".to_owned(), Some(5), None)),
        "{found:?}"
    );
    let side = validate(
        b"comuna;casos;;region;total\nMaipu;10;;RM;15\nNunoa;5;;V;3\n",
        "d.csv",
    );
    let found = findings(&side[0]);
    assert!(
        found.contains(&("multiple-tables".to_owned(), Some(1), Some(3))),
        "{found:?}"
    );
    let single = validate(b"comuna;casos\nMaipu;10\n\nNunoa;5\n", "u.csv");
    assert!(
        !findings(&single[0])
            .iter()
            .any(|f| f.0 == "multiple-tables")
    );
}

#[test]
fn json_documents_that_are_not_tables_are_read_for_personal_data() {
    let document = br#"{"title": "Catalogo", "dataset": [
        {"contactPoint": {"fn": "Ana", "hasEmail": "mailto:ana.rojas@gmail.com"}, "responsable": "15.871.597-K"},
        {"contactPoint": {"fn": "Oficina", "hasEmail": "contacto@minsal.cl"}, "responsable": "76.086.428-5"}
    ]}"#;
    let tasks = validate(document, "catalogo.json");
    let task = &tasks[0];
    let codes: Vec<(String, Option<u64>, Option<u64>)> = findings(task);
    assert_eq!(codes[0].0, "format-error");
    let privacy = task.calidad.added.privacy.as_ref().expect("privacy block");
    let found: Vec<(&str, &str, &str)> = privacy
        .fields
        .iter()
        .map(|f| {
            (
                f.field_name.as_str(),
                f.category.as_str(),
                f.severity.as_str(),
            )
        })
        .collect();
    // A contact point is required metadata, not a person's data: a personal mailbox there is
    // a metadata-quality warning (use an institutional one), not a privacy error.
    assert_eq!(found, [("dataset[*].responsable", "rut", "error")]);
    let contact = task
        .calidad
        .findings
        .iter()
        .find(|e| e.code == "metadata-quality")
        .expect("a metadata-quality warning on the personal contact point");
    assert!(
        contact.message.contains("contactPoint"),
        "{}",
        contact.message
    );
    let json = serde_json::to_string(&tasks).unwrap();
    for leaked in ["ana.rojas", "15.871.597", "15871597"] {
        assert!(!json.contains(leaked), "{leaked} leaked");
    }
    // Without the privacy pass, only the format error.
    let quiet = Validator::builder()
        .privacy(false)
        .build()
        .validate_bytes(document, "catalogo.json");
    assert!(quiet.tasks[0].calidad.added.privacy.is_none());
}

/// Property: the same table as CSV and as XLSX gets the same marks for what does not depend
/// on the format (estructura, completitud, coherencia, consistencia, privacidad).
#[test]
fn a_table_scores_the_same_as_csv_and_as_xlsx() {
    let comunas = ["Arica", "Iquique", "Calama", "Ñuñoa", "Maipú"];
    let mut csv = String::from("id,comuna,monto\n");
    let mut rows = vec![row(
        1,
        &[text("A1", "id"), text("B1", "comuna"), text("C1", "monto")],
    )];
    for i in 0..40u32 {
        // Row 20 repeats row 19: one duplicate in both.
        let k = if i == 20 { 19 } else { i };
        let (comuna, monto) = (comunas[k as usize % 5], 1000 + 37 * k);
        csv.push_str(&format!("{k},{comuna},{monto}\n"));
        let n = i + 2;
        rows.push(row(
            n,
            &[
                number(&format!("A{n}"), f64::from(k)),
                text(&format!("B{n}"), comuna),
                number(&format!("C{n}"), f64::from(monto)),
            ],
        ));
    }
    let book = xlsx(&[("datos", &rows.concat(), "")], false);
    let as_csv = validate(csv.as_bytes(), "tabla.csv");
    let as_xlsx = validate(&book, "tabla.xlsx");
    let marks = |task: &ReportTask| {
        let d = &task.calidad.added.score.as_ref().unwrap().score.dimensions;
        [
            d.estructura.score,
            d.completitud.score,
            d.coherencia.score,
            d.consistencia.score,
            d.privacidad.score,
        ]
    };
    assert_eq!(marks(&as_csv[0]), marks(&as_xlsx[0]));
    assert!(as_csv[0].calidad.error_counts.contains_key("duplicate-row"));
}

/// A document whose key is 200 KB long, over 50,000 strings: each string keeps its path, so
/// the path must not keep the whole key (10 GB of copies before paths were bounded).
#[test]
fn a_hostile_key_is_not_copied_for_every_string() {
    let key = "k".repeat(200_000);
    let items = vec!["a"; 50_000];
    let document = serde_json::json!({ key.clone(): items }).to_string();
    let tasks = validate(document.as_bytes(), "clave.json");
    assert_eq!(tasks[0].errors[0].code, "format-error");
    let json = serde_json::to_string(&tasks).unwrap();
    assert!(
        json.len() < 1_000_000,
        "the report holds {} bytes",
        json.len()
    );
}
