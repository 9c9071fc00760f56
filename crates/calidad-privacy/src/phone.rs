//! Chilean phone numbers by the national numbering plan (9 digits since 2016): mobiles start
//! with 9, Santiago lines with 2, regional lines with a two-digit area code; 600 and 800
//! numbers are companies'. Older 8- and 7-digit forms still appear in old datasets.

/// Regional area codes.
const AREAS: [&str; 23] = [
    "32", "33", "34", "35", "41", "42", "43", "45", "51", "52", "53", "55", "57", "58", "61", "63",
    "64", "65", "67", "71", "72", "73", "75",
];

/// What kind of line a number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// A mobile (`9` + 8 digits): a person's.
    Mobile,
    /// A Santiago fixed line (`2` + 8 digits).
    FixedSantiago,
    /// A regional fixed line (area code + 7 digits).
    FixedRegional,
    /// Voice over IP (`44` + 7 digits).
    Voip,
    /// A company's `600` or `800` number.
    NonGeographic,
    /// An 8-digit mobile from before 2016 (`09-8765432`).
    LegacyMobile,
    /// A 7- or 8-digit fixed line from before 2016.
    LegacyFixed,
}

/// Classifies a cell that is one phone number; `None` when it is not a Chilean number (or
/// not a number at all).
pub fn classify(cell: &str) -> Option<Line> {
    let trimmed = cell.trim();
    if trimmed.is_empty()
        || !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '.' | '(' | ')'))
    {
        return None;
    }
    let international = trimmed.starts_with('+');
    let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if digits.starts_with("56") && (digits.len() == 11 || digits.len() == 12) {
        digits.drain(..2);
    } else if international {
        return None;
    }
    // A trunk `0` before an area code (`032 …`) or an old mobile (`09 …`).
    if (digits.len() == 10 || digits.len() == 9) && digits.starts_with('0') {
        digits.remove(0);
    }
    if digits
        .bytes()
        .all(|b| Some(&b) == digits.as_bytes().first())
    {
        return None;
    }
    match digits.len() {
        9 if digits.starts_with('9') => Some(Line::Mobile),
        9 if ["21", "22", "23", "26"]
            .iter()
            .any(|p| digits.starts_with(p)) =>
        {
            Some(Line::FixedSantiago)
        }
        9 if digits.starts_with("44") => Some(Line::Voip),
        9 if AREAS.iter().any(|a| digits.starts_with(a)) => Some(Line::FixedRegional),
        9 | 10 if digits.starts_with("600") || digits.starts_with("800") => {
            Some(Line::NonGeographic)
        }
        8 if digits.starts_with('9') => Some(Line::LegacyMobile),
        8 | 7 if digits.starts_with('2') => Some(Line::LegacyFixed),
        _ => None,
    }
}

impl Line {
    /// Whether the line is likely a person's (not a company's or an office's switchboard).
    pub fn is_personal(self) -> bool {
        matches!(self, Line::Mobile | Line::LegacyMobile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_numbering_plan() {
        assert_eq!(classify("+56 9 8765 4321"), Some(Line::Mobile));
        assert_eq!(classify("987654321"), Some(Line::Mobile));
        assert_eq!(classify("(2) 2345 6789"), Some(Line::FixedSantiago));
        assert_eq!(classify("032 212 3456"), Some(Line::FixedRegional));
        assert_eq!(classify("600 360 7777"), Some(Line::NonGeographic));
        assert_eq!(classify("09-8765432"), Some(Line::LegacyMobile));
        assert_eq!(classify("+54 11 4321 5678"), None);
        assert_eq!(classify("999999999"), None);
        assert_eq!(classify("12.345.678-5"), None);
        assert_eq!(classify("Santiago"), None);
        assert!(Line::Mobile.is_personal());
        assert!(!Line::NonGeographic.is_personal());
    }
}
