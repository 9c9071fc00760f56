//! `serial-dates`: a date column holds Excel's day numbers (`44929` for 2023-01-03) instead of
//! dates. Reported once per column.

use crate::calendar;
use crate::check::{Check, Header, Row};
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::{count, field_phrase};

/// The rule.
pub static SERIAL_DATES: Rule = Rule {
    code: "serial-dates",
    severity: Severity::Warning,
    tags: &["#table", "#cell"],
    title: Text {
        es: "Fechas como números de serie de Excel",
        en: "Serial Dates",
    },
    description: Text {
        es: "Una columna de fechas tiene los números con que Excel guarda los días (44929) en vez de fechas.",
        en: "A date column holds the numbers Excel stores days as (44929) instead of dates.",
    },
    docs: Text {
        es: "## Qué significa\nLa columna se llama como una fecha (`Fecha`, `Día`, `date`) pero sus valores son números entre 18.264 y 73.050: los números de serie con que Excel guarda los días (44929 es el 3 de enero de 2023). Pasa cuando la celda pierde su formato de fecha antes de exportar.\n\n## Por qué importa\nFuera de Excel nadie sabe que 44929 es una fecha: quien descarga el archivo ve números sin sentido y tiene que adivinar el sistema de fechas (1900 o 1904) para convertirlos.\n\n## Cómo corregirlo\nEn la planilla, dé a la columna formato de fecha y exporte de nuevo; mejor aún, escriba las fechas en ISO 8601 (`2023-01-03`).",
        en: "## What it means\nThe column is named like a date (`Fecha`, `Día`, `date`) but its values are numbers between 18,264 and 73,050: the serial numbers Excel stores days as (44929 is 3 January 2023). It happens when the cell loses its date format before the export.\n\n## Why it matters\nOutside Excel nobody knows that 44929 is a date: whoever downloads the file sees meaningless numbers and must guess the date system (1900 or 1904) to convert them.\n\n## How to fix it\nIn the spreadsheet, give the column a date format and export again; better still, write the dates in ISO 8601 (`2023-01-03`).",
    },
    message,
    note: no_note,
};

/// What a finding says: how many serial numbers, and the first one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Serials {
    /// Values that are day numbers.
    pub values: u64,
    /// The first of them.
    pub first: u32,
    /// Its row.
    pub first_row: u64,
}

fn message(finding: &Finding, lang: Lang) -> String {
    let field = field_phrase(finding, lang);
    let Some(serials) = finding.detail.other::<Serials>() else {
        return String::new();
    };
    let n = count(serials.values, lang);
    let (first, row) = (serials.first, serials.first_row);
    let day = calendar::iso(excel_days(first));
    match lang {
        Lang::Es => format!(
            "La {field} tiene fechas escritas como números de serie de Excel ({n} valores; {first}, en la fila {row}, es el {day}): dé formato de fecha a la columna o escríbalas como {day}"
        ),
        Lang::En => format!(
            "In {field}, dates are written as Excel serial numbers ({n} values; {first}, in row {row}, is {day}): give the column a date format or write them as {day}"
        ),
    }
}

/// Excel's day 0 in the 1900 system, as days since 1970-01-01 (1899-12-30, which absorbs
/// Excel's phantom 29 February 1900 for every date after it).
const EXCEL_EPOCH: i64 = -25_569;
/// 1950-01-01 and 2099-12-31 as serial numbers: days outside are unlikely to be dates.
const FIRST_SERIAL: u32 = 18_264;
const LAST_SERIAL: u32 = 73_050;
/// Share of the column's values that must be serial numbers.
const SHARE: f64 = 0.9;
/// And at least this many.
const MIN_VALUES: u64 = 3;

/// Days since 1970-01-01 of an Excel serial number.
fn excel_days(serial: u32) -> i64 {
    EXCEL_EPOCH + i64::from(serial)
}

/// The serial number `cell` is, if it is a whole number (`44929` or `44929.0`) in range.
fn serial(cell: &str) -> Option<u32> {
    let whole = cell
        .strip_suffix(".0")
        .or_else(|| cell.strip_suffix(",0"))
        .unwrap_or(cell);
    if whole.len() != 5 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    whole
        .parse::<u32>()
        .ok()
        .filter(|n| (FIRST_SERIAL..=LAST_SERIAL).contains(n))
}

/// Whether a column's name says it holds dates: a word of it is `fecha`, `fec`, `date`, `día`,
/// `dia` or `day` (`Fecha_Inicio`, `Día`, `date`; not `Media` or `diario`).
fn names_a_date(name: &str) -> bool {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| matches!(word, "fecha" | "fec" | "date" | "día" | "dia" | "day"))
}

#[derive(Clone, Debug, Default)]
struct Column {
    values: u64,
    serials: u64,
    first: Option<(u32, u64, u64)>,
}

/// Counts, in columns named for dates, the values that are Excel day numbers.
#[derive(Debug, Default)]
pub struct SerialDatesCheck {
    /// Per column: `None` when its name does not say dates.
    columns: Vec<Option<Column>>,
    names: Vec<String>,
}

impl Check for SerialDatesCheck {
    fn runs_on_worker(&self) -> bool {
        true
    }

    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&SERIAL_DATES];
        &RULES
    }

    fn header(&mut self, header: &Header, _out: &mut Findings) {
        self.names = super::counted_names(header);
        self.columns = header
            .labels
            .iter()
            .take(self.names.len())
            .map(|label| names_a_date(label).then(Column::default))
            .collect();
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, _out: &mut Findings) {
        for (index, column) in self.columns.iter_mut().enumerate().take(row.kept()) {
            let Some(column) = column else { continue };
            let cell = crate::rules::trim_cell(row.cell(index));
            if cell.is_empty() {
                continue;
            }
            column.values += 1;
            if let Some(n) = serial(cell) {
                column.serials += 1;
                column.first.get_or_insert((n, row.number, row.line));
            }
        }
    }

    fn finish(&mut self, out: &mut Findings) {
        for (index, column) in self.columns.iter().enumerate() {
            let Some(column) = column else { continue };
            let enough = column.serials >= MIN_VALUES
                && column.serials as f64 >= SHARE * column.values as f64;
            let Some((first, row, line)) = column.first.filter(|_| enough) else {
                continue;
            };
            out.push(
                Finding::new(&SERIAL_DATES)
                    .at_row(row, line)
                    .at_field(index as u64 + 1, self.names.get(index).map(String::as_str))
                    .with_detail(Detail::of(Serials {
                        values: column.serials,
                        first,
                        first_row: row,
                    })),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_are_days() {
        assert_eq!(serial("44929"), Some(44929));
        assert_eq!(serial("44929.0"), Some(44929));
        assert_eq!(serial("12345"), None);
        assert_eq!(serial("4492.9"), None);
        assert_eq!(calendar::iso(excel_days(44929)), "2023-01-03");
        assert_eq!(calendar::iso(excel_days(FIRST_SERIAL)), "1950-01-01");
    }

    #[test]
    fn date_names_are_whole_words() {
        assert!(names_a_date("Dia"));
        assert!(names_a_date("Fecha_Inicio"));
        assert!(!names_a_date("Media"));
        assert!(!names_a_date("Diario"));
    }
}
