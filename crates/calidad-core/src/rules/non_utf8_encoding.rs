//! `non-utf8-encoding`: the file is readable, but not in UTF-8.

use crate::finding::{Detail, Finding};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule.
pub static NON_UTF8_ENCODING: Rule = Rule {
    code: "non-utf8-encoding",
    severity: Severity::Warning,
    tags: &["#file"],
    title: Text {
        es: "Codificación distinta de UTF-8",
        en: "Not UTF-8",
    },
    description: Text {
        es: "El archivo está en una codificación antigua (como Windows-1252) en vez de UTF-8.",
        en: "The file uses a legacy encoding (such as Windows-1252) instead of UTF-8.",
    },
    docs: Text {
        es: "## Qué significa\nEl archivo no está en UTF-8: está en Windows-1252/Latin-1 (lo que guarda Excel en español con \"CSV (delimitado por comas)\"), UTF-16 u otra codificación. calidad la detectó y leyó el archivo correctamente; el informe indica cuál usó.\n\n## Por qué importa\nQuien descargue el archivo tiene que adivinar la codificación. Si adivina mal, `Ñuñoa` se convierte en `Ã‘uÃ±oa` o en `�u�oa`. UTF-8 es la codificación que recomiendan las guías de datos abiertos y la que los programas suponen por omisión.\n\n## Cómo corregirlo\nGuarde el archivo en UTF-8: en Excel, \"Guardar como\" → \"CSV UTF-8 (delimitado por comas)\"; en LibreOffice, marque \"Editar la configuración del filtro\" y elija Unicode (UTF-8); o convierta con `iconv -f windows-1252 -t utf-8 archivo.csv > archivo-utf8.csv`.",
        en: "## What it means\nThe file is not UTF-8: it is Windows-1252/Latin-1 (what Spanish-language Excel saves as \"CSV (comma delimited)\"), UTF-16 or another encoding. calidad detected it and read the file correctly; the report says which one it used.\n\n## Why it matters\nWhoever downloads the file has to guess the encoding. If they guess wrong, `Ñuñoa` turns into `Ã‘uÃ±oa` or `�u�oa`. UTF-8 is the encoding open-data guidelines recommend and the one programs assume by default.\n\n## How to fix it\nSave the file as UTF-8: in Excel, \"Save as\" → \"CSV UTF-8 (comma delimited)\"; in LibreOffice, tick \"Edit filter settings\" and choose Unicode (UTF-8); or convert with `iconv -f windows-1252 -t utf-8 file.csv > file-utf8.csv`.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let name = match &finding.detail {
        Detail::Encoding { name } => name.as_str(),
        _ => "?",
    };
    match lang {
        Lang::Es => format!("El archivo está codificado en {name}, no en UTF-8; guárdelo en UTF-8"),
        Lang::En => format!("The file is encoded in {name}, not UTF-8; save it as UTF-8"),
    }
}
