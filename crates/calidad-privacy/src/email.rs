//! E-mail addresses, told apart as a person's (free-mail domains, `nombre.apellido@…`) or an
//! institution's role mailbox (`contacto@`, `oirs@`, `transparencia@`).

/// Domains of free mail services: a mailbox there belongs to a person.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "hotmail.com",
    "hotmail.cl",
    "hotmail.es",
    "outlook.com",
    "outlook.cl",
    "live.cl",
    "live.com",
    "yahoo.com",
    "yahoo.es",
    "yahoo.cl",
    "icloud.com",
    "vtr.net",
    "terra.cl",
    "protonmail.com",
];

/// Local parts of role mailboxes: an institution's, not a person's.
const ROLE_MAILBOXES: &[&str] = &[
    "contacto",
    "info",
    "informaciones",
    "oirs",
    "transparencia",
    "oficinadepartes",
    "partes",
    "secretaria",
    "ventas",
    "soporte",
    "admin",
    "webmaster",
    "prensa",
    "comunicaciones",
    "noreply",
    "no-reply",
    "consultas",
    "atencion",
    "mesadeayuda",
    "datos",
    "datosabiertos",
    "opendata",
];

/// Whose mailbox an address is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mailbox {
    /// A person's: free-mail domain, or a name-like local part elsewhere.
    Personal,
    /// A public official's work address (`nombre.apellido@…gob.cl`): personal data, but often
    /// published by law (Transparencia Activa).
    Official,
    /// A role mailbox of an institution.
    Institutional,
}

/// Splits a whole cell that is exactly one valid e-mail address into (local part, domain).
pub fn parse(cell: &str) -> Option<(&str, &str)> {
    let cell = cell.trim();
    let (local, domain) = cell.split_once('@')?;
    let valid_local = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'));
    let labels: Vec<&str> = domain.split('.').collect();
    let valid_domain = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| {
            (2..=24).contains(&tld.len()) && tld.chars().all(char::is_alphabetic)
        });
    (valid_local && valid_domain).then_some((local, domain))
}

/// Whose mailbox `local@domain` is.
pub fn mailbox(local: &str, domain: &str) -> Mailbox {
    let local = local.to_lowercase();
    let domain = domain.to_lowercase();
    if FREE_MAIL.contains(&domain.as_str()) {
        return Mailbox::Personal;
    }
    if ROLE_MAILBOXES.contains(&local.as_str()) {
        return Mailbox::Institutional;
    }
    // Chilean institutions, and any country's government (`jus.gob.ar`, `x.gov.uk`, `x.gov`).
    let government = domain
        .split('.')
        .any(|label| label == "gob" || label == "gov");
    if domain.ends_with(".cl") || government {
        return Mailbox::Official;
    }
    Mailbox::Personal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_whose_they_are() {
        let personal = parse("maria.gonzalez@gmail.com").unwrap();
        assert_eq!(mailbox(personal.0, personal.1), Mailbox::Personal);
        let role = parse("OIRS@minsal.cl").unwrap();
        assert_eq!(mailbox(role.0, role.1), Mailbox::Institutional);
        let official = parse("juan.perez@subdere.gob.cl").unwrap();
        assert_eq!(mailbox(official.0, official.1), Mailbox::Official);
        for address in [
            "cgonzalez@jus.gov.ar",
            "ana.lopez@saij.gob.ar",
            "j.smith@cdc.gov",
        ] {
            let (local, domain) = parse(address).unwrap();
            assert_eq!(mailbox(local, domain), Mailbox::Official, "{address}");
        }
        let (local, domain) = parse("datosabiertos@saij.gob.ar").unwrap();
        assert_eq!(mailbox(local, domain), Mailbox::Institutional);
        let (local, domain) = parse("ana@gobierno-falso.com").unwrap();
        assert_eq!(mailbox(local, domain), Mailbox::Personal);
        for bad in [
            "a@b",
            "@x.cl",
            "a..b@x.cl",
            "a b@x.cl",
            "x@dominio.c0m",
            "no es correo",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
