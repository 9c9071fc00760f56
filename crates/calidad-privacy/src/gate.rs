//! The masking gate: what every string that leaves calidad passes through, whatever column it
//! came from. It finds personal identifiers by their values — RUT/RUN in every written form
//! (dotted, compact, zero-padded, after the word "RUT", with or without its check digit),
//! e-mail addresses, Chilean phone numbers (mobiles in every spacing, `+56` numbers), payment
//! cards — and people's full names where something shows they are a person's, and replaces each
//! with its mask. Masking too much in a report costs a clerk a look at the file; masking too
//! little publishes a person.
//!
//! Two modes: a *value* (a cell, a label, a field name) is masked whole when it reads as a
//! person's full name; a *text* (a message, a note, advice) only where a name comes with a
//! cue ("Paciente", "Sra.") or another identifier in the same text.

use crate::text::Kind;
use crate::{email, mask, names, phone, rut, shapes};
use regex::Regex;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// The identifiers' pattern, its e-mail part included only when the text has an `@`: that
/// part's Unicode classes are most of its compiling time, paid at a report's start.
const EMAIL: &str =
    r"(?P<email>[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.[A-Za-z]{2,24})";
const NUMBERS: &str = r"(?x)
            (?P<after>(?i:\bru[tn]\b)[\s:.\#°º]*(?:n[°º.]?\s*)?)(?P<rutnum>[0-9][0-9.\ ]{5,12}(?:\s?-\s?[0-9kK]|[0-9kK])?)
            | (?P<rut>\b0*[0-9]{1,2}\.[0-9]{3}\.[0-9]{3}\s?-\s?[0-9kK]\b
                | \b0*[0-9]{6,8}\s?-\s?[0-9kK]\b
                | \b0*[0-9]{7,8}[kK]\b
                | \b0*[0-9]{8,9}\b)
            | (?P<card>\b[0-9]{4}[\ \-][0-9]{4}[\ \-][0-9]{4}[\ \-][0-9]{4}\b | \b3[47][0-9]{2}[\ \-][0-9]{6}[\ \-][0-9]{5}\b | \b[0-9]{15,16}\b)
            | (?P<phone>(?:\+|\b)56[\s.\-]?\(?[0-9]{1,2}\)?[\s.\-]?[0-9]{3,4}[\s.\-]?[0-9]{4}\b
                | \b0?9[\s.\-]?[0-9]{4}[\s.\-]?[0-9]{4}\b
                | \(?\b0?[2-9][0-9]?\)?[\s.\-][0-9]{3,4}[\s.\-][0-9]{4}\b)";

fn identifiers(with_email: bool) -> Option<&'static Regex> {
    static WITH_EMAIL: OnceLock<Option<Regex>> = OnceLock::new();
    static WITHOUT: OnceLock<Option<Regex>> = OnceLock::new();
    if with_email {
        WITH_EMAIL
            .get_or_init(|| Regex::new(&format!("{EMAIL}|{NUMBERS}")).ok())
            .as_ref()
    } else {
        WITHOUT.get_or_init(|| Regex::new(NUMBERS).ok()).as_ref()
    }
}

/// The runs of capitalised words in `text`, as a full name would be written, left to right: a
/// capitalised word (an upper-case letter, then letters, apostrophes and hyphens, and an
/// optional dot) and one to five more, each after spaces and any particles (`de`, `del`, `la`,
/// `las`, `los`, `y`, `da`, `van`, `von`, any case). The runs the regular expression
/// [`CAPITALISED_RUNS`] finds (a test compares them), without compiling it: its Unicode classes
/// cost 2 ms at the start of every report.
fn capitalised_runs(text: &str) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut at = 0;
    while let Some((offset, _)) = text
        .get(at..)
        .and_then(|rest| rest.char_indices().find(|(_, c)| is_capital(*c)))
    {
        let start = at + offset;
        match run_from(text, start) {
            Some(end) => {
                runs.push(start..end);
                at = end;
            }
            None => at = start + text[start..].chars().next().map_or(1, char::len_utf8),
        }
    }
    runs
}

