//! A streaming CSV parser that never fails: structure problems become data on the record.
//!
//! The parser reads a contiguous work buffer that its caller refills: it parses every record that
//! is complete in the buffer, reports it by reference (fields are byte ranges into the buffer,
//! nothing is copied), and keeps its place inside an incomplete last record, which the caller
//! moves to the front of the buffer ([`Parser::retained`], [`Parser::rebase`]) before appending
//! more bytes.
//!
//! Special bytes (delimiter, quote, `\r`, `\n`) are found 64 at a time with a bitmask, so the cost
//! per ordinary byte is a fraction of a cycle. The grammar is Python's `csv` module's: `\n`,
//! `\r\n` and a lone `\r` end lines; a quote opens a quoted field only at the start of a field (a
//! quote inside an unquoted field is literal); doubled quotes stand for one quote; text after a
//! closing quote is kept; optionally spaces after a delimiter are skipped. A quoted field still
//! open at the end of the input is marked as an unclosed quote, with the line where it opened,
//! instead of being silently swallowed.
//!
//! Memory is bounded: a record keeps at most `max_record_bytes` of its bytes and `max_fields`
//! field ranges; beyond that it is still scanned to its end and its fields counted.

pub mod piece;
#[cfg(test)]
mod reference;

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

/// Default cap on the bytes kept for one record (64 MiB).
pub const DEFAULT_MAX_RECORD_BYTES: usize = 64 << 20;
/// Default cap on the field ranges kept for one record.
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

/// How a field's bytes relate to its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// The range is the value.
    Plain,
    /// The range is the value found between quotes.
    Quoted,
    /// The range is raw text from the opening quote on; [`unescape`] gives the value.
    Escaped,
}

/// One field of a record: a byte range of the work buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Start offset in the buffer.
    pub start: usize,
    /// End offset in the buffer (exclusive).
    pub end: usize,
    /// How the range relates to the value.
    pub kind: FieldKind,
}

/// A complete record, borrowed from the parser; offsets are into the buffer just parsed.
#[derive(Clone, Copy, Debug)]
pub struct RecordRef<'p> {
    /// 1-based record number (every record counts, blank lines included).
    pub row: u64,
    /// 1-based line where the record starts.
    pub line: u64,
    /// Start of the record's bytes in the buffer.
    pub start: usize,
    /// End of the record's kept bytes (line end excluded).
    pub end: usize,
    /// Kept fields.
    pub fields: &'p [Field],
    /// All fields, kept or not.
    pub field_count: u64,
    /// Whether some field is [`FieldKind::Escaped`].
    pub escaped: bool,
    /// Whether every field is empty.
    pub blank: bool,
    /// The quoted field left open at the end of the input, if any.
    pub unclosed: Option<UnclosedQuote>,
    /// Bytes of the record beyond the cap, scanned but not kept.
    pub dropped_bytes: u64,
}

