//! A RUT split over two columns, as many Chilean exports write it: the body in one (`rut`,
//! `16123456`) and the check digit in the next (`dv`, `3`). Each column alone proves little (a
//! number, a digit); together, a check digit that matches row after row is a person's RUT.

use super::rut::is_person_body;
use super::{Decision, Level, RUT_ALONE, RUT_WITH_HINT};
use crate::lexicon::{self, Category};
use crate::mask;
use std::collections::HashMap;

/// Header words of a check-digit column.
const DV_WORDS: &[&str] = &["dv", "dv_rut", "digito_verificador", "digito", "dig", "d_v"];

/// A check digit written alone.
fn is_digit(cell: &str) -> bool {
    let cell = cell.trim();
    cell.len() == 1
        && cell
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'k' || b == b'K')
}

/// For each pair of neighbouring columns that hold split RUTs of people, the body column and
/// the decision about it. `columns` are (name, sample of (row ordinal, cell)).
pub(crate) fn split_ruts(columns: &[(&str, &[(u64, String)])]) -> Vec<(usize, Decision)> {
    let mut found = Vec::new();
    for (index, pair) in columns.windows(2).enumerate() {
        let [(body_name, bodies), (dv_name, digits)] = pair else {
            continue;
        };
        let dv_words = lexicon::words(dv_name);
        let dv_header = dv_words.iter().any(|w| DV_WORDS.contains(&w.as_str()));
        let digits_only = !digits.is_empty()
            && digits.iter().filter(|(_, c)| is_digit(c)).count() * 10 >= digits.len() * 9;
        if !(dv_header || digits_only) || bodies.is_empty() {
            continue;
        }
        let by_row: HashMap<u64, &str> = digits.iter().map(|(k, c)| (*k, c.as_str())).collect();
        let mut matched = 0u64;
        let mut examples = Vec::new();
        for (row, body) in bodies.iter() {
            let Some(digit) = by_row.get(row) else {
                continue;
            };
            if !is_person_body(body) {
                continue;
            }
            let joined = format!("{}-{}", body.trim().replace('.', ""), digit.trim());
            if let Some((number, check)) = crate::rut::parse(&joined) {
                matched += 1;
                if examples.len() < 3 {
                    examples.push(mask::rut(number, check));
                }
            }
        }
        let sampled = bodies.len() as u64;
        let body_hint = lexicon::categories(body_name).contains(&Category::Rut);
        let threshold = if body_hint || dv_header {
            RUT_WITH_HINT
        } else {
            RUT_ALONE
        };
        if sampled >= 5 && matched as f64 / sampled as f64 >= threshold {
            found.push((
                index,
                Decision {
                    category: Category::Rut,
                    level: Level::Direct,
                    evidence: if body_hint { "both" } else { "content" },
                    matched,
                    examples,
                    context: super::Context::Plain,
                    word: body_hint.then(|| "rut".to_owned()),
                },
            ));
        }
    }
    found
}
