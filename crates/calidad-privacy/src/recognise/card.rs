//! Payment cards (Luhn check and issuer prefix); a CVV column needs no value to be one.

use super::{Decision, Level, RUT_ALONE, RUT_WITH_HINT, Recogniser, Sampled};
use crate::lexicon::Category;
use crate::shapes;

pub(super) struct Card;

impl Recogniser for Card {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        let (cards, examples) = column.count(Category::CreditCard, shapes::is_card);
        if column.reaches(cards, RUT_ALONE, RUT_WITH_HINT, Category::CreditCard) {
            found.push(column.found(Category::CreditCard, Level::Direct, cards, examples));
        } else if column.strong(&["cvv", "cvc"]) {
            found.push(column.header_only(Category::CreditCard, Level::Direct));
        }
    }
}
