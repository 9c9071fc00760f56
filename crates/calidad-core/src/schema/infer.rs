//! Schema inference over the whole table in the same pass that checks it.
//!
//! Every column keeps a count of the values each candidate type reads, and the cells that some
//! still-plausible candidate could not read (up to a cap). At the end the candidate that reads
//! the most values wins if it reads at least [`CONFIDENCE`] of them (ties go to the more specific
//! type), and its unreadable cells become `type-error`s — so a date column with a few `s/i` is a
//! date column with a few errors, found without reading the file twice.
//!
//! Chilean and Spanish conventions are candidates like any other: decimal comma with dot
//! grouping, day-first dates, `sí`/`no` booleans. Zero-padded codes (`05606`) stay strings with
//! a `pattern`. Placeholders such as `s/i` or `-` do not count against a type; they are
//! proposed as the field's `missingValues`.

use super::value::{self, NumberFormat, Pattern};
use super::{Constraints, Field, FieldType, Schema};
use crate::finding::bounded;

/// Share of a column's values a type must read to be chosen (as in Frictionless).
pub const CONFIDENCE: f64 = 0.9;
/// Values seen before a candidate reading under half of them stops being tried.
const SETTLE_AFTER: u64 = 100;

/// Placeholders publishers write for "no data"; they are suggested as missing values.
pub const SENTINELS: &[&str] = &[
    "-",
    "--",
    "s/i",
    "S/I",
    "s/d",
    "S/D",
    "n/a",
    "N/A",
    "NA",
    "n/d",
    "N/D",
    "null",
    "NULL",
    "#N/A",
    "sin información",
    "Sin información",
    "SIN INFORMACION",
    "Sin dato",
    "sin dato",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Candidate {
    Boolean,
    BooleanSi,
    BooleanVerdadero,
    Integer,
    IntegerDotGroups,
    Number,
    NumberComma,
    NumberCommaDotGroups,
    NumberDotCommaGroups,
    DateIso,
    DateDash,
    DateSlash,
    DateDot,
    DatetimeIso,
    DatetimeDash,
    DatetimeSlash,
    DatetimeSlashMinutes,
    TimeIso,
    TimeMinutes,
}

/// In order of preference when two candidates read the same number of values.
const CANDIDATES: [Candidate; 19] = [
    Candidate::Boolean,
    Candidate::BooleanSi,
    Candidate::BooleanVerdadero,
    Candidate::Integer,
    Candidate::IntegerDotGroups,
    Candidate::Number,
    Candidate::NumberComma,
    Candidate::NumberCommaDotGroups,
    Candidate::NumberDotCommaGroups,
    Candidate::DateIso,
    Candidate::DateDash,
    Candidate::DateSlash,
    Candidate::DateDot,
    Candidate::DatetimeIso,
    Candidate::DatetimeDash,
    Candidate::DatetimeSlash,
    Candidate::DatetimeSlashMinutes,
    Candidate::TimeIso,
    Candidate::TimeMinutes,
];

const COMMA_DECIMAL: NumberFormat = NumberFormat {
    decimal: ',',
    group: None,
    bare: true,
};
const COMMA_DECIMAL_DOT_GROUPS: NumberFormat = NumberFormat {
    decimal: ',',
    group: Some('.'),
    bare: true,
};
const DOT_DECIMAL_COMMA_GROUPS: NumberFormat = NumberFormat {
    decimal: '.',
    group: Some(','),
    bare: true,
};
const DOT_GROUPS: NumberFormat = NumberFormat {
    decimal: ',',
    group: Some('.'),
    bare: true,
};

/// Patterns compiled once per inferrer.
struct Patterns {
    dash: Pattern,
    slash: Pattern,
    dot: Pattern,
    dash_time: Pattern,
    slash_time: Pattern,
    slash_minutes: Pattern,
    minutes: Pattern,
}

impl Patterns {
    fn new() -> Option<Patterns> {
        Some(Patterns {
            dash: Pattern::compile("%d-%m-%Y")?,
            slash: Pattern::compile("%d/%m/%Y")?,
            dot: Pattern::compile("%d.%m.%Y")?,
            dash_time: Pattern::compile("%d-%m-%Y %H:%M:%S")?,
            slash_time: Pattern::compile("%d/%m/%Y %H:%M:%S")?,
            slash_minutes: Pattern::compile("%d/%m/%Y %H:%M")?,
            minutes: Pattern::compile("%H:%M")?,
        })
    }
}

/// The placeholder `cell` is, if any: the `placeholder-values` rule's test, which rules most
/// cells out by their length or first byte before searching the list.
fn sentinel(cell: &str) -> Option<usize> {
    crate::rules::placeholder_values::placeholder(cell)
}

/// Whether `cell` has two dots or more (`1.234.567`), eight bytes at a time: most cells have
/// none and are read whole.
fn has_two_dots(cell: &str) -> bool {
    crate::rules::count_byte(cell.as_bytes(), b'.', 2) >= 2
}

/// The integer part of a number written with `decimal` (everything before it).
fn integer_part(cell: &str, decimal: u8) -> &str {
    match cell.bytes().position(|b| b == decimal) {
        Some(i) => &cell[..i],
        None => cell,
    }
}

/// Candidates that read a plain run of digits without a leading zero: every number candidate.
const DIGITS_MASK: u32 = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8);

