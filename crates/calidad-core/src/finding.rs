//! Findings are data: a code, a location and masked-or-bounded evidence. Messages are rendered
//! later, in the language the caller asks for.

use crate::rule::{Rule, Selection, Severity};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Longest cell text kept as evidence in a finding, in characters. Longer cells are cut and end in
/// `…`, so a 10 MB cell never ends up ten times in a report.
pub const MAX_CELL_CHARS: usize = 500;
/// Most cells kept in a finding's `cells`/`labels` context. A row of 200,000 cells would otherwise
/// be copied into every one of its findings.
pub const MAX_CONTEXT_CELLS: usize = 100;

/// One problem found in a table. Rows, lines and fields are 1-based; the header is row 1 unless
/// title rows come before it (rows count every record of the file, blank ones included, as
/// Frictionless counts them).
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The code.
    pub rule: &'static Rule,
    /// The row (record) number, for row and cell findings.
    pub row_number: Option<u64>,
    /// The physical line where that row starts (differs from the row after multi-line cells).
    pub line_number: Option<u64>,
    /// The 1-based field (column) number, for cell and label findings.
    pub field_number: Option<u64>,
    /// The field name (label, or `fieldN` for blank labels), when the field exists in the header.
    pub field_name: Option<String>,
    /// The cell text, bounded by [`MAX_CELL_CHARS`].
    pub cell: Option<String>,
    /// The row's cells, bounded by [`MAX_CONTEXT_CELLS`] and [`MAX_CELL_CHARS`].
    pub cells: Option<Vec<String>>,
    /// The label, for label findings.
    pub label: Option<String>,
    /// The header labels, for label findings (shared, not copied per finding).
    pub labels: Option<Arc<[String]>>,
    /// Code-specific data the messages use.
    pub detail: Detail,
}

/// Code-specific data carried by a finding.
#[derive(Clone, Debug, PartialEq, Default)]
#[non_exhaustive]
pub enum Detail {
    /// Nothing beyond the location.
    #[default]
    None,
    /// A duplicated label: the field number where it first appears.
    DuplicateOf {
        /// 1-based field number of the first occurrence.
        first: u64,
    },
    /// A row whose number of values differs from the header's.
    FieldCount {
        /// Labels in the header.
        expected: u64,
        /// Values in the row.
        found: u64,
    },
    /// A cell with mojibake, and how it most likely read before it was garbled.
    Mojibake {
        /// The repaired text (bounded like a cell).
        suggestion: String,
    },
    /// Bytes that are not valid UTF-8.
    InvalidUtf8 {
        /// How many invalid sequences the cell holds.
        sequences: u64,
        /// The cell read as Windows-1252, which is usually what the publisher meant.
        as_windows_1252: Option<String>,
    },
    /// A quoted cell that never closes.
    UnclosedQuote {
        /// Physical lines read into the cell until the end of the file.
        lines: u64,
    },
    /// Rows above the header (rows 1 to `header_row - 1`) that were not read as data.
    TitleRows {
        /// The header's row number.
        header_row: u64,
    },
    /// The file is not UTF-8.
    Encoding {
        /// The encoding it was read with.
        name: String,
    },
    /// The source could not be read as a table at all.
    Source {
        /// Why.
        problem: SourceProblem,
    },
    /// The bytes are some other format.
    Format {
        /// What the bytes are.
        kind: FileKind,
    },
    /// The file's extension names another format than its content.
    Misnamed {
        /// The extension, lowercase, without the dot.
        extension: String,
        /// What the bytes are.
        kind: FileKind,
    },
    /// A cell that is not of its field's type.
    TypeMismatch {
        /// The Table Schema type.
        kind: &'static str,
        /// The format (`default`, a date pattern…).
        format: String,
    },
    /// A cell that breaks a constraint.
    Constraint {
        /// The constraint's Table Schema name (`required`, `maximum`…).
        name: &'static str,
        /// Its value in the schema, as written (empty for `required`).
        bound: String,
    },
    /// A row or key that repeats an earlier one.
    Repeat {
        /// Row where it first appears; `None` for a primary key with every field empty.
        first: Option<u64>,
    },
    /// A value beyond a limit computed from the data (deviated values and cells).
    Threshold {
        /// The value (or cell size) found.
        value: String,
        /// The limit it passed.
        limit: String,
    },
    /// The parameter of an opt-in check this finding is about (a forbidden or required value,
    /// a formula, the expected next value of a sequence, why a value looks truncated).
    Param {
        /// The parameter, as text.
        text: String,
    },
    /// A table dimension outside the requested range.
    Dimension {
        /// Which limit: `numRows`, `minRows`, `maxRows`, `numFields`, `minFields`, `maxFields`.
        name: &'static str,
        /// The limit.
        limit: u64,
        /// The table's value.
        found: u64,
    },
    /// Cell ranges (`A1:C1`) merged in a workbook sheet.
    Ranges {
        /// The ranges, in sheet notation.
        ranges: Vec<String>,
    },
    /// A row larger than the configured limit; only its beginning was checked.
    RowTooLarge {
        /// Bytes of cell content in the row.
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A run of rows (a footer, padding), or of values in one column.
    Span {
        /// The first row.
        first: u64,
        /// The last row.
        last: u64,
        /// How many rows or values.
        rows: u64,
    },
    /// Data of a code defined in another crate (privacy, metadata…): that crate's own type,
    /// which its message functions downcast with [`Detail::other`].
    Other(OtherDetail),
}

impl Detail {
    /// A detail of another crate's type.
    pub fn of<T: DetailData>(data: T) -> Detail {
        Detail::Other(OtherDetail(Box::new(data)))
    }

