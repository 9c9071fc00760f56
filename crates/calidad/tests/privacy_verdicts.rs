//! Privacy verdicts a publisher can check by eye, on fixtures kept in the repository: a list
//! of establishments (streets and hospitals named after people, coordinates, opening dates)
//! holds no personal data; the same list with a patient's RUT per row is about people, and then
//! the coordinates are theirs too. A person-level table with an amount column is still
//! analysed for re-identification. `--reveal` values reach the caller's screen only.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::{ReportTask, Validator};
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/privacy")
        .join(name)
}

fn validate(name: &str, reveal: bool) -> ReportTask {
    Validator::builder()
        .as_of("2026-11-30")
        .unwrap()
        .reveal(reveal)
        .build()
        .validate_path(fixture(name))
        .unwrap()
        .tasks
        .remove(0)
}

/// `(column, category, severity)` of every privacy field.
fn fields(task: &ReportTask) -> Vec<(String, String, String)> {
    task.calidad
        .added
        .privacy
        .as_ref()
        .map(|block| {
            block
                .fields
                .iter()
                .map(|f| {
                    (
                        f.field_name.clone(),
                        f.category.clone(),
                        format!("{:?}", f.severity).to_lowercase(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn subject(task: &ReportTask) -> Option<String> {
    let block = task.calidad.added.privacy.as_ref()?;
    Some(block.subject.as_ref()?.kind.clone())
}

fn privacidad(task: &ReportTask) -> f64 {
    task.calidad
        .added
        .score
        .as_ref()
        .expect("a score")
        .score
        .dimensions
        .privacidad
        .score
        .expect("privacidad computed")
}

#[test]
fn establishments_named_after_people_are_places() {
    let task = validate("establecimientos.csv", false);
    let found = fields(&task);
    assert!(
        found.is_empty(),
        "a list of establishments has no personal data, found {found:?}"
    );
    assert!(
        task.calidad.added.privacy.is_none(),
        "privacy: null when nothing is found"
    );
    assert!(
        !task
            .calidad
            .error_counts
            .keys()
            .any(|code| code.contains("personal")
                || code.contains("sensitive")
                || code.contains("reidentification")),
        "{:?}",
        task.calidad.error_counts
    );
    assert!(privacidad(&task) >= 9.9, "privacidad {}", privacidad(&task));
}

#[test]
fn a_patients_rut_makes_the_rows_people_and_their_coordinates_personal() {
    let task = validate("establecimientos-con-pacientes.csv", false);
    assert_eq!(subject(&task).as_deref(), Some("person"));
    let errors: Vec<(String, String)> = fields(&task)
        .into_iter()
        .filter(|(_, _, severity)| severity == "error")
        .map(|(column, category, _)| (column, category))
        .collect();
    for expected in [
        ("RutPaciente", "rut"),
        ("Latitud", "geolocation"),
        ("Longitud", "geolocation"),
    ] {
        assert!(
            errors
                .iter()
                .any(|(c, k)| c == expected.0 && k == expected.1),
            "{expected:?} missing from {errors:?}"
        );
    }
    // Street names stay places even in a table of people.
    assert!(!errors.iter().any(|(c, _)| c == "NombreVia"), "{errors:?}");
    assert!(privacidad(&task) <= 3.0);
}

/// People with RUTs, names, quasi-identifiers and a payment: the amount does not make the
/// table an aggregate, so k-anonymity is still analysed and reported.
#[test]
fn an_amount_column_does_not_hide_reidentification() {
    let mut csv = String::from("rut,nombre,comuna,edad,sexo,monto_pagado\n");
    let names = ["María", "José", "Ana", "Luis", "Carmen", "Pedro"];
    let surnames = ["González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto"];
    for i in 0..200u32 {
        let body = 45_000_000 + i * 7_919;
        let digit = calidad::calidad_privacy::rut::check_digit(body);
        csv.push_str(&format!(
            "{body}-{digit},{} {},{},{},{},{}\n",
            names[(i % 6) as usize],
            surnames[(i / 6 % 6) as usize],
            ["Maipú", "Ñuñoa", "Arica", "Putre"][(i % 4) as usize],
            18 + i % 60,
            ["F", "M"][(i % 2) as usize],
            10_000 + i * 37
        ));
    }
    let task = Validator::builder()
        .as_of("2026-11-30")
        .unwrap()
        .build()
        .validate_bytes(csv.as_bytes(), "pagos.csv")
        .tasks
        .remove(0);
    assert_eq!(subject(&task).as_deref(), Some("person"));
    let block = task.calidad.added.privacy.as_ref().unwrap();
    let reid = block
        .reidentification
        .as_ref()
        .expect("re-identification analysed");
    assert!(reid.k < 5, "{reid:?}");
    assert!(
        task.calidad
            .error_counts
            .contains_key("reidentification-risk")
    );
}

/// Revealed values are handed to the caller beside the report, never inside it.
#[test]
fn revealed_values_stay_out_of_the_report() {
    let task = validate("establecimientos-con-pacientes.csv", true);
    let revealed = &task.calidad.added.revealed.0;
    let ruts: Vec<&String> = revealed
        .iter()
        .filter(|(_, category, _)| *category == "rut")
        .flat_map(|(_, _, values)| values)
        .collect();
    assert!(!ruts.is_empty(), "no RUT revealed");
    let json = serde_json::to_string(&task).unwrap();
    for value in ruts {
        assert!(value.contains('-'), "{value}");
        assert!(!json.contains(value.as_str()), "the report carries {value}");
    }
    // Without --reveal nothing is kept.
    let task = validate("establecimientos-con-pacientes.csv", false);
    assert!(task.calidad.added.revealed.0.is_empty());
}

/// A person named before the event or place the column is about is still a person: the
/// names are found, so the other findings carrying those cells show them masked.
#[test]
fn a_beneficiary_of_a_subsidy_is_a_person() {
    let mut csv = String::from("nombre_beneficiario_subsidio,monto\n");
    let names = [
        "María José González Rojas",
        "Ana Muñoz Díaz",
        "Pedro Soto Rojas",
    ];
    for i in 0..30 {
        csv.push_str(&format!("{},{}\n", names[i % 3], 1000 + i));
    }
    csv.push_str("Juan Pérez Soto\n");
    let report = Validator::builder()
        .build()
        .validate_bytes(csv.as_bytes(), "subsidios.csv");
    let json = serde_json::to_string(&report).unwrap();
    for surname in ["Pérez", "González", "Muñoz"] {
        assert!(!json.contains(surname), "{surname} in the report");
    }
    assert!(
        report.tasks[0]
            .calidad
            .added
            .privacy
            .as_ref()
            .is_some_and(|p| p.fields.iter().any(|f| f.category == "person-name"))
    );
}
