//! Mobile phone numbers (a column of RUTs is not one of phones: 9-digit compact RUTs start
//! with 9, like Chilean mobiles).

use super::{CONTACT_ALONE, CONTACT_WITH_HINT, Decision, Level, Recogniser, Sampled};
use crate::lexicon::Category;
use crate::phone;

pub(super) struct Phone;

impl Recogniser for Phone {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        let mostly_ruts = column.person_ruts().0 * 2 >= column.sampled();
        if mostly_ruts {
            return;
        }
        let (mobiles, examples) = column.count(Category::Phone, |c| {
            phone::classify(c).is_some_and(phone::Line::is_personal)
        });
        if column.reaches(mobiles, CONTACT_ALONE, CONTACT_WITH_HINT, Category::Phone) {
            // An establishment's or a company's number, even a mobile, is its contact.
            let level = if column.about_no_person() {
                Level::Possible
            } else {
                Level::Direct
            };
            found.push(column.found(Category::Phone, level, mobiles, examples));
        }
    }
}
