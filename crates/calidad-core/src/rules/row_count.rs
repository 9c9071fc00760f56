//! `row-count`: the table does not have the expected number of rows (`--rows`).

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule. Checked against the expectations given to the validator (see
/// [`crate::expect`]).
pub static ROW_COUNT: Rule = Rule {
    code: "row-count",
    severity: Severity::Error,
    tags: &["#table"],
    title: Text {
        es: "Conteo de filas",
        en: "Row Count",
    },
    description: Text {
        es: "La tabla no tiene las filas que se esperaban (`--rows`).",
        en: "The table does not have the expected number of rows (`--rows`).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--rows N`, la tabla debe tener N filas de datos después del encabezado.\n\n## Por qué importa\nFilas de menos suelen ser una exportación incompleta; de más, registros duplicados o pegados.\n\n## Cómo corregirlo\nRevise la exportación, o actualice el número declarado.",
        en: "## What it means\nWith `--rows N`, the table must have N data rows after the header.\n\n## Why it matters\nFewer rows usually mean an incomplete export; more, duplicated or appended records.\n\n## How to fix it\nCheck the export, or update the declared number.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    crate::rules::declared_count_message(finding, lang, "filas", "rows")
}
