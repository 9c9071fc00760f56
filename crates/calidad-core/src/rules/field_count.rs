//! `field-count`: the table does not have the expected number of fields (`--fields`).

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule. Checked against the expectations given to the validator (see
/// [`crate::expect`]).
pub static FIELD_COUNT: Rule = Rule {
    code: "field-count",
    severity: Severity::Error,
    tags: &["#table"],
    title: Text {
        es: "Conteo de campos",
        en: "Field Count",
    },
    description: Text {
        es: "La tabla no tiene los campos que se esperaban (`--fields`).",
        en: "The table does not have the expected number of fields (`--fields`).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--fields N`, el encabezado debe tener N columnas.\n\n## Por qué importa\nUna columna de más o de menos rompe a quienes cargan la tabla por posición.\n\n## Cómo corregirlo\nRevise la exportación, o actualice el número declarado.",
        en: "## What it means\nWith `--fields N`, the header must have N columns.\n\n## Why it matters\nA column more or less breaks whoever loads the table by position.\n\n## How to fix it\nCheck the export, or update the declared number.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    crate::rules::declared_count_message(finding, lang, "columnas", "fields")
}
