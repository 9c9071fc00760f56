//! The quality score: one test per indicator and cap, the two anchors of the issue (a clean,
//! described file scores at least 9; a file of personal RUTs at most 3), and snapshots of the
//! score block of real files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::ScoreBlock as Score;
use calidad::{Lang, ReportTask, Validator};
use std::path::Path;

fn task_of(validator: &Validator, csv: &str) -> ReportTask {
    validator
        .validate_bytes(csv.as_bytes(), "tabla")
        .tasks
        .swap_remove(0)
}

fn score_of(csv: &str) -> Score {
    let validator = Validator::builder().lang(Lang::Es).build();
    task_of(&validator, csv)
        .calidad
        .added
        .score
        .expect("a score")
}

/// The value of an indicator, wherever it is.
fn indicator(score: &Score, id: &str) -> Option<f64> {
    let d = &score.dimensions;
    [
        &d.estructura,
        &d.completitud,
        &d.coherencia,
        &d.accesibilidad,
        &d.consistencia,
        &d.privacidad,
    ]
    .iter()
    .flat_map(|dim| dim.indicators.iter())
    .find(|i| i.id == id)
    .unwrap_or_else(|| panic!("no indicator {id}"))
    .value
}

/// A clean table: ISO dates, decimal points, no missing values, distinct rows.
fn clean_table(rows: usize) -> String {
    let mut csv = String::from("id,fecha,region,monto,estado\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "{},2024-{:02}-{:02},{},{}.5,{}\n",
            i + 1,
            1 + i % 12,
            1 + i % 28,
            1 + i % 16,
            1000 + i,
            ["vigente", "cerrado"][i % 2]
        ));
    }
    csv
}

#[test]
fn a_clean_described_file_scores_at_least_9() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("transferencias.csv");
    std::fs::write(&data, clean_table(400)).unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(
        &schema,
        r#"{"fields": [
            {"name": "id", "type": "integer", "description": "Identificador de la transferencia"},
            {"name": "fecha", "type": "date", "description": "Fecha de pago"},
            {"name": "region", "type": "integer", "description": "Código de región (1 a 16)"},
            {"name": "monto", "type": "number", "description": "Monto en pesos"},
            {"name": "estado", "type": "string", "description": "Estado del convenio"}],
            "primaryKey": "id"}"#,
    )
    .unwrap();
    let size = std::fs::metadata(&data).unwrap().len();
    let metadata = dir.path().join("package.json");
    std::fs::write(
        &metadata,
        format!(
            r#"{{"success": true, "result": {{"name": "transferencias", "title": "Transferencias 2024",
            "notes": "Transferencias a gobiernos regionales durante 2024, con fecha de pago, región, monto en pesos y estado del convenio respectivo.",
            "license_id": "cc-by", "tags": [{{"name": "presupuesto"}}], "groups": [{{"name": "economia"}}],
            "organization": {{"title": "Subsecretaría"}}, "maintainer_email": "datos@subdere.gob.cl",
            "extras": [{{"key": "frequency", "value": "mensual"}}, {{"key": "temporal", "value": "2024"}},
                       {{"key": "spatial", "value": "Chile"}}],
            "resources": [{{"name": "transferencias.csv", "url": "https://datos.gob.cl/x/transferencias.csv",
              "format": "CSV", "mimetype": "text/csv", "size": {size}, "datastore_active": true,
              "description": "Una fila por transferencia", "last_modified": "2026-11-01T10:00:00"}}]}}}}"#
        ),
    )
    .unwrap();
    let validator = Validator::builder()
        .schema_path(&schema)
        .unwrap()
        .metadata_path(&metadata, "transferencias.csv")
        .unwrap()
        .as_of("2026-11-20")
        .unwrap()
        .build();
    let report = validator.validate_path(&data).unwrap();
    let score = report.tasks[0].calidad.added.score.clone().unwrap();
    assert!(score.overall >= 9.0, "{score:#?}");
    assert_eq!(score.band, "excelente");
    assert!(score.caps.is_empty());
    assert!(score.coverage >= 0.8, "{}", score.coverage);
    assert_eq!(indicator(&score, "C5"), Some(1.0));
    assert_eq!(indicator(&score, "A3"), Some(1.0));
    // Declared format and size match the file; updated 19 days ago for a monthly dataset.
    assert_eq!(indicator(&score, "H3"), Some(1.0));
    assert!(indicator(&score, "H4").unwrap() > 0.95);
    assert_eq!(indicator(&score, "C4"), Some(1.0));
    // In the DataStore (an API): easy to obtain.
    assert_eq!(indicator(&score, "A5"), Some(1.0));
    assert_eq!(score.as_of.as_deref(), Some("2026-11-20"));
}

