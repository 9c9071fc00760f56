//! The one place every finding code is listed. Adding a code means adding its file under
//! `rules/` and one line here.

use crate::check::Check;
use crate::engine::CheckFactory;
use crate::rule::{Rule, Selection};
use crate::rules::{
    ascii_value, deviated_cell, deviated_value, forbidden_value, required_value, row_constraint,
    sequential_value, table_dimensions, truncated_value,
};
use crate::rules::{
    blank_header, blank_label, blank_row, constraint_error, duplicate_label, duplicate_row,
    encoding_error, extra_cell, extra_label, format_error, incorrect_label, missing_cell,
    missing_label, mojibake, non_utf8_encoding, primary_key, row_too_large, source_error,
    title_rows, type_error, unclosed_quote, unique_error,
};
use crate::spec::{CheckSpec, CheckSpecError, SpecError};

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
        rule: &crate::rules::trailing_delimiter::TRAILING_DELIMITER,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::multi_row_header::MULTI_ROW_HEADER,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::description_row::DESCRIPTION_ROW,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::padding_rows::PADDING_ROWS,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::footer_rows::FOOTER_ROWS,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::not_a_table::NOT_A_TABLE,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::schema_error::SCHEMA_ERROR,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::formula_error::FORMULA_ERROR,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::merged_cells::MERGED_CELLS,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::macros_present::MACROS_PRESENT,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::byte_count::BYTE_COUNT,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::row_count::ROW_COUNT,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::field_count::FIELD_COUNT,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::hash_count::HASH_COUNT,
        build: None,
    },
    RuleEntry {
        rule: &crate::rules::missing_header::MISSING_HEADER,
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
        build: Some(|_| Box::new(mojibake::MojibakeCheck)),
    },
    RuleEntry {
        rule: &crate::rules::doubled_spaces::DOUBLED_SPACES,
        build: Some(|_| Box::new(crate::rules::doubled_spaces::DoubledSpacesCheck::default())),
    },
    RuleEntry {
        rule: &crate::rules::placeholder_values::PLACEHOLDER_VALUES,
        build: Some(|_| {
            Box::new(crate::rules::placeholder_values::PlaceholderValuesCheck::default())
        }),
    },
    RuleEntry {
        rule: &crate::rules::mixed_types::MIXED_TYPES,
        build: Some(|_| Box::new(crate::rules::mixed_types::MixedTypesCheck::default())),
    },
    RuleEntry {
        rule: &crate::rules::serial_dates::SERIAL_DATES,
        build: Some(|_| Box::new(crate::rules::serial_dates::SerialDatesCheck::default())),
    },
    RuleEntry {
        rule: &crate::rules::total_row::TOTAL_ROW,
        build: Some(|_| Box::new(crate::rules::total_row::TotalRowCheck::default())),
    },
    RuleEntry {
        rule: &crate::rules::multiple_tables::MULTIPLE_TABLES,
        build: Some(|_| Box::new(crate::rules::multiple_tables::MultipleTablesCheck::default())),
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
        rule: &crate::rules::foreign_key::FOREIGN_KEY,
        build: None,
    },
    RuleEntry {
        rule: &duplicate_row::DUPLICATE_ROW,
        build: None,
    },
];

/// Compiles an opt-in check from its specification (parameters read, formulas parsed, once),
/// or says what is wrong with it.
pub type BuildOptIn = fn(&CheckSpec) -> Result<CheckFactory, SpecError>;

/// A code whose check runs only when asked for (`--checks CODE:param=value`).
pub struct OptInEntry {
    /// The code's static facts.
    pub rule: &'static Rule,
    /// Builds the check from its parameters.
    pub build: BuildOptIn,
}

