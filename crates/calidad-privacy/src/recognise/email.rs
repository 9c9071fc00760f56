//! E-mail addresses: a person's mailbox is an error, an official's (`nombre@servicio.cl`) a
//! warning, a role mailbox (`contacto@`) nothing.

use super::{CONTACT_ALONE, CONTACT_WITH_HINT, Decision, Level, Recogniser, Sampled};
use crate::email::{self, Mailbox};
use crate::lexicon::Category;

pub(super) struct Email;

impl Recogniser for Email {
    fn recognise(&self, column: &Sampled<'_>, found: &mut Vec<Decision>) {
        let mailbox =
            |cell: &str| email::parse(cell).map(|(local, domain)| email::mailbox(local, domain));
        let (personal, examples) =
            column.count(Category::Email, |c| mailbox(c) == Some(Mailbox::Personal));
        let (official, official_examples) =
            column.count(Category::Email, |c| mailbox(c) == Some(Mailbox::Official));
        let all = personal + official;
        if !column.reaches(all, CONTACT_ALONE, CONTACT_WITH_HINT, Category::Email) {
            return;
        }
        found.push(if personal >= official && !column.about_no_person() {
            column.found(Category::Email, Level::Direct, all, examples)
        } else if personal >= official {
            // An establishment's or a company's mailbox, even on a free-mail domain.
            column.found(Category::Email, Level::Possible, all, examples)
        } else {
            column.found(Category::Email, Level::Possible, all, official_examples)
        });
    }
}
