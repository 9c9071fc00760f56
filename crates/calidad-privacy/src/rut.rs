//! RUT / RUN: Chile's tax and national identity number, `12.345.678-5`. The check digit is
//! modulo 11 over the body's digits weighted 2, 3, 4, 5, 6, 7, 2, 3… from the right; `10` is
//! written `K`. A random body with a random digit passes 1 time in 11, so one value proves
//! little: columns are judged on ratios far above that.

/// Bodies below this belong to natural persons (RUN).
pub const PERSON_LIMIT: u32 = 50_000_000;
/// Bodies from this up belong to legal entities (companies, public bodies).
pub const ENTITY_FROM: u32 = 60_000_000;

/// Whom a RUT belongs to, by its body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// A natural person (body below 50,000,000): personal data.
    Person,
    /// Between 50 and 60 million: not assigned clearly either way.
    Ambiguous,
    /// A company or public body (60,000,000 and up).
    Entity,
}

/// The check digit of `body`: `'0'`–`'9'` or `'K'`.
pub fn check_digit(mut body: u32) -> char {
    let (mut sum, mut weight) = (0u32, 2u32);
    while body > 0 {
        sum += (body % 10) * weight;
        body /= 10;
        weight = if weight == 7 { 2 } else { weight + 1 };
    }
    match 11 - (sum % 11) {
        11 => '0',
        10 => 'K',
        d => char::from_digit(d, 10).unwrap_or('?'),
    }
}

/// A valid RUT read from a cell: `12.345.678-5`, `12345678-5`, `123456785`, `15871597k`
/// (dots, dash, spaces and no-break spaces are ignored). `None` when the shape is wrong or the
/// check digit does not match.
pub fn parse(cell: &str) -> Option<(u32, char)> {
    let mut compact = String::with_capacity(12);
    // Zero-padded (`016.123.456-3`, as some exports write every RUT with nine body digits).
    let cell = cell.trim_start().trim_start_matches('0');
    for c in cell.chars() {
        match c {
            '.' | '-' | ' ' | '\u{a0}' => {}
            c if c.is_ascii_alphanumeric() => compact.push(c.to_ascii_uppercase()),
            _ => return None,
        }
        if compact.len() > 9 {
            return None;
        }
    }
    if compact.len() < 2 {
        return None;
    }
    let (body, digit) = compact.split_at(compact.len() - 1);
    let digit = digit.chars().next()?;
    if !body.bytes().all(|b| b.is_ascii_digit()) || !(digit.is_ascii_digit() || digit == 'K') {
        return None;
    }
    let body: u32 = body.parse().ok()?;
    (body > 0 && check_digit(body) == digit).then_some((body, digit))
}

/// Whom a body belongs to.
pub fn holder(body: u32) -> Holder {
    if body < PERSON_LIMIT {
        Holder::Person
    } else if body < ENTITY_FROM {
        Holder::Ambiguous
    } else {
        Holder::Entity
    }
}

/// Whether `cell` has a RUT's written shape (dotted `12.345.678-5` or dashed `12345678-5`),
/// before its digit is checked. Compact digits alone (`123456785`) are not a shape: any
/// 8–9 digit number would be one.
pub fn has_rut_shape(cell: &str) -> bool {
    let cell = cell.trim();
    let Some((body, digit)) = cell.rsplit_once('-') else {
        return false;
    };
    let digit = digit.trim();
    if digit.len() != 1
        || !digit
            .chars()
            .all(|c| c.is_ascii_digit() || c == 'k' || c == 'K')
    {
        return false;
    }
    let body = body.trim_end();
    if body.contains('.') {
        let groups: Vec<&str> = body.split('.').collect();
        groups.len() == 3
            && (1..=2).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
    } else {
        (6..=8).contains(&body.len()) && body.bytes().all(|b| b.is_ascii_digit())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_of_the_spec() {
        let vectors = [
            (12_345_678, '5'),
            (9_928_560, '5'),
            (15_871_597, 'K'),
            (76_182_124, '5'),
            (77_175_361, '2'),
            (80_028_522, '4'),
            (17_298_356, '1'),
            (8_900_960, 'K'),
            (11_111_111, '1'),
            (22_222_222, '2'),
            (50_000_000, '7'),
            (99_999_999, '9'),
            (999_999, 'K'),
            (1_000_000, '9'),
            (1, '9'),
        ];
        for (body, digit) in vectors {
            assert_eq!(check_digit(body), digit, "{body}");
        }
    }

    #[test]
    fn parsing_accepts_the_usual_shapes_and_rejects_wrong_digits() {
        assert_eq!(parse("12.345.678-5"), Some((12_345_678, '5')));
        assert_eq!(parse("9928560-5"), Some((9_928_560, '5')));
        assert_eq!(parse("15871597k"), Some((15_871_597, 'K')));
        assert_eq!(parse("123456785"), Some((12_345_678, '5')));
        assert_eq!(parse(" 77.175.361 - 2 "), Some((77_175_361, '2')));
        assert_eq!(parse("76.182.124-8"), None);
        assert_eq!(parse("12.345.678-K"), None);
        assert_eq!(parse("1.234.567,89"), None);
        assert_eq!(parse("abc"), None);
        assert_eq!(parse("0-0"), None);
        assert_eq!(parse("1234567890123"), None);
        assert_eq!(parse("中国人"), None);
        assert_eq!(parse("SSµ"), None);
        assert_eq!(parse("1µ"), None);
    }

    #[test]
    fn holders_and_shapes() {
        assert_eq!(holder(12_345_678), Holder::Person);
        assert_eq!(holder(55_000_000), Holder::Ambiguous);
        assert_eq!(holder(76_182_124), Holder::Entity);
        assert!(has_rut_shape("12.345.678-5"));
        assert!(has_rut_shape("12345678-K"));
        assert!(!has_rut_shape("123456785"));
        assert!(!has_rut_shape("1.234.567"));
        assert!(!has_rut_shape("2024-01"));
    }

    #[test]
    fn chance_passes_about_one_in_eleven() {
        // A deterministic sweep over bodies with a fixed wrong-or-right digit: the digit '5'
        // is right for close to 1/11 of them.
        let hits = (10_000_000u32..10_110_000)
            .filter(|body| check_digit(*body) == '5')
            .count();
        let rate = hits as f64 / 110_000.0;
        assert!((0.085..0.097).contains(&rate), "{rate}");
    }
}
