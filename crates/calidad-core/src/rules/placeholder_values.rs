//! `placeholder-values`: a column writes "no data" as text (`NULL`, `s/i`, `N/A`, `-`) instead
//! of leaving the cell empty. Reported once per column, with the placeholder and how many cells
//! hold it.

use crate::check::{Check, Header, Row};
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::{count, field_phrase};
use crate::schema::infer::SENTINELS;

/// The rule.
pub static PLACEHOLDER_VALUES: Rule = Rule {
    code: "placeholder-values",
    severity: Severity::Warning,
    tags: &["#table", "#cell"],
    title: Text {
        es: "Texto en lugar de celdas vacías",
        en: "Placeholder Values",
    },
    description: Text {
        es: "Una columna escribe la falta de dato como texto (NULL, s/i, N/A, -) en vez de dejar la celda vacía.",
        en: "A column writes missing data as text (NULL, s/i, N/A, -) instead of leaving the cell empty.",
    },
    docs: Text {
        es: "## Qué significa\nEn algunas celdas de la columna, la falta de dato está escrita como texto: `NULL`, `s/i`, `N/A`, `sin información`, `-`. calidad lo informa una vez por columna, con el marcador más usado y cuántas celdas lo tienen. Al revisar los tipos los trata como celdas vacías.\n\n## Por qué importa\nPara un programa `NULL` es una palabra: una columna de números con `NULL` se lee como texto, las sumas y promedios fallan, y cada planilla o sistema entiende el marcador de otra forma. Frictionless solo acepta como vacío lo que el esquema declara en `missingValues` (por omisión, la celda vacía).\n\n## Cómo corregirlo\nDeje vacías esas celdas (en una planilla: Buscar y reemplazar `NULL` por nada, con «coincidir con todo el contenido de la celda») y explique en la descripción del recurso por qué faltan datos. Si el marcador debe quedar, declárelo en `missingValues` del esquema.",
        en: "## What it means\nSome cells of the column write missing data as text: `NULL`, `s/i`, `N/A`, `sin información`, `-`. calidad reports it once per column, with the most used placeholder and how many cells hold it. Type checks treat them as empty cells.\n\n## Why it matters\nTo a program `NULL` is a word: a column of numbers with `NULL` reads as text, sums and averages fail, and every spreadsheet or system reads the placeholder differently. Frictionless only treats as empty what the schema declares in `missingValues` (by default, the empty cell).\n\n## How to fix it\nLeave those cells empty (in a spreadsheet: Find and replace `NULL` with nothing, matching the entire cell) and explain in the resource's description why data are missing. If the placeholder must stay, declare it in the schema's `missingValues`.",
    },
    message,
    note: no_note,
};

/// What a finding says: the placeholder, how many cells, the first row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholders {
    /// The most used placeholder, as written (one of a fixed list, never data).
    pub placeholder: &'static str,
    /// Cells holding any placeholder.
    pub cells: u64,
    /// The first row with one.
    pub first_row: u64,
}

fn message(finding: &Finding, lang: Lang) -> String {
    let field = field_phrase(finding, lang);
    let Some(found) = finding.detail.other::<Placeholders>() else {
        return String::new();
    };
    let (placeholder, first) = (found.placeholder, found.first_row);
    let n = count(found.cells, lang);
    match (lang, found.cells) {
        (Lang::Es, 1) => format!(
            "Una celda de la {field} dice «{placeholder}» en vez de estar vacía (fila {first}): déjela vacía"
        ),
        (Lang::Es, _) => format!(
            "{n} celdas de la {field} dicen «{placeholder}» u otro marcador en vez de estar vacías (la primera en la fila {first}): déjelas vacías"
        ),
        (Lang::En, 1) => format!(
            "One cell of {field} says «{placeholder}» instead of being empty (row {first}): leave it empty"
        ),
        (Lang::En, _) => format!(
            "{n} cells of {field} say «{placeholder}» or another placeholder instead of being empty (the first in row {first}): leave them empty"
        ),
    }
}

