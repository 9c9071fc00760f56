//! Recognisers for Chilean personal data, and the masking every report uses.
//!
//! This crate holds the building blocks of calidad's privacy checks: value recognisers (RUT/RUN
//! with its modulo-11 check digit, e-mail addresses told apart as personal or institutional,
//! Chilean phone numbers by the national numbering plan, names by dictionary, comunas, shaped
//! identifiers such as plates and cards, identifiers inside free text), a header reader that
//! splits headers as people write them and finds whose data a column holds (a person, a place,
//! an organisation, an event), a lexicon with negative words, and masking that never lets a detected value through. The check
//! in [`check`] decides per column (ratios over a deterministic sample, thresholds above chance)
//! decides what a row is about ([`subject`]), and measures k-anonymity in the engine's
//! single pass.

pub mod block;
pub mod check;
pub mod detail;
pub mod document;
pub mod email;
pub mod gate;
pub mod header;
pub mod lexicon;
pub mod mask;
pub mod names;
pub mod phone;
pub mod recognise;
pub mod rules;
pub mod rut;
pub mod shapes;
pub mod subject;
pub mod text;

pub use block::{PrivacyBlock, block};
pub use check::PrivacySummary;
pub use subject::Subject;

/// Every code the privacy checks report, in the order `calidad explain` lists them.
pub static RULES: &[&calidad_core::Rule] = &[
    &rules::PERSONAL_DATA,
    &rules::POSSIBLE_PERSONAL_DATA,
    &rules::PERSONAL_DATA_IN_TEXT,
    &rules::SENSITIVE_DATA,
    &rules::SENSITIVE_DATA_EXPOSED,
    &rules::PERSONAL_DATA_ALLOWED,
    &rules::REIDENTIFICATION_RISK,
];
