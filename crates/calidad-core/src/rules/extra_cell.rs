//! `extra-cell`: a row with more values than the header has labels.

use crate::check::{Check, Header, Row};
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity};
use crate::rules::{field_count_note, row};

/// The rule.
pub static EXTRA_CELL: Rule = Rule {
    code: "extra-cell",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Celda sobrante",
        en: "Extra Cell",
    },
    description: Text {
        es: "La fila tiene más valores que columnas el encabezado. Todas las filas deben tener el mismo número de columnas.",
        en: "The row has more values than the header has columns. Every row must have the same number of columns.",
    },
    docs: Text {
        es: "## Qué significa\nUna fila tiene más celdas que etiquetas tiene el encabezado; se informa una vez por cada celda sobrante, con su número de campo.\n\n## Por qué importa\nLos valores sobrantes no pertenecen a ninguna columna: quien cargue la tabla los perderá o correrá las columnas. La causa típica es un delimitador dentro de un valor sin comillas (`Santiago, Chile` en un archivo separado por comas, o un decimal `3,5` en un archivo separado por comas) o un delimitador al final de la línea.\n\n## Cómo corregirlo\nEncierre entre comillas dobles los valores que contienen el delimitador (`\"Santiago, Chile\"`), use `;` como separador si los números llevan coma decimal, o agregue al encabezado la columna que falta.",
        en: "## What it means\nA row has more cells than the header has labels; each extra cell is reported once, with its field number.\n\n## Why it matters\nExtra values belong to no column: whoever loads the table will lose them or shift the columns. The usual cause is a delimiter inside an unquoted value (`Santiago, Chile` in a comma-separated file, or a decimal `3,5` in a comma-separated file) or a delimiter at the end of the line.\n\n## How to fix it\nWrap values that contain the delimiter in double quotes (`\"Santiago, Chile\"`), use `;` as the separator when numbers have decimal commas, or add the missing column to the header.",
    },
    message,
    note: field_count_note,
};

fn expected(finding: &Finding) -> u64 {
    match finding.detail {
        Detail::FieldCount { expected, .. } => expected,
        _ => 0,
    }
}

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    let field = finding.field_number.unwrap_or(0);
    let expected = expected(finding);
    match lang {
        Lang::Es => format!(
            "La fila {row} tiene un valor de más en la columna {field} (el encabezado tiene {expected} columnas)"
        ),
        Lang::En => format!(
            "Row {row} has an extra value in field {field} (the header has {expected} fields)"
        ),
    }
}

/// Reports each cell beyond the header's last label (blank rows excepted).
#[derive(Debug, Default)]
pub struct ExtraCellCheck;

impl Check for ExtraCellCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&EXTRA_CELL];
        &RULES
    }

    fn row(&mut self, row: &Row<'_>, header: &Header, out: &mut Findings) {
        let expected = header.len() as u64;
        if row.len() <= expected || row.is_blank() {
            return;
        }
        for number in expected + 1..=row.len() {
            if !out.keeps(&EXTRA_CELL, row.number, number) {
                out.count_many(&EXTRA_CELL, row.len() - number + 1);
                return;
            }
            let cell = row.cell(number as usize - 1);
            out.push(
                Finding::new(&EXTRA_CELL)
                    .at_row(row.number, row.line)
                    .at_field(number, Some(""))
                    .with_cell(cell)
                    .with_cells(row.cells())
                    .with_detail(Detail::FieldCount {
                        expected,
                        found: row.len(),
                    }),
            );
        }
    }
}
