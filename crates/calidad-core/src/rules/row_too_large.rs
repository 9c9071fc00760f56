//! `row-too-large`: a row so large that only its beginning was kept in memory and checked.

use crate::check::{Check, Header, Row};
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::{count, row};

/// The rule.
pub static ROW_TOO_LARGE: Rule = Rule {
    code: "row-too-large",
    severity: Severity::Warning,
    tags: &["#table", "#row"],
    title: Text {
        es: "Fila demasiado grande",
        en: "Row Too Large",
    },
    description: Text {
        es: "La fila supera el tamaño máximo que calidad guarda en memoria; solo se revisó su comienzo.",
        en: "The row exceeds the size calidad keeps in memory; only its beginning was checked.",
    },
    docs: Text {
        es: "## Qué significa\nUna fila tiene más contenido que el límite de memoria por fila (64 MiB por omisión). calidad la recorrió entera y contó sus campos, pero solo revisó el contenido de la primera parte. Casi siempre es una comilla sin cerrar o un archivo sin saltos de línea.\n\n## Por qué importa\nNingún programa de planillas abre celdas de ese tamaño; probablemente la estructura del archivo está rota.\n\n## Cómo corregirlo\nRevise la fila indicada: cierre la comilla que falta o separe el contenido en filas.",
        en: "## What it means\nA row holds more content than the per-row memory limit (64 MiB by default). calidad walked all of it and counted its fields, but only checked the content of the first part. It is nearly always an unclosed quote or a file without line breaks.\n\n## Why it matters\nNo spreadsheet program opens cells of that size; the file's structure is probably broken.\n\n## How to fix it\nLook at the row given: close the missing quote or split the content into rows.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    let (bytes, limit) = match finding.detail {
        Detail::RowTooLarge { bytes, limit } => (bytes, limit),
        _ => (0, 0),
    };
    let (bytes, limit) = (count(bytes, lang), count(limit, lang));
    match lang {
        Lang::Es => format!(
            "La fila {row} tiene {bytes} bytes de contenido; solo se revisaron los primeros {limit}"
        ),
        Lang::En => {
            format!("Row {row} holds {bytes} bytes of content; only the first {limit} were checked")
        }
    }
}

/// Reports rows whose content went beyond the reader's cap.
#[derive(Debug)]
pub struct RowTooLargeCheck {
    /// The cap, in bytes.
    pub limit: u64,
}

impl Check for RowTooLargeCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&ROW_TOO_LARGE];
        &RULES
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, out: &mut Findings) {
        if row.dropped_bytes > 0 {
            let kept = row.text().len() as u64;
            out.push(
                Finding::new(&ROW_TOO_LARGE)
                    .at_row(row.number, row.line)
                    .with_detail(Detail::RowTooLarge {
                        bytes: kept + row.dropped_bytes,
                        limit: self.limit,
                    }),
            );
        }
    }
}
