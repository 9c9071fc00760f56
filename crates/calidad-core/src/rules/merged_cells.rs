//! `merged-cells`: the sheet has merged cells, which do not exist in a data table.

use crate::finding::{Detail, Finding};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule. Found while reading workbooks (see the `calidad` crate's workbook reader).
pub static MERGED_CELLS: Rule = Rule {
    code: "merged-cells",
    severity: Severity::Warning,
    tags: &["#table"],
    title: Text {
        es: "Celdas combinadas",
        en: "Merged Cells",
    },
    description: Text {
        es: "La hoja tiene celdas combinadas, que no existen en una tabla de datos.",
        en: "The sheet has merged cells, which do not exist in a data table.",
    },
    docs: Text {
        es: "## Qué significa\nLa hoja tiene rangos de celdas combinadas (la nota los lista, como `A1:C1`). Al leerla como tabla, solo la primera celda del rango tiene el valor; las demás quedan vacías.\n\n## Por qué importa\nLas celdas combinadas son formato para imprimir: en los datos dejan valores vacíos donde la persona ve un valor, encabezados partidos y columnas sin nombre.\n\n## Cómo corregirlo\nDescombine las celdas y repita el valor en cada fila o columna que corresponda; deje el encabezado en una sola fila.",
        en: "## What it means\nThe sheet has merged cell ranges (the note lists them, e.g. `A1:C1`). Read as a table, only the first cell of each range holds the value; the others are empty.\n\n## Why it matters\nMerged cells are formatting for print: in the data they leave empty values where a person sees one, split headers and unnamed columns.\n\n## How to fix it\nUnmerge the cells and repeat the value in each row or column it belongs to; keep the header on a single row.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    match lang {
        Lang::Es => format!(
            "La hoja tiene {} rangos de celdas combinadas: {}",
            ranges(finding).len(),
            ranges(finding).join(", ")
        ),
        Lang::En => format!(
            "The sheet has {} merged cell ranges: {}",
            ranges(finding).len(),
            ranges(finding).join(", ")
        ),
    }
}

fn ranges(finding: &Finding) -> &[String] {
    match &finding.detail {
        Detail::Ranges { ranges } => ranges,
        _ => &[],
    }
}