    /// The other crate's data, if this detail holds a `T`.
    pub fn other<T: DetailData>(&self) -> Option<&T> {
        match self {
            Detail::Other(other) => other.0.as_any().downcast_ref(),
            _ => None,
        }
    }

    /// The other crate's data, mutably (masking rewrites examples in place).
    pub fn other_mut<T: DetailData>(&mut self) -> Option<&mut T> {
        match self {
            Detail::Other(other) => other.0.as_any_mut().downcast_mut(),
            _ => None,
        }
    }
}

/// What a type needs to ride in a finding as [`Detail::Other`]: it is compared, cloned and
/// printed like the built-in details. Implemented for every fitting type.
pub trait DetailData: std::any::Any + std::fmt::Debug + Send + Sync {
    /// As `Any`, to downcast.
    fn as_any(&self) -> &dyn std::any::Any;
    /// As `Any`, mutably.
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any;
    /// A boxed copy.
    fn clone_box(&self) -> Box<dyn DetailData>;
    /// Whether `other` holds an equal value of the same type.
    fn eq_dyn(&self, other: &dyn DetailData) -> bool;
}

impl<T: std::any::Any + std::fmt::Debug + Clone + PartialEq + Send + Sync> DetailData for T {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
    fn clone_box(&self) -> Box<dyn DetailData> {
        Box::new(self.clone())
    }
    fn eq_dyn(&self, other: &dyn DetailData) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
}

/// Another crate's detail, boxed (see [`DetailData`]).
#[derive(Debug)]
pub struct OtherDetail(Box<dyn DetailData>);

impl Clone for OtherDetail {
    fn clone(&self) -> OtherDetail {
        OtherDetail(self.0.clone_box())
    }
}

impl PartialEq for OtherDetail {
    fn eq(&self, other: &OtherDetail) -> bool {
        self.0.eq_dyn(other.0.as_ref())
    }
}

/// Why a source could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SourceProblem {
    /// Zero bytes.
    Empty,
    /// Only a byte-order mark, no content.
    OnlyBom,
    /// A read failed partway.
    Io(String),
    /// UTF-32, which calidad does not decode.
    Utf32,
    /// The header row asked for is beyond the end of the table.
    NoHeaderRow(u64),
    /// A workbook sheet with no cells.
    EmptySheet,
    /// A container (workbook, archive, JSON document) that could not be read.
    Unreadable(String),
    /// Reading took longer than the time limit: what was read is reported, the rest was not.
    TimeLimit {
        /// The limit, in seconds.
        seconds: u64,
        /// Bytes read before stopping.
        read: u64,
    },
    /// A size, count or index in the file beyond what calidad accepts (a workbook declaring
    /// millions of columns, a string of gigabytes): not read, said why.
    Limit {
        /// What went past the limit, in words (`cells in sheet Hoja1`).
        what: String,
        /// The value the file asks for.
        found: u64,
        /// The limit.
        limit: u64,
    },
    /// A compressed entry over the size or ratio limit: not decompressed further.
    TooLarge {
        /// Bytes decompressed before stopping.
        read: u64,
        /// Compressed size.
        compressed: u64,
    },
}

