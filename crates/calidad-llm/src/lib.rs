//! An LLM's reading of a calidad report, through any OpenAI-compatible API (`--ai`).
//!
//! The model sees a compact profile the caller builds from the report ([`Subject`]: column
//! names, types, missing shares, counts of findings, the privacy block already masked, the
//! deterministic score) — never a row of the table. Everything sent, and everything the model
//! writes back, passes through the masking function the caller hands in, so a RUT, e-mail,
//! phone or card number that slipped into a message is masked before it leaves the machine.
//! The answer must fit `schemas/ai-score.schema.json` (scores as enums 1..10); it is validated,
//! retried once with the validation error, and otherwise dropped with a notice: the
//! deterministic score always stands, and its caps bind the model's mark too.
//!
//! The types ([`AiScore`]) build without the HTTP client; asking a model needs the `client`
//! feature (on by default).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an LLM said of the table, capped like the deterministic score.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AiScore {
    /// The model asked.
    pub model: String,
    /// Its 1–10 mark after the deterministic caps (`None` when it gave no usable answer).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub overall: Option<f64>,
    /// Its mark and comment per dimension.
    pub dimensions: BTreeMap<String, AiDimension>,
    /// Its recommendations.
    pub recommendations: Vec<AiRecommendation>,
    /// Its summary.
    pub summary: String,
    /// Whether its mark and the deterministic one are 3 or more points apart.
    pub discrepancy: bool,
    /// Why there is no usable answer (the deterministic score stands).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub notice: Option<String>,
}

/// An LLM's mark and comment for one dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AiDimension {
    /// 1–10.
    pub score: u8,
    /// Its comment.
    pub comment: String,
}

/// An LLM's recommendation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AiRecommendation {
    /// `alta`, `media` or `baja`.
    pub priority: String,
    /// The dimension it improves.
    pub dimension: String,
    /// What to do.
    pub action: String,
}

/// What the model is told of one task, built by the caller from its report.
#[derive(Clone, Debug)]
pub struct Subject {
    /// The facts, as JSON (masked again before sending).
    pub facts: serde_json::Value,
    /// The highest mark the deterministic caps allow.
    pub cap: f64,
    /// The deterministic mark, to flag a discrepancy.
    pub deterministic: f64,
}

/// Masks anything that looks like a personal identifier in a text (the caller's privacy
/// masking).
pub type Mask<'a> = &'a (dyn Fn(&str) -> String + Sync);

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub use client::{ANSWER_SCHEMA, AiConfig, evaluate};
