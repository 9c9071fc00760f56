//! The privacy block of a report task: the columns found, per category, with masked examples
//! only, and the table's re-identification risk. Built from the findings of the privacy check
//! once the table is read.

use crate::detail::{self, Personal};
use calidad_core::finding::Findings;
use calidad_core::rule::Severity;
use serde::{Deserialize, Serialize};

/// The privacy block of a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyBlock {
    /// One entry per column and category found.
    pub fields: Vec<PrivacyField>,
    /// Re-identification risk over the quasi-identifiers, when the table has some.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reidentification: Option<Reidentification>,
}

/// k-anonymity of a table over its quasi-identifiers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reidentification {
    /// The quasi-identifier columns.
    pub quasi_identifiers: Vec<String>,
    /// The smallest number of rows sharing one combination.
    pub k: u64,
    /// Rows alone in their combination.
    pub unique_records: u64,
    /// Rows in combinations of fewer than 5.
    pub records_at_risk: u64,
    /// What a standard generalisation would leave, computed in the same pass.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub generalization: Option<Generalization>,
}

/// A generalisation of the quasi-identifiers and the k-anonymity it reaches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Generalization {
    /// One step per generalised column.
    pub steps: Vec<GeneralizationStep>,
    /// k after the generalisation.
    pub k: u64,
    /// Rows still in combinations of fewer than 5.
    pub records_at_risk: u64,
}

/// A column and what it is generalised to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneralizationStep {
    /// The column.
    pub field_name: String,
    /// `region` (comuna → región), `age-band-10` (ages in 10-year bands, 80+ together) or
    /// `birth-decade` (dates of birth → decade).
    pub to: String,
}

/// A column holding personal or sensitive data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyField {
    /// The column's name.
    pub field_name: String,
    /// 1-based column number.
    pub field_number: u64,
    /// Category id (`rut`, `email`, `health`…).
    pub category: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// `header`, `content` or `both`.
    pub evidence: String,
    /// Sampled cells that matched.
    pub matched: u64,
    /// Non-empty cells sampled.
    pub sampled: u64,
    /// Share of sampled cells that matched.
    pub confidence: f64,
    /// Masked examples (never a value).
    pub examples: Vec<String>,
}

/// The privacy block of a table's findings, when it found anything.
pub fn block(findings: &Findings) -> Option<PrivacyBlock> {
    let mut fields: Vec<PrivacyField> = findings
        .errors()
        .iter()
        .chain(findings.others())
        .filter_map(|f| {
            let Personal {
                category,
                evidence,
                matched,
                sampled,
                confidence,
                examples,
                ..
            } = f.detail.other::<Personal>()?;
            Some(PrivacyField {
                field_name: f.field_name.clone().unwrap_or_default(),
                field_number: f.field_number.unwrap_or(0),
                category: (*category).to_owned(),
                severity: f.rule.severity,
                evidence: (*evidence).to_owned(),
                matched: *matched,
                sampled: *sampled,
                confidence: *confidence,
                examples: examples.clone(),
            })
        })
        .collect();
    // In the table's column order, whatever the severity.
    fields.sort_by_key(|f| f.field_number);
    let reidentification = findings
        .errors()
        .iter()
        .chain(findings.others())
        .find_map(|f| {
            let detail::Reidentification {
                quasi_identifiers,
                k,
                unique_records,
                records_at_risk,
                generalized,
                generalized_k,
                generalized_at_risk,
                ..
            } = f.detail.other::<detail::Reidentification>()?;
            Some(Reidentification {
                quasi_identifiers: quasi_identifiers.clone(),
                k: *k,
                unique_records: *unique_records,
                records_at_risk: *records_at_risk,
                generalization: (!generalized.is_empty()).then(|| Generalization {
                    steps: generalized
                        .iter()
                        .map(|(field_name, to)| GeneralizationStep {
                            field_name: field_name.clone(),
                            to: (*to).to_owned(),
                        })
                        .collect(),
                    k: *generalized_k,
                    records_at_risk: *generalized_at_risk,
                }),
            })
        });
    (!fields.is_empty() || reidentification.is_some()).then_some(PrivacyBlock {
        fields,
        reidentification,
    })
}
