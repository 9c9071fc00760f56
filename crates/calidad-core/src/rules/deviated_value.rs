//! `deviated-value`: a number is further from its column's average than allowed (opt-in).

use crate::check::{Check, Header, Row};
use crate::engine::CheckFactory;
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::opt_in::threshold;
use crate::rules::{field_phrase, row};
use crate::schema::value::{NumberFormat, parse_number};
use crate::spec::{CheckSpec, SpecError};

/// The rule.
pub static DEVIATED_VALUE: Rule = Rule {
    code: "deviated-value",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Valor desviado",
        en: "Deviated Value",
    },
    description: Text {
        es: "Un número se aleja del promedio de su columna más de lo permitido (opcional).",
        en: "A number is further from its column's average than allowed (opt-in).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--checks deviated-value:fieldName=monto`, se calcula el promedio (`average`: mean, median o mode) y la desviación estándar de la columna numérica; un valor fuera de promedio ± `interval` × desviación (3 por omisión) se informa.\n\n## Por qué importa\nUn valor extremo puede ser real, pero a menudo es un error de digitación (un cero de más), un cambio de unidad (pesos y miles de pesos mezclados) o un separador decimal mal leído.\n\n## Cómo corregirlo\nRevise cada valor informado contra la fuente; si es correcto, documéntelo en la descripción del recurso.",
        en: "## What it means\nWith `--checks deviated-value:fieldName=amount`, the numeric column's average (`average`: mean, median or mode) and standard deviation are computed; a value outside average ± `interval` × deviation (3 by default) is reported.\n\n## Why it matters\nAn extreme value may be real, but is often a typo (an extra zero), a change of unit (pesos mixed with thousands of pesos) or a misread decimal separator.\n\n## How to fix it\nCheck each reported value against the source; if it is right, document it in the resource's description.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!(
            "El valor {} de la fila {row}, {}, está fuera del rango esperado ({})",
            threshold(finding).0,
            field_phrase(finding, lang),
            threshold(finding).1
        ),
        Lang::En => format!(
            "Value {} in row {row}, {}, is outside the expected range ({})",
            threshold(finding).0,
            field_phrase(finding, lang),
            threshold(finding).1
        ),
    }
}

/// Reports numbers far from their column's average. Keeps one number per row of the one column
/// it looks at (8 bytes per row, plus its row number).
#[derive(Clone, Debug)]
pub struct DeviatedValueCheck {
    field: String,
    average: String,
    interval: f64,
    column: Option<usize>,
    values: Vec<(u64, u64, f64)>,
}

impl DeviatedValueCheck {
    /// Builds the check: `fieldName` (required), `average` (mean, median, mode), `interval`.
    pub fn build(spec: &CheckSpec) -> Result<CheckFactory, SpecError> {
        spec.only(&["fieldName", "average", "interval"])?;
        let average = spec.text("average").unwrap_or_else(|| "mean".to_owned());
        if !matches!(average.as_str(), "mean" | "median" | "mode") {
            return Err(spec.invalid(format!(
                "average must be mean, median or mode, not {average:?}"
            )));
        }
        Ok(CheckFactory::prototype(DeviatedValueCheck {
            field: spec.required_text("fieldName")?,
            average,
            interval: spec.number("interval")?.unwrap_or(3.0),
            column: None,
            values: Vec::new(),
        }))
    }
}

/// Reads a number written with a decimal point or a decimal comma.
fn number(cell: &str) -> Option<f64> {
    let plain = NumberFormat::default();
    let comma = NumberFormat {
        decimal: ',',
        group: Some('.'),
        bare: true,
    };
    parse_number(cell, &plain)
        .or_else(|| parse_number(cell, &comma))
        .filter(|n| n.is_finite())
}

impl Check for DeviatedValueCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 2] = [&DEVIATED_VALUE, &crate::rules::check_error::CHECK_ERROR];
        &RULES
    }

    fn header(&mut self, header: &Header, out: &mut Findings) {
        self.column =
            crate::rules::opt_in::named_column(header, &self.field, "deviated-value", out);
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, _out: &mut Findings) {
        let Some(column) = self.column else {
            return;
        };
        if let Some(value) = number(row.cell(column)) {
            self.values.push((row.number, row.line, value));
        }
    }

    fn finish(&mut self, out: &mut Findings) {
        let Some(column) = self.column else {
            return;
        };
        if self.values.len() < 2 {
            return;
        }
        let n = self.values.len() as f64;
        let mean = self.values.iter().map(|v| v.2).sum::<f64>() / n;
        let variance = self
            .values
            .iter()
            .map(|v| (v.2 - mean).powi(2))
            .sum::<f64>()
            / (n - 1.0);
        let mut sorted: Vec<f64> = self.values.iter().map(|v| v.2).collect();
        sorted.sort_by(f64::total_cmp);
        let average = match self.average.as_str() {
            "median" => {
                let mid = sorted.len() / 2;
                if sorted.len() % 2 == 1 {
                    sorted[mid]
                } else {
                    (sorted[mid - 1] + sorted[mid]) / 2.0
                }
            }
            "mode" => {
                let mut best = (sorted[0], 0usize);
                let mut run = (sorted[0], 0usize);
                for &v in &sorted {
                    if v == run.0 {
                        run.1 += 1
                    } else {
                        run = (v, 1)
                    }
                    if run.1 > best.1 {
                        best = run
                    }
                }
                best.0
            }
            _ => mean,
        };
        let spread = self.interval * variance.sqrt();
        let (low, high) = (average - spread, average + spread);
        for &(row, line, value) in &self.values {
            if value < low || value > high {
                out.push(
                    Finding::new(&DEVIATED_VALUE)
                        .at_row(row, line)
                        .at_field(column as u64 + 1, Some(&self.field))
                        .with_detail(Detail::Threshold {
                            value: value.to_string(),
                            limit: format!("{low:.2} – {high:.2}"),
                        }),
                );
            }
        }
    }
}
