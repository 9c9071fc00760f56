//! `table-dimensions`: the table has more or fewer rows or columns than requested (opt-in).

use crate::check::{Check, Header, Row};
use crate::engine::CheckFactory;
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::spec::{CheckSpec, SpecError};

/// The rule.
pub static TABLE_DIMENSIONS: Rule = Rule {
    code: "table-dimensions",
    severity: Severity::Error,
    tags: &["#table"],
    title: Text {
        es: "Dimensiones de la tabla",
        en: "Table Dimensions",
    },
    description: Text {
        es: "La tabla tiene más o menos filas o columnas que las pedidas (opcional).",
        en: "The table has more or fewer rows or columns than requested (opt-in).",
    },
    docs: Text {
        es: "## Qué significa\nCon `--checks table-dimensions:minRows=100:maxFields=20` (parámetros `numRows`, `minRows`, `maxRows`, `numFields`, `minFields`, `maxFields`), la cantidad de filas de datos y de columnas del encabezado se compara con lo pedido; cada límite no cumplido es un hallazgo.\n\n## Por qué importa\nUn archivo con muchas menos filas que el mes anterior, o con columnas de más, suele ser una exportación incompleta o un cambio de formato que romperá a quienes usan los datos.\n\n## Cómo corregirlo\nRevise la exportación; si el cambio es intencional, actualice los límites y avise a los usuarios.",
        en: "## What it means\nWith `--checks table-dimensions:minRows=100:maxFields=20` (parameters `numRows`, `minRows`, `maxRows`, `numFields`, `minFields`, `maxFields`), the number of data rows and header columns is compared with the request; each limit not met is a finding.\n\n## Why it matters\nA file with far fewer rows than last month, or with extra columns, is usually an incomplete export or a format change that will break the data's users.\n\n## How to fix it\nCheck the export; if the change is intended, update the limits and tell the users.",
    },
    message: dimension_message,
    note: no_note,
};

/// Compares the table's size with the limits asked for.
#[derive(Clone, Debug)]
pub struct TableDimensionsCheck {
    limits: Vec<(&'static str, u64)>,
    rows: u64,
    fields: u64,
}

impl TableDimensionsCheck {
    /// Builds the check from at least one of its six limits.
    pub fn build(spec: &CheckSpec) -> Result<CheckFactory, SpecError> {
        const NAMES: [&str; 6] = [
            "numRows",
            "minRows",
            "maxRows",
            "numFields",
            "minFields",
            "maxFields",
        ];
        spec.only(&NAMES)?;
        let mut limits = Vec::new();
        for name in NAMES {
            if let Some(n) = spec.number(name)? {
                if n < 0.0 || n.fract() != 0.0 {
                    return Err(spec.invalid(format!("{name} must be a whole number")));
                }
                limits.push((name, n as u64));
            }
        }
        if limits.is_empty() {
            return Err(spec.invalid("it needs a limit such as minRows=1"));
        }
        Ok(CheckFactory::prototype(TableDimensionsCheck {
            limits,
            rows: 0,
            fields: 0,
        }))
    }
}

impl Check for TableDimensionsCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&TABLE_DIMENSIONS];
        &RULES
    }

    fn header(&mut self, header: &Header, _out: &mut Findings) {
        self.fields = header.len() as u64;
    }

    fn row(&mut self, _row: &Row<'_>, _header: &Header, _out: &mut Findings) {
        self.rows += 1;
    }

    fn finish(&mut self, out: &mut Findings) {
        for &(name, limit) in &self.limits {
            let found = if name.ends_with("Rows") {
                self.rows
            } else {
                self.fields
            };
            let broken = match &name[..3] {
                "num" => found != limit,
                "min" => found < limit,
                _ => found > limit,
            };
            if broken {
                out.push(
                    Finding::new(&TABLE_DIMENSIONS).with_detail(Detail::Dimension {
                        name,
                        limit,
                        found,
                    }),
                );
            }
        }
    }
}

fn dimension_message(finding: &Finding, lang: Lang) -> String {
    let Detail::Dimension { name, limit, found } = finding.detail else {
        return String::new();
    };
    let rows = name.ends_with("Rows");
    let what = match (rows, lang) {
        (true, Lang::Es) => "filas de datos",
        (false, Lang::Es) => "columnas",
        (true, Lang::En) => "data rows",
        (false, Lang::En) => "columns",
    };
    let bound = match (&name[..3], lang) {
        ("num", Lang::Es) => "exactamente",
        ("min", Lang::Es) => "al menos",
        (_, Lang::Es) => "a lo más",
        ("num", Lang::En) => "exactly",
        ("min", Lang::En) => "at least",
        (_, Lang::En) => "at most",
    };
    match lang {
        Lang::Es => format!("La tabla tiene {found} {what}; se pidieron {bound} {limit} ({name})"),
        Lang::En => {
            format!("The table has {found} {what}; {bound} {limit} were requested ({name})")
        }
    }
}