/// A RUT written compact with the check digit K (`12345678K`).
fn is_compact_rut_k(cell: &str) -> bool {
    let bytes = cell.as_bytes();
    matches!(bytes.len(), 8 | 9)
        && matches!(bytes.last(), Some(b'k' | b'K'))
        && bytes[..bytes.len() - 1].iter().all(u8::is_ascii_digit)
}

/// Digits grouped by `-`, spaces, parentheses or a leading `+`, seven to fifteen of them:
/// `61-2615165`, `(2) 2345 6789`, `+56 9 1234 5678`. Not a date or a negative number.
fn is_phone_like(cell: &str) -> bool {
    let bytes = cell.as_bytes();
    if bytes.len() > 20
        || !bytes
            .first()
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'(' | b'+'))
    {
        return false;
    }
    // One pass, leaving at the first byte a phone does not have (most text cells leave at once).
    let (mut digits, mut dashes, mut separators) = (0, 0, 0);
    for &b in bytes {
        match b {
            b'0'..=b'9' => digits += 1,
            b'-' => {
                dashes += 1;
                separators += 1;
            }
            b' ' | b'(' | b')' | b'+' => separators += 1,
            _ => return false,
        }
    }
    (7..=15).contains(&digits) && dashes <= 1 && separators > 0
}

/// `yyyymmdd` with a year from 1900 to 2100 and a real month and day.
fn is_compact_date(cell: &str) -> bool {
    if cell.len() != 8 {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        cell[..4].parse::<i64>(),
        cell[4..6].parse::<u32>(),
        cell[6..].parse::<u32>(),
    ) else {
        return false;
    };
    (1900..=2100).contains(&year)
        && (1..=12).contains(&month)
        && (1..=crate::calendar::days_in_month(year, month)).contains(&day)
}

