//! Dialect sniffing: which delimiter, whether spaces follow it, which line ends, and which row
//! is the header, read from the first part of a table.
//!
//! Each candidate delimiter (`,` `;` tab `|`) parses the sample with the real parser. The winner
//! splits the most rows into the same number of fields (consistency) while leaving the fewest
//! cells that still hold another candidate delimiter (cleanliness; numbers such as `1.234,5` do not
//! count). That is what tells a `;` file with decimal commas from a `,` file.
//!
//! Rows above the header are common in exports (a title, a unit note, blank lines). The header is
//! the first row with at least two non-empty cells and at least half the usual number of fields;
//! the rows before it are reported as title rows instead of being read as data.

use crate::parser::{Dialect, FieldKind, Parser, RecordRef, unescape};

/// Candidate delimiters, in order of preference when scores tie.
pub const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Rows looked at when searching for the header.
const HEADER_SEARCH_ROWS: usize = 50;
/// Records parsed per candidate.
const MAX_SAMPLE_RECORDS: usize = 2_000;

/// The line ends a table uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineTerminator {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
    /// `\r`
    Cr,
    /// No line end in the sample (a single line).
    None,
}

impl LineTerminator {
    /// The characters themselves.
    pub fn as_str(self) -> &'static str {
        match self {
            LineTerminator::Lf => "\n",
            LineTerminator::CrLf => "\r\n",
            LineTerminator::Cr => "\r",
            LineTerminator::None => "",
        }
    }
}

/// What the caller already knows and does not want guessed.
#[derive(Clone, Copy, Debug, Default)]
pub struct SniffOverrides {
    /// Use this delimiter.
    pub delimiter: Option<u8>,
    /// The header is this 1-based row.
    pub header_row: Option<u64>,
    /// Use this quote character.
    pub quote: Option<u8>,
    /// Skip (or keep) spaces after a delimiter.
    pub skip_initial_space: Option<bool>,
}

/// The sniffed dialect and header position.
#[derive(Clone, Debug, PartialEq)]
pub struct Sniffed {
    /// Delimiter, quote and space handling.
    pub dialect: Dialect,
    /// The line ends seen most.
    pub line_terminator: LineTerminator,
    /// 1-based row of the header.
    pub header_row: u64,
    /// Whether the delimiter was guessed (false when the caller gave it).
    pub delimiter_guessed: bool,
    /// Whether every line of the sample, the header included, ends with the delimiter: an
    /// empty, unnamed last column that is not part of the table.
    pub trailing_delimiter: bool,
}

#[derive(Debug, Default)]
struct RecordShape {
    row: u64,
    fields: u64,
    non_empty: u64,
    /// Whether the last field is empty (or spaces).
    last_empty: bool,
}

#[derive(Debug)]
struct Candidate {
    delimiter: u8,
    score: f64,
    shapes: Vec<RecordShape>,
    mode: u64,
}

/// Sniffs `sample`, the first decoded bytes of a table. `complete` says the sample is the whole
/// table (so its last line is a full record even without a line end).
pub fn sniff(sample: &[u8], complete: bool, overrides: SniffOverrides) -> Sniffed {
    let sample = trim_to_last_line(sample, complete);
    let line_terminator = line_terminator(sample);
    let delimiters: Vec<u8> = match overrides.delimiter {
        Some(d) => vec![d],
        None => CANDIDATES.to_vec(),
    };
    let mut best: Option<Candidate> = None;
    for &delimiter in &delimiters {
        let candidate = score(sample, complete, delimiter);
        let better = match &best {
            None => true,
            Some(current) => candidate.score > current.score + 1e-9,
        };
        if better {
            best = Some(candidate);
        }
    }
    let Some(best) = best else {
        return Sniffed {
            dialect: Dialect::default(),
            line_terminator,
            header_row: overrides.header_row.unwrap_or(1),
            delimiter_guessed: overrides.delimiter.is_none(),
            trailing_delimiter: false,
        };
    };
    let delimiter = if best.score > 0.0 || overrides.delimiter.is_some() {
        best.delimiter
    } else {
        most_frequent_delimiter(sample)
    };
    let dialect = Dialect {
        delimiter,
        quote: Some(
            overrides
                .quote
                .unwrap_or_else(|| quote_char(sample, complete, delimiter)),
        ),
        skip_initial_space: overrides
            .skip_initial_space
            .unwrap_or_else(|| spaces_follow_delimiter(sample, delimiter)),
    };
    let other;
    let (shapes, mode) = if delimiter == best.delimiter {
        (&best.shapes, best.mode)
    } else {
        other = shapes(sample, complete, delimiter);
        (&other, 0)
    };
    let header_row = match overrides.header_row {
        Some(row) => row.max(1),
        None => find_header(shapes, mode),
    };
    Sniffed {
        dialect,
        line_terminator,
        header_row,
        delimiter_guessed: overrides.delimiter.is_none(),
        trailing_delimiter: trailing_delimiter(shapes, header_row),
    }
}

