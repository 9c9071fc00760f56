//! `constraint-error`: the value breaks a schema constraint (required, range, pattern, allowed values, length).

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity};

use crate::rules::schema_text::{constraint_note, constraint_phrase};
use crate::rules::{field_phrase, quoted, row};

/// The rule. Found by the schema validation in the engine, not by a row check.
pub static CONSTRAINT_ERROR: Rule = Rule {
    code: "constraint-error",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Error de restricción",
        en: "Constraint Error",
    },
    description: Text {
        es: "El valor no cumple una restricción del esquema (obligatorio, rango, patrón, lista de valores, largo).",
        en: "The value breaks a schema constraint (required, range, pattern, allowed values, length).",
    },
    docs: Text {
        es: "## Qué significa\nUna celda tiene el tipo correcto pero no cumple una restricción de su campo en el esquema: `required` (no puede faltar), `enum` (valores permitidos), `minimum`/`maximum` y sus variantes exclusivas, `minLength`/`maxLength` o `pattern`. La nota dice cuál.\n\n## Por qué importa\nLas restricciones son la promesa que el publicador hace sobre sus datos; un valor fuera de ella suele ser un error de digitación (una edad de 200 años, una región que no existe) o un dato que falta.\n\n## Cómo corregirlo\nCorrija el valor o, si la restricción está mal, corrija el esquema. Para `required`, complete la celda; para `enum`, use exactamente uno de los valores permitidos (mayúsculas y tildes incluidas).",
        en: "## What it means\nA cell has the right type but breaks one of its field's constraints in the schema: `required` (may not be missing), `enum` (allowed values), `minimum`/`maximum` and their exclusive variants, `minLength`/`maxLength` or `pattern`. The note says which.\n\n## Why it matters\nConstraints are the publisher's promise about the data; a value outside them is usually a typo (an age of 200 years, a region that does not exist) or missing data.\n\n## How to fix it\nFix the value or, if the constraint is wrong, fix the schema. For `required`, fill in the cell; for `enum`, use exactly one of the allowed values (case and accents included).",
    },
    message,
    note: constraint_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    let cell = finding.cell.as_deref().unwrap_or("");
    match lang {
        Lang::Es => format!(
            "El valor {} de la fila {row}, {}, no cumple la restricción {}",
            quoted(cell),
            field_phrase(finding, lang),
            constraint_phrase(finding)
        ),
        Lang::En => format!(
            "Value {} in row {row}, {}, breaks constraint {}",
            quoted(cell),
            field_phrase(finding, lang),
            constraint_phrase(finding)
        ),
    }
}
