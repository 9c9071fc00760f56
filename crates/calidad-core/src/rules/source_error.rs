//! `source-error`: the source has nothing that can be read as a table.

use crate::finding::{Detail, Finding, SourceProblem};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule.
pub static SOURCE_ERROR: Rule = Rule {
    code: "source-error",
    severity: Severity::Error,
    tags: &["#file"],
    title: Text {
        es: "Error de origen",
        en: "Source Error",
    },
    description: Text {
        es: "No se pudo leer la fuente: está vacía o falló la lectura.",
        en: "The source could not be read: it is empty or reading failed.",
    },
    docs: Text {
        es: "## Qué significa\nLa fuente no tiene contenido (0 bytes, o solo la marca de orden de bytes), usa una codificación que calidad no lee (UTF-32), o la lectura se interrumpió a mitad de camino.\n\n## Por qué importa\nUn recurso vacío o truncado publicado en el portal no sirve a nadie y suele indicar una exportación fallida.\n\n## Cómo corregirlo\nVuelva a exportar el archivo desde la fuente y compruebe que tenga datos antes de subirlo. Si está en UTF-32, guárdelo en UTF-8.",
        en: "## What it means\nThe source has no content (0 bytes, or only a byte-order mark), uses an encoding calidad does not read (UTF-32), or reading stopped partway.\n\n## Why it matters\nAn empty or truncated resource published on the portal is of use to nobody and usually means a failed export.\n\n## How to fix it\nExport the file again from its source and check that it holds data before uploading it. If it is UTF-32, save it as UTF-8.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let problem = match &finding.detail {
        Detail::Source { problem } => Some(problem),
        _ => None,
    };
    match (lang, problem) {
        (Lang::Es, Some(SourceProblem::Empty)) => "La fuente está vacía (0 bytes)".to_owned(),
        (Lang::En, Some(SourceProblem::Empty)) => "The source is empty (0 bytes)".to_owned(),
        (Lang::Es, Some(SourceProblem::OnlyBom)) => {
            "La fuente solo contiene una marca de orden de bytes (BOM), sin datos".to_owned()
        }
        (Lang::En, Some(SourceProblem::OnlyBom)) => {
            "The source holds only a byte-order mark (BOM), no data".to_owned()
        }
        (Lang::Es, Some(SourceProblem::Utf32)) => {
            "La fuente está en UTF-32, que calidad no lee; guárdela en UTF-8".to_owned()
        }
        (Lang::En, Some(SourceProblem::Utf32)) => {
            "The source is UTF-32, which calidad does not read; save it as UTF-8".to_owned()
        }
        (Lang::Es, Some(SourceProblem::Io(reason))) => {
            format!("La lectura de la fuente falló a mitad de camino: {reason}")
        }
        (Lang::En, Some(SourceProblem::Io(reason))) => {
            format!("Reading the source failed partway: {reason}")
        }
        (Lang::Es, Some(SourceProblem::EmptySheet)) => "La hoja está vacía".to_owned(),
        (Lang::En, Some(SourceProblem::EmptySheet)) => "The sheet is empty".to_owned(),
        (Lang::Es, Some(SourceProblem::Unreadable(reason))) => {
            format!("No se pudo leer el archivo: {reason}")
        }
        (Lang::En, Some(SourceProblem::Unreadable(reason))) => {
            format!("The file could not be read: {reason}")
        }
        (Lang::Es, Some(SourceProblem::TooLarge { read, compressed })) => format!(
            "El contenido comprimido supera el límite: {} bytes descomprimidos de {} comprimidos; no se siguió leyendo (posible bomba de descompresión)",
            Lang::Es.count(*read),
            Lang::Es.count(*compressed)
        ),
        (Lang::En, Some(SourceProblem::TooLarge { read, compressed })) => format!(
            "The compressed content exceeds the limit: {} bytes decompressed from {} compressed; reading stopped (possible decompression bomb)",
            Lang::En.count(*read),
            Lang::En.count(*compressed)
        ),
        (Lang::Es, Some(SourceProblem::TimeLimit { seconds, read })) => format!(
            "La lectura superó el tiempo máximo ({seconds} s): se revisaron solo los primeros {} bytes",
            Lang::Es.count(*read)
        ),
        (Lang::En, Some(SourceProblem::TimeLimit { seconds, read })) => format!(
            "Reading took longer than the time limit ({seconds} s): only the first {} bytes were checked",
            Lang::En.count(*read)
        ),
        (Lang::Es, Some(SourceProblem::Limit { what, found, limit })) => format!(
            "El archivo pide {} {what}, más que el límite de {}: no se leyó (¿archivo dañado o malicioso?)",
            Lang::Es.count(*found),
            Lang::Es.count(*limit)
        ),
        (Lang::En, Some(SourceProblem::Limit { what, found, limit })) => format!(
            "The file asks for {} {what}, more than the limit of {}: not read (a damaged or hostile file?)",
            Lang::En.count(*found),
            Lang::En.count(*limit)
        ),
        (Lang::Es, Some(SourceProblem::NoHeaderRow(row))) => {
            format!("La tabla termina antes de la fila {row}, indicada como encabezado")
        }
        (Lang::En, Some(SourceProblem::NoHeaderRow(row))) => {
            format!("The table ends before row {row}, given as the header")
        }
        (Lang::Es, _) => "No se pudo leer la fuente".to_owned(),
        (Lang::En, _) => "The source could not be read".to_owned(),
    }
}
