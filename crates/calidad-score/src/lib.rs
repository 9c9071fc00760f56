//! The quality score: a profile of every column gathered in the engine's single pass
//! ([`profile`]), and a deterministic 1–10 score over six dimensions (estructura, completitud,
//! coherencia, accesibilidad, consistencia, privacidad) with caps and recommendations ranked
//! by the points each fix would gain ([`rubric`]), optionally with the resource's CKAN metadata
//! ([`metadata`]).

pub mod metadata;
pub mod model;
pub mod profile;
pub mod rubric;

pub use metadata::Metadata;
pub use model::Score;
pub use profile::TableProfile;
pub use rubric::{RUBRIC_VERSION, file_mark, score};

/// The codes the score crate reports.
pub static RULES: &[&calidad_core::Rule] = &[&rubric::QUALITY_SCORE];
