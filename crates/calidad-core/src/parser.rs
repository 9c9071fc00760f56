//! A streaming CSV parser that never fails: structure problems become data on the record.
//!
//! The parser is a resumable state machine over UTF-8 bytes, fed piece by piece; a record may
//! span any number of pieces. It accepts `\n`, `\r\n` and a lone `\r` as line ends, quotes only at
//! the start of a field (a quote inside an unquoted field is a literal character, as in Python's
//! `csv` module), doubled quotes inside quoted fields, and optionally skips spaces after a
//! delimiter. A quoted field still open at the end of the input is marked on its record as an
//! unclosed quote, with the line where it started, instead of being silently swallowed.
//!
//! Memory is bounded: a record keeps at most `max_record_bytes` of cell content and
//! `max_fields` field boundaries; what goes beyond is counted, not stored.

use memchr::{memchr, memchr3};

/// How a table's cells are separated and quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// The field separator.
    pub delimiter: u8,
    /// The quote character, if quoting is used.
    pub quote: Option<u8>,
    /// Whether spaces right after a delimiter are skipped (Python's `skipinitialspace`).
    pub skip_initial_space: bool,
}

impl Default for Dialect {
    fn default() -> Dialect {
        Dialect {
            delimiter: b',',
            quote: Some(b'"'),
            skip_initial_space: false,
        }
    }
}

/// Default cap on the cell content kept for one record (64 MiB).
pub const DEFAULT_MAX_RECORD_BYTES: usize = 64 << 20;
/// Default cap on the field boundaries kept for one record.
pub const DEFAULT_MAX_FIELDS: usize = 4 << 20;

/// A quoted field that was still open at the end of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnclosedQuote {
    /// 1-based field number within the record.
    pub field: u64,
    /// Line where the quote opened.
    pub line: u64,
    /// Physical lines from the opening quote to the end of the input.
    pub lines: u64,
}

/// One record: its cells' content, laid end to end, and where each field ends.
#[derive(Clone, Debug, Default)]
pub struct Record {
    content: Vec<u8>,
    ends: Vec<usize>,
    field_count: u64,
    row: u64,
    line: u64,
    dropped_bytes: u64,
    unclosed: Option<UnclosedQuote>,
}

impl Record {
    /// 1-based record number (every record counts, blank lines included).
    pub fn row(&self) -> u64 {
        self.row
    }

    /// 1-based line where the record starts.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Number of fields, including any whose boundaries were not kept.
    pub fn field_count(&self) -> u64 {
        self.field_count
    }

    /// Number of fields whose content is available.
    pub fn kept_fields(&self) -> usize {
        self.ends.len()
    }

    /// The content of all kept fields, end to end.
    pub fn content(&self) -> &[u8] {
        &self.content
    }

    /// End offsets of the kept fields within [`Record::content`].
    pub fn ends(&self) -> &[usize] {
        &self.ends
    }

    /// The bytes of kept field `index` (0-based).
    pub fn field(&self, index: usize) -> &[u8] {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.content[start..self.ends[index]]
    }

    /// Cell bytes that were over the cap and not kept.
    pub fn dropped_bytes(&self) -> u64 {
        self.dropped_bytes
    }

    /// The quoted field left open at the end of the input, if any.
    pub fn unclosed_quote(&self) -> Option<UnclosedQuote> {
        self.unclosed
    }

