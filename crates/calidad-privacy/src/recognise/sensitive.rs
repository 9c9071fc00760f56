//! Sensitive categories (health, ethnicity, beliefs…) and children, from the header.

use super::{Decision, Level, Recogniser, Sampled};

pub(super) struct SensitiveHeader;

impl Recogniser for SensitiveHeader {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        for category in column.hints {
            if category.is_sensitive() {
                found.push(column.header_only(*category, Level::Sensitive));
            }
        }
    }
}
