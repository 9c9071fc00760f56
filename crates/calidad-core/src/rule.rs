//! Static facts about each finding code: its severity, tags, titles and messages in both
//! languages, and the documentation `calidad explain CODE` prints.

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use serde::{Deserialize, Serialize};

/// How much a finding matters. Only errors make a table invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never changes validity.
    Info,
    /// A problem a publisher should fix, but the table can still be read correctly.
    Warning,
    /// The table cannot be read as published: the report is invalid.
    Error,
}

impl Severity {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding code. Each lives in its own file under `rules/` and is listed once in
/// [`crate::registry::RULES`]. Codes are stable and never reused; Frictionless' codes are kept
/// where Frictionless has one, so reports interoperate with its tooling.
pub struct Rule {
    /// Stable kebab-case code, e.g. `extra-cell`.
    pub code: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Frictionless-style tags, e.g. `["#table", "#row", "#cell"]`.
    pub tags: &'static [&'static str],
    /// Short title, e.g. "Extra Cell".
    pub title: Text,
    /// One or two sentences saying what the code means.
    pub description: Text,
    /// Long documentation for `calidad explain`: what it means, why it matters, how to fix it.
    pub docs: Text,
    /// Renders the one-line message of a finding of this code.
    pub message: fn(&Finding, Lang) -> String,
    /// Renders the Frictionless `note` of a finding (often empty).
    pub note: fn(&Finding, Lang) -> String,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("code", &self.code).finish()
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

/// A `note` renderer for codes that carry no note.
pub fn no_note(_: &Finding, _: Lang) -> String {
    String::new()
}

/// Which codes a run reports, as `--pick-errors` and `--skip-errors` say: each a list of codes
/// or tags (`#header`). A code is wanted when `pick` is empty or names it, and `skip` does not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// When not empty, only these codes or tags.
    pub pick: Vec<String>,
    /// Never these codes or tags.
    pub skip: Vec<String>,
}

impl Selection {
    /// Whether findings of `rule` are wanted.
    pub fn enabled(&self, rule: &Rule) -> bool {
        let matches =
            |selector: &String| selector == rule.code || rule.tags.iter().any(|t| t == selector);
        (self.pick.is_empty() || self.pick.iter().any(matches)) && !self.skip.iter().any(matches)
    }

    /// Whether every code is wanted (nothing picked or skipped).
    pub fn is_everything(&self) -> bool {
        self.pick.is_empty() && self.skip.is_empty()
    }

    /// Whether any of `rules` is wanted.
    pub fn any(&self, rules: &[&Rule]) -> bool {
        rules.iter().any(|rule| self.enabled(rule))
    }
}
