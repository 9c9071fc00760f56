//! The validator's options as data: what the command line and the Python package both map
//! their arguments to, so each option is turned into a builder call in one place.

use crate::{Error, Lang, ValidatorBuilder};
use serde::Deserialize;
use std::path::PathBuf;

/// Every option a validator takes, by name. Missing fields keep the defaults; unknown fields
/// are refused (a misspelt option is an error, not a silent default).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Language of messages: `es` (default) or `en` (also `es-CL`, `en_US.UTF-8`…).
    pub lang: Option<String>,
    /// Findings kept per list (default 1000; 0 keeps all).
    pub limit_errors: usize,
    /// Encoding to read sources in instead of detecting it.
    pub encoding: Option<String>,
    /// Delimiter instead of sniffing it.
    pub delimiter: Option<String>,
    /// The 1-based header row instead of detecting it.
    pub header_row: Option<u64>,
    /// Whether the table has a header row (default true; false names columns `field1`…).
    pub header: bool,
    /// The header spans these 1-based rows (Frictionless' `headerRows`).
    pub header_rows: Vec<u64>,
    /// What joins a header's rows (default a space).
    pub header_join: Option<String>,
    /// Rows whose first cell starts with this are comments.
    pub comment_char: Option<String>,
    /// These 1-based rows are comments.
    pub comment_rows: Vec<u64>,
    /// The quote character instead of sniffing it.
    pub quote_char: Option<String>,
    /// Skip spaces after delimiters (instead of sniffing it).
    pub skip_initial_space: Option<bool>,
    /// Only this sheet of workbooks.
    pub sheet: Option<String>,
    /// A Table Schema file.
    pub schema_path: Option<PathBuf>,
    /// A Table Schema given as JSON.
    pub schema_json: Option<serde_json::Value>,
    /// Opt-in checks in Frictionless' syntax (`extra`, `CODE:param=value`).
    pub checks: Vec<String>,
    /// Opt-in checks as Frictionless check descriptors.
    pub check_descriptors: Vec<serde_json::Value>,
    /// Codes or tags not reported.
    pub skip_errors: Vec<String>,
    /// Only these codes or tags reported.
    pub pick_errors: Vec<String>,
    /// Infer a schema when none is given (default true).
    pub infer: bool,
    /// Infer from this many rows only.
    pub infer_rows: Option<u64>,
    /// Look for personal data (default true).
    pub privacy: bool,
    /// Compute the quality score (default true).
    pub score: bool,
    /// Mask personal identifiers in every string of the report (default true).
    pub mask: bool,
    /// Keep up to three raw values of each flagged column for a text report on the
    /// publisher's own screen (`calidad validate --reveal`). Never read from JSON: the Python
    /// package, audits and every serialised report leave it off.
    #[serde(skip)]
    pub reveal: bool,
    /// Columns published on a legal basis.
    pub allow_fields: Vec<String>,
    /// Quasi-identifier columns to analyse.
    pub quasi_identifiers: Vec<String>,
    /// The date freshness and ages are judged on (`YYYY-MM-DD`).
    pub as_of: Option<String>,
    /// The dataset's CKAN metadata (`package_show`) in a file.
    pub metadata_path: Option<PathBuf>,
    /// The dataset's CKAN metadata as JSON.
    pub metadata_json: Option<serde_json::Value>,
    /// Which resource of the metadata is validated (its URL or file name).
    pub metadata_resource: Option<String>,
    /// Expected size in bytes.
    pub expect_bytes: Option<u64>,
    /// Expected data rows.
    pub expect_rows: Option<u64>,
    /// Expected header fields.
    pub expect_fields: Option<u64>,
    /// Expected hash (`sha256:HEX`, `md5:HEX`).
    pub expect_hash: Option<String>,
    /// Use one thread in all (no read-ahead, no worker threads); the same as `threads: Some(1)`.
    pub single_thread: bool,
    /// Threads that check each table, the calling one included (default: one per core).
    pub threads: Option<usize>,
    /// Memory a table's validation may use, in bytes (default: a quarter of the machine's);
    /// see [`ValidatorBuilder::memory_limit`].
    pub memory_limit: Option<u64>,
    /// Cell content kept per row, in bytes (default 64 MiB).
    pub max_row_bytes: Option<usize>,
    /// Give cells to findings known only at the end by reading files twice (see
    /// [`ValidatorBuilder::row_cells`]).
    pub row_cells: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lang: None,
            limit_errors: 1000,
            encoding: None,
            delimiter: None,
            header_row: None,
            header: true,
            header_rows: Vec::new(),
            header_join: None,
            comment_char: None,
            comment_rows: Vec::new(),
            quote_char: None,
            skip_initial_space: None,
            sheet: None,
            schema_path: None,
            schema_json: None,
            checks: Vec::new(),
            check_descriptors: Vec::new(),
            skip_errors: Vec::new(),
            pick_errors: Vec::new(),
            infer: true,
            infer_rows: None,
            privacy: true,
            score: true,
            mask: true,
            reveal: false,
            allow_fields: Vec::new(),
            quasi_identifiers: Vec::new(),
            as_of: None,
            metadata_path: None,
            metadata_json: None,
            metadata_resource: None,
            expect_bytes: None,
            expect_rows: None,
            expect_fields: None,
            expect_hash: None,
            single_thread: false,
            threads: None,
            memory_limit: None,
            max_row_bytes: None,
            row_cells: false,
        }
    }
}