/// Whether a column's name says it holds phone numbers.
fn names_a_phone(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        "fono", "teléf", "telef", "celular", "movil", "móvil", "fax", "whatsapp", "phone",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether a column's name says it holds dates.
fn names_a_date(name: &str) -> bool {
    let lower = name.to_lowercase();
    ["fecha", "date", "fec_", "dia", "día"]
        .iter()
        .any(|w| lower.contains(w))
}

fn has_leading_zero(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    digits.len() > 1 && digits.starts_with('0') && digits.as_bytes()[1].is_ascii_digit()
}

impl Candidate {
    fn reads(self, cell: &str, p: &Patterns) -> bool {
        match self {
            Candidate::Boolean => {
                matches!(cell, "true" | "false" | "True" | "False" | "TRUE" | "FALSE")
            }
            Candidate::BooleanSi => matches!(
                cell,
                "sí" | "si" | "Sí" | "Si" | "SÍ" | "SI" | "no" | "No" | "NO"
            ),
            Candidate::BooleanVerdadero => matches!(
                cell,
                "verdadero" | "falso" | "Verdadero" | "Falso" | "VERDADERO" | "FALSO"
            ),
            Candidate::Integer => {
                !has_leading_zero(cell)
                    && value::parse_integer(cell, &NumberFormat::default()).is_some()
            }
            Candidate::IntegerDotGroups => {
                !has_leading_zero(cell) && value::parse_integer(cell, &DOT_GROUPS).is_some()
            }
            Candidate::Number => {
                !has_leading_zero(integer_part(cell, b'.'))
                    && value::parse_number(cell, &NumberFormat::default()).is_some()
            }
            Candidate::NumberComma => {
                !has_leading_zero(integer_part(cell, b','))
                    && value::parse_number(cell, &COMMA_DECIMAL).is_some()
            }
            Candidate::NumberCommaDotGroups => {
                !has_leading_zero(integer_part(cell, b','))
                    && value::parse_number(cell, &COMMA_DECIMAL_DOT_GROUPS).is_some()
            }
            Candidate::NumberDotCommaGroups => {
                !has_leading_zero(integer_part(cell, b'.'))
                    && value::parse_number(cell, &DOT_DECIMAL_COMMA_GROUPS).is_some()
            }
            Candidate::DateIso => value::parse_iso_date(cell).is_some(),
            Candidate::DateDash => p.dash.date(cell).is_some(),
            Candidate::DateSlash => p.slash.date(cell).is_some(),
            Candidate::DateDot => p.dot.date(cell).is_some(),
            Candidate::DatetimeIso => value::parse_iso_datetime(cell).is_some(),
            Candidate::DatetimeDash => p.dash_time.datetime(cell).is_some(),
            Candidate::DatetimeSlash => p.slash_time.datetime(cell).is_some(),
            Candidate::DatetimeSlashMinutes => p.slash_minutes.datetime(cell).is_some(),
            Candidate::TimeIso => value::parse_iso_time(cell).is_some(),
            Candidate::TimeMinutes => p.minutes.time(cell).is_some(),
        }
    }

    /// The field this candidate describes.
    fn field(self, name: &str) -> Field {
        let mut field = Field {
            name: name.to_owned(),
            ..Field::default()
        };
        let chars = |decimal: &str, group: Option<&str>| {
            (Some(decimal.to_owned()), group.map(str::to_owned))
        };
        let (kind, format) = match self {
            Candidate::Boolean => (FieldType::Boolean, None),
            Candidate::BooleanSi => {
                field.true_values = Some(
                    ["sí", "si", "Sí", "Si", "SÍ", "SI"]
                        .map(String::from)
                        .to_vec(),
                );
                field.false_values = Some(["no", "No", "NO"].map(String::from).to_vec());
                (FieldType::Boolean, None)
            }
            Candidate::BooleanVerdadero => {
                field.true_values = Some(
                    ["verdadero", "Verdadero", "VERDADERO"]
                        .map(String::from)
                        .to_vec(),
                );
                field.false_values = Some(["falso", "Falso", "FALSO"].map(String::from).to_vec());
                (FieldType::Boolean, None)
            }
            Candidate::Integer => (FieldType::Integer, None),
            Candidate::IntegerDotGroups => {
                field.group_char = Some(".".to_owned());
                (FieldType::Integer, None)
            }
            Candidate::Number => (FieldType::Number, None),
            Candidate::NumberComma => {
                (field.decimal_char, field.group_char) = chars(",", None);
                (FieldType::Number, None)
            }
            Candidate::NumberCommaDotGroups => {
                (field.decimal_char, field.group_char) = chars(",", Some("."));
                (FieldType::Number, None)
            }
            Candidate::NumberDotCommaGroups => {
                (field.decimal_char, field.group_char) = chars(".", Some(","));
                (FieldType::Number, None)
            }
            Candidate::DateIso => (FieldType::Date, None),
            Candidate::DateDash => (FieldType::Date, Some("%d-%m-%Y")),
            Candidate::DateSlash => (FieldType::Date, Some("%d/%m/%Y")),
            Candidate::DateDot => (FieldType::Date, Some("%d.%m.%Y")),
            Candidate::DatetimeIso => (FieldType::Datetime, None),
            Candidate::DatetimeDash => (FieldType::Datetime, Some("%d-%m-%Y %H:%M:%S")),
            Candidate::DatetimeSlash => (FieldType::Datetime, Some("%d/%m/%Y %H:%M:%S")),
            Candidate::DatetimeSlashMinutes => (FieldType::Datetime, Some("%d/%m/%Y %H:%M")),
            Candidate::TimeIso => (FieldType::Time, None),
            Candidate::TimeMinutes => (FieldType::Time, Some("%H:%M")),
        };
        field.kind = kind;
        field.format = format.map(str::to_owned);
        field
    }
}

/// A cell some plausible candidate could not read, kept so it can be reported as a
/// `type-error` once the column's type is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Odd {
    /// Row number.
    pub row: u64,
    /// Line where the row starts.
    pub line: u64,
    /// The cell (bounded).
    pub cell: String,
    /// Bit `i` set when candidate `i` read the cell.
    read_by: u32,
}

