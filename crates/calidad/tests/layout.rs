//! A layout the publisher declares (Frictionless' dialect: `header: false`, `headerRows`,
//! `commentChar`, `commentRows`, `quoteChar`, `skipInitialSpace`) is read as declared: the
//! labels, the rows read as data and the row numbers of findings are Frictionless' own.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calidad::{Options, ReportTask, ValidatorBuilder};

mod support;
use support::{amounts, errors};

fn task(builder: ValidatorBuilder, csv: &str) -> ReportTask {
    builder
        .privacy(false)
        .score(false)
        .build()
        .validate_bytes(csv.as_bytes(), "tabla.csv")
        .tasks
        .remove(0)
}

#[test]
fn no_header_reads_every_row_as_data() {
    let csv: String = amounts(1)
        .iter()
        .enumerate()
        .map(|(i, amount)| format!("{i},Arica,{amount}\n"))
        .collect();
    let csv = csv.as_str();
    let t = task(ValidatorBuilder::default().no_header(true), csv);
    assert_eq!(t.labels, ["field1", "field2", "field3"]);
    assert_eq!(t.stats.rows, Some(30));
    // The third column is numbers but for the second row: the first row counts as row 1.
    assert_eq!(errors(&t), [("type-error".to_owned(), Some(2))]);
    // Without the declaration the first row is taken as the header.
    let guessed = task(ValidatorBuilder::default(), csv);
    assert_eq!(guessed.labels, ["0", "Arica", "0"]);
}

#[test]
fn without_a_header_a_comment_on_the_first_row_is_skipped() {
    for builder in [
        ValidatorBuilder::default()
            .no_header(true)
            .comment_char("#"),
        ValidatorBuilder::default()
            .no_header(true)
            .comment_rows(&[1]),
    ] {
        let t = task(builder, "# exportado del sistema\n1,2\n3,4\n");
        assert_eq!(t.labels, ["field1", "field2"]);
        assert_eq!(t.stats.rows, Some(2));
        assert!(t.valid, "{:?}", errors(&t));
    }
}

#[test]
fn a_header_over_two_rows_is_joined() {
    let mut csv = String::from("comuna,monto,monto\n,2023,2024\n");
    for amount in amounts(1) {
        csv.push_str(&format!("Arica,10,{amount}\n"));
    }
    let csv = csv.as_str();
    let t = task(
        ValidatorBuilder::default().header_rows(&[1, 2]).unwrap(),
        csv,
    );
    assert_eq!(t.labels, ["comuna ", "monto 2023", "monto 2024"]);
    assert_eq!(t.stats.rows, Some(30));
    assert_eq!(errors(&t), [("type-error".to_owned(), Some(4))]);
    let joined = task(
        ValidatorBuilder::default()
            .header_rows(&[1, 2])
            .unwrap()
            .header_join("_"),
        csv,
    );
    assert_eq!(joined.labels[1], "monto_2023");
}

#[test]
fn rows_between_declared_header_rows_are_skipped() {
    let csv = "año,total\nnota: cifras en miles\n,pesos\n2023,10\n";
    let t = task(
        ValidatorBuilder::default().header_rows(&[1, 3]).unwrap(),
        csv,
    );
    assert_eq!(t.labels, ["año ", "total pesos"]);
    assert_eq!(t.stats.rows, Some(1));
    assert!(t.valid, "{:?}", errors(&t));
}

#[test]
fn comment_rows_are_not_data() {
    let csv = "id,monto\n1,10\n# revisado por finanzas\n2,20\n3,30\n";
    let t = task(ValidatorBuilder::default().comment_char("#"), csv);
    assert!(t.valid, "{:?}", errors(&t));
    assert_eq!(t.stats.rows, Some(3));
    // Without the declaration the comment is a row with a missing cell.
    let plain = task(ValidatorBuilder::default(), csv);
    assert!(
        errors(&plain)
            .iter()
            .any(|(code, row)| code == "missing-cell" && *row == Some(3)),
        "{:?}",
        errors(&plain)
    );
    let by_number = task(ValidatorBuilder::default().comment_rows(&[3]), csv);
    assert!(by_number.valid, "{:?}", errors(&by_number));
    // Row numbers after a comment keep counting every row, as Frictionless does.
    let mut csv = String::from("id,monto\n1,10\n# nota\n");
    for (i, amount) in amounts(1).iter().enumerate() {
        csv.push_str(&format!("{i},{amount}\n"));
    }
    let typed = task(ValidatorBuilder::default().comment_char("#"), &csv);
    assert_eq!(errors(&typed), [("type-error".to_owned(), Some(5))]);
}

#[test]
fn quote_character_and_initial_spaces() {
    let csv = "id,nombre\n1,'Arica, centro'\n2,'Iquique'\n";
    let t = task(ValidatorBuilder::default().quote_char("'").unwrap(), csv);
    assert!(t.valid, "{:?}", errors(&t));
    assert_eq!(t.stats.rows, Some(2));
    assert!(ValidatorBuilder::default().quote_char("''").is_err());
    let spaced = task(
        ValidatorBuilder::default().skip_initial_space(true),
        "id, monto\n1, 10\n2, 20\n",
    );
    assert_eq!(spaced.labels, ["id", "monto"]);
}

#[test]
fn header_rows_must_be_increasing_and_one_based() {
    for rows in [&[][..], &[0, 1], &[2, 1], &[1, 1]] {
        assert!(
            ValidatorBuilder::default().header_rows(rows).is_err(),
            "{rows:?}"
        );
    }
}

#[test]
fn options_by_name_reach_the_layout() {
    let options = Options::from_json(
        r##"{"header_rows":[1,2],"comment_char":"#","quote_char":"'","header":true}"##,
    )
    .unwrap();
    let t = task(options.builder().unwrap(), "a,b\nx,y\n# nota\n'1,5',2\n");
    assert_eq!(t.labels, ["a x", "b y"]);
    assert_eq!(t.stats.rows, Some(1));
    let headless = Options::from_json(r#"{"header":false}"#).unwrap();
    assert_eq!(
        task(headless.builder().unwrap(), "1,2\n3,4\n").stats.rows,
        Some(2)
    );
}
