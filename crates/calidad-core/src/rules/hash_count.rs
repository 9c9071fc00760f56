//! `hash-count`: the file's hash is not the expected one (`--hash`).

use crate::finding::{Detail, Finding};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule. Checked against the expectations given to the validator (see
/// [`crate::expect`]).
pub static HASH_COUNT: Rule = Rule {
    code: "hash-count",
    severity: Severity::Error,
    tags: &["#table"],
    title: Text {
        es: "Hash distinto",
        en: "Hash Count",
    },
    description: Text {
        es: "El hash del archivo no es el que se esperaba (`--hash`).",
        en: "The file's hash is not the expected one (`--hash`).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--hash sha256:HEX` o `--hash md5:HEX` (o el `hash` de un recurso), el hash de los bytes del archivo debe ser ese.\n\n## Por qué importa\nEl hash publicado permite a quien descarga comprobar que tiene el mismo archivo; si no coincide, el archivo cambió, se corrompió o no es la versión declarada.\n\n## Cómo corregirlo\nSuba de nuevo el archivo correcto, o actualice el hash declarado (calidad lo informa en `stats.sha256`).",
        en: "## What it means\nWith `--hash sha256:HEX` or `--hash md5:HEX` (or a resource's `hash`), the hash of the file's bytes must be that.\n\n## Why it matters\nThe published hash lets whoever downloads check they have the same file; if it does not match, the file changed, was corrupted, or is not the declared version.\n\n## How to fix it\nUpload the right file again, or update the declared hash (calidad reports it in `stats.sha256`).",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let Detail::Threshold { value, limit } = &finding.detail else {
        return String::new();
    };
    match lang {
        Lang::Es => format!("Se esperaba el hash {limit} y el archivo tiene {value}"),
        Lang::En => format!("Expected hash {limit} but the file has {value}"),
    }
}