/// Columns whose types are inferred (Excel's widest sheet): columns past them are not typed,
/// and the inferred schema lists only these.
pub const MAX_INFERRED_COLUMNS: usize = 16_384;

#[derive(Debug, Default)]
struct Column {
    values: u64,
    matches: [u64; CANDIDATES.len()],
    /// Candidates still tried (bit per candidate).
    alive: u32,
    sentinels: Vec<(usize, u64)>,
    digit_codes: u64,
    padded: u64,
    /// Cells written as a compact RUT ending in K.
    rut_k: u64,
    code_length: Option<usize>,
    same_length: bool,
    odd: Vec<Odd>,
    odd_dropped: bool,
    /// Whether a value has two or more dots (`1.234.567`): dots there can only group
    /// thousands.
    multi_dots: bool,
    /// Digit-only values of up to three digits, and of four or more.
    short_plain: u64,
    long_plain: u64,
    /// Digits with separators, shaped like a phone number (`61-2615165`, `+56 9 1234 5678`).
    phone_like: u64,
    /// Eight digits that read as a date `yyyymmdd` (`20240131`).
    compact_dates: u64,
}

impl Column {
    /// Whether the column is text whatever its remaining cells hold, so they need not be
    /// read: no candidate type is left, and a value was not all digits. Then every way
    /// [`infer_column`] can end gives a plain text field with no misfits — a dropped
    /// candidate never reads 90 % of the values again, and the compact-date and
    /// zero-padded-pattern fields need every value to be digits — and no count read on the
    /// way is used for anything else.
    fn settled_as_text(&self) -> bool {
        self.alive == 0 && self.digit_codes < self.values
    }
}

/// The inferred type of one column, with the cells it could not read.
#[derive(Clone, Debug)]
pub struct InferredField {
    /// The field, ready for a schema.
    pub field: Field,
    /// Cells that are not of the inferred type (up to the cap), in row order.
    pub misfits: Vec<Odd>,
    /// How many cells are not of the inferred type, listed or not.
    pub misfit_count: u64,
}

/// Infers a schema from rows pushed one at a time.
pub struct Inferrer {
    names: Vec<String>,
    columns: Vec<Column>,
    patterns: Option<Patterns>,
    cap: usize,
    comma_decimals: bool,
}

impl std::fmt::Debug for Inferrer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inferrer")
            .field("names", &self.names)
            .finish()
    }
}

const ALL_ALIVE: u32 = (1 << CANDIDATES.len()) - 1;

impl Inferrer {
    /// An inferrer for columns named `names`, keeping up to `cap` unreadable cells per column
    /// (0 keeps all).
    pub fn new(mut names: Vec<String>, cap: usize) -> Inferrer {
        // Past a sheet's width nobody reads a data dictionary: the first columns are inferred,
        // the rest are left untyped, and memory stays bounded for a line of a million commas.
        names.truncate(MAX_INFERRED_COLUMNS);
        let columns = names
            .iter()
            .map(|_| Column {
                alive: ALL_ALIVE,
                same_length: true,
                ..Column::default()
            })
            .collect();
        Inferrer {
            names,
            columns,
            patterns: Patterns::new(),
            cap,
            comma_decimals: false,
        }
    }

    /// Says the table is `;`-separated, as Chilean exports with decimal commas are: then
    /// `1.500` reads as fifteen hundred, not one and a half, when nothing else decides.
    pub fn comma_decimals(mut self, yes: bool) -> Inferrer {
        self.comma_decimals = yes;
        self
    }

