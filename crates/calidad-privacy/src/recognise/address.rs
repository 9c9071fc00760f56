//! Street addresses with a house number: a home address under a header that says so, an
//! address of anyone (or anything) otherwise.

use super::{Decision, Level, NAME_ALONE, Recogniser, SHAPE_WITH_HINT, Sampled};
use crate::lexicon::Category;
use crate::shapes;

/// Header words of home addresses (a bare `direccion` is often an establishment's).
const STRONG_ADDRESS: &[&str] = &[
    "domicilio",
    "direccion_particular",
    "residencia",
    "numero_domicilio",
    "nro_casa",
];

pub(super) struct Address;

impl Recogniser for Address {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        // An establishment's, a company's or a meeting's address is not a home.
        if column.about_no_person() {
            return;
        }
        let hinted = column.hint(Category::Address);
        let (addresses, examples) =
            column.count(Category::Address, |c| shapes::is_address(c, hinted));
        let home = column.strong(STRONG_ADDRESS);
        if column.reaches(addresses, NAME_ALONE, SHAPE_WITH_HINT, Category::Address) {
            let level = if home {
                Level::Direct
            } else {
                Level::ErrorInPersonRows
            };
            found.push(column.found(Category::Address, level, addresses, examples));
        } else if hinted && home {
            found.push(column.header_only(Category::Address, Level::Direct));
        }
    }
}