/// Cuts an incomplete last line off a partial sample (unless nothing would be left).
fn trim_to_last_line(sample: &[u8], complete: bool) -> &[u8] {
    if complete {
        return sample;
    }
    match memchr::memrchr2(b'\n', b'\r', sample) {
        Some(at) => &sample[..=at],
        None => sample,
    }
}

fn line_terminator(sample: &[u8]) -> LineTerminator {
    let crlf = memchr::memmem::find_iter(sample, b"\r\n").count();
    let lf = memchr::memchr_iter(b'\n', sample).count() - crlf;
    let cr = memchr::memchr_iter(b'\r', sample).count() - crlf;
    if crlf == 0 && lf == 0 && cr == 0 {
        LineTerminator::None
    } else if crlf >= lf && crlf >= cr {
        LineTerminator::CrLf
    } else if lf >= cr {
        LineTerminator::Lf
    } else {
        LineTerminator::Cr
    }
}

fn parse_sample(
    sample: &[u8],
    complete: bool,
    dialect: Dialect,
    mut each: impl FnMut(&RecordRef<'_>),
) {
    let mut parser = Parser::new(dialect);
    let mut seen = 0;
    parser.parse(sample, complete, |record| {
        if seen < MAX_SAMPLE_RECORDS {
            each(record);
            seen += 1;
        }
    });
}

/// The values of a record's fields, unescaped where needed.
fn values<'a>(sample: &'a [u8], record: &RecordRef<'_>) -> Vec<std::borrow::Cow<'a, [u8]>> {
    record
        .fields
        .iter()
        .map(|field| {
            let raw = &sample[field.start..field.end];
            if field.kind == FieldKind::Escaped {
                let mut out = Vec::new();
                unescape(raw, b'"', &mut out);
                std::borrow::Cow::Owned(out)
            } else {
                std::borrow::Cow::Borrowed(raw)
            }
        })
        .collect()
}

fn shapes(sample: &[u8], complete: bool, delimiter: u8) -> Vec<RecordShape> {
    let dialect = Dialect {
        delimiter,
        ..Dialect::default()
    };
    let mut out = Vec::new();
    parse_sample(sample, complete, dialect, |record| {
        let cells = values(sample, record);
        let non_empty = cells
            .iter()
            .filter(|cell| !cell.iter().all(u8::is_ascii_whitespace))
            .count() as u64;
        out.push(RecordShape {
            row: record.row,
            fields: record.field_count,
            non_empty,
            last_empty: cells
                .last()
                .is_some_and(|cell| cell.iter().all(u8::is_ascii_whitespace)),
        });
    });
    out
}

fn score(sample: &[u8], complete: bool, delimiter: u8) -> Candidate {
    let dialect = Dialect {
        delimiter,
        skip_initial_space: spaces_follow_delimiter(sample, delimiter),
        ..Dialect::default()
    };
    let mut shapes = Vec::new();
    let (mut cells, mut dirty) = (0u64, 0u64);
    parse_sample(sample, complete, dialect, |record| {
        let mut non_empty = 0;
        let mut last_empty = false;
        for cell in values(sample, record) {
            last_empty = cell.iter().all(u8::is_ascii_whitespace);
            if !last_empty {
                non_empty += 1;
            }
            cells += 1;
            let holds_other = cell
                .iter()
                .any(|&b| b != delimiter && CANDIDATES.contains(&b));
            if holds_other && !number_like(&cell) {
                dirty += 1;
            }
        }
        shapes.push(RecordShape {
            row: record.row,
            fields: record.field_count,
            non_empty,
            last_empty,
        });
    });
    let mode = mode_fields(&shapes);
    let non_blank = shapes.iter().filter(|s| s.non_empty > 0).count();
    let score = if mode < 2 || non_blank == 0 {
        0.0
    } else {
        let consistent = shapes
            .iter()
            .filter(|s| s.non_empty > 0 && s.fields == mode)
            .count();
        let consistency = consistent as f64 / non_blank as f64;
        let cleanliness = 1.0 - dirty as f64 / cells.max(1) as f64;
        consistency * cleanliness
    };
    Candidate {
        delimiter,
        score,
        shapes,
        mode,
    }
}

/// The most common field count among non-blank records with at least two fields (ties go to the
/// larger count); 0 or 1 when no record splits.
fn mode_fields(shapes: &[RecordShape]) -> u64 {
    let mut counts: std::collections::BTreeMap<u64, usize> = std::collections::BTreeMap::new();
    for shape in shapes.iter().filter(|s| s.non_empty > 0) {
        *counts.entry(shape.fields).or_insert(0) += 1;
    }
    let split = counts
        .iter()
        .filter(|(fields, _)| **fields >= 2)
        .max_by_key(|(fields, count)| (**count, **fields));
    match split {
        Some((fields, _)) => *fields,
        None => u64::from(!counts.is_empty()),
    }
}

/// The header is the first row with two or more non-empty cells and at least half the usual
/// number of fields; rows above it are titles, notes or blank. Without such a row, it is the
/// first non-blank row.
/// Whether the header and every non-blank record after it in the sample have the same number
/// of fields (three or more) and an empty last field: the lines end with the delimiter.
fn trailing_delimiter(shapes: &[RecordShape], header_row: u64) -> bool {
    let Some(header) = shapes.iter().find(|s| s.row == header_row) else {
        return false;
    };
    let mut records = shapes
        .iter()
        .filter(|s| s.row > header_row && s.non_empty > 0)
        .peekable();
    header.fields >= 3
        && header.last_empty
        && records.peek().is_some()
        && records.all(|s| s.fields == header.fields && s.last_empty)
}

fn find_header(shapes: &[RecordShape], mode: u64) -> u64 {
    let mode = if mode == 0 { mode_fields(shapes) } else { mode };
    let first_non_blank = shapes.iter().find(|s| s.non_empty > 0).map(|s| s.row);
    if mode >= 2 {
        let header = shapes
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .find(|s| s.non_empty >= 2 && s.fields * 2 >= mode);
        if let Some(header) = header {
            return header.row;
        }
    }
    first_non_blank
        .filter(|&row| row as usize <= HEADER_SEARCH_ROWS)
        .unwrap_or(1)
}

/// `'` when cells are wrapped in single quotes and never in double quotes (`'a';'b'`), else `"`.
fn quote_char(sample: &[u8], complete: bool, delimiter: u8) -> u8 {
    let dialect = Dialect {
        delimiter,
        quote: None,
        skip_initial_space: spaces_follow_delimiter(sample, delimiter),
    };
    let (mut single, mut double, mut non_empty) = (0usize, 0usize, 0usize);
    parse_sample(sample, complete, dialect, |record| {
        for field in record.fields {
            let cell = sample[field.start..field.end].trim_ascii();
            if cell.is_empty() {
                continue;
            }
            non_empty += 1;
            let wrapped = |q: u8| cell.len() >= 2 && cell[0] == q && cell[cell.len() - 1] == q;
            single += usize::from(wrapped(b'\''));
            double += usize::from(wrapped(b'"'));
        }
    });
    if double == 0 && single >= 2 && single * 10 >= non_empty {
        b'\''
    } else {
        b'"'
    }
}

/// Digits with `.`/`,` separators, a sign or a percent sign: `1.234,5`, `-0,3`, `12,5 %`.
fn number_like(cell: &[u8]) -> bool {
    let trimmed = cell.trim_ascii();
    !trimmed.is_empty()
        && trimmed.iter().any(u8::is_ascii_digit)
        && trimmed
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+' | b'%' | b' '))
}

/// True when nearly every delimiter in the sample is followed by a space (`a, b, c`).
fn spaces_follow_delimiter(sample: &[u8], delimiter: u8) -> bool {
    if delimiter == b' ' {
        return false;
    }
    let mut total = 0usize;
    let mut spaced = 0usize;
    for at in memchr::memchr_iter(delimiter, sample) {
        total += 1;
        if sample.get(at + 1) == Some(&b' ') {
            spaced += 1;
        }
    }
    total >= 2 && spaced * 10 >= total * 9
}

/// For a sample that no candidate splits consistently (one long line, or a single column): the
/// candidate that occurs most, or `,`.
fn most_frequent_delimiter(sample: &[u8]) -> u8 {
    CANDIDATES
        .iter()
        .map(|&d| (memchr::memchr_iter(d, sample).count(), d))
        .filter(|(count, _)| *count > 0)
        .max_by_key(|(count, d)| {
            (
                *count,
                std::cmp::Reverse(CANDIDATES.iter().position(|c| c == d)),
            )
        })
        .map_or(b',', |(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(text: &str) -> Sniffed {
        sniff(text.as_bytes(), true, SniffOverrides::default())
    }

    #[test]
    fn delimiters() {
        assert_eq!(guess("a,b,c\n1,2,3\n").dialect.delimiter, b',');
        assert_eq!(guess("a;b;c\n1;2;3\n").dialect.delimiter, b';');
        assert_eq!(guess("a\tb\n1\t2\n").dialect.delimiter, b'\t');
        assert_eq!(guess("a|b\n1|2\n").dialect.delimiter, b'|');
    }

    #[test]
    fn semicolons_with_decimal_commas() {
        let text =
            "region;tasa;monto\nArica;0,92;1.234,5\nTarapacá;0,88;2.001,25\nAntofagasta;0,71;3,5\n";
        assert_eq!(guess(text).dialect.delimiter, b';');
        let regular = "a;b\n1,5;2,5\n3,5;4,5\n5,5;6,5\n";
        assert_eq!(guess(regular).dialect.delimiter, b';');
    }

    #[test]
    fn commas_with_semicolons_in_text() {
        let text = "id,nota\n1,\"bien; muy bien\"\n2,regular\n3,malo\n";
        assert_eq!(guess(text).dialect.delimiter, b',');
    }

    #[test]
    fn title_rows_above_the_header() {
        let text = "Reporte de ventas 2024;;;\n(millones de pesos);;;\n;;;\nregion;mes;monto;nota\nArica;1;2;x\nIquique;1;3;y\n";
        let sniffed = guess(text);
        assert_eq!(sniffed.dialect.delimiter, b';');
        assert_eq!(sniffed.header_row, 4);
        let comment = "# clean this data!\r\nid,neighbor_id,name,population\r\n1,Ireland,Britain,67\r\n2,3,France,n/a,find the population\r\n";
        assert_eq!(guess(comment).header_row, 2);
        assert_eq!(guess("\n\nid,name\n1,a\n").header_row, 3);
        assert_eq!(guess("id,name\n1,a\n").header_row, 1);
        assert_eq!(guess("id,,age\n1,a,3\n").header_row, 1);
    }

    #[test]
    fn single_column_and_single_line() {
        let one = guess("nombre\nAna\nLuis\n");
        assert_eq!(one.header_row, 1);
        assert_eq!(one.dialect.delimiter, b',');
        let long_line = "a;b;c;d;e;f";
        let sniffed = sniff(long_line.as_bytes(), false, SniffOverrides::default());
        assert_eq!(sniffed.dialect.delimiter, b';');
        assert_eq!(sniffed.line_terminator, LineTerminator::None);
    }

    #[test]
    fn spaces_after_delimiters() {
        let sniffed = guess("ID, Test\n1, \"Test line 1\"\n2, \"Test \"\" line 2\"\n");
        assert!(sniffed.dialect.skip_initial_space);
        assert!(!guess("a,b\n1, 2\n3,4\n").dialect.skip_initial_space);
    }

    #[test]
    fn quote_characters() {
        assert_eq!(guess("a,b\n\"x,y\",2\n").dialect.quote, Some(b'"'));
        let single = guess("'id';'nombre'\n'1';'O''Higgins; Libertador'\n'2';'Maule'\n");
        assert_eq!(single.dialect.quote, Some(b'\''));
        assert_eq!(single.dialect.delimiter, b';');
        assert_eq!(
            guess("nombre,nota\nAna,it's fine\nLuis,'ok'\n")
                .dialect
                .quote,
            Some(b'"')
        );
    }

    #[test]
    fn line_terminators() {
        assert_eq!(
            guess("a,b\r\n1,2\r\n").line_terminator,
            LineTerminator::CrLf
        );
        assert_eq!(guess("a,b\n1,2\n").line_terminator, LineTerminator::Lf);
        assert_eq!(guess("a,b\r1,2\r").line_terminator, LineTerminator::Cr);
    }

    #[test]
    fn overrides_win() {
        let sniffed = sniff(
            b"a;b\n1;2\n",
            true,
            SniffOverrides {
                delimiter: Some(b','),
                header_row: Some(2),
                ..SniffOverrides::default()
            },
        );
        assert_eq!(sniffed.dialect.delimiter, b',');
        assert_eq!(sniffed.header_row, 2);
        assert!(!sniffed.delimiter_guessed);
    }
}