#[test]
fn a_file_of_personal_ruts_scores_at_most_3() {
    let mut csv = String::from("rut,monto\n");
    for i in 0..300u32 {
        let body = 45_000_000 + i * 1_583;
        let digit = calidad_privacy::rut::check_digit(body);
        csv.push_str(&format!("{body}-{digit},{}\n", 1000 + i));
    }
    let score = score_of(&csv);
    assert!(score.overall <= 3.0, "{}", score.overall);
    assert!(score.uncapped > 6.0, "{}", score.uncapped);
    assert_eq!(score.caps[0].id, "G3");
    assert!(score.dimensions.privacidad.score.unwrap() <= 2.0);
    assert_eq!(score.recommendations[0].dimension, "privacidad");
    assert!(score.recommendations[0].message.contains("«rut»"));
    // One personal-data error: P1 = 1 - 0.6; no quasi-identifiers, so P2 does not apply.
    assert_eq!(indicator(&score, "P1"), Some(0.4));
    assert_eq!(indicator(&score, "P2"), None);
    // The bundled synthetic records: every row at re-identification risk (P2 = 0).
    let synthetic =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/atenciones_sinteticas.csv");
    let report = Validator::builder()
        .build()
        .validate_path(&synthetic)
        .unwrap();
    let score = report.tasks[0].calidad.added.score.clone().unwrap();
    assert_eq!(indicator(&score, "P2"), Some(0.0));
    assert_eq!(indicator(&score, "P1"), Some(0.0));
}

#[test]
fn structure_indicators() {
    // E2: a repeated label and a numeric one.
    let score = score_of("id,id,2020\n1,2,3\n4,5,6\n");
    assert!(indicator(&score, "E2").unwrap() < 0.5);
    // E3: ragged rows.
    let mut csv = clean_table(100);
    csv.push_str("101,2024-01-01,1\n102,2024-01-01,1,5.5,vigente,extra\n");
    let score = score_of(&csv);
    let e3 = indicator(&score, "E3").unwrap();
    assert!(e3 < 1.0 && e3 > 0.9, "{e3}");
    // E4: blank rows and an empty column.
    let score = score_of("a,b,vacia\n1,2,\n\n3,4,\n");
    assert!(indicator(&score, "E4").unwrap() < 0.8);
    // E5: a title row and years as columns.
    let score = score_of("Informe anual\nregion,2019,2020,2021\n1,2,3,4\n2,3,4,5\n");
    assert!(indicator(&score, "E5").unwrap() <= 0.5);
    // E6: a label with spaces around it.
    let score = score_of(" nombre raro ,b\n1,2\n");
    assert_eq!(indicator(&score, "E6"), Some(0.5));
}

#[test]
fn completeness_indicators() {
    let mut csv = String::from("a,b,c\n");
    for i in 0..100 {
        let b = if i % 4 == 0 { "s/i" } else { "x" };
        let c = if i % 10 == 0 { "5" } else { "NA" };
        csv.push_str(&format!("{i},{b},{c}\n"));
    }
    let score = score_of(&csv);
    // 25 + 90 missing of 300 cells.
    assert_eq!(indicator(&score, "C1"), Some(0.617));
    // Rows without a missing cell: i % 10 == 0 and i % 4 != 0 → 5 rows.
    assert_eq!(indicator(&score, "C2"), Some(0.05));
    // Column c is more than half missing.
    assert_eq!(indicator(&score, "C3"), Some(0.667));
    // Without metadata, metadata indicators do not apply.
    assert_eq!(indicator(&score, "C4"), None);
    assert_eq!(indicator(&score, "C5"), None);
    assert!(score.recommendations.iter().any(|r| r.id == "C1"));
}