/// What a non-text file really is, recognised by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    /// A ZIP container that holds an Excel workbook (xlsx, xlsm).
    Xlsx,
    /// An OpenDocument spreadsheet (ods).
    Ods,
    /// Any other ZIP archive.
    Zip,
    /// An OLE2 compound file: legacy Excel `.xls` or Word `.doc`.
    Ole2,
    /// Excel 2003 XML (SpreadsheetML), often saved as `.xls`.
    SpreadsheetMl,
    /// An XML document.
    Xml,
    /// An HTML page, often an error page saved under a data file's name.
    Html,
    /// A PDF document.
    Pdf,
    /// A gzip stream.
    Gzip,
    /// A Parquet file.
    Parquet,
    /// An image (PNG, JPEG, GIF).
    Image,
    /// JSON data.
    Json,
    /// JSON that is not a table (not a list of records, rows or a DataStore response).
    NonTabularJson,
    /// A delimited text table (CSV, TSV).
    TextTable,
    /// Other binary data (NUL bytes and control characters).
    Binary,
}

impl FileKind {
    /// A short name in `lang`.
    pub fn name(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::{En, Es};
        match (self, lang) {
            (FileKind::Xlsx, Es) => "un libro de Excel (xlsx)",
            (FileKind::Xlsx, En) => "an Excel workbook (xlsx)",
            (FileKind::Ods, Es) => "una planilla OpenDocument (ods)",
            (FileKind::Ods, En) => "an OpenDocument spreadsheet (ods)",
            (FileKind::Zip, Es) => "un archivo ZIP",
            (FileKind::Zip, En) => "a ZIP archive",
            (FileKind::Ole2, Es) => "un documento de Office antiguo (xls/doc)",
            (FileKind::Ole2, En) => "a legacy Office document (xls/doc)",
            (FileKind::SpreadsheetMl, Es) => "una planilla Excel 2003 XML",
            (FileKind::SpreadsheetMl, En) => "an Excel 2003 XML spreadsheet",
            (FileKind::Xml, Es) => "un documento XML",
            (FileKind::Xml, En) => "an XML document",
            (FileKind::Html, Es) => "una página HTML",
            (FileKind::Html, En) => "an HTML page",
            (FileKind::Pdf, Es) => "un documento PDF",
            (FileKind::Pdf, En) => "a PDF document",
            (FileKind::Gzip, Es) => "un archivo comprimido gzip",
            (FileKind::Gzip, En) => "a gzip-compressed file",
            (FileKind::Parquet, Es) => "un archivo Parquet",
            (FileKind::Parquet, En) => "a Parquet file",
            (FileKind::Image, Es) => "una imagen",
            (FileKind::Image, En) => "an image",
            (FileKind::Json, Es) => "datos JSON",
            (FileKind::Json, En) => "JSON data",
            (FileKind::TextTable, Es) => "una tabla de texto (CSV)",
            (FileKind::TextTable, En) => "a text table (CSV)",
            (FileKind::NonTabularJson, Es) => {
                "un documento JSON que no es una tabla (ni una lista de registros o de filas, ni una respuesta de DataStore)"
            }
            (FileKind::NonTabularJson, En) => {
                "a JSON document that is not a table (not a list of records or rows, nor a DataStore response)"
            }
            (FileKind::Binary, Es) => "datos binarios",
            (FileKind::Binary, En) => "binary data",
        }
    }
}

