//! RUT / RUN of natural persons (modulo-11 check digit, body below 50 million).

use super::{Context, Decision, Level, RUT_ALONE, RUT_WITH_HINT, Recogniser, Sampled};
use crate::lexicon::Category;

/// People's RUTs by value; a header that says RUT/RUN over values with no check digit (or
/// masked) is enough on its own.
pub(super) struct Rut;

impl Recogniser for Rut {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        let (person_ruts, examples) = column.person_ruts().clone();
        // Companies' and institutions' RUTs (bodies from 50 million up) are no one's personal
        // data; a column mixing them with people's (suppliers, grantees) is a warning with
        // the count of each.
        let (entity_ruts, _) = column.count(Category::Rut, |cell| {
            (crate::rut::has_rut_shape(cell) || cell.trim().len() >= 8)
                && crate::rut::parse(cell)
                    .is_some_and(|(body, _)| crate::rut::holder(body) != crate::rut::Holder::Person)
        });
        let all = person_ruts + entity_ruts;
        if entity_ruts > 0
            && person_ruts > 0
            && entity_ruts * 5 >= all
            && column.reaches(all, RUT_ALONE, RUT_WITH_HINT, Category::Rut)
        {
            found.push(
                column
                    .found(Category::Rut, Level::Possible, person_ruts, examples)
                    .with_context(Context::Mixed {
                        people: person_ruts,
                        others: entity_ruts,
                    }),
            );
            return;
        }
        if column.reaches(person_ruts, RUT_ALONE, RUT_WITH_HINT, Category::Rut) {
            found.push(column.found(Category::Rut, Level::Direct, person_ruts, examples));
            return;
        }
        if !column.hint(Category::Rut) {
            return;
        }
        // Bodies alone (`16123456`, the check digit in another column or dropped): a person's
        // RUT all the same under a header that says so.
        let (bodies, examples) = column.count(Category::Rut, is_person_body);
        if column.reaches(bodies, RUT_ALONE, RUT_WITH_HINT * 2.0, Category::Rut) {
            found.push(column.found(Category::Rut, Level::Direct, bodies, examples));
            return;
        }
        let any_ruts = column
            .sample
            .iter()
            .filter(|(_, cell)| {
                crate::rut::has_rut_shape(cell) && crate::rut::parse(cell).is_some()
            })
            .count();
        if any_ruts == 0 && person_ruts == 0 {
            found.push(column.header_only(Category::Rut, Level::Direct));
        }
    }
}

/// A RUT's body without its check digit, in a person's range: 7 or 8 digits (dots allowed,
/// zeros before it allowed), from one million to fifty million.
pub(crate) fn is_person_body(cell: &str) -> bool {
    let digits: String = cell
        .trim()
        .chars()
        .filter(|c| *c != '.')
        .collect::<String>()
        .trim_start_matches('0')
        .to_owned();
    (7..=8).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits
            .parse::<u32>()
            .is_ok_and(|n| (1_000_000..crate::rut::PERSON_LIMIT).contains(&n))
}
