//! The [`Check`] trait and the views of a table that checks receive.
//!
//! A check is a small stateful type built fresh for every table. The engine pushes the header
//! and then each data row into every enabled check, once, in a single pass; checks push findings
//! into a [`Findings`] collector and never print or open files.

use crate::finding::Findings;
use crate::parser::{Field, UnclosedQuote};
use crate::rule::Rule;
use std::sync::Arc;

/// A cell whose bytes were not valid UTF-8 (or, for legacy encodings, could not be mapped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidCell {
    /// 0-based field index.
    pub index: usize,
    /// Number of invalid sequences.
    pub sequences: u64,
    /// The raw bytes read as Windows-1252, when the source was read as UTF-8.
    pub as_windows_1252: Option<String>,
}

/// The header row.
#[derive(Clone, Debug)]
pub struct Header {
    /// Row number of the header (1 unless title rows come first).
    pub row_number: u64,
    /// Line where the header starts.
    pub line_number: u64,
    /// The labels as written (invalid bytes replaced by U+FFFD).
    pub labels: Arc<[String]>,
    /// Field names as Frictionless derives them: the label, `fieldN` for a blank one, and
    /// `label2`, `label3`… for repeats.
    pub field_names: Vec<String>,
    /// Labels with invalid bytes.
    pub invalid: Vec<InvalidCell>,
    /// A quoted label still open at the end of the file.
    pub unclosed_quote: Option<UnclosedQuote>,
}

impl Header {
    /// Builds a header from its labels, deriving field names.
    pub fn new(
        row_number: u64,
        line_number: u64,
        labels: Vec<String>,
        invalid: Vec<InvalidCell>,
    ) -> Header {
        let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut field_names = Vec::with_capacity(labels.len());
        for (index, label) in labels.iter().enumerate() {
            let trimmed = label.trim();
            if trimmed.is_empty() {
                field_names.push(format!("field{}", index + 1));
                continue;
            }
            let count = seen.entry(trimmed).or_insert(0);
            *count += 1;
            if *count == 1 {
                field_names.push(trimmed.to_owned());
            } else {
                field_names.push(format!("{trimmed}{count}"));
            }
        }
        Header {
            row_number,
            line_number,
            labels: labels.into(),
            field_names,
            invalid,
            unclosed_quote: None,
        }
    }

    /// The field name of 0-based field `index`, if the header has that field.
    pub fn field_name(&self, index: usize) -> Option<&str> {
        self.field_names.get(index).map(String::as_str)
    }

    /// The 0-based column of the field named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.field_names.iter().position(|n| n == name)
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether the header has no labels at all.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// One data row, as checks see it: text cells and what the reader noticed about the row.
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    /// Row number (header = 1 unless title rows come first; blank lines count).
    pub number: u64,
    /// Line where the row starts.
    pub line: u64,
    text: &'a str,
    base: usize,
    fields: &'a [Field],
    field_count: u64,
    blank: bool,
    /// Cells with bytes that are not valid in the source's encoding.
    pub invalid: &'a [InvalidCell],
    /// A quoted cell still open at the end of the file.
    pub unclosed_quote: Option<UnclosedQuote>,
    /// Bytes of this row beyond the size cap, not checked.
    pub dropped_bytes: u64,
    /// The row's duplicate key ([`crate::schema::keys::row_hash`]), when already computed
    /// (rows handed to the schema thread carry it, so that thread does less).
    pub hash: Option<u128>,
}

impl<'a> Row<'a> {
    /// A row whose cells are `fields`, byte ranges into `text` shifted by `base` (the offset of
    /// `text` in the buffer the ranges point into). Ranges must hold values (not
    /// [`FieldKind::Escaped`](crate::parser::FieldKind) raw text) and fall on character
    /// boundaries; a range that does not reads as an empty cell.
    pub fn new(
        number: u64,
        line: u64,
        text: &'a str,
        base: usize,
        fields: &'a [Field],
        field_count: u64,
        blank: bool,
    ) -> Row<'a> {
        Row {
            number,
            line,
            text,
            base,
            fields,
            field_count,
            blank,
            invalid: &[],
            unclosed_quote: None,
            dropped_bytes: 0,
            hash: None,
        }
    }

    /// Number of cells in the row (as parsed, including any not kept in memory).
    pub fn len(&self) -> u64 {
        self.field_count
    }

    /// Whether the row has no cells at all (an empty line).
    pub fn is_empty(&self) -> bool {
        self.field_count == 0
    }

    /// A row is blank when every cell is empty (an empty line, or `,,,`).
    pub fn is_blank(&self) -> bool {
        self.blank
    }

    /// Number of cells whose text is available.
    pub fn kept(&self) -> usize {
        self.fields.len()
    }

    /// The text of cell `index` (0-based); empty for cells not kept.
    pub fn cell(&self, index: usize) -> &'a str {
        let Some(field) = self.fields.get(index) else {
            return "";
        };
        let start = field.start.saturating_sub(self.base);
        let end = field.end.saturating_sub(self.base);
        self.text.get(start..end).unwrap_or("")
    }

    /// Where cell `index` lies in [`Row::text`], for cells read in place.
    pub fn cell_span(&self, index: usize) -> Option<std::ops::Range<usize>> {
        let field = self.fields.get(index)?;
        let start = field.start.checked_sub(self.base)?;
        let end = field.end.checked_sub(self.base)?;
        (end <= self.text.len()).then_some(start..end)
    }

    /// Whether the row's text is exactly its cells joined by single delimiters (no quotes, no
    /// skipped spaces, every cell kept): then the text stands for the cells.
    pub fn is_plain_join(&self) -> bool {
        let (Some(first), Some(last)) = (self.fields.first(), self.fields.last()) else {
            return false;
        };
        self.fields.len() as u64 == self.field_count
            && first.start == self.base
            && last.end == self.base + self.text.len()
            && self.fields.windows(2).all(|w| w[1].start == w[0].end + 1)
    }

    /// The row without its last cell, when that cell is empty (a line ending with the
    /// delimiter); otherwise the row as it is.
    pub fn without_empty_last(self) -> Row<'a> {
        if self.field_count == 0 || self.kept() as u64 != self.field_count {
            return self;
        }
        let last = self.kept() - 1;
        if !self.cell(last).trim().is_empty() {
            return self;
        }
        Row {
            fields: &self.fields[..last],
            field_count: self.field_count - 1,
            ..self
        }
    }

    /// The length in bytes of each kept cell.
    pub fn cell_lengths(&self) -> impl Iterator<Item = usize> + '_ {
        self.fields.iter().map(|f| f.end.saturating_sub(f.start))
    }

    /// All kept cells, in order.
    pub fn cells(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.fields.len()).map(|i| self.cell(i))
    }

    /// The row's text, for cheap prefilters that look for a byte any cell may hold: the raw
    /// line (delimiters and quotes included) on the reading thread, the cells one after the
    /// other in a batch on a worker thread. A prefilter must give the same answer on both.
    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// A check: told about the header, then each data row, then the end of the table.