impl Finding {
    /// A finding of `rule` with no location yet.
    pub fn new(rule: &'static Rule) -> Finding {
        Finding {
            rule,
            row_number: None,
            line_number: None,
            field_number: None,
            field_name: None,
            cell: None,
            cells: None,
            label: None,
            labels: None,
            detail: Detail::None,
        }
    }

    /// Sets the row and the line where it starts.
    pub fn at_row(mut self, row: u64, line: u64) -> Finding {
        self.row_number = Some(row);
        self.line_number = Some(line);
        self
    }

    /// Sets the field number and, when known, its name.
    pub fn at_field(mut self, number: u64, name: Option<&str>) -> Finding {
        self.field_number = Some(number);
        self.field_name = name.map(str::to_owned);
        self
    }

    /// Sets the cell text (bounded).
    pub fn with_cell(mut self, cell: &str) -> Finding {
        self.cell = Some(bounded(cell));
        self
    }

    /// Sets the row's cells (bounded).
    pub fn with_cells<'a>(mut self, cells: impl IntoIterator<Item = &'a str>) -> Finding {
        self.cells = Some(
            cells
                .into_iter()
                .take(MAX_CONTEXT_CELLS)
                .map(bounded)
                .collect(),
        );
        self
    }

    /// Sets the code-specific detail.
    pub fn with_detail(mut self, detail: Detail) -> Finding {
        self.detail = detail;
        self
    }
}

/// Where a finding sits in reading order: row, then field, then code (file-level findings
/// first). The code breaks ties so the order never depends on which check ran first.
fn position(finding: &Finding) -> (u64, u64, &'static str) {
    (
        finding.row_number.unwrap_or(0),
        finding.field_number.unwrap_or(0),
        finding.rule.code,
    )
}

/// Cuts `text` to [`MAX_CELL_CHARS`] characters, ending in `…` when cut.
pub fn bounded(text: &str) -> String {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let mut out = String::with_capacity(cut + 3);
            out.push_str(&text[..cut]);
            out.push('…');
            out
        }
    }
}

/// Collects the findings of one table: keeps the first `limit` of each list, and counts every
/// finding by code whether kept or not, so counts stay exact when the list is cut.
#[derive(Debug, Default)]
pub struct Findings {
    limit: usize,
    /// The codes wanted; a finding of any other code is dropped where it is pushed, and not
    /// counted. `None` wants every code.
    selection: Option<Arc<Selection>>,
    errors: Vec<Finding>,
    others: Vec<Finding>,
    counts: BTreeMap<&'static str, u64>,
    error_total: u64,
    other_total: u64,
}

impl Findings {
    /// A collector that keeps at most `limit` errors and `limit` warnings (0 keeps all).
    pub fn with_limit(limit: usize) -> Findings {
        Findings {
            limit,
            ..Findings::default()
        }
    }

    /// Drops, from now on, findings of the codes `selection` does not want.
    pub fn selecting(mut self, selection: Arc<Selection>) -> Findings {
        self.selection = (!selection.is_everything()).then_some(selection);
        self
    }

    /// A new, empty collector with the same limit and selection.
    pub fn fresh(&self) -> Findings {
        Findings {
            limit: self.limit,
            selection: self.selection.clone(),
            ..Findings::default()
        }
    }

    /// Whether findings of `rule` are wanted at all.
    pub fn wants(&self, rule: &Rule) -> bool {
        self.selection.as_ref().is_none_or(|s| s.enabled(rule))
    }

