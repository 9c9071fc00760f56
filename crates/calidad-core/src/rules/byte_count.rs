//! `byte-count`: the file does not have the expected number of bytes (`--bytes`).

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule. Checked against the expectations given to the validator (see
/// [`crate::expect`]).
pub static BYTE_COUNT: Rule = Rule {
    code: "byte-count",
    severity: Severity::Error,
    tags: &["#table"],
    title: Text {
        es: "Conteo de bytes",
        en: "Byte Count",
    },
    description: Text {
        es: "El archivo no tiene los bytes que se esperaban (`--bytes`).",
        en: "The file does not have the expected number of bytes (`--bytes`).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--bytes N` (o el `bytes` de un recurso), el tamaño del archivo en bytes debe ser N.\n\n## Por qué importa\nUn tamaño distinto del publicado delata un archivo truncado en la descarga o reemplazado por otra versión.\n\n## Cómo corregirlo\nVuelva a descargar o subir el archivo, o actualice el tamaño declarado en los metadatos.",
        en: "## What it means\nWith `--bytes N` (or a resource's `bytes`), the file's size in bytes must be N.\n\n## Why it matters\nA size other than the published one reveals a file truncated in transfer or replaced by another version.\n\n## How to fix it\nDownload or upload the file again, or update the size declared in the metadata.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    crate::rules::declared_count_message(finding, lang, "bytes", "bytes")
}
