//! `forbidden-value`: the cell has a value the column must not have (opt-in).

use crate::check::{Check, Header, Row};
use crate::engine::CheckFactory;
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::opt_in::cell_finding;
use crate::rules::{field_phrase, quoted, row};
use crate::spec::{CheckSpec, SpecError};

/// The rule.
pub static FORBIDDEN_VALUE: Rule = Rule {
    code: "forbidden-value",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Valor prohibido",
        en: "Forbidden Value",
    },
    description: Text {
        es: "La celda tiene un valor que la columna no debe tener (opcional).",
        en: "The cell has a value the column must not have (opt-in).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--checks \"forbidden-value:fieldName='comuna':values=['Sin dato','XXX']\"`, cada celda de la columna igual a uno de los valores prohibidos se informa.\n\n## Por qué importa\nSirve para atrapar marcadores de prueba, valores de relleno o categorías que la institución ya no usa antes de publicar.\n\n## Cómo corregirlo\nReemplace el valor por el dato real, o deje la celda vacía si el dato no existe.",
        en: "## What it means\nWith `--checks \"forbidden-value:fieldName='comuna':values=['No data','XXX']\"`, every cell of the column equal to a forbidden value is reported.\n\n## Why it matters\nIt catches test markers, filler values or categories the institution no longer uses before publishing.\n\n## How to fix it\nReplace the value with the real data, or leave the cell empty if the data does not exist.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!(
            "La fila {row}, {}, tiene el valor prohibido {}",
            field_phrase(finding, lang),
            quoted(finding.cell.as_deref().unwrap_or(""))
        ),
        Lang::En => format!(
            "Row {row}, {}, has the forbidden value {}",
            field_phrase(finding, lang),
            quoted(finding.cell.as_deref().unwrap_or(""))
        ),
    }
}

/// Reports cells of one column equal to a forbidden value.
#[derive(Clone, Debug)]
pub struct ForbiddenValueCheck {
    field: String,
    values: Vec<String>,
    column: Option<usize>,
}

impl ForbiddenValueCheck {
    /// Builds the check: `fieldName` and `values`, both required.
    pub fn build(spec: &CheckSpec) -> Result<CheckFactory, SpecError> {
        spec.only(&["fieldName", "values"])?;
        Ok(CheckFactory::prototype(ForbiddenValueCheck {
            field: spec.required_text("fieldName")?,
            values: spec.texts("values").ok_or_else(|| SpecError::Missing {
                code: spec.code.clone(),
                key: "values".to_owned(),
            })?,
            column: None,
        }))
    }
}

impl Check for ForbiddenValueCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 2] = [&FORBIDDEN_VALUE, &crate::rules::check_error::CHECK_ERROR];
        &RULES
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        self.column =
            crate::rules::opt_in::named_column(header, &self.field, "forbidden-value", out);
    }

    fn row(&mut self, row: &Row<'_>, header: &Header, out: &mut Findings) {
        let Some(column) = self.column else {
            return;
        };
        let cell = row.cell(column);
        if self.values.iter().any(|v| v == cell) {
            cell_finding(&FORBIDDEN_VALUE, row, header, column, out, Detail::None);
        }
    }
}