    /// Whether a finding of `rule` at `row` and `field` (1-based, 0 for none) pushed now would
    /// be kept. Callers check this before building expensive evidence (a row's cells); when it is
    /// false they call [`Findings::count`]. The answer is the one [`Findings::push`] would give,
    /// position included, so the findings kept are the same whichever thread found them and in
    /// whatever order checks ran.
    pub fn keeps(&self, rule: &Rule, row: u64, field: u64) -> bool {
        if !self.wants(rule) {
            return false;
        }
        let list = if rule.severity == Severity::Error {
            &self.errors
        } else {
            &self.others
        };
        self.limit == 0
            || list.len() < self.limit
            || list
                .last()
                .is_some_and(|last| (row, field, rule.code) < position(last))
    }

    /// Records a finding: counted always, and kept if the list has room or if it comes before
    /// (by row, field, code) the last finding kept, which it then replaces. So the findings kept
    /// are the first `limit` in reading order whatever order they were found in — findings
    /// known only at the end of the table (repeats, inferred types) are not crowded out.
    pub fn push(&mut self, finding: Finding) {
        let rule = finding.rule;
        if !self.wants(rule) {
            return;
        }
        self.count(rule);
        let limit = self.limit;
        let list = if rule.severity == Severity::Error {
            &mut self.errors
        } else {
            &mut self.others
        };
        if limit == 0 || list.len() < limit {
            list.push(finding);
            if list.len() == limit {
                // Full: from now on the list is kept in reading order, so a finding that comes
                // after the last one kept (the usual case) is turned away at once.
                list.sort_by_key(position);
            }
            return;
        }
        let key = position(&finding);
        if list.last().is_none_or(|last| key >= position(last)) {
            return;
        }
        list.pop();
        let at = list.partition_point(|f| position(f) <= key);
        list.insert(at, finding);
    }

    /// Adds everything `other` found: counts add up, and the kept lists are the first `limit`
    /// of both in reading order. Merging is how findings made on another thread join the
    /// table's, with the same result as if they had been found on this one.
    pub fn merge(&mut self, other: Findings) {
        for (code, n) in other.counts {
            *self.counts.entry(code).or_insert(0) += n;
        }
        self.error_total += other.error_total;
        self.other_total += other.other_total;
        self.errors.extend(other.errors);
        self.others.extend(other.others);
        self.sort_by_position();
        if self.limit > 0 {
            self.errors.truncate(self.limit);
            self.others.truncate(self.limit);
        }
    }

    /// Counts a finding of `rule` without keeping it.
    pub fn count(&mut self, rule: &'static Rule) {
        if !self.wants(rule) {
            return;
        }
        *self.counts.entry(rule.code).or_insert(0) += 1;
        if rule.severity == Severity::Error {
            self.error_total += 1;
        } else {
            self.other_total += 1;
        }
    }

    /// Adds `n` findings of `rule` that are counted but not kept.
    pub fn count_many(&mut self, rule: &'static Rule, n: u64) {
        if n == 0 || !self.wants(rule) {
            return;
        }
        *self.counts.entry(rule.code).or_insert(0) += n;
        if rule.severity == Severity::Error {
            self.error_total += n;
        } else {
            self.other_total += n;
        }
    }

    /// Kept errors, in the order found.
    pub fn errors(&self) -> &[Finding] {
        &self.errors
    }

    /// Kept warnings and notices, in the order found.
    pub fn others(&self) -> &[Finding] {
        &self.others
    }

