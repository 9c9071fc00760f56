//! `blank-row`: a data row with no values.

use crate::check::{Check, Header, Row};
use crate::finding::{Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::row;

/// The rule.
pub static BLANK_ROW: Rule = Rule {
    code: "blank-row",
    severity: Severity::Error,
    tags: &["#table", "#row"],
    title: Text {
        es: "Fila en blanco",
        en: "Blank Row",
    },
    description: Text {
        es: "La fila no tiene ningún valor. Toda fila de datos debe tener al menos uno.",
        en: "The row has no values. Every data row must have at least one.",
    },
    docs: Text {
        es: "## Qué significa\nUna fila de datos está vacía: es una línea en blanco o solo tiene delimitadores (`;;;`). Las filas se cuentan como en Frictionless: el encabezado es la fila 1 y las líneas en blanco también cuentan.\n\n## Por qué importa\nLas filas vacías se cuentan como registros, rompen las sumas y los conteos, y suelen separar dos tablas distintas en un mismo archivo o venir del relleno de Excel al final de la hoja.\n\n## Cómo corregirlo\nElimine las filas vacías. Si separan dos tablas, publique cada tabla en su propio archivo.",
        en: "## What it means\nA data row is empty: a blank line, or only delimiters (`;;;`). Rows are counted as Frictionless counts them: the header is row 1 and blank lines count too.\n\n## Why it matters\nEmpty rows are counted as records, break sums and counts, and often separate two different tables in one file or come from Excel padding at the end of a sheet.\n\n## How to fix it\nDelete the empty rows. If they separate two tables, publish each table in its own file.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!("La fila {row} está completamente en blanco"),
        Lang::En => format!("Row {row} is completely blank"),
    }
}

/// Reports rows whose cells are all empty.
#[derive(Debug, Default)]
pub struct BlankRowCheck;

impl Check for BlankRowCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&BLANK_ROW];
        &RULES
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, out: &mut Findings) {
        if row.is_blank() {
            if out.keeps(&BLANK_ROW, row.number, 0) {
                out.push(
                    Finding::new(&BLANK_ROW)
                        .at_row(row.number, row.line)
                        .with_cells(row.cells()),
                );
            } else {
                out.count(&BLANK_ROW);
            }
        }
    }
}
