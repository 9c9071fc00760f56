//! Coordinates inside Chile under a header that names them: in person-level rows, 4 decimals
//! (about 11 m) point at a home.

use super::{CONTACT_ALONE, Decision, HEADER_REQUIRED, Level, Recogniser, Sampled};
use crate::lexicon::Category;
use crate::shapes;

pub(super) struct Coordinates;

impl Recogniser for Coordinates {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        if !column.hint(Category::Geolocation) {
            return;
        }
        let (precise, examples) = column.count(Category::Geolocation, |c| {
            shapes::coordinate(c).is_some_and(|(_, decimals)| decimals >= 3)
        });
        if !column.reaches(
            precise,
            HEADER_REQUIRED,
            CONTACT_ALONE,
            Category::Geolocation,
        ) {
            return;
        }
        let fine = column
            .sample
            .iter()
            .filter(|(_, c)| shapes::coordinate(c).is_some_and(|(_, d)| d >= 4))
            .count() as u64;
        found.push(column.found(
            Category::Geolocation,
            Level::OnlyInPersonRows {
                error: fine * 2 >= precise,
            },
            precise,
            examples,
        ));
    }
}
