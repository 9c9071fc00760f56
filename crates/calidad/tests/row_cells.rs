//! Findings made without their row's cells at hand (repeated rows and keys, inferred types'
//! misfits, personal data in free text) get those cells from a second reading of the file
//! when asked (`row_cells`, on in the Frictionless drop-in), masked like every other cell.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::{ReportTask, ValidatorBuilder};
use std::path::Path;

mod support;
use support::{amounts, errors};

/// Repeated keys and misfits get their row's cells, and a repeated value its cell.
#[test]
fn late_findings_get_their_cells_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("personas.csv");
    let mut csv = String::from("id,rut,monto\n");
    for (i, amount) in amounts(2).iter().enumerate() {
        // RUT bodies above 45 million: no real person's.
        let body = 45_000_000 + i as u32 * 1_583;
        let digit = calidad::calidad_privacy::rut::check_digit(body);
        csv.push_str(&format!("{i},{body}-{digit},{amount}\n"));
    }
    csv.push_str("5,45007915-K,50\n");
    std::fs::write(&path, &csv).unwrap();
    let schema = serde_json::json!({
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"unique": true}},
            {"name": "rut", "type": "string"},
            {"name": "monto", "type": "integer"}
        ]
    });
    let run = |row_cells: bool, schema: Option<&serde_json::Value>| {
        let mut builder = ValidatorBuilder::default()
            .score(false)
            .skip_errors(&["personal-data", "reidentification-risk"])
            .unwrap()
            .row_cells(row_cells);
        if let Some(schema) = schema {
            builder = builder
                .schema(calidad::schema::schema_from_json(schema, "schema").unwrap())
                .unwrap();
        }
        builder.build().tasks_for_path(&path).unwrap().remove(0)
    };
    let cells = |task: &ReportTask, code: &str| -> Vec<Option<Vec<String>>> {
        task.errors
            .iter()
            .filter(|e| e.code == code)
            .map(|e| e.cells.clone())
            .collect()
    };
    // The misfit `x` is a cell of the inferred integer column, row 4.
    let inferred = run(true, None);
    let misfits = cells(&inferred, "type-error");
    assert_eq!(misfits.len(), 1, "{:?}", errors(&inferred));
    let row = misfits[0].clone().unwrap();
    assert_eq!((row[0].as_str(), row[2].as_str()), ("2", "x"));
    assert!(!row[1].contains("45003166"), "the RUT is masked: {row:?}");
    assert_eq!(cells(&run(false, None), "type-error"), [None]);
    // The repeated id 5 (a unique column) is reported on its second row, with that row.
    let given = run(true, Some(&schema));
    let repeated = cells(&given, "unique-error");
    assert_eq!(repeated.len(), 1, "{:?}", errors(&given));
    assert_eq!(repeated[0].as_ref().unwrap()[0], "5");
    assert_eq!(repeated[0].as_ref().unwrap()[2], "50");
    let unique = given
        .errors
        .iter()
        .find(|e| e.code == "unique-error")
        .unwrap();
    assert_eq!(unique.cell.as_deref(), Some("5"));
    assert_eq!(
        given
            .errors
            .iter()
            .find(|e| e.code == "unique-error")
            .unwrap()
            .row_number,
        Some(32)
    );
}

/// In the synthetic people file, phone numbers written in a note are row findings: their rows'
/// cells come back with the RUT, name and e-mail columns masked and the note as masked in
/// the finding; no raw value of the file is in any of them.
#[test]
fn personal_data_in_text_rows_come_back_masked() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/atenciones_sinteticas.csv");
    let task = ValidatorBuilder::default()
        .score(false)
        .as_of("2026-11-30")
        .unwrap()
        .row_cells(true)
        .build()
        .tasks_for_path(&path)
        .unwrap()
        .remove(0);
    let text = std::fs::read_to_string(&path).unwrap();
    let raw: Vec<&str> = text
        .lines()
        .skip(1)
        .flat_map(|line| line.split(';').take(3))
        .collect();
    let in_text: Vec<_> = task
        .errors
        .iter()
        .filter(|e| e.code == "personal-data-in-text" && e.row_number.is_some())
        .collect();
    assert!(in_text.len() >= 5, "{:?}", errors(&task));
    for error in in_text {
        let cells = error.cells.as_ref().expect("a row finding has its cells");
        assert_eq!(cells.len(), 8);
        assert_eq!(Some(&cells[7]), error.cell.as_ref());
        for cell in cells {
            assert!(
                !raw.contains(&cell.as_str()),
                "raw value in the cells: {cell}"
            );
        }
        assert!(
            cells[0].contains('*') && cells[2].contains('*'),
            "{cells:?}"
        );
    }
    // Without the option nothing is read twice and the cells stay absent.
    let once = ValidatorBuilder::default()
        .score(false)
        .build()
        .tasks_for_path(&path)
        .unwrap()
        .remove(0);
    assert!(
        once.errors
            .iter()
            .filter(|e| e.code == "personal-data-in-text" && e.row_number.is_some())
            .all(|e| e.cells.is_none())
    );
}

/// Masking does not depend on the codes picked: with only `duplicate-row` reported, the
/// repeated row's cells still come back with the first name and the street masked — values
/// no pattern recognises on its own, masked because the privacy check (which runs whatever
/// codes are wanted) found those columns.
#[test]
fn cells_are_masked_whatever_codes_are_picked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("beneficiarios.csv");
    let names = ["Pedro", "María", "Juana", "Luis", "Camila", "Diego"];
    let streets = ["Los Aromos", "Las Acacias", "El Roble", "Los Pinos"];
    let mut csv = String::from("rut;nombre;direccion;comuna\n");
    let mut last = String::new();
    for i in 0..60u32 {
        let body = 45_000_000 + i * 7_919;
        let digit = calidad::calidad_privacy::rut::check_digit(body);
        last = format!(
            "{body}-{digit};{};{} {};Arica\n",
            names[i as usize % names.len()],
            streets[i as usize % streets.len()],
            100 + i
        );
        csv.push_str(&last);
    }
    csv.push_str(&last);
    std::fs::write(&path, &csv).unwrap();
    let run = |pick: &[&str]| {
        ValidatorBuilder::default()
            .score(false)
            .pick_errors(pick)
            .unwrap()
            .row_cells(true)
            .build()
            .tasks_for_path(&path)
            .unwrap()
            .remove(0)
    };
    let task = run(&["duplicate-row"]);
    let repeated: Vec<_> = task
        .errors
        .iter()
        .filter(|e| e.code == "duplicate-row")
        .collect();
    assert_eq!(repeated.len(), 1, "{:?}", errors(&task));
    let cells = repeated[0].cells.as_ref().unwrap();
    let raw: Vec<&str> = last.trim_end().split(';').collect();
    for column in 0..3 {
        assert_ne!(
            cells[column], raw[column],
            "column {column} is raw: {cells:?}"
        );
    }
    assert_eq!(cells[3], "Arica", "the comuna is not personal data");
    // With every code reported the same cells come back the same.
    let all = run(&[]);
    let same = all
        .errors
        .iter()
        .find(|e| e.code == "duplicate-row")
        .unwrap();
    assert_eq!(same.cells.as_ref(), Some(cells));
}
