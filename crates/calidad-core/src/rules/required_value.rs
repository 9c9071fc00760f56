//! `required-value`: a value the column must contain appears in no row (opt-in).

use crate::check::{Check, Header, Row};
use crate::engine::CheckFactory;
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::opt_in::param;
use crate::rules::quoted;
use crate::spec::{CheckSpec, SpecError};

/// The rule.
pub static REQUIRED_VALUE: Rule = Rule {
    code: "required-value",
    severity: Severity::Error,
    tags: &["#table"],
    title: Text {
        es: "Valor requerido ausente",
        en: "Required Value",
    },
    description: Text {
        es: "Un valor que la columna debía contener no aparece en ninguna fila (opcional).",
        en: "A value the column must contain appears in no row (opt-in).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--checks \"required-value:fieldName='region':values=['Metropolitana','Valparaíso']\"`, cada valor de la lista debe aparecer al menos una vez en la columna; cada uno que falta se informa al final.\n\n## Por qué importa\nSirve para comprobar que un archivo está completo: que trae las 16 regiones, todos los meses del año o todas las comunas.\n\n## Cómo corregirlo\nAgregue las filas que faltan o revise si el filtro de la exportación las dejó fuera.",
        en: "## What it means\nWith `--checks \"required-value:fieldName='region':values=['Metropolitana','Valparaíso']\"`, every value of the list must appear at least once in the column; each missing one is reported at the end.\n\n## Why it matters\nIt checks that a file is complete: that it has all 16 regions, every month of the year or every comuna.\n\n## How to fix it\nAdd the missing rows or check whether the export's filter left them out.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    match lang {
        Lang::Es => format!(
            "El valor {} no aparece en la columna {}",
            quoted(&param(finding)),
            quoted(finding.field_name.as_deref().unwrap_or(""))
        ),
        Lang::En => format!(
            "Value {} appears nowhere in column {}",
            quoted(&param(finding)),
            quoted(finding.field_name.as_deref().unwrap_or(""))
        ),
    }
}

/// Reports values of a list that never appear in a column.
#[derive(Clone, Debug)]
pub struct RequiredValueCheck {
    field: String,
    values: Vec<String>,
    seen: Vec<bool>,
    column: Option<usize>,
}

impl RequiredValueCheck {
    /// Builds the check: `fieldName` and `values`, both required.
    pub fn build(spec: &CheckSpec) -> Result<CheckFactory, SpecError> {
        spec.only(&["fieldName", "values"])?;
        let values = spec.texts("values").ok_or_else(|| SpecError::Missing {
            code: spec.code.clone(),
            key: "values".to_owned(),
        })?;
        Ok(CheckFactory::prototype(RequiredValueCheck {
            field: spec.required_text("fieldName")?,
            seen: vec![false; values.len()],
            values,
            column: None,
        }))
    }
}

impl Check for RequiredValueCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 2] = [&REQUIRED_VALUE, &crate::rules::check_error::CHECK_ERROR];
        &RULES
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        self.column =
            crate::rules::opt_in::named_column(header, &self.field, "required-value", out);
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, _out: &mut Findings) {
        let Some(column) = self.column else {
            return;
        };
        let cell = row.cell(column);
        for (value, seen) in self.values.iter().zip(self.seen.iter_mut()) {
            *seen |= value == cell;
        }
    }

    fn finish(&mut self, out: &mut Findings) {
        for (value, seen) in self.values.iter().zip(&self.seen) {
            if !seen {
                let mut finding = Finding::new(&REQUIRED_VALUE).with_detail(Detail::Param {
                    text: value.clone(),
                });
                finding.field_name = Some(self.field.clone());
                out.push(finding);
            }
        }
    }
}
