//! Bad input of every kind gives findings, never a panic, in bounded memory; and results never
//! depend on how the input happens to be split into chunks.

// Test helpers may panic: a panic here is a failing test, not a crash for a user.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::{Lang, Report, Validator};
use serde_json::Value;

fn validator(chunk: usize) -> Validator {
    Validator::builder()
        .lang(Lang::En)
        .chunk_bytes(chunk)
        .build()
}

/// The report as JSON without timings, for comparisons.
fn stable(report: &Report) -> Value {
    let mut value = serde_json::to_value(report).unwrap();
    value["stats"]["seconds"] = Value::from(0);
    for task in value["tasks"].as_array_mut().unwrap() {
        task["stats"]["seconds"] = Value::from(0);
    }
    value
}

fn check(bytes: &[u8]) -> Report {
    validator(256 * 1024).validate_bytes(bytes, "t")
}

fn codes(report: &Report) -> Vec<(String, Option<u64>, Option<u64>)> {
    report.tasks[0]
        .errors
        .iter()
        .chain(&report.tasks[0].calidad.findings)
        .map(|e| (e.code.clone(), e.row_number, e.field_number))
        .collect()
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_bytes_never_panic_and_chunking_never_matters() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let csvish: &[u8] = b"ab1,;;\t\"\"\r\n\n \xc3\xb1\xc3\x83\xc2\xb1\xf1\xe9\xff\x00\xef\xbf\xbd";
    for case in 0..400 {
        let len = (rng.next() % 600) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                let r = rng.next();
                if case % 4 == 0 {
                    r as u8
                } else {
                    csvish[(r % csvish.len() as u64) as usize]
                }
            })
            .collect();
        let whole = stable(&validator(1 << 20).validate_bytes(&bytes, "t"));
        let capped = |chunk: usize| {
            let validator = Validator::builder()
                .chunk_bytes(chunk)
                .max_row_bytes(40)
                .build();
            stable(&validator.validate_bytes(&bytes, "t"))
        };
        let whole_capped = capped(1 << 20);
        for chunk in [1, 2, 7, 64] {
            let split = stable(&validator(chunk).validate_bytes(&bytes, "t"));
            assert_eq!(
                whole,
                split,
                "case {case}, chunk {chunk}: {:?}",
                String::from_utf8_lossy(&bytes)
            );
            assert_eq!(
                whole_capped,
                capped(chunk),
                "case {case}, chunk {chunk}, capped rows"
            );
        }
    }
}

#[test]
fn realistic_tables_do_not_depend_on_chunking() {
    let mut table = String::from("Informe de transferencias\n\nid;comuna;monto;nota\n");
    for i in 0..300 {
        match i % 50 {
            7 => table.push_str(";;;\n"),
            11 => table.push_str(&format!("{i};Ñuñoa\n")),
            13 => table.push_str(&format!("{i};PeÃ±alolÃ©n;1,5;x;extra\n")),
            17 => table.push_str(&format!("{i};\"multi\nline\";2,5;\"dijo \"\"sí\"\"\"\n")),
            _ => table.push_str(&format!("{i};Maipú;{i},25;ok\n")),
        }
    }
    let mut bytes = table.into_bytes();
    bytes.extend_from_slice(b"999;Conchal\xed;1;x\n");
    let whole = stable(&validator(1 << 20).validate_bytes(&bytes, "t"));
    for chunk in [1, 3, 17, 100, 4096] {
        assert_eq!(
            whole,
            stable(&validator(chunk).validate_bytes(&bytes, "t")),
            "chunk {chunk}"
        );
    }
    // The schema checks give the same report on the reading thread as on their own, whatever
    // the error limit cuts.
    for limit in [0, 3, 1000] {
        let on = |threaded: bool| {
            stable(
                &Validator::builder()
                    .lang(Lang::En)
                    .limit_errors(limit)
                    .threads(if threaded { 4 } else { 1 })
                    .chunk_bytes(64)
                    .build()
                    .validate_bytes(&bytes, "t"),
            )
        };
        assert_eq!(on(true), on(false), "limit {limit}");
    }
    let counts = &whole["tasks"][0]["calidad"]["errorCounts"];
    assert_eq!(counts["title-rows"], 1);
    assert_eq!(counts["blank-row"], 6);
    assert_eq!(counts["missing-cell"], 12);
    assert_eq!(counts["extra-cell"], 6);
    assert_eq!(counts["mojibake"], 6);
    assert_eq!(counts["encoding-error"], 1);
}