/// Longest placeholder, with room for surrounding spaces.
const LONGEST: usize = 24;

/// Placeholders that are also ordinary values of a text column — `-` as a separator, `NA` as
/// a code, `Sin información` as a category of its own — are counted only in columns whose
/// other values are mostly numbers or dates. `NULL`, `N/A`, `s/i` are counted everywhere.
fn ambiguous(placeholder: &str) -> bool {
    matches!(placeholder, "-" | "--" | "NA") || placeholder.contains(' ')
}

/// The placeholder `cell` is, as an index into [`SENTINELS`]. Most cells are ruled out by
/// their length or first byte before the list is searched: this runs on every cell.
pub(crate) fn placeholder(cell: &str) -> Option<usize> {
    placeholder_trimmed(cell, crate::rules::trim_cell(cell))
}

/// [`placeholder`] of `cell` as written, given it already `trimmed`: a caller that needs the
/// trimmed cell for another test trims it once.
fn placeholder_trimmed(cell: &str, trimmed: &str) -> Option<usize> {
    if cell.is_empty() || cell.len() > LONGEST {
        return None;
    }
    if !trimmed
        .as_bytes()
        .first()
        .is_some_and(|b| may_start_placeholder(*b))
    {
        return None;
    }
    SENTINELS.iter().position(|s| *s == trimmed)
}

/// Whether a placeholder may start with `byte` (`-`, `#`, `s`/`S`, `n`/`N`).
pub(crate) fn may_start_placeholder(byte: u8) -> bool {
    PLACEHOLDER_STARTS[usize::from(byte)]
}

/// [`may_start_placeholder`] as a table: one load for every cell instead of six comparisons.
static PLACEHOLDER_STARTS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = matches!(byte as u8, b'-' | b'#' | b's' | b'S' | b'n' | b'N');
        byte += 1;
    }
    table
};

/// Whether `cell` is a placeholder this rule counts, in a column whose other values are mostly
/// numbers or dates (`mostly_numbers`) or not: what `calidad corregir` empties.
pub fn is_counted_placeholder(cell: &str, mostly_numbers: bool) -> bool {
    placeholder(cell).is_some_and(|which| mostly_numbers || !ambiguous(SENTINELS[which]))
}

/// Whether `cell` is one of the placeholders at all.
pub fn is_placeholder(cell: &str) -> bool {
    placeholder(cell).is_some()
}

/// Whether `cell` reads as a number or a date (digits with separators, at least one digit).
pub fn numeric_like(cell: &str) -> bool {
    trimmed_numeric_like(crate::rules::trim_cell(cell))
}

/// [`numeric_like`] of a cell already trimmed: one pass, which text leaves at its first
/// letter.
fn trimmed_numeric_like(trimmed: &str) -> bool {
    let mut digit = false;
    for &b in trimmed.as_bytes() {
        if b.is_ascii_digit() {
            digit = true;
        } else if !matches!(b, b'.' | b',' | b'-' | b'/' | b'+' | b':' | b' ') {
            return false;
        }
    }
    digit
}

#[derive(Clone, Debug, Default)]
struct Column {
    /// Per placeholder, indexed like [`SENTINELS`] (allocated at the first one): cells, and
    /// the row and line of the first.
    by_placeholder: Vec<(u64, u64, u64)>,
    /// Other non-empty values, and how many of them read as numbers or dates.
    others: u64,
    numeric: u64,
}

/// Counts, per column, the cells that hold a placeholder; reports one finding per column at
/// the end.
#[derive(Debug, Default)]
pub struct PlaceholderValuesCheck {
    columns: Vec<Column>,
    names: Vec<String>,
}

