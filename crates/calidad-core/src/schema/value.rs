//! Reading one cell as a Table Schema type: integers and numbers with any decimal and group
//! characters, booleans, dates and times by ISO default or by a strftime pattern, durations,
//! geopoints and JSON values. Parsers are plain functions over `&str`, allocation-free on the
//! common paths, because they run on every cell of every row.

#[cfg(test)]
use crate::calendar::civil_from_days;
use crate::calendar::days_from_civil;
use std::cmp::Ordering;

/// A parsed cell, reduced to what constraints compare and keys hash.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Text (strings, and types compared as written: object, array, list, geojson, any).
    Text,
    /// An integer.
    Integer(i128),
    /// A number.
    Number(f64),
    /// A boolean.
    Boolean(bool),
    /// Days since 1970-01-01 (dates), or months since year 0 (yearmonth), or the year.
    Days(i64),
    /// Microseconds since 1970-01-01T00:00:00Z (datetimes) or since midnight (times).
    Micros(i64),
    /// A duration in (months, microseconds).
    Duration(i64, i64),
    /// A point (longitude, latitude).
    Point(f64, f64),
    /// A count of items (array, object members, list items), for length constraints.
    Items(u64),
}

impl Value {
    /// Orders two values of the same type; `None` for values that do not compare.
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Integer(a), Value::Integer(b)) => Some(a.cmp(b)),
            (Value::Integer(a), Value::Number(b)) => (*a as f64).partial_cmp(b),
            (Value::Number(a), Value::Integer(b)) => a.partial_cmp(&(*b as f64)),
            (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
            (Value::Days(a), Value::Days(b)) | (Value::Micros(a), Value::Micros(b)) => {
                Some(a.cmp(b))
            }
            (Value::Boolean(a), Value::Boolean(b)) => Some(a.cmp(b)),
            (Value::Duration(am, au), Value::Duration(bm, bu)) => Some((am, au).cmp(&(bm, bu))),
            _ => None,
        }
    }

    /// Bytes that identify the value for unique and key checks: equal values (`1`, `01`,
    /// `1.0` in a number column) give equal bytes. `None` means "compare the text as written".
    pub fn key(&self) -> Option<[u8; 17]> {
        let mut out = [0u8; 17];
        match self {
            Value::Text | Value::Items(_) => return None,
            Value::Integer(v) => {
                out[0] = 1;
                out[1..].copy_from_slice(&v.to_le_bytes());
            }
            Value::Number(v) => {
                // Integral numbers key like integers so `1` and `1.0` collide.
                if v.fract() == 0.0 && v.abs() < 1e30 {
                    out[0] = 1;
                    out[1..].copy_from_slice(&(*v as i128).to_le_bytes());
                } else {
                    out[0] = 2;
                    out[1..9].copy_from_slice(&v.to_bits().to_le_bytes());
                }
            }
            Value::Boolean(v) => {
                out[0] = 3;
                out[1] = u8::from(*v);
            }
            Value::Days(v) => {
                out[0] = 4;
                out[1..9].copy_from_slice(&v.to_le_bytes());
            }
            Value::Micros(v) => {
                out[0] = 5;
                out[1..9].copy_from_slice(&v.to_le_bytes());
            }
            Value::Duration(m, u) => {
                out[0] = 6;
                out[1..9].copy_from_slice(&m.to_le_bytes());
                out[9..17].copy_from_slice(&u.to_le_bytes());
            }
            Value::Point(x, y) => {
                out[0] = 7;
                out[1..9].copy_from_slice(&x.to_bits().to_le_bytes());
                out[9..17].copy_from_slice(&y.to_bits().to_le_bytes());
            }
        }
        Some(out)
    }
}

/// How to read numbers: decimal and group characters, and whether text around the number
/// (`$ 1.000`, `15 %`) is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumberFormat {
    /// Decimal separator.
    pub decimal: char,
    /// Thousands separator, if any.
    pub group: Option<char>,
    /// `bareNumber`: when false, leading and trailing non-numeric text is ignored.
    pub bare: bool,
}

impl Default for NumberFormat {
    fn default() -> NumberFormat {
        NumberFormat {
            decimal: '.',
            group: None,
            bare: true,
        }
    }
}