    /// Exact counts per code, kept or not.
    pub fn counts(&self) -> &BTreeMap<&'static str, u64> {
        &self.counts
    }

    /// Total errors, kept or not.
    pub fn error_total(&self) -> u64 {
        self.error_total
    }

    /// Total warnings and notices, kept or not.
    pub fn other_total(&self) -> u64 {
        self.other_total
    }

    /// Whether some errors were counted but not kept.
    pub fn errors_cut(&self) -> bool {
        self.error_total > self.errors.len() as u64
    }

    /// Whether some warnings were counted but not kept.
    pub fn others_cut(&self) -> bool {
        self.other_total > self.others.len() as u64
    }

    /// Forgets every finding of these codes, kept or only counted (a check that ran for
    /// another purpose — privacy run only to mask — whose findings were not asked for).
    pub fn drop_codes(&mut self, rules: &[&Rule]) {
        let dropped = |rule: &Rule| rules.iter().any(|r| r.code == rule.code);
        self.errors.retain(|f| !dropped(f.rule));
        self.others.retain(|f| !dropped(f.rule));
        for rule in rules {
            if let Some(n) = self.counts.remove(rule.code) {
                if rule.severity == Severity::Error {
                    self.error_total -= n;
                } else {
                    self.other_total -= n;
                }
            }
        }
    }

    /// Changes every kept finding in place (readers of workbooks move field numbers to the
    /// sheet's own columns).
    pub fn for_each_mut(&mut self, mut change: impl FnMut(&mut Finding)) {
        self.errors.iter_mut().for_each(&mut change);
        self.others.iter_mut().for_each(&mut change);
    }

    /// Orders the kept findings by row, then field (file-level findings first), the order a
    /// person reads the table in. Findings found at the end of the pass (repeats, inferred
    /// types) join the others in place.
    pub fn sort_by_position(&mut self) {
        self.errors.sort_by_key(position);
        self.others.sort_by_key(position);
    }

    /// The limit this collector was built with (0 = none).
    pub fn limit(&self) -> usize {
        self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{blank_row::BLANK_ROW, title_rows::TITLE_ROWS};

    #[test]
    fn counts_survive_the_limit() {
        let mut findings = Findings::with_limit(2);
        for row in 2..7 {
            findings.push(Finding::new(&BLANK_ROW).at_row(row, row));
        }
        findings.push(Finding::new(&TITLE_ROWS));
        assert_eq!(findings.errors().len(), 2);
        assert_eq!(findings.error_total(), 5);
        assert_eq!(findings.counts()["blank-row"], 5);
        assert!(findings.errors_cut());
        assert_eq!(findings.others().len(), 1);
        assert!(!findings.others_cut());
    }

    #[test]
    fn the_first_findings_in_reading_order_are_kept() {
        let mut late = Findings::with_limit(3);
        for row in [10, 11, 12, 13, 2, 14, 3] {
            late.push(Finding::new(&BLANK_ROW).at_row(row, row));
        }
        let rows: Vec<u64> = late.errors().iter().filter_map(|f| f.row_number).collect();
        let mut sorted = rows.clone();
        sorted.sort();
        assert_eq!(sorted, [2, 3, 10]);
        assert_eq!(late.error_total(), 7);

        let mut a = Findings::with_limit(3);
        let mut b = Findings::with_limit(3);
        for row in [2, 5, 9, 11] {
            a.push(Finding::new(&BLANK_ROW).at_row(row, row));
        }
        for row in [3, 4, 20] {
            b.push(Finding::new(&BLANK_ROW).at_row(row, row));
        }
        a.merge(b);
        let rows: Vec<u64> = a.errors().iter().filter_map(|f| f.row_number).collect();
        assert_eq!(rows, [2, 3, 4]);
        assert_eq!(a.error_total(), 7);
        assert_eq!(a.counts()["blank-row"], 7);
    }

    #[test]
    fn cells_are_bounded() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        let cut = bounded(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(bounded("ñandú"), "ñandú");
        let many: Vec<String> = (0..MAX_CONTEXT_CELLS + 5).map(|i| i.to_string()).collect();
        let finding = Finding::new(&BLANK_ROW).with_cells(many.iter().map(String::as_str));
        assert_eq!(finding.cells.map(|c| c.len()), Some(MAX_CONTEXT_CELLS));
    }
}
