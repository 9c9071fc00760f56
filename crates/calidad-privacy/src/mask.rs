//! Masking: what a report may show of a detected value. Enough for a person to recognise the
//! kind of value and check the finding, never enough to recover it.

/// `12.***.***-5`: the first group and the check digit of a RUT.
pub fn rut(body: u32, digit: char) -> String {
    let first = body / 1_000_000;
    if first > 0 {
        format!("{first}.***.***-{digit}")
    } else {
        format!("***.***-{digit}")
    }
}

/// `m***@gmail.com`: the first letter of the mailbox and the domain.
pub fn email(local: &str, domain: &str) -> String {
    let first: String = local.chars().take(1).collect();
    format!("{first}***@{domain}")
}

/// `+56 9 **** **21`: the kind of line and the last two digits.
pub fn phone(cell: &str) -> String {
    let digits: Vec<char> = cell.chars().filter(char::is_ascii_digit).collect();
    let last: String = digits.iter().skip(digits.len().saturating_sub(2)).collect();
    let national = if digits.len() >= 11 && digits.starts_with(&['5', '6']) {
        &digits[2..]
    } else {
        &digits[..]
    };
    let lead = national.iter().find(|d| **d != '0').copied().unwrap_or('*');
    format!("+56 {lead} **** **{last}")
}

/// `M. J. G.`: a name's initials.
pub fn name(cell: &str) -> String {
    cell.split_whitespace()
        .filter_map(|word| word.chars().next())
        .filter(|c| c.is_alphabetic())
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The year of a date written day-first or ISO (`1985`), or `****` when there is none.
pub fn date(cell: &str) -> String {
    cell.split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 4)
        .map_or_else(|| "****".to_owned(), str::to_owned)
}

/// `BB****`: the first two letters of a plate.
pub fn plate(cell: &str) -> String {
    let first: String = cell
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(2)
        .collect::<String>()
        .to_ascii_uppercase();
    format!("{first}****")
}

/// Anything else: its length only.
pub fn other(cell: &str) -> String {
    format!("[{} caracteres]", cell.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_of_the_spec() {
        assert_eq!(rut(12_345_678, '5'), "12.***.***-5");
        assert_eq!(rut(999_999, 'K'), "***.***-K");
        assert_eq!(email("maria.gonzalez", "gmail.com"), "m***@gmail.com");
        assert_eq!(phone("+56 9 8765 4321"), "+56 9 **** **21");
        assert_eq!(phone("987654321"), "+56 9 **** **21");
        assert_eq!(name("María José González"), "M. J. G.");
        assert_eq!(date("14-03-1985"), "1985");
        assert_eq!(date("1985-03-14"), "1985");
        assert_eq!(other("secreto"), "[7 caracteres]");
        assert_eq!(plate("bb·cl·12"), "BB****");
    }

    #[test]
    fn masks_never_contain_the_value() {
        let samples = [
            ("12.345.678-5", rut(12_345_678, '5')),
            (
                "maria.gonzalez@gmail.com",
                email("maria.gonzalez", "gmail.com"),
            ),
            ("+56 9 8765 4321", phone("+56 9 8765 4321")),
            ("María José González", name("María José González")),
        ];
        for (value, masked) in samples {
            assert!(!masked.contains(value), "{masked}");
            assert!(!masked.contains("345"), "{masked}");
            assert!(!masked.contains("gonzalez"), "{masked}");
            assert!(!masked.contains("8765"), "{masked}");
        }
    }
}
