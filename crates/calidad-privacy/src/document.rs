//! Personal data in documents that are not tables: a DCAT catalogue, a metadata JSON, an API
//! answer. calidad reports them as `format-error` (not a table), but the e-mails and RUTs they
//! hold are published all the same, so their strings are read too.
//!
//! Strings are grouped by where they sit (a JSON path with array indexes as `[*]`, such as
//! `dataset[*].publisher.rut`); each group is one "field" of the findings. A person's e-mail
//! or RUT is `personal-data`; an official's work address `possible-personal-data`; a role
//! mailbox (`contacto@`, `datosabiertos@`…) nothing. Every example is masked.
//!
//! Contact points (`contactPoint`, `maintainer_email`, `author_email`, `mbox`) are metadata the
//! portal requires: an institutional or an official's address there is what they are for, and
//! is not reported; a personal mailbox (gmail, hotmail…) is returned apart, for a
//! metadata-quality warning — never advice to delete a required field.

use crate::detail::{Context, Personal};
use crate::email::{self, Mailbox};
use crate::lexicon::Category;
use crate::mask;
use crate::rules::{PERSONAL_DATA, POSSIBLE_PERSONAL_DATA};
use crate::rut::{self, Holder};
use crate::subject::Subject;
use calidad_core::finding::Detail;
use calidad_core::{Finding, Rule};

/// What one path's strings hold.
#[derive(Default)]
struct Group {
    strings: u64,
    personal_emails: (u64, Vec<String>),
    official_emails: (u64, Vec<String>),
    ruts: (u64, Vec<String>),
}

fn note(slot: &mut (u64, Vec<String>), masked: String) {
    slot.0 += 1;
    if slot.1.len() < 3 && !slot.1.contains(&masked) {
        slot.1.push(masked);
    }
}

/// Path segments of contact points: metadata the portal requires.
const CONTACT_SEGMENTS: &[&str] = &[
    "contactpoint",
    "hasemail",
    "maintainer_email",
    "author_email",
    "mbox",
    "contact_email",
    "contacto",
];

/// Whether a JSON path is a contact point's.
pub fn is_contact_point(path: &str) -> bool {
    path.split(['.', '['])
        .any(|segment| CONTACT_SEGMENTS.contains(&segment.to_ascii_lowercase().as_str()))
}

/// A contact point holding a personal mailbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonalContact {
    /// The JSON path.
    pub path: String,
    /// Personal mailboxes found there.
    pub matched: u64,
    /// Up to three, masked.
    pub examples: Vec<String>,
}

/// What a document's strings hold.
#[derive(Debug, Default)]
pub struct Scanned {
    /// Personal data outside contact points.
    pub findings: Vec<Finding>,
    /// Contact points with personal mailboxes.
    pub personal_contacts: Vec<PersonalContact>,
}

