//! The privacy block of a report task: what a row is about and why, the columns found, per
//! category, with masked examples only, and the table's re-identification analysis. Built from
//! the findings of the privacy check and what it handed over once the table is read.

use crate::check::PrivacySummary;
use crate::detail::{self, Context, Personal};
use calidad_core::finding::Findings;
use calidad_core::rule::Severity;
use serde::{Deserialize, Serialize};

/// The privacy block of a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivacyBlock {
    /// What a row of the table is about, and why.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subject: Option<SubjectBlock>,
    /// One entry per column and category found.
    pub fields: Vec<PrivacyField>,
    /// Re-identification analysis over the quasi-identifiers, when the rows are people's.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reidentification: Option<Reidentification>,
}

/// What a row is about: `person`, `place`, `organisation`, `transaction`, `aggregate` or
/// `unknown`, with the columns that showed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectBlock {
    /// The subject's id.
    pub kind: String,
    /// Up to a few columns and what each showed.
    pub evidence: Vec<SubjectEvidence>,
}

/// A column and what it showed about the rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectEvidence {
    /// The column.
    pub field_name: String,
    /// `identifier`, `person-word`, `public-posts`, `quasi-identifiers`, `count`,
    /// `place-word`, `organisation-word` or `event-word`.
    pub reason: String,
    /// The header word (or category) that showed it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub word: Option<String>,
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
    /// The header word that named the category, if one did.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub word: Option<String>,
    /// `officials` (names published by law), `mixed` (people among organisations) or
    /// `weak-evidence` (few values bear the header out).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub context: Option<String>,
    /// In a mixed column, sampled values of people and of organisations.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mixed: Option<Mixed>,
}

/// How a mixed column splits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mixed {
    /// Sampled values of natural persons.
    pub people: u64,
    /// Sampled values of organisations or anything else.
    pub others: u64,
}

/// The privacy block of a table: its findings and what the check handed over (when the
/// table was read as a table); `None` when there is neither.
pub fn block(findings: &Findings, summary: Option<&PrivacySummary>) -> Option<PrivacyBlock> {
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
                word,
                context,
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
                word: word.clone(),
                context: context.id().map(str::to_owned),
                mixed: match context {
                    Context::Mixed { people, others } => Some(Mixed {
                        people: *people,
                        others: *others,
                    }),
                    _ => None,
                },
            })
        })
        .collect();
    // In the table's column order, whatever the severity.
    fields.sort_by_key(|f| f.field_number);
    let from_findings = || {
        findings
            .errors()
            .iter()
            .chain(findings.others())
            .find_map(|f| f.detail.other::<detail::Reidentification>())
    };
    let reidentification = summary
        .and_then(|s| s.reidentification.as_ref())
        .or_else(from_findings)
        .map(|r| {
            let detail::Reidentification {
                quasi_identifiers,
                k,
                unique_records,
                records_at_risk,
                generalized,
                generalized_k,
                generalized_at_risk,
                ..
            } = r;
            Reidentification {
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
            }
        });
    let subject = summary.map(|s| SubjectBlock {
        kind: s.subject.id().to_owned(),
        evidence: s
            .reasons
            .iter()
            .map(|r| SubjectEvidence {
                field_name: r.field.clone(),
                reason: r.why.id().to_owned(),
                word: r.why.word().map(str::to_owned),
            })
            .collect(),
    });
    // No block when nothing was found: `privacy: null` is the report's "nothing personal here".
    (!fields.is_empty() || reidentification.is_some()).then_some(PrivacyBlock {
        subject,
        fields,
        reidentification,
    })
}
