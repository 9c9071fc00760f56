//! `trailing-delimiter`: every line ends with the delimiter, which adds an empty, unnamed last
//! column. One finding; the empty column is dropped before the other checks, so it is not also
//! a blank label and thousands of empty cells.

use crate::finding::{Detail, Finding};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule.
pub static TRAILING_DELIMITER: Rule = Rule {
    code: "trailing-delimiter",
    severity: Severity::Warning,
    tags: &["#table", "#header"],
    title: Text {
        es: "Delimitador al final de cada línea",
        en: "Trailing Delimiter",
    },
    description: Text {
        es: "Todas las líneas terminan con el delimitador, lo que agrega una última columna vacía y sin nombre.",
        en: "Every line ends with the delimiter, which adds an empty, unnamed last column.",
    },
    docs: Text {
        es: "## Qué significa\nCada línea del archivo, incluido el encabezado, termina con el delimitador (`a;b;c;`). Para un programa eso es una columna más, sin nombre y siempre vacía. calidad lo informa una vez y revisa la tabla sin esa columna.\n\n## Por qué importa\nQuien cargue el archivo verá una columna `Unnamed: 10` o `field11` vacía, y algunos programas rechazan un encabezado con un nombre en blanco.\n\n## Cómo corregirlo\nQuite el delimitador final de cada línea. Suele venir de una planilla con una columna vacía seleccionada al exportar o de un programa que escribe un `;` después de cada valor.",
        en: "## What it means\nEvery line of the file, the header included, ends with the delimiter (`a;b;c;`). To a program that is one more column, unnamed and always empty. calidad reports it once and checks the table without that column.\n\n## Why it matters\nWhoever loads the file gets an empty `Unnamed: 10` or `field11` column, and some programs reject a header with a blank name.\n\n## How to fix it\nRemove the final delimiter from each line. It usually comes from a sheet exported with an empty column selected, or from a program that writes `;` after every value.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let delimiter = match &finding.detail {
        Detail::Param { text } if text == "\t" => lang.pick("tabulador", "tab"),
        Detail::Param { text } => text.as_str(),
        _ => ",",
    };
    match lang {
        Lang::Es => format!(
            "Todas las líneas terminan con «{delimiter}»: eso agrega una última columna vacía y sin nombre; quite el delimitador final (la tabla se revisó sin esa columna)"
        ),
        Lang::En => format!(
            "Every line ends with «{delimiter}»: that adds an empty, unnamed last column; remove the final delimiter (the table was checked without that column)"
        ),
    }
}
