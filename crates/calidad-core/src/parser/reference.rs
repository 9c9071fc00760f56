//! The first, byte-at-a-time parser, kept as a test oracle: the fast parser must split every
//! input exactly as this one does.

#![allow(dead_code, missing_docs, unreachable_pub)]

use super::{Dialect, UnclosedQuote};
use memchr::{memchr, memchr3};

/// Default cap on the cell content kept for one record (64 MiB).
pub const DEFAULT_MAX_RECORD_BYTES: usize = 64 << 20;
/// Default cap on the field boundaries kept for one record.
pub const DEFAULT_MAX_FIELDS: usize = 4 << 20;

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
                        self.quoted_cr = false;
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
