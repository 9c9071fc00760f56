//! `truncated-value`: the cell looks cut off by another system's length or type limit (opt-in).

use crate::check::{Check, Header, Row};
use crate::engine::CheckFactory;
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::opt_in::{cell_finding, param};
use crate::rules::{field_phrase, row};
use crate::spec::{CheckSpec, SpecError};

/// The rule.
pub static TRUNCATED_VALUE: Rule = Rule {
    code: "truncated-value",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Valor truncado",
        en: "Truncated Value",
    },
    description: Text {
        es: "La celda parece cortada por un límite de largo o de tipo de otro sistema (opcional).",
        en: "The cell looks cut off by another system's length or type limit (opt-in).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--checks truncated-value` (o `--checks extra`) se informan celdas de exactamente 255 caracteres y enteros iguales al máximo de un tipo de base de datos (32767, 65535, 2147483647, 4294967295, 9223372036854775807).\n\n## Por qué importa\nEsos valores casi nunca son reales: delatan una exportación que cortó el texto en un campo VARCHAR(255) o que saturó un entero, y el dato original se perdió.\n\n## Cómo corregirlo\nVuelva a exportar desde la fuente con campos de texto sin límite y enteros de 64 bits, y compare con el original.",
        en: "## What it means\nWith `--checks truncated-value` (or `--checks extra`), cells of exactly 255 characters and integers equal to a database type's maximum (32767, 65535, 2147483647, 4294967295, 9223372036854775807) are reported.\n\n## Why it matters\nSuch values are almost never real: they reveal an export that cut text in a VARCHAR(255) column or saturated an integer, and the original value was lost.\n\n## How to fix it\nExport again from the source with unbounded text columns and 64-bit integers, and compare with the original.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!(
            "La celda de la fila {row}, {}, parece truncada ({})",
            field_phrase(finding, lang),
            param(finding)
        ),
        Lang::En => format!(
            "The cell in row {row}, {}, looks truncated ({})",
            field_phrase(finding, lang),
            param(finding)
        ),
    }
}

/// Integers that are the maximum of a common database type.
const MAX_INTEGERS: &[&str] = &[
    "32767",
    "65535",
    "2147483647",
    "4294967295",
    "9223372036854775807",
];

/// Reports cells of exactly 255 characters and integers at a type's maximum.
#[derive(Clone, Debug, Default)]
pub struct TruncatedValueCheck;

impl TruncatedValueCheck {
    /// Builds the check (it takes no parameters).
    pub fn build(spec: &CheckSpec) -> Result<CheckFactory, SpecError> {
        spec.only(&[])?;
        Ok(CheckFactory::prototype(TruncatedValueCheck))
    }
}

impl Check for TruncatedValueCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&TRUNCATED_VALUE];
        &RULES
    }

    fn row(&mut self, row: &Row<'_>, header: &Header, out: &mut Findings) {
        for (index, cell) in row.cells().enumerate() {
            let why = if cell.len() >= 255 && cell.chars().count() == 255 {
                "255 caracteres / characters"
            } else if MAX_INTEGERS.contains(&cell) {
                "máximo entero / integer maximum"
            } else {
                continue;
            };
            cell_finding(
                &TRUNCATED_VALUE,
                row,
                header,
                index,
                out,
                Detail::Param {
                    text: why.to_owned(),
                },
            );
        }
    }
}
