//! The privacy check in the engine's single pass: a deterministic sample per column, then a
//! decision per column from its header and the sample, with thresholds far above chance.

use crate::lexicon::{self, Category};
use crate::rules::{PERSONAL_DATA, PERSONAL_DATA_ALLOWED, REIDENTIFICATION_RISK, SENSITIVE_DATA};
use crate::{email, mask, phone, rut};
use calidad_core::check::{Check, Header, Row};
use calidad_core::finding::{Detail, Finding, Findings};
use calidad_core::rule::Rule;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Rows kept per column: between `SAMPLE` and `2 * SAMPLE` evenly spread sampled rows.
const SAMPLE: u64 = 500;
/// Columns sampled (a 200,000-column header is read for its names only beyond this).
const MAX_COLUMNS: usize = 2_000;
/// Characters kept of a sampled cell.
const MAX_CELL: usize = 80;

/// Share of a column that must be person RUTs (valid check digit, body below 50 million) with
/// no header hint: far above the 1-in-11 a random number passes by chance.
const RUT_ALONE: f64 = 0.80;
/// The same, when the header says RUT/RUN.
const RUT_WITH_HINT: f64 = 0.30;
/// Share of personal e-mails or mobile numbers without, and with, a header hint.
const CONTACT_ALONE: f64 = 0.90;
const CONTACT_WITH_HINT: f64 = 0.30;

/// Header words of quasi-identifiers, by kind: columns of two or more kinds together can
/// single out a person (two columns of the same kind, such as two comunas, cannot).
const QUASI: &[(&str, &[&str])] = &[
    ("sex", &["sexo", "genero"]),
    (
        "age",
        &[
            "edad",
            "edad_anios",
            "tramo_edad",
            "rango_edad",
            "fecha_nacimiento",
            "fec_nac",
            "fecha_nac",
        ],
    ),
    ("place", &["comuna", "cod_comuna"]),
    ("origin", &["nacionalidad", "pais_origen"]),
    ("marital", &["estado_civil"]),
    ("occupation", &["profesion", "ocupacion"]),
    ("education", &["nivel_educacional", "escolaridad"]),
];
/// Header words of counts and measures: a table with one is aggregated, not one row per person.
const AGGREGATE: &[&str] = &[
    "casos",
    "total",
    "totales",
    "cantidad",
    "n",
    "numero",
    "frecuencia",
    "conteo",
    "poblacion",
    "tasa",
    "porcentaje",
    "promedio",
    "suma",
    "monto",
    "valor",
    "indice",
    "proporcion",
];
/// Combinations tracked at most (about 24 bytes each); past it the table is reported as too
/// diverse to be anything but unique.
const MAX_CLASSES: usize = 2_000_000;
/// Groups smaller than this put their rows at risk.
const K_MIN: u32 = 5;

/// Header words strong enough to flag a column of names or home addresses without looking at
/// the values (a bare `nombre` or `direccion` is often a place's or an institution's).
const STRONG_NAME: &[&str] = &[
    "nombres",
    "nombre_completo",
    "primer_nombre",
    "segundo_nombre",
    "apellido",
    "apellidos",
    "apellido_paterno",
    "apellido_materno",
    "ap_paterno",
    "ap_materno",
    "nombre_social",
    "nombre_paciente",
    "nombre_alumno",
    "nombre_funcionario",
    "nombre_beneficiario",
    "nombre_titular",
    "nombre_persona",
];
const STRONG_ADDRESS: &[&str] = &[
    "domicilio",
    "direccion_particular",
    "residencia",
    "numero_domicilio",
    "nro_casa",
];

#[derive(Debug, Default)]
struct Column {
    name: String,
    hints: Vec<Category>,
    /// (sampled row ordinal, cell).
    sample: Vec<(u64, String)>,
}

/// Finds columns of personal and sensitive data.
#[derive(Debug, Default)]
pub struct PrivacyCheck {
    allowed: Vec<String>,
    /// Quasi-identifier columns named by the user.
    given_quasi: Option<Vec<String>>,
    /// Columns of quasi-identifiers (none when the table looks aggregated).
    quasi: Vec<usize>,
    /// Rows per combination of quasi-identifier values (hashed).
    classes: HashMap<u64, u32>,
    /// Rows counted for k-anonymity, and whether the class table overflowed.
    counted: u64,
    overflowed: bool,
    columns: Vec<Column>,
    seen: u64,
    stride: u64,
    sampled_rows: u64,
}

