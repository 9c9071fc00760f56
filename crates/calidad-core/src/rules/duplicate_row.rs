//! `duplicate-row`: the row is identical to an earlier row.

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity};

use crate::rules::row;
use crate::rules::schema_text::{first, first_note};

/// The rule. Found by the schema validation in the engine, not by a row check.
pub static DUPLICATE_ROW: Rule = Rule {
    code: "duplicate-row",
    severity: Severity::Error,
    tags: &["#table", "#row"],
    title: Text {
        es: "Fila duplicada",
        en: "Duplicate Row",
    },
    description: Text {
        es: "La fila es idéntica a una fila anterior.",
        en: "The row is identical to an earlier row.",
    },
    docs: Text {
        es: "## Qué significa\nTodas las celdas de esta fila son iguales a las de una fila anterior (la nota dice cuál). Las filas en blanco no se cuentan aquí: ya son `blank-row`.\n\n## Por qué importa\nUna fila repetida cuenta dos veces el mismo hecho: sumas, promedios y conteos publicados quedan inflados. Suele venir de copiar y pegar, o de unir dos extracciones que se traslapan.\n\n## Cómo corregirlo\nElimine la fila repetida. Si dos registros legítimos coinciden en todo, agregue una columna que los distinga (un identificador o una fecha). calidad guarda 16 bytes por fila, nunca el texto de la fila.",
        en: "## What it means\nEvery cell of this row equals those of an earlier row (the note says which). Blank rows are not counted here: they are already `blank-row`.\n\n## Why it matters\nA repeated row counts the same fact twice: published sums, averages and counts are inflated. It usually comes from copy and paste, or from joining two overlapping extracts.\n\n## How to fix it\nDelete the repeated row. If two legitimate records agree on everything, add a column that tells them apart (an identifier or a date). calidad keeps 16 bytes per row, never the row's text.",
    },
    message,
    note: first_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!("La fila {row} es idéntica a la fila {}", first(finding)),
        Lang::En => format!("Row {row} is identical to row {}", first(finding)),
    }
}
