//! `encoding-error`: bytes that are not valid in the file's encoding.

use crate::check::{Check, Header, InvalidCell, Row};
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::{field_phrase, quoted, row};

/// The rule.
pub static ENCODING_ERROR: Rule = Rule {
    code: "encoding-error",
    severity: Severity::Error,
    tags: &["#file", "#row", "#cell"],
    title: Text {
        es: "Error de codificación",
        en: "Encoding Error",
    },
    description: Text {
        es: "La celda tiene bytes que no son válidos en la codificación del archivo.",
        en: "The cell holds bytes that are not valid in the file's encoding.",
    },
    docs: Text {
        es: "## Qué significa\nEl archivo se lee como UTF-8 (porque la mayor parte lo es), pero esta celda tiene bytes que no forman UTF-8 válido. Casi siempre es texto en Windows-1252/Latin-1 pegado dentro de un archivo UTF-8: por eso el mensaje muestra cómo se lee la celda en Windows-1252. calidad indica la fila y el campo de cada celda afectada, en vez de releer todo el archivo con otra codificación (lo que hace Frictionless, que así corrompe el resto del texto sin avisar).\n\n## Por qué importa\nQuien abra el archivo verá signos `�` en lugar de letras, y las búsquedas y cruces por nombre (comunas, instituciones) fallarán.\n\n## Cómo corregirlo\nAbra el archivo en un editor que muestre la codificación, corrija las celdas indicadas y guárdelo completo como UTF-8. Si el archivo se armó juntando otros, convierta cada parte a UTF-8 antes de unirlas.",
        en: "## What it means\nThe file is read as UTF-8 (because most of it is), but this cell holds bytes that do not form valid UTF-8. It is nearly always Windows-1252/Latin-1 text pasted into a UTF-8 file: that is why the message shows how the cell reads in Windows-1252. calidad gives the row and field of every affected cell instead of re-reading the whole file in another encoding (which is what Frictionless does, silently corrupting the rest of the text).\n\n## Why it matters\nWhoever opens the file sees `�` signs instead of letters, and searches and joins by name (comunas, institutions) fail.\n\n## How to fix it\nOpen the file in an editor that shows the encoding, fix the cells listed, and save the whole file as UTF-8. If the file was built by joining others, convert each part to UTF-8 before joining them.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    let field = field_phrase(finding, lang);
    let guess = match &finding.detail {
        Detail::InvalidUtf8 {
            as_windows_1252: Some(text),
            ..
        } => Some(quoted(text)),
        _ => None,
    };
    match (lang, guess) {
        (Lang::Es, Some(guess)) => format!(
            "La fila {row}, {field}, tiene bytes que no son UTF-8 válido; leídos como Windows-1252 dicen {guess}"
        ),
        (Lang::Es, None) => format!(
            "La fila {row}, {field}, tiene bytes que no son válidos en la codificación del archivo"
        ),
        (Lang::En, Some(guess)) => format!(
            "Row {row}, {field}, has bytes that are not valid UTF-8; read as Windows-1252 they say {guess}"
        ),
        (Lang::En, None) => {
            format!("Row {row}, {field}, has bytes that are not valid in the file's encoding")
        }
    }
}

/// Reports each cell (labels included) that held invalid bytes.
#[derive(Debug, Default)]
pub struct EncodingErrorCheck;

impl EncodingErrorCheck {
    fn report(
        out: &mut Findings,
        row: u64,
        line: u64,
        invalid: &[InvalidCell],
        name: impl Fn(usize) -> Option<String>,
        cell: impl Fn(usize) -> String,
        cells: impl Fn() -> Vec<String>,
    ) {
        for bad in invalid {
            if !out.keeps(&ENCODING_ERROR, row, bad.index as u64 + 1) {
                out.count(&ENCODING_ERROR);
                continue;
            }
            let context = cells();
            out.push(
                Finding::new(&ENCODING_ERROR)
                    .at_row(row, line)
                    .at_field(bad.index as u64 + 1, name(bad.index).as_deref())
                    .with_cell(&cell(bad.index))
                    .with_cells(context.iter().map(String::as_str))
                    .with_detail(Detail::InvalidUtf8 {
                        sequences: bad.sequences,
                        as_windows_1252: bad.as_windows_1252.clone(),
                    }),
            );
        }
    }
}

impl Check for EncodingErrorCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&ENCODING_ERROR];
        &RULES
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        Self::report(
            out,
            header.row_number,
            header.line_number,
            &header.invalid,
            |i| header.field_name(i).map(str::to_owned),
            |i| header.labels.get(i).cloned().unwrap_or_default(),
            || header.labels.to_vec(),
        );
    }

    fn row(&mut self, row: &Row<'_>, header: &Header, out: &mut Findings) {
        Self::report(
            out,
            row.number,
            row.line,
            row.invalid,
            |i| header.field_name(i).map(str::to_owned),
            |i| row.cell(i).to_owned(),
            || row.cells().map(str::to_owned).collect(),
        );
    }
}
