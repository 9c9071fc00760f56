//! Recognisers for Chilean personal data, and the masking every report uses.
//!
//! This crate holds the building blocks of calidad's privacy checks: value recognisers (RUT/RUN
//! with its modulo-11 check digit, e-mail addresses told apart as personal or institutional,
//! Chilean phone numbers by the national numbering plan, names by dictionary, comunas, shaped
//! identifiers such as plates and cards, identifiers inside free text), a token-based header
//! lexicon with negative words, and masking that never lets a detected value through. The check
//! in [`check`] decides per column (ratios over a deterministic sample, thresholds above chance)
//! and measures k-anonymity in the engine's single pass.

pub mod check;
pub mod document;
pub mod email;
pub mod lexicon;
pub mod mask;
pub mod names;
pub mod phone;
pub mod rules;
pub mod rut;
pub mod shapes;
pub mod text;
