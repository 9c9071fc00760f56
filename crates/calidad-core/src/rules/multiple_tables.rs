//! `multiple-tables`: more than one table in one sheet or file.

use crate::check::{Check, Header, Row};
use crate::finding::{Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::row;

/// The rule.
pub static MULTIPLE_TABLES: Rule = Rule {
    code: "multiple-tables",
    severity: Severity::Warning,
    tags: &["#table"],
    title: Text {
        es: "Varias tablas",
        en: "Multiple Tables",
    },
    description: Text {
        es: "La hoja o el archivo tiene más de una tabla: una debajo de otra, o lado a lado.",
        en: "The sheet or file holds more than one table: one below the other, or side by side.",
    },
    docs: Text {
        es: "## Qué significa\nDespués de una o más filas en blanco aparece una fila que parece otro encabezado (solo textos, ningún número) seguida de más datos: la hoja o el archivo tiene más de una tabla, una debajo de otra. La fila indicada es donde empieza la segunda. También se informa una columna sin nombre y siempre vacía entre columnas con nombre: dos tablas lado a lado.\n\n## Por qué importa\nUn programa lee todo como una sola tabla: el segundo encabezado se vuelve un registro y las columnas de la segunda tabla quedan bajo los nombres de la primera.\n\n## Cómo corregirlo\nPublique cada tabla como un recurso aparte (un CSV o una hoja por tabla), con un solo encabezado en la primera fila.",
        en: "## What it means\nAfter one or more blank rows comes a row that looks like another header (only text, no numbers) followed by more data: the sheet or file holds more than one table, one below the other. The row given is where the second starts. An unnamed, always empty column between named ones is reported too: two tables side by side.\n\n## Why it matters\nA program reads everything as one table: the second header becomes a record and the second table's columns end up under the first one's names.\n\n## How to fix it\nPublish each table as its own resource (one CSV or one sheet per table), with a single header in the first row.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    if let Some(field) = finding.field_number {
        return match lang {
            Lang::Es => format!(
                "La columna {field} no tiene nombre ni valores y separa dos tablas puestas lado a lado"
            ),
            Lang::En => format!(
                "Column {field} has no name and no values, and separates two tables side by side"
            ),
        };
    }
    match lang {
        Lang::Es => format!("En la fila {row} parece empezar otra tabla, con su propio encabezado"),
        Lang::En => format!("Another table, with its own header, seems to start at row {row}"),
    }
}

fn is_number(cell: &str) -> bool {
    let t = cell.trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '%' | ' ' | '$'))
}

/// Watches for a header-like row after blank rows in a table whose rows had numbers, and for
/// an empty, unnamed column between filled ones (tables side by side). Cells are only looked at
/// around blank rows, so the usual row costs a couple of comparisons.
#[derive(Debug, Default)]
pub struct MultipleTablesCheck {
    saw_numbers: bool,
    after_blank: bool,
    candidate: Option<(u64, u64)>,
    /// Per column: blank label, and whether any cell was filled.
    columns: Vec<(bool, bool)>,
    /// Unnamed columns with no value seen yet.
    unnamed_empty: usize,
    header_row: u64,
}

fn count_numbers(row: &Row<'_>) -> usize {
    row.cells().filter(|c| is_number(c)).count()
}

impl Check for MultipleTablesCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&MULTIPLE_TABLES];
        &RULES
    }

    fn header(&mut self, header: &Header, _out: &mut Findings) {
        self.columns = header
            .labels
            .iter()
            .map(|label| (label.trim().is_empty(), false))
            .collect();
        self.header_row = header.row_number;
        self.unnamed_empty = self.columns.iter().filter(|(blank, _)| *blank).count();
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, out: &mut Findings) {
        if row.is_blank() {
            self.after_blank = self.saw_numbers;
            self.candidate = None;
            return;
        }
        // Only unnamed columns still empty so far are looked at (usually none).
        if self.unnamed_empty > 0 {
            for (index, column) in self.columns.iter_mut().enumerate() {
                if column.0 && !column.1 && !row.cell(index).trim().is_empty() {
                    column.1 = true;
                    self.unnamed_empty -= 1;
                }
            }
        }
        if let Some((number, line)) = self.candidate.take()
            && count_numbers(row) > 0
        {
            // A header-like row, then data: a second table.
            out.push(Finding::new(&MULTIPLE_TABLES).at_row(number, line));
            self.saw_numbers = false;
        }
        if self.after_blank {
            let filled = row.cells().filter(|c| !c.trim().is_empty()).count();
            if filled >= 2 && count_numbers(row) == 0 {
                self.candidate = Some((row.number, row.line));
            }
        }
        self.after_blank = false;
        if !self.saw_numbers {
            self.saw_numbers = count_numbers(row) > 0;
        }
    }

    fn finish(&mut self, out: &mut Findings) {
        // An unnamed column that stays empty, with named columns on both sides (found in one
        // pass: the first and last named columns bound where such a column can be).
        let first_named = self.columns.iter().position(|(blank, _)| !blank);
        let last_named = self.columns.iter().rposition(|(blank, _)| !blank);
        let (Some(first_named), Some(last_named)) = (first_named, last_named) else {
            return;
        };
        for index in first_named + 1..last_named {
            let (blank, filled) = self.columns[index];
            if blank && !filled {
                out.push(
                    Finding::new(&MULTIPLE_TABLES)
                        .at_row(self.header_row, self.header_row)
                        .at_field(index as u64 + 1, None),
                );
                break;
            }
        }
    }
}
