//! `sequential-value`: the column should be a sequence 1, 2, 3… and breaks here (opt-in).

use crate::check::{Check, Header, Row};
use crate::engine::CheckFactory;
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::opt_in::{cell_finding, param};
use crate::rules::{field_phrase, row};
use crate::schema::value::{NumberFormat, parse_integer};
use crate::spec::{CheckSpec, SpecError};

/// The rule.
pub static SEQUENTIAL_VALUE: Rule = Rule {
    code: "sequential-value",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Valor no secuencial",
        en: "Sequential Value",
    },
    description: Text {
        es: "La columna debía ser una secuencia 1, 2, 3… y aquí se rompe (opcional).",
        en: "The column should be a sequence 1, 2, 3… and breaks here (opt-in).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--checks sequential-value:fieldName=id`, los valores de la columna deben ser enteros que suben de a uno desde el primero. Cada quiebre se informa una vez, y la secuencia sigue desde el valor encontrado.\n\n## Por qué importa\nUn correlativo que salta o se repite revela filas perdidas, duplicadas o desordenadas en la exportación.\n\n## Cómo corregirlo\nBusque las filas que faltan o sobran alrededor del quiebre y compárelas con la fuente.",
        en: "## What it means\nWith `--checks sequential-value:fieldName=id`, the column's values must be integers going up by one from the first. Each break is reported once, and the sequence continues from the value found.\n\n## Why it matters\nA running number that jumps or repeats reveals rows lost, duplicated or reordered in the export.\n\n## How to fix it\nLook for the missing or extra rows around the break and compare them with the source.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!(
            "La fila {row}, {}, rompe la secuencia: se esperaba {}",
            field_phrase(finding, lang),
            param(finding)
        ),
        Lang::En => format!(
            "Row {row}, {}, breaks the sequence: expected {}",
            field_phrase(finding, lang),
            param(finding)
        ),
    }
}

/// Reports breaks in a column that should count up by one.
#[derive(Clone, Debug)]
pub struct SequentialValueCheck {
    field: String,
    column: Option<usize>,
    next: Option<i128>,
}

impl SequentialValueCheck {
    /// Builds the check: `fieldName`, required.
    pub fn build(spec: &CheckSpec) -> Result<CheckFactory, SpecError> {
        spec.only(&["fieldName"])?;
        Ok(CheckFactory::prototype(SequentialValueCheck {
            field: spec.required_text("fieldName")?,
            column: None,
            next: None,
        }))
    }
}

impl Check for SequentialValueCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 2] = [&SEQUENTIAL_VALUE, &crate::rules::check_error::CHECK_ERROR];
        &RULES
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        self.column =
            crate::rules::opt_in::named_column(header, &self.field, "sequential-value", out);
    }

    fn row(&mut self, row: &Row<'_>, header: &Header, out: &mut Findings) {
        let Some(column) = self.column else {
            return;
        };
        if row.is_blank() {
            return;
        }
        let value = parse_integer(row.cell(column), &NumberFormat::default());
        match (value, self.next) {
            (Some(v), None) => self.next = Some(v + 1),
            (Some(v), Some(expected)) if v == expected => self.next = Some(v + 1),
            (found, expected) => {
                let text =
                    expected.map_or_else(|| "un entero / an integer".to_owned(), |e| e.to_string());
                cell_finding(
                    &SEQUENTIAL_VALUE,
                    row,
                    header,
                    column,
                    out,
                    Detail::Param { text },
                );
                if let Some(v) = found {
                    self.next = Some(v + 1);
                }
            }
        }
    }
}
