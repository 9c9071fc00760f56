//! `unique-error`: a field that must be unique repeats a value from an earlier row.

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity};

use crate::rules::schema_text::{first, first_note};
use crate::rules::{field_phrase, row};

/// The rule. Found by the schema validation in the engine, not by a row check.
pub static UNIQUE_ERROR: Rule = Rule {
    code: "unique-error",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Valor repetido",
        en: "Unique Error",
    },
    description: Text {
        es: "Un campo que debe ser único repite un valor de una fila anterior.",
        en: "A field that must be unique repeats a value from an earlier row.",
    },
    docs: Text {
        es: "## Qué significa\nUn campo con la restricción `unique` tiene en esta fila el mismo valor que en una fila anterior (la nota dice cuál). Los valores se comparan ya leídos según el tipo: `7` y `07` son iguales en una columna de enteros.\n\n## Por qué importa\nUn identificador repetido hace que dos registros se confundan: los cruces con otras tablas duplican filas y los conteos quedan mal.\n\n## Cómo corregirlo\nRevise ambas filas: si son el mismo registro, elimine una; si son distintos, corrija el identificador. calidad guarda solo un resumen de 16 bytes por fila, nunca el texto, así que puede revisar archivos de millones de filas.",
        en: "## What it means\nA field with the `unique` constraint has the same value in this row as in an earlier row (the note says which). Values are compared as read in the field's type: `7` and `07` are equal in an integer column.\n\n## Why it matters\nA repeated identifier makes two records indistinguishable: joins with other tables duplicate rows and counts go wrong.\n\n## How to fix it\nCheck both rows: if they are the same record, delete one; if they differ, fix the identifier. calidad keeps only a 16-byte digest per row, never the text, so it can check files of millions of rows.",
    },
    message,
    note: first_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!(
            "La fila {row} repite en la {} el valor de la fila {}",
            field_phrase(finding, lang),
            first(finding)
        ),
        Lang::En => format!(
            "Row {row} repeats in {} the value of row {}",
            field_phrase(finding, lang),
            first(finding)
        ),
    }
}
