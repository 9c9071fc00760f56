//! `check-error`: an opt-in check that cannot run on this table (the column it names is not
//! there). Frictionless' code; calidad reports it rather than silently checking nothing.

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::opt_in::param;

/// The rule.
pub static CHECK_ERROR: Rule = Rule {
    code: "check-error",
    severity: Severity::Error,
    tags: &["#table"],
    title: Text {
        es: "Error de la revisión",
        en: "Check Error",
    },
    description: Text {
        es: "Una revisión pedida con --checks no se puede aplicar a esta tabla.",
        en: "A check asked for with --checks cannot be applied to this table.",
    },
    docs: Text {
        es: "## Qué significa\nUna revisión opcional (`--checks forbidden-value:fieldName=…`, `row-constraint:formula=…`) nombra una columna que la tabla no tiene, así que no revisó nada.\n\n## Por qué importa\nUna revisión que no corre no encuentra nada, y un informe limpio parecería decir que los datos la cumplen.\n\n## Cómo corregirlo\nRevise el nombre de la columna en la revisión (mayúsculas, tildes, espacios) o el encabezado del archivo.",
        en: "## What it means\nAn opt-in check (`--checks forbidden-value:fieldName=…`, `row-constraint:formula=…`) names a column the table does not have, so it checked nothing.\n\n## Why it matters\nA check that does not run finds nothing, and a clean report would seem to say the data pass it.\n\n## How to fix it\nCheck the column's name in the check (case, accents, spaces) or the file's header.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let check = param(finding);
    let column = finding.field_name.as_deref().unwrap_or_default();
    match lang {
        Lang::Es => {
            format!("La revisión {check} no se aplicó: la tabla no tiene la columna «{column}»")
        }
        Lang::En => {
            format!("The check {check} was not applied: the table has no column «{column}»")
        }
    }
}