impl Options {
    /// Reads options from JSON (the Python package passes them so).
    pub fn from_json(text: &str) -> Result<Options, Error> {
        serde_json::from_str(text).map_err(|e| Error::Options(e.to_string()))
    }

    /// The language asked for (Spanish when none).
    pub fn language(&self) -> Result<Lang, Error> {
        match &self.lang {
            Some(text) => Lang::parse(text).ok_or_else(|| Error::UnknownLanguage(text.clone())),
            None => Ok(Lang::default()),
        }
    }

    /// Whether everything runs on the calling thread.
    fn one_thread(&self) -> bool {
        self.single_thread || self.threads == Some(1)
    }

    /// A builder with every option applied; fails on the first one that cannot be used.
    pub fn builder(&self) -> Result<ValidatorBuilder, Error> {
        let mut builder = ValidatorBuilder::default()
            .lang(self.language()?)
            .limit_errors(self.limit_errors)
            .read_ahead(!self.one_thread())
            .threads(if self.one_thread() {
                1
            } else {
                self.threads.unwrap_or(0)
            })
            .pick_errors(&self.pick_errors)?
            .skip_errors(&self.skip_errors)?;
        if let Some(encoding) = &self.encoding {
            builder = builder.encoding(encoding)?;
        }
        if let Some(delimiter) = &self.delimiter {
            builder = builder.delimiter(delimiter)?;
        }
        if let Some(row) = self.header_row {
            builder = builder.header_row(row)?;
        }
        if !self.header_rows.is_empty() {
            builder = builder.header_rows(&self.header_rows)?;
        }
        if let Some(join) = &self.header_join {
            builder = builder.header_join(join);
        }
        if let Some(mark) = &self.comment_char {
            builder = builder.comment_char(mark);
        }
        if let Some(quote) = &self.quote_char {
            builder = builder.quote_char(quote)?;
        }
        if let Some(skip) = self.skip_initial_space {
            builder = builder.skip_initial_space(skip);
        }
        builder = builder
            .no_header(!self.header)
            .comment_rows(&self.comment_rows);
        if let Some(json) = &self.schema_json {
            builder = builder.schema(crate::schema::schema_from_json(json, "schema")?)?;
        }
        if let Some(path) = &self.schema_path {
            builder = builder.schema_path(path)?;
        }
        if let Some(rows) = self.infer_rows {
            builder = builder.infer_rows(rows);
        }
        if let Some(bytes) = self.memory_limit {
            builder = builder.memory_limit(Some(bytes));
        }
        if let Some(bytes) = self.max_row_bytes {
            builder = builder.max_row_bytes(bytes);
        }
        if let Some(sheet) = &self.sheet {
            builder = builder.sheet(sheet);
        }
        if let Some(bytes) = self.expect_bytes {
            builder = builder.expect_bytes(bytes);
        }
        if let Some(rows) = self.expect_rows {
            builder = builder.expect_rows(rows);
        }
        if let Some(fields) = self.expect_fields {
            builder = builder.expect_fields(fields);
        }
        if let Some(hash) = &self.expect_hash {
            builder = builder.expect_hash(hash)?;
        }
        let resource = self.metadata_resource.as_deref().unwrap_or("");
        if let Some(path) = &self.metadata_path {
            builder = builder.metadata_path(path, resource)?;
        }
        if let Some(json) = &self.metadata_json {
            builder = builder.metadata_json(json, resource, "metadata")?;
        }
        if let Some(date) = &self.as_of {
            builder = builder.as_of(date)?;
        }
        Ok(builder
            .checks(&self.checks)?
            .check_descriptors(&self.check_descriptors)?
            .infer(self.infer)
            .privacy(self.privacy)
            .score(self.score)
            .mask(self.mask)
            .reveal(self.reveal)
            .row_cells(self.row_cells)
            .allow_fields(&self.allow_fields)
            .quasi_identifiers(&self.quasi_identifiers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_refusals() {
        let options = Options::from_json("{}").map_err(|e| e.to_string());
        assert!(
            options
                .as_ref()
                .is_ok_and(|o| o.privacy && o.score && o.infer)
        );
        assert!(matches!(
            Options::from_json(r#"{"limit_erorrs": 3}"#),
            Err(Error::Options(_))
        ));
        let bad_lang = Options {
            lang: Some("klingon".into()),
            ..Options::default()
        };
        assert!(matches!(bad_lang.builder(), Err(Error::UnknownLanguage(_))));
        let bad_check = Options {
            checks: vec!["no-such-check".into()],
            ..Options::default()
        };
        assert!(matches!(bad_check.builder(), Err(Error::InvalidCheck(_))));
    }
}
