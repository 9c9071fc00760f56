//! `padding-rows`: a tail of filler rows (zeros, empty cells, `00-01-1900` dates) left by a
//! spreadsheet export after the last record. One finding for the whole tail; its rows are not
//! checked as data, so they do not also appear as hundreds of blank or duplicate rows.

use crate::finding::{Detail, Finding};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::count;

/// The rule.
pub static PADDING_ROWS: Rule = Rule {
    code: "padding-rows",
    severity: Severity::Error,
    tags: &["#table", "#row"],
    title: Text {
        es: "Filas de relleno al final",
        en: "Padding Rows",
    },
    description: Text {
        es: "Las últimas filas del archivo son relleno (ceros, celdas vacías, fechas 00-01-1900), no registros.",
        en: "The last rows of the file are filler (zeros, empty cells, 00-01-1900 dates), not records.",
    },
    docs: Text {
        es: "## Qué significa\nDespués del último registro hay filas que no contienen datos: solo ceros, celdas vacías, delimitadores (`;;;;`) o fechas `00-01-1900`, que es como Excel muestra una fecha en cero. Suelen aparecer cuando se exporta una planilla cuyas fórmulas o formato llegan más abajo que los datos. calidad las informa una vez, como una sola causa, y no las revisa como datos (por eso no aparecen como cientos de filas en blanco o repetidas).\n\n## Por qué importa\nQuien cargue el archivo contará esas filas como registros: un promedio baja, un conteo sube, y un gráfico por fecha muestra el año 1900.\n\n## Cómo corregirlo\nElimine las filas desde la indicada hasta el final del archivo (en la planilla: seleccione esas filas y bórrelas, no solo su contenido) y vuelva a exportar.",
        en: "## What it means\nAfter the last record there are rows without data: only zeros, empty cells, delimiters (`;;;;`) or `00-01-1900` dates, which is how Excel shows a zero date. They appear when a sheet whose formulas or formatting reach below the data is exported. calidad reports them once, as one cause, and does not check them as data (so they do not also show up as hundreds of blank or repeated rows).\n\n## Why it matters\nWhoever loads the file counts those rows as records: an average drops, a count rises, and a chart by date shows the year 1900.\n\n## How to fix it\nDelete the rows from the one named to the end of the file (in the spreadsheet: select those rows and delete them, not just their content) and export again.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let Detail::Span { first, last, rows } = finding.detail else {
        return String::new();
    };
    let n = count(rows, lang);
    match lang {
        Lang::Es => format!(
            "Las últimas {n} filas (de la {first} a la {last}) son relleno de planilla (ceros, celdas vacías o fechas 00-01-1900), no datos: elimínelas"
        ),
        Lang::En => format!(
            "The last {n} rows ({first}–{last}) are spreadsheet filler (zeros, empty cells or 00-01-1900 dates), not data: delete them"
        ),
    }
}
