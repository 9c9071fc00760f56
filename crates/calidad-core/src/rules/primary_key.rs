//! `primary-key`: the row's primary key is missing or repeats an earlier row's.

use crate::lang::Text;
use crate::rule::{Rule, Severity};

use crate::rules::schema_text::{first_note, key_message};

/// The rule. Found by the schema validation in the engine, not by a row check.
pub static PRIMARY_KEY: Rule = Rule {
    code: "primary-key",
    severity: Severity::Error,
    tags: &["#table", "#row"],
    title: Text {
        es: "Error de clave primaria",
        en: "Primary Key Error",
    },
    description: Text {
        es: "La clave primaria de la fila falta o repite la de una fila anterior.",
        en: "The row's primary key is missing or repeats an earlier row's.",
    },
    docs: Text {
        es: "## Qué significa\nEl esquema declara una clave primaria (`primaryKey`) y en esta fila sus campos están todos vacíos, o tienen los mismos valores que en una fila anterior (la nota dice cuál).\n\n## Por qué importa\nLa clave primaria es lo que identifica cada registro; sin ella, o repetida, no se puede actualizar, cruzar ni citar un registro sin ambigüedad.\n\n## Cómo corregirlo\nComplete la clave en las filas donde falta y, donde se repite, elimine el registro duplicado o corrija la clave. Si la columna no identifica registros, quite `primaryKey` del esquema.",
        en: "## What it means\nThe schema declares a primary key (`primaryKey`) and in this row its fields are all empty, or have the same values as an earlier row (the note says which).\n\n## Why it matters\nThe primary key is what identifies each record; without it, or repeated, a record cannot be updated, joined or cited unambiguously.\n\n## How to fix it\nFill in the key where it is missing and, where it repeats, delete the duplicate record or fix the key. If the column does not identify records, remove `primaryKey` from the schema.",
    },
    message: key_message,
    note: first_note,
};