/// The pattern [`capitalised_runs`] follows, kept for its test.
#[cfg(test)]
const CAPITALISED_RUNS: &str = r"\p{Lu}[\p{L}'’\-]*\.?(?:\s+(?:(?i:de|del|la|las|los|y|da|van|von)\s+)*\p{Lu}[\p{L}'’\-]*\.?){1,5}";

const PARTICLE_WORDS: [&str; 9] = ["de", "del", "la", "las", "los", "y", "da", "van", "von"];

fn is_capital(c: char) -> bool {
    c.is_uppercase() && c.is_alphabetic()
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '\'' | '’' | '-')
}

/// The end of the capitalised word starting at `at`, if one does.
fn word_at(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let mut chars = rest.char_indices();
    if !chars.next().is_some_and(|(_, first)| is_capital(first)) {
        return None;
    }
    let mut end = chars
        .find(|(_, c)| !is_word_char(*c))
        .map_or(rest.len(), |(i, _)| i);
    if rest[end..].starts_with('.') {
        end += 1;
    }
    Some(at + end)
}

/// Where the spaces starting at `at` end, if there is at least one.
fn after_spaces(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let end = rest
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(rest.len(), |(i, _)| i);
    (end > 0).then_some(at + end)
}

/// The run starting at `start`: its end, when at least one more word follows the first.
fn run_from(text: &str, start: usize) -> Option<usize> {
    let mut end = word_at(text, start)?;
    let mut more = 0;
    while more < 5 {
        let Some(next) = next_word(text, end) else {
            break;
        };
        end = next;
        more += 1;
    }
    (more > 0).then_some(end)
}

/// After `at`: spaces, any particles each followed by spaces, and a capitalised word — as
/// many particles as leave a word after them (the pattern's greedy choice); the word's end.
fn next_word(text: &str, at: usize) -> Option<usize> {
    let mut starts = vec![after_spaces(text, at)?];
    while let Some(&from) = starts.last() {
        let rest = &text[from..];
        let token = rest.split(|c: char| c.is_whitespace()).next().unwrap_or("");
        let particle = PARTICLE_WORDS.iter().any(|p| token.eq_ignore_ascii_case(p));
        match after_spaces(text, from + token.len()).filter(|_| particle && !token.is_empty()) {
            Some(next) => starts.push(next),
            None => break,
        }
    }
    starts.iter().rev().find_map(|&from| word_at(text, from))
}

/// Words before a name that say it is a person's.
const CUES: &[&str] = &[
    "paciente",
    "sr",
    "sra",
    "srta",
    "don",
    "doña",
    "dona",
    "señor",
    "señora",
    "senor",
    "senora",
    "funcionario",
    "funcionaria",
    "alumno",
    "alumna",
    "beneficiario",
    "beneficiaria",
    "titular",
    "nombre",
    "solicitante",
    "denunciante",
    "contribuyente",
    "vecino",
    "vecina",
    "usuario",
    "usuaria",
    "atendido",
    "atendida",
];

/// Whether a text may hold anything the gate masks: an `@`, six digits, or two capitalised
/// words. Most strings fail this and cost one look at their bytes.
fn worth_looking(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.contains(&b'@') {
        return true;
    }
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    if digits >= 6 {
        return true;
    }
    let mut capitals = 0;
    let mut at_start = true;
    for c in text.chars() {
        if at_start && c.is_uppercase() {
            capitals += 1;
            if capitals >= 2 {
                return true;
            }
        }
        at_start = c.is_whitespace();
    }
    false
}

/// An identifier found in a text: what it is, where, and its mask.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// What it is.
    pub kind: Kind,
    /// Where, in bytes.
    pub range: Range<usize>,
    /// What the report shows instead.
    pub mask: String,
    /// A RUT written as bare digits (`132010053`), without dots, dash or the word RUT: masked
    /// all the same, but too like a code (an activity's, a folio) to flag a text for.
    pub bare: bool,
}