///
/// A check declares every code it may emit. The engine builds it only when one of them is
/// wanted, and the findings collector drops, where they are pushed, findings of codes the
/// caller skipped (or did not pick) — so a check that emits several codes is switched per code.
pub trait Check: Send {
    /// The codes this check's findings may carry.
    fn rules(&self) -> &'static [&'static Rule];

    /// Called once with the header.
    fn header(&mut self, _header: &Header, _out: &mut Findings) {}

    /// Whether the check runs even when none of its codes is reported, because what it hands
    /// over serves every report (the privacy check names the columns whose values are masked
    /// everywhere). Its findings are still dropped when their codes are not wanted.
    fn always_runs(&self) -> bool {
        false
    }

    /// Whether the check may run on a worker thread, fed the same rows in the same order in
    /// batches: it looks only at the header and each data row's cells, number and line (not at
    /// the bytes read, invalid cells or quotes), and its findings do not depend on
    /// other checks'. The heavy per-cell column checks say yes, so the reading thread is left
    /// with parsing and the checks of the table's shape. Reports are the same either way.
    fn runs_on_worker(&self) -> bool {
        false
    }

    /// Whether [`Check::row`] does anything; header-only checks say no and are not called for
    /// each row.
    fn checks_rows(&self) -> bool {
        true
    }

    /// Called for every data row after the header.
    fn row(&mut self, _row: &Row<'_>, _header: &Header, _out: &mut Findings) {}

    /// Called at the end of the table, before [`Check::finish`], with the schema the table was
    /// checked with (given or inferred), for checks that only look at some types.
    fn schema(&mut self, _schema: &crate::schema::Schema) {}

    /// Called once at the end of the table.
    fn finish(&mut self, _out: &mut Findings) {}

    /// What the check hands to a later stage besides its findings, after [`Check::finish`]:
    /// an opaque value the crate that defined the check downcasts (the privacy check's
    /// verdict on what a row is). Most checks hand over nothing.
    fn hand_over(&mut self) -> Option<Box<dyn std::any::Any + Send>> {
        None
    }
}

/// A profiler: sees the header and every data row like a check, but reports no finding. It
/// gathers statistics for a later stage (the score's column profile) and hands them over at
/// the end as an opaque value that the crate which defined it downcasts.
pub trait Profiler: Send {
    /// Called once with the header.
    fn header(&mut self, _header: &Header) {}

    /// Called for every data row after the header.
    fn row(&mut self, _row: &Row<'_>, _header: &Header) {}

    /// Called at the end with the schema the table was checked with (given or inferred).
    fn schema(&mut self, _schema: &crate::schema::Schema) {}

    /// What was gathered.
    fn finish(self: Box<Self>) -> Box<dyn std::any::Any + Send>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::FieldKind;

    #[test]
    fn field_names_follow_frictionless() {
        let labels = ["id", "name", "", "name", "id", "name"]
            .map(String::from)
            .to_vec();
        let header = Header::new(1, 1, labels, Vec::new());
        assert_eq!(
            header.field_names,
            ["id", "name", "field3", "name2", "id2", "name3"]
        );
    }

    #[test]
    fn row_cells() {
        let text = "a,,bcde";
        let plain = |start, end| Field {
            start,
            end,
            kind: FieldKind::Plain,
        };
        let fields = [plain(10, 11), plain(12, 12), plain(13, 17)];
        let row = Row::new(2, 2, text, 10, &fields, 3, false);
        assert_eq!(row.cells().collect::<Vec<_>>(), ["a", "", "bcde"]);
        assert_eq!(row.cell(7), "");
        assert!(!row.is_blank());
    }
}
