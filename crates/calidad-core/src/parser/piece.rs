//! Records parsed from one piece of the input, kept by value so they can cross threads.
//!
//! This is what lets several threads parse one table: the input is cut into pieces just after a
//! line end, each piece is parsed by its own [`Parser`] as if a record started there, and the
//! pieces are read back in order. The guess is right whenever the piece before ended exactly
//! between records ([`Piece::ends_between_records`]); when it did not (the line end was inside a
//! quoted cell), the reader throws the guess away and parses on from the last complete record
//! with one streaming parser, so the records are always the ones a single parser finds.

use super::{Field, Parser, RecordRef, UnclosedQuote};

/// One record of a [`Piece`], compact (a piece of blank lines holds one per byte): offsets and
/// counts within the piece, which is far shorter than 4 GiB ([`Piece::MAX_BYTES`]).
#[derive(Clone, Copy, Debug)]
struct PieceRecord {
    start: u32,
    end: u32,
    /// This record's fields end here in [`Piece::fields`]; they start where the last one's end.
    fields_end: u32,
    /// Line where the record starts, counted from 1 at the piece's start.
    line: u32,
    field_count: u32,
    dropped_bytes: u32,
    escaped: bool,
    blank: bool,
}

/// The complete records of a piece, and where they end.
#[derive(Debug, Default)]
pub struct Piece {
    records: Vec<PieceRecord>,
    fields: Vec<Field>,
    /// The last record's quote left open at the end of the input (only the last can have one).
    unclosed: Option<UnclosedQuote>,
    /// Where the complete records end (the piece's length when it ended between records).
    complete: usize,
    /// Lines the complete records span.
    lines: u64,
    len: usize,
}

impl Piece {
    /// The longest piece [`Piece::parse`] takes, so offsets and counts fit the compact records.
    pub const MAX_BYTES: usize = u32::MAX as usize / 2;

    /// Parses `buf` with a fresh copy of `like` (same dialect and caps) as if a record started at
    /// its first byte. With `eof`, `buf` is the end of the input. Reuses `self`'s storage.
    ///
    /// # Panics
    /// When `buf` is longer than [`Piece::MAX_BYTES`] (a caller's bug, not the input's).
    pub fn parse(&mut self, like: &Parser, buf: &[u8], eof: bool) {
        assert!(
            buf.len() <= Self::MAX_BYTES,
            "a piece of {} bytes",
            buf.len()
        );
        self.records.clear();
        self.fields.clear();
        self.unclosed = None;
        let mut parser = like.fresh();
        // The parser keeps every record's fields in the piece's list, one record after another.
        parser.keep_all_fields(std::mem::take(&mut self.fields));
        let (records, unclosed) = (&mut self.records, &mut self.unclosed);
        let mut fields_end = 0;
        // Every count below is at most the piece's length plus one, so it fits in 32 bits.
        let small = |n: u64| n as u32;
        parser.parse(buf, eof, |record| {
            fields_end += record.fields.len();
            records.push(PieceRecord {
                start: record.start as u32,
                end: record.end as u32,
                fields_end: fields_end as u32,
                line: small(record.line),
                field_count: small(record.field_count),
                dropped_bytes: small(record.dropped_bytes),
                escaped: record.escaped,
                blank: record.blank,
            });
            if record.unclosed.is_some() {
                *unclosed = record.unclosed;
            }
        });
        self.fields = parser.take_fields();
        self.len = buf.len();
        if eof || parser.between_records(buf.len()) {
            self.complete = buf.len();
            self.lines = parser.lines();
        } else {
            self.complete = parser.retained(buf.len()).start;
            self.lines = parser.next_line() - 1;
        }
    }

    /// Whether the piece ended exactly between records: then the next piece's guess was right.
    pub fn ends_between_records(&self) -> bool {
        self.complete == self.len
    }

    /// Where the complete records end; the bytes after belong to a record the next piece ends.
    pub fn complete(&self) -> usize {
        self.complete
    }

    /// How many complete records the piece holds.
    pub fn rows(&self) -> u64 {
        self.records.len() as u64
    }

