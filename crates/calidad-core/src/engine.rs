//! One streaming pass over a table: bytes → encoding → dialect → records → checks → findings.
//!
//! Memory does not grow with the file: the source is read in fixed chunks, one record is kept
//! at a time (bounded by the parser's caps), and findings beyond the error limit are counted,
//! not stored.

use crate::check::{Check, Header, InvalidCell, Row};
use crate::encoding::{self, Decoder, EncodingSource, Sniffed as SniffedEncoding};
use crate::finding::{Detail, FileKind, Finding, Findings, SourceProblem, bounded};
use crate::parser::{DEFAULT_MAX_FIELDS, DEFAULT_MAX_RECORD_BYTES, Parser, Record};
use crate::registry::{self, CheckConfig};
use crate::rule::Rule;
use crate::rules::{format_error, non_utf8_encoding, source_error, title_rows};
use crate::sniff::{self, SniffOverrides, Sniffed};
use encoding_rs::Encoding;
use sha2::{Digest, Sha256};
use std::io::{self, Read};

/// Bytes read from the source at a time.
pub const DEFAULT_CHUNK_BYTES: usize = 256 * 1024;

/// How to read and check one table.
#[derive(Clone, Debug)]
pub struct TableOptions {
    /// Findings kept per list (errors, warnings); 0 keeps all. Counts are always exact.
    pub limit_errors: usize,
    /// Read the source in this encoding instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    /// Use this delimiter instead of sniffing it.
    pub delimiter: Option<u8>,
    /// The header is this 1-based row instead of the detected one.
    pub header_row: Option<u64>,
    /// Cell content kept per row, in bytes.
    pub max_record_bytes: usize,
    /// Field boundaries kept per row.
    pub max_fields: usize,
    /// Bytes read at a time.
    pub chunk_bytes: usize,
    /// Codes or tags (`#header`) not to report; their checks do not run.
    pub skip: Vec<String>,
    /// When not empty, report only these codes or tags.
    pub pick: Vec<String>,
}

impl TableOptions {
    /// Whether findings of `rule` are wanted, given `pick` and `skip`.
    pub fn enabled(&self, rule: &Rule) -> bool {
        let matches = |selector: &String| {
            selector == rule.code || rule.tags.iter().any(|tag| tag == selector)
        };
        (self.pick.is_empty() || self.pick.iter().any(matches)) && !self.skip.iter().any(matches)
    }
}

impl Default for TableOptions {
    fn default() -> TableOptions {
        TableOptions {
            limit_errors: 1000,
            encoding: None,
            delimiter: None,
            header_row: None,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            max_fields: DEFAULT_MAX_FIELDS,
            chunk_bytes: DEFAULT_CHUNK_BYTES,
            skip: Vec::new(),
            pick: Vec::new(),
        }
    }
}

/// What was learnt about a source's encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodingInfo {
    /// Lowercase encoding name (`utf-8`, `windows-1252`, `utf-16le`…).
    pub name: String,
    /// Whether a byte-order mark was present.
    pub bom: bool,
    /// How the encoding was chosen.
    pub source: EncodingSource,
}

/// The raw outcome of checking one table, before messages are rendered.
#[derive(Debug)]
pub struct TableOutcome {
    /// Everything found.
    pub findings: Findings,
    /// The header, when the table has one.
    pub header: Option<Header>,
    /// Bytes read from the source.
    pub bytes: u64,
    /// SHA-256 of those bytes, lowercase hex.
    pub sha256: String,
    /// Data rows after the header.
    pub rows: u64,
    /// Physical lines read.
    pub lines: u64,
    /// Encoding facts (absent when the source is not text).
    pub encoding: Option<EncodingInfo>,
    /// Dialect and header position (absent when the source is not text).
    pub dialect: Option<Sniffed>,
    /// What the source really is, when it is not a text table.
    pub detected_kind: Option<FileKind>,
}

impl TableOutcome {
    /// Whether no error was found.
    pub fn valid(&self) -> bool {
        self.findings.error_total() == 0
    }
}

