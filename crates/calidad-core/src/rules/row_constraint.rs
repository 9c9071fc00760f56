//! `row-constraint`: the row does not satisfy the requested formula (opt-in).

use crate::check::{Check, Header, Row};
use crate::engine::CheckFactory;
use crate::expr::{Expr, Value as ExprValue};
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::opt_in::param;
use crate::rules::{quoted, row};
use crate::spec::{CheckSpec, SpecError};

/// The rule.
pub static ROW_CONSTRAINT: Rule = Rule {
    code: "row-constraint",
    severity: Severity::Error,
    tags: &["#table", "#row"],
    title: Text {
        es: "Restricción de fila",
        en: "Row Constraint",
    },
    description: Text {
        es: "La fila no cumple la fórmula pedida (opcional).",
        en: "The row does not satisfy the requested formula (opt-in).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--checks \"row-constraint:formula='monto >= 0 and anio <= 2024'\"`, cada fila se evalúa con la fórmula: nombres de campo (entre comillas invertidas si tienen espacios), números, textos entre comillas, `+ - * / %`, comparaciones `== != < <= > >=` y `and`, `or`, `not`. Una fila donde la fórmula es falsa o no se puede evaluar (texto comparado con número) se informa. La fórmula nunca ejecuta código.\n\n## Por qué importa\nLas reglas entre columnas (el total es la suma de las partes, la fecha de término no es anterior a la de inicio) detectan errores que ninguna columna por sí sola muestra.\n\n## Cómo corregirlo\nCorrija los valores de la fila, o la fórmula si no describe bien la regla.",
        en: "## What it means\nWith `--checks \"row-constraint:formula='amount >= 0 and year <= 2024'\"`, each row is evaluated with the formula: field names (in backticks if they have spaces), numbers, quoted text, `+ - * / %`, comparisons `== != < <= > >=` and `and`, `or`, `not`. A row where the formula is false or cannot be evaluated (text compared with a number) is reported. The formula never runs code.\n\n## Why it matters\nRules across columns (the total is the sum of the parts, the end date is not before the start date) catch errors no single column shows.\n\n## How to fix it\nFix the row's values, or the formula if it does not describe the rule.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!(
            "La fila {row} no cumple la fórmula {}",
            quoted(&param(finding))
        ),
        Lang::En => format!(
            "Row {row} does not satisfy the formula {}",
            quoted(&param(finding))
        ),
    }
}

/// Evaluates a formula on every row.
#[derive(Clone, Debug)]
pub struct RowConstraintCheck {
    text: String,
    formula: Expr,
    columns: Vec<(String, Option<usize>)>,
}

impl RowConstraintCheck {
    /// Builds the check: `formula`, required.
    pub fn build(spec: &CheckSpec) -> Result<CheckFactory, SpecError> {
        spec.only(&["formula"])?;
        let text = spec.required_text("formula")?;
        let formula = Expr::parse(&text)?;
        Ok(CheckFactory::prototype(RowConstraintCheck {
            text,
            formula,
            columns: Vec::new(),
        }))
    }
}

impl Check for RowConstraintCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 2] = [&ROW_CONSTRAINT, &crate::rules::check_error::CHECK_ERROR];
        &RULES
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        self.columns = self
            .formula
            .fields()
            .into_iter()
            .map(|name| {
                let column =
                    crate::rules::opt_in::named_column(header, name, "row-constraint", out);
                (name.to_owned(), column)
            })
            .collect();
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, out: &mut Findings) {
        // A formula over a column the table lacks is a check-error, not a finding per row.
        if row.is_blank() || self.columns.iter().any(|(_, column)| column.is_none()) {
            return;
        }
        let lookup = |name: &str| {
            self.columns
                .iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, column)| *column)
                .map_or(ExprValue::Null, |column| {
                    ExprValue::from_cell(row.cell(column))
                })
        };
        let holds = matches!(self.formula.eval(&lookup), Ok(ExprValue::Bool(true)))
            || matches!(self.formula.eval(&lookup), Ok(ExprValue::Number(n)) if n != 0.0);
        if !holds {
            if !out.keeps(&ROW_CONSTRAINT, row.number, 0) {
                out.count(&ROW_CONSTRAINT);
                return;
            }
            out.push(
                Finding::new(&ROW_CONSTRAINT)
                    .at_row(row.number, row.line)
                    .with_cells(row.cells())
                    .with_detail(Detail::Param {
                        text: self.text.clone(),
                    }),
            );
        }
    }
}
