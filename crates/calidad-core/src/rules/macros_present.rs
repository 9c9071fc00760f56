//! `macros-present`: the workbook carries a VBA project (macros).

use crate::finding::Finding;
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule. Found while reading workbooks (see the `calidad` crate's workbook reader).
pub static MACROS_PRESENT: Rule = Rule {
    code: "macros-present",
    severity: Severity::Warning,
    tags: &["#table"],
    title: Text {
        es: "Macros en el libro",
        en: "Macros Present",
    },
    description: Text {
        es: "El libro trae un proyecto VBA (macros).",
        en: "The workbook carries a VBA project (macros).",
    },
    docs: Text {
        es: "## Qué significa\nEl libro (típicamente `.xlsm` o `.xls`) contiene un proyecto de macros VBA. calidad no las ejecuta nunca; solo avisa que están.\n\n## Por qué importa\nUn portal de datos abiertos no debe distribuir código ejecutable: las macros son un riesgo para quien descarga y no aportan a los datos.\n\n## Cómo corregirlo\nGuarde el libro como `.xlsx` (sin macros) o, mejor, publique cada hoja como CSV en UTF-8.",
        en: "## What it means\nThe workbook (typically `.xlsm` or `.xls`) contains a VBA macro project. calidad never runs it; it only reports that it is there.\n\n## Why it matters\nAn open-data portal should not distribute executable code: macros are a risk for whoever downloads and add nothing to the data.\n\n## How to fix it\nSave the workbook as `.xlsx` (no macros) or, better, publish each sheet as a UTF-8 CSV.",
    },
    message,
    note: no_note,
};

fn message(_finding: &Finding, lang: Lang) -> String {
    lang.pick(
        "El libro contiene macros VBA; publíquelo sin macros",
        "The workbook contains VBA macros; publish it without them",
    )
    .to_owned()
}