    fn start(&mut self, row: u64, line: u64) {
        self.content.clear();
        self.ends.clear();
        self.field_count = 0;
        self.row = row;
        self.line = line;
        self.dropped_bytes = 0;
        self.unclosed = None;
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    StartRecord,
    StartField,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// The streaming parser. See the module documentation.
#[derive(Clone, Debug)]
pub struct Parser {
    delimiter: u8,
    quote: Option<u8>,
    skip_initial_space: bool,
    max_record_bytes: usize,
    max_fields: usize,
    state: State,
    rows: u64,
    line: u64,
    after_cr: bool,
    quoted_cr: bool,
    quoted_break: bool,
    quote_field: u64,
    quote_line: u64,
}

impl Parser {
    /// A parser for `dialect` with the default caps.
    pub fn new(dialect: Dialect) -> Parser {
        Parser::with_limits(dialect, DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_FIELDS)
    }

    /// A parser with explicit caps on kept content bytes and kept fields per record.
    pub fn with_limits(dialect: Dialect, max_record_bytes: usize, max_fields: usize) -> Parser {
        Parser {
            delimiter: dialect.delimiter,
            quote: dialect.quote,
            skip_initial_space: dialect.skip_initial_space,
            max_record_bytes,
            max_fields,
            state: State::StartRecord,
            rows: 0,
            line: 1,
            after_cr: false,
            quoted_cr: false,
            quoted_break: false,
            quote_field: 0,
            quote_line: 0,
        }
    }

    /// Records completed so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Physical lines seen so far (a final line without a line end counts).
    pub fn lines(&self) -> u64 {
        if self.state == State::StartRecord {
            self.line - 1
        } else {
            self.line
        }
    }

    /// Parses from `input` into `record`. Returns how many bytes were used and whether `record`
    /// is now complete. Call again with the rest of the input (and later pieces) until it is used.
    pub fn feed(&mut self, input: &[u8], record: &mut Record) -> (usize, bool) {
        let mut i = 0;
        let n = input.len();
        while i < n {
            match self.state {
                State::StartRecord => {
                    let byte = input[i];
                    if self.after_cr {
                        self.after_cr = false;
                        if byte == b'\n' {
                            i += 1;
                            continue;
                        }
                    }
                    record.start(self.rows + 1, self.line);
                    if byte == b'\n' || byte == b'\r' {
                        self.end_line(byte);
                        self.rows += 1;
                        return (i + 1, true);
                    }
                    self.state = State::StartField;
                }
                State::StartField => {
                    let byte = input[i];
                    if self.skip_initial_space && byte == b' ' {
                        i += 1;
                    } else if Some(byte) == self.quote {
                        self.state = State::Quoted;
                        self.quote_field = record.field_count + 1;
                        self.quote_line = self.line;
                        self.quoted_cr = false;
                        self.quoted_break = false;
                        i += 1;
                    } else {
                        self.state = State::Unquoted;
                    }
                }
                State::Unquoted => {
                    let rest = &input[i..];
                    match memchr3(self.delimiter, b'\n', b'\r', rest) {
                        None => {
                            self.push(record, rest);
                            i = n;
                        }
                        Some(at) => {
                            self.push(record, &rest[..at]);
                            let byte = rest[at];
                            i += at + 1;
                            self.end_field(record);
                            if byte == self.delimiter {
                                self.state = State::StartField;
                            } else {
                                return (i, self.end_record(byte));
                            }
                        }
                    }
                }
                State::Quoted => {
                    let quote = self.quote.unwrap_or(b'"');
                    let rest = &input[i..];
                    match memchr(quote, rest) {
                        None => {
                            self.count_quoted_lines(rest);
                            self.push(record, rest);
                            i = n;
                        }
                        Some(at) => {
                            self.count_quoted_lines(&rest[..at]);
                            self.push(record, &rest[..at]);
                            self.state = State::QuoteInQuoted;
                            i += at + 1;
                        }
                    }
                }
                State::QuoteInQuoted => {
                    let byte = input[i];
                    if Some(byte) == self.quote {
                        self.push(record, &[byte]);
                        self.quoted_break = false;
                        self.state = State::Quoted;
                        i += 1;
                    } else if byte == self.delimiter {
                        self.end_field(record);
                        self.state = State::StartField;
                        i += 1;
                    } else if byte == b'\n' || byte == b'\r' {
                        self.end_field(record);
                        return (i + 1, self.end_record(byte));
                    } else {
                        // Text after a closing quote is kept, as Python's csv module does.
                        self.state = State::Unquoted;
                    }
                }
            }
        }
        (n, false)
    }

    /// Ends the input. Returns whether `record` holds a final record (one without a line end, or
    /// one left open inside quotes).
    pub fn finish(&mut self, record: &mut Record) -> bool {
        match self.state {
            State::StartRecord => false,
            State::Quoted => {
                record.unclosed = Some(UnclosedQuote {
                    field: self.quote_field,
                    line: self.quote_line,
                    lines: self.line - self.quote_line + u64::from(!self.quoted_break),
                });
                self.end_field(record);
                self.state = State::StartRecord;
                self.rows += 1;
                self.line += 1;
                true
            }
            State::StartField | State::Unquoted | State::QuoteInQuoted => {
                self.end_field(record);
                self.state = State::StartRecord;
                self.rows += 1;
                self.line += 1;
                true
            }
        }
    }

    fn push(&self, record: &mut Record, bytes: &[u8]) {
        let room = self.max_record_bytes.saturating_sub(record.content.len());
        if bytes.len() <= room {
            record.content.extend_from_slice(bytes);
        } else {
            record.content.extend_from_slice(&bytes[..room]);
            record.dropped_bytes += (bytes.len() - room) as u64;
        }
    }

    fn end_field(&self, record: &mut Record) {
        record.field_count += 1;
        if record.ends.len() < self.max_fields {
            record.ends.push(record.content.len());
        }
    }

    fn end_line(&mut self, byte: u8) {
        self.line += 1;
        self.after_cr = byte == b'\r';
    }

    fn end_record(&mut self, byte: u8) -> bool {
        self.end_line(byte);
        self.state = State::StartRecord;
        self.rows += 1;
        true
    }

    /// Counts line ends inside quoted content (`\r\n` once, even when split between pieces).
    fn count_quoted_lines(&mut self, piece: &[u8]) {
        let mut previous_cr = self.quoted_cr;
        for at in memchr::memchr2_iter(b'\n', b'\r', piece) {
            let byte = piece[at];
            let joins_crlf = byte == b'\n' && previous_cr && (at == 0 || piece[at - 1] == b'\r');
            if !joins_crlf {
                self.line += 1;
            }
            previous_cr = byte == b'\r';
        }
        if let Some(&last) = piece.last() {
            self.quoted_cr = last == b'\r';
            self.quoted_break = last == b'\r' || last == b'\n';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `input` in pieces of `piece` bytes; returns (row, line, fields, unclosed) per record.
    fn parse(
        input: &str,
        dialect: Dialect,
        piece: usize,
    ) -> Vec<(u64, u64, Vec<String>, Option<UnclosedQuote>)> {
        let mut parser = Parser::new(dialect);
        let mut record = Record::default();
        let mut out = Vec::new();
        let mut take = |record: &Record| {
            let fields = (0..record.kept_fields())
                .map(|i| String::from_utf8_lossy(record.field(i)).into_owned())
                .collect();
            out.push((record.row(), record.line(), fields, record.unclosed_quote()));
        };
        for chunk in input.as_bytes().chunks(piece.max(1)) {
            let mut at = 0;
            while at < chunk.len() {
                let (used, done) = parser.feed(&chunk[at..], &mut record);
                at += used;
                if done {
                    take(&record);
                }
            }
        }
        if parser.finish(&mut record) {
            take(&record);
        }
        out
    }

    fn fields(input: &str) -> Vec<Vec<String>> {
        let whole = parse(input, Dialect::default(), usize::MAX);
        for piece in [1, 2, 3, 5] {
            let split = parse(input, Dialect::default(), piece);
            assert_eq!(
                whole, split,
                "piece size {piece} changes the result for {input:?}"
            );
        }
        whole.into_iter().map(|(_, _, f, _)| f).collect()
    }

    #[test]
    fn simple_rows_and_line_ends() {
        assert_eq!(fields("a,b\n1,2\n"), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(
            fields("a,b\r\n1,2\r\n"),
            vec![vec!["a", "b"], vec!["1", "2"]]
        );
        assert_eq!(fields("a,b\r1,2"), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(fields("a,b\n1,"), vec![vec!["a", "b"], vec!["1", ""]]);
    }

    #[test]
    fn blank_lines_are_records_without_fields() {
        let out = parse("a\n\n\r\nb\n\n", Dialect::default(), usize::MAX);
        let rows: Vec<(u64, u64, usize)> =
            out.iter().map(|(r, l, f, _)| (*r, *l, f.len())).collect();
        assert_eq!(
            rows,
            vec![(1, 1, 1), (2, 2, 0), (3, 3, 0), (4, 4, 1), (5, 5, 0)]
        );
    }

    #[test]
    fn quotes() {
        assert_eq!(
            fields("\"a,b\",\"say \"\"hi\"\"\",c\n"),
            vec![vec!["a,b", "say \"hi\"", "c"]]
        );
        assert_eq!(fields("x\"y,z\n"), vec![vec!["x\"y", "z"]]);
        assert_eq!(fields("\"ab\"cd,e\n"), vec![vec!["abcd", "e"]]);
        assert_eq!(fields("\"\",\"\"\n"), vec![vec!["", ""]]);
    }

    #[test]
    fn multiline_cells_keep_line_numbers() {
        let out = parse(
            "h1,h2\n\"one\r\ntwo\nthree\",x\nlast,y\n",
            Dialect::default(),
            1,
        );
        assert_eq!(out[1].0, 2);
        assert_eq!(out[1].1, 2);
        assert_eq!(out[1].2[0], "one\r\ntwo\nthree");
        assert_eq!((out[2].0, out[2].1), (3, 5));
    }

    #[test]
    fn unclosed_quote_is_reported_where_it_opened() {
        let out = parse("a,b\n1,\"open\n2,3\n4,5\n", Dialect::default(), 2);
        assert_eq!(out.len(), 2);
        let unclosed = out[1].3.expect("unclosed quote");
        assert_eq!(unclosed.field, 2);
        assert_eq!(unclosed.line, 2);
        assert_eq!(unclosed.lines, 3);
        let out = parse("a,b\n1,\"open\n2,3", Dialect::default(), 1);
        assert_eq!(out[1].3.map(|u| u.lines), Some(2));
    }

    #[test]
    fn skip_initial_space() {
        let dialect = Dialect {
            skip_initial_space: true,
            ..Dialect::default()
        };
        let out = parse("ID, Test\n2, \"Test \"\" line 2\"\n", dialect, usize::MAX);
        assert_eq!(out[0].2, vec!["ID", "Test"]);
        assert_eq!(out[1].2, vec!["2", "Test \" line 2"]);
    }

    #[test]
    fn semicolons_and_tabs() {
        let semicolon = Dialect {
            delimiter: b';',
            ..Dialect::default()
        };
        let out = parse("a;b\n1,5;2\n", semicolon, usize::MAX);
        assert_eq!(out[1].2, vec!["1,5", "2"]);
        let tab = Dialect {
            delimiter: b'\t',
            ..Dialect::default()
        };
        let out = parse("a\tb\n1\t\\N\n", tab, usize::MAX);
        assert_eq!(out[1].2, vec!["1", "\\N"]);
    }

    #[test]
    fn caps_count_what_they_do_not_keep() {
        let mut parser = Parser::with_limits(Dialect::default(), 8, 3);
        let mut record = Record::default();
        let input = b"abcdef,ghijkl,m,n,o\n";
        let (used, done) = parser.feed(input, &mut record);
        assert!(done);
        assert_eq!(used, input.len());
        assert_eq!(record.field_count(), 5);
        assert_eq!(record.kept_fields(), 3);
        assert_eq!(record.content(), b"abcdefgh");
        assert_eq!(record.dropped_bytes(), 4 + 3);
    }
}
