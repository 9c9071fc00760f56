//! `foreign-key`: a row whose foreign key matches no row of the table it refers to.

use crate::finding::{Detail, Finding};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity};
use crate::rules::row;

/// The rule. Found by the schema validation in the engine, not by a row check.
pub static FOREIGN_KEY: Rule = Rule {
    code: "foreign-key",
    severity: Severity::Error,
    tags: &["#table", "#row"],
    title: Text {
        es: "Error de clave foránea",
        en: "Foreign Key Error",
    },
    description: Text {
        es: "El valor de la clave foránea no existe en la tabla a la que se refiere.",
        en: "The foreign key's value does not exist in the table it refers to.",
    },
    docs: Text {
        es: "## Qué significa\nEn un `datapackage.json`, el esquema de un recurso declara `foreignKeys`: sus campos deben tener valores que existan en los campos referidos de otro recurso (o del mismo). En esta fila, la combinación de valores no aparece en la tabla referida. Las filas cuya clave foránea está vacía no se revisan.\n\n## Por qué importa\nUna referencia rota deja registros huérfanos: un pago a un beneficiario que no está en el registro de beneficiarios, una comuna que no está en la tabla de comunas. Los cruces pierden esas filas sin aviso.\n\n## Cómo corregirlo\nAgregue a la tabla referida el registro que falta, o corrija el valor en esta fila (a menudo es un error de digitación o un código con el cero inicial perdido).",
        en: "## What it means\nIn a `datapackage.json`, a resource's schema declares `foreignKeys`: its fields must hold values that exist in the referenced fields of another resource (or of the same one). In this row, the combination of values does not appear in the referenced table. Rows whose foreign key is empty are not checked.\n\n## Why it matters\nA broken reference leaves orphan records: a payment to a beneficiary missing from the beneficiary register, a comuna missing from the comuna table. Joins drop those rows silently.\n\n## How to fix it\nAdd the missing record to the referenced table, or fix the value in this row (often a typo or a code that lost its leading zero).",
    },
    message,
    note,
};

fn reference(finding: &Finding) -> &str {
    match &finding.detail {
        Detail::Param { text } => text,
        _ => "",
    }
}

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    let target = reference(finding);
    match lang {
        Lang::Es => format!("La clave foránea de la fila {row} no existe en {target}"),
        Lang::En => format!("The foreign key of row {row} does not exist in {target}"),
    }
}

fn note(finding: &Finding, lang: Lang) -> String {
    let target = reference(finding);
    match lang {
        Lang::Es => format!("sin coincidencia en {target}"),
        Lang::En => format!("no match in {target}"),
    }
}
