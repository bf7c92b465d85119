//! Calendar dates and months: strict ISO parsing and month arithmetic that clamps to month end.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a string is not a date or a month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The string is not `YYYY-MM-DD`.
    #[error("{0:?} is not a date: write it as YYYY-MM-DD, e.g. \"2026-03-02\"")]
    DateShape(String),
    /// The string has the right shape but names no real day.
    #[error("{0:?} is not a real calendar day")]
    NoSuchDay(String),
    /// The string is not `YYYY-MM`.
    #[error("{0:?} is not a month: write it as YYYY-MM, e.g. \"2025-09\"")]
    MonthShape(String),
}

/// A date that displays as `YYYY-MM-DD` in one write: chrono's `Display` writes it a character
/// at a time, which showed in the batch profile (every finding's sentence names dates).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct IsoDate(pub NaiveDate);

/// A byte buffer on an 8-byte boundary, see `IsoDate`'s `Display`.
#[repr(align(8))]
struct Aligned16([u8; 16]);

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(date) = crate::text_output::date_text(self.0) else {
            return f.pad(&self.0.to_string());
        };
        // Sixteen word-aligned bytes let `from_utf8` take its word-at-a-time ASCII path; on the
        // ten bytes alone it checks byte by byte, which cost more than the digits themselves.
        let mut buf = Aligned16([b' '; 16]);
        buf.0[..10].copy_from_slice(&date);
        let text = &std::str::from_utf8(&buf.0).expect("ASCII digits")[..10];
        if f.width().is_none() && f.precision().is_none() {
            f.write_str(text)
        } else {
            f.pad(text)
        }
    }
}

impl From<NaiveDate> for IsoDate {
    fn from(date: NaiveDate) -> Self {
        IsoDate(date)
    }
}

/// Parses a strict ISO 8601 calendar date `YYYY-MM-DD`, rejecting impossible days.
pub fn parse_date(value: &str) -> Result<NaiveDate, DateError> {
    let b = value.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(DateError::DateShape(value.to_owned()));
    }
    let num = |r: std::ops::Range<usize>| value[r].parse::<u32>().unwrap_or(0);
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
        .ok_or_else(|| DateError::NoSuchDay(value.to_owned()))
}

/// Adds (or with a negative `n` subtracts) calendar months; a day past the end of the target
/// month clamps to its last day (2027-03-31 + 3 months = 2027-06-30).
pub fn add_months_clamped(date: NaiveDate, n: i32) -> NaiveDate {
    let m = Months::new(n.unsigned_abs());
    let moved = if n >= 0 {
        date.checked_add_months(m)
    } else {
        date.checked_sub_months(m)
    };
    moved.unwrap_or(date)
}

/// A calendar month such as `2025-09`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Builds a month; `None` unless `month` is 1..=12.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// Parses `YYYY-MM`.
    pub fn parse(value: &str) -> Result<Month, DateError> {
        let err = || DateError::MonthShape(value.to_owned());
        let b = value.as_bytes();
        if b.len() != 7 || b[4] != b'-' {
            return Err(err());
        }
        let year = value[0..4].parse::<i32>().map_err(|_| err())?;
        let month = value[5..7].parse::<u32>().map_err(|_| err())?;
        Month::new(year, month).ok_or_else(err)
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month number, 1..=12.
    pub fn month(&self) -> u32 {
        self.month
    }

    /// The first day of the month.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("month is valid")
    }

    /// The last day of the month.
    pub fn last_day(&self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .expect("not the first day ever")
    }

    /// The month before.
    pub fn prev(&self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The month after.
    pub fn next(&self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Whether a date falls in this month.
    pub fn contains(&self, date: NaiveDate) -> bool {
        Month::of(date) == *self
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Width and alignment are ignored, as they always were for months.
        match crate::text_output::month_text(*self) {
            Some(text) => f.write_str(std::str::from_utf8(&text).expect("ASCII digits")),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

impl fmt::Debug for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Month {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Month::parse(s)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::deserialize_str_with(d, Month::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn parses_only_strict_iso_dates() {
        assert_eq!(
            d("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert!(matches!(
            parse_date("2025-02-29"),
            Err(DateError::NoSuchDay(_))
        ));
        for bad in [
            "2025-2-01",
            "01.02.2025",
            "2025/02/01",
            "20250201",
            "2025-02-01T00:00",
            "",
        ] {
            assert!(
                matches!(parse_date(bad), Err(DateError::DateShape(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn month_addition_clamps_to_month_end() {
        assert_eq!(add_months_clamped(d("2027-03-31"), 3), d("2027-06-30"));
        assert_eq!(add_months_clamped(d("2027-11-30"), 3), d("2028-02-29"));
        assert_eq!(add_months_clamped(d("2027-06-30"), -3), d("2027-03-30"));
        assert_eq!(add_months_clamped(d("2024-02-29"), 12), d("2025-02-28"));
    }

    #[test]
    fn months_step_across_years() {
        let m = Month::parse("2026-01").unwrap();
        assert_eq!(m.prev().to_string(), "2025-12");
        assert_eq!(m.prev().next(), m);
        assert_eq!(Month::parse("2024-02").unwrap().last_day(), d("2024-02-29"));
        assert!(Month::parse("2024-13").is_err());
        assert!(Month::parse("2024-1").is_err());
    }

    proptest! {
        #[test]
        fn adding_months_never_overshoots_the_target_month(days in 0i64..40_000, n in -36i32..36) {
            let start = d("1990-01-01") + chrono::Duration::days(days);
            let moved = add_months_clamped(start, n);
            let expect = (0..n.unsigned_abs()).fold(Month::of(start), |m, _| if n >= 0 { m.next() } else { m.prev() });
            prop_assert_eq!(Month::of(moved), expect);
            prop_assert!(moved.day() <= start.day());
        }

        #[test]
        fn iso_date_displays_like_chrono(days in -800_000i32..4_000_000) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            prop_assert_eq!(IsoDate(date).to_string(), date.to_string());
            prop_assert_eq!(format!("{:>12}", IsoDate(date)), format!("{:>12}", date.to_string()));
        }
    }
}
