//! One file per finding code. Each file holds the code's [`Rule`](crate::rule::Rule) (texts in
//! Spanish and English, documentation for `calidad explain`) and, when the code is found row by
//! row, the [`Check`](crate::check::Check) that finds it. They are all listed once, in
//! [`crate::registry`].

pub mod ascii_value;
pub mod blank_header;
pub mod blank_label;
pub mod blank_row;
pub mod byte_count;
pub mod check_error;
pub mod constraint_error;
pub mod description_row;
pub mod deviated_cell;
pub mod deviated_value;
pub mod doubled_spaces;
pub mod duplicate_label;
pub mod duplicate_row;
pub mod encoding_error;
pub mod extra_cell;
pub mod extra_label;
pub mod field_count;
pub mod footer_rows;
pub mod forbidden_value;
pub mod foreign_key;
pub mod format_error;
pub mod formula_error;
pub mod hash_count;
pub mod incorrect_label;
pub mod macros_present;
pub mod merged_cells;
pub mod missing_cell;
pub mod missing_header;
pub mod missing_label;
pub mod mixed_types;
pub mod mojibake;
pub mod multi_row_header;
pub mod multiple_tables;
pub mod non_utf8_encoding;
pub mod not_a_table;
mod opt_in;
pub mod padding_rows;
pub mod placeholder_values;
pub mod primary_key;
pub mod required_value;
pub mod row_constraint;
pub mod row_count;
pub mod row_too_large;
pub mod schema_error;
mod schema_text;
pub mod sequential_value;
pub mod serial_dates;
pub mod source_error;
pub mod table_dimensions;
pub mod title_rows;
pub mod total_row;
pub mod trailing_delimiter;
pub mod truncated_value;
pub mod type_error;
pub mod unclosed_quote;
pub mod unique_error;

use crate::finding::{Detail, Finding};
use crate::lang::Lang;

/// Text in double quotes, shortened to 60 characters for messages, on one line: a line break
/// inside (a header written on two lines in a spreadsheet cell) becomes a space, so a message
/// never breaks the report's layout.
pub(crate) fn quoted(text: &str) -> String {
    const MAX: usize = 60;
    let one_line: String;
    let text = if text.contains(['\n', '\r', '\t']) {
        one_line = text
            .split(['\n', '\r', '\t'])
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        one_line.as_str()
    } else {
        text
    };
    match text.char_indices().nth(MAX) {
        None => format!("\"{text}\""),
        Some((cut, _)) => format!("\"{}…\"", &text[..cut]),
    }
}

/// `columna 3 ("comuna")` / `field 3 ("comuna")`, or just the number when there is no name.
pub(crate) fn field_phrase(finding: &Finding, lang: Lang) -> String {
    let word = lang.pick("columna", "field");
    let number = finding.field_number.unwrap_or(0);
    match finding.field_name.as_deref() {
        Some(name) if !name.is_empty() => format!("{word} {number} ({})", quoted(name)),
        _ => format!("{word} {number}"),
    }
}

/// Columns the per-column checks keep counts for, as many as inference and the profile cover
/// (Excel's widest sheet): a line of a million commas does not cost each check a million
/// counters and a copy of a million names.
const MAX_COLUMNS_COUNTED: usize = crate::schema::infer::MAX_INFERRED_COLUMNS;

/// The names of the columns a per-column check keeps counts for: the first
/// [`MAX_COLUMNS_COUNTED`]. A check keeps one counter per name.
pub(crate) fn counted_names(header: &crate::check::Header) -> Vec<String> {
    header
        .field_names
        .iter()
        .take(MAX_COLUMNS_COUNTED)
        .cloned()
        .collect()
}

/// `cell` without surrounding whitespace, as `str::trim` gives it, but without its Unicode
/// scan when neither end can be whitespace (almost every cell): checks that look at every cell
/// call this.
pub(crate) fn trim_cell(cell: &str) -> &str {
    let bytes = cell.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last))
            if WHITESPACE_EDGES[usize::from(first)] & MAY_START == 0
                && WHITESPACE_EDGES[usize::from(last)] & MAY_END == 0 =>
        {
            cell
        }
        _ => cell.trim(),
    }
}

/// [`WHITESPACE_EDGES`]: the byte can begin a whitespace character (ASCII, or the lead byte of
/// U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000).
const MAY_START: u8 = 1;
/// [`WHITESPACE_EDGES`]: the byte can end one. Accented letters at either end of a cell are in
/// neither set, so they stay on the fast path.
const MAY_END: u8 = 2;

/// Per byte, whether it may start or end a whitespace character: one load instead of a chain
/// of comparisons, for the checks that look at every cell.
static WHITESPACE_EDGES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        if matches!(b, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1..=0xE3) {
            table[byte] |= MAY_START;
        }
        if matches!(b, 0x09..=0x0D | 0x20 | 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF) {
            table[byte] |= MAY_END;
        }
        byte += 1;
    }
    table
};

/// A word of eight bytes of 1, for the tests that read a cell eight bytes at a time.
const ONES: u64 = u64::from_ne_bytes([1; 8]);

/// Whether `bytes` hold an ASCII digit, read eight at a time: a text cell has none, so the
/// whole cell is read, and per-cell checks ask this of every text cell.
pub(crate) fn has_ascii_digit(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            continue;
        };
        // Digits become 0..=9 and nothing else does; a byte below 10 is the only place a
        // borrow can start, so the test is exact for "any" (not for "which").
        let shifted = u64::from_ne_bytes(word) ^ (ONES * u64::from(b'0'));
        if shifted.wrapping_sub(ONES * 10) & !shifted & (ONES * 0x80) != 0 {
            return true;
        }
    }
    words.remainder().iter().any(u8::is_ascii_digit)
}