/// Strips currency signs, percent signs and other text around a number (`bareNumber: false`):
/// keeps from the first sign, digit or decimal character to the last digit or decimal character.
fn strip_non_numeric(cell: &str, decimal: char) -> &str {
    let start = cell.find(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == decimal);
    let end = cell
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_digit() || *c == decimal)
        .map(|(i, c)| i + c.len_utf8());
    match (start, end) {
        (Some(start), Some(end)) if start < end => &cell[start..end],
        _ => "",
    }
}

/// Checks that the group separators in `digits` (the integer part) sit every three digits.
fn groups_ok(digits: &str, group: char) -> bool {
    let mut parts = digits.split(group);
    let Some(first) = parts.next() else {
        return false;
    };
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    parts.all(|part| part.len() == 3 && part.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads an integer: optional sign, digits, optional group separators every three digits.
pub fn parse_integer(cell: &str, format: &NumberFormat) -> Option<i128> {
    let text = if format.bare {
        cell
    } else {
        strip_non_numeric(cell, format.decimal)
    };
    let (negative, digits) = split_sign(text);
    if digits.is_empty() {
        return None;
    }
    let mut value: i128 = 0;
    let bytes = digits.as_bytes();
    if bytes.iter().all(u8::is_ascii_digit) {
        for &b in bytes {
            value = value.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
    } else {
        let group = format.group?;
        if !groups_ok(digits, group) {
            return None;
        }
        for b in bytes.iter().filter(|b| b.is_ascii_digit()) {
            value = value.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
    }
    Some(if negative { -value } else { value })
}

fn split_sign(text: &str) -> (bool, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    }
}

/// Reads a number: sign, digits with optional group separators, decimal part, exponent, and
/// `NaN`, `INF`, `-INF` as Frictionless writes them.
pub fn parse_number(cell: &str, format: &NumberFormat) -> Option<f64> {
    match cell {
        "NaN" | "nan" => return Some(f64::NAN),
        "INF" | "inf" | "Infinity" => return Some(f64::INFINITY),
        "-INF" | "-inf" | "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    let text = if format.bare {
        cell
    } else {
        strip_non_numeric(cell, format.decimal)
    };
    let (negative, body) = split_sign(text);
    if body.is_empty() {
        return None;
    }
    if let Some(value) = fast_number(body.as_bytes(), format) {
        return Some(if negative { -value } else { value });
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa.find(format.decimal) {
        Some(i) => (
            &mantissa[..i],
            Some(&mantissa[i + format.decimal.len_utf8()..]),
        ),
        None => (mantissa, None),
    };
    if int_part.is_empty() && frac_part.is_none_or(str::is_empty) {
        return None;
    }
    let mut buf = [0u8; 80];
    let mut len = 0;
    let mut push = |b: u8| -> Option<()> {
        *buf.get_mut(len)? = b;
        len += 1;
        Some(())
    };
    if negative {
        push(b'-')?;
    }
    if !int_part.is_empty() {
        if int_part.bytes().all(|b| b.is_ascii_digit()) {
            for b in int_part.bytes() {
                push(b)?;
            }
        } else {
            let group = format.group?;
            if !groups_ok(int_part, group) {
                return None;
            }
            for b in int_part.bytes().filter(u8::is_ascii_digit) {
                push(b)?;
            }
        }
    } else {
        push(b'0')?;
    }
    if let Some(frac) = frac_part {
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        push(b'.')?;
        for b in frac.bytes() {
            push(b)?;
        }
    }
    if let Some(exp) = exponent {
        let (_, digits) = split_sign(exp);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        push(b'e')?;
        for b in exp.bytes() {
            push(b)?;
        }
    }
    std::str::from_utf8(&buf[..len]).ok()?.parse().ok()
}

/// Powers of ten that are exact in an `f64`.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The common case in one pass: at most 15 digits, ASCII separators, no exponent. The result
/// is correctly rounded (an exact integer divided by an exact power of ten). `None` means "not
/// handled here" (the careful path decides), never "invalid".
fn fast_number(body: &[u8], format: &NumberFormat) -> Option<f64> {
    let decimal = u8::try_from(u32::from(format.decimal)).ok()?;
    let group = match format.group {
        Some(g) => Some(u8::try_from(u32::from(g)).ok()?),
        None => None,
    };
    let mut mantissa: u64 = 0;
    let mut digits = 0u32;
    let mut fraction: Option<u32> = None;
    // Digits in the current group of the integer part, and whether a separator was seen.
    let mut run = 0u32;
    let mut grouped = false;
    for &b in body {
        if b.is_ascii_digit() {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            digits += 1;
            if digits > 15 {
                return None;
            }
            match &mut fraction {
                Some(n) => *n += 1,
                None => run += 1,
            }
        } else if b == decimal && fraction.is_none() {
            if grouped && run != 3 {
                return None;
            }
            fraction = Some(0);
        } else if Some(b) == group && fraction.is_none() {
            let first_ok = !grouped && (1..=3).contains(&run);
            if !(first_ok || (grouped && run == 3)) {
                return None;
            }
            grouped = true;
            run = 0;
        } else {
            return None;
        }
    }
    if grouped && fraction.is_none() && run != 3 {
        return None;
    }
    if digits == 0 {
        return None;
    }
    Some(mantissa as f64 / POW10[fraction.unwrap_or(0) as usize])
}

/// Reads exactly `n` ASCII digits at the start of `text`.
fn digits(text: &[u8], n: usize) -> Option<u32> {
    let part = text.get(..n)?;
    let mut value = 0u32;
    for &b in part {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(b - b'0');
    }
    Some(value)
}

/// ISO 8601 date `YYYY-MM-DD`.
pub fn parse_iso_date(cell: &str) -> Option<i64> {
    let b = cell.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    days_from_civil(
        i64::from(digits(b, 4)?),
        digits(&b[5..], 2)?,
        digits(&b[8..], 2)?,
    )
}

/// Time of day `HH:MM:SS[.ffffff]` at the start of `b`; returns microseconds and bytes used.
fn parse_clock(b: &[u8], seconds_required: bool) -> Option<(i64, usize)> {
    let hour = digits(b, 2)?;
    if b.get(2) != Some(&b':') {
        return None;
    }
    let minute = digits(&b[3..], 2)?;
    let mut used = 5;
    let mut second = 0;
    let mut micros = 0i64;
    if b.get(5) == Some(&b':') {
        second = digits(&b[6..], 2)?;
        used = 8;
        if b.get(8) == Some(&b'.') {
            let frac: Vec<u8> = b[9..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .copied()
                .collect();
            if frac.is_empty() {
                return None;
            }
            used += 1 + frac.len();
            let mut scale = 100_000i64;
            for d in frac.iter().take(6) {
                micros += i64::from(d - b'0') * scale;
                scale /= 10;
            }
        }
    } else if seconds_required {
        return None;
    }
    if hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute > 0 || second > 0)) {
        return None;
    }
    Some((
        (i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)) * 1_000_000 + micros,
        used,
    ))
}

/// A timezone suffix: `Z`, `+HH:MM`, `-HHMM`, `+HH`, or nothing. Returns the offset in
/// microseconds to subtract to get UTC.
fn parse_offset(b: &[u8]) -> Option<i64> {
    match b {
        [] => Some(0),
        [b'Z'] | [b'z'] => Some(0),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let hours = digits(rest, 2)?;
            let minutes = match &rest[2..] {
                [] => 0,
                [b':', m @ ..] if m.len() == 2 => digits(m, 2)?,
                m if m.len() == 2 => digits(m, 2)?,
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = (i64::from(hours) * 60 + i64::from(minutes)) * 60_000_000;
            Some(if *sign == b'-' { -offset } else { offset })
        }
        _ => None,
    }
}

/// ISO 8601 datetime `YYYY-MM-DDTHH:MM:SS[.f][Z|±HH:MM]` (a space instead of `T` is accepted).
pub fn parse_iso_datetime(cell: &str) -> Option<i64> {
    let b = cell.as_bytes();
    if b.len() < 16 || !matches!(b[10], b'T' | b' ') {
        return None;
    }
    let days = parse_iso_date(cell.get(..10)?)?;
    let (clock, used) = parse_clock(&b[11..], false)?;
    let offset = parse_offset(&b[11 + used..])?;
    Some(days * 86_400_000_000 + clock - offset)
}

/// ISO 8601 time `HH:MM:SS[.f][Z|±HH:MM]`.
pub fn parse_iso_time(cell: &str) -> Option<i64> {
    let b = cell.as_bytes();
    let (clock, used) = parse_clock(b, true)?;
    let offset = parse_offset(&b[used..])?;
    Some(clock - offset)
}

/// A four-digit year.
pub fn parse_year(cell: &str) -> Option<i64> {
    let b = cell.as_bytes();
    if b.len() != 4 {
        return None;
    }
    digits(b, 4).map(i64::from)
}

/// `YYYY-MM`, as months since year 0.
pub fn parse_yearmonth(cell: &str) -> Option<i64> {
    let b = cell.as_bytes();
    if b.len() != 7 || b[4] != b'-' {
        return None;
    }
    let month = digits(&b[5..], 2)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    Some(i64::from(digits(b, 4)?) * 12 + i64::from(month) - 1)
}

/// ISO 8601 duration `PnYnMnDTnHnMnS` (or `PnW`), as (months, microseconds).
pub fn parse_duration(cell: &str) -> Option<(i64, i64)> {
    let rest = cell.strip_prefix('P')?;
    if rest.is_empty() {
        return None;
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut months = 0i64;
    let mut micros = 0f64;
    let mut read = |part: &str, units: &[(char, f64, bool)]| -> Option<()> {
        let mut number = String::new();
        let mut next_unit = 0;
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                number.push(if c == ',' { '.' } else { c });
                continue;
            }
            let position = units[next_unit..].iter().position(|u| u.0 == c)? + next_unit;
            next_unit = position + 1;
            let value: f64 = number.parse().ok()?;
            number.clear();
            let (_, factor, is_months) = units[position];
            if is_months {
                months += (value * factor) as i64;
            } else {
                micros += value * factor;
            }
        }
        number.is_empty().then_some(())
    };
    const DAY: f64 = 86_400_000_000.0;
    read(
        date,
        &[
            ('Y', 12.0, true),
            ('M', 1.0, true),
            ('W', 7.0 * DAY, false),
            ('D', DAY, false),
        ],
    )?;
    if let Some(time) = time {
        read(
            time,
            &[
                ('H', 3_600_000_000.0, false),
                ('M', 60_000_000.0, false),
                ('S', 1_000_000.0, false),
            ],
        )?;
    }
    Some((months, micros as i64))
}

/// A geopoint: `default` (`"lon, lat"`), `array` (`[lon, lat]`) or `object`
/// (`{"lon": …, "lat": …}`).
pub fn parse_geopoint(cell: &str, format: &str) -> Option<(f64, f64)> {
    let (lon, lat) = match format {
        "array" => {
            let value: serde_json::Value = serde_json::from_str(cell).ok()?;
            let items = value.as_array()?;
            if items.len() != 2 {
                return None;
            }
            (items[0].as_f64()?, items[1].as_f64()?)
        }
        "object" => {
            let value: serde_json::Value = serde_json::from_str(cell).ok()?;
            (value.get("lon")?.as_f64()?, value.get("lat")?.as_f64()?)
        }
        _ => {
            let (lon, lat) = cell.split_once(',')?;
            (lon.trim().parse().ok()?, lat.trim().parse().ok()?)
        }
    };
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some((lon, lat))
}

/// One piece of a compiled strftime pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Literal(char),
    Year4,
    Year2,
    Month,
    MonthName,
    Day,
    Hour24,
    Hour12,
    Minute,
    Second,
    Fraction,
    AmPm,
    Offset,
    Whitespace,
}

