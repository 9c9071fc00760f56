//! `mixed-types`: a column mixes numbers and words (`1`, `0`, `Sin periodicidad`), so no type
//! fits it and it is read as text. Reported once per column, with how many of each.

use crate::check::{Check, Header, Row};
use crate::finding::{Detail, Finding, Findings};
use crate::lang::{Lang, Text};
use crate::rule::{Rule, Severity, no_note};
use crate::rules::{count, field_phrase, quoted};

/// The rule.
pub static MIXED_TYPES: Rule = Rule {
    code: "mixed-types",
    severity: Severity::Warning,
    tags: &["#table", "#cell"],
    title: Text {
        es: "Columna con números y textos mezclados",
        en: "Mixed Types",
    },
    description: Text {
        es: "Una columna mezcla números y palabras, así que no tiene un tipo de dato y se lee como texto.",
        en: "A column mixes numbers and words, so it has no data type and is read as text.",
    },
    docs: Text {
        es: "## Qué significa\nUna parte importante de los valores de la columna son números y otra parte son palabras (`1`, `0`, `Sin periodicidad`, `No responde`). calidad lo informa una vez por columna cuando cada tipo es al menos la décima parte de los valores: con menos palabras, la columna se lee como numérica y cada palabra es un `type-error`.\n\n## Por qué importa\nUna columna sin un tipo de dato no se puede sumar, promediar ni filtrar por rango, y quien la usa tiene que adivinar qué significan las palabras. Suele ser señal de dos datos distintos en una columna (una cantidad y una respuesta, un valor y el motivo por el que falta).\n\n## Cómo corregirlo\nDeje un solo tipo de dato por columna: pase las palabras a otra columna (por ejemplo `motivo_sin_dato` o `respuesta_texto`), o codifíquelas y publique el diccionario de códigos.",
        en: "## What it means\nA large share of the column's values are numbers and another are words (`1`, `0`, `Sin periodicidad`, `No responde`). calidad reports it once per column when each kind is at least a tenth of the values: with fewer words, the column reads as numeric and every word is a `type-error`.\n\n## Why it matters\nA column without one data type cannot be summed, averaged or filtered by range, and its users must guess what the words mean. It is usually two different data in one column (an amount and an answer, a value and why it is missing).\n\n## How to fix it\nKeep one data type per column: move the words to another column (say `reason_missing` or `answer_text`), or code them and publish the code list.",
    },
    message,
    note: no_note,
};

/// What a finding says: how many numbers and words, and the first word's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MixedKinds {
    /// Values that read as numbers.
    pub numbers: u64,
    /// Values that are words (no digit at all).
    pub words: u64,
    /// The first row with a word.
    pub first_word_row: u64,
}

fn message(finding: &Finding, lang: Lang) -> String {
    let field = field_phrase(finding, lang);
    let Some(kinds) = finding.detail.other::<MixedKinds>() else {
        return String::new();
    };
    let (numbers, words) = (count(kinds.numbers, lang), count(kinds.words, lang));
    let example = finding
        .cell
        .as_deref()
        .map(|cell| match lang {
            Lang::Es => format!(", como {}", quoted(cell)),
            Lang::En => format!(", such as {}", quoted(cell)),
        })
        .unwrap_or_default();
    let first = kinds.first_word_row;
    match lang {
        Lang::Es => format!(
            "La {field} mezcla {numbers} números y {words} textos{example} (el primero en la fila {first}): deje un solo tipo de dato por columna y pase los textos a otra columna"
        ),
        Lang::En => format!(
            "In {field}, {numbers} values are numbers and {words} are words{example} (the first in row {first}): keep one data type per column and move the words to another column"
        ),
    }
}

/// Each kind must be at least this share of the column's numbers and words.
const MIN_SHARE: f64 = 0.1;
/// And at least this many values of each kind.
const MIN_VALUES: u64 = 5;
/// The example word kept, in characters.
const EXAMPLE_CHARS: usize = 60;

/// Whether `cell` is a plain number: an optional sign, digits, and `.`/`,` separators.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| NUMBER_BYTES[usize::from(b)])
}

/// Per byte, whether a plain number may hold it (a digit, `.` or `,`): one load per byte of
/// every number cell instead of three comparisons.
static NUMBER_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = matches!(byte as u8, b'0'..=b'9' | b'.' | b',');
        byte += 1;
    }
    table
};

/// Whether `cell` is a word or phrase: no digit, at least two letters, not a placeholder
/// (`placeholder-values` reports those) and not a total's label (`total-row` does).
fn is_word(cell: &str) -> bool {
    let starts_with = |text: &str, prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    // Only a cell starting with `s` or `t` can be a total's label.
    let total = matches!(cell.as_bytes().first(), Some(b's' | b'S' | b't' | b'T')) && {
        let after_sub = if starts_with(cell, "sub") {
            &cell[3..]
        } else {
            cell
        };
        starts_with(after_sub, "total")
    };
    // The tests that read a few bytes first; the digit test reads the whole cell.
    !total
        && !super::placeholder_values::is_placeholder(cell)
        && cell.chars().filter(|c| c.is_alphabetic()).take(2).count() == 2
        && !super::has_ascii_digit(cell.as_bytes())
}