/// Every identifier in a text (names aside), in order: what free-text columns are scanned for
/// and what the gate masks.
pub fn identifiers_in(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let with_email = text.contains('@');
    let Some(re) = identifiers(with_email).filter(|_| worth_looking(text)) else {
        return found;
    };
    for caps in re.captures_iter(text) {
        if let Some((kind, (range, mask))) = identifier_mask(&caps) {
            let bare = kind == Kind::Rut
                && caps.name("rut").is_some_and(|m| {
                    !crate::rut::has_rut_shape(m.as_str().trim_start_matches('0'))
                });
            found.push(Found {
                kind,
                range,
                mask,
                bare,
            });
        }
    }
    found
}

/// What an identifier the regex found is and its mask, or `None` when its value is not a
/// person's (an institution's role mailbox, a company's RUT, a number that is no RUT).
fn identifier_mask(caps: &regex::Captures<'_>) -> Option<(Kind, (Range<usize>, String))> {
    let tagged = |kind: Kind, span: Option<(Range<usize>, String)>| span.map(|s| (kind, s));
    if let Some(m) = caps.name("email") {
        let (local, domain) = email::parse(m.as_str())?;
        let kind = match email::mailbox(local, domain) {
            email::Mailbox::Institutional => return None,
            email::Mailbox::Official => Kind::OfficialEmail,
            email::Mailbox::Personal => Kind::Email,
        };
        return Some((kind, (m.range(), mask::email(local, domain))));
    }
    if caps.name("rutnum").is_some() || caps.name("rut").is_some() {
        return rut_or_phone(caps);
    }
    if let Some(m) = caps.name("card") {
        return tagged(
            Kind::Card,
            shapes::is_card(m.as_str()).then(|| (m.range(), mask::other(m.as_str()))),
        );
    }
    let m = caps.name("phone")?;
    phone_of(m.as_str(), m.range())
}

/// A phone number's kind (a mobile is a person's) and mask.
fn phone_of(text: &str, range: Range<usize>) -> Option<(Kind, (Range<usize>, String))> {
    let line = phone::classify(text)?;
    let kind = match line {
        phone::Line::NonGeographic => return None,
        line if line.is_personal() => Kind::Phone,
        _ => Kind::Landline,
    };
    Some((kind, (range, mask::phone(text))))
}

fn rut_or_phone(caps: &regex::Captures<'_>) -> Option<(Kind, (Range<usize>, String))> {
    if let Some(m) = caps.name("rutnum") {
        // After the word RUT/RUN: a RUT whatever its check digit says, masked by its digits
        // (unless it is a company's).
        let digits: String = m.as_str().chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() < 6 {
            return None;
        }
        return match rut::parse(m.as_str()) {
            Some((body, _)) if rut::holder(body) == rut::Holder::Entity => None,
            Some((body, digit)) => Some((Kind::Rut, (m.range(), mask::rut(body, digit)))),
            None => Some((Kind::Rut, (m.range(), mask::other(m.as_str())))),
        };
    }
    let m = caps.name("rut")?;
    let text = m.as_str();
    let Some((body, digit)) = rut::parse(text) else {
        // Nine bare digits that are no RUT may be a mobile number.
        return phone_of(text, m.range());
    };
    let written = rut::has_rut_shape(text.trim_start_matches('0'));
    // Bare digits (`123456785`) only with a person's body of 7–8 digits: ordinary numbers pass
    // the check digit by chance too often to be worth more.
    if !written && !(1_000_000..rut::PERSON_LIMIT).contains(&body) {
        return phone_of(text, m.range());
    }
    if rut::holder(body) == rut::Holder::Entity {
        return None;
    }
    Some((Kind::Rut, (m.range(), mask::rut(body, digit))))
}

/// Whether a run of capitalised words is a person's full name (a given name and a surname from
/// the Registro Civil's lists, no organisation or place word, not a comuna or a region).
fn is_full_name(run: &str) -> bool {
    names::looks_like_name(run, names::NameHeader::None)
        && !names::is_region(run)
        && !names::is_comuna(run)
}

