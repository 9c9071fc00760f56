//! `unclosed-quote`: a quoted cell that never closes and swallows the rest of the file.

use crate::check::{Check, Header, Row};
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::{count, row};

/// The rule.
pub static UNCLOSED_QUOTE: Rule = Rule {
    code: "unclosed-quote",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Comilla sin cerrar",
        en: "Unclosed Quote",
    },
    description: Text {
        es: "Una celda abre comillas que nunca se cierran, así que el resto del archivo quedó dentro de ella.",
        en: "A cell opens a quote that is never closed, so the rest of the file ended up inside it.",
    },
    docs: Text {
        es: "## Qué significa\nUna celda empieza con comillas dobles y no hay comillas de cierre antes del final del archivo. Según las reglas de CSV, todo lo que sigue (saltos de línea incluidos) pertenece a esa celda. calidad informa la fila y la línea donde se abrió la comilla y cuántas líneas se tragó; otras herramientas lo aceptan en silencio y el archivo \"valida\" con filas perdidas.\n\n## Por qué importa\nLas filas que siguen desaparecen como filas: quedan convertidas en el texto de una sola celda. Los totales y conteos salen mal sin ningún aviso.\n\n## Cómo corregirlo\nVaya a la línea indicada y cierre la comilla donde termina el valor, o duplique las comillas que forman parte del texto (`\"dijo \"\"hola\"\"\"`). Si el valor no necesita comillas, quítelas.",
        en: "## What it means\nA cell starts with a double quote and there is no closing quote before the end of the file. By CSV rules everything that follows (line breaks included) belongs to that cell. calidad reports the row and line where the quote opened and how many lines it swallowed; other tools accept it silently and the file \"validates\" with rows missing.\n\n## Why it matters\nThe rows that follow disappear as rows: they become the text of a single cell. Totals and counts come out wrong without any warning.\n\n## How to fix it\nGo to the line given and close the quote where the value ends, or double the quotes that are part of the text (`\"said \"\"hi\"\"\"`). If the value needs no quotes, remove them.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    let field = finding.field_number.unwrap_or(0);
    let line = finding.line_number.unwrap_or(row);
    let lines = match finding.detail {
        Detail::UnclosedQuote { lines } => lines,
        _ => 0,
    };
    let lines_text = count(lines, lang);
    match lang {
        Lang::Es => format!(
            "La comilla que abre la columna {field} de la fila {row} (línea {line}) nunca se cierra: {lines_text} líneas hasta el final del archivo quedaron dentro de una sola celda"
        ),
        Lang::En => format!(
            "The quote that opens field {field} of row {row} (line {line}) is never closed: {lines_text} lines up to the end of the file were read into a single cell"
        ),
    }
}

/// Reports the row whose quoted cell was still open at the end of the file.
#[derive(Debug, Default)]
pub struct UnclosedQuoteCheck;

impl Check for UnclosedQuoteCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&UNCLOSED_QUOTE];
        &RULES
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        if let Some(open) = header.unclosed_quote {
            let index = open.field.saturating_sub(1) as usize;
            let mut finding = Finding::new(&UNCLOSED_QUOTE)
                .at_row(header.row_number, header.line_number)
                .at_field(open.field, header.field_name(index))
                .with_detail(Detail::UnclosedQuote { lines: open.lines });
            finding.line_number = Some(open.line);
            out.push(finding);
        }
    }

    fn row(&mut self, row: &Row<'_>, header: &Header, out: &mut Findings) {
        if let Some(open) = row.unclosed_quote {
            let index = open.field.saturating_sub(1) as usize;
            let mut finding = Finding::new(&UNCLOSED_QUOTE)
                .at_row(row.number, row.line)
                .at_field(open.field, header.field_name(index))
                .with_cell(row.cell(index))
                .with_detail(Detail::UnclosedQuote { lines: open.lines });
            finding.line_number = Some(open.line);
            out.push(finding);
        }
    }
}
