//! `title-rows`: rows above the header (a title, notes, blank lines) that were not read as data.

use crate::finding::{Detail, Finding};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule.
pub static TITLE_ROWS: Rule = Rule {
    code: "title-rows",
    severity: Severity::Warning,
    tags: &["#table"],
    title: Text {
        es: "Filas sobre el encabezado",
        en: "Rows Above the Header",
    },
    description: Text {
        es: "Hay filas de título, notas o filas en blanco antes del encabezado; no se leyeron como datos.",
        en: "Title rows, notes or blank rows come before the header; they were not read as data.",
    },
    docs: Text {
        es: "## Qué significa\nAntes de la fila con los nombres de las columnas hay filas que no son datos: un título (`Reporte de ventas 2024`), una nota de unidades (`(millones de pesos)`) o filas en blanco. calidad detecta el encabezado como la primera fila con al menos dos celdas con texto y el ancho habitual de la tabla, y no lee como datos las filas anteriores. Puede indicar otra fila con `--header-row N`.\n\n## Por qué importa\nLa mayoría de los programas toma la primera fila como encabezado: con un título arriba, las columnas quedan con nombres como `Reporte de ventas 2024`, `Unnamed: 1`… y el verdadero encabezado se lee como un dato.\n\n## Cómo corregirlo\nBorre las filas sobre el encabezado para que los nombres de las columnas queden en la fila 1. Ponga el título, las unidades y las notas en la descripción del recurso en el portal.",
        en: "## What it means\nBefore the row with the column names there are rows that are not data: a title (`Sales report 2024`), a units note (`(millions of pesos)`) or blank rows. calidad finds the header as the first row with at least two cells of text and the table's usual width, and does not read the rows above it as data. Another row can be named with `--header-row N`.\n\n## Why it matters\nMost programs take the first row as the header: with a title on top, the columns get names like `Sales report 2024`, `Unnamed: 1`… and the real header is read as data.\n\n## How to fix it\nDelete the rows above the header so the column names are in row 1. Put the title, units and notes in the resource's description on the portal.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let header = match finding.detail {
        Detail::TitleRows { header_row } => header_row,
        _ => 2,
    };
    let (first, last) = (1, header.saturating_sub(1));
    match (lang, last) {
        (Lang::Es, 1) => format!(
            "La fila {first} está sobre el encabezado (fila {header}) y no se leyó como datos: parece un título, una nota o una fila en blanco"
        ),
        (Lang::Es, _) => format!(
            "Las filas {first} a {last} están sobre el encabezado (fila {header}) y no se leyeron como datos: parecen un título, notas o filas en blanco"
        ),
        (Lang::En, 1) => format!(
            "Row {first} sits above the header (row {header}) and was not read as data: it looks like a title, a note or a blank row"
        ),
        (Lang::En, _) => format!(
            "Rows {first}–{last} sit above the header (row {header}) and were not read as data: they look like a title, notes or blank rows"
        ),
    }
}