/// A fresh check (for the engine's plug-in list). Columns named in `allowed` are published on
/// a legal basis (officials' names and salaries under Transparencia Activa): they are reported
/// as `personal-data-allowed` notices instead of errors, and still masked.
pub fn build(allowed: &[String]) -> Box<dyn Check> {
    build_with(allowed, None)
}

/// Like [`build`], with the quasi-identifier columns given (`--quasi-identifiers`) instead of
/// found from the headers; given ones are analysed even in a table that looks aggregated.
pub fn build_with(allowed: &[String], quasi_identifiers: Option<&[String]>) -> Box<dyn Check> {
    Box::new(PrivacyCheck {
        stride: 1,
        allowed: allowed.to_vec(),
        given_quasi: quasi_identifiers.map(<[String]>::to_vec),
        ..PrivacyCheck::default()
    })
}

impl Check for PrivacyCheck {
    fn rule(&self) -> &'static Rule {
        &PERSONAL_DATA
    }

    fn header(&mut self, header: &Header, _out: &mut Findings) {
        self.columns = header
            .field_names
            .iter()
            .take(MAX_COLUMNS)
            .map(|name| Column {
                name: name.clone(),
                hints: lexicon::categories(name),
                sample: Vec::new(),
            })
            .collect();
        let words: Vec<Vec<String>> = header
            .field_names
            .iter()
            .map(|n| lexicon::words(n))
            .collect();
        let aggregated = words
            .iter()
            .any(|w| w.iter().any(|t| AGGREGATE.contains(&t.as_str())));
        let mut quasi = Vec::new();
        let mut kinds = Vec::new();
        for (index, w) in words.iter().enumerate() {
            let kind = QUASI
                .iter()
                .find(|(_, list)| w.iter().any(|t| list.contains(&t.as_str())))
                .map(|(kind, _)| *kind);
            if let Some(kind) = kind {
                quasi.push(index);
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
        }
        if let Some(given) = &self.given_quasi {
            self.quasi = given
                .iter()
                .filter_map(|name| header.position(name))
                .collect();
        } else if !aggregated && kinds.len() >= 2 {
            self.quasi = quasi;
        }
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, _out: &mut Findings) {
        if !self.quasi.is_empty() && !row.is_blank() && !self.overflowed {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            for &index in &self.quasi {
                row.cell(index).trim().to_lowercase().hash(&mut hasher);
            }
            let key = hasher.finish();
            if self.classes.len() >= MAX_CLASSES && !self.classes.contains_key(&key) {
                self.overflowed = true;
            } else {
                *self.classes.entry(key).or_insert(0) += 1;
                self.counted += 1;
            }
        }
        self.seen += 1;
        if !(self.seen - 1).is_multiple_of(self.stride) || row.is_blank() {
            return;
        }
        let ordinal = self.sampled_rows;
        self.sampled_rows += 1;
        for (index, column) in self.columns.iter_mut().enumerate() {
            let cell = row.cell(index).trim();
            if !cell.is_empty() {
                let kept: String = cell.chars().take(MAX_CELL).collect();
                column.sample.push((ordinal, kept));
            }
        }
        if self.sampled_rows >= 2 * SAMPLE {
            // Keep every other sampled row and sample half as often from now on: the sample
            // stays evenly spread over the whole table, whatever its length.
            for column in &mut self.columns {
                column.sample.retain(|(k, _)| k % 2 == 0);
                for (k, _) in &mut column.sample {
                    *k /= 2;
                }
            }
            self.sampled_rows = SAMPLE;
            self.stride *= 2;
        }
    }

    fn finish(&mut self, out: &mut Findings) {
        for (index, column) in self.columns.iter().enumerate() {
            let allowed = self.allowed.contains(&column.name);
            for mut finding in decide(column, index) {
                if allowed {
                    finding.rule = &PERSONAL_DATA_ALLOWED;
                }
                out.push(finding);
            }
        }
        self.risk(out);
    }
}

impl PrivacyCheck {
    /// k-anonymity over the quasi-identifiers, reported when some rows are at risk.
    fn risk(&mut self, out: &mut Findings) {
        if self.quasi.is_empty() || self.counted < u64::from(K_MIN) {
            return;
        }
        let k = if self.overflowed {
            1
        } else {
            u64::from(self.classes.values().copied().min().unwrap_or(0))
        };
        let unique_records = self.classes.values().filter(|n| **n == 1).count() as u64;
        let records_at_risk: u64 = self
            .classes
            .values()
            .filter(|n| **n < K_MIN)
            .map(|n| u64::from(*n))
            .sum();
        if k >= u64::from(K_MIN) {
            return;
        }
        let names = self
            .quasi
            .iter()
            .filter_map(|i| self.columns.get(*i).map(|c| c.name.clone()))
            .collect();
        out.push(
            Finding::new(&REIDENTIFICATION_RISK).with_detail(Detail::Reidentification {
                quasi_identifiers: names,
                k,
                unique_records,
                records_at_risk,
                rows: self.counted,
            }),
        );
    }
}