    /// Looks at one row's cells.
    pub fn row<'a>(&mut self, row: u64, line: u64, cells: impl Iterator<Item = &'a str>) {
        let Some(patterns) = &self.patterns else {
            return;
        };
        for (column, cell) in self.columns.iter_mut().zip(cells) {
            if cell.is_empty() || column.settled_as_text() {
                continue;
            }
            if let Some(index) = sentinel(cell) {
                match column.sentinels.iter_mut().find(|(i, _)| *i == index) {
                    Some((_, n)) => *n += 1,
                    None => column.sentinels.push((index, 1)),
                }
                continue;
            }
            column.values += 1;
            if is_compact_rut_k(cell) {
                column.rut_k += 1;
            }
            // Only whether one value has two dots matters: once one has, the rest are not
            // looked at.
            if !column.multi_dots && has_two_dots(cell) {
                column.multi_dots = true;
            }
            let all_digits = cell.bytes().all(|b| b.is_ascii_digit());
            if all_digits && cell.len() == 8 && is_compact_date(cell) {
                column.compact_dates += 1;
            }
            if !all_digits && is_phone_like(cell) {
                column.phone_like += 1;
            }
            if all_digits {
                column.digit_codes += 1;
                if cell.len() <= 3 {
                    column.short_plain += 1;
                } else {
                    column.long_plain += 1;
                }
                if cell.len() > 1 && cell.starts_with('0') {
                    column.padded += 1;
                }
                match column.code_length {
                    None => column.code_length = Some(cell.len()),
                    Some(len) if len != cell.len() => column.same_length = false,
                    Some(_) => {}
                }
            } else {
                column.same_length = false;
            }
            let mut read_by = 0u32;
            let mut missed_alive = false;
            let mut alive = column.alive;
            if all_digits && cell.len() <= 18 {
                // Digits alone: every number candidate reads them unless zero-padded, and
                // no other candidate does. No parsing needed.
                read_by = if has_leading_zero(cell) {
                    0
                } else {
                    DIGITS_MASK & alive
                };
                missed_alive = read_by != alive;
                let mut hits = read_by;
                while hits != 0 {
                    column.matches[hits.trailing_zeros() as usize] += 1;
                    hits &= hits - 1;
                }
                alive = 0;
            }
            while alive != 0 {
                let i = alive.trailing_zeros() as usize;
                alive &= alive - 1;
                if CANDIDATES[i].reads(cell, patterns) {
                    read_by |= 1 << i;
                    column.matches[i] += 1;
                } else {
                    missed_alive = true;
                }
            }
            if missed_alive {
                if self.cap == 0 || column.odd.len() < self.cap {
                    column.odd.push(Odd {
                        row,
                        line,
                        cell: bounded(cell),
                        read_by,
                    });
                } else {
                    column.odd_dropped = true;
                }
            }
            // Every live candidate reads at least half of the values once they reach the
            // mark (the test runs then), and one that also read this value still does: so the
            // test is needed again only after some live candidate missed a value.
            if (missed_alive && column.values > SETTLE_AFTER) || column.values == SETTLE_AFTER {
                let mut alive = column.alive;
                while alive != 0 {
                    let i = alive.trailing_zeros() as usize;
                    alive &= alive - 1;
                    if column.matches[i] * 2 < column.values {
                        column.alive &= !(1 << i);
                    }
                }
            }
        }
    }

    /// The inferred fields, in column order.
    pub fn finish(self) -> Vec<InferredField> {
        let comma_decimals = self.comma_decimals;
        self.columns
            .into_iter()
            .zip(self.names)
            .map(|(column, name)| infer_column(column, &name, comma_decimals))
            .collect()
    }

    /// The inferred schema (no rows are reported; see [`Inferrer::finish`] for the misfits).
    pub fn schema(fields: Vec<InferredField>) -> Schema {
        Schema {
            fields: fields.into_iter().map(|f| f.field).collect(),
            missing_values: super::default_missing_values(),
            primary_key: None,
            foreign_keys: Vec::new(),
            fields_match: None,
        }
    }
}

