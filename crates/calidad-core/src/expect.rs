//! What a publisher declared about a file (size, rows, fields, hash), checked after the pass:
//! Frictionless' `byte-count`, `row-count`, `field-count` and `hash-count`.

use crate::engine::TableOutcome;
use crate::finding::{Detail, Finding};
use crate::rule::Rule;
use crate::rules::{byte_count, field_count, hash_count, row_count};

/// A hash algorithm a declared hash may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashAlgorithm {
    /// SHA-256 (what calidad always computes).
    Sha256,
    /// MD5 (computed only when a declared hash uses it).
    Md5,
}

/// Declared facts about a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expectations {
    /// Size in bytes.
    pub bytes: Option<u64>,
    /// Data rows.
    pub rows: Option<u64>,
    /// Header fields.
    pub fields: Option<u64>,
    /// A hash, lowercase hex.
    pub hash: Option<(HashAlgorithm, String)>,
}

/// A declared hash calidad cannot check.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    /// An algorithm other than SHA-256 and MD5.
    #[error("hash algorithm {0:?} is not supported (use sha256 or md5)")]
    Algorithm(String),
    /// Not hexadecimal digits (a digest of the wrong length is a `hash-count` finding, as in
    /// Frictionless, since it cannot match).
    #[error("{text:?} is not a {algorithm} digest: {digits} hexadecimal digits expected")]
    Digest {
        /// The digest as given.
        text: String,
        /// `sha256` or `md5`.
        algorithm: &'static str,
        /// Hex digits a digest of that algorithm has.
        digits: usize,
    },
}

impl Expectations {
    /// Reads a declared hash: `sha256:HEX`, `md5:HEX`, or bare hex (MD5 if 32 digits, SHA-256
    /// otherwise), as Frictionless writes them.
    pub fn parse_hash(text: &str) -> Result<(HashAlgorithm, String), HashError> {
        let text = text.trim();
        let (algorithm, hex) = match text.split_once(':') {
            Some(("sha256", hex)) => (HashAlgorithm::Sha256, hex),
            Some(("md5", hex)) => (HashAlgorithm::Md5, hex),
            Some((other, _)) => return Err(HashError::Algorithm(other.to_owned())),
            None if text.len() == 32 => (HashAlgorithm::Md5, text),
            None => (HashAlgorithm::Sha256, text),
        };
        let (name, digits) = match algorithm {
            HashAlgorithm::Md5 => ("md5", 32),
            HashAlgorithm::Sha256 => ("sha256", 64),
        };
        let hex = hex.trim();
        if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(HashError::Digest {
                text: hex.to_owned(),
                algorithm: name,
                digits,
            });
        }
        Ok((algorithm, hex.to_ascii_lowercase()))
    }

    /// Whether MD5 must be computed.
    pub fn needs_md5(&self) -> bool {
        matches!(self.hash, Some((HashAlgorithm::Md5, _)))
    }

    /// Whether anything is declared.
    pub fn is_empty(&self) -> bool {
        *self == Expectations::default()
    }

    /// Adds a finding to `outcome` for each declared fact the file does not match. `md5` is the
    /// file's MD5 when [`Expectations::needs_md5`].
    pub fn check(
        &self,
        outcome: &mut TableOutcome,
        md5: Option<&str>,
        enabled: impl Fn(&Rule) -> bool,
    ) {
        let fields = outcome.header.as_ref().map_or(0, |h| h.len() as u64);
        let counts = [
            (&byte_count::BYTE_COUNT, "bytes", self.bytes, outcome.bytes),
            (&row_count::ROW_COUNT, "rows", self.rows, outcome.rows),
            (&field_count::FIELD_COUNT, "fields", self.fields, fields),
        ];
        for (rule, name, expected, found) in counts {
            if let Some(limit) = expected
                && limit != found
                && enabled(rule)
            {
                outcome
                    .findings
                    .push(Finding::new(rule).with_detail(Detail::Dimension { name, limit, found }));
            }
        }
        if let Some((algorithm, expected)) = &self.hash {
            let (name, actual) = match algorithm {
                HashAlgorithm::Sha256 => ("sha256", Some(outcome.sha256.as_str())),
                HashAlgorithm::Md5 => ("md5", md5),
            };
            if actual != Some(expected.as_str()) && enabled(&hash_count::HASH_COUNT) {
                let finding =
                    Finding::new(&hash_count::HASH_COUNT).with_detail(Detail::Threshold {
                        value: format!("{name}:{}", actual.unwrap_or("?")),
                        limit: format!("{name}:{expected}"),
                    });
                outcome.findings.push(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_read_like_frictionless() {
        assert_eq!(
            Expectations::parse_hash("md5:ABC").unwrap(),
            (HashAlgorithm::Md5, "abc".to_owned())
        );
        assert_eq!(
            Expectations::parse_hash(&"a".repeat(64)).unwrap().0,
            HashAlgorithm::Sha256
        );
        assert!(Expectations::parse_hash("crc32:1").is_err());
    }
}