/// How many times `byte` is in `bytes`, read eight at a time, stopping once `enough` are
/// counted (the count returned may then be more than `enough`).
pub(crate) fn count_byte(bytes: &[u8], byte: u8, enough: u32) -> u32 {
    const LOW7: u64 = ONES * 0x7F;
    let mut count = 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            continue;
        };
        // Bytes equal to `byte` become zero; a zero byte is the only one whose high bit stays
        // clear in `(x & 0x7F) + 0x7F | x`, with no carry between bytes: exact per byte.
        let x = u64::from_ne_bytes(word) ^ (ONES * u64::from(byte));
        let zeros = !(((x & LOW7) + LOW7) | x) & (ONES * 0x80);
        count += zeros.count_ones();
        if count >= enough {
            return count;
        }
    }
    count + words.remainder().iter().filter(|b| **b == byte).count() as u32
}

/// A count with the thousands separator of `lang`: `12.345` / `12,345`.
pub(crate) fn count(n: u64, lang: Lang) -> String {
    lang.count(n)
}

/// The note of row-length findings: how many values the row and the header have.
pub(crate) fn field_count_note(finding: &Finding, lang: Lang) -> String {
    match finding.detail {
        Detail::FieldCount { expected, found } => match lang {
            Lang::Es => format!("la fila tiene {found} valores y el encabezado {expected}"),
            Lang::En => format!("the row has {found} values and the header {expected}"),
        },
        _ => String::new(),
    }
}

/// The message of `byte-count`, `row-count` and `field-count`: what was declared and found.
pub(crate) fn declared_count_message(finding: &Finding, lang: Lang, es: &str, en: &str) -> String {
    let Detail::Dimension { limit, found, .. } = finding.detail else {
        return String::new();
    };
    match lang {
        Lang::Es => format!("Se esperaban {limit} {es} y hay {found}"),
        Lang::En => format!("Expected {limit} {en} but found {found}"),
    }
}

/// The row number of a finding (0 when missing, which rules never produce for row findings).
pub(crate) fn row(finding: &Finding) -> u64 {
    finding.row_number.unwrap_or(0)
}

/// Every string of one to `up_to` of `pieces` put end to end: cells for tests that compare a
/// fast per-cell test with the plain one it replaces.
#[cfg(test)]
pub(crate) fn pieces_joined(pieces: &[&str], up_to: usize) -> Vec<String> {
    let mut all = Vec::new();
    let mut last = vec![String::new()];
    for _ in 0..up_to {
        last = last
            .iter()
            .flat_map(|cell| pieces.iter().map(move |piece| format!("{cell}{piece}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_are_found_wherever_they_are() {
        // Every byte value at every place of cells of 1 to 20 bytes, the rest letters or
        // bytes just outside the digits' range.
        for len in 1..=20 {
            for place in 0..len {
                for byte in 0..=255u8 {
                    for filler in [b'a', b'/', b':', 0xFF, 0x00] {
                        let mut cell = vec![filler; len];
                        cell[place] = byte;
                        assert_eq!(
                            super::has_ascii_digit(&cell),
                            cell.iter().any(u8::is_ascii_digit),
                            "{cell:?}"
                        );
                    }
                }
            }
        }
        assert!(!super::has_ascii_digit(b""));
    }

    #[test]
    fn bytes_are_counted_wherever_they_are() {
        // Every pair of places in cells of 1 to 20 bytes, with every byte value around them.
        for len in 1..=20 {
            for first in 0..len {
                for second in first..len {
                    for filler in 0..=255u8 {
                        let mut cell = vec![filler; len];
                        cell[first] = b'.';
                        cell[second] = b'.';
                        let dots = cell.iter().filter(|b| **b == b'.').count() as u32;
                        assert_eq!(super::count_byte(&cell, b'.', u32::MAX), dots);
                        assert_eq!(super::count_byte(&cell, b'.', 2) >= 2, dots >= 2);
                    }
                }
            }
        }
        assert_eq!(super::count_byte(b"", b'.', 2), 0);
    }

    #[test]
    fn trim_cell_trims_as_str_trim_does() {
        let samples = [
            "Ñuble",
            "Biobío",
            "  x ",
            "\u{a0}x\u{a0}",
            "x\u{3000}",
            "\u{2028}x",
            "\u{1680}x\u{85}",
            "\u{0b}x\u{0c}",
            "á",
            "",
            " ",
            "\u{202f}\u{205f}",
            "x\u{200a}",
            "ñ\u{2009}",
            "é\u{feff}",
        ];
        for cell in samples {
            assert_eq!(super::trim_cell(cell), cell.trim(), "{cell:?}");
        }
        // Every character, alone and between letters.
        for c in (0..0x3100u32).filter_map(char::from_u32) {
            for cell in [
                c.to_string(),
                format!("a{c}"),
                format!("{c}a"),
                format!("ñ{c}é"),
            ] {
                assert_eq!(super::trim_cell(&cell), cell.trim(), "{cell:?}");
            }
        }
    }

    use super::*;

    #[test]
    fn counts() {
        assert_eq!(count(0, Lang::Es), "0");
        assert_eq!(count(999, Lang::En), "999");
        assert_eq!(count(1234, Lang::Es), "1.234");
        assert_eq!(count(1234567, Lang::En), "1,234,567");
    }

    #[test]
    fn quoting() {
        assert_eq!(quoted("comuna"), "\"comuna\"");
        assert!(quoted(&"x".repeat(100)).ends_with("…\""));
        for cell in ["a", " a ", "\u{a0}a\u{a0}", "á ", "", "  "] {
            assert_eq!(trim_cell(cell), cell.trim(), "{cell:?}");
        }
        assert_eq!(quoted("Razón\nhombre-mujer"), "\"Razón hombre-mujer\"");
    }
}