/// Whether `range` of a value is one of its parts: between the value's ends or marks
/// (punctuation, quotes, a list's numbering) that separate a name from what is written beside
/// it ("Ana Soto Díaz, Directora", "Autores: Ana Soto Díaz y Olga Ríos", "«Ana Soto Díaz»
/// (asesora)"). A value like that is still a person's name, and a misaligned row puts it in any
/// column. A word just before or after ("Reunión con Ana Soto") makes it part of a sentence.
fn is_segment(text: &str, range: Range<usize>) -> bool {
    starts_part(text, range.start) && ends_part(text, range.end)
}

/// Whether a part of `text` may start at `at`: nothing but a mark (or nothing) before it.
fn starts_part(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("").trim_end();
    before
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether a part of `text` may end at `at`: nothing but a mark (or nothing) after it.
fn ends_part(text: &str, at: usize) -> bool {
    let after = text.get(at..).unwrap_or("").trim_start();
    after.chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// The people's names inside one part of a value (`range`, a run of capitalised words), with
/// their masks. The part is split where it joins names with "y" ("Ana Soto Díaz y Olga Ríos
/// Paz"); in each piece the name starts at its first given name, after any title or role
/// ("Dr.", "Alcalde", "Jefa de Gabinete"), and needs a surname in another word. A piece that is
/// a comuna, a region or has a place's or an organisation's word ("Pedro Aguirre Cerda",
/// "Escuela …"), or whose name follows "San"/"Santa" ("San Pedro de Paz"), is a place.
fn names_in_part(text: &str, range: Range<usize>) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    let Some(part) = text.get(range.clone()) else {
        return found;
    };
    let mut pieces = Vec::new();
    let mut piece_start = 0;
    for (at, word) in word_spans(part) {
        if word.eq_ignore_ascii_case("y") {
            pieces.push(piece_start..at);
            piece_start = at + word.len();
        }
    }
    pieces.push(piece_start..part.len());
    for piece in pieces {
        let Some(words) = part.get(piece.clone()) else {
            continue;
        };
        if names::is_place_or_organisation(words.trim()) {
            continue;
        }
        let spans: Vec<(usize, &str)> = word_spans(words).collect();
        let Some(at) = spans.iter().position(|(_, w)| names::is_given_name(w)) else {
            continue;
        };
        // "San Pedro …", "Santa María …": a saint's name, a place's.
        let saint = at
            .checked_sub(1)
            .and_then(|i| spans.get(i))
            .is_some_and(|(_, w)| {
                ["SAN", "SANTA", "SANTO"].contains(&names::fold_upper(w).as_str())
            });
        let Some(first) = spans.get(at).filter(|_| !saint) else {
            continue;
        };
        let name_start = piece.start + first.0;
        let name = part.get(name_start..piece.end).unwrap_or("").trim_end();
        if names::has_given_name_and_surname(name) && is_full_name(name) {
            let begin = range.start + name_start;
            found.push((begin..begin + name.len(), mask::name(name)));
        }
    }
    found
}

/// Each word of `text` with its byte offset.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |word| (word.as_ptr() as usize - text.as_ptr() as usize, word))
}

/// Names written surname first, as registries list them ("SOTO DÍAZ, ANA MARÍA", "Autor: Soto
/// Díaz, Ana"): a part of surnames, a comma, then a part of one to three given names. Neither
/// half is a full name alone.
fn surname_first(text: &str, runs: &[Range<usize>], spans: &mut Vec<(Range<usize>, String)>) {
    for m in runs {
        let surnames = text.get(m.clone()).unwrap_or("");
        let taken = |r: &Range<usize>| {
            spans
                .iter()
                .any(|(s, _)| s.start < r.end && r.start < s.end)
        };
        if taken(m)
            || !starts_part(text, m.start)
            || !word_spans(surnames).all(|(_, w)| names::is_surname(w) || is_particle(w))
            || names::is_comuna(surnames)
            || names::is_region(surnames)
        {
            continue;
        }
        let rest = text.get(m.end..).unwrap_or("");
        let Some(after_comma) = rest.trim_start().strip_prefix(',') else {
            continue;
        };
        let given_start = text.len() - after_comma.trim_start().len();
        let given_len = after_comma
            .trim_start()
            .find(|c: char| !(c.is_alphabetic() || c == ' ' || c == '\'' || c == '-'))
            .unwrap_or(after_comma.trim_start().len());
        let given = text
            .get(given_start..given_start + given_len)
            .unwrap_or("")
            .trim_end();
        let count = given.split_whitespace().count();
        if !(1..=3).contains(&count)
            || !given.split_whitespace().all(names::is_given_name)
            || names::is_comuna(given)
        {
            continue;
        }
        let given_range = given_start..given_start + given.len();
        if taken(&given_range) {
            continue;
        }
        spans.push((m.clone(), mask::name(surnames)));
        spans.push((given_range, mask::name(given)));
    }
}