/// Writes the value of an [`FieldKind::Escaped`] field's raw bytes: the opening quote dropped,
/// doubled quotes made single, a closing quote dropped and any text after it kept.
pub fn unescape(raw: &[u8], quote: u8, out: &mut Vec<u8>) {
    let mut quoted = raw.first() == Some(&quote);
    let mut i = usize::from(quoted);
    while i < raw.len() {
        let byte = raw[i];
        if quoted && byte == quote {
            if raw.get(i + 1) == Some(&quote) {
                out.push(quote);
                i += 2;
                continue;
            }
            quoted = false;
            i += 1;
            continue;
        }
        out.push(byte);
        i += 1;
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

/// Finds special bytes 64 at a time. The cache holds the bitmask of one 64-byte block.
#[derive(Clone, Copy, Debug)]
struct Specials {
    delimiter: u8,
    quote: u8,
    base: usize,
    mask: u64,
}

impl Specials {
    const NONE: usize = usize::MAX;

    fn reset(&mut self) {
        self.base = Self::NONE;
        self.mask = 0;
    }

    /// Bitmask of special bytes in `block` (at most 64 bytes), bit i for byte i. Full blocks are
    /// classified eight bytes at a time with exact SWAR byte comparisons.
    #[inline]
    fn classify(&self, block: &[u8]) -> u64 {
        if let Ok(block) = <&[u8; 64]>::try_from(block) {
            let repeat = |b: u8| u64::from_ne_bytes([b; 8]);
            let (d, q, n, r) = (
                repeat(self.delimiter),
                repeat(self.quote),
                repeat(b'\n'),
                repeat(b'\r'),
            );
            let mut mask = 0u64;
            for (k, word) in block.chunks_exact(8).enumerate() {
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(word);
                let w = u64::from_le_bytes(bytes);
                let high =
                    equal_bytes(w, d) | equal_bytes(w, q) | equal_bytes(w, n) | equal_bytes(w, r);
                // Gather the eight high bits into the low byte.
                let packed = ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
                mask |= packed << (k * 8);
            }
            mask
        } else {
            let (d, q) = (self.delimiter, self.quote);
            let mut mask = 0u64;
            for (i, &b) in block.iter().enumerate() {
                let hit = (b == d) | (b == q) | (b == b'\n') | (b == b'\r');
                mask |= u64::from(hit) << i;
            }
            mask
        }
    }

    /// Position of the first special byte at or after `from` in `buf`.
    #[inline(always)]
    fn next(&mut self, buf: &[u8], from: usize) -> Option<usize> {
        if self.base == Self::NONE || from < self.base || from >= self.base + 64 {
            self.base = from;
            self.mask = self.classify(&buf[from..buf.len().min(from + 64)]);
        } else {
            self.mask &= !0u64 << (from - self.base);
        }
        loop {
            if self.mask != 0 {
                return Some(self.base + self.mask.trailing_zeros() as usize);
            }
            let next = self.base + 64;
            if next >= buf.len() {
                self.base = Self::NONE;
                return None;
            }
            self.base = next;
            self.mask = self.classify(&buf[next..buf.len().min(next + 64)]);
        }
    }
}

/// The high bit of each byte of `word` that equals the byte repeated in `pattern` (exact: no
/// false positives from borrows).
#[inline(always)]
fn equal_bytes(word: u64, pattern: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ pattern;
    !((x & LOW7).wrapping_add(LOW7) | x | LOW7)
}

/// The streaming parser. See the module documentation.
#[derive(Clone, Debug)]
pub struct Parser {
    delimiter: u8,
    quote: Option<u8>,
    skip_initial_space: bool,
    max_record_bytes: usize,
    max_fields: usize,
    specials: Specials,
    state: State,
    pos: usize,
    rows: u64,
    line: u64,
    after_cr: bool,
    // The record in progress.
    record_start: usize,
    record_line: u64,
    /// The record in progress's fields, from `first_field` on (earlier records' fields stay
    /// before it when the caller asked to keep them all, see [`Parser::keep_all_fields`]).
    fields: Vec<Field>,
    first_field: usize,
    keep_all: bool,
    field_count: u64,
    escaped: bool,
    blank: bool,
    // The field in progress.
    field_start: usize,
    quote_start: Option<usize>,
    field_escaped: bool,
    closing_quote: usize,
    quote_line: u64,
    quote_field: u64,
    cr_at: Option<usize>,
    last_byte: u8,
    scan_from: usize,
    // Past the cap: bytes from `kept_end` on are scanned but not kept.
    overflow: bool,
    kept_end: usize,
    dropped: u64,
}

impl Parser {
    /// A parser for `dialect` with the default caps.
    pub fn new(dialect: Dialect) -> Parser {
        Parser::with_limits(dialect, DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_FIELDS)
    }

    /// A parser with explicit caps on kept bytes and kept fields per record.
    pub fn with_limits(dialect: Dialect, max_record_bytes: usize, max_fields: usize) -> Parser {
        Parser {
            delimiter: dialect.delimiter,
            quote: dialect.quote,
            skip_initial_space: dialect.skip_initial_space,
            max_record_bytes: max_record_bytes.max(1),
            max_fields,
            specials: Specials {
                delimiter: dialect.delimiter,
                // Without quoting, the delimiter stands in so the mask has no extra byte.
                quote: dialect.quote.unwrap_or(dialect.delimiter),
                base: Specials::NONE,
                mask: 0,
            },
            state: State::StartRecord,
            pos: 0,
            rows: 0,
            line: 1,
            after_cr: false,
            record_start: 0,
            record_line: 1,
            fields: Vec::new(),
            first_field: 0,
            keep_all: false,
            field_count: 0,
            escaped: false,
            blank: true,
            field_start: 0,
            quote_start: None,
            field_escaped: false,
            closing_quote: 0,
            quote_line: 0,
            quote_field: 0,
            cr_at: None,
            last_byte: 0,
            scan_from: 0,
            overflow: false,
            kept_end: 0,
            dropped: 0,
        }
    }

    /// Records completed so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Physical lines seen so far (a last line without a line end counts).
    pub fn lines(&self) -> u64 {
        if self.state == State::StartRecord {
            self.line - 1
        } else {
            self.line
        }
    }

    /// The part of the buffer the parser still needs (the incomplete record), as `start..end`
    /// where `end` is the buffer's length unless the record went over the cap.
    pub fn retained(&self, len: usize) -> std::ops::Range<usize> {
        match self.state {
            State::StartRecord => self.pos.min(len)..len,
            _ if self.overflow => self.record_start..self.kept_end,
            _ => self.record_start..len,
        }
    }

    /// Tells the parser that the buffer now starts with what [`Parser::retained`] returned
    /// (`range`), so every offset moves down by `range.start`; more bytes follow it.
    pub fn rebase(&mut self, range: std::ops::Range<usize>) {
        let shift = range.start;
        let down = |x: usize| x.saturating_sub(shift);
        self.specials.reset();
        if self.overflow {
            // Scanning goes on in the new bytes; only the kept part keeps its offsets. A `\r`
            // that was the last byte scanned stays just before the new bytes.
            let next = range.end - shift;
            self.cr_at = match (self.cr_at, self.pos.checked_sub(1)) {
                (Some(cr), Some(last)) if cr == last && next > 0 => Some(next - 1),
                _ => None,
            };
            self.pos = next;
        } else {
            self.pos = down(self.pos);
            self.cr_at = self.cr_at.and_then(|at| at.checked_sub(shift));
        }
        self.record_start = down(self.record_start);
        self.field_start = down(self.field_start);
        self.closing_quote = down(self.closing_quote);
        self.kept_end = down(self.kept_end);
        self.quote_start = self.quote_start.map(down);
        for field in &mut self.fields {
            field.start = down(field.start);
            field.end = down(field.end);
        }
    }

    /// Parses `buf` from where the parser stopped, calling `emit` with every complete record.
    /// With `eof`, the buffer holds the last bytes of the input and a final record without a line
    /// end (or with an unclosed quote) is emitted too.
    pub fn parse(&mut self, buf: &[u8], eof: bool, mut emit: impl FnMut(&RecordRef<'_>)) {
        self.specials.reset();
        let n = buf.len();
        self.scan_from = self.pos.min(n);
        if n > self.scan_from {
            self.last_byte = buf[n - 1];
        }
        loop {
            match self.state {
                State::StartRecord => {
                    let Some(&byte) = buf.get(self.pos) else {
                        break;
                    };
                    if self.after_cr {
                        self.after_cr = false;
                        if byte == b'\n' {
                            self.pos += 1;
                            continue;
                        }
                    }
                    self.begin_record();
                    if byte == b'\n' || byte == b'\r' {
                        self.pos += 1;
                        self.end_record(byte, self.record_start, buf, &mut emit);
                        continue;
                    }
                    self.state = State::StartField;
                }
                State::StartField => {
                    let Some(&byte) = buf.get(self.pos) else {
                        break;
                    };
                    if self.skip_initial_space && byte == b' ' {
                        self.pos += 1;
                    } else if Some(byte) == self.quote {
                        self.state = State::Quoted;
                        self.quote_start = Some(self.pos);
                        self.field_start = self.pos + 1;
                        self.field_escaped = false;
                        self.quote_line = self.line;
                        self.quote_field = self.field_count + 1;
                        self.cr_at = None;
                        self.pos += 1;
                    } else {
                        self.quote_start = None;
                        self.field_start = self.pos;
                        self.state = State::Unquoted;
                    }
                }
                State::Unquoted => {
                    let Some(at) = self.specials.next(buf, self.pos) else {
                        self.pos = n;
                        break;
                    };
                    let byte = buf[at];
                    self.pos = at + 1;
                    if byte == self.delimiter {
                        self.end_field(at);
                        // Fast path: the next field is unquoted too, stay in this state.
                        match buf.get(self.pos) {
                            Some(&next)
                                if Some(next) != self.quote
                                    && !(self.skip_initial_space && next == b' ') =>
                            {
                                self.quote_start = None;
                                self.field_start = self.pos;
                            }
                            _ => self.state = State::StartField,
                        }
                    } else if byte == b'\n' || byte == b'\r' {
                        self.end_field(at);
                        self.end_record(byte, at, buf, &mut emit);
                    }
                    // Otherwise a quote inside an unquoted field: literal.
                }
                State::Quoted => {
                    let Some(at) = self.specials.next(buf, self.pos) else {
                        self.pos = n;
                        break;
                    };
                    let byte = buf[at];
                    self.pos = at + 1;
                    if Some(byte) == self.quote {
                        self.closing_quote = at;
                        self.state = State::QuoteInQuoted;
                    } else if byte == b'\r' {
                        self.line += 1;
                        self.cr_at = Some(at);
                    } else if byte == b'\n' && (at == 0 || Some(at - 1) != self.cr_at) {
                        self.line += 1;
                    }
                }
                State::QuoteInQuoted => {
                    let Some(&byte) = buf.get(self.pos) else {
                        break;
                    };
                    if Some(byte) == self.quote {
                        self.field_escaped = true;
                        self.state = State::Quoted;
                        self.pos += 1;
                    } else if byte == self.delimiter {
                        let at = self.pos;
                        self.pos += 1;
                        self.end_field(at);
                        self.state = State::StartField;
                    } else if byte == b'\n' || byte == b'\r' {
                        let at = self.pos;
                        self.pos += 1;
                        self.end_field(at);
                        self.end_record(byte, at, buf, &mut emit);
                    } else {
                        // Text after a closing quote is kept, as Python's csv module does.
                        self.field_escaped = true;
                        self.state = State::Unquoted;
                    }
                }
            }
        }
        if eof {
            self.finish(buf, &mut emit);
        } else if self.state != State::StartRecord {
            if self.overflow {
                self.dropped += (n - self.scan_from) as u64;
            } else if self.pos - self.record_start > self.max_record_bytes {
                self.start_overflow(buf);
            }
        }
    }

    fn begin_record(&mut self) {
        self.record_start = self.pos;
        self.record_line = self.line;
        if self.keep_all {
            self.first_field = self.fields.len();
        } else {
            self.fields.clear();
        }
        self.field_count = 0;
        self.escaped = false;
        self.blank = true;
        self.overflow = false;
        self.dropped = 0;
    }

    fn end_field(&mut self, at: usize) {
        self.field_count += 1;
        if self.overflow {
            // Past the cap: counted, not kept.
            return;
        }
        let field = match self.quote_start {
            None => Field {
                start: self.field_start,
                end: at,
                kind: FieldKind::Plain,
            },
            Some(open) if self.field_escaped => Field {
                start: open,
                end: at,
                kind: FieldKind::Escaped,
            },
            Some(_) => Field {
                start: self.field_start,
                end: if self.state == State::Quoted {
                    at
                } else {
                    self.closing_quote
                },
                kind: FieldKind::Quoted,
            },
        };
        if field.kind == FieldKind::Escaped {
            self.escaped = true;
            self.blank &= field.end <= field.start + 2;
        } else {
            self.blank &= field.end == field.start;
        }
        if self.fields.len() - self.first_field < self.max_fields {
            self.fields.push(field);
        }
    }

    fn end_record(
        &mut self,
        byte: u8,
        at: usize,
        buf: &[u8],
        emit: &mut impl FnMut(&RecordRef<'_>),
    ) {
        self.line += 1;
        self.after_cr = byte == b'\r';
        self.emit_record(at, None, buf, emit);
    }

    fn emit_record(
        &mut self,
        at: usize,
        unclosed: Option<UnclosedQuote>,
        buf: &[u8],
        emit: &mut impl FnMut(&RecordRef<'_>),
    ) {
        self.rows += 1;
        self.state = State::StartRecord;
        let end = if self.overflow {
            self.dropped += at.saturating_sub(self.scan_from) as u64;
            self.kept_end
        } else if at - self.record_start > self.max_record_bytes {
            // Over the cap but complete in this buffer: cut it exactly as if it had gone over
            // the cap across buffers, so results never depend on buffer sizes.
            let kept_end = self.cut_fields(buf);
            self.dropped = (at - kept_end) as u64;
            kept_end
        } else {
            at
        };
        let record = RecordRef {
            row: self.rows,
            line: self.record_line,
            start: self.record_start,
            end,
            fields: &self.fields[self.first_field..],
            field_count: self.field_count,
            escaped: self.escaped,
            blank: self.blank,
            unclosed,
            dropped_bytes: self.dropped,
        };
        emit(&record);
        self.overflow = false;
    }

    fn finish(&mut self, buf: &[u8], emit: &mut impl FnMut(&RecordRef<'_>)) {
        let n = buf.len();
        match self.state {
            State::StartRecord => {}
            State::Quoted => {
                let ends_in_break = matches!(self.last_byte, b'\n' | b'\r') && n > self.field_start;
                let unclosed = UnclosedQuote {
                    field: self.quote_field,
                    line: self.quote_line,
                    lines: self.line - self.quote_line + u64::from(!ends_in_break),
                };
                self.end_field(n);
                self.line += u64::from(!ends_in_break);
                self.emit_record(n, Some(unclosed), buf, emit);
            }
            State::StartField | State::Unquoted | State::QuoteInQuoted => {
                if self.state == State::StartField {
                    self.quote_start = None;
                    self.field_start = n;
                }
                self.end_field(n);
                self.line += 1;
                self.emit_record(n, None, buf, emit);
            }
        }
        if self.overflow {
            self.overflow = false;
        }
    }

    /// Cuts the record at the cap, on a character boundary: fields that start after the cut go,
    /// fields that cross it end there (a quoted one then keeps its opening quote, as raw text to
    /// unescape). Returns where the kept bytes end.
    fn cut_fields(&mut self, buf: &[u8]) -> usize {
        let mut kept_end = self.record_start + self.max_record_bytes;
        while kept_end > self.record_start && buf.get(kept_end).is_some_and(|b| b & 0xC0 == 0x80) {
            kept_end -= 1;
        }
        // Fields are in order: those that start after the cut are the last ones.
        let record = &self.fields[self.first_field..];
        let kept = record.partition_point(|f| f.start <= kept_end);
        self.fields.truncate(self.first_field + kept);
        for field in &mut self.fields[self.first_field..] {
            if field.end > kept_end {
                if field.kind == FieldKind::Quoted {
                    field.kind = FieldKind::Escaped;
                    field.start -= 1;
                }
                self.escaped |= field.kind == FieldKind::Escaped;
                field.end = kept_end;
            }
        }
        self.blank = false;
        kept_end
    }

    /// The record in progress is over the cap: keep its first `max_record_bytes` (cut at a
    /// character boundary), count the rest.
    fn start_overflow(&mut self, buf: &[u8]) {
        let kept_end = self.cut_fields(buf);
        self.overflow = true;
        self.kept_end = kept_end;
        self.dropped = (buf.len() - kept_end) as u64;
        // The field in progress keeps what fits; it is counted when it ends.
        if matches!(
            self.state,
            State::Unquoted | State::Quoted | State::QuoteInQuoted
        ) {
            let start = self.quote_start.unwrap_or(self.field_start);
            if start <= kept_end && self.fields.len() - self.first_field < self.max_fields {
                let kind = if self.quote_start.is_some() {
                    FieldKind::Escaped
                } else {
                    FieldKind::Plain
                };
                self.escaped |= kind == FieldKind::Escaped;
                self.fields.push(Field {
                    start,
                    end: kept_end,
                    kind,
                });
            }
        }
    }

    /// Whether the record in progress is over the cap.
    pub fn overflowing(&self) -> bool {
        self.overflow
    }

    /// Whether the parser stands between records with nothing of `buf` (of length `len`) left
    /// to read: what was parsed ended exactly at a record's end.
    pub fn between_records(&self, len: usize) -> bool {
        self.state == State::StartRecord && self.pos >= len && !self.after_cr
    }

    /// The line where the record in progress (or the next one) starts.
    pub fn next_line(&self) -> u64 {
        if self.state == State::StartRecord {
            self.line
        } else {
            self.record_line
        }
    }

    /// Counts `rows` records over `lines` lines that were parsed elsewhere (by another parser
    /// that started where this one stands), and makes ready for a new buffer that starts after
    /// them. Only meaningful [`Parser::between_records`].
    pub fn skip_parsed(&mut self, rows: u64, lines: u64) {
        self.rows += rows;
        self.line += lines;
        self.pos = 0;
        self.specials.reset();
    }

    /// Keeps every record's fields, one after another, in `store` (emptied first) instead of
    /// only the last record's, so a caller that keeps records can take them all at the end
    /// ([`Parser::take_fields`]) without copying each record's.
    pub fn keep_all_fields(&mut self, mut store: Vec<Field>) {
        store.clear();
        self.fields = store;
        self.first_field = 0;
        self.keep_all = true;
    }

    /// The fields kept (see [`Parser::keep_all_fields`]); the record in progress's last.
    pub fn take_fields(&mut self) -> Vec<Field> {
        self.first_field = 0;
        std::mem::take(&mut self.fields)
    }

    /// A parser with this one's dialect and caps, at the start of an input.
    pub fn fresh(&self) -> Parser {
        Parser::with_limits(
            Dialect {
                delimiter: self.delimiter,
                quote: self.quote,
                skip_initial_space: self.skip_initial_space,
            },
            self.max_record_bytes,
            self.max_fields,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::reference;
    use super::*;

    #[derive(Debug, PartialEq, Eq)]
    struct Parsed {
        row: u64,
        line: u64,
        fields: Vec<Vec<u8>>,
        count: u64,
        unclosed: Option<UnclosedQuote>,
        dropped: u64,
        blank: bool,
    }

    fn value(buf: &[u8], field: &Field, quote: u8) -> Vec<u8> {
        let raw = &buf[field.start..field.end];
        match field.kind {
            FieldKind::Escaped => {
                let mut out = Vec::new();
                unescape(raw, quote, &mut out);
                out
            }
            _ => raw.to_vec(),
        }
    }

    /// Drives the fast parser the way the engine does: append `piece` bytes at a time, parse,
    /// keep only what the parser retains.
    fn fast(input: &[u8], dialect: Dialect, piece: usize, max_bytes: usize) -> Vec<Parsed> {
        let mut parser = Parser::with_limits(dialect, max_bytes, DEFAULT_MAX_FIELDS);
        let quote = dialect.quote.unwrap_or(b'"');
        let mut buf: Vec<u8> = Vec::new();
        let mut out = Vec::new();
        let pieces: Vec<&[u8]> = if input.is_empty() {
            vec![&[][..]]
        } else {
            input.chunks(piece.max(1)).collect()
        };
        for (i, chunk) in pieces.iter().enumerate() {
            let eof = i + 1 == pieces.len();
            buf.extend_from_slice(chunk);
            parser.parse(&buf, eof, |r| {
                out.push(Parsed {
                    row: r.row,
                    line: r.line,
                    fields: r.fields.iter().map(|f| value(&buf, f, quote)).collect(),
                    count: r.field_count,
                    unclosed: r.unclosed,
                    dropped: r.dropped_bytes,
                    blank: r.blank,
                });
            });
            let keep = parser.retained(buf.len());
            buf = buf[keep.clone()].to_vec();
            parser.rebase(keep);
        }
        out
    }

    fn oracle(input: &[u8], dialect: Dialect) -> Vec<Parsed> {
        let mut parser = reference::Parser::new(dialect);
        let mut record = reference::Record::default();
        let mut out = Vec::new();
        let mut take = |r: &reference::Record| {
            let fields: Vec<Vec<u8>> = (0..r.kept_fields()).map(|i| r.field(i).to_vec()).collect();
            let blank = fields.iter().all(Vec::is_empty);
            out.push(Parsed {
                row: r.row(),
                line: r.line(),
                count: r.field_count(),
                fields,
                unclosed: r.unclosed_quote(),
                dropped: 0,
                blank,
            });
        };
        let mut at = 0;
        while at < input.len() {
            let (used, done) = parser.feed(&input[at..], &mut record);
            at += used;
            if done {
                take(&record);
            }
        }
        if parser.finish(&mut record) {
            take(&record);
        }
        out
    }

    fn fields(input: &str) -> Vec<Vec<String>> {
        let whole = fast(
            input.as_bytes(),
            Dialect::default(),
            usize::MAX,
            DEFAULT_MAX_RECORD_BYTES,
        );
        assert_eq!(
            whole,
            oracle(input.as_bytes(), Dialect::default()),
            "oracle differs on {input:?}"
        );
        for piece in [1, 2, 3, 5, 64, 65] {
            let split = fast(
                input.as_bytes(),
                Dialect::default(),
                piece,
                DEFAULT_MAX_RECORD_BYTES,
            );
            assert_eq!(
                whole, split,
                "piece size {piece} changes the result for {input:?}"
            );
        }
        whole
            .into_iter()
            .map(|p| {
                p.fields
                    .into_iter()
                    .map(|f| String::from_utf8_lossy(&f).into_owned())
                    .collect()
            })
            .collect()
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
        assert_eq!(fields(""), Vec::<Vec<String>>::new());
    }

    #[test]
    fn blank_lines_are_records_without_fields() {
        let out = fast(
            b"a\n\n\r\nb\n\n,,\n",
            Dialect::default(),
            usize::MAX,
            1 << 20,
        );
        let rows: Vec<(u64, u64, usize, bool)> = out
            .iter()
            .map(|p| (p.row, p.line, p.fields.len(), p.blank))
            .collect();
        assert_eq!(
            rows,
            vec![
                (1, 1, 1, false),
                (2, 2, 0, true),
                (3, 3, 0, true),
                (4, 4, 1, false),
                (5, 5, 0, true),
                (6, 6, 3, true)
            ]
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
        assert_eq!(fields("\"ab\"c\"d,e\n"), vec![vec!["abc\"d", "e"]]);
        assert_eq!(fields("\"\",\"\"\n"), vec![vec!["", ""]]);
        assert_eq!(fields("\"\"\"\"\n"), vec![vec!["\""]]);
    }

    #[test]
    fn multiline_cells_keep_line_numbers() {
        let input = "h1,h2\n\"one\r\ntwo\nthree\rfour\",x\nlast,y\n";
        assert_eq!(fields(input)[1][0], "one\r\ntwo\nthree\rfour");
        let out = fast(input.as_bytes(), Dialect::default(), 1, 1 << 20);
        assert_eq!((out[1].row, out[1].line), (2, 2));
        assert_eq!((out[2].row, out[2].line), (3, 6));
    }

    #[test]
    fn unclosed_quote_is_reported_where_it_opened() {
        fields("a,b\n1,\"open\n2,3\n4,5\n");
        let out = fast(b"a,b\n1,\"open\n2,3\n4,5\n", Dialect::default(), 2, 1 << 20);
        assert_eq!(out.len(), 2);
        let unclosed = out[1].unclosed.expect("unclosed quote");
        assert_eq!((unclosed.field, unclosed.line, unclosed.lines), (2, 2, 3));
        let out = fast(b"a,b\n1,\"open\n2,3", Dialect::default(), 1, 1 << 20);
        assert_eq!(out[1].unclosed.map(|u| u.lines), Some(2));
    }

    #[test]
    fn skip_initial_space() {
        let dialect = Dialect {
            skip_initial_space: true,
            ..Dialect::default()
        };
        let input = b"ID, Test\n2, \"Test \"\" line 2\"\n3,  x\n";
        let out = fast(input, dialect, 3, 1 << 20);
        assert_eq!(out, oracle(input, dialect));
        assert_eq!(
            out[1].fields,
            vec![b"2".to_vec(), b"Test \" line 2".to_vec()]
        );
        assert_eq!(out[2].fields[1], b"x");
    }

    #[test]
    fn other_delimiters_and_no_quoting() {
        for delimiter in [b';', b'\t', b'|'] {
            let dialect = Dialect {
                delimiter,
                ..Dialect::default()
            };
            let input = format!("a{0}b\n1,5{0}\"x{0}y\"\n", char::from(delimiter));
            let out = fast(input.as_bytes(), dialect, 4, 1 << 20);
            assert_eq!(out, oracle(input.as_bytes(), dialect));
            assert_eq!(
                out[1].fields[1],
                format!("x{}y", char::from(delimiter)).into_bytes()
            );
        }
        let unquoted = Dialect {
            quote: None,
            ..Dialect::default()
        };
        let out = fast(b"\"a,b\"\n", unquoted, 2, 1 << 20);
        assert_eq!(out[0].fields, vec![b"\"a".to_vec(), b"b\"".to_vec()]);
    }

    #[test]
    fn records_over_the_cap_are_scanned_and_counted() {
        let mut input = b"h1,h2,h3\n".to_vec();
        input.extend_from_slice(b"abc,");
        input.extend(std::iter::repeat_n(b'x', 100));
        input.extend_from_slice(b",z\nnext,row,here\n");
        for piece in [7, 16, 1000] {
            let out = fast(&input, Dialect::default(), piece, 20);
            assert_eq!(out.len(), 3, "piece {piece}");
            assert_eq!(out[1].count, 3);
            // 20 bytes kept ("abc," and 16 x), the other 86 of the 106-byte record dropped.
            assert_eq!(out[1].dropped, 86, "piece {piece}");
            let kept: usize = out[1].fields.iter().map(Vec::len).sum();
            assert!(kept <= 20, "piece {piece}");
            assert_eq!(out[1].fields[0], b"abc");
            assert_eq!(
                out[2].fields,
                vec![b"next".to_vec(), b"row".to_vec(), b"here".to_vec()]
            );
            assert_eq!(out[2].line, 3);
        }
        let unclosed = b"a\n\"never closed, and long enough to pass the cap\n1\n2\n";
        let out = fast(unclosed, Dialect::default(), 5, 10);
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].unclosed.map(|u| (u.line, u.lines)), Some((2, 3)));
    }

    /// Random CSV-like inputs, random pieces: the fast parser agrees with the reference parser.
    #[test]
    fn agrees_with_the_reference_parser() {
        let alphabet = b"ab,;\"\r\n \xc3\xb1";
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for case in 0..3000 {
            let len = (next() % 200) as usize;
            let input: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let dialect = Dialect {
                delimiter: if case % 2 == 0 { b',' } else { b';' },
                quote: Some(b'"'),
                skip_initial_space: case % 3 == 0,
            };
            let expected = oracle(&input, dialect);
            for piece in [1, 3, 64, 1000] {
                let got = fast(&input, dialect, piece, 1 << 20);
                assert_eq!(
                    got,
                    expected,
                    "case {case}, piece {piece}, input {:?}",
                    String::from_utf8_lossy(&input)
                );
            }
        }
    }
}