fn personal_finding(
    rule: &'static Rule,
    column: &Column,
    index: usize,
    category: Category,
    evidence: &'static str,
    matched: u64,
    examples: Vec<String>,
) -> Finding {
    let sampled = column.sample.len() as u64;
    let confidence = if sampled == 0 || evidence == "header" {
        0.0
    } else {
        (matched as f64 / sampled as f64 * 1000.0).round() / 1000.0
    };
    Finding::new(rule)
        .at_field(index as u64 + 1, Some(&column.name))
        .with_detail(Detail::Personal {
            category: category.id(),
            sensitive: category.is_sensitive(),
            evidence,
            matched,
            sampled,
            confidence,
            examples,
        })
}

fn decide(column: &Column, index: usize) -> Vec<Finding> {
    let mut found = Vec::new();
    let sampled = column.sample.len() as u64;
    if sampled == 0 {
        return found;
    }
    let hint = |c: Category| column.hints.contains(&c);
    let evidence = |hinted: bool| if hinted { "both" } else { "content" };
    let ratio = |n: u64| n as f64 / sampled as f64;

    // RUT / RUN of persons.
    let mut person_ruts = 0u64;
    let mut any_ruts = 0u64;
    let mut examples = Vec::new();
    for (_, cell) in &column.sample {
        // Written as a RUT (`12.345.678-5`, `12345678-5`), or compact with a body of at least
        // seven digits: small numbers pass the check digit by chance far too often.
        let candidate = rut::has_rut_shape(cell) || cell.trim().len() >= 8;
        if !candidate {
            continue;
        }
        if let Some((body, digit)) = rut::parse(cell) {
            any_ruts += 1;
            if rut::holder(body) == rut::Holder::Person {
                person_ruts += 1;
                if examples.len() < 3 {
                    examples.push(mask::rut(body, digit));
                }
            }
        }
    }
    let threshold = if hint(Category::Rut) {
        RUT_WITH_HINT
    } else {
        RUT_ALONE
    };
    if ratio(person_ruts) >= threshold {
        found.push(personal_finding(
            &PERSONAL_DATA,
            column,
            index,
            Category::Rut,
            evidence(hint(Category::Rut)),
            person_ruts,
            examples,
        ));
    } else if hint(Category::Rut) && any_ruts == 0 {
        // The header says RUT/RUN but the values carry no check digit (or are masked):
        // reported on the header's word.
        found.push(personal_finding(
            &PERSONAL_DATA,
            column,
            index,
            Category::Rut,
            "header",
            0,
            Vec::new(),
        ));
    }

    // Personal e-mail addresses.
    let mut personal_mail = 0u64;
    let mut examples = Vec::new();
    for (_, cell) in &column.sample {
        if let Some((local, domain)) = email::parse(cell)
            && email::mailbox(local, domain) != email::Mailbox::Institutional
        {
            personal_mail += 1;
            if examples.len() < 3 {
                examples.push(mask::email(local, domain));
            }
        }
    }
    let threshold = if hint(Category::Email) {
        CONTACT_WITH_HINT
    } else {
        CONTACT_ALONE
    };
    if ratio(personal_mail) >= threshold {
        found.push(personal_finding(
            &PERSONAL_DATA,
            column,
            index,
            Category::Email,
            evidence(hint(Category::Email)),
            personal_mail,
            examples,
        ));
    }

    // Mobile phones.
    let mut mobiles = 0u64;
    let mut examples = Vec::new();
    for (_, cell) in &column.sample {
        if phone::classify(cell).is_some_and(phone::Line::is_personal) {
            mobiles += 1;
            if examples.len() < 3 {
                examples.push(mask::phone(cell));
            }
        }
    }
    let threshold = if hint(Category::Phone) {
        CONTACT_WITH_HINT
    } else {
        CONTACT_ALONE
    };
    // A column of RUTs is not a column of phones (9-digit compact RUTs start with 9 too).
    if ratio(mobiles) >= threshold && person_ruts * 2 < sampled {
        found.push(personal_finding(
            &PERSONAL_DATA,
            column,
            index,
            Category::Phone,
            evidence(hint(Category::Phone)),
            mobiles,
            examples,
        ));
    }

    // Header-only categories.
    let words = lexicon::words(&column.name);
    let strong = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let header_only: Vec<(Category, &'static Rule)> = column
        .hints
        .iter()
        .filter_map(|category| match category {
            Category::PersonName if strong(STRONG_NAME) => Some((*category, &PERSONAL_DATA)),
            Category::Address if strong(STRONG_ADDRESS) => Some((*category, &PERSONAL_DATA)),
            Category::BirthDate
            | Category::IdDocument
            | Category::BankAccount
            | Category::CreditCard => Some((*category, &PERSONAL_DATA)),
            // Coordinates and children are personal data only in person-level rows, which a
            // header alone cannot tell (a table of schools has coordinates, a census table
            // counts children); IP addresses and plates need values of their shape (`IP_6` is
            // an indicator code, `patente` often a business licence).
            Category::IpAddress if shaped(column, is_ip) => Some((*category, &SENSITIVE_DATA)),
            Category::LicensePlate if shaped(column, is_plate) => {
                Some((*category, &SENSITIVE_DATA))
            }
            c if c.is_sensitive() => Some((*c, &SENSITIVE_DATA)),
            _ => None,
        })
        .collect();
    for (category, rule) in header_only {
        let examples = column
            .sample
            .iter()
            .take(3)
            .map(|(_, cell)| mask_for(category, cell))
            .collect();
        found.push(personal_finding(
            rule, column, index, category, "header", 0, examples,
        ));
    }
    found
}

/// Whether at least 30 % of the sampled cells have a shape.
fn shaped(column: &Column, shape: fn(&str) -> bool) -> bool {
    let hits = column.sample.iter().filter(|(_, c)| shape(c)).count();
    hits * 10 >= column.sample.len() * 3 && hits > 0
}

fn is_ip(cell: &str) -> bool {
    cell.parse::<std::net::IpAddr>().is_ok()
}

/// A Chilean plate: `BBCL12` (four consonants, two digits) or `AB1234` (two letters, four
/// digits), with or without separators.
fn is_plate(cell: &str) -> bool {
    let compact: Vec<char> = cell
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '·'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.len() != 6 {
        return false;
    }
    let consonant = |c: &char| "BCDFGHJKLPRSTVWXYZ".contains(*c);
    let new = compact[..4].iter().all(consonant) && compact[4..].iter().all(char::is_ascii_digit);
    let old = compact[..2].iter().all(char::is_ascii_uppercase)
        && compact[2..].iter().all(char::is_ascii_digit);
    new || old
}

/// The mask for a cell of a column flagged as `category`.
pub fn mask_for(category: Category, cell: &str) -> String {
    match category {
        Category::Rut => match rut::parse(cell) {
            Some((body, digit)) => mask::rut(body, digit),
            None => mask::other(cell),
        },
        Category::Email => match email::parse(cell) {
            Some((local, domain)) => mask::email(local, domain),
            None => mask::other(cell),
        },
        Category::Phone => mask::phone(cell),
        Category::PersonName => mask::name(cell),
        Category::BirthDate => mask::date(cell),
        _ => mask::other(cell),
    }
}

/// Masks, in every kept finding of a table, the values of the columns found to hold personal
/// or sensitive data: the cell, the row's cells, and anything derived from them (a mojibake
/// repair, bytes read as Windows-1252). Run before a report is rendered.
pub fn mask_findings(findings: &mut Findings) {
    let flagged: Vec<(u64, Category)> = findings
        .errors()
        .iter()
        .chain(findings.others())
        .filter_map(|f| match &f.detail {
            Detail::Personal { category, .. } => {
                Some((f.field_number?, Category::from_id(category)?))
            }
            _ => None,
        })
        .collect();
    if flagged.is_empty() {
        return;
    }
    findings.for_each_mut(|finding| {
        if matches!(finding.detail, Detail::Personal { .. }) {
            return;
        }
        if let Some(field) = finding.field_number
            && let Some((_, category)) = flagged.iter().find(|(f, _)| *f == field)
        {
            if let Some(cell) = &finding.cell {
                finding.cell = Some(mask_for(*category, cell));
            }
            match &mut finding.detail {
                Detail::Mojibake { suggestion } => *suggestion = mask::other(suggestion),
                Detail::InvalidUtf8 {
                    as_windows_1252, ..
                } => *as_windows_1252 = None,
                Detail::Threshold { value, .. } => *value = mask::other(value),
                _ => {}
            }
        }
        if let Some(cells) = &mut finding.cells {
            for (field, category) in &flagged {
                if let Some(cell) = (*field as usize)
                    .checked_sub(1)
                    .and_then(|i| cells.get_mut(i))
                    && !cell.is_empty()
                {
                    *cell = mask_for(*category, cell);
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use calidad_core::parser::{Field, FieldKind};

    /// Synthetic people: RUT bodies from a fixed sequence, never real persons.
    fn synthetic_rut(i: u32) -> String {
        let body = 10_000_000 + i * 7_919;
        format!("{body}-{}", rut::check_digit(body))
    }

    fn run(names: &[&str], rows: &[Vec<String>]) -> Findings {
        let check = PrivacyCheck {
            stride: 1,
            allowed: vec!["allowed".to_owned()],
            ..PrivacyCheck::default()
        };
        run_with(check, names, rows)
    }

    fn run_with(mut check: PrivacyCheck, names: &[&str], rows: &[Vec<String>]) -> Findings {
        let header = Header::new(
            1,
            1,
            names.iter().map(|s| (*s).to_owned()).collect(),
            Vec::new(),
        );
        let mut out = Findings::default();
        check.header(&header, &mut out);
        for (i, cells) in rows.iter().enumerate() {
            let text = cells.join(";");
            let mut fields = Vec::new();
            let mut at = 0;
            for cell in cells {
                fields.push(Field {
                    start: at,
                    end: at + cell.len(),
                    kind: FieldKind::Plain,
                });
                at += cell.len() + 1;
            }
            let row = Row::new(
                i as u64 + 2,
                i as u64 + 2,
                &text,
                0,
                &fields,
                cells.len() as u64,
                false,
            );
            check.row(&row, &header, &mut out);
        }
        check.finish(&mut out);
        out
    }

    fn flags(findings: &Findings) -> Vec<(u64, &'static str, &'static str)> {
        findings
            .errors()
            .iter()
            .chain(findings.others())
            .filter_map(|f| match &f.detail {
                Detail::Personal {
                    category, evidence, ..
                } => Some((f.field_number.unwrap_or(0), *category, *evidence)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn person_ruts_emails_and_mobiles_are_found_and_masked() {
        let rows: Vec<Vec<String>> = (0..3000u32)
            .map(|i| {
                vec![
                    synthetic_rut(i),
                    format!("persona{i}@gmail.com"),
                    format!("9{:08}", 10_000_000 + i),
                    format!("{}", 1_000 + i),
                    "Hipertensión".to_owned(),
                ]
            })
            .collect();
        let findings = run(&["rut", "correo", "celular", "monto", "diagnostico"], &rows);
        assert_eq!(
            flags(&findings),
            [
                (1, "rut", "both"),
                (2, "email", "both"),
                (3, "phone", "both"),
                (5, "health", "header")
            ]
        );
        for finding in findings.errors().iter().chain(findings.others()) {
            if let Detail::Personal {
                examples, sampled, ..
            } = &finding.detail
            {
                assert!(*sampled <= 2 * SAMPLE);
                for example in examples {
                    assert!(
                        example.contains('*') || example.starts_with('['),
                        "{example}"
                    );
                }
            }
        }
    }

    #[test]
    fn amounts_codes_and_company_ruts_are_not_personal() {
        let rows: Vec<Vec<String>> = (0..2000u32)
            .map(|i| {
                let company = 76_000_000 + i * 13;
                vec![
                    format!("{}.{:03}.{:03}", 1 + i % 9, i % 1000, (i * 7) % 1000),
                    format!("{company}-{}", rut::check_digit(company)),
                    format!("{:08}", 10_000_000 + i),
                    format!("oirs@institucion{}.cl", i % 5),
                ]
            })
            .collect();
        let findings = run(&["monto", "rut_empresa", "codigo", "correo"], &rows);
        assert!(flags(&findings).is_empty(), "{:?}", flags(&findings));
    }

    #[test]
    fn random_numbers_pass_the_check_digit_by_chance_but_no_column_is_flagged() {
        // 8-digit numbers with a random-looking digit: about 1 in 11 pass mod 11.
        let rows: Vec<Vec<String>> = (0..3000u32)
            .map(|i| vec![format!("{}-{}", 10_000_000 + i * 3_571, i % 10)])
            .collect();
        let findings = run(&["folio"], &rows);
        assert!(flags(&findings).is_empty());
    }

    #[test]
    fn quasi_identifiers_that_single_people_out_are_a_risk() {
        // Synthetic records: comuna and age make most rows unique.
        let rows: Vec<Vec<String>> = (0..300u32)
            .map(|i| {
                vec![
                    ["Ollagüe", "Maipú", "Timaukel"][(i % 3) as usize].to_owned(),
                    format!("{}", 18 + i % 80),
                    ["F", "M"][(i % 2) as usize].to_owned(),
                    "Hipertensión".to_owned(),
                ]
            })
            .collect();
        let findings = run(&["comuna", "edad", "sexo", "diagnostico"], &rows);
        let risk = findings
            .others()
            .iter()
            .find(|f| f.rule.code == "reidentification-risk")
            .expect("a risk finding");
        let Detail::Reidentification {
            k, unique_records, ..
        } = &risk.detail
        else {
            panic!("detail");
        };
        assert_eq!(*k, 1);
        assert!(*unique_records > 0);
        // Named by the user, they are analysed even beside an amount.
        let with_amount: Vec<Vec<String>> = rows
            .iter()
            .map(|r| vec![r[0].clone(), r[1].clone(), "100".to_owned()])
            .collect();
        let header = ["comuna", "edad", "monto"];
        assert!(
            !run(&header, &with_amount)
                .others()
                .iter()
                .any(|f| f.rule.code == "reidentification-risk")
        );
        let check = PrivacyCheck {
            stride: 1,
            given_quasi: Some(vec!["comuna".to_owned(), "edad".to_owned()]),
            ..PrivacyCheck::default()
        };
        let out = run_with(check, &header, &with_amount);
        assert!(
            out.others()
                .iter()
                .any(|f| f.rule.code == "reidentification-risk")
        );
        // The same columns in an aggregated table (a count per combination) are not a risk.
        let counts: Vec<Vec<String>> = (0..300u32)
            .map(|i| vec![format!("C{i}"), format!("{}", i % 80), format!("{i}")])
            .collect();
        let aggregated = run(&["comuna", "edad", "casos"], &counts);
        assert!(
            !aggregated
                .others()
                .iter()
                .any(|f| f.rule.code == "reidentification-risk")
        );
    }

    #[test]
    fn allowed_columns_are_notices() {
        let rows: Vec<Vec<String>> = (0..100u32)
            .map(|i| vec![synthetic_rut(i), synthetic_rut(i + 1)])
            .collect();
        let findings = run(&["rut", "allowed"], &rows);
        let codes: Vec<&str> = findings
            .errors()
            .iter()
            .chain(findings.others())
            .map(|f| f.rule.code)
            .collect();
        assert_eq!(codes, ["personal-data", "personal-data-allowed"]);
    }

    #[test]
    fn shapes_of_ips_and_plates() {
        assert!(is_ip("200.27.10.5"));
        assert!(!is_ip("IP_6"));
        assert!(is_plate("BBCL12"));
        assert!(is_plate("ab-12-34"));
        assert!(!is_plate("Patente comercial"));
        let codes: Vec<Vec<String>> = (0..200).map(|i| vec![format!("{}", 10 + i % 20)]).collect();
        assert!(flags(&run(&["statusCode"], &codes)).is_empty());
    }

    #[test]
    fn other_findings_lose_the_values_of_flagged_columns() {
        let mut findings = Findings::default();
        findings.push(
            Finding::new(&PERSONAL_DATA)
                .at_field(1, Some("rut"))
                .with_detail(Detail::Personal {
                    category: "rut",
                    sensitive: false,
                    evidence: "content",
                    matched: 10,
                    sampled: 10,
                    confidence: 1.0,
                    examples: vec!["12.***.***-5".into()],
                }),
        );
        let leaked = Finding::new(&calidad_core::rules::extra_cell::EXTRA_CELL)
            .at_row(2, 2)
            .at_field(1, Some("rut"))
            .with_cell("12.345.678-5")
            .with_cells(["12.345.678-5", "Maipú"]);
        findings.push(leaked);
        mask_findings(&mut findings);
        let masked = findings
            .errors()
            .iter()
            .find(|f| f.rule.code == "extra-cell")
            .unwrap();
        assert_eq!(masked.cell.as_deref(), Some("12.***.***-5"));
        assert_eq!(
            masked.cells.as_deref(),
            Some(&["12.***.***-5".to_owned(), "Maipú".to_owned()][..])
        );
    }
}