/// The particles of names ("de", "del", "la", "y"…), any case.
fn is_particle(word: &str) -> bool {
    PARTICLE_WORDS.iter().any(|p| word.eq_ignore_ascii_case(p))
}

/// Whether the word just before `at` in `text` is a cue that a person's name follows.
fn cued(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let word: String = before
        .trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == '.' || c == ',')
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    CUES.contains(&word.as_str())
}

/// Skips cue words at the start of the run `start..end`: where the name begins, and whether
/// a cue was skipped.
fn skip_cues(text: &str, mut start: usize, end: usize) -> (usize, bool) {
    let mut skipped = false;
    while let Some(run) = text.get(start..end) {
        let first = run.split_whitespace().next().unwrap_or("");
        let word = first.trim_end_matches('.').to_lowercase();
        if first.is_empty() || !CUES.contains(&word.as_str()) {
            break;
        }
        let rest = &run[first.len()..];
        let next = rest.len() - rest.trim_start().len();
        start += first.len() + next;
        skipped = true;
    }
    (start, skipped)
}

fn mask_with(text: &str, whole_value: bool) -> Cow<'_, str> {
    if !worth_looking(text) {
        return Cow::Borrowed(text);
    }
    let mut spans: Vec<(Range<usize>, String)> = identifiers_in(text)
        .into_iter()
        .map(|found| (found.range, found.mask))
        .collect();
    let evidence = !spans.is_empty();
    {
        let runs = capitalised_runs(text);
        let trimmed = text.trim();
        for m in &runs {
            if spans
                .iter()
                .any(|(r, _)| r.start < m.end && m.start < r.end)
            {
                continue;
            }
            let run = text.get(m.clone()).unwrap_or("");
            let whole = whole_value && run == trimmed;
            // A cue may open the run itself ("Sra. María Soto"): it stays, the rest is the name.
            let (start, cue_inside) = skip_cues(text, m.start, m.end);
            let name = text.get(start..m.end).unwrap_or("");
            if (whole || evidence || cue_inside || cued(text, m.start)) && is_full_name(name) {
                spans.push((start..m.end, mask::name(name)));
            } else if whole_value && is_segment(text, m.clone()) {
                spans.extend(names_in_part(text, m.clone()));
            }
        }
        if whole_value {
            surname_first(text, &runs, &mut spans);
        }
    }
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    spans.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, replacement) in spans {
        if range.start < at {
            continue;
        }
        out.push_str(text.get(at..range.start).unwrap_or(""));
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    Cow::Owned(out)
}

/// A value (a cell, a label, a column name) with every personal identifier masked; a value that
/// is itself a person's full name is masked whole.
pub fn mask_value(text: &str) -> Cow<'_, str> {
    mask_with(text, true)
}

/// A text (a message, a note, advice) with every personal identifier masked, and names where
/// a cue or another identifier shows they are a person's.
pub fn mask_text(text: &str) -> Cow<'_, str> {
    mask_with(text, false)
}

/// Masks a string in place.
pub fn mask_value_in(text: &mut String) {
    if let Cow::Owned(masked) = mask_value(text) {
        *text = masked;
    }
}

