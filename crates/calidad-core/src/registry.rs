//! The one place every finding code is listed. Adding a code means adding its file under
//! `rules/` and one line here.

use crate::check::Check;
use crate::rule::Rule;
use crate::rules::{
    blank_header, blank_label, blank_row, constraint_error, duplicate_label, duplicate_row,
    encoding_error, extra_cell, extra_label, format_error, incorrect_label, missing_cell,
    missing_label, mojibake, non_utf8_encoding, primary_key, row_too_large, source_error,
    title_rows, type_error, unclosed_quote, unique_error,
};

/// What a check factory may need to know.
#[derive(Clone, Copy, Debug)]
pub struct CheckConfig {
    /// Cell content kept per row, in bytes.
    pub max_record_bytes: u64,
}

/// Builds a fresh check for one table.
pub type BuildCheck = fn(&CheckConfig) -> Box<dyn Check>;

/// A code and, when it is found row by row, how to build its check for a new table.
pub struct RuleEntry {
    /// The code's static facts.
    pub rule: &'static Rule,
    /// Builds the check; `None` for codes the engine reports itself (file-level ones).
    pub build: Option<BuildCheck>,
}

/// Every code calidad can report, in the order their checks run on each row.
pub static RULES: &[RuleEntry] = &[
    RuleEntry {
        rule: &source_error::SOURCE_ERROR,
        build: None,
    },
    RuleEntry {
        rule: &format_error::FORMAT_ERROR,
        build: None,
    },
    RuleEntry {
        rule: &non_utf8_encoding::NON_UTF8_ENCODING,
        build: None,
    },
    RuleEntry {
        rule: &title_rows::TITLE_ROWS,
        build: None,
    },
    RuleEntry {
        rule: &blank_header::BLANK_HEADER,
        build: Some(|_| Box::new(blank_header::BlankHeaderCheck)),
    },
    RuleEntry {
        rule: &blank_label::BLANK_LABEL,
        build: Some(|_| Box::new(blank_label::BlankLabelCheck)),
    },
    RuleEntry {
        rule: &duplicate_label::DUPLICATE_LABEL,
        build: Some(|_| Box::new(duplicate_label::DuplicateLabelCheck)),
    },
    RuleEntry {
        rule: &unclosed_quote::UNCLOSED_QUOTE,
        build: Some(|_| Box::new(unclosed_quote::UnclosedQuoteCheck)),
    },
    RuleEntry {
        rule: &row_too_large::ROW_TOO_LARGE,
        build: Some(|config| {
            Box::new(row_too_large::RowTooLargeCheck {
                limit: config.max_record_bytes,
            })
        }),
    },
    RuleEntry {
        rule: &blank_row::BLANK_ROW,
        build: Some(|_| Box::new(blank_row::BlankRowCheck)),
    },
    RuleEntry {
        rule: &missing_cell::MISSING_CELL,
        build: Some(|_| Box::new(missing_cell::MissingCellCheck)),
    },
    RuleEntry {
        rule: &extra_cell::EXTRA_CELL,
        build: Some(|_| Box::new(extra_cell::ExtraCellCheck)),
    },
    RuleEntry {
        rule: &encoding_error::ENCODING_ERROR,
        build: Some(|_| Box::new(encoding_error::EncodingErrorCheck)),
    },
    RuleEntry {
        rule: &mojibake::MOJIBAKE,
        build: Some(|_| Box::new(mojibake::MojibakeCheck::default())),
    },
    // Found by the schema validation in the engine (one pass over each row's cells for all of
    // them), not by separate row checks.
    RuleEntry {
        rule: &extra_label::EXTRA_LABEL,
        build: None,
    },
    RuleEntry {
        rule: &missing_label::MISSING_LABEL,
        build: None,
    },
    RuleEntry {
        rule: &incorrect_label::INCORRECT_LABEL,
        build: None,
    },
    RuleEntry {
        rule: &type_error::TYPE_ERROR,
        build: None,
    },
    RuleEntry {
        rule: &constraint_error::CONSTRAINT_ERROR,
        build: None,
    },
    RuleEntry {
        rule: &unique_error::UNIQUE_ERROR,
        build: None,
    },
    RuleEntry {
        rule: &primary_key::PRIMARY_KEY,
        build: None,
    },
    RuleEntry {
        rule: &duplicate_row::DUPLICATE_ROW,
        build: None,
    },
];

/// Looks a code up.
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().map(|e| e.rule).find(|r| r.code == code)
}

/// Every code, in registry order.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().map(|e| e.rule)
}

/// Fresh checks for one table, for the codes `enabled` accepts.
pub fn build_checks(config: &CheckConfig, enabled: impl Fn(&Rule) -> bool) -> Vec<Box<dyn Check>> {
    RULES
        .iter()
        .filter(|e| enabled(e.rule))
        .filter_map(|e| e.build.map(|build| build(config)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::rule::Severity;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.code), "{} listed twice", rule.code);
            assert!(
                rule.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                rule.code
            );
            for lang in [Lang::Es, Lang::En] {
                let docs = rule.docs.get(lang);
                assert!(
                    docs.matches("## ").count() >= 3,
                    "{} docs need what/why/fix",
                    rule.code
                );
                assert!(!rule.title.get(lang).is_empty());
                assert!(!rule.description.get(lang).is_empty());
            }
            assert!(!rule.tags.is_empty());
        }
    }

    #[test]
    fn checks_match_their_rules() {
        let config = CheckConfig {
            max_record_bytes: 1,
        };
        for entry in RULES {
            if let Some(build) = entry.build {
                assert_eq!(build(&config).rule().code, entry.rule.code);
            }
        }
        let errors_only = build_checks(&config, |r| r.severity == Severity::Error);
        assert!(
            errors_only
                .iter()
                .all(|c| c.rule().severity == Severity::Error)
        );
    }

    #[test]
    fn lookup() {
        assert_eq!(find("extra-cell").map(|r| r.code), Some("extra-cell"));
        assert!(find("nope").is_none());
    }
}
