//! Identity documents and bank accounts: only under a header that names them (their shapes
//! alone are too common).

use super::{Decision, HEADER_REQUIRED, Level, Recogniser, SHAPE_WITH_HINT, Sampled};
use crate::lexicon::Category;
use crate::shapes;

pub(super) struct IdDocument;
pub(super) struct BankAccount;

fn named(
    column: &Sampled<'_>,
    category: Category,
    shape: fn(&str) -> bool,
    found: &mut Vec<Decision>,
) {
    if !column.hint(category) {
        return;
    }
    let (matched, examples) = column.count(category, shape);
    if column.reaches(matched, HEADER_REQUIRED, SHAPE_WITH_HINT, category) {
        found.push(column.found(category, Level::Direct, matched, examples));
    }
}

impl Recogniser for IdDocument {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        named(column, Category::IdDocument, shapes::is_id_document, found);
    }
}

impl Recogniser for BankAccount {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        named(
            column,
            Category::BankAccount,
            shapes::is_bank_account,
            found,
        );
    }
}
