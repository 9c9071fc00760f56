//! Whole-cell recognisers for the identifiers that have a shape: vehicle plates, payment cards
//! (Luhn and a known issuer), IP addresses, dates (a real calendar day), identity-document
//! numbers, bank accounts, street addresses and coordinates inside Chile.

use regex::Regex;
use std::sync::OnceLock;

/// A Chilean plate: `BBCL12` (four consonants, two digits, since 2007) or `AB1234` (two
/// letters, four digits), with or without separators.
pub fn is_plate(cell: &str) -> bool {
    let compact: Vec<char> = cell
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '·'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.len() != 6 {
        return false;
    }
    let consonant = |c: &char| "BCDFGHJKLPRSTVWXYZ".contains(*c);
    let new = compact[..4].iter().all(consonant) && compact[4..].iter().all(char::is_ascii_digit);
    let old = compact[..2]
        .iter()
        .all(|c| c.is_ascii_uppercase() && !"IÑQ".contains(*c))
        && compact[2..].iter().all(char::is_ascii_digit);
    new || old
}

/// A payment card number: 12 to 19 digits (spaces or dashes between them), a valid Luhn
/// checksum, an issuer prefix in use, and not one digit repeated.
pub fn is_card(cell: &str) -> bool {
    let cell = cell.trim();
    if cell.is_empty()
        || !cell
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
    {
        return false;
    }
    let digits: Vec<u8> = cell
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    (12..=19).contains(&digits.len())
        && digits.iter().any(|d| *d != digits[0])
        && known_issuer(&digits)
        && luhn(&digits)
}

/// The Luhn checksum (ISO/IEC 7812) over digits.
pub fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = u32::from(*d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn known_issuer(digits: &[u8]) -> bool {
    let prefix = |n: usize| -> u32 {
        digits
            .iter()
            .take(n)
            .fold(0, |acc, d| acc * 10 + u32::from(*d))
    };
    let len = digits.len();
    match digits[0] {
        4 => matches!(len, 13 | 16 | 19),
        5 => (51..=55).contains(&prefix(2)) && len == 16 || (50..=59).contains(&prefix(2)),
        2 => (2221..=2720).contains(&prefix(4)) && len == 16,
        3 => {
            matches!(prefix(2), 34 | 37) && len == 15
                || (300..=305).contains(&prefix(3))
                || matches!(prefix(2), 36 | 38)
                || (3528..=3589).contains(&prefix(4))
        }
        6 => true,
        _ => false,
    }
}

/// An IPv4 or IPv6 address, and whether it is private (a network's own, not a person's line).
pub fn ip(cell: &str) -> Option<bool> {
    match cell.trim().parse::<std::net::IpAddr>().ok()? {
        std::net::IpAddr::V4(v4) => Some(v4.is_private() || v4.is_loopback() || v4.is_link_local()),
        std::net::IpAddr::V6(v6) => Some(v6.is_loopback()),
    }
}

/// A calendar date written day-first (`dd-mm-yyyy`, `dd/mm/yyyy`, `dd.mm.yyyy`) or ISO
/// (`yyyy-mm-dd`, with or without a time), as (year, month, day) when the day exists.
pub fn date(cell: &str) -> Option<(i32, u32, u32)> {
    let cell = cell.trim();
    let date_part = cell.split(['T', ' ']).next()?;
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = if a.len() == 4 {
        (number(a)?, number(b)?, number(c)?)
    } else if c.len() == 4 {
        (number(c)?, number(b)?, number(a)?)
    } else {
        return None;
    };
    let days = calidad_core::calendar::days_in_month(i64::from(year), month);
    let year = i32::try_from(year).ok()?;
    (1..=days).contains(&day).then_some((year, month, day))
}

/// Years of birth that fit a living person: 0 to 110 years before the year the run is judged
/// on (`--as-of`); without one, any year from 1900 to 2100.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BirthYears {
    /// The earliest.
    pub from: i32,
    /// The latest.
    pub to: i32,
}

impl Default for BirthYears {
    fn default() -> BirthYears {
        BirthYears::as_of(None)
    }
}

impl BirthYears {
    /// The years of living people's births as of `year` (`None`: unknown).
    pub fn as_of(year: Option<i64>) -> BirthYears {
        match year.and_then(|y| i32::try_from(y).ok()) {
            Some(year) => BirthYears {
                from: year - 110,
                to: year,
            },
            None => BirthYears {
                from: 1900,
                to: 2100,
            },
        }
    }
}

/// A date whose year makes its holder 0 to 110 years old.
pub fn is_birth_like(cell: &str, years: BirthYears) -> bool {
    date(cell).is_some_and(|(year, ..)| (years.from..=years.to).contains(&year))
}

