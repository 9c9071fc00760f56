//! `not-a-table`: a workbook sheet that documents the data (a product sheet, parameters, notes,
//! a glossary) rather than holding a table. Reported in the workbook's summary, not validated.

use crate::finding::{Detail, Finding};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule.
pub static NOT_A_TABLE: Rule = Rule {
    code: "not-a-table",
    severity: Severity::Info,
    tags: &["#table"],
    title: Text {
        es: "Hoja de documentación, no una tabla",
        en: "Not a Table",
    },
    description: Text {
        es: "La hoja documenta los datos (ficha, notas, definiciones); no se validó como tabla.",
        en: "The sheet documents the data (product sheet, notes, definitions); it was not validated as a table.",
    },
    docs: Text {
        es: "## Qué significa\nLa hoja no tiene una tabla de datos sino documentación: una ficha del producto, parámetros, notas metodológicas, un índice o un glosario. Lo reconoce por el nombre de la hoja o porque casi todas sus filas tienen un solo texto largo. calidad la menciona y no la valida como datos.\n\n## Por qué importa\nEs buena práctica documentar los datos; pero un programa que lea el libro hoja por hoja tratará la documentación como otra tabla.\n\n## Cómo corregirlo\nNada que corregir si la documentación es intencional. Mejor aún: publíquela como un recurso aparte (PDF o texto) o en la descripción del conjunto de datos, y deje en el libro solo tablas.",
        en: "## What it means\nThe sheet holds documentation rather than a data table: a product sheet, parameters, methodological notes, an index or a glossary. It is recognised by the sheet's name or because almost every row holds a single long text. calidad mentions it and does not validate it as data.\n\n## Why it matters\nDocumenting data is good practice; but a program reading the workbook sheet by sheet treats the documentation as one more table.\n\n## How to fix it\nNothing to fix if the documentation is intended. Better still: publish it as a separate resource (PDF or text) or in the dataset's description, and keep only tables in the workbook.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let sheet = match &finding.detail {
        Detail::Param { text } => text.as_str(),
        _ => "",
    };
    match lang {
        Lang::Es => format!(
            "La hoja «{sheet}» es documentación (ficha, notas o definiciones), no una tabla de datos: no se validó"
        ),
        Lang::En => format!(
            "Sheet «{sheet}» is documentation (product sheet, notes or definitions), not a data table: it was not validated"
        ),
    }
}
