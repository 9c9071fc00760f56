//! `extra-label`: the header has a column the schema does not describe.

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

use crate::rules::quoted;

/// The rule. Found by the schema validation in the engine, not by a row check.
pub static EXTRA_LABEL: Rule = Rule {
    code: "extra-label",
    severity: Severity::Error,
    tags: &["#table", "#header", "#label"],
    title: Text {
        es: "Etiqueta sobrante",
        en: "Extra Label",
    },
    description: Text {
        es: "El encabezado tiene una columna que el esquema no describe.",
        en: "The header has a column the schema does not describe.",
    },
    docs: Text {
        es: "## Qué significa\nEl encabezado tiene más columnas que campos el esquema (o, con `fieldsMatch` distinto de `exact`, una columna cuyo nombre no está en el esquema).\n\n## Por qué importa\nUna columna que el esquema no describe no se valida ni se documenta en el diccionario de datos; a menudo es una columna agregada sin actualizar el esquema.\n\n## Cómo corregirlo\nAgregue el campo al esquema o elimine la columna del archivo.",
        en: "## What it means\nThe header has more columns than the schema has fields (or, with a `fieldsMatch` other than `exact`, a column whose name is not in the schema).\n\n## Why it matters\nA column the schema does not describe is neither validated nor documented in the data dictionary; it is often a column added without updating the schema.\n\n## How to fix it\nAdd the field to the schema or delete the column from the file.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let label = finding.label.as_deref().unwrap_or("");
    let number = finding.field_number.unwrap_or(0);
    match lang {
        Lang::Es => format!(
            "La columna {number} ({}) del encabezado no está en el esquema",
            quoted(label)
        ),
        Lang::En => format!(
            "Header column {number} ({}) is not in the schema",
            quoted(label)
        ),
    }
}
