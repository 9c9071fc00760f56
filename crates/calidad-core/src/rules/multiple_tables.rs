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
        es: "Después de filas en blanco empieza otra tabla, con su propio encabezado.",
        en: "After blank rows another table starts, with its own header.",
    },
    docs: Text {
        es: "## Qué significa\nDespués de una o más filas en blanco aparece una fila que parece otro encabezado (solo textos, ningún número) seguida de más datos: la hoja o el archivo tiene más de una tabla, una debajo de otra. La fila indicada es donde empieza la segunda.\n\n## Por qué importa\nUn programa lee todo como una sola tabla: el segundo encabezado se vuelve un registro y las columnas de la segunda tabla quedan bajo los nombres de la primera.\n\n## Cómo corregirlo\nPublique cada tabla como un recurso aparte (un CSV o una hoja por tabla), con un solo encabezado en la primera fila.",
        en: "## What it means\nAfter one or more blank rows comes a row that looks like another header (only text, no numbers) followed by more data: the sheet or file holds more than one table, one below the other. The row given is where the second starts.\n\n## Why it matters\nA program reads everything as one table: the second header becomes a record and the second table's columns end up under the first one's names.\n\n## How to fix it\nPublish each table as its own resource (one CSV or one sheet per table), with a single header in the first row.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
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

/// Watches for a header-like row after blank rows, in a table whose rows had numbers.
#[derive(Debug, Default)]
pub struct MultipleTablesCheck {
    saw_numbers: bool,
    after_blank: bool,
    candidate: Option<(u64, u64)>,
}

impl Check for MultipleTablesCheck {
    fn rule(&self) -> &'static Rule {
        &MULTIPLE_TABLES
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, out: &mut Findings) {
        if row.is_blank() {
            self.after_blank = self.saw_numbers;
            self.candidate = None;
            return;
        }
        let filled = row.cells().filter(|c| !c.trim().is_empty()).count();
        let numbers = row.cells().filter(|c| is_number(c)).count();
        if let Some((number, line)) = self.candidate.take()
            && numbers > 0
        {
            // A header-like row, then data: a second table.
            out.push(Finding::new(&MULTIPLE_TABLES).at_row(number, line));
            self.saw_numbers = false;
        }
        if self.after_blank && filled >= 2 && numbers == 0 {
            self.candidate = Some((row.number, row.line));
        }
        self.after_blank = false;
        self.saw_numbers |= numbers > 0;
    }
}
