//! The end of a table. Rows that may be a footer (notes, the source) or spreadsheet padding
//! (zeros, empty cells, `00-01-1900`) are held back, up to a bound, instead of going to the
//! checks. When a record follows, they were data after all and go to the checks in order; when
//! the file ends, they are one root-cause finding and are not checked as data.

use crate::check::Row;

/// Most rows held back at once; past it the held rows are checked as data.
pub(crate) const MAX_HELD_ROWS: usize = 200_000;
/// Most memory the held rows' text and cells take (see `RowBatch::bytes`): 200,000 rows of
/// nine zeros (233 bytes each with their cells) fit, as 16 MiB of text alone did before cells
/// were counted; a thousand-column padding row of zeros (26 KB) is held 2,500 times at most.
pub(crate) const MAX_HELD_BYTES: usize = 64 * 1024 * 1024;
/// Fewest rows that make a padding tail: one or two blank rows at the end are reported as
/// Frictionless does, row by row.
pub(crate) const MIN_PADDING_ROWS: usize = 3;

/// What a row that might end the table looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Candidate {
    /// Every cell empty.
    Blank,
    /// Only zeros, empty cells and zero dates.
    Filler,
    /// One or two cells, the first a note (`Fuente:`, `Nota`, `(*)`, `Volver al índice`).
    Note,
    /// One cell of a wider table holding a sentence (a methodology note without a keyword):
    /// part of a footer when a note follows, a record otherwise.
    Prose,
    /// One or two cells of a wider table: a note's continuation, or a sparse record.
    Sparse,
}

/// Whether `row` might belong to a footer or padding tail of a table `columns` wide.
pub(crate) fn candidate(row: &Row<'_>, columns: usize) -> Option<Candidate> {
    if !row.invalid.is_empty() || row.unclosed_quote.is_some() || row.dropped_bytes > 0 {
        return None;
    }
    if row.is_blank() {
        return Some(Candidate::Blank);
    }
    if row.cells().all(is_filler) {
        return Some(Candidate::Filler);
    }
    if columns < 3 {
        return None;
    }
    let mut filled = row
        .cells()
        .filter(|c| !crate::rules::trim_cell(c).is_empty());
    let first = filled.next()?;
    let count = 1 + filled.take(2).count();
    if count > 2 || count >= columns {
        return None;
    }
    Some(if is_note(first) {
        Candidate::Note
    } else if count == 1 && is_prose(first) {
        Candidate::Prose
    } else {
        Candidate::Sparse
    })
}