#[test]
fn coherence_indicators() {
    // H1: a number column with a word in it.
    let mut csv = String::from("comuna,monto,edad\n");
    for i in 0..200 {
        let monto = if i % 50 == 0 {
            "mil".to_owned()
        } else {
            format!("{i}")
        };
        let comuna = if i % 20 == 0 { "Gotham" } else { "Ñuñoa" };
        let edad = if i % 40 == 0 { 150 } else { 30 };
        csv.push_str(&format!("{comuna},{monto},{edad}\n"));
    }
    let score = score_of(&csv);
    // Inference keeps monto a number (a few odd values are errors, not a reason to make it
    // text): 4 type errors among 400 typed cells (monto and edad).
    assert_eq!(indicator(&score, "H1"), Some(0.99));
    // H2: 10 unknown comunas and 5 impossible ages among 596 checked values (200 comunas,
    // 200 ages, 196 amounts: "mil" is not a number to check).
    let h2 = indicator(&score, "H2").unwrap();
    assert!((h2 - (1.0 - 15.0 / 596.0)).abs() < 0.001, "{h2}");
    assert_eq!(indicator(&score, "H3"), None);
    assert_eq!(indicator(&score, "H4"), None);
}

#[test]
fn consistency_indicators() {
    // S2: day-first dates and decimal commas; S3: variants of a category; S4: duplicates.
    let mut csv = String::from("fecha;monto;comuna\n");
    for i in 0..100 {
        let comuna = ["Ñuñoa", "NUÑOA", "Nunoa ", "Maipú"][i % 4];
        csv.push_str(&format!(
            "{:02}-03-2024;{},5;{comuna}\n",
            1 + i % 28,
            1000 + i
        ));
    }
    csv.push_str("01-03-2024;1000,5;Ñuñoa\n");
    let score = score_of(&csv);
    assert_eq!(indicator(&score, "S2"), Some(0.0));
    assert_eq!(indicator(&score, "S3"), Some(0.5));
    assert!(indicator(&score, "S4").unwrap() < 1.0);
    // S5: the padded "Nunoa " cells.
    assert!(indicator(&score, "S5").unwrap() < 1.0);
    let advice: Vec<&str> = score
        .recommendations
        .iter()
        .map(|r| r.message.as_str())
        .collect();
    assert!(
        advice
            .iter()
            .any(|m| m.contains("ISO 8601") && m.contains("«fecha»")),
        "{advice:?}"
    );
}

#[test]
fn accessibility_indicators_and_the_encoding_advice() {
    let bytes: Vec<u8> = b"comuna;poblaci\xf3n\nMaip\xfa;1\n\xd1u\xf1oa;2\n".to_vec();
    let validator = Validator::builder().lang(Lang::Es).build();
    let report = validator.validate_bytes(&bytes, "latin1");
    let score = report.tasks[0].calidad.added.score.clone().unwrap();
    assert_eq!(indicator(&score, "A2"), Some(0.85));
    assert_eq!(indicator(&score, "A4"), Some(0.0));
    assert_eq!(indicator(&score, "A1"), None);
    assert!(
        score
            .recommendations
            .iter()
            .any(|r| r.message.contains("Guarde el archivo en UTF-8"))
    );
}

#[test]
fn caps_for_unreadable_files_and_closed_licences() {
    let score = score_of("");
    assert_eq!(score.overall, 1.0);
    assert_eq!(score.caps[0].id, "G1");

    let dir = tempfile::tempdir().unwrap();
    let metadata = dir.path().join("package.json");
    std::fs::write(
        &metadata,
        r#"{"name": "x", "license_id": "other-closed", "frequency": "anual",
            "metadata_modified": "2020-01-01T00:00:00", "resources": []}"#,
    )
    .unwrap();
    let validator = Validator::builder()
        .metadata_path(&metadata, "tabla")
        .unwrap()
        .as_of("2026-11-20")
        .unwrap()
        .build();
    let score = task_of(&validator, &clean_table(50))
        .calidad
        .added
        .score
        .unwrap();
    assert!(score.overall <= 6.0);
    assert!(score.caps.iter().any(|c| c.id == "G5"));
    assert_eq!(indicator(&score, "A3"), Some(0.3));
    // Six years old for a yearly dataset: freshness is gone.
    assert!(indicator(&score, "H4").unwrap() < 0.05);
    // Broken metadata is an error that names the file.
    std::fs::write(&metadata, "[1, 2]").unwrap();
    let error = Validator::builder()
        .metadata_path(&metadata, "tabla")
        .unwrap_err()
        .to_string();
    assert!(error.contains("package.json"), "{error}");
    assert!(Validator::builder().as_of("2026-13-01").is_err());
}

