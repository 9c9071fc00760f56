//! Dates of birth: under a header that says so, any real dates; without it, day-precision
//! dates of living people's ages, varied enough to be births, count only in person-level rows,
//! and never under a header naming an event (`FechaInicio`, `Fecha Nombramiento`).

use super::{Decision, HEADER_REQUIRED, Level, Recogniser, SHAPE_ALONE, SHAPE_WITH_HINT, Sampled};
use crate::header::Entity;
use crate::lexicon::Category;
use crate::shapes;

pub(super) struct BirthDate;

impl Recogniser for BirthDate {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        let years = column.birth_years;
        let (births, examples) =
            column.count(Category::BirthDate, |c| shapes::is_birth_like(c, years));
        if column.hint(Category::BirthDate) {
            if column.reaches(
                births,
                HEADER_REQUIRED,
                SHAPE_WITH_HINT,
                Category::BirthDate,
            ) {
                found.push(column.found(Category::BirthDate, Level::Direct, births, examples));
            }
        } else if !column.about_no_person()
            && !column.header.names(Entity::Event)
            && column.reaches(births, SHAPE_ALONE, SHAPE_ALONE, Category::BirthDate)
            && column.distinct() * 10 > column.sampled() * 3
        {
            found.push(column.found(
                Category::BirthDate,
                Level::OnlyInPersonRows { error: false },
                births,
                examples,
            ));
        }
    }
}
