//! `incorrect-label`: the header label does not match the schema field's name at that position.

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

use crate::rules::quoted;

/// The rule. Found by the schema validation in the engine, not by a row check.
pub static INCORRECT_LABEL: Rule = Rule {
    code: "incorrect-label",
    severity: Severity::Error,
    tags: &["#table", "#header", "#label"],
    title: Text {
        es: "Etiqueta incorrecta",
        en: "Incorrect Label",
    },
    description: Text {
        es: "La etiqueta del encabezado no coincide con el nombre del campo del esquema en esa posición.",
        en: "The header label does not match the schema field's name at that position.",
    },
    docs: Text {
        es: "## Qué significa\nCon `fieldsMatch: exact` (el valor por omisión), la columna N del encabezado debe llamarse como el campo N del esquema; aquí el nombre difiere.\n\n## Por qué importa\nSi los nombres no coinciden, probablemente las columnas están en otro orden que el esquema y cada valor se está validando contra el campo equivocado.\n\n## Cómo corregirlo\nRenombre la columna, reordene las columnas o corrija el esquema. Si el orden no importa, use `fieldsMatch: equal` en el esquema.",
        en: "## What it means\nWith `fieldsMatch: exact` (the default), header column N must be named like schema field N; here the name differs.\n\n## Why it matters\nIf the names differ, the columns are probably in a different order than the schema and each value is being checked against the wrong field.\n\n## How to fix it\nRename the column, reorder the columns or fix the schema. If the order does not matter, use `fieldsMatch: equal` in the schema.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let label = finding.label.as_deref().unwrap_or("");
    let number = finding.field_number.unwrap_or(0);
    match lang {
        Lang::Es => format!(
            "La columna {number} del encabezado se llama {} pero el esquema espera {}",
            quoted(label),
            quoted(finding.field_name.as_deref().unwrap_or(""))
        ),
        Lang::En => format!(
            "Header column {number} is named {} but the schema expects {}",
            quoted(label),
            quoted(finding.field_name.as_deref().unwrap_or(""))
        ),
    }
}
