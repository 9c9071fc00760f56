//! `duplicate-label`: two columns with the same name.

use crate::check::{Check, Header};
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity};
use crate::rules::blank_label::label_finding;
use crate::rules::quoted;
use std::collections::HashMap;

/// The rule.
pub static DUPLICATE_LABEL: Rule = Rule {
    code: "duplicate-label",
    severity: Severity::Error,
    tags: &["#table", "#header", "#label"],
    title: Text {
        es: "Etiqueta duplicada",
        en: "Duplicate Label",
    },
    description: Text {
        es: "Dos columnas del encabezado tienen el mismo nombre. Los nombres de columna deben ser únicos.",
        en: "Two columns in the header have the same name. Column names must be unique.",
    },
    docs: Text {
        es: "## Qué significa\nUna etiqueta del encabezado repite otra anterior (se comparan sin los espacios de los extremos). calidad nombra la repetición `etiqueta2`, `etiqueta3`… en el informe.\n\n## Por qué importa\nQuien use los datos no puede distinguir las columnas por nombre: al cargarlas, muchos programas renombran o descartan una de ellas en silencio. Suele ocurrir al copiar columnas o al aplanar encabezados de varias filas (`2023`, `2023`).\n\n## Cómo corregirlo\nDé a cada columna un nombre único que diga qué contiene (por ejemplo `casos_2023` y `tasa_2023`). Si la columna es una copia exacta de otra, elimínela.",
        en: "## What it means\nA header label repeats an earlier one (compared without surrounding spaces). calidad names the repeat `label2`, `label3`… in the report.\n\n## Why it matters\nUsers cannot tell the columns apart by name: on loading, many programs silently rename or drop one of them. It often happens when columns are copied or when a multi-row header is flattened (`2023`, `2023`).\n\n## How to fix it\nGive every column a unique name that says what it holds (for example `cases_2023` and `rate_2023`). If the column is an exact copy of another, delete it.",
    },
    message,
    note,
};

fn first(finding: &Finding) -> u64 {
    match finding.detail {
        Detail::DuplicateOf { first } => first,
        _ => 0,
    }
}

fn message(finding: &Finding, lang: Lang) -> String {
    let label = quoted(finding.label.as_deref().unwrap_or(""));
    let number = finding.field_number.unwrap_or(0);
    let first = first(finding);
    match lang {
        Lang::Es => {
            format!("El nombre {label} de la columna {number} repite el de la columna {first}")
        }
        Lang::En => format!("Label {label} in field {number} repeats the label of field {first}"),
    }
}

fn note(finding: &Finding, lang: Lang) -> String {
    let first = first(finding);
    match lang {
        Lang::Es => format!("aparece antes en la columna {first}"),
        Lang::En => format!("first seen in field {first}"),
    }
}

/// Reports each label equal to an earlier non-blank label.
#[derive(Debug, Default)]
pub struct DuplicateLabelCheck;

impl Check for DuplicateLabelCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&DUPLICATE_LABEL];
        &RULES
    }

    fn checks_rows(&self) -> bool {
        false
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(header.len());
        for (index, label) in header.labels.iter().enumerate() {
            let key = label.trim();
            if key.is_empty() {
                continue;
            }
            match first_seen.get(key) {
                None => {
                    first_seen.insert(key, index);
                }
                Some(&first) => {
                    if out.keeps(&DUPLICATE_LABEL, header.row_number, index as u64 + 1) {
                        out.push(label_finding(&DUPLICATE_LABEL, header, index).with_detail(
                            Detail::DuplicateOf {
                                first: first as u64 + 1,
                            },
                        ));
                    } else {
                        out.count(&DUPLICATE_LABEL);
                    }
                }
            }
        }
    }
}
