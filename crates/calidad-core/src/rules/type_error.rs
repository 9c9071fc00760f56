//! `type-error`: the value is not of the column's type (for example, text in a date column).

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity};

use crate::rules::schema_text::{type_note, type_phrase};
use crate::rules::{field_phrase, quoted, row};

/// The rule. Found by the schema validation in the engine, not by a row check.
pub static TYPE_ERROR: Rule = Rule {
    code: "type-error",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Error de tipo",
        en: "Type Error",
    },
    description: Text {
        es: "El valor no es del tipo de la columna (por ejemplo, texto en una columna de fechas).",
        en: "The value is not of the column's type (for example, text in a date column).",
    },
    docs: Text {
        es: "## Qué significa\nUna celda no se puede leer como el tipo de su columna, según el esquema entregado con `--schema` o el que calidad infirió de todo el archivo (por ejemplo `pronto` en una columna de fechas `%d-%m-%Y`, o `1,5` en una columna de enteros).\n\n## Por qué importa\nQuien cargue la tabla en una base de datos, una planilla o un programa de análisis verá ese valor como nulo o la carga fallará; los promedios y filtros quedan mal sin aviso.\n\n## Cómo corregirlo\nCorrija el valor para que siga el formato de la columna. Si es un marcador de \"sin dato\" (`s/i`, `-`, `N/A`), deje la celda vacía o declárelo en `missingValues` del esquema. Si la columna realmente mezcla tipos, sepárela en dos.",
        en: "## What it means\nA cell cannot be read as its column's type, per the schema given with `--schema` or the one calidad inferred from the whole file (for example `soon` in a `%d-%m-%Y` date column, or `1,5` in an integer column).\n\n## Why it matters\nWhoever loads the table into a database, spreadsheet or analysis program will see the value as null or the load will fail; averages and filters go wrong silently.\n\n## How to fix it\nFix the value so it follows the column's format. If it is a \"no data\" marker (`s/i`, `-`, `N/A`), leave the cell empty or declare it in the schema's `missingValues`. If the column really mixes types, split it in two.",
    },
    message,
    note: type_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    let cell = finding.cell.as_deref().unwrap_or("");
    match lang {
        Lang::Es => format!(
            "El valor {} de la fila {row}, {}, no es {}",
            quoted(cell),
            field_phrase(finding, lang),
            type_phrase(finding, lang)
        ),
        Lang::En => format!(
            "Value {} in row {row}, {}, is not {}",
            quoted(cell),
            field_phrase(finding, lang),
            type_phrase(finding, lang)
        ),
    }
}
