//! `multi-row-header`: the header spans two rows (years in merged cells over months, a variable
//! name over codes). The table is read with the two rows' labels combined (`2024 Ene.`), and the
//! second row is not checked as data.

use crate::finding::{Detail, Finding};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::quoted;

/// The rule.
pub static MULTI_ROW_HEADER: Rule = Rule {
    code: "multi-row-header",
    severity: Severity::Error,
    tags: &["#table", "#header"],
    title: Text {
        es: "Encabezado en dos filas",
        en: "Multi-Row Header",
    },
    description: Text {
        es: "Los nombres de las columnas ocupan dos filas; se leyeron combinados en una.",
        en: "The column names span two rows; they were read combined into one.",
    },
    docs: Text {
        es: "## Qué significa\nEl encabezado está repartido en dos filas: arriba un grupo (un año en celdas combinadas, el nombre de una variable) y abajo el detalle (los meses, los códigos). Una tabla de datos tiene una sola fila de nombres. calidad combina las dos filas (`2024 Ene.`), lo informa una vez y no revisa la segunda fila como datos.\n\n## Por qué importa\nUn programa toma la primera fila como encabezado: las columnas quedan sin nombre o repetidas y la fila de meses se lee como un registro con textos en columnas numéricas.\n\n## Cómo corregirlo\nDeje una sola fila de encabezado con nombres completos (`2024_ene`, `2024_feb`…), o mejor aún publique la tabla en formato largo: una columna `periodo` y una columna con el valor.",
        en: "## What it means\nThe header is spread over two rows: a group on top (a year in merged cells, a variable name) and the detail below (months, codes). A data table has one row of names. calidad combines the two rows (`2024 Ene.`), reports it once and does not check the second row as data.\n\n## Why it matters\nA program takes the first row as the header: columns end up unnamed or repeated, and the row of months is read as a record with text in numeric columns.\n\n## How to fix it\nKeep a single header row with full names (`2024_ene`, `2024_feb`…), or better, publish the table in long format: a `period` column and a value column.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let Detail::Span { first, last, .. } = finding.detail else {
        return String::new();
    };
    let example = finding
        .label
        .as_deref()
        .map(|label| match lang {
            Lang::Es => format!(" (por ejemplo {})", quoted(label)),
            Lang::En => format!(" (for example {})", quoted(label)),
        })
        .unwrap_or_default();
    match lang {
        Lang::Es => format!(
            "El encabezado ocupa las filas {first} y {last}: se leyó con las etiquetas combinadas{example}; deje una sola fila de nombres"
        ),
        Lang::En => format!(
            "The header spans rows {first} and {last}: it was read with the labels combined{example}; keep a single row of names"
        ),
    }
}