/// Reads `source` to the end and checks it as a delimited text table. Never fails: problems with
/// the source itself (empty, not text, unreadable partway) are findings.
pub fn check_table<R: Read>(mut source: R, options: &TableOptions) -> TableOutcome {
    let mut input = Input::new(options.chunk_bytes.max(4096));
    let mut findings = Findings::with_limit(options.limit_errors);
    let enabled = |rule: &Rule| options.enabled(rule);

    let eof = input.fill(&mut source, &mut findings);
    let mut outcome = TableOutcome {
        findings: Findings::default(),
        header: None,
        bytes: 0,
        sha256: String::new(),
        rows: 0,
        lines: 0,
        encoding: None,
        dialect: None,
        detected_kind: None,
    };

    let (encoding, bom_len, how) = match encoding::sniff(input.filled(), options.encoding) {
        SniffedEncoding::Text {
            encoding,
            bom_len,
            source,
        } => (encoding, bom_len, source),
        SniffedEncoding::Other(kind) => {
            if enabled(&format_error::FORMAT_ERROR) {
                findings.push(
                    Finding::new(&format_error::FORMAT_ERROR).with_detail(Detail::Format { kind }),
                );
            }
            outcome.detected_kind = Some(kind);
            input.drain(&mut source, eof, &mut findings);
            return input.finish(outcome, findings);
        }
        SniffedEncoding::Unreadable(problem) => {
            if enabled(&source_error::SOURCE_ERROR) {
                findings.push(
                    Finding::new(&source_error::SOURCE_ERROR)
                        .with_detail(Detail::Source { problem }),
                );
            }
            input.drain(&mut source, eof, &mut findings);
            return input.finish(outcome, findings);
        }
    };

    let mut decoder = Decoder::new(encoding, how);
    let first = decoder.decode(&input.filled()[bom_len..], eof);
    let sniffed = sniff::sniff(
        first.bytes,
        eof,
        SniffOverrides {
            delimiter: options.delimiter,
            header_row: options.header_row,
        },
    );
    let config = CheckConfig {
        max_record_bytes: options.max_record_bytes as u64,
    };
    let mut table = Table {
        parser: Parser::with_limits(
            sniffed.dialect,
            options.max_record_bytes,
            options.max_fields,
        ),
        record: Record::default(),
        header_row: sniffed.header_row,
        header: None,
        checks: registry::build_checks(&config, &enabled),
        report_title_rows: enabled(&title_rows::TITLE_ROWS),
        rows: 0,
        view: View::default(),
    };
    table.feed(first.bytes, first.utf8, &mut findings);

    let mut eof = eof;
    while !eof {
        eof = input.fill(&mut source, &mut findings);
        let decoded = decoder.decode(input.filled(), eof);
        table.feed(decoded.bytes, decoded.utf8, &mut findings);
    }
    if table.parser.finish(&mut table.record) {
        table.on_record(decoder.is_utf8(), &mut findings);
    }
    if table.header.is_none() && enabled(&source_error::SOURCE_ERROR) {
        if let Some(row) = options.header_row {
            findings.push(
                Finding::new(&source_error::SOURCE_ERROR).with_detail(Detail::Source {
                    problem: SourceProblem::NoHeaderRow(row),
                }),
            );
        }
    }
    for check in &mut table.checks {
        check.finish(&mut findings);
    }
    if decoder.encoding() != encoding_rs::UTF_8 && enabled(&non_utf8_encoding::NON_UTF8_ENCODING) {
        findings.push(
            Finding::new(&non_utf8_encoding::NON_UTF8_ENCODING).with_detail(Detail::Encoding {
                name: encoding::report_name(decoder.encoding()),
            }),
        );
    }
    outcome.encoding = Some(EncodingInfo {
        name: encoding::report_name(decoder.encoding()),
        bom: bom_len > 0,
        source: decoder.source(),
    });
    outcome.dialect = Some(sniffed);
    outcome.rows = table.rows;
    outcome.lines = table.parser.lines();
    outcome.header = table.header;
    input.finish(outcome, findings)
}

/// The source's bytes: a reusable chunk buffer plus the running size and hash.
struct Input {
    buffer: Vec<u8>,
    filled: usize,
    bytes: u64,
    hasher: Sha256,
}

impl Input {
    fn new(chunk: usize) -> Input {
        Input {
            buffer: vec![0; chunk],
            filled: 0,
            bytes: 0,
            hasher: Sha256::new(),
        }
    }

    fn filled(&self) -> &[u8] {
        &self.buffer[..self.filled]
    }

    /// Reads the next chunk (as full as the source allows). Returns whether the source is done;
    /// a read error ends the source and becomes a `source-error` finding.
    fn fill<R: Read>(&mut self, source: &mut R, findings: &mut Findings) -> bool {
        self.filled = 0;
        let mut eof = false;
        while self.filled < self.buffer.len() {
            match source.read(&mut self.buffer[self.filled..]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => self.filled += n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => {
                    findings.push(Finding::new(&source_error::SOURCE_ERROR).with_detail(
                        Detail::Source {
                            problem: SourceProblem::Io(error.to_string()),
                        },
                    ));
                    eof = true;
                    break;
                }
            }
        }
        self.hasher.update(&self.buffer[..self.filled]);
        self.bytes += self.filled as u64;
        eof
    }

