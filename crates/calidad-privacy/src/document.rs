//! Personal data in documents that are not tables: a DCAT catalogue, a metadata JSON, an API
//! answer. calidad reports them as `format-error` (not a table), but the e-mails and RUTs they
//! hold are published all the same, so their strings are read too.
//!
//! Strings are grouped by where they sit (a JSON path with array indexes as `[*]`, such as
//! `dataset[*].contactPoint.hasEmail`); each group is one "field" of the findings. A person's
//! e-mail or RUT is `personal-data`; an official's work address `possible-personal-data`; a
//! role mailbox (`contacto@`, `datosabiertos@`…) nothing. Every example is masked.

use crate::detail::Personal;
use crate::email::{self, Mailbox};
use crate::lexicon::Category;
use crate::mask;
use crate::rules::{PERSONAL_DATA, POSSIBLE_PERSONAL_DATA};
use crate::rut::{self, Holder};
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

/// Findings for the strings of a document, given as `(path, text)` in document order.
pub fn scan_strings<'a>(strings: impl IntoIterator<Item = (String, &'a str)>) -> Vec<Finding> {
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
    for (index, path) in order.iter().enumerate() {
        let Some(group) = groups.remove(path) else {
            continue;
        };
        let field = index as u64 + 1;
        let mut push = |rule: &'static Rule, category: Category, (matched, examples)| {
            if matched > 0 {
                findings.push(Finding::new(rule).at_field(field, Some(path)).with_detail(
                    Detail::of(Personal {
                        category: category.id(),
                        sensitive: false,
                        evidence: "content",
                        matched,
                        sampled: group.strings,
                        confidence: (matched as f64 / group.strings as f64 * 1000.0).round()
                            / 1000.0,
                        examples,
                    }),
                ));
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
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ];
        let findings = scan_strings(strings);
        let found: Vec<(&str, u64, &str)> = findings
            .iter()
            .map(|f| {
                (
                    f.rule.code,
                    f.field_number.unwrap_or(0),
                    f.field_name.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "possible-personal-data",
                    1,
                    "dataset[*].contactPoint.hasEmail"
                ),
                ("personal-data", 4, "dataset[*].publisher.rut"),
                ("personal-data", 5, "autor"),
            ]
        );
        let text = format!("{findings:?}");
        for leaked in ["juan.perez", "12.345.678", "maria.gonzalez"] {
            assert!(!text.contains(leaked), "{leaked} leaked");
        }
    }
}
