//! `missing-header`: the first row holds data (a RUT, an e-mail, a phone), not column names.
//! The table is then read without a header (columns `field1`, `field2`…, as Frictionless does
//! with `header: false`), and that row is checked as data — so a person's row is never shown as
//! the table's labels.

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use regex::Regex;
use std::sync::OnceLock;

/// The rule.
pub static MISSING_HEADER: Rule = Rule {
    code: "missing-header",
    severity: Severity::Error,
    tags: &["#table", "#header"],
    title: Text {
        es: "Falta el encabezado",
        en: "Missing Header",
    },
    description: Text {
        es: "La primera fila tiene datos (RUT, correos, teléfonos), no los nombres de las columnas.",
        en: "The first row holds data (RUTs, e-mails, phones), not the columns' names.",
    },
    docs: Text {
        es: "## Qué significa\nLa fila donde debería estar el encabezado tiene valores de datos: un RUT, un correo electrónico o un número de teléfono. El archivo no tiene una fila con los nombres de las columnas. calidad lo lee sin encabezado (columnas `field1`, `field2`…) y revisa esa fila como una fila de datos más.\n\n## Por qué importa\nSin nombres de columna nadie sabe qué significa cada dato, y los programas que leen la tabla toman la primera persona como si fueran los nombres de las columnas (y la muestran así).\n\n## Cómo corregirlo\nAgregue como primera fila los nombres de las columnas (`rut`, `nombre`, `correo`…), uno por columna.",
        en: "## What it means\nThe row where the header should be holds data values: a RUT, an e-mail address or a phone number. The file has no row naming its columns. calidad reads it without a header (columns `field1`, `field2`…) and checks that row as one more data row.\n\n## Why it matters\nWithout column names nobody knows what each value means, and programs that read the table take its first person for the column names (and show them as such).\n\n## How to fix it\nAdd the column names (`rut`, `nombre`, `correo`…) as the first row, one per column.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = finding.row_number.unwrap_or(1);
    match lang {
        Lang::Es => format!(
            "La fila {row} tiene datos, no nombres de columna: el archivo no tiene encabezado (se leyó con columnas field1, field2…)"
        ),
        Lang::En => format!(
            "Row {row} holds data, not column names: the file has no header (it was read with columns field1, field2…)"
        ),
    }
}

fn data_pattern() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)^(?:
                [^@\s]+@[^@\s]+\.[A-Za-z]{2,24}
              | 0*[0-9]{1,2}\.?[0-9]{3}\.?[0-9]{3}\s?-\s?[0-9kK]
              | \+?56[\s.\-]?[0-9][0-9\s.\-]{7,11}
              | 0?9[\s.\-]?[0-9]{4}[\s.\-]?[0-9]{4}
            )$",
        )
        .ok()
    })
    .as_ref()
}

/// Whether a label is a data value that no column is named like: an e-mail address, a RUT with
/// its check digit, or a Chilean phone number.
pub fn is_data_value(label: &str) -> bool {
    data_pattern().is_some_and(|re| re.is_match(label.trim()))
}

/// Whether a header row is really a row of data.
pub fn is_data_row(labels: &[String]) -> bool {
    labels.iter().any(|label| is_data_value(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_not_a_header() {
        for value in [
            "ana.rojas@gmail.com",
            "16.123.456-3",
            "16123456-3",
            "016.123.456-K",
            "+56912345678",
            "+56 9 1234 5678",
            "912345678",
        ] {
            assert!(is_data_value(value), "{value}");
        }
        for label in [
            "rut",
            "correo",
            "2024-03-01",
            "2024",
            "Región",
            "monto_2024",
            "Nº",
        ] {
            assert!(!is_data_value(label), "{label}");
        }
    }
}