/// The opt-in checks, with Frictionless' names and parameters.
pub static OPT_IN: &[OptInEntry] = &[
    OptInEntry {
        rule: &ascii_value::ASCII_VALUE,
        build: ascii_value::AsciiValueCheck::build,
    },
    OptInEntry {
        rule: &truncated_value::TRUNCATED_VALUE,
        build: truncated_value::TruncatedValueCheck::build,
    },
    OptInEntry {
        rule: &deviated_cell::DEVIATED_CELL,
        build: deviated_cell::DeviatedCellCheck::build,
    },
    OptInEntry {
        rule: &deviated_value::DEVIATED_VALUE,
        build: deviated_value::DeviatedValueCheck::build,
    },
    OptInEntry {
        rule: &forbidden_value::FORBIDDEN_VALUE,
        build: forbidden_value::ForbiddenValueCheck::build,
    },
    OptInEntry {
        rule: &sequential_value::SEQUENTIAL_VALUE,
        build: sequential_value::SequentialValueCheck::build,
    },
    OptInEntry {
        rule: &required_value::REQUIRED_VALUE,
        build: required_value::RequiredValueCheck::build,
    },
    OptInEntry {
        rule: &row_constraint::ROW_CONSTRAINT,
        build: row_constraint::RowConstraintCheck::build,
    },
    OptInEntry {
        rule: &table_dimensions::TABLE_DIMENSIONS,
        build: table_dimensions::TableDimensionsCheck::build,
    },
];

/// Codes the opt-in checks report besides their own (not checks themselves).
pub static OPT_IN_SHARED: &[&Rule] = &[&crate::rules::check_error::CHECK_ERROR];

/// What `--checks extra` turns on, as in Frictionless (whose `extra` also has `duplicate-row`,
/// which calidad runs by default).
pub const EXTRA: &[&str] = &["ascii-value", "truncated-value", "deviated-cell"];

/// Expands, parses and compiles `--checks` values: `extra`, `baseline` (nothing beyond the
/// default), or `CODE:param=value:…`. Fails naming the bad specification.
pub fn compile_checks<S: AsRef<str>>(texts: &[S]) -> Result<Vec<CheckFactory>, CheckSpecError> {
    let mut checks = Vec::new();
    for text in texts {
        let text = text.as_ref().trim();
        let fail = |problem| CheckSpecError {
            text: text.to_owned(),
            problem,
        };
        match text {
            "" | "baseline" => {}
            "extra" => {
                for code in EXTRA {
                    let spec = CheckSpec {
                        code: (*code).to_owned(),
                        params: Vec::new(),
                    };
                    checks.push(compile_opt_in(&spec).map_err(fail)?);
                }
            }
            _ => {
                let spec = CheckSpec::parse(text).map_err(fail)?;
                checks.push(compile_opt_in(&spec).map_err(fail)?);
            }
        }
    }
    Ok(checks)
}

/// Compiles the check a specification asks for.
pub fn compile_opt_in(spec: &CheckSpec) -> Result<CheckFactory, SpecError> {
    match OPT_IN.iter().find(|e| e.rule.code == spec.code) {
        Some(entry) => (entry.build)(spec),
        None => Err(SpecError::UnknownCheck {
            code: spec.code.clone(),
            known: OPT_IN
                .iter()
                .map(|e| e.rule.code)
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Whether `code` is an opt-in check's.
pub fn is_opt_in(code: &str) -> bool {
    OPT_IN.iter().any(|e| e.rule.code == code)
}

/// Looks a code up.
pub fn find(code: &str) -> Option<&'static Rule> {
    all().find(|r| r.code == code)
}

/// Every code, in registry order (default checks first, then opt-in ones).
pub fn all() -> impl Iterator<Item = &'static Rule> {
    RULES
        .iter()
        .map(|e| e.rule)
        .chain(OPT_IN.iter().map(|e| e.rule))
        .chain(OPT_IN_SHARED.iter().copied())
}

/// Fresh checks for one table, for the codes `selection` wants.
pub fn build_checks(config: &CheckConfig, selection: &Selection) -> Vec<Box<dyn Check>> {
    RULES
        .iter()
        .filter_map(|e| e.build.map(|build| build(config)))
        .filter(|check| selection.any(check.rules()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
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
                assert!(build(&config).rules().contains(&entry.rule));
            }
        }
        let header_only = build_checks(
            &config,
            &Selection {
                pick: vec!["#header".to_owned()],
                skip: Vec::new(),
            },
        );
        assert!(!header_only.is_empty());
        assert!(
            header_only
                .iter()
                .all(|c| c.rules().iter().any(|r| r.tags.contains(&"#header")))
        );
    }

    #[test]
    fn lookup() {
        assert_eq!(find("extra-cell").map(|r| r.code), Some("extra-cell"));
        assert!(find("nope").is_none());
    }
}
