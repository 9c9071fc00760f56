//! Identifiers written inside free text ("contactar a juan.perez@gmail.com", "RUT 12.345.678-5
//! llamar al 9 8765 4321"): found as spans, validated like whole cells, and masked in place.

use crate::{email, mask, phone, rut, shapes};
use regex::Regex;
use std::sync::OnceLock;

/// What was found inside a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A person's RUT/RUN (check digit valid, body below 50 million).
    Rut,
    /// A person's e-mail address (free-mail, or a name at a private domain).
    Email,
    /// A public official's work address (`nombre.apellido@servicio.gob.cl`): personal data
    /// often published by law, so a warning rather than an error.
    OfficialEmail,
    /// A mobile number.
    Phone,
    /// A payment card number.
    Card,
}

impl Kind {
    /// The category id of what was found.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Rut => "rut",
            Kind::Email | Kind::OfficialEmail => "email",
            Kind::Phone => "phone",
            Kind::Card => "credit-card",
        }
    }
}

fn pattern() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<email>[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.[A-Za-z]{2,24})
            | (?P<rut>\b[0-9]{1,2}\.[0-9]{3}\.[0-9]{3}\s?-\s?[0-9kK]\b | \b[0-9]{7,8}-[0-9kK]\b)
            | (?P<card>\b[0-9]{4}[\ \-][0-9]{4}[\ \-][0-9]{4}[\ \-][0-9]{4}\b | \b3[47][0-9]{2}[\ \-][0-9]{6}[\ \-][0-9]{5}\b | \b[0-9]{15,16}\b)
            | (?P<phone>(?:\+?56[\s.\-]?)?\b9[\s.\-]?[0-9]{4}[\s.\-]?[0-9]{4}\b)",
        )
        .ok()
    })
    .as_ref()
}

/// Whether a text could hold an identifier at all: an `@`, or seven digits. Most cells of a
/// free-text column fail this and cost no more than one look at their bytes.
fn worth_scanning(text: &str) -> bool {
    let bytes = text.as_bytes();
    // memchr, then a digit count in byte-sized counters (which vectorises without widening).
    bytes.contains(&b'@')
        || bytes.chunks(255).any(|chunk| {
            chunk
                .iter()
                .fold(0u8, |n, b| n + u8::from(b.is_ascii_digit()))
                >= 7
        })
}

/// The identifiers in a text, as (kind, byte range, mask).
pub fn scan(text: &str) -> Vec<(Kind, std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    let Some(re) = pattern().filter(|_| worth_scanning(text)) else {
        return found;
    };
    for caps in re.captures_iter(text) {
        if let Some(m) = caps.name("email") {
            if let Some((local, domain)) = email::parse(m.as_str()) {
                let kind = match email::mailbox(local, domain) {
                    email::Mailbox::Personal => Kind::Email,
                    email::Mailbox::Official => Kind::OfficialEmail,
                    email::Mailbox::Institutional => continue,
                };
                found.push((kind, m.range(), mask::email(local, domain)));
            }
        } else if let Some(m) = caps.name("rut") {
            if let Some((body, digit)) = rut::parse(m.as_str())
                && rut::holder(body) == rut::Holder::Person
            {
                found.push((Kind::Rut, m.range(), mask::rut(body, digit)));
            }
        } else if let Some(m) = caps.name("card") {
            // Written as cards are (4-4-4-4, Amex 4-6-5, or 15–16 digits together).
            if shapes::is_card(m.as_str()) {
                found.push((Kind::Card, m.range(), mask::other(m.as_str())));
            }
        } else if let Some(m) = caps.name("phone")
            && phone::classify(m.as_str()).is_some_and(phone::Line::is_personal)
        {
            found.push((Kind::Phone, m.range(), mask::phone(m.as_str())));
        }
    }
    found
}

/// The text with every identifier found replaced by its mask, and the kinds found.
pub fn mask_text(text: &str) -> (String, Vec<Kind>) {
    let found = scan(text);
    if found.is_empty() {
        return (text.to_owned(), Vec::new());
    }
    let mut masked = String::with_capacity(text.len());
    let mut kinds = Vec::new();
    let mut at = 0;
    for (kind, range, replacement) in found {
        masked.push_str(text.get(at..range.start).unwrap_or(""));
        masked.push_str(&replacement);
        at = range.end;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    masked.push_str(text.get(at..).unwrap_or(""));
    kinds.sort();
    (masked, kinds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_in_text_are_found_and_masked() {
        let (masked, kinds) = mask_text(
            "Contactar a juan.perez@gmail.com o al +56 9 8765 4321; RUT 12.345.678-5, tarjeta 4111 1111 1111 1111",
        );
        assert_eq!(kinds, [Kind::Rut, Kind::Email, Kind::Phone, Kind::Card]);
        assert!(!masked.contains("perez"), "{masked}");
        assert!(!masked.contains("8765"), "{masked}");
        assert!(!masked.contains("345.678"), "{masked}");
        assert!(!masked.contains("1111 1111"), "{masked}");
        assert!(masked.starts_with("Contactar a j***@gmail.com o al +56 9 **** **21"));
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in [
            "Escribir a contacto@municipalidad.cl para más información",
            "Presupuesto 2024: $1.234.567.890 en 12 cuotas",
            "Ley 21.719, artículo 2, versión 1.2.3",
            "Folio 12345678-1 del expediente",
        ] {
            let (masked, kinds) = mask_text(text);
            assert!(kinds.is_empty(), "{text}: {kinds:?}");
            assert_eq!(masked, text);
        }
    }
}