/// A strftime-style date/time pattern (`%d-%m-%Y`, `%Y-%m-%dT%H:%M:%S%z`), compiled once and
/// used for every cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    tokens: Vec<Token>,
    text: String,
    /// `%d-%m-%Y`-like patterns (day, separator, month, separator, four-digit year), read with
    /// a fixed-position fast path when the cell has exactly ten bytes.
    day_first: Option<(u8, u8)>,
}

/// What a parsed pattern produced.
#[derive(Clone, Copy, Debug, Default)]
struct Parts {
    year: Option<i64>,
    month: Option<u32>,
    day: Option<u32>,
    hour: Option<u32>,
    minute: u32,
    second: u32,
    micros: i64,
    pm: Option<bool>,
    offset: i64,
}

const MONTHS: [[&str; 4]; 12] = [
    ["jan", "january", "ene", "enero"],
    ["feb", "february", "feb", "febrero"],
    ["mar", "march", "mar", "marzo"],
    ["apr", "april", "abr", "abril"],
    ["may", "may", "may", "mayo"],
    ["jun", "june", "jun", "junio"],
    ["jul", "july", "jul", "julio"],
    ["aug", "august", "ago", "agosto"],
    ["sep", "september", "sept", "septiembre"],
    ["oct", "october", "oct", "octubre"],
    ["nov", "november", "nov", "noviembre"],
    ["dec", "december", "dic", "diciembre"],
];