#[test]
fn empty_and_nearly_empty_sources() {
    let empty = check(b"");
    assert!(!empty.valid);
    assert_eq!(codes(&empty), [("source-error".to_owned(), None, None)]);
    let bom = check(b"\xEF\xBB\xBF");
    assert_eq!(bom.tasks[0].errors[0].code, "source-error");
    let header_only = check(b"id,name\n");
    assert!(header_only.valid);
    assert_eq!(header_only.tasks[0].stats.rows, Some(0));
    assert_eq!(header_only.tasks[0].labels, ["id", "name"]);
    let no_newline = check(b"id,name");
    assert!(no_newline.valid);
    let blank_lines = check(b"\n\n\n");
    assert!(!blank_lines.valid);
    assert!(codes(&blank_lines).iter().any(|c| c.0 == "blank-header"));
}

#[test]
fn not_a_table_is_a_format_error_naming_what_it_is() {
    for (bytes, format) in [
        (
            &b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml"[..],
            "xlsx",
        ),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "xls"),
        (b"%PDF-1.7\n", "pdf"),
        (
            b"<!DOCTYPE html>\n<html><body>404 Not Found</body></html>",
            "html",
        ),
        (b"\x1f\x8b\x08\x00", "gz"),
        (b"\x00\x01\x02\x03\x04\x05\x06\x07garbage", "binary"),
        (b"[{\"a\": 1}]", "json"),
    ] {
        let report = check(bytes);
        let task = &report.tasks[0];
        assert_eq!(task.errors[0].code, "format-error", "{format}");
        assert_eq!(task.calidad.format, format);
        assert!(
            task.errors[0].message.contains("not a text table"),
            "{}",
            task.errors[0].message
        );
    }
}

#[test]
fn unclosed_quote_is_reported_where_it_opened() {
    let mut text = String::from("id,texto\n");
    for i in 1..=5 {
        text.push_str(&format!("{i},bien\n"));
    }
    text.push_str("6,\"sin cerrar\n");
    for i in 7..=10_000 {
        text.push_str(&format!("{i},tragada\n"));
    }
    let report = check(text.as_bytes());
    let found = &report.tasks[0].errors;
    let unclosed = found.iter().find(|e| e.code == "unclosed-quote").unwrap();
    assert_eq!(unclosed.row_number, Some(7));
    assert_eq!(unclosed.line_number, Some(7));
    assert_eq!(unclosed.field_number, Some(2));
    assert!(
        unclosed.message.contains("9,995 lines"),
        "{}",
        unclosed.message
    );
    assert!(unclosed.cell.as_ref().unwrap().chars().count() <= 501);
}

#[test]
fn very_wide_header_and_rows() {
    let columns = 200_000;
    let header: Vec<String> = (0..columns).map(|i| format!("c{i}")).collect();
    let row: Vec<String> = (0..columns).map(|i| (i % 10).to_string()).collect();
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    let report = check(text.as_bytes());
    assert!(report.valid);
    assert_eq!(report.tasks[0].stats.fields, Some(columns as u64));
    // Every label the same: 199,999 duplicates, counted exactly, listed up to the limit, and
    // each finding carries at most 100 labels of context.
    let same = format!("{}\n", vec!["x"; columns].join(","));
    let report = check(same.as_bytes());
    let task = &report.tasks[0];
    assert_eq!(
        task.calidad.error_counts["duplicate-label"],
        columns as u64 - 1
    );
    assert_eq!(task.errors.len(), 1000);
    assert!(
        task.errors
            .iter()
            .all(|e| e.labels.as_ref().unwrap().len() <= 100)
    );
    assert!(task.calidad.errors_truncated);
}

#[test]
fn per_column_counts_cover_the_first_16384_columns() {
    let columns = 16_400;
    let header: Vec<String> = (0..columns).map(|i| format!("c{i}")).collect();
    let mut text = format!("{}\n", header.join(","));
    for value in ["1", "2", "s/i", "4", "5"] {
        text.push_str(&vec![value; columns].join(","));
        text.push('\n');
    }
    let report = check(text.as_bytes());
    let task = &report.tasks[0];
    // One placeholder finding per column counted, none past the limit; a warning says so.
    assert_eq!(task.calidad.error_counts["placeholder-values"], 16_384);
    assert!(
        task.warnings
            .iter()
            .any(|w| w.contains("per-column counts") && w.contains("16,384")),
        "{:?}",
        task.warnings
    );
}

