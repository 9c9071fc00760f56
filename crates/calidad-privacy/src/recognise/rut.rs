//! RUT / RUN of natural persons (modulo-11 check digit, body below 50 million).

use super::{Decision, Level, RUT_ALONE, RUT_WITH_HINT, Recogniser, Sampled};
use crate::lexicon::Category;

/// People's RUTs by value; a header that says RUT/RUN over values with no check digit (or
/// masked) is enough on its own.
pub(super) struct Rut;

impl Recogniser for Rut {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        let (person_ruts, examples) = column.person_ruts().clone();
        if column.reaches(person_ruts, RUT_ALONE, RUT_WITH_HINT, Category::Rut) {
            found.push(column.found(Category::Rut, Level::Direct, person_ruts, examples));
            return;
        }
        let any_ruts = column
            .sample
            .iter()
            .filter(|(_, cell)| {
                crate::rut::has_rut_shape(cell) && crate::rut::parse(cell).is_some()
            })
            .count();
        if column.hint(Category::Rut) && any_ruts == 0 && person_ruts == 0 {
            found.push(column.header_only(Category::Rut, Level::Direct));
        }
    }
}