/// What the strings of a document, given as `(path, text)` in document order, hold.
pub fn scan_strings<'a>(strings: impl IntoIterator<Item = (String, &'a str)>) -> Scanned {
    let mut order: Vec<String> = Vec::new();
    let mut groups: std::collections::HashMap<String, Group> = std::collections::HashMap::new();
    for (path, text) in strings {
        let group = groups.entry(path.clone()).or_insert_with(|| {
            order.push(path);
            Group::default()
        });
        group.strings += 1;
        let value = text.trim();
        let value = value.strip_prefix("mailto:").unwrap_or(value);
        if let Some((local, domain)) = email::parse(value) {
            match email::mailbox(local, domain) {
                Mailbox::Personal => note(&mut group.personal_emails, mask::email(local, domain)),
                Mailbox::Official => note(&mut group.official_emails, mask::email(local, domain)),
                Mailbox::Institutional => {}
            }
        } else if rut::has_rut_shape(value)
            && let Some((body, digit)) = rut::parse(value)
            && rut::holder(body) == Holder::Person
        {
            note(&mut group.ruts, mask::rut(body, digit));
        }
    }
    let mut findings = Vec::new();
    let mut personal_contacts = Vec::new();
    for (index, path) in order.iter().enumerate() {
        let Some(group) = groups.remove(path) else {
            continue;
        };
        // A path is made of the document's keys, and a key can be an e-mail or a RUT.
        let shown = crate::text::mask_text(path).0;
        if is_contact_point(path) {
            let (matched, examples) = group.personal_emails;
            if matched > 0 {
                personal_contacts.push(PersonalContact {
                    path: shown,
                    matched,
                    examples,
                });
            }
            continue;
        }
        let field = index as u64 + 1;
        let mut push = |rule: &'static Rule, category: Category, (matched, examples)| {
            if matched > 0 {
                findings.push(
                    Finding::new(rule)
                        .at_field(field, Some(&shown))
                        .with_detail(Detail::of(Personal {
                            category: category.id(),
                            sensitive: false,
                            evidence: "content",
                            matched,
                            sampled: group.strings,
                            confidence: (matched as f64 / group.strings as f64 * 1000.0).round()
                                / 1000.0,
                            examples,
                            word: None,
                            context: Context::Plain,
                            subject: Subject::Unknown,
                        })),
                );
            }
        };
        push(&PERSONAL_DATA, Category::Rut, group.ruts);
        push(&PERSONAL_DATA, Category::Email, group.personal_emails);
        push(
            &POSSIBLE_PERSONAL_DATA,
            Category::Email,
            group.official_emails,
        );
    }
    Scanned {
        findings,
        personal_contacts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_are_identifiers_are_masked_in_paths() {
        let strings = [
            (
                "contactPoint.maria.gonzalez@gmail.com".to_owned(),
                "maria.gonzalez@gmail.com",
            ),
            ("personas.12.345.678-5.rut".to_owned(), "12.345.678-5"),
        ];
        let scanned = scan_strings(strings.iter().map(|(p, t)| (p.clone(), *t)));
        let contact = &scanned.personal_contacts[0];
        assert!(!contact.path.contains("maria.gonzalez"), "{}", contact.path);
        for finding in &scanned.findings {
            let name = finding.field_name.as_deref().unwrap_or_default();
            assert!(!name.contains("345.678"), "{name}");
        }
        assert!(!scanned.findings.is_empty());
    }

    #[test]
    fn groups_by_path_and_masks() {
        let strings = vec![
            (
                "dataset[*].contactPoint.hasEmail".to_owned(),
                "mailto:juan.perez@jus.gob.ar",
            ),
            (
                "dataset[*].contactPoint.hasEmail".to_owned(),
                "contacto@jus.gob.ar",
            ),
            ("dataset[*].contactPoint.fn".to_owned(), "Juan Pérez"),
            ("dataset[*].notes".to_owned(), "Responsable: 12.345.678-5"),
            ("dataset[*].publisher.rut".to_owned(), "12.345.678-5"),
            ("dataset[*].publisher.rut".to_owned(), "76.086.428-5"),
            ("autor".to_owned(), "maria.gonzalez@gmail.com"),
            ("maintainer_email".to_owned(), "pedro.soto@hotmail.com"),
        ];
        let scanned = scan_strings(strings);
        let found: Vec<(&str, u64, &str)> = scanned
            .findings
            .iter()
            .map(|f| {
                (
                    f.rule.code,
                    f.field_number.unwrap_or(0),
                    f.field_name.as_deref().unwrap_or(""),
                )
            })
            .collect();
        // The official's address at a contact point is what contact points are for.
        assert_eq!(
            found,
            [
                ("personal-data", 4, "dataset[*].publisher.rut"),
                ("personal-data", 5, "autor"),
            ]
        );
        assert_eq!(scanned.personal_contacts.len(), 1);
        assert_eq!(scanned.personal_contacts[0].path, "maintainer_email");
        let text = format!("{scanned:?}");
        for leaked in ["juan.perez", "12.345.678", "maria.gonzalez", "pedro.soto"] {
            assert!(!text.contains(leaked), "{leaked} leaked");
        }
    }
}
