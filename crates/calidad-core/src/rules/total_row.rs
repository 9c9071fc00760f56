//! `total-row`: a row of totals among the data rows.

use crate::check::{Check, Header, Row};
use crate::finding::{Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::row;

/// The rule.
pub static TOTAL_ROW: Rule = Rule {
    code: "total-row",
    severity: Severity::Warning,
    tags: &["#table", "#row"],
    title: Text {
        es: "Fila de totales",
        en: "Total Row",
    },
    description: Text {
        es: "Una fila de totales o subtotales está entre los datos.",
        en: "A total or subtotal row sits among the data rows.",
    },
    docs: Text {
        es: "## Qué significa\nUna fila de datos empieza con `Total`, `Subtotal`, `Totales` o `Total general`, o tiene uno de esos rótulos en otra columna y una celda vacía a su lado (`Arica, Total, , 30`: falta el código porque la fila no es una comuna): es una suma de otras filas, no un registro.\n\n## Por qué importa\nQuien sume la columna contará todo dos veces, y quien filtre por comuna o región encontrará una \"comuna\" llamada Total. Es típico de planillas preparadas para imprimir.\n\n## Cómo corregirlo\nElimine las filas de totales y subtotales; quien use los datos los calcula. Si el total es un dato oficial que debe publicarse, póngalo en otro recurso o en la descripción.",
        en: "## What it means\nA data row starts with `Total`, `Subtotal`, `Totales` or `Total general`, or has one of those labels in another column with an empty cell beside it (`Arica, Total, , 30`: the code is missing because the row is not a comuna): it is a sum of other rows, not a record.\n\n## Why it matters\nWhoever sums the column counts everything twice, and whoever filters by comuna or region finds a \"comuna\" called Total. It is typical of sheets prepared for printing.\n\n## How to fix it\nDelete the total and subtotal rows; users of the data compute them. If the total is an official figure that must be published, put it in another resource or in the description.",
    },
    message,
    note: no_note,
};

fn message(finding: &Finding, lang: Lang) -> String {
    let row = row(finding);
    match lang {
        Lang::Es => format!("La fila {row} parece una fila de totales, no un registro"),
        Lang::En => format!("Row {row} looks like a total row, not a record"),
    }
}

/// Whether a cell names a total: `Total`, `TOTAL GENERAL`, `Subtotal`, `Totales`, `Suma total`.
fn is_total_label(cell: &str) -> bool {
    let lower = cell.trim().to_lowercase();
    let word = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    matches!(word, "total" | "totales" | "subtotal" | "subtotales")
        || lower.starts_with("suma total")
}

/// Reports rows whose first non-empty cell names a total, or a later one with an empty cell
/// beside it.
#[derive(Debug)]
pub struct TotalRowCheck {
    lower: memchr::memmem::Finder<'static>,
    upper: memchr::memmem::Finder<'static>,
}

impl Default for TotalRowCheck {
    fn default() -> TotalRowCheck {
        TotalRowCheck {
            lower: memchr::memmem::Finder::new(b"otal"),
            upper: memchr::memmem::Finder::new(b"OTAL"),
        }
    }
}

impl Check for TotalRowCheck {
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&TOTAL_ROW];
        &RULES
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, out: &mut Findings) {
        if row.is_blank() {
            return;
        }
        // Every total label holds "otal" or "OTAL": one scan of the row's text (which holds
        // every cell) rules out almost every row.
        let text = row.text().as_bytes();
        if self.lower.find(text).is_none() && self.upper.find(text).is_none() {
            return;
        }
        let Some(first) = row.cells().position(|c| !c.trim().is_empty()) else {
            return;
        };
        // A total in the first label (`Total general`), or in a later one with the cell right
        // beside it empty (`Arica, Total, , 30`: the comuna code is missing because the row is
        // not a comuna). A `Total` category with its code beside it (`_T, Total país`) is a
        // value of a long table.
        let total_at = |index: usize| looks_like_total(row.cell(index));
        let empty_at = |index: usize| index < row.kept() && row.cell(index).trim().is_empty();
        let found = total_at(first)
            || (first + 1..row.kept()).any(|i| total_at(i) && (empty_at(i - 1) || empty_at(i + 1)));
        if found {
            out.push(
                Finding::new(&TOTAL_ROW)
                    .at_row(row.number, row.line)
                    .with_cells(row.cells()),
            );
        }
    }
}

/// Whether a cell names a total. Most cells are ruled out by their first bytes, without
/// lowercasing (this runs on every label cell of every row).
fn looks_like_total(cell: &str) -> bool {
    let bytes = cell.trim_ascii_start().as_bytes();
    let starts = |prefix: &[u8]| {
        bytes
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    (starts(b"total") || starts(b"subtotal") || starts(b"suma total"))
        && cell.len() <= 40
        && is_total_label(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_labels() {
        for yes in [
            "Total",
            "TOTAL GENERAL",
            "Subtotal Región",
            "Totales",
            "Suma total",
            " total:",
        ] {
            assert!(is_total_label(yes), "{yes}");
        }
        for no in ["Totalidad", "Maipú", "Sub-total?", "totalmente", ""] {
            assert!(!is_total_label(no), "{no}");
        }
    }
}