#[test]
fn huge_cells_are_bounded_in_the_report() {
    let big = "x".repeat(10 << 20);
    let text = format!("a,b,c\n1,{big}\n");
    let report = check(text.as_bytes());
    let missing = &report.tasks[0].errors[0];
    assert_eq!(missing.code, "missing-cell");
    for cell in missing.cells.as_ref().unwrap() {
        assert!(cell.chars().count() <= 501);
    }
    // Over the per-row cap: still read to its end, fields counted, a warning says so.
    let capped = Validator::builder()
        .chunk_bytes(1000)
        .max_row_bytes(4096)
        .lang(Lang::En)
        .build()
        .validate_bytes(text.as_bytes(), "t");
    let task = &capped.tasks[0];
    assert_eq!(task.calidad.error_counts["row-too-large"], 1);
    assert_eq!(task.calidad.error_counts["missing-cell"], 1);
    assert_eq!(task.stats.rows, Some(1));
}

#[test]
fn mostly_utf8_with_a_few_bad_bytes_stays_utf8() {
    let mut bytes = "comuna,región\nÑuñoa,Metropolitana\nValparaíso,Valparaíso\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"Conchal\xed,Metropolitana\n");
    bytes.extend_from_slice("Maipú,Metropolitana\n".as_bytes());
    let report = check(&bytes);
    let task = &report.tasks[0];
    assert_eq!(task.calidad.encoding.as_deref(), Some("utf-8"));
    assert_eq!(
        codes(&report),
        [("encoding-error".to_owned(), Some(4), Some(1))]
    );
    assert!(
        task.errors[0].message.contains("\"Conchalí\""),
        "{}",
        task.errors[0].message
    );
}

#[test]
fn latin1_after_a_long_ascii_prefix_is_decoded_without_loss() {
    let mut bytes = b"id;comuna\n".to_vec();
    for i in 0..100_000 {
        bytes.extend_from_slice(format!("{i};Santiago\n").as_bytes());
    }
    bytes.extend_from_slice(b"100000;\xd1u\xf1oa\n");
    let report = validator(64 * 1024).validate_bytes(&bytes, "t");
    let task = &report.tasks[0];
    assert!(report.valid, "{:?}", codes(&report));
    assert_eq!(task.calidad.encoding.as_deref(), Some("windows-1252"));
    assert_eq!(task.calidad.error_counts["non-utf8-encoding"], 1);
    assert_eq!(task.stats.rows, Some(100_001));
}

#[test]
fn utf16_is_decoded() {
    let text = "año\tpostulaciones\r\n2019\t1500\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let report = check(&bytes);
    let task = &report.tasks[0];
    assert!(report.valid);
    assert_eq!(task.labels, ["año", "postulaciones"]);
    assert_eq!(task.calidad.encoding.as_deref(), Some("utf-16le"));
    assert!(task.calidad.bom);
}

#[test]
fn a_record_longer_than_a_buffer_does_not_depend_on_chunking() {
    // A quoted cell of 1.5 MiB over many lines: each new buffer repeats it, and past 1 MiB
    // replacement characters are looked for record by record, not in the whole buffer.
    // Garbled text at its start and a replacement character right after it are found
    // whatever the buffer size.
    let mut long = String::from("PeÃ±alolÃ©n\n");
    while long.len() < 3 << 19 {
        long.push_str(&"texto de una nota larga ".repeat(4));
        long.push('\n');
    }
    let table = format!("id;comuna;nota\n1;\"{long}\";ok\n2;Conchal\u{FFFD};ok\n3;Maipú;ok\n");
    let run = |chunk: usize, threads: usize| {
        let validator = Validator::builder()
            .lang(Lang::En)
            .chunk_bytes(chunk)
            .threads(threads)
            .build();
        stable(&validator.validate_bytes(table.as_bytes(), "t"))
    };
    let whole = run(8 << 20, 1);
    for chunk in [4096, 65_536, 1 << 20] {
        for threads in [1, 2] {
            assert_eq!(
                whole,
                run(chunk, threads),
                "chunk {chunk}, {threads} threads"
            );
        }
    }
    let found: Vec<(&str, u64)> = whole["tasks"][0]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap(),
                e["rowNumber"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("mojibake", 2), ("encoding-error", 3)]);
}

