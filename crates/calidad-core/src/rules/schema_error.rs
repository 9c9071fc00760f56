//! `schema-error`: the Table Schema given with `--schema` is not valid.

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule. calidad refuses to validate against a broken schema: the CLI exits with status 2
/// and names every problem with its JSON path; this entry documents the code for
/// `calidad explain`.
pub static SCHEMA_ERROR: Rule = Rule {
    code: "schema-error",
    severity: Severity::Error,
    tags: &["#schema"],
    title: Text {
        es: "Esquema inválido",
        en: "Schema Error",
    },
    description: Text {
        es: "El Table Schema entregado no es válido; no se validan datos con él.",
        en: "The Table Schema given is not valid; no data is validated against it.",
    },
    docs: Text {
        es: "## Qué significa\nEl archivo de `--schema` no es un Table Schema válido: no es JSON, no cumple el perfil de `schemas/table-schema.json` (un tipo desconocido, un campo sin nombre) o tiene problemas que el perfil no ve (una clave primaria que nombra un campo que no existe, un `pattern` que no compila, un `minimum` que no es del tipo del campo). Cada problema se informa con su ruta JSON, por ejemplo `/fields/2/type`.\n\n## Por qué importa\nValidar datos contra un esquema roto produciría errores que son culpa del esquema y no de los datos. Por eso calidad se detiene (código de salida 2) antes de leer los datos.\n\n## Cómo corregirlo\nAbra el esquema en la ruta indicada y corríjalo; `calidad describe ARCHIVO` genera un esquema válido a partir de los datos que puede usar como punto de partida.",
        en: "## What it means\nThe `--schema` file is not a valid Table Schema: it is not JSON, it breaks the profile in `schemas/table-schema.json` (an unknown type, a field without a name), or it has problems the profile cannot see (a primary key naming a field that does not exist, a `pattern` that does not compile, a `minimum` that is not of the field's type). Each problem is reported with its JSON path, e.g. `/fields/2/type`.\n\n## Why it matters\nValidating data against a broken schema would report errors that are the schema's fault, not the data's. So calidad stops (exit status 2) before reading the data.\n\n## How to fix it\nOpen the schema at the path given and fix it; `calidad describe FILE` generates a valid schema from the data that you can start from.",
    },
    message,
    note: no_note,
};

fn message(_finding: &Finding, lang: Lang) -> String {
    lang.pick("El esquema no es válido", "The schema is not valid")
        .to_owned()
}
