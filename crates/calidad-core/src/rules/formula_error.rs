//! `formula-error`: the spreadsheet cell holds a formula error (#DIV/0!, #N/A, #REF!, #VALUE!…).

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::{field_phrase, row};

/// The rule. Found while reading workbooks (see the `calidad` crate's workbook reader).
pub static FORMULA_ERROR: Rule = Rule {
    code: "formula-error",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Error de fórmula",
        en: "Formula Error",
    },
    description: Text {
        es: "La celda de la planilla contiene un error de fórmula (#DIV/0!, #N/A, #REF!, #VALUE!…).",
        en: "The spreadsheet cell holds a formula error (#DIV/0!, #N/A, #REF!, #VALUE!…).",
    },
    docs: Text {
        es: "## Qué significa\nUna celda de la planilla guarda el resultado de una fórmula que falló: `#DIV/0!` (división por cero), `#N/A` (valor no disponible), `#REF!` (referencia a una celda borrada), `#VALUE!`, `#NAME?`, `#NUM!` o `#NULL!`. La fila y el campo son los de la hoja, para encontrar la celda.\n\n## Por qué importa\nQuien use los datos recibirá un texto de error en lugar de un número; los cálculos fallan o, peor, la celda se lee como texto y la columna entera deja de ser numérica.\n\n## Cómo corregirlo\nCorrija la fórmula en la planilla de origen, o reemplace el error por el valor correcto o por una celda vacía si el dato no existe. Publique los valores, no las fórmulas.",
        en: "## What it means\nA spreadsheet cell holds the result of a failed formula: `#DIV/0!` (division by zero), `#N/A` (value not available), `#REF!` (reference to a deleted cell), `#VALUE!`, `#NAME?`, `#NUM!` or `#NULL!`. The row and field are the sheet's own, so the cell can be found.\n\n## Why it matters\nUsers of the data get an error text instead of a number; calculations fail or, worse, the cell is read as text and the whole column stops being numeric.\n\n## How to fix it\nFix the formula in the source workbook, or replace the error with the right value or an empty cell if the value does not exist. Publish values, not formulas.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!(
            "La celda de la fila {row}, {}, tiene el error de fórmula {}",
            field_phrase(finding, lang),
            finding.cell.as_deref().unwrap_or("")
        ),
        Lang::En => format!(
            "The cell in row {row}, {}, holds the formula error {}",
            field_phrase(finding, lang),
            finding.cell.as_deref().unwrap_or("")
        ),
    }
}