    /// Lines the complete records span.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// The records, numbered as if `rows_before` records over `lines_before` lines came first.
    pub fn records(
        &self,
        rows_before: u64,
        lines_before: u64,
    ) -> impl Iterator<Item = RecordRef<'_>> {
        let last = self.records.len().saturating_sub(1);
        let mut fields_from = 0;
        self.records.iter().enumerate().map(move |(index, record)| {
            let fields_to = record.fields_end as usize;
            let fields = &self.fields[fields_from..fields_to];
            fields_from = fields_to;
            RecordRef {
                row: rows_before + index as u64 + 1,
                line: lines_before + u64::from(record.line),
                start: record.start as usize,
                end: record.end as usize,
                fields,
                field_count: u64::from(record.field_count),
                escaped: record.escaped,
                blank: record.blank,
                // The quote's line too is counted from the piece's start.
                unclosed: self
                    .unclosed
                    .filter(|_| index == last)
                    .map(|quote| UnclosedQuote {
                        line: lines_before + quote.line,
                        ..quote
                    }),
                dropped_bytes: u64::from(record.dropped_bytes),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::Dialect;
    use super::*;

    #[derive(Debug, PartialEq, Eq)]
    struct Seen {
        row: u64,
        line: u64,
        bytes: Vec<u8>,
        fields: Vec<(usize, usize)>,
        count: u64,
        unclosed: Option<UnclosedQuote>,
        dropped: u64,
    }

    fn seen(record: &RecordRef<'_>, buf: &[u8], offset: usize) -> Seen {
        Seen {
            row: record.row,
            line: record.line,
            bytes: buf[record.start..record.end].to_vec(),
            fields: record
                .fields
                .iter()
                .map(|f| (f.start + offset, f.end + offset))
                .collect(),
            count: record.field_count,
            unclosed: record.unclosed,
            dropped: record.dropped_bytes,
        }
    }

    /// A piece that starts where a record truly starts holds exactly the single parser's
    /// records (renumbered), says whether it ended between records, and if not, where the
    /// record it cut starts — for every pair of line ends in inputs with quoted line breaks,
    /// `\r\n`, blank lines, unclosed quotes and records over the caps.
    #[test]
    fn a_piece_at_a_record_start_holds_the_same_records() {
        let inputs: [&[u8]; 8] = [
            b"a,b\n1,\"x\ny\"\n2,3\r\n\n4,\"\"\"q\"\"\"\n5,6\n",
            b"id;texto\n1;\"linea\r\notra\"\n2;sin\n3;\"abierta\n",
            b"x\ry\r\nz\n\"q\"tail,w\n",
            b"a,b,c\n1,2\n1,2,3,4\n,,\n\"\",\"\"\n",
            b"n,\"a\n\nb\nc\",long value over the cap\n\"\n\"\n",
            b"only one line without end",
            b"a,b\n1,2\n3,\"open\nstill\r\nopen",
            b"a,b\r\n\"x\ny\",2\n\"\n",
        ];
        let parser = Parser::with_limits(
            Dialect {
                delimiter: b',',
                ..Dialect::default()
            },
            9,
            3,
        );
        let mut tried = (0, 0);
        for input in inputs {
            let mut starts = Vec::new();
            let mut records = Vec::new();
            parser.fresh().parse(input, true, |r| {
                starts.push(r.start);
                records.push(seen(r, input, 0));
            });
            let lines_total = {
                let mut p = parser.fresh();
                p.parse(input, true, |_| {});
                p.lines()
            };
            let line_ends = input.iter().enumerate().filter(|(_, b)| **b == b'\n');
            let cuts: Vec<usize> = line_ends.map(|(i, _)| i + 1).collect();
            for (first, &from) in starts.iter().enumerate() {
                if from != 0 && !cuts.contains(&from) {
                    continue;
                }
                let lines_before = records[first].line - 1;
                for &to in cuts.iter().filter(|&&to| to > from).chain([&input.len()]) {
                    let eof = to == input.len();
                    let mut piece = Piece::default();
                    piece.parse(&parser, &input[from..to], eof);
                    let got: Vec<Seen> = piece
                        .records(first as u64, lines_before)
                        .map(|r| seen(&r, &input[from..], from))
                        .collect();
                    // The records the single parser found wholly inside the piece.
                    let next = starts.iter().position(|&s| s >= to).unwrap_or(starts.len());
                    let clean = eof || starts.contains(&to);
                    let want = if clean { next } else { next - 1 };
                    let case = format!("{:?} from {from} to {to}", String::from_utf8_lossy(input));
                    assert_eq!(got, records[first..want], "{case}");
                    assert_eq!(piece.ends_between_records(), clean, "{case}");
                    assert_eq!(piece.rows(), (want - first) as u64, "{case}");
                    if clean {
                        let end_line = records.get(next).map_or(lines_total + 1, |r| r.line);
                        assert_eq!(piece.lines(), end_line - 1 - lines_before, "{case}");
                        tried.0 += 1;
                    } else {
                        assert_eq!(from + piece.complete(), starts[next - 1], "{case}");
                        assert_eq!(
                            piece.lines(),
                            records[next - 1].line - 1 - lines_before,
                            "{case}"
                        );
                        tried.1 += 1;
                    }
                }
            }
        }
        // Both outcomes were exercised.
        assert!(tried.0 > 20 && tried.1 > 5, "{tried:?}");
    }
}