    /// Reads the rest of a source that is not checked further, so size and hash cover it all.
    fn drain<R: Read>(&mut self, source: &mut R, mut eof: bool, findings: &mut Findings) {
        while !eof {
            eof = self.fill(source, findings);
        }
    }

    fn finish(self, mut outcome: TableOutcome, findings: Findings) -> TableOutcome {
        outcome.bytes = self.bytes;
        outcome.sha256 = hex(&self.hasher.finalize());
        outcome.findings = findings;
        outcome
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Reusable buffers for a record's text when it holds invalid bytes.
#[derive(Debug, Default)]
struct View {
    text: String,
    ends: Vec<usize>,
    invalid: Vec<InvalidCell>,
}

struct Table {
    parser: Parser,
    record: Record,
    header_row: u64,
    header: Option<Header>,
    checks: Vec<Box<dyn Check>>,
    report_title_rows: bool,
    rows: u64,
    view: View,
}

impl Table {
    fn feed(&mut self, mut text: &[u8], utf8: bool, findings: &mut Findings) {
        while !text.is_empty() {
            let (used, done) = self.parser.feed(text, &mut self.record);
            text = &text[used..];
            if done {
                self.on_record(utf8, findings);
            }
        }
    }

    fn on_record(&mut self, utf8: bool, findings: &mut Findings) {
        let record = &self.record;
        let number = record.row();
        if number < self.header_row {
            return;
        }
        let (text, ends, invalid) = text_view(record, utf8, &mut self.view);
        if number == self.header_row {
            let labels = (0..ends.len())
                .map(|i| {
                    let start = if i == 0 { 0 } else { ends[i - 1] };
                    text.get(start..ends[i]).unwrap_or("").to_owned()
                })
                .collect();
            let mut header = Header::new(number, record.line(), labels, invalid.to_vec());
            header.unclosed_quote = record.unclosed_quote();
            if self.header_row > 1 && self.report_title_rows {
                findings.push(
                    Finding::new(&title_rows::TITLE_ROWS)
                        .at_row(1, 1)
                        .with_detail(Detail::TitleRows {
                            header_row: self.header_row,
                        }),
                );
            }
            for check in &mut self.checks {
                check.header(&header, findings);
            }
            self.header = Some(header);
            return;
        }
        let Some(header) = &self.header else {
            return;
        };
        self.rows += 1;
        let mut row = Row::new(number, record.line(), text, ends, record.field_count());
        row.invalid = invalid;
        row.unclosed_quote = record.unclosed_quote();
        row.dropped_bytes = record.dropped_bytes();
        for check in &mut self.checks {
            check.row(&row, header, findings);
        }
    }
}

/// The record's text: borrowed as is when valid and clean, otherwise rebuilt cell by cell with
/// invalid bytes replaced by U+FFFD and each such cell listed.
fn text_view<'a>(
    record: &'a Record,
    utf8: bool,
    view: &'a mut View,
) -> (&'a str, &'a [usize], &'a [InvalidCell]) {
    if let Ok(text) = std::str::from_utf8(record.content()) {
        if memchr::memchr(0xEF, text.as_bytes()).is_none() || !text.contains('\u{FFFD}') {
            return (text, record.ends(), &[]);
        }
    }
    view.text.clear();
    view.ends.clear();
    view.invalid.clear();
    for index in 0..record.kept_fields() {
        let bytes = record.field(index);
        match std::str::from_utf8(bytes) {
            Ok(cell) => {
                let replaced = cell.matches('\u{FFFD}').count() as u64;
                if replaced > 0 {
                    view.invalid.push(InvalidCell {
                        index,
                        sequences: replaced,
                        as_windows_1252: None,
                    });
                }
                view.text.push_str(cell);
            }
            Err(_) => {
                let (_, sequences) = encoding::utf8_evidence(bytes);
                view.invalid.push(InvalidCell {
                    index,
                    sequences: sequences.max(1),
                    as_windows_1252: utf8.then(|| bounded(&encoding::as_windows_1252(bytes))),
                });
                view.text.push_str(&String::from_utf8_lossy(bytes));
            }
        }
        view.ends.push(view.text.len());
    }
    (&view.text, &view.ends, &view.invalid)
}