impl Pattern {
    /// Compiles a pattern; `None` when it uses a directive calidad does not know.
    pub fn compile(text: &str) -> Option<Pattern> {
        let mut tokens = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                tokens.push(if c == ' ' {
                    Token::Whitespace
                } else {
                    Token::Literal(c)
                });
                continue;
            }
            tokens.push(match chars.next()? {
                'Y' => Token::Year4,
                'y' => Token::Year2,
                'm' => Token::Month,
                'b' | 'B' | 'h' => Token::MonthName,
                'd' | 'e' => Token::Day,
                'H' => Token::Hour24,
                'I' => Token::Hour12,
                'M' => Token::Minute,
                'S' => Token::Second,
                'f' => Token::Fraction,
                'p' => Token::AmPm,
                'z' | 'Z' => Token::Offset,
                '%' => Token::Literal('%'),
                _ => return None,
            });
        }
        let day_first = match tokens.as_slice() {
            [
                Token::Day,
                Token::Literal(a),
                Token::Month,
                Token::Literal(b),
                Token::Year4,
            ] if a.is_ascii() && b.is_ascii() => Some((*a as u8, *b as u8)),
            _ => None,
        };
        Some(Pattern {
            tokens,
            text: text.to_owned(),
            day_first,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the pattern has a date part and a time part.
    pub fn has_time(&self) -> bool {
        self.tokens
            .iter()
            .any(|t| matches!(t, Token::Hour24 | Token::Hour12))
    }

    fn parts(&self, cell: &str) -> Option<Parts> {
        let b = cell.as_bytes();
        let mut at = 0;
        let mut parts = Parts::default();
        // Numbers take up to `max` digits (at least one), like strptime.
        let number = |at: &mut usize, max: usize| -> Option<u32> {
            let start = *at;
            let mut value = 0u32;
            while *at < b.len() && *at - start < max && b[*at].is_ascii_digit() {
                value = value * 10 + u32::from(b[*at] - b'0');
                *at += 1;
            }
            (*at > start).then_some(value)
        };
        for token in &self.tokens {
            match token {
                Token::Literal(c) => {
                    let mut buf = [0u8; 4];
                    let lit = c.encode_utf8(&mut buf).as_bytes();
                    if !b[at..].starts_with(lit) {
                        return None;
                    }
                    at += lit.len();
                }
                Token::Whitespace => {
                    if b.get(at) != Some(&b' ') {
                        return None;
                    }
                    while b.get(at) == Some(&b' ') {
                        at += 1;
                    }
                }
                Token::Year4 => {
                    let start = at;
                    let year = number(&mut at, 4)?;
                    if at - start != 4 {
                        return None;
                    }
                    parts.year = Some(i64::from(year));
                }
                Token::Year2 => {
                    let year = number(&mut at, 2)?;
                    parts.year = Some(if year < 69 { 2000 } else { 1900 } + i64::from(year));
                }
                Token::Month => parts.month = Some(number(&mut at, 2)?),
                Token::Day => parts.day = Some(number(&mut at, 2)?),
                Token::Hour24 | Token::Hour12 => parts.hour = Some(number(&mut at, 2)?),
                Token::Minute => parts.minute = number(&mut at, 2)?,
                Token::Second => parts.second = number(&mut at, 2)?,
                Token::Fraction => {
                    let start = at;
                    let mut scale = 100_000i64;
                    while at < b.len() && b[at].is_ascii_digit() {
                        if at - start < 6 {
                            parts.micros += i64::from(b[at] - b'0') * scale;
                            scale /= 10;
                        }
                        at += 1;
                    }
                    if at == start {
                        return None;
                    }
                }
                Token::MonthName => {
                    let word: String = cell[at..]
                        .chars()
                        .take_while(|c| c.is_alphabetic() || *c == '.')
                        .collect();
                    at += word.len();
                    let lower = word.trim_end_matches('.').to_lowercase();
                    let month = MONTHS
                        .iter()
                        .position(|names| names.contains(&lower.as_str()))?;
                    parts.month = Some(month as u32 + 1);
                }
                Token::AmPm => {
                    let word = cell.get(at..at + 2)?.to_ascii_lowercase();
                    parts.pm = Some(match word.as_str() {
                        "am" => false,
                        "pm" => true,
                        _ => return None,
                    });
                    at += 2;
                }
                Token::Offset => {
                    let end = cell[at..]
                        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '+' | '-' | ':' | 'Z')))
                        .map_or(b.len(), |i| at + i);
                    parts.offset = parse_offset(&b[at..end])?;
                    at = end;
                }
            }
        }
        (at == b.len()).then_some(parts)
    }

    /// Reads a date (days since 1970-01-01).
    pub fn date(&self, cell: &str) -> Option<i64> {
        if let Some((a, b)) = self.day_first {
            let bytes = cell.as_bytes();
            if bytes.len() == 10
                && bytes[2] == a
                && bytes[5] == b
                && let (Some(day), Some(month), Some(year)) = (
                    digits(bytes, 2),
                    digits(&bytes[3..], 2),
                    digits(&bytes[6..], 4),
                )
            {
                return days_from_civil(i64::from(year), month, day);
            }
        }
        let parts = self.parts(cell)?;
        days_from_civil(parts.year?, parts.month?, parts.day.unwrap_or(1))
    }

    /// Reads a datetime (microseconds since the epoch, UTC).
    pub fn datetime(&self, cell: &str) -> Option<i64> {
        let parts = self.parts(cell)?;
        let days = days_from_civil(parts.year?, parts.month?, parts.day.unwrap_or(1))?;
        Some(days * 86_400_000_000 + clock(&parts)? - parts.offset)
    }

    /// Reads a time of day (microseconds since midnight).
    pub fn time(&self, cell: &str) -> Option<i64> {
        let parts = self.parts(cell)?;
        Some(clock(&parts)? - parts.offset)
    }
}

