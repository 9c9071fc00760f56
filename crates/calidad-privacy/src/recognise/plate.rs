//! Vehicle plates (personal when the rows are people's).

use super::{Decision, Level, Recogniser, SHAPE_ALONE, SHAPE_WITH_HINT, Sampled};
use crate::lexicon::Category;
use crate::shapes;

pub(super) struct Plate;

impl Recogniser for Plate {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        let (plates, examples) = column.count(Category::LicensePlate, shapes::is_plate);
        if column.reaches(plates, SHAPE_ALONE, SHAPE_WITH_HINT, Category::LicensePlate) {
            found.push(column.found(
                Category::LicensePlate,
                Level::ErrorInPersonRows,
                plates,
                examples,
            ));
        }
    }
}
