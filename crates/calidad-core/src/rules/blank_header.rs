//! `blank-header`: the header row has no labels at all.

use crate::check::{Check, Header};
use crate::finding::{Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule.
pub static BLANK_HEADER: Rule = Rule {
    code: "blank-header",
    severity: Severity::Error,
    tags: &["#table", "#header"],
    title: Text {
        es: "Encabezado en blanco",
        en: "Blank Header",
    },
    description: Text {
        es: "La fila de encabezado está completamente vacía. El encabezado debe nombrar las columnas.",
        en: "The header row is completely empty. The header must name the columns.",
    },
    docs: Text {
        es: "## Qué significa\nLa fila que calidad toma como encabezado no tiene ninguna etiqueta: está vacía o solo tiene delimitadores. Ocurre cuando todo el archivo está en blanco o cuando se indicó una fila de encabezado vacía con `--header-row`.\n\n## Por qué importa\nSin encabezado, ninguna columna tiene nombre y la tabla no se puede interpretar ni documentar.\n\n## Cómo corregirlo\nPonga en la primera fila los nombres de las columnas, o indique con `--header-row N` la fila que sí los tiene.",
        en: "## What it means\nThe row calidad takes as the header has no label at all: it is empty or holds only delimiters. It happens when the whole file is blank, or when an empty row was named as the header with `--header-row`.\n\n## Why it matters\nWithout a header no column has a name, and the table can be neither interpreted nor documented.\n\n## How to fix it\nPut the column names in the first row, or point `--header-row N` at the row that has them.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = finding.row_number.unwrap_or(1);
    match lang {
        Lang::Es => format!("El encabezado (fila {row}) está completamente en blanco"),
        Lang::En => format!("The header (row {row}) is completely blank"),
    }
}

/// Reports a header whose labels are all blank.
#[derive(Debug, Default)]
pub struct BlankHeaderCheck;

impl Check for BlankHeaderCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&BLANK_HEADER];
        &RULES
    }

    fn checks_rows(&self) -> bool {
        false
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        if header.labels.iter().all(|l| l.trim().is_empty()) {
            let mut finding =
                Finding::new(&BLANK_HEADER).at_row(header.row_number, header.line_number);
            finding.labels = Some(header.labels.clone());
            out.push(finding);
        }
    }
}