#[test]
fn rows_held_back_as_a_possible_tail_are_checked_like_any_other() {
    // A row with one filled cell may be a footer, so it is held back until a data row shows it
    // is not; by then the buffer it came from may be gone. Its garbled text is found whatever
    // the buffer size.
    // Past the first 128 KiB read to sniff the table, so that buffers do split it.
    let mut table = String::from("id;comuna;monto;nota\n");
    for i in 0..8_000 {
        table.push_str(&format!("{i};Maipú;{i},5;ok\n"));
    }
    table.push_str("PeÃ±alolÃ©n;;;\n");
    for i in 8_000..8_040 {
        table.push_str(&format!("{i};Maipú;{i},5;ok\n"));
    }
    let whole = stable(&validator(1 << 20).validate_bytes(table.as_bytes(), "t"));
    assert_eq!(whole["tasks"][0]["calidad"]["errorCounts"]["mojibake"], 1);
    for chunk in [7, 64, 1000, 4096] {
        for threads in [1, 2] {
            let validator = Validator::builder()
                .lang(Lang::En)
                .chunk_bytes(chunk)
                .threads(threads)
                .build();
            assert_eq!(
                whole,
                stable(&validator.validate_bytes(table.as_bytes(), "t")),
                "chunk {chunk}, {threads} threads"
            );
        }
    }
}

#[test]
fn mojibake_message_shows_the_likely_text() {
    let report = check("id,comuna\n1,PeÃ±alolÃ©n\n".as_bytes());
    let error = &report.tasks[0].errors[0];
    assert_eq!(error.code, "mojibake");
    assert_eq!((error.row_number, error.field_number), (Some(2), Some(2)));
    assert!(error.message.contains("\"Peñalolén\""), "{}", error.message);
}

#[test]
fn limits_cut_lists_never_counts() {
    let mut text = String::from("a,b,c\n");
    for i in 0..5000 {
        text.push_str(&format!("{i}\n"));
    }
    let report = Validator::builder()
        .limit_errors(10)
        .lang(Lang::En)
        .build()
        .validate_bytes(text.as_bytes(), "t");
    let task = &report.tasks[0];
    assert_eq!(task.errors.len(), 10);
    assert_eq!(task.stats.errors, 10_000);
    assert_eq!(task.calidad.error_counts["missing-cell"], 10_000);
    assert!(
        task.warnings
            .iter()
            .any(|w| w.contains("reached error limit: 10"))
    );
    let unlimited = Validator::builder()
        .limit_errors(0)
        .build()
        .validate_bytes(text.as_bytes(), "t");
    assert_eq!(unlimited.tasks[0].errors.len(), 10_000);
}

#[test]
fn spanish_messages() {
    let report = Validator::builder()
        .lang(Lang::Es)
        .build()
        .validate_bytes(b"id,nombre\n1\n", "t");
    let error = &report.tasks[0].errors[0];
    assert_eq!(error.title, "Celda faltante");
    assert_eq!(
        error.message,
        "A la fila 2 le falta el valor de la columna \"nombre\" (columna 2)"
    );
}

/// With a schema, keys and a low error limit, the schema thread changes nothing in the report.
#[test]
fn schema_checks_give_the_same_report_on_any_thread() {
    let schema: calidad::Schema = serde_json::from_str(
        r#"{"fields": [
            {"name": "id", "type": "integer", "constraints": {"required": true}},
            {"name": "fecha", "type": "date", "format": "%d-%m-%Y"},
            {"name": "monto", "type": "number", "decimalChar": ",", "constraints": {"minimum": 0}},
            {"name": "codigo", "type": "string", "constraints": {"pattern": "[0-9]{5}", "unique": true}}
        ], "primaryKey": "id"}"#,
    )
    .unwrap();
    let mut table = String::from("id;fecha;monto;codigo\n");
    for i in 0..5000u32 {
        let id = if i % 97 == 0 { i / 2 } else { i };
        let monto = if i % 89 == 0 {
            "-1".to_owned()
        } else {
            format!("{i},5")
        };
        let fecha = if i % 83 == 0 {
            "31-02-2024"
        } else {
            "01-03-2024"
        };
        table.push_str(&format!("{id};{fecha};{monto};{:05}\n", i % 4000));
        if i % 101 == 0 {
            table.push_str(&format!("{id};{fecha};{monto};{:05}\n", i % 4000));
        }
    }
    for limit in [0, 5, 1000] {
        let on = |threaded: bool, chunk: usize| {
            stable(
                &Validator::builder()
                    .schema(schema.clone())
                    .unwrap()
                    .limit_errors(limit)
                    .threads(if threaded { 4 } else { 1 })
                    .chunk_bytes(chunk)
                    .build()
                    .validate_bytes(table.as_bytes(), "t"),
            )
        };
        let inline = on(false, 1 << 20);
        assert_eq!(inline, on(true, 1 << 20), "limit {limit}");
        assert_eq!(inline, on(true, 333), "limit {limit}");
        let counts = &inline["tasks"][0]["calidad"]["errorCounts"];
        for code in [
            "primary-key",
            "duplicate-row",
            "unique-error",
            "type-error",
            "constraint-error",
        ] {
            assert!(counts[code].as_u64().unwrap_or(0) > 0, "{code}: {counts}");
        }
    }
}

