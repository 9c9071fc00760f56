//! The data privacy findings carry ([`calidad_core::finding::Detail::Other`]): this crate's
//! own types, read back by its message functions, its masking and its privacy block.

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