fn clock(parts: &Parts) -> Option<i64> {
    let mut hour = parts.hour.unwrap_or(0);
    if let Some(pm) = parts.pm {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = match (pm, hour) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
    }
    if hour > 23 || parts.minute > 59 || parts.second > 60 {
        return None;
    }
    Some(
        (i64::from(hour) * 3600 + i64::from(parts.minute) * 60 + i64::from(parts.second))
            * 1_000_000
            + parts.micros,
    )
}

/// Whether `cell` looks like an email address: one `@`, a local part, and a dotted domain.
pub fn is_email(cell: &str) -> bool {
    let Some((local, domain)) = cell.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !cell.contains(char::is_whitespace)
}

/// Whether `cell` looks like a URI: a scheme (`https:`, `mailto:`…) then something.
pub fn is_uri(cell: &str) -> bool {
    let Some((scheme, rest)) = cell.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !cell.contains(char::is_whitespace)
}

/// Whether `cell` is a UUID (`8-4-4-4-12` hexadecimal digits).
pub fn is_uuid(cell: &str) -> bool {
    let b = cell.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        let plain = NumberFormat::default();
        assert_eq!(parse_integer("42", &plain), Some(42));
        assert_eq!(parse_integer("-7", &plain), Some(-7));
        assert_eq!(parse_integer("1.234", &plain), None);
        let dots = NumberFormat {
            group: Some('.'),
            ..plain
        };
        assert_eq!(parse_integer("1.234.567", &dots), Some(1_234_567));
        assert_eq!(parse_integer("12.34", &dots), None);
        let loose = NumberFormat {
            bare: false,
            ..dots
        };
        assert_eq!(parse_integer("$ 1.500", &loose), Some(1500));
        assert_eq!(parse_integer("x", &plain), None);
        assert_eq!(parse_integer("", &plain), None);
        assert_eq!(parse_integer("-", &plain), None);
    }

    #[test]
    fn numbers() {
        let plain = NumberFormat::default();
        assert_eq!(parse_number("3.5", &plain), Some(3.5));
        assert_eq!(parse_number("-1e3", &plain), Some(-1000.0));
        assert_eq!(parse_number(".5", &plain), Some(0.5));
        assert_eq!(parse_number("3,5", &plain), None);
        assert_eq!(parse_number("inf", &plain), Some(f64::INFINITY));
        assert_eq!(parse_number("infinity", &plain), None);
        let chile = NumberFormat {
            decimal: ',',
            group: Some('.'),
            bare: true,
        };
        assert_eq!(parse_number("1.234.567,89", &chile), Some(1_234_567.89));
        assert_eq!(parse_number("0,5", &chile), Some(0.5));
        assert_eq!(parse_number("1.23,4", &chile), None);
        assert_eq!(parse_number("1.2345,4", &chile), None);
        assert_eq!(parse_number("1234,5", &chile), Some(1234.5));
        assert_eq!(parse_number("0,1", &chile), Some(0.1));
        assert_eq!(parse_number("5,", &chile), Some(5.0));
        assert_eq!(parse_number(",5", &chile), Some(0.5));
        assert_eq!(
            parse_number("1234567890123456,5", &chile),
            Some(1234567890123456.5)
        );
        let percent = NumberFormat {
            bare: false,
            ..chile
        };
        assert_eq!(parse_number("15,5 %", &percent), Some(15.5));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_iso_date("1970-01-01"), Some(0));
        assert_eq!(parse_iso_date("2024-02-29"), Some(19_782));
        assert_eq!(parse_iso_date("2023-02-29"), None);
        assert_eq!(parse_iso_date("2023-13-01"), None);
        let chile = Pattern::compile("%d-%m-%Y").unwrap();
        assert_eq!(chile.date("29-02-2024"), Some(19_782));
        assert_eq!(chile.date("1-3-2024"), parse_iso_date("2024-03-01"));
        assert_eq!(chile.date("31-04-2024"), None);
        assert_eq!(chile.date("2024-03-01"), None);
        assert_eq!(chile.date("01-03-2024"), parse_iso_date("2024-03-01"));
        assert_eq!(chile.date("0a-03-2024"), None);
        assert_eq!(chile.date("01/03/2024"), None);
        let named = Pattern::compile("%d de %B de %Y").unwrap();
        assert_eq!(
            named.date("1 de marzo de 2024"),
            parse_iso_date("2024-03-01")
        );
        assert!(Pattern::compile("%Q").is_none());
    }

    #[test]
    fn civil_dates_round_trip() {
        for days in [-25_569, -1, 0, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), Some(days));
        }
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }

    #[test]
    fn datetimes_and_times() {
        assert_eq!(parse_iso_datetime("1970-01-01T00:00:01Z"), Some(1_000_000));
        assert_eq!(
            parse_iso_datetime("1970-01-01T01:00:00+01:00"),
            Some(0),
            "offsets are applied"
        );
        assert_eq!(parse_iso_datetime("1970-01-01 00:00"), Some(0));
        assert_eq!(parse_iso_datetime("1970-01-01T25:00:00"), None);
        assert_eq!(parse_iso_time("10:30:00"), Some(37_800_000_000));
        assert_eq!(parse_iso_time("10:30"), None);
        let p = Pattern::compile("%d/%m/%Y %H:%M").unwrap();
        assert_eq!(p.datetime("01/01/1970 00:01"), Some(60_000_000));
        let ampm = Pattern::compile("%I:%M %p").unwrap();
        assert_eq!(ampm.time("12:00 AM"), Some(0));
        assert_eq!(ampm.time("01:00 PM"), Some(13 * 3_600_000_000));
    }

    #[test]
    fn other_types() {
        assert_eq!(parse_year("2024"), Some(2024));
        assert_eq!(parse_year("24"), None);
        assert_eq!(parse_yearmonth("2024-03"), Some(2024 * 12 + 2));
        assert_eq!(parse_yearmonth("2024-13"), None);
        assert_eq!(parse_duration("P1Y2M"), Some((14, 0)));
        assert_eq!(parse_duration("PT1H30M"), Some((0, 5_400_000_000)));
        assert_eq!(parse_duration("P"), None);
        assert_eq!(parse_duration("P1H"), None);
        assert_eq!(
            parse_geopoint("-70.6, -33.4", "default"),
            Some((-70.6, -33.4))
        );
        assert_eq!(
            parse_geopoint("[-70.6, -33.4]", "array"),
            Some((-70.6, -33.4))
        );
        assert_eq!(parse_geopoint("200, 0", "default"), None);
        assert!(is_email("ana@municipalidad.cl"));
        assert!(!is_email("ana@cl"));
        assert!(is_uri("https://datos.gob.cl"));
        assert!(!is_uri("datos.gob.cl"));
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
    }

    #[test]
    fn keys_match_equal_values() {
        assert_eq!(Value::Integer(1).key(), Value::Number(1.0).key());
        assert_ne!(Value::Integer(1).key(), Value::Integer(2).key());
        assert_eq!(Value::Text.key(), None);
    }
}