impl Check for PlaceholderValuesCheck {
    fn runs_on_worker(&self) -> bool {
        true
    }

    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&PLACEHOLDER_VALUES];
        &RULES
    }

    fn header(&mut self, header: &Header, _out: &mut Findings) {
        self.names = super::counted_names(header);
        self.columns = vec![Column::default(); self.names.len()];
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, _out: &mut Findings) {
        for (index, column) in self.columns.iter_mut().enumerate().take(row.kept()) {
            let cell = row.cell(index);
            if cell.is_empty() {
                continue;
            }
            // Trimmed once for both tests.
            let trimmed = crate::rules::trim_cell(cell);
            match placeholder_trimmed(cell, trimmed) {
                Some(which) => {
                    if column.by_placeholder.is_empty() {
                        column.by_placeholder = vec![(0, 0, 0); SENTINELS.len()];
                    }
                    if let Some(seen) = column.by_placeholder.get_mut(which) {
                        if seen.0 == 0 {
                            (seen.1, seen.2) = (row.number, row.line);
                        }
                        seen.0 += 1;
                    }
                }
                None => {
                    column.others += 1;
                    column.numeric += u64::from(trimmed_numeric_like(trimmed));
                }
            }
        }
    }

    fn finish(&mut self, out: &mut Findings) {
        for (index, column) in self.columns.iter().enumerate() {
            let mostly_numbers = column.numeric * 2 > column.others;
            let counted: Vec<(usize, (u64, u64, u64))> = column
                .by_placeholder
                .iter()
                .enumerate()
                .filter(|(which, seen)| {
                    seen.0 > 0 && (mostly_numbers || !ambiguous(SENTINELS[*which]))
                })
                .map(|(which, seen)| (which, *seen))
                .collect();
            let cells: u64 = counted.iter().map(|(_, seen)| seen.0).sum();
            // The first row with any counted placeholder.
            let Some(&(_, (_, first_row, first_line))) =
                counted.iter().min_by_key(|(_, seen)| seen.1)
            else {
                continue;
            };
            // The most used one names the finding (the first in the list on a tie).
            let most = counted
                .iter()
                .max_by_key(|(which, seen)| (seen.0, usize::MAX - which))
                .map_or(0, |(which, _)| *which);
            // A column with no other value is an empty column, reported as such by the score.
            if column.others == 0 {
                continue;
            }
            out.push(
                Finding::new(&PLACEHOLDER_VALUES)
                    .at_row(first_row, first_line)
                    .at_field(index as u64 + 1, self.names.get(index).map(String::as_str))
                    .with_detail(Detail::of(Placeholders {
                        placeholder: SENTINELS[most],
                        cells,
                        first_row,
                    })),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_passes_the_first_byte_test() {
        for placeholder in SENTINELS {
            assert!(
                may_start_placeholder(placeholder.as_bytes()[0]),
                "{placeholder}"
            );
        }
    }

    #[test]
    fn only_the_placeholders_first_bytes_pass() {
        let passing: Vec<u8> = (0..=255u8).filter(|b| may_start_placeholder(*b)).collect();
        assert_eq!(passing, b"#-NSns");
    }

    #[test]
    fn placeholders_are_whole_cells() {
        assert!(placeholder("NULL").is_some());
        assert!(placeholder(" s/i ").is_some());
        assert!(placeholder("NULLO").is_none());
        assert!(placeholder("sin información adicional").is_none());
    }

    #[test]
    fn the_one_pass_numeric_test_agrees_with_the_two_pass_one() {
        let two_passes = |cell: &str| {
            cell.bytes().all(|b| {
                b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'/' | b'+' | b':' | b' ')
            }) && cell.bytes().any(|b| b.is_ascii_digit())
        };
        let bytes = ["1", "a", ".", ",", "-", "/", "+", ":", " ", "é", "x9"];
        for cell in crate::rules::pieces_joined(&bytes, 4) {
            assert_eq!(trimmed_numeric_like(&cell), two_passes(&cell), "{cell:?}");
        }
    }

    #[test]
    fn numbers_and_dates_read_as_numeric() {
        assert!(numeric_like("1.234,5"));
        assert!(numeric_like("31-12-2024"));
        assert!(!numeric_like("-"));
        assert!(!numeric_like("Arica"));
    }
}
