//! Identifiers written inside free text ("contactar a juan.perez@gmail.com", "RUT 12.345.678-5
//! llamar al 9 8765 4321"): found as spans, validated like whole cells, and masked in place.

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
    /// A fixed line (masked in reports, not flagged: usually an institution's).
    Landline,
}

impl Kind {
    /// The category id of what was found.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Rut => "rut",
            Kind::Email | Kind::OfficialEmail => "email",
            Kind::Phone | Kind::Landline => "phone",
            Kind::Card => "credit-card",
        }
    }
}

/// The identifiers in a text that are a person's, as (kind, byte range, mask): the gate's
/// finder ([`crate::gate::identifiers_in`]), so what a free-text column is flagged for is
/// masked in any report. Landlines are left out (usually an institution's), and so are RUTs
/// written as bare digits with nothing saying they are RUTs (`Prevención 13201005`): codes
/// pass the check digit one time in eleven. The gate masks both all the same.
pub fn scan(text: &str) -> Vec<(Kind, std::ops::Range<usize>, String)> {
    crate::gate::identifiers_in(text)
        .into_iter()
        .filter(|found| found.kind != Kind::Landline && !found.bare)
        .map(|found| (found.kind, found.range, found.mask))
        .collect()
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
