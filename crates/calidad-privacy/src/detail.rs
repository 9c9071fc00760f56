//! The data privacy findings carry ([`calidad_core::finding::Detail::Other`]): this crate's
//! own types, read back by its message functions, its masking and its privacy block.

use crate::subject::Subject;

/// A column holding personal or sensitive data (masked examples only, never a value).
#[derive(Clone, Debug, PartialEq)]
pub struct Personal {
    /// The category id (`rut`, `email`, `health`…).
    pub category: &'static str,
    /// Whether the law names the category as sensitive.
    pub sensitive: bool,
    /// What showed it: `header`, `content` or `both`.
    pub evidence: &'static str,
    /// Sampled cells that matched.
    pub matched: u64,
    /// Non-empty cells sampled.
    pub sampled: u64,
    /// Share of sampled cells that matched (0 for header-only evidence).
    pub confidence: f64,
    /// Up to three masked examples.
    pub examples: Vec<String>,
    /// The header word that named the category, if one did (a word of calidad's lexicon,
    /// never a value).
    pub word: Option<String>,
    /// What else the verdict rests on: officials, a mixed column, thin evidence.
    pub context: Context,
    /// What the table's rows are about.
    pub subject: Subject,
}

/// What a privacy verdict rests on besides the share of values that matched.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Context {
    /// Nothing more.
    #[default]
    Plain,
    /// Names of public officials, authorities or candidates: a list of public posts, or a
    /// header naming an official.
    Officials,
    /// A column mixing natural persons and organisations (suppliers, grantees): how many
    /// sampled values are each.
    Mixed {
        /// Values of natural persons.
        people: u64,
        /// Values of organisations (or anything else).
        others: u64,
    },
    /// Few values match what the header says: the evidence is too thin for an error.
    Weak,
}

impl Context {
    /// The id reports use (`None` for a plain verdict).
    pub fn id(self) -> Option<&'static str> {
        match self {
            Context::Plain => None,
            Context::Officials => Some("officials"),
            Context::Mixed { .. } => Some("mixed"),
            Context::Weak => Some("weak-evidence"),
        }
    }
}

/// How unique the rows are on their quasi-identifiers (k-anonymity).
#[derive(Clone, Debug, PartialEq)]
pub struct Reidentification {
    /// The quasi-identifier columns.
    pub quasi_identifiers: Vec<String>,
    /// The smallest number of rows sharing one combination of their values.
    pub k: u64,
    /// Rows alone in their combination.
    pub unique_records: u64,
    /// Rows in combinations shared by fewer than 5 rows.
    pub records_at_risk: u64,
    /// Rows looked at.
    pub rows: u64,
    /// A generalisation tried in the same pass: (column, ladder step id such as `region`,
    /// `age-band-10`, `birth-decade`); empty when no quasi-identifier could be generalised.
    pub generalized: Vec<(String, &'static str)>,
    /// k after that generalisation.
    pub generalized_k: u64,
    /// Rows still at risk after it.
    pub generalized_at_risk: u64,
}

/// Identifiers found inside a free-text cell (the cell itself is kept masked).
#[derive(Clone, Debug, PartialEq)]
pub struct InText {
    /// Category ids found (`rut`, `email`, `phone`, `credit-card`).
    pub kinds: Vec<&'static str>,
}

/// Sensitive columns in rows that identify people.
#[derive(Clone, Debug, PartialEq)]
pub struct Exposed {
    /// The sensitive columns.
    pub sensitive: Vec<String>,
    /// The columns that identify the rows' people (direct identifiers), if any.
    pub identified_by: Vec<String>,
    /// k over the quasi-identifiers, when it is 1.
    pub k: Option<u64>,
}
