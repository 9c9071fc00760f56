//! The calendar: civil dates (proleptic Gregorian) as days from 1970-01-01, the one place the
//! leap-year rule lives. Libraries never read the clock: "today" comes from the caller
//! (`--as-of`, or the date the command-line program read when it started).

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian), or `None` when the date
/// does not exist (31 April, 29 February of a common year).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The civil date (year, month, day) of a day count from 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days in `month` of `year` (0 for a month that does not exist).
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether `year` has a 29 February.
pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days from 1970-01-01 of an ISO date (`2024-03-01`, with or without a time after it).
pub fn days_of_iso(text: &str) -> Option<i64> {
    let date = text.trim();
    let date = date.get(..10)?;
    let bytes = date.as_bytes();
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |part: &str| -> Option<i64> {
        (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let year = number(&date[..4])?;
    let month = u32::try_from(number(&date[5..7])?).ok()?;
    let day = u32::try_from(number(&date[8..10])?).ok()?;
    days_from_civil(year, month, day)
}

/// `YYYY-MM-DD` of a day count from 1970-01-01.
pub fn iso(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The year of a day count from 1970-01-01.
pub fn year_of(days: i64) -> i64 {
    civil_from_days(days).0
}

/// A day: what "today" is for a run (freshness of metadata, ages implied by dates of birth).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

impl Day {
    /// Reads `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Day> {
        let text = text.trim();
        (text.len() == 10)
            .then(|| days_of_iso(text))
            .flatten()
            .map(Day)
    }

    /// Days from 1970-01-01.
    pub fn days(self) -> i64 {
        self.0
    }

    /// Its year.
    pub fn year(self) -> i64 {
        year_of(self.0)
    }

    /// As `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        iso(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_leap_years() {
        for days in [-800_000, -1, 0, 1, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), Some(days));
        }
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert!(is_leap_year(2000) && is_leap_year(2024));
        assert!(!is_leap_year(1900) && !is_leap_year(2023));
        assert_eq!(days_from_civil(2023, 2, 29), None);
        assert_eq!(days_from_civil(2024, 4, 31), None);
        assert_eq!(days_of_iso("1970-01-02"), Some(1));
        assert_eq!(days_of_iso("2024-03-01T10:00:00"), Some(19_783));
        assert_eq!(days_of_iso("2024-3-1"), None);
        assert_eq!(days_of_iso("2024-03-32"), None);
        assert_eq!(Day::parse("2026-11-30").map(Day::year), Some(2026));
        assert_eq!(
            Day::parse("2026-11-30 ").map(Day::iso).as_deref(),
            Some("2026-11-30")
        );
        assert_eq!(Day::parse("2026-11-30T00:00"), None);
    }
}
