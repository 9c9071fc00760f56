//! `missing-cell`: a row with fewer values than the header has labels.

use crate::check::{Check, Header, Row};
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity};
use crate::rules::{field_count_note, quoted, row};

/// The rule.
pub static MISSING_CELL: Rule = Rule {
    code: "missing-cell",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Celda faltante",
        en: "Missing Cell",
    },
    description: Text {
        es: "La fila tiene menos valores que columnas el encabezado. Todas las filas deben tener el mismo número de columnas.",
        en: "The row has fewer values than the header has columns. Every row must have the same number of columns.",
    },
    docs: Text {
        es: "## Qué significa\nUna fila termina antes de llegar a la última columna: le faltan celdas (no es lo mismo que una celda vacía, que sí existe). Se informa una vez por cada columna faltante.\n\n## Por qué importa\nNo se sabe si el valor falta, si quedó en otra columna o si la fila se cortó; los programas rellenan o desplazan valores de formas distintas. Suele venir de filas cortadas a mano, de comentarios o notas al pie dentro de los datos, o de un salto de línea sin comillas dentro de un valor.\n\n## Cómo corregirlo\nComplete la fila con los delimitadores que faltan (deje vacías las celdas sin dato), saque de la tabla las notas y comentarios, y encierre entre comillas los valores con saltos de línea.",
        en: "## What it means\nA row ends before it reaches the last column: cells are missing (not the same as an empty cell, which does exist). Each missing column is reported once.\n\n## Why it matters\nNobody can tell whether the value is missing, landed in another column, or the row was cut; programs fill in or shift values in different ways. It usually comes from rows cut by hand, from comments or footnotes inside the data, or from an unquoted line break inside a value.\n\n## How to fix it\nComplete the row with the missing delimiters (leave cells without data empty), move notes and comments out of the table, and quote values that contain line breaks.",
    },
    message,
    note: field_count_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    let field = finding.field_number.unwrap_or(0);
    let name = quoted(finding.field_name.as_deref().unwrap_or(""));
    match lang {
        Lang::Es => {
            format!("A la fila {row} le falta el valor de la columna {name} (columna {field})")
        }
        Lang::En => format!("Row {row} has no value for field {name} (field {field})"),
    }
}

/// Reports each header field a row does not reach (blank rows excepted).
#[derive(Debug, Default)]
pub struct MissingCellCheck;

impl Check for MissingCellCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&MISSING_CELL];
        &RULES
    }

    fn row(&mut self, row: &Row<'_>, header: &Header, out: &mut Findings) {
        let expected = header.len() as u64;
        if row.len() >= expected || row.is_blank() {
            return;
        }
        for number in row.len() + 1..=expected {
            if !out.keeps(&MISSING_CELL, row.number, number) {
                out.count_many(&MISSING_CELL, expected - number + 1);
                return;
            }
            out.push(
                Finding::new(&MISSING_CELL)
                    .at_row(row.number, row.line)
                    .at_field(number, header.field_name(number as usize - 1))
                    .with_cell("")
                    .with_cells(row.cells())
                    .with_detail(Detail::FieldCount {
                        expected,
                        found: row.len(),
                    }),
            );
        }
    }
}
