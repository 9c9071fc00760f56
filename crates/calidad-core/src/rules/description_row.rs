//! `description-row`: a row under the header with descriptions or units, or the header again.
//! Reported once; the row is not checked as data.

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::row;

/// The rule.
pub static DESCRIPTION_ROW: Rule = Rule {
    code: "description-row",
    severity: Severity::Error,
    tags: &["#table", "#header"],
    title: Text {
        es: "Fila de descripciones bajo el encabezado",
        en: "Description Row",
    },
    description: Text {
        es: "La fila bajo el encabezado describe las columnas (textos, unidades) o repite el encabezado; no es un registro.",
        en: "The row under the header describes the columns (text, units) or repeats the header; it is not a record.",
    },
    docs: Text {
        es: "## Qué significa\nJusto bajo los nombres de las columnas hay una fila que no es un registro: la descripción de cada variable, sus unidades (`miles de pesos`, `%`) o el mismo encabezado otra vez. calidad la informa una vez y no la revisa como datos.\n\n## Por qué importa\nUn programa la lee como el primer registro: textos en columnas numéricas, una fila que aparece en cada suma o filtro.\n\n## Cómo corregirlo\nBorre esa fila. Las descripciones y unidades van en el diccionario de datos o en la descripción del recurso en el portal.",
        en: "## What it means\nRight under the column names there is a row that is not a record: each variable's description, its units (`thousands of pesos`, `%`) or the same header again. calidad reports it once and does not check it as data.\n\n## Why it matters\nA program reads it as the first record: text in numeric columns, a row that shows up in every sum or filter.\n\n## How to fix it\nDelete that row. Descriptions and units belong in the data dictionary or the resource's description on the portal.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!(
            "La fila {row}, bajo el encabezado, tiene descripciones o unidades (o repite el encabezado), no datos: bórrela y lleve esos textos al diccionario de datos"
        ),
        Lang::En => format!(
            "Row {row}, under the header, holds descriptions or units (or repeats the header), not data: delete it and move that text to the data dictionary"
        ),
    }
}