#[test]
fn no_score_and_skipping_the_code() {
    let validator = Validator::builder().score(false).build();
    assert!(task_of(&validator, "a\n1\n").calidad.added.score.is_none());
    let validator = Validator::builder()
        .skip_errors(&["quality-score"])
        .unwrap()
        .build();
    assert!(task_of(&validator, "a\n1\n").calidad.added.score.is_none());
}

/// The score block of real files, as snapshots (rewrite with `UPDATE_SNAPSHOTS=1`).
#[test]
fn score_blocks_of_real_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    if !dir.join("MANIFEST.tsv").is_file() {
        eprintln!("skipped: ../shared/corpus/real is not here");
        return;
    }
    let validator = Validator::builder().lang(Lang::Es).limit_errors(10).build();
    for file in [
        "serviciocivil_kpi_regional_decimal_comma.csv",
        "serviciocivil_adp_tiempos_cp1252.csv",
        "minciencia_producto1_casos_comuna_wide.csv",
        "bcentral_cuenta_financiera_multisheet.xlsx",
    ] {
        let report = validator.validate_path(dir.join(file)).unwrap();
        let scores: Vec<_> = report
            .tasks
            .iter()
            .map(|t| t.calidad.added.score.clone())
            .collect();
        let json = serde_json::to_string_pretty(&scores).unwrap() + "\n";
        let snapshot = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/snapshots")
            .join(format!("{file}.score.json"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&snapshot, &json).unwrap();
        }
        let expected = std::fs::read_to_string(&snapshot)
            .unwrap_or_else(|_| panic!("no snapshot {}", snapshot.display()));
        assert_eq!(json, expected, "{file}: score changed");
        for score in scores.iter().flatten() {
            assert!((1.0..=10.0).contains(&score.overall));
        }
    }
}

/// Property: fixing a root cause never lowers the mark. Each broken variant of a clean table
/// (a title, a footer, padding, a two-row header, a trailing delimiter, a total row) is found
/// as its cause and scores below the clean table, and below excelente when it is invalid.
#[test]
fn fixing_a_cause_never_lowers_the_mark() {
    let clean = clean_table(40);
    let fixed = score_of(&clean);
    let (header, body) = clean.split_once('\n').unwrap();
    let trailing: String = clean.lines().map(|l| format!("{l},\n")).collect();
    let variants = [
        ("title-rows", format!("Montos por región\n\n{clean}")),
        (
            "footer-rows",
            format!("{clean},,,,\nFuente: Subdere,,,,\nNota: cifras provisorias,,,,\n"),
        ),
        ("padding-rows", format!("{clean}{}", "0,,0,0,\n".repeat(30))),
        (
            "multi-row-header",
            format!("Registro,Período,,Montos,\n{header}\n{body}"),
        ),
        ("trailing-delimiter", trailing),
        ("total-row", format!("{clean}Total,,,99999.5,\n")),
    ];
    let validator = Validator::builder().lang(Lang::Es).build();
    for (cause, broken) in variants {
        let task = task_of(&validator, &broken);
        assert_eq!(
            task.calidad.error_counts.get(cause),
            Some(&1),
            "{cause}: {:?}",
            task.calidad.error_counts
        );
        let valid = task.valid;
        let score = task.calidad.added.score.expect("a score");
        assert!(
            score.overall < fixed.overall,
            "{cause}: {} is not below the fixed table's {}",
            score.overall,
            fixed.overall
        );
        if !valid {
            assert!(
                score.overall < 9.0,
                "{cause}: {} is excelente",
                score.overall
            );
        }
    }
}
