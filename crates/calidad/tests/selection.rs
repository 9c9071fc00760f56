//! `--skip-errors` and `--pick-errors` switch every code on its own, whichever check emits it:
//! the privacy check's seven codes one by one, and the score's profile whatever is skipped.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::{ReportTask, Validator};
use std::collections::BTreeSet;

/// Synthetic people (RUT bodies above 45 million: no real RUN) with a diagnosis, and
/// quasi-identifiers that leave some of them alone in their group.
fn people() -> String {
    let mut csv = String::from("rut,comuna,edad,sexo,diagnostico\n");
    for i in 0..120u32 {
        let body = 45_000_000 + i * 1_583;
        let digit = calidad::calidad_privacy::rut::check_digit(body);
        let comuna = ["Maipú", "Ñuñoa", "Arica"][(i % 3) as usize];
        csv.push_str(&format!(
            "{body}-{digit},{comuna},{},{},Asma\n",
            20 + i % 50,
            ["F", "M"][(i % 2) as usize]
        ));
    }
    csv
}

fn codes(task: &ReportTask) -> BTreeSet<String> {
    task.calidad.error_counts.keys().cloned().collect()
}

fn run(skip: &[&str], pick: &[&str]) -> ReportTask {
    Validator::builder()
        .skip_errors(skip)
        .unwrap()
        .pick_errors(pick)
        .unwrap()
        .as_of("2026-11-30")
        .unwrap()
        .build()
        .validate_bytes(people().as_bytes(), "personas.csv")
        .tasks
        .remove(0)
}

#[test]
fn every_privacy_code_is_switched_on_its_own() {
    let all = codes(&run(&[], &[]));
    for code in [
        "personal-data",
        "sensitive-data",
        "sensitive-data-exposed",
        "reidentification-risk",
    ] {
        assert!(all.contains(code), "{code} missing from {all:?}");
    }
    for code in [
        "personal-data",
        "sensitive-data",
        "sensitive-data-exposed",
        "reidentification-risk",
    ] {
        let skipped = codes(&run(&[code], &[]));
        assert!(!skipped.contains(code), "--skip-errors {code}: {skipped:?}");
        let others: BTreeSet<String> = all.iter().filter(|c| *c != code).cloned().collect();
        assert_eq!(skipped, others, "--skip-errors {code} touched other codes");
        let picked = codes(&run(&[], &[code]));
        assert_eq!(
            picked,
            BTreeSet::from([code.to_owned()]),
            "--pick-errors {code}"
        );
    }
    // The privacy block follows the codes kept.
    let only_risk = run(&[], &["reidentification-risk"]);
    let block = only_risk.calidad.added.privacy.unwrap();
    assert!(block.fields.is_empty());
    assert!(block.reidentification.is_some());
}

#[test]
fn the_score_survives_skipping_any_code() {
    let whole = run(&[], &[]);
    for skip in ["blank-row", "#row", "duplicate-row", "personal-data"] {
        let task = run(&[skip], &[]);
        let profile = task.calidad.added.profile.as_ref();
        assert!(profile.is_some(), "--skip-errors {skip} lost the profile");
        assert_eq!(profile, whole.calidad.added.profile.as_ref(), "{skip}");
        assert!(task.calidad.added.score.is_some(), "{skip}");
    }
    // Skipping the score's own code skips the score.
    assert!(run(&["quality-score"], &[]).calidad.added.score.is_none());
}

#[test]
fn a_blank_row_skipped_is_not_counted_anywhere() {
    let csv = "a,b\n1,2\n,\n3,4\n";
    let task = Validator::builder()
        .skip_errors(&["blank-row"])
        .unwrap()
        .build()
        .validate_bytes(csv.as_bytes(), "t.csv")
        .tasks
        .remove(0);
    assert!(task.valid, "{:?}", task.errors);
    assert_eq!(task.stats.errors, 0);
    assert!(!task.calidad.error_counts.contains_key("blank-row"));
}
