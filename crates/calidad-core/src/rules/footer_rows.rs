//! `footer-rows`: notes after the last record (the source, "Elaborado por", "Volver al índice",
//! footnotes). One finding; the rows are not checked as data.

use crate::finding::{Detail, Finding};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule.
pub static FOOTER_ROWS: Rule = Rule {
    code: "footer-rows",
    severity: Severity::Error,
    tags: &["#table", "#row"],
    title: Text {
        es: "Notas al pie de la tabla",
        en: "Footer Rows",
    },
    description: Text {
        es: "Después del último registro hay filas de notas (fuente, notas al pie, \"Volver al índice\"), no datos.",
        en: "After the last record there are note rows (source, footnotes, \"Back to index\"), not data.",
    },
    docs: Text {
        es: "## Qué significa\nLas últimas filas de la tabla no son registros sino notas: `Fuente: INE`, `Nota: cifras provisorias`, `Elaborado por…`, `(*) incluye…`, `Volver al índice`. Son útiles para quien lee la planilla impresa, pero quedan dentro de los datos. calidad las informa una vez y no las revisa como datos.\n\n## Por qué importa\nUn programa que lea el archivo tomará cada nota como un registro más: una comuna llamada \"Fuente: INE\", celdas vacías en todas las demás columnas y números que ya no suman.\n\n## Cómo corregirlo\nBorre las filas de notas del archivo de datos y ponga la fuente, las notas y las definiciones en la descripción del recurso en el portal (o en un archivo de documentación aparte).",
        en: "## What it means\nThe last rows of the table are not records but notes: `Fuente: INE`, `Nota: provisional figures`, `Elaborado por…`, `(*) includes…`, `Volver al índice`. They help whoever reads the printed sheet, but they sit inside the data. calidad reports them once and does not check them as data.\n\n## Why it matters\nA program reading the file takes each note as one more record: a comuna called \"Fuente: INE\", empty cells in every other column and numbers that no longer add up.\n\n## How to fix it\nDelete the note rows from the data file and put the source, notes and definitions in the resource's description on the portal (or in a separate documentation file).",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let Detail::Span { first, last, rows } = finding.detail else {
        return String::new();
    };
    match (lang, rows) {
        (Lang::Es, 1) => format!(
            "La fila {first} es una nota al pie (fuente, nota o enlace), no un registro: llévela a la descripción del recurso"
        ),
        (Lang::Es, _) => format!(
            "Las filas {first} a {last} son notas al pie (fuente, notas o enlaces), no registros: llévelas a la descripción del recurso"
        ),
        (Lang::En, 1) => format!(
            "Row {first} is a footnote (source, note or link), not a record: move it to the resource's description"
        ),
        (Lang::En, _) => format!(
            "Rows {first}–{last} are footnotes (source, notes or links), not records: move them to the resource's description"
        ),
    }
}
