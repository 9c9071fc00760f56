//! `missing-label`: the schema describes a field the header lacks.

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

use crate::rules::quoted;

/// The rule. Found by the schema validation in the engine, not by a row check.
pub static MISSING_LABEL: Rule = Rule {
    code: "missing-label",
    severity: Severity::Error,
    tags: &["#table", "#header", "#label"],
    title: Text {
        es: "Etiqueta faltante",
        en: "Missing Label",
    },
    description: Text {
        es: "El esquema describe un campo que el encabezado no tiene.",
        en: "The schema describes a field the header lacks.",
    },
    docs: Text {
        es: "## Qué significa\nEl esquema tiene más campos que columnas el encabezado (o, con `fieldsMatch` distinto de `exact`, un campo cuyo nombre no aparece en el encabezado).\n\n## Por qué importa\nFalta una columna que el esquema promete: quien use los datos esperará encontrarla.\n\n## Cómo corregirlo\nAgregue la columna al archivo o quite el campo del esquema.",
        en: "## What it means\nThe schema has more fields than the header has columns (or, with a `fieldsMatch` other than `exact`, a field whose name is not in the header).\n\n## Why it matters\nA column the schema promises is absent: users of the data will expect to find it.\n\n## How to fix it\nAdd the column to the file or remove the field from the schema.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let number = finding.field_number.unwrap_or(0);
    match lang {
        Lang::Es => format!(
            "Falta en el encabezado el campo {number} del esquema ({})",
            quoted(finding.field_name.as_deref().unwrap_or(""))
        ),
        Lang::En => format!(
            "The header lacks schema field {number} ({})",
            quoted(finding.field_name.as_deref().unwrap_or(""))
        ),
    }
}
