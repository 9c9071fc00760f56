//! `blank-label`: a header cell with no name.

use crate::check::{Check, Header};
use crate::finding::{Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};

/// The rule.
pub static BLANK_LABEL: Rule = Rule {
    code: "blank-label",
    severity: Severity::Error,
    tags: &["#table", "#header", "#label"],
    title: Text {
        es: "Etiqueta en blanco",
        en: "Blank Label",
    },
    description: Text {
        es: "Una columna del encabezado no tiene nombre. Toda columna necesita una etiqueta.",
        en: "A column in the header has no name. Every column needs a label.",
    },
    docs: Text {
        es: "## Qué significa\nUna celda de la fila de encabezado está vacía (o solo tiene espacios), así que la columna no tiene nombre. calidad la llama `fieldN` (N = su posición) en el informe.\n\n## Por qué importa\nSin nombre nadie sabe qué mide la columna, y los programas que cargan la tabla inventan nombres distintos (`Unnamed: 3`, `V3`, `field3`). Suele delatar una columna vacía que sobró al exportar desde Excel o un delimitador al final de cada línea (`a;b;c;`).\n\n## Cómo corregirlo\nEscriba un nombre corto y descriptivo en esa celda del encabezado. Si la columna está vacía en todas las filas, elimínela; si cada línea termina en un delimitador, quítelo.",
        en: "## What it means\nA cell in the header row is empty (or only spaces), so the column has no name. calidad calls it `fieldN` (N = its position) in the report.\n\n## Why it matters\nWithout a name nobody knows what the column measures, and the programs that load the table invent different names (`Unnamed: 3`, `V3`, `field3`). It often reveals an empty column left over from an Excel export, or a delimiter at the end of every line (`a;b;c;`).\n\n## How to fix it\nWrite a short, descriptive name in that header cell. If the column is empty in every row, delete it; if every line ends in a delimiter, remove it.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let number = finding.field_number.unwrap_or(0);
    match lang {
        Lang::Es => format!("La columna {number} no tiene nombre en el encabezado"),
        Lang::En => format!("The label of field {number} in the header is blank"),
    }
}

/// Reports every blank label (unless the whole header is blank: that is `blank-header`).
#[derive(Debug, Default)]
pub struct BlankLabelCheck;

impl Check for BlankLabelCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&BLANK_LABEL];
        &RULES
    }

    fn checks_rows(&self) -> bool {
        false
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        if header.labels.iter().all(|l| l.trim().is_empty()) {
            return;
        }
        for (index, label) in header.labels.iter().enumerate() {
            if label.trim().is_empty() {
                out.push(label_finding(&BLANK_LABEL, header, index));
            }
        }
    }
}

/// A finding about label `index` with the header's labels as context.
pub(crate) fn label_finding(rule: &'static Rule, header: &Header, index: usize) -> Finding {
    let mut finding = Finding::new(rule)
        .at_row(header.row_number, header.line_number)
        .at_field(index as u64 + 1, header.field_name(index));
    finding.label = header.labels.get(index).map(|l| crate::finding::bounded(l));
    finding.labels = Some(header.labels.clone());
    finding
}