/// An identity-document or passport number: `123.456.789`, `123456789`, or one or two letters
/// then 6 to 9 digits. Only meaningful under a header that names the document.
pub fn is_id_document(cell: &str) -> bool {
    let compact: String = cell.trim().chars().filter(|c| *c != '.').collect();
    let letters = compact
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .count();
    let digits = &compact[letters..];
    digits.bytes().all(|b| b.is_ascii_digit())
        && match letters {
            0 => digits.len() == 9,
            1 | 2 => (6..=9).contains(&digits.len()),
            _ => false,
        }
}

/// A bank account number: 6 to 20 digits and dashes, at least 6 digits. Only meaningful under
/// a header that names an account.
pub fn is_bank_account(cell: &str) -> bool {
    let cell = cell.trim();
    (6..=20).contains(&cell.len())
        && cell.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        && cell.bytes().filter(u8::is_ascii_digit).count() >= 6
}

/// An address pattern, compiled in two forms: *loose*, the street's name of any length, and
/// *exact*, `shortest..=longest` characters. Only the loose form is compiled unless it finds a
/// name longer than the bound: a bounded repetition of a Unicode class compiles into one copy
/// per character (20 ms of a 1-row file's start-up), and the bound rarely decides.
struct AddressPattern {
    /// What comes before the name (the street word, for [`STREET`]).
    head: &'static str,
    /// The characters a name is made of.
    name: &'static str,
    shortest: usize,
    longest: usize,
    /// Whether the name is taken as short as the pattern allows (`{n,m}?`).
    lazy: bool,
    /// What comes after the name (the house number).
    tail: &'static str,
    loose: OnceLock<Option<Regex>>,
    exact: OnceLock<Option<Regex>>,
}

static STREET: AddressPattern = AddressPattern {
    // Longer words first: the regex crate takes the leftmost alternative that matches.
    head: r"(?i)\b(?:calle|avenida|avda\.?|av\.?|pasaje|psje\.?|pje\.?|camino|callej[oó]n|diagonal|paseo|alameda|villa|poblaci[oó]n|pobl\.?|condominio|parcela|lote|sitio)\s+",
    name: r"[\p{L}0-9'’.\- ]",
    shortest: 2,
    longest: 60,
    lazy: true,
    tail: r"\s*(?:n[°º]?\.?\s*|#\s*|nro\.?\s*)?(?:[0-9]{1,5}|s/n)\b",
    loose: OnceLock::new(),
    exact: OnceLock::new(),
};

static STREET_WITHOUT_PREFIX: AddressPattern = AddressPattern {
    head: r"(?i)^",
    name: r"[\p{L}'’. ]",
    shortest: 3,
    longest: 40,
    lazy: false,
    tail: r"\s+(?:n[°º]?\.?\s*|#\s*)?[0-9]{1,5}(?:\s*,?\s*(?:depto\.?|dpto\.?|of\.?|oficina|casa|piso|block|local)\s*[0-9a-z\-]{1,6})?$",
    loose: OnceLock::new(),
    exact: OnceLock::new(),
};

impl AddressPattern {
    /// The pattern's text, the name's length bounded or not.
    fn pattern(&self, bounded: bool) -> String {
        let (head, name, shortest, tail) = (self.head, self.name, self.shortest, self.tail);
        let longest = if bounded {
            self.longest.to_string()
        } else {
            String::new()
        };
        let lazy = if self.lazy { "?" } else { "" };
        format!("{head}(?P<name>{name}{{{shortest},{longest}}}{lazy}){tail}")
    }

    /// A compiled form (`None` only if the pattern itself were wrong, which the tests below
    /// would catch).
    fn compiled(&self, bounded: bool) -> Option<&Regex> {
        let cell = if bounded { &self.exact } else { &self.loose };
        cell.get_or_init(|| Regex::new(&self.pattern(bounded)).ok())
            .as_ref()
    }

    /// Whether `text` matches the exact form: every match of it is one of the loose form, so
    /// no loose match is no match; a loose match whose name is within the bound is an exact one.
    fn is_match(&self, text: &str) -> bool {
        let Some(found) = self.compiled(false).and_then(|re| re.captures(text)) else {
            return false;
        };
        let within = found
            .name("name")
            .is_some_and(|name| name.as_str().chars().count() <= self.longest);
        within || self.compiled(true).is_some_and(|re| re.is_match(text))
    }
}

/// The beginnings of [`STREET`]'s words, lower case: a cell without any cannot match it, and is
/// answered without compiling it (its Unicode class is a millisecond of every report's start).
const STREET_WORDS: [&str; 16] = [
    "calle",
    "av",
    "pasaje",
    "psje",
    "pje",
    "camino",
    "callej",
    "diagonal",
    "paseo",
    "alameda",
    "villa",
    "pobl",
    "condominio",
    "parcela",
    "lote",
    "sitio",
];

fn may_name_a_street(cell: &str) -> bool {
    let lower = cell.to_ascii_lowercase();
    STREET_WORDS.iter().any(|word| lower.contains(word))
}

