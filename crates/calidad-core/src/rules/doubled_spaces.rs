//! `doubled-spaces`: two or more spaces in a row inside a value or a label (`Arica  y
//! Parinacota`). Reported once per column, with how many values have them.

use crate::check::{Check, Header, Row};
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::{count, field_phrase};

/// The rule.
pub static DOUBLED_SPACES: Rule = Rule {
    code: "doubled-spaces",
    severity: Severity::Warning,
    tags: &["#table", "#cell"],
    title: Text {
        es: "Espacios dobles dentro de los valores",
        en: "Doubled Spaces",
    },
    description: Text {
        es: "Valores o nombres de columna con dos o más espacios seguidos entre palabras.",
        en: "Values or column names with two or more spaces in a row between words.",
    },
    docs: Text {
        es: "## Qué significa\nAlgunos valores (o el nombre de la columna) tienen dos o más espacios seguidos entre palabras: `Arica  y  Parinacota`. calidad lo informa una vez por columna, con cuántos valores lo tienen y la primera fila.\n\n## Por qué importa\nA la vista son iguales, pero para un programa `Arica  y  Parinacota` y `Arica y Parinacota` son dos regiones distintas: los filtros, cruces y conteos fallan sin aviso.\n\n## Cómo corregirlo\nReemplace los espacios repetidos por uno solo (en una planilla, la función `ESPACIOS`/`TRIM` lo hace) y vuelva a exportar.",
        en: "## What it means\nSome values (or the column's name) have two or more spaces in a row between words: `Arica  y  Parinacota`. calidad reports it once per column, with how many values have them and the first row.\n\n## Why it matters\nThey look the same, but to a program `Arica  y  Parinacota` and `Arica y Parinacota` are two different regions: filters, joins and counts fail silently.\n\n## How to fix it\nReplace repeated spaces with one (in a spreadsheet, the `TRIM` function does it) and export again.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let field = field_phrase(finding, lang);
    match finding.detail {
        Detail::Span { first, rows, .. } => {
            let n = count(rows, lang);
            match (lang, rows) {
                (Lang::Es, 1) => format!(
                    "Un valor de la {field} tiene espacios dobles entre palabras (fila {first}): déjelos en uno"
                ),
                (Lang::Es, _) => format!(
                    "{n} valores de la {field} tienen espacios dobles entre palabras (el primero en la fila {first}): déjelos en uno"
                ),
                (Lang::En, 1) => format!(
                    "One value of {field} has doubled spaces between words (row {first}): make them one"
                ),
                (Lang::En, _) => format!(
                    "{n} values of {field} have doubled spaces between words (the first in row {first}): make them one"
                ),
            }
        }
        _ => match lang {
            Lang::Es => format!("El nombre de la {field} tiene espacios dobles entre palabras"),
            Lang::En => format!("The name of {field} has doubled spaces between words"),
        },
    }
}

/// Whether `text` has two spaces in a row between non-space characters.
fn has_inner_double_space(text: &str) -> bool {
    // Spaces before the first letter or digit are indentation (`.  Activos`, a level of a
    // hierarchy shown with spaces), not a typing slip.
    let trimmed = text.trim();
    let words = trimmed
        .find(char::is_alphanumeric)
        .map_or("", |start| &trimmed[start..]);
    let bytes = words.as_bytes();
    // Most cells have no space or a few single ones: jump from space to space.
    let mut from = 0;
    while let Some(found) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr(b' ', rest))
    {
        let at = from + found;
        if bytes.get(at + 1) == Some(&b' ') {
            return true;
        }
        from = at + 1;
    }
    false
}

#[derive(Clone, Copy, Debug, Default)]
struct Seen {
    values: u64,
    first_row: u64,
    first_line: u64,
    last_row: u64,
}

/// Counts, per column, the values with doubled spaces; reports labels at once and values at the
/// end, one finding per column.
#[derive(Debug)]
pub struct DoubledSpacesCheck {
    columns: Vec<Seen>,
    names: Vec<String>,
    /// Finds two spaces in a row's text, built once per table.
    two_spaces: memchr::memmem::Finder<'static>,
}

impl Default for DoubledSpacesCheck {
    fn default() -> DoubledSpacesCheck {
        DoubledSpacesCheck {
            columns: Vec::new(),
            names: Vec::new(),
            two_spaces: memchr::memmem::Finder::new(b"  "),
        }
    }
}

impl Check for DoubledSpacesCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&DOUBLED_SPACES];
        &RULES
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        self.names = super::counted_names(header);
        self.columns = vec![Seen::default(); self.names.len()];
        for (index, label) in header.labels.iter().enumerate() {
            if has_inner_double_space(label) {
                out.push(
                    Finding::new(&DOUBLED_SPACES)
                        .at_row(header.row_number, header.line_number)
                        .at_field(index as u64 + 1, header.field_name(index))
                        .with_detail(Detail::None),
                );
            }
        }
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, _out: &mut Findings) {
        // One scan of the row's text (which holds every cell) rules out almost every row:
        // without two spaces in a row anywhere, no cell has them.
        if self.two_spaces.find(row.text().as_bytes()).is_none() {
            return;
        }
        for (index, seen) in self.columns.iter_mut().enumerate().take(row.kept()) {
            if has_inner_double_space(row.cell(index)) {
                if seen.values == 0 {
                    seen.first_row = row.number;
                    seen.first_line = row.line;
                }
                seen.values += 1;
                seen.last_row = row.number;
            }
        }
    }

    fn finish(&mut self, out: &mut Findings) {
        for (index, seen) in self.columns.iter().enumerate() {
            if seen.values == 0 {
                continue;
            }
            out.push(
                Finding::new(&DOUBLED_SPACES)
                    .at_row(seen.first_row, seen.first_line)
                    .at_field(index as u64 + 1, self.names.get(index).map(String::as_str))
                    .with_detail(Detail::Span {
                        first: seen.first_row,
                        last: seen.last_row,
                        rows: seen.values,
                    }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_spaces_only() {
        assert!(has_inner_double_space("Arica  y Parinacota"));
        assert!(!has_inner_double_space("Arica y Parinacota"));
        assert!(!has_inner_double_space("  Arica "));
        assert!(!has_inner_double_space("   "));
        assert!(!has_inner_double_space(".  Activos"));
        assert!(has_inner_double_space(".  Activos  netos"));
    }
}