fn infer_column(column: Column, name: &str, comma_decimals: bool) -> InferredField {
    let plain = |kind| InferredField {
        field: Field {
            name: name.to_owned(),
            kind,
            ..Field::default()
        },
        misfits: Vec::new(),
        misfit_count: 0,
    };
    if column.values == 0 {
        return plain(if column.sentinels.is_empty() {
            FieldType::Any
        } else {
            FieldType::String
        });
    }
    let sentinels: Vec<String> = {
        let mut seen = column.sentinels.clone();
        seen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        seen.iter().map(|(i, _)| SENTINELS[*i].to_owned()).collect()
    };
    let with_sentinels = |mut field: Field| {
        if !sentinels.is_empty() {
            let mut missing = super::default_missing_values();
            missing.extend(sentinels.iter().cloned());
            field.missing_values = Some(missing);
        }
        field
    };
    // RUTs written without dots or dash (`123456785`, `12345678K`): the digits alone read as
    // integers, but a check digit K says the column is RUTs — text, with no type errors.
    if column.rut_k > 0 && column.rut_k + column.digit_codes >= column.values {
        return plain(FieldType::String);
    }
    // Phone numbers are text: a column named for them, or digits where some are written with
    // separators (`61-2615165` among `612615165`), is not an integer column with type errors.
    let digits_or_phones = column.phone_like + column.digit_codes >= column.values;
    if digits_or_phones && (column.phone_like > 0 || names_a_phone(name)) {
        return plain(FieldType::String);
    }
    // Eight digits that all read as dates (`20240131`) are dates, at least three of them or in
    // a column named for dates.
    if column.compact_dates == column.values && (column.values >= 3 || names_a_date(name)) {
        let mut field = plain(FieldType::Date);
        field.field.format = Some("%Y%m%d".to_owned());
        field.field = with_sentinels(field.field);
        return field;
    }
    // Zero-padded numeric codes stay text.
    if column.padded > 0 && column.digit_codes as f64 >= CONFIDENCE * column.values as f64 {
        let pattern = match (column.same_length, column.code_length) {
            (true, Some(len)) => format!("[0-9]{{{len}}}"),
            _ => "[0-9]+".to_owned(),
        };
        let misfits: Vec<Odd> = Vec::new();
        let field = Field {
            name: name.to_owned(),
            kind: FieldType::String,
            constraints: Box::new(Constraints {
                pattern: Some(pattern),
                ..Constraints::default()
            }),
            ..Field::default()
        };
        // Cells that are not digit codes break the pattern; report them as type-errors would
        // be wrong (the type is string), so the pattern is only proposed when all cells fit.
        if column.digit_codes == column.values {
            return InferredField {
                field: with_sentinels(field),
                misfits,
                misfit_count: 0,
            };
        }
        return plain(FieldType::String);
    }
    // `1.500` is fifteen hundred in a Chilean export and one and a half elsewhere: dot groups
    // win a tie only with a sign that dots group thousands here.
    // Signs: a `;`-separated export, a value like `1.234.567`, or small numbers written plainly
    // while every number of four digits or more has a dot (counts: `16`, `28`, `2.102`).
    let dot_groups_plausible =
        comma_decimals || column.multi_dots || (column.short_plain > 0 && column.long_plain == 0);
    let best = CANDIDATES
        .iter()
        .enumerate()
        .filter(|(_, c)| dot_groups_plausible || **c != Candidate::IntegerDotGroups)
        .filter(|(i, _)| column.matches[*i] as f64 >= CONFIDENCE * column.values as f64)
        .max_by(|(a, _), (b, _)| column.matches[*a].cmp(&column.matches[*b]).then(b.cmp(a)));
    let Some((index, candidate)) = best else {
        return plain(FieldType::String);
    };
    let misfit_count = column.values - column.matches[index];
    let misfits: Vec<Odd> = column
        .odd
        .into_iter()
        .filter(|odd| odd.read_by & (1 << index) == 0)
        .collect();
    InferredField {
        field: with_sentinels(candidate.field(name)),
        misfits,
        misfit_count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(rows: &[&[&str]]) -> Vec<InferredField> {
        let width = rows[0].len();
        let names = (1..=width).map(|i| format!("c{i}")).collect();
        let mut inferrer = Inferrer::new(names, 100);
        for (i, row) in rows.iter().enumerate() {
            inferrer.row(i as u64 + 2, i as u64 + 2, row.iter().copied());
        }
        inferrer.finish()
    }

    fn kind_and_format(field: &InferredField) -> (FieldType, Option<&str>) {
        (field.field.kind, field.field.format.as_deref())
    }

    #[test]
    fn chilean_conventions() {
        let fields = infer(&[
            &["01-03-2024", "1.234.567,89", "05606", "sí", "12"],
            &["15-03-2024", "0,5", "13101", "no", "7"],
            &["31-12-2023", "12,00", "08101", "Sí", "1.500"],
        ]);
        assert_eq!(
            kind_and_format(&fields[0]),
            (FieldType::Date, Some("%d-%m-%Y"))
        );
        assert_eq!(fields[1].field.kind, FieldType::Number);
        assert_eq!(fields[1].field.decimal_char.as_deref(), Some(","));
        assert_eq!(fields[1].field.group_char.as_deref(), Some("."));
        assert_eq!(fields[2].field.kind, FieldType::String);
        assert_eq!(
            fields[2].field.constraints.pattern.as_deref(),
            Some("[0-9]{5}")
        );
        assert_eq!(fields[3].field.kind, FieldType::Boolean);
        assert_eq!(fields[4].field.kind, FieldType::Integer);
        assert_eq!(fields[4].field.group_char.as_deref(), Some("."));
    }

    #[test]
    fn a_few_bad_values_are_misfits_and_sentinels_are_missing_values() {
        let mut rows: Vec<Vec<String>> =
            (1..=28).map(|d| vec![format!("{d:02}/02/2024")]).collect();
        rows[5][0] = "s/i".into();
        rows[9][0] = "pronto".into();
        let refs: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        let fields = infer(&slices);
        assert_eq!(
            kind_and_format(&fields[0]),
            (FieldType::Date, Some("%d/%m/%Y"))
        );
        assert_eq!(fields[0].misfit_count, 1);
        assert_eq!(fields[0].misfits[0].row, 11);
        assert_eq!(fields[0].misfits[0].cell, "pronto");
        assert_eq!(
            fields[0].field.missing_values.as_deref(),
            Some(&["".to_owned(), "s/i".to_owned()][..])
        );
    }

    #[test]
    fn mixed_integers_and_decimals_are_numbers_and_text_is_text() {
        let fields = infer(&[&["1", "a"], &["2.5", "b"], &["3", "c"]]);
        assert_eq!(fields[0].field.kind, FieldType::Number);
        assert_eq!(fields[0].misfit_count, 0);
        assert_eq!(fields[1].field.kind, FieldType::String);
        let empty = infer(&[&[""], &[""]]);
        assert_eq!(empty[0].field.kind, FieldType::Any);
    }

    #[test]
    fn the_digits_shortcut_agrees_with_the_candidates() {
        let patterns = Patterns::new().unwrap();
        for cell in ["0", "7", "42", "05606", "123456789012345678"] {
            let mut mask = 0u32;
            for (i, candidate) in CANDIDATES.iter().enumerate() {
                if candidate.reads(cell, &patterns) {
                    mask |= 1 << i;
                }
            }
            let shortcut = if has_leading_zero(cell) {
                0
            } else {
                DIGITS_MASK
            };
            assert_eq!(mask, shortcut, "{cell}");
        }
        assert!(sentinel("s/i").is_some());
        assert_eq!(sentinel(" s/i "), sentinel("s/i"));
        assert!(sentinel("Santiago").is_none());
        // The length limit is on the cell as written, spaces included.
        assert!(sentinel(&format!("{:>25}", "s/i")).is_none());
    }

    #[test]
    fn dots_group_thousands_only_with_a_sign_of_it() {
        let rows: &[&[&str]] = &[&["-33.456"], &["-70.654"], &["12.500"]];
        let names = vec!["c1".to_owned()];
        let mut plain = Inferrer::new(names.clone(), 10);
        let mut chilean = Inferrer::new(names, 10).comma_decimals(true);
        for (i, row) in rows.iter().enumerate() {
            plain.row(i as u64 + 2, i as u64 + 2, row.iter().copied());
            chilean.row(i as u64 + 2, i as u64 + 2, row.iter().copied());
        }
        assert_eq!(plain.finish()[0].field.kind, FieldType::Number);
        let chilean = chilean.finish();
        assert_eq!(chilean[0].field.kind, FieldType::Integer);
        assert_eq!(chilean[0].field.group_char.as_deref(), Some("."));
    }

    #[test]
    fn phones_are_text_and_compact_dates_are_dates() {
        let phones: [&[&str]; 4] = [
            &["612615165"],
            &["61-2615165"],
            &["222345678"],
            &["(2) 2345 6789"],
        ];
        let fields = infer(&phones);
        assert_eq!(kind_and_format(&fields[0]), (FieldType::String, None));
        assert!(fields[0].misfits.is_empty());
        let dates: [&[&str]; 3] = [&["20240131"], &["20240229"], &["19991231"]];
        let fields = infer(&dates);
        assert_eq!(
            kind_and_format(&fields[0]),
            (FieldType::Date, Some("%Y%m%d"))
        );
        // Eight-digit codes that are not all dates stay integers.
        let codes: [&[&str]; 3] = [&["20240131"], &["12345678"], &["19991231"]];
        assert_eq!(kind_and_format(&infer(&codes)[0]).0, FieldType::Integer);
        assert!(!is_phone_like("2024-01-31"));
        assert!(!is_phone_like("-1234567"));
        assert!(is_phone_like("+56 9 1234 5678"));
    }

    #[test]
    fn a_column_settled_as_text_stays_plain_text() {
        let words = |n: usize| (0..n).map(|i| format!("comuna {i}")).collect::<Vec<_>>();
        // Tails that would make a column something else, had they come first.
        type Tail = fn(usize) -> String;
        let tails: [(&str, Tail); 7] = [
            ("padded codes", |i| format!("{:05}", i % 90_000)),
            ("compact dates", |i| {
                format!("2024{:02}{:02}", i % 12 + 1, i % 28 + 1)
            }),
            ("integers", |i| (i + 1).to_string()),
            ("decimals", |i| format!("{},{}", i + 1, i % 10)),
            ("compact RUTs with K", |i| format!("{}K", 10_000_000 + i)),
            ("placeholders", |_| "s/i".to_owned()),
            ("dates", |i| format!("{:02}-03-2024", i % 28 + 1)),
        ];
        for (what, tail) in tails {
            let mut inferrer = Inferrer::new(vec!["c1".to_owned()], 10);
            let prefix = words(SETTLE_AFTER as usize + 1);
            for (i, cell) in prefix.iter().enumerate() {
                inferrer.row(i as u64 + 2, i as u64 + 2, std::iter::once(cell.as_str()));
            }
            assert!(inferrer.columns[0].settled_as_text(), "{what}");
            for i in 0..5_000 {
                let cell = tail(i);
                inferrer.row(
                    i as u64 + 200,
                    i as u64 + 200,
                    std::iter::once(cell.as_str()),
                );
            }
            // Neither the tail nor the last word was read: the column settled at the mark.
            assert_eq!(inferrer.columns[0].values, SETTLE_AFTER, "{what}");
            let field = &inferrer.finish()[0];
            assert_eq!(kind_and_format(field), (FieldType::String, None), "{what}");
            assert!(field.field.missing_values.is_none(), "{what}");
            assert!(field.field.constraints.pattern.is_none(), "{what}");
            assert!(
                field.misfits.is_empty() && field.misfit_count == 0,
                "{what}"
            );
        }
        // No candidate is left for zero-padded codes either, but every value is digits: the
        // column is not settled, and it keeps its pattern.
        let codes: Vec<String> = (0..500).map(|i| format!("{:05}", i + 1)).collect();
        let mut inferrer = Inferrer::new(vec!["c1".to_owned()], 10);
        for (i, cell) in codes.iter().enumerate() {
            inferrer.row(i as u64 + 2, i as u64 + 2, std::iter::once(cell.as_str()));
        }
        assert!(!inferrer.columns[0].settled_as_text());
        let field = &inferrer.finish()[0];
        assert_eq!(field.field.constraints.pattern.as_deref(), Some("[0-9]{5}"));
    }

    #[test]
    fn deterministic() {
        let rows: &[&[&str]] = &[&["1,5", "2024-01-01"], &["2", "x"]];
        let a = serde_json::to_string(&Inferrer::schema(infer(rows))).unwrap();
        let b = serde_json::to_string(&Inferrer::schema(infer(rows))).unwrap();
        assert_eq!(a, b);
    }
}