/// A street address with a house number (`Av. Irarrázaval 3450`, `Pasaje Los Aromos N° 123`).
/// Without a street word (`Los Aromos 123`) only when the header says it is an address:
/// `Diabetes tipo 2` has the same shape.
pub fn is_address(cell: &str, header_says_address: bool) -> bool {
    may_name_a_street(cell) && STREET.is_match(cell)
        || header_says_address && STREET_WITHOUT_PREFIX.is_match(cell.trim())
}

/// A coordinate inside Chile's bounding box (Rapa Nui included), with its decimals.
pub fn coordinate(cell: &str) -> Option<(f64, usize)> {
    let cell = cell.trim();
    let normalised = cell.replace(',', ".");
    let value: f64 = normalised.parse().ok()?;
    let decimals = normalised
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    let in_chile = (-56.0..=-17.0).contains(&value) || (-110.0..=-66.0).contains(&value);
    in_chile.then_some((value, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plates() {
        assert!(is_plate("BBCL12"));
        assert!(is_plate("bb·cl·12"));
        assert!(is_plate("AB-12-34"));
        assert!(!is_plate("AE1234X"));
        assert!(!is_plate("Patente comercial"));
        assert!(!is_plate("QQ1234"));
    }

    #[test]
    fn cards_by_luhn_and_issuer() {
        assert!(is_card("4111 1111 1111 1111"));
        assert!(is_card("5500-0000-0000-0004"));
        assert!(is_card("3782 822463 10005"));
        assert!(!is_card("4111 1111 1111 1112"));
        assert!(!is_card("0000 0000 0000 0000"));
        assert!(!is_card("9111111111111111"));
    }

    #[test]
    fn ips_and_dates() {
        assert_eq!(ip("200.27.10.5"), Some(false));
        assert_eq!(ip("192.168.0.1"), Some(true));
        assert_eq!(ip("IP_6"), None);
        assert_eq!(ip("12:30:45"), None);
        assert_eq!(date("29-02-2024"), Some((2024, 2, 29)));
        assert_eq!(date("29/02/2023"), None);
        assert_eq!(date("1985-07-14T00:00:00"), Some((1985, 7, 14)));
        assert_eq!(date("2020-13-01"), None);
        let years = BirthYears::as_of(Some(2026));
        assert!(is_birth_like("14.07.1985", years));
        assert!(!is_birth_like("14.07.1885", years));
        assert!(!is_birth_like("14.07.2027", years));
        assert!(is_birth_like("14.07.2027", BirthYears::as_of(None)));
    }

    #[test]
    fn documents_accounts_addresses_and_coordinates() {
        assert!(is_id_document("123.456.789"));
        assert!(is_id_document("A12345678"));
        assert!(!is_id_document("12345"));
        assert!(is_bank_account("00-123-45678-09"));
        assert!(!is_bank_account("Cuenta corriente"));
        assert!(is_address("Av. Irarrázaval 3450", false));
        assert!(is_address("Pasaje Los Aromos N° 123", false));
        assert!(is_address("Calle Prat s/n", false));
        assert!(!is_address("Diabetes tipo 2", false));
        assert!(is_address("Los Aromos 123, depto 502", true));
        assert!(!is_address("Región Metropolitana", true));
        assert_eq!(coordinate("-33,4372"), Some((-33.4372, 4)));
        assert_eq!(coordinate("-70.65"), Some((-70.65, 2)));
        assert_eq!(coordinate("12.5"), None);
    }

    /// The loose pattern and its bound answer exactly as the bounded pattern, around the bound
    /// too (names of 1 to 70 characters, with and without a street word, several streets in
    /// one text).
    #[test]
    fn addresses_answer_as_the_bounded_patterns() {
        let street = Regex::new(&STREET.pattern(true)).unwrap();
        let bare = Regex::new(&STREET_WITHOUT_PREFIX.pattern(true)).unwrap();
        // The bounded forms are the patterns as they were written before the loose ones.
        assert!(
            STREET
                .pattern(true)
                .contains(r"[\p{L}0-9'’.\- ]{2,60}?)\s*")
        );
        assert!(
            STREET_WITHOUT_PREFIX
                .pattern(true)
                .contains(r"^(?P<name>[\p{L}'’. ]{3,40})\s+")
        );
        let mut cells = Vec::new();
        for length in 1..=70 {
            let name: String = "Los Aromos de Ñuñoa Alto "
                .chars()
                .cycle()
                .take(length)
                .collect();
            for cell in [
                format!("Calle {name} 123"),
                format!("Av. {name} N° 45"),
                format!("Pasaje {name} s/n"),
                format!("{name} 123"),
                format!("{name} 123, depto 4"),
                format!("Calle {name} 12 y Calle Prat 34"),
                format!("Camino {name}"),
            ] {
                cells.push(cell);
            }
        }
        for cell in &cells {
            for header in [false, true] {
                let expected = street.is_match(cell) || header && bare.is_match(cell.trim());
                assert_eq!(is_address(cell, header), expected, "{cell:?} {header}");
            }
        }
    }
}
