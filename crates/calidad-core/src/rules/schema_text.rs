//! Message pieces shared by the Table Schema codes.

use crate::finding::{Detail, Finding};
use crate::lang::Lang;

/// `una fecha (%d-%m-%Y)` / `a date (%d-%m-%Y)`: the expected type in words.
pub(crate) fn type_phrase(finding: &Finding, lang: Lang) -> String {
    let Detail::TypeMismatch { kind, format } = &finding.detail else {
        return String::new();
    };
    let words = match (*kind, lang) {
        ("integer", Lang::Es) => "un número entero",
        ("integer", Lang::En) => "an integer",
        ("number", Lang::Es) => "un número",
        ("number", Lang::En) => "a number",
        ("boolean", Lang::Es) => "un valor verdadero/falso",
        ("boolean", Lang::En) => "a true/false value",
        ("date", Lang::Es) => "una fecha",
        ("date", Lang::En) => "a date",
        ("datetime", Lang::Es) => "una fecha y hora",
        ("datetime", Lang::En) => "a date and time",
        ("time", Lang::Es) => "una hora",
        ("time", Lang::En) => "a time",
        ("year", Lang::Es) => "un año",
        ("year", Lang::En) => "a year",
        ("yearmonth", Lang::Es) => "un año-mes",
        ("yearmonth", Lang::En) => "a year-month",
        ("duration", Lang::Es) => "una duración ISO 8601",
        ("duration", Lang::En) => "an ISO 8601 duration",
        ("geopoint", Lang::Es) => "un punto geográfico",
        ("geopoint", Lang::En) => "a geographic point",
        ("object", Lang::Es) => "un objeto JSON",
        ("object", Lang::En) => "a JSON object",
        ("array", Lang::Es) => "un arreglo JSON",
        ("array", Lang::En) => "a JSON array",
        ("list", Lang::Es) => "una lista",
        ("list", Lang::En) => "a list",
        ("geojson", Lang::Es) => "un objeto GeoJSON",
        ("geojson", Lang::En) => "a GeoJSON object",
        (_, Lang::Es) => "un texto válido",
        (_, Lang::En) => "valid text",
    };
    if format.is_empty() || format == "default" {
        words.to_owned()
    } else if let Some(said) = pattern_in_words(format, lang) {
        format!("{words} ({said})")
    } else {
        format!("{words} ({format})")
    }
}

/// A date or time pattern in words with an example: `%d-%m-%Y` is "día-mes-año, como
/// 31-12-2024". `None` for a pattern with other directives (shown as written).
pub(crate) fn pattern_in_words(pattern: &str, lang: Lang) -> Option<String> {
    let mut words = String::new();
    let mut example = String::new();
    let mut chars = pattern.chars();
    // Two directives side by side (`%Y%m%d`) get a space between their words.
    let mut after_directive = false;
    while let Some(c) = chars.next() {
        if c != '%' {
            words.push(c);
            example.push(c);
            after_directive = false;
            continue;
        }
        if after_directive {
            words.push(' ');
        }
        after_directive = true;
        let (word, sample) = match (chars.next()?, lang) {
            ('d', Lang::Es) => ("día", "31"),
            ('d', Lang::En) => ("day", "31"),
            ('m', Lang::Es) => ("mes", "12"),
            ('m', Lang::En) => ("month", "12"),
            ('Y', Lang::Es) => ("año", "2024"),
            ('Y', Lang::En) => ("year", "2024"),
            ('y', Lang::Es) => ("año en dos cifras", "24"),
            ('y', Lang::En) => ("two-digit year", "24"),
            ('H', Lang::Es) => ("hora", "23"),
            ('H', Lang::En) => ("hour", "23"),
            ('M', Lang::Es) => ("minuto", "59"),
            ('M', Lang::En) => ("minute", "59"),
            ('S', Lang::Es) => ("segundo", "58"),
            ('S', Lang::En) => ("second", "58"),
            _ => return None,
        };
        words.push_str(word);
        example.push_str(sample);
    }
    Some(match lang {
        Lang::Es => format!("{words}, como {example}"),
        Lang::En => format!("{words}, like {example}"),
    })
}

/// The note of a type error: the type and format expected.
pub(crate) fn type_note(finding: &Finding, _lang: Lang) -> String {
    match &finding.detail {
        Detail::TypeMismatch { kind, format } => format!("type is \"{kind}/{format}\""),
        _ => String::new(),
    }
}

/// `maximum 120` / `required`: the broken constraint.
pub(crate) fn constraint_phrase(finding: &Finding) -> String {
    match &finding.detail {
        Detail::Constraint { name, bound } if bound.is_empty() => (*name).to_owned(),
        Detail::Constraint { name, bound } => format!("{name} {bound:?}"),
        _ => String::new(),
    }
}

/// The note of a constraint error, as Frictionless writes it.
pub(crate) fn constraint_note(finding: &Finding, _lang: Lang) -> String {
    match &finding.detail {
        Detail::Constraint { name, bound } if bound.is_empty() => {
            format!("constraint \"{name}\" is \"True\"")
        }
        Detail::Constraint { name, bound } => format!("constraint \"{name}\" is \"{bound}\""),
        _ => String::new(),
    }
}

/// The row where a repeated key or row first appears (0 when unknown).
pub(crate) fn first(finding: &Finding) -> u64 {
    match finding.detail {
        Detail::Repeat { first: Some(first) } => first,
        _ => 0,
    }
}

/// The note of repeat findings: where the first occurrence is.
pub(crate) fn first_note(finding: &Finding, lang: Lang) -> String {
    match finding.detail {
        Detail::Repeat { first: Some(first) } => match lang {
            Lang::Es => format!("igual a la fila {first}"),
            Lang::En => format!("the same as row {first}"),
        },
        Detail::Repeat { first: None } => match lang {
            Lang::Es => "todos los campos de la clave están vacíos".to_owned(),
            Lang::En => "every field of the key is empty".to_owned(),
        },
        _ => String::new(),
    }
}

/// The message of `primary-key`: a missing key or a repeated one.
pub(crate) fn key_message(finding: &Finding, lang: Lang) -> String {
    let row = crate::rules::row(finding);
    match (finding.detail.clone(), lang) {
        (Detail::Repeat { first: Some(first) }, Lang::Es) => {
            format!("La fila {row} repite la clave primaria de la fila {first}")
        }
        (Detail::Repeat { first: Some(first) }, Lang::En) => {
            format!("Row {row} repeats the primary key of row {first}")
        }
        (_, Lang::Es) => {
            format!("La fila {row} no tiene clave primaria (todos sus campos están vacíos)")
        }
        (_, Lang::En) => format!("Row {row} has no primary key (all its fields are empty)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_in_words() {
        assert_eq!(
            pattern_in_words("%d-%m-%Y", Lang::Es).as_deref(),
            Some("día-mes-año, como 31-12-2024")
        );
        assert_eq!(
            pattern_in_words("%Y%m%d", Lang::En).as_deref(),
            Some("year month day, like 20241231")
        );
        assert_eq!(
            pattern_in_words("%d/%m/%Y %H:%M", Lang::Es).as_deref(),
            Some("día/mes/año hora:minuto, como 31/12/2024 23:59")
        );
        assert_eq!(pattern_in_words("%j", Lang::Es), None);
    }
}
