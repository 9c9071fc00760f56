//! The score as reports carry it: the mark, the six dimensions and their indicators, the caps
//! and the recommendations.

use serde::{Deserialize, Serialize};

/// The deterministic quality score of a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    /// 1–10, one decimal, after caps.
    pub overall: f64,
    /// 1–10 before caps: what fixing the capped problems would give.
    pub uncapped: f64,
    /// `excelente` (9–10), `bueno` (6–8), `suficiente` (4–5), `deficiente` (1–3).
    pub band: String,
    /// Share of the rubric's weight that could be computed (below 0.6 the score is provisional).
    pub coverage: f64,
    /// Whether too little could be computed for the score to be trusted.
    pub provisional: bool,
    /// The date freshness is judged on, when metadata were given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub as_of: Option<String>,
    /// The six dimensions.
    pub dimensions: Dimensions,
    /// Caps that overrode the average.
    pub caps: Vec<Cap>,
    /// What to fix, most points first.
    pub recommendations: Vec<Recommendation>,
    /// The rubric's version (weights and thresholds).
    pub rubric_version: String,
}

/// The six dimensions of the score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dimensions {
    /// Can a machine read this as one clean table?
    pub estructura: Dimension,
    /// Is the data there, and is it described?
    pub completitud: Dimension,
    /// Do values make sense, and does the metadata match?
    pub coherencia: Dimension,
    /// Can anyone get and reuse it?
    pub accesibilidad: Dimension,
    /// Is everything represented the same way?
    pub consistencia: Dimension,
    /// Risk of exposing people.
    pub privacidad: Dimension,
}

/// One dimension's mark and its indicators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dimension {
    /// 1–10, one decimal (`None` when no indicator could be computed).
    pub score: Option<f64>,
    /// Share of the dimension's indicator weight that could be computed.
    pub coverage: f64,
    /// The indicators.
    pub indicators: Vec<Indicator>,
}

/// One indicator: a value in 0..1 (or `None`: not applicable), its weight and its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Indicator {
    /// Stable id (`E3`, `C1`, `P1`…).
    pub id: String,
    /// 0..1, or `None` when it cannot be computed.
    pub value: Option<f64>,
    /// Weight within the dimension.
    pub weight: f64,
    /// The counts behind the value.
    pub evidence: String,
}

/// A cap that overrides the average.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cap {
    /// Stable id: `G1` unreadable, `G2` has errors, `G3` personal data, `G5` no open licence.
    pub id: String,
    /// Why it applies.
    pub reason: String,
    /// The highest score allowed.
    pub limit: f64,
}

/// One thing to fix, with the points it would gain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    /// The indicator it comes from.
    pub id: String,
    /// The dimension it improves.
    pub dimension: String,
    /// Points on the 1–10 scale the fix would gain (before caps).
    pub gain: f64,
    /// What to do.
    pub message: String,
}

impl Dimensions {
    /// The six, in report order.
    pub fn all(&self) -> [&Dimension; 6] {
        [
            &self.estructura,
            &self.completitud,
            &self.coherencia,
            &self.accesibilidad,
            &self.consistencia,
            &self.privacidad,
        ]
    }

    /// The six, to change in place.
    pub fn all_mut(&mut self) -> [&mut Dimension; 6] {
        [
            &mut self.estructura,
            &mut self.completitud,
            &mut self.coherencia,
            &mut self.accesibilidad,
            &mut self.consistencia,
            &mut self.privacidad,
        ]
    }
}
