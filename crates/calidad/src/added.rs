//! What the facade's reports carry beyond the engine's: the privacy block, the column profile
//! and the score (with the AI reading beside it), each the type of the crate that makes it,
//! in the same `calidad` object of every task.

use serde::{Deserialize, Serialize};

/// The blocks added to each task's `calidad` object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Added {
    /// Columns holding personal or sensitive data, with masked examples only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub privacy: Option<calidad_privacy::PrivacyBlock>,
    /// Per-column statistics (cells, missing values, whitespace, categories, domain checks).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub profile: Option<calidad_score::TableProfile>,
    /// The 1–10 quality score over six dimensions, with what it is made of.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score: Option<ScoreBlock>,
    /// Raw values of flagged columns, only with [`crate::ValidatorBuilder::reveal`], for a
    /// text report on the publisher's screen. Never serialised, never masked, never read by
    /// the AI reading.
    #[serde(skip)]
    pub revealed: Revealed,
    /// The spool of `calidad corregir`'s cleaned rows, only when it asked for one. Never
    /// serialised.
    #[serde(skip)]
    pub spooled: Option<crate::fix::Spooled>,
    /// Rows' raw cells read again for late findings ([`crate::ValidatorBuilder::row_cells`]).
    /// Never serialised.
    #[serde(skip)]
    pub captured: Option<Captured>,
    /// The columns found to hold personal or sensitive data, with their category, for
    /// masking cells added after the report was rendered. Never serialised.
    #[serde(skip)]
    pub flagged: Vec<(u64, calidad_privacy::lexicon::Category)>,
    /// Sheet columns before the table's first (field numbers count them, cells do not).
    #[serde(skip)]
    pub column_offset: u64,
}

/// Raw cells of rows, by row number, on their way to the findings that name those rows.
#[derive(Clone, Default)]
pub struct Captured(pub calidad_core::engine::CapturedCells);

impl std::fmt::Debug for Captured {
    /// Never the values: a debug print of a report must not carry them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Captured({} rows)", self.0.0.len())
    }
}

impl PartialEq for Captured {
    fn eq(&self, other: &Captured) -> bool {
        self.0.0 == other.0.0
    }
}

/// Up to three raw values per flagged column: (1-based column number, category id, values).
#[derive(Clone, Default, PartialEq)]
pub struct Revealed(pub Vec<(u64, &'static str, Vec<String>)>);

impl std::fmt::Debug for Revealed {
    /// Never the values: a debug print of a report must not carry them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Revealed({} columns)", self.0.len())
    }
}

/// The deterministic score, and an LLM's reading beside it (`--ai`), never instead of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreBlock {
    /// The deterministic score.
    #[serde(flatten)]
    pub score: calidad_score::Score,
    /// The LLM's reading, when asked for.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ai: Option<calidad_llm::AiScore>,
}

impl std::ops::Deref for ScoreBlock {
    type Target = calidad_score::Score;

    fn deref(&self) -> &calidad_score::Score {
        &self.score
    }
}

/// A validation report, with the blocks above in every task.
pub type Report = calidad_core::report::Report<Added>;
/// One table's results.
pub type ReportTask = calidad_core::report::ReportTask<Added>;
/// calidad's own per-task data.
pub type CalidadTask = calidad_core::report::CalidadTask<Added>;
