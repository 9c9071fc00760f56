//! `format-error`: the bytes are not a text table.

use crate::finding::{Detail, FileKind, Finding};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule.
pub static FORMAT_ERROR: Rule = Rule {
    code: "format-error",
    severity: Severity::Error,
    tags: &["#file"],
    title: Text {
        es: "Error de formato",
        en: "Format Error",
    },
    description: Text {
        es: "El contenido del archivo no es una tabla de texto (CSV o TSV).",
        en: "The file's content is not a text table (CSV or TSV).",
    },
    docs: Text {
        es: "## Qué significa\ncalidad reconoce el formato por el contenido (los primeros bytes), no por la extensión del nombre. Este archivo es otra cosa: una planilla de Excel, un ZIP, un PDF, una página HTML (a menudo una página de error guardada con el nombre del archivo de datos), JSON o datos binarios.\n\n## Por qué importa\nSi la extensión o el formato declarado en el portal no coinciden con el contenido, los usuarios y los programas no podrán abrir el recurso. Una página HTML en lugar de datos significa que la descarga original falló.\n\n## Cómo corregirlo\nExporte los datos como CSV en UTF-8, o publique el archivo con la extensión y el formato que realmente tiene. Si es una página de error, descargue de nuevo el archivo original.",
        en: "## What it means\ncalidad recognises the format by content (the first bytes), not by the file name's extension. This file is something else: an Excel workbook, a ZIP, a PDF, an HTML page (often an error page saved under the data file's name), JSON or binary data.\n\n## Why it matters\nIf the extension or the format declared on the portal does not match the content, users and programs cannot open the resource. An HTML page instead of data means the original download failed.\n\n## How to fix it\nExport the data as CSV in UTF-8, or publish the file with the extension and format it really has. If it is an error page, download the original file again.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    if let Detail::Misnamed { extension, kind } = &finding.detail {
        let what = kind.name(lang);
        return match lang {
            Lang::Es => format!(
                "El archivo se llama .{extension} pero es {what}; se validó como lo que es. Corrija la extensión (y el formato declarado en el portal)"
            ),
            Lang::En => format!(
                "The file is named .{extension} but is {what}; it was validated as what it is. Fix the extension (and the format declared on the portal)"
            ),
        };
    }
    let kind = match &finding.detail {
        Detail::Format { kind } => *kind,
        _ => FileKind::Binary,
    };
    let what = kind.name(lang);
    if kind == FileKind::Parquet {
        return match lang {
            Lang::Es => format!(
                "El archivo es {what}; calidad lo lee como tabla si se compila con la característica `parquet`"
            ),
            Lang::En => format!(
                "The file is {what}; calidad reads it as a table when built with the `parquet` feature"
            ),
        };
    }
    let supported = matches!(
        kind,
        FileKind::Binary
            | FileKind::Html
            | FileKind::Pdf
            | FileKind::Image
            | FileKind::Xml
            | FileKind::NonTabularJson
    );
    match (lang, supported) {
        (Lang::Es, true) => format!("El archivo no es una tabla de texto: es {what}"),
        (Lang::En, true) => format!("The file is not a text table: it is {what}"),
        (Lang::Es, false) => format!(
            "El archivo no es una tabla de texto: es {what}, que esta versión de calidad aún no lee como tabla"
        ),
        (Lang::En, false) => format!(
            "The file is not a text table: it is {what}, which this version of calidad does not read as a table yet"
        ),
    }
}