/// An empty cell, a zero (`0`, `0,0`, `0.00`, `-0`) or the date Excel shows for zero.
fn is_filler(cell: &str) -> bool {
    let cell = crate::rules::trim_cell(cell);
    if cell.is_empty() {
        return true;
    }
    if cell.len() <= 12
        && cell.bytes().any(|b| b == b'0')
        && cell.bytes().all(|b| matches!(b, b'0' | b'.' | b',' | b'-'))
    {
        return true;
    }
    // Excel's zero date: `00-01-1900`, `1900-01-00` (any of `-`, `/`, `.`), perhaps with a time.
    let date = cell.strip_suffix(" 00:00:00").unwrap_or(cell);
    // Eight to ten bytes (`0-1-1900` to `00-01-1900`); the year looked for without building a
    // searcher, as this runs on a cell of every row.
    if !(8..=10).contains(&date.len()) || !date.as_bytes().windows(4).any(|w| w == b"1900") {
        return false;
    }
    let mut parts = date.split(['-', '/', '.']);
    let (Some(a), Some(month), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let day = match (a, c) {
        (day, "1900") | ("1900", day) => day,
        _ => return false,
    };
    let zero_or_one =
        |p: &str| !p.is_empty() && p.len() <= 2 && p.trim_start_matches('0').len() <= 1;
    !day.is_empty() && day.bytes().all(|b| b == b'0') && zero_or_one(month)
}

/// A sentence: thirty characters or more in five words or more.
fn is_prose(cell: &str) -> bool {
    cell.len() >= 30 && cell.split_whitespace().nth(4).is_some()
}

/// Whether a cell reads as a footnote: the source, a note, an index link, a footnote marker.
fn is_note(cell: &str) -> bool {
    let cell = cell.trim();
    if cell.starts_with('*') || cell.starts_with("(*") {
        return true;
    }
    // Footnote numbers: "(1) …", "1/ …", "1) …".
    let digits = cell.bytes().take_while(u8::is_ascii_digit).count();
    let after_paren = cell.strip_prefix('(').map(|rest| {
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        n > 0 && rest[n..].starts_with(')')
    });
    if after_paren == Some(true)
        || (digits > 0 && digits <= 2 && matches!(cell.as_bytes().get(digits), Some(b'/' | b')')))
    {
        return true;
    }
    let lower = cell.to_lowercase();
    const STARTS: &[&str] = &[
        "fuente",
        "fuentes",
        "nota",
        "notas",
        "elaborado",
        "elaborada",
        "elaboración",
        "elaboracion",
        "volver",
        "regresar",
        "ir al índice",
        "ir al indice",
        "observación",
        "observacion",
        "observaciones",
        "source",
        "note",
        "notes",
        "actualizado",
        "actualizada",
        "última actualización",
        "ultima actualizacion",
        "fecha de actualización",
        "fecha de actualizacion",
        "cifras",
        "datos provisorios",
        "información",
        "informacion",
        "para mayor",
        "más información",
        "mas informacion",
        "no incluye",
        "incluye",
        "excluye",
    ];
    STARTS.iter().any(|start| {
        lower.starts_with(start)
            && !lower[start.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// The held rows' fate at the end of the file, as indexes into them.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Ending {
    /// Held rows `..data` are records after all.
    pub data: usize,
    /// Held rows `data..footer` are padding (empty when fewer than [`MIN_PADDING_ROWS`]).
    pub padding: std::ops::Range<usize>,
    /// Held rows `footer..` are a footer.
    pub footer: std::ops::Range<usize>,
}

/// Splits the held rows (a suffix of the table) into records, padding and footer.
pub(crate) fn ending(held: &[Candidate]) -> Ending {
    let end = held.len();
    let mut footer = end;
    if let Some(note) = held.iter().position(|&c| c == Candidate::Note) {
        footer = note;
        // The blank rows and sentences just before the first note belong to the footer.
        while footer > 0 && matches!(held[footer - 1], Candidate::Blank | Candidate::Prose) {
            footer -= 1;
        }
    }
    let mut padding = footer;
    while padding > 0 && matches!(held[padding - 1], Candidate::Blank | Candidate::Filler) {
        padding -= 1;
    }
    if footer - padding < MIN_PADDING_ROWS {
        padding = footer;
    }
    Ending {
        data: padding,
        padding: padding..footer,
        footer: footer..end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Candidate::*;

    #[test]
    fn fillers() {
        for yes in [
            "",
            " ",
            "0",
            "0,0",
            "0.00",
            "00-01-1900",
            "0/1/1900",
            "1900-01-00",
            "00-01-1900 00:00:00",
        ] {
            assert!(is_filler(yes), "{yes}");
        }
        for no in ["1", "10", "01-01-1900", "Arica", "2020", "-", "0,5"] {
            assert!(!is_filler(no), "{no}");
        }
    }

    #[test]
    fn notes() {
        for yes in [
            "Fuente: INE - Sermig",
            "Volver al índice",
            "Nota: cifras provisorias",
            "NOTAS",
            "(*) Incluye",
            "(1) Cifras",
            "1/ Promedio",
            "Elaborado por el Departamento",
            "* Provisorio",
        ] {
            assert!(is_note(yes), "{yes}");
        }
        for no in [
            "Notario",
            "Fuentealba",
            "Arica",
            "2020",
            "10 de julio",
            "Notaría",
        ] {
            assert!(!is_note(no), "{no}");
        }
    }

    #[test]
    fn endings() {
        // Records, three filler rows, a blank row, the source and a continuation.
        let held = [Sparse, Filler, Blank, Filler, Blank, Note, Sparse];
        assert_eq!(
            ending(&held),
            Ending {
                data: 1,
                padding: 1..4,
                footer: 4..7
            }
        );
        // Two blank rows are not padding: they stay rows (blank-row, as Frictionless reports).
        assert_eq!(
            ending(&[Blank, Blank]),
            Ending {
                data: 2,
                padding: 2..2,
                footer: 2..2
            }
        );
        // Sparse rows without a note are records.
        assert_eq!(ending(&[Sparse, Sparse]).data, 2);
        // A sentence after a blank row and before the notes is part of the footer; without a
        // note after it, it is a record.
        assert_eq!(ending(&[Blank, Prose, Note, Note]).footer, 0..4);
        assert_eq!(ending(&[Prose]).data, 1);
    }
}
