//! `deviated-cell`: the cell is much longer than the others in its column (opt-in).

use crate::check::{Check, Header, Row};
use crate::engine::CheckFactory;
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::opt_in::threshold;
use crate::rules::{field_phrase, row};
use crate::schema::{FieldType, Schema};
use crate::spec::{CheckSpec, SpecError};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// The rule.
pub static DEVIATED_CELL: Rule = Rule {
    code: "deviated-cell",
    severity: Severity::Error,
    tags: &["#table", "#row", "#cell"],
    title: Text {
        es: "Celda desviada",
        en: "Deviated Cell",
    },
    description: Text {
        es: "La celda es mucho más larga que las demás de su columna (opcional).",
        en: "The cell is much longer than the others in its column (opt-in).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--checks deviated-cell` (o `--checks extra`), en cada columna de texto se calcula la mediana y la desviación estándar del largo de las celdas; una celda más larga que mediana + `interval` × desviación (3 por omisión), y de más de 5.000 caracteres, se informa con su fila y campo. Parámetros: `interval`, `ignoreFields`.\n\n## Por qué importa\nUna celda desmesurada suele ser un error de exportación: un delimitador o una comilla mal puestos que juntaron varias celdas o filas en una sola, o un texto pegado en la columna equivocada.\n\n## Cómo corregirlo\nRevise la celda: si contiene varias celdas juntas, corrija las comillas o delimitadores; si el texto largo es legítimo, ignore la columna con `ignoreFields`.",
        en: "## What it means\nWith `--checks deviated-cell` (or `--checks extra`), each text column's median and standard deviation of cell length are computed; a cell longer than median + `interval` × deviation (3 by default), and longer than 5,000 characters, is reported with its row and field. Parameters: `interval`, `ignoreFields`.\n\n## Why it matters\nAn oversized cell is usually an export error: a misplaced delimiter or quote that merged several cells or rows into one, or text pasted into the wrong column.\n\n## How to fix it\nCheck the cell: if it holds several cells, fix the quotes or delimiters; if the long text is legitimate, ignore the column with `ignoreFields`.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!(
            "La celda de la fila {row}, {}, tiene {} caracteres, más que el límite de la columna ({})",
            field_phrase(finding, lang),
            threshold(finding).0,
            threshold(finding).1
        ),
        Lang::En => format!(
            "The cell in row {row}, {}, has {} characters, more than the column's limit ({})",
            field_phrase(finding, lang),
            threshold(finding).0,
            threshold(finding).1
        ),
    }
}

/// Cells this long or shorter are never reported.
const MIN_LIMIT: f64 = 5000.0;

/// Per column: a histogram of cell lengths (exact median and deviation in bounded memory) and
/// the longest cells with their rows.
#[derive(Clone, Debug, Default)]
struct Sizes {
    histogram: HashMap<u64, u64>,
    count: u64,
    sum: f64,
    sum_squares: f64,
    longest: BinaryHeap<Reverse<(u64, u64, u64)>>,
}

/// Reports cells much longer than the rest of their (text) column.
#[derive(Clone, Debug)]
pub struct DeviatedCellCheck {
    interval: f64,
    ignore: Vec<String>,
    keep: usize,
    columns: Vec<Sizes>,
    names: Vec<String>,
    text_columns: Option<Vec<bool>>,
}

impl DeviatedCellCheck {
    /// Builds the check: `interval` (default 3), `ignoreFields`.
    pub fn build(spec: &CheckSpec) -> Result<CheckFactory, SpecError> {
        spec.only(&["interval", "ignoreFields"])?;
        Ok(CheckFactory::prototype(DeviatedCellCheck {
            interval: spec.number("interval")?.unwrap_or(3.0),
            ignore: spec.texts("ignoreFields").unwrap_or_default(),
            keep: 1000,
            columns: Vec::new(),
            names: Vec::new(),
            text_columns: None,
        }))
    }
}

impl Check for DeviatedCellCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&DEVIATED_CELL];
        &RULES
    }

    fn header(&mut self, header: &Header, _out: &mut Findings) {
        self.columns = (0..header.len()).map(|_| Sizes::default()).collect();
        self.names = header.field_names.clone();
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, _out: &mut Findings) {
        for (sizes, cell) in self.columns.iter_mut().zip(row.cells()) {
            if cell.is_empty() {
                continue;
            }
            let size = cell.chars().count() as u64;
            *sizes.histogram.entry(size).or_insert(0) += 1;
            sizes.count += 1;
            sizes.sum += size as f64;
            sizes.sum_squares += (size as f64) * (size as f64);
            let entry = Reverse((size, u64::MAX - row.number, row.line));
            if sizes.longest.len() < self.keep {
                sizes.longest.push(entry);
            } else if sizes
                .longest
                .peek()
                .is_some_and(|smallest| entry < *smallest)
            {
                sizes.longest.pop();
                sizes.longest.push(entry);
            }
        }
    }

    fn schema(&mut self, schema: &Schema) {
        self.text_columns = Some(
            self.names
                .iter()
                .map(|name| {
                    schema
                        .field(name)
                        .is_none_or(|f| matches!(f.kind, FieldType::String | FieldType::Any))
                })
                .collect(),
        );
    }

    fn finish(&mut self, out: &mut Findings) {
        let mut found = Vec::new();
        for (index, sizes) in self.columns.iter_mut().enumerate() {
            let name = self.names.get(index).cloned().unwrap_or_default();
            let is_text = self
                .text_columns
                .as_ref()
                .is_none_or(|t| t.get(index).copied().unwrap_or(true));
            if sizes.count < 2 || !is_text || self.ignore.contains(&name) {
                continue;
            }
            let n = sizes.count as f64;
            let variance = (sizes.sum_squares - sizes.sum * sizes.sum / n) / (n - 1.0);
            let median = median(&sizes.histogram, sizes.count);
            // As in Frictionless, cells under MIN_LIMIT characters are never deviated: short
            // text columns vary a lot relative to their size without anything being wrong.
            let limit = (median + self.interval * variance.max(0.0).sqrt()).max(MIN_LIMIT);
            let above: u64 = sizes
                .histogram
                .iter()
                .filter(|(size, _)| **size as f64 > limit)
                .map(|(_, n)| *n)
                .sum();
            let mut listed = 0;
            for Reverse((size, row, line)) in std::mem::take(&mut sizes.longest) {
                if size as f64 > limit {
                    listed += 1;
                    found.push((u64::MAX - row, line, index, name.clone(), size, limit));
                }
            }
            out.count_many(&DEVIATED_CELL, above.saturating_sub(listed));
        }
        found.sort_by_key(|f| (f.0, f.2));
        for (row, line, index, name, size, limit) in found {
            out.push(
                Finding::new(&DEVIATED_CELL)
                    .at_row(row, line)
                    .at_field(index as u64 + 1, Some(&name))
                    .with_detail(Detail::Threshold {
                        value: size.to_string(),
                        limit: format!("{limit:.0}"),
                    }),
            );
        }
    }
}

/// The median of a histogram (the mean of the two middle values for an even count).
fn median(histogram: &HashMap<u64, u64>, count: u64) -> f64 {
    let mut sizes: Vec<(&u64, &u64)> = histogram.iter().collect();
    sizes.sort();
    let value_at = |position: u64| {
        let mut seen = 0;
        for (size, n) in &sizes {
            seen += **n;
            if seen > position {
                return **size as f64;
            }
        }
        0.0
    };
    if count % 2 == 1 {
        value_at(count / 2)
    } else {
        (value_at(count / 2 - 1) + value_at(count / 2)) / 2.0
    }
}
