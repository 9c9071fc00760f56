//! `ascii-value`: the cell contains characters outside ASCII (opt-in: `--checks ascii-value`).

use crate::check::{Check, Header, Row};
use crate::engine::CheckFactory;
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::opt_in::cell_finding;
use crate::rules::{field_phrase, row};
use crate::spec::{CheckSpec, SpecError};

/// The rule.
pub static ASCII_VALUE: Rule = Rule {
    code: "ascii-value",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Valor no ASCII",
        en: "Ascii Value",
    },
    description: Text {
        es: "La celda contiene caracteres fuera de ASCII (opcional: `--checks ascii-value`).",
        en: "The cell contains characters outside ASCII (opt-in: `--checks ascii-value`).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--checks ascii-value` (o `--checks extra`), cada celda con caracteres fuera de ASCII (tildes, ñ, símbolos como € o µ) se informa.\n\n## Por qué importa\nAlgunos sistemas antiguos que consumirán los datos solo aceptan ASCII; para ellos una `ñ` se vuelve basura. En datos en español es normal tener tildes: active este chequeo solo si su destino lo exige.\n\n## Cómo corregirlo\nSi el destino exige ASCII, translitere los valores (`Ñuñoa` → `Nunoa`) o, mejor, publique en UTF-8 y documente la codificación.",
        en: "## What it means\nWith `--checks ascii-value` (or `--checks extra`), every cell with characters outside ASCII (accents, ñ, symbols such as € or µ) is reported.\n\n## Why it matters\nSome old systems that will consume the data accept only ASCII; for them an `ñ` becomes garbage. Spanish data normally has accents: turn this check on only if your destination requires it.\n\n## How to fix it\nIf the destination requires ASCII, transliterate the values (`Ñuñoa` → `Nunoa`) or, better, publish in UTF-8 and document the encoding.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!(
            "La celda de la fila {row}, {}, tiene caracteres que no son ASCII",
            field_phrase(finding, lang)
        ),
        Lang::En => format!(
            "The cell in row {row}, {}, has characters that are not ASCII",
            field_phrase(finding, lang)
        ),
    }
}

/// Reports cells with non-ASCII characters.
#[derive(Clone, Debug, Default)]
pub struct AsciiValueCheck;

impl AsciiValueCheck {
    /// Builds the check (it takes no parameters).
    pub fn build(spec: &CheckSpec) -> Result<CheckFactory, SpecError> {
        spec.only(&[])?;
        Ok(CheckFactory::prototype(AsciiValueCheck))
    }
}

impl Check for AsciiValueCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&ASCII_VALUE];
        &RULES
    }

    fn row(&mut self, row: &Row<'_>, header: &Header, out: &mut Findings) {
        if row.text().is_ascii() {
            return;
        }
        for (index, cell) in row.cells().enumerate() {
            if !cell.is_ascii() {
                cell_finding(&ASCII_VALUE, row, header, index, out, Detail::None);
            }
        }
    }
}