#[derive(Clone, Debug, Default)]
struct Column {
    numbers: u64,
    words: u64,
    first_word: Option<(u64, u64, String)>,
}

/// Counts, per column, the values that are numbers and those that are words; reports the
/// columns where both are common at the end.
#[derive(Debug, Default)]
pub struct MixedTypesCheck {
    columns: Vec<Column>,
    names: Vec<String>,
    /// The labels, lowercase: a label repeated inside the column is a header row of another
    /// table (`multiple-tables`), not a word among numbers.
    labels: Vec<String>,
}

impl Check for MixedTypesCheck {
    fn runs_on_worker(&self) -> bool {
        true
    }

    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: [&Rule; 1] = [&MIXED_TYPES];
        &RULES
    }

    fn header(&mut self, header: &Header, _out: &mut Findings) {
        self.names = super::counted_names(header);
        self.columns = vec![Column::default(); self.names.len()];
        self.labels = header
            .labels
            .iter()
            .take(self.names.len())
            .map(|l| l.trim().to_lowercase())
            .collect();
    }

    fn row(&mut self, row: &Row<'_>, _header: &Header, _out: &mut Findings) {
        for (index, column) in self.columns.iter_mut().enumerate().take(row.kept()) {
            let cell = crate::rules::trim_cell(row.cell(index));
            let Some(&first) = cell.as_bytes().first() else {
                continue;
            };
            // Numbers start with a digit or a sign; anything else can only be a word.
            if (first.is_ascii_digit() || first == b'-' || first == b'+') && is_number(cell) {
                column.numbers += 1;
            } else if !first.is_ascii_digit()
                && is_word(cell)
                && self.labels.get(index).is_none_or(|label| {
                    // Lowercasing keeps the byte length of the letters labels use: only a
                    // cell as long as the label can repeat it.
                    label.len() != cell.len()
                        || !cell.chars().flat_map(char::to_lowercase).eq(label.chars())
                })
            {
                column.words += 1;
                if column.first_word.is_none() {
                    let example: String = cell.chars().take(EXAMPLE_CHARS).collect();
                    column.first_word = Some((row.number, row.line, example));
                }
            }
        }
    }

    fn finish(&mut self, out: &mut Findings) {
        for (index, column) in self.columns.iter().enumerate() {
            let (numbers, words) = (column.numbers, column.words);
            let both = (numbers + words) as f64;
            let mixed =
                numbers.min(words) >= MIN_VALUES && numbers.min(words) as f64 >= MIN_SHARE * both;
            let Some((row, line, example)) = column.first_word.as_ref().filter(|_| mixed) else {
                continue;
            };
            out.push(
                Finding::new(&MIXED_TYPES)
                    .at_row(*row, *line)
                    .at_field(index as u64 + 1, self.names.get(index).map(String::as_str))
                    .with_cell(example)
                    .with_detail(Detail::of(MixedKinds {
                        numbers,
                        words,
                        first_word_row: *row,
                    })),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_words() {
        assert!(is_number("1.234,5"));
        assert!(is_number("-3"));
        assert!(!is_number("31-12-2024"));
        assert!(!is_number("-"));
        assert!(is_word("Sin periodicidad"));
        assert!(!is_word("NULL"));
        assert!(!is_word("A1"));
        assert!(!is_word("x"));
        assert!(!is_word("Total general"));
        assert!(!is_word("SUBTOTAL"));
    }

    /// The word test as first written: every test on every cell, digits byte by byte, and
    /// its own search of the placeholder list (cells reach the test trimmed).
    fn is_word_plainly(cell: &str) -> bool {
        let cell = cell.trim();
        let starts_with = |text: &str, prefix: &str| {
            text.get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        };
        let after_sub = if starts_with(cell, "sub") {
            &cell[3..]
        } else {
            cell
        };
        !cell.bytes().any(|b| b.is_ascii_digit())
            && cell.chars().filter(|c| c.is_alphabetic()).take(2).count() == 2
            && !crate::schema::infer::SENTINELS.contains(&cell)
            && !starts_with(after_sub, "total")
    }

    #[test]
    fn number_bytes_are_digits_dots_and_commas() {
        let passing: Vec<u8> = (0..=255u8)
            .filter(|b| NUMBER_BYTES[usize::from(*b)])
            .collect();
        assert_eq!(passing, b",.0123456789");
    }

    #[test]
    fn the_word_test_agrees_with_the_plain_one() {
        let pieces = [
            "sub", "SUB", "total", "Total", "s", "t", "T", " ", "1", "a", "ñ", "é", "Sin dato",
            "NULL", "-", "x9", "general", "\u{a0}",
        ];
        for cell in crate::rules::pieces_joined(&pieces, 3) {
            let trimmed = crate::rules::trim_cell(&cell);
            assert_eq!(is_word(trimmed), is_word_plainly(&cell), "{cell:?}");
        }
    }
}