/// Masks a text in place.
pub fn mask_text_in(text: &mut String) {
    if let Cow::Owned(masked) = mask_text(text) {
        *text = masked;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Synthetic RUTs (bodies above 45 million: no real RUN).
    fn rut(body: u32) -> String {
        format!("{body}-{}", rut::check_digit(body))
    }

    #[test]
    fn ruts_in_every_written_form() {
        let body = 45_123_456;
        let digit = rut::check_digit(body);
        for written in [
            format!("45.123.456-{digit}"),
            rut(body),
            format!("045.123.456-{digit}"),
            format!("045123456-{digit}"),
            format!("45123456{digit}"),
            format!("45.123.456 - {digit}"),
            "RUT 45.123.456".to_string(),
            "RUN: 45123456".to_string(),
            format!("rut n° 45.123.456-{digit}"),
        ] {
            let text = format!("Persona con {written} en la fila");
            let masked = mask_text(&text);
            assert!(!masked.contains("123"), "{written} → {masked}");
        }
        // A company's RUT and ordinary numbers stay.
        for kept in [
            "RUT empresa 76.543.210-3".to_owned(),
            "Monto 1.234.567".to_owned(),
            "Folio 2024-00123".to_owned(),
            "Año 2024, 12 cuotas".to_owned(),
        ] {
            assert_eq!(mask_text(&kept), kept.as_str(), "{kept}");
        }
    }

    #[test]
    fn e_mails_and_phones_in_every_spacing() {
        for (text, gone) in [
            ("escribir a ana.rojas@gmail.com", "rojas"),
            ("correo jose.soto@municipalidad.cl", "soto"),
            ("llamar al +56912345678", "2345"),
            ("llamar al +56 9 1234 5678", "1234"),
            ("llamar al 9 1234 5678", "1234"),
            ("llamar al 912345678", "2345"),
            ("fono (2) 2345 6789", "2345"),
            ("fono +56 2 2345 6789", "2345"),
        ] {
            let masked = mask_text(text);
            assert!(!masked.contains(gone), "{text} → {masked}");
        }
        assert_eq!(
            mask_text("contacto@municipalidad.cl"),
            "contacto@municipalidad.cl"
        );
        assert_eq!(
            mask_text("mesa central 600 123 4567"),
            "mesa central 600 123 4567"
        );
    }

    #[test]
    fn names_with_evidence_are_masked_places_are_not() {
        let masked = mask_text("Paciente Carla López González con RUT 45.123.456");
        assert!(!masked.contains("López"), "{masked}");
        let masked = mask_text("Atendida la Sra. María Soto Díaz");
        assert!(!masked.contains("Soto"), "{masked}");
        assert_eq!(mask_value("María José Rojas Díaz"), "M. J. R. D.");
        for place in [
            "Hospital Carlos Van Buren",
            "Libertador General Bernardo O'Higgins",
            "Padre Hurtado",
            "Escuela Gabriela Mistral",
        ] {
            assert_eq!(mask_value(place), place, "{place}");
        }
        // A name beside a role or a note, as a misaligned row puts it in any column; after a
        // title; in a list joined with "y"; in capitals; surname first.
        for (value, gone) in [
            ("Autores: Ana Soto Díaz y Carla López González", "Soto"),
            ("Autores: Ana Soto Díaz y Carla López González", "López"),
            (
                "Autores: Ana Soto Díaz, Carla López González y Pedro Pérez Rojas",
                "Pérez",
            ),
            ("Ana Soto Díaz y Carla López González, Directoras", "López"),
            ("Dr. Juan Pérez Soto, Director Hospital", "Pérez"),
            ("Alcalde Juan Pérez Soto, Municipalidad de Arica", "Pérez"),
            ("Diputada Carla López González (PS)", "López"),
            ("Jefa de Gabinete Carla López González, Ministerio", "López"),
            ("JUAN DE DIOS PEREZ DE LA FUENTE, JEFE DE GABINETE", "PEREZ"),
            ("AUTORES: ANA SOTO DIAZ Y CARLA LOPEZ GONZALEZ", "LOPEZ"),
            ("SOTO DIAZ, ANA MARIA", "SOTO"),
            ("SOTO DIAZ, ANA MARIA", "ANA"),
            ("Autor: Soto Díaz, Ana", "Soto"),
            ("«Carla López González», Directora", "López"),
            ("1. Carla López González, Directora", "López"),
            (
                "María José Rojas Díaz, Directora Academia Chilena de la Lengua",
                "Rojas",
            ),
            ("Jefe de gabinete: Carla López González", "López"),
            ("Carla López González (asesora)", "López"),
            ("Carla López González - Embajadora", "López"),
        ] {
            let masked = mask_value(value);
            assert!(!masked.contains(gone), "{value} → {masked}");
        }
        assert_eq!(
            mask_value("María José Rojas Díaz, Directora"),
            "M. J. R. D., Directora"
        );
        for kept in [
            "Hospital Carlos Van Buren, Valparaíso",
            "Avenida Pedro Montt, Valparaíso",
            "Prohibida su venta.",
            "Distribución gratuita",
            "4 / Incluye Chiguayante y San Pedro de Paz",
            "MAIPU, PEDRO AGUIRRE CERDA Y LO ESPEJO",
            "Santiago, Pedro Aguirre Cerda y San Miguel",
            "Paz Ciudadana, Fundación",
            "Paz Social: acuerdo",
            "Luna Llena (jardín infantil)",
            "Santos Mártires / Parroquia",
            "Los Ángeles, Santa Bárbara",
            "Reunión con Carla López González",
            "2 / Incluye las 32 comunas de la Provincia de Santiago más Puente Alto, San Bernardo y Padre Hurtado",
        ] {
            assert_eq!(mask_value(kept), kept, "{kept}");
        }
        // A name in a sentence without a cue or another identifier is left (it may be a
        // street's or an institution's).
        let sentence = "La calle Carlos Wood se cerró por obras";
        assert_eq!(mask_text(sentence), sentence);
    }

    /// The scanner finds the runs the regular expression finds, on every test string here
    /// and on 20,000 generated ones (words, particles in any case, accents, apostrophes,
    /// hyphens, dots, digits, punctuation, runs longer than six words, several spaces).
    #[test]
    fn capitalised_runs_are_the_patterns() {
        let re = Regex::new(CAPITALISED_RUNS).unwrap();
        let vocabulary = [
            "Ana",
            "SOTO",
            "díaz",
            "de",
            "De",
            "DE",
            "del",
            "La",
            "la",
            "LAS",
            "los",
            "y",
            "Y",
            "da",
            "Van",
            "von",
            "O'Higgins",
            "Pérez-Cotapos",
            "Dr.",
            "Sra.",
            "Ñuñoa",
            "ÁLVAREZ",
            "Muñoz.",
            "12",
            "4.5",
            ",",
            ":",
            "(",
            ")",
            "«",
            "»",
            "-",
            "/",
            "e",
            "El",
            "MAYOR",
            "x",
            "McDonald",
            "aB",
            "’Toole",
            "Él",
            "\u{2003}",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut texts: Vec<String> = vec![
            "Juan de La".into(),
            "JUAN DE DIOS PEREZ DE LA FUENTE, JEFE DE GABINETE".into(),
            "Ana Soto Díaz Pérez Rojas Muñoz Ríos Vera Paz".into(),
            "Autores: Carolina Villagra, Olga Espinoza, Fernando Martínez. ".into(),
            "Sra. María Soto".into(),
            "de la de la Ana".into(),
        ];
        for _ in 0..20_000 {
            let words = 1 + next() % 12;
            let mut text = String::new();
            for _ in 0..words {
                let word = vocabulary[(next() % vocabulary.len() as u64) as usize];
                text.push_str(word);
                let gap = ["", " ", "  ", " \t", "."][(next() % 5) as usize];
                text.push_str(gap);
            }
            texts.push(text);
        }
        for text in &texts {
            let expected: Vec<Range<usize>> = re.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(capitalised_runs(text), expected, "{text:?}");
        }
    }

    #[test]
    fn plain_strings_cost_nothing() {
        for text in ["id", "comuna", "monto_total", "La fila 3 está en blanco"] {
            assert!(matches!(mask_text(text), Cow::Borrowed(_)), "{text}");
        }
    }
}