/// Synthetic people (never real persons; RUT bodies above 45 million, a range no RUN has
/// reached): every identifier column is found, and no raw RUT, name, e-mail, phone, address or
/// date of birth appears anywhere in the JSON report, even in findings about other problems or
/// inside free text.
#[test]
fn personal_data_is_found_and_never_leaks() {
    const GIVEN: [&str; 5] = ["María", "José", "Camila", "Juan", "Sofía"];
    const SURNAMES: [&str; 5] = ["González", "Muñoz", "Rojas", "Díaz", "Pérez"];
    let mut table = String::from(
        "rut;nombre_completo;correo;celular;domicilio;fecha_nacimiento;observaciones;monto\n",
    );
    let mut raw = Vec::new();
    for i in 0..400u32 {
        let body = 45_000_000 + i * 7_919;
        let rut = format!("{body}-{}", calidad_privacy::rut::check_digit(body));
        let name = format!(
            "{} {} {}",
            GIVEN[(i % 5) as usize],
            SURNAMES[(i / 5 % 5) as usize],
            SURNAMES[(i / 25 % 5) as usize]
        );
        let mail = format!("persona{i}@gmail.com");
        let phone = format!("9{:08}", 20_000_000 + i);
        let address = format!("Pasaje Los Aromos {}", 1000 + i);
        let birth = format!("{:02}-{:02}-{}", 1 + i % 28, 1 + i % 12, 1950 + i % 50);
        let remark = if i % 40 == 3 {
            format!(
                "Llamar a la vecina al 9 7{:07} o escribir a vecina{i}@hotmail.com",
                i
            )
        } else {
            "Atención sin novedades que informar".to_owned()
        };
        // Every 50th row is ragged, so structure findings carry the row's cells.
        let extra = if i % 50 == 0 { ";sobra" } else { "" };
        table.push_str(&format!(
            "{rut};{name};{mail};{phone};{address};{birth};{remark};{}{extra}\n",
            i * 10
        ));
        raw.extend([
            rut,
            mail,
            phone,
            address,
            birth,
            format!("vecina{i}@hotmail.com"),
        ]);
        raw.extend([format!("7{:07}", i), name]);
    }
    let report = Validator::builder()
        .lang(Lang::En)
        .limit_errors(0)
        .build()
        .validate_bytes(table.as_bytes(), "personas");
    let task = &report.tasks[0];
    let privacy = task.calidad.added.privacy.as_ref().expect("privacy block");
    let categories: Vec<&str> = privacy.fields.iter().map(|f| f.category.as_str()).collect();
    assert_eq!(
        categories,
        [
            "rut",
            "person-name",
            "email",
            "phone",
            "address",
            "birth-date",
            "free-text-pii"
        ]
    );
    assert!(task.errors.iter().any(|e| e.code == "extra-cell"));
    let in_text: Vec<u64> = task
        .errors
        .iter()
        .filter(|e| e.code == "personal-data-in-text")
        .filter_map(|e| e.row_number)
        .collect();
    assert_eq!(
        in_text,
        (0..10).map(|k| 40 * k + 3 + 2).collect::<Vec<u64>>()
    );
    let json = serde_json::to_string(&report).unwrap();
    for value in &raw {
        assert!(!json.contains(value.as_str()), "{value} leaked");
    }
    let body_digits = "45007919";
    assert!(!json.contains(body_digits));
}
