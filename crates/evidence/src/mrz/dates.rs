//! Two-digit MRZ years turned into full dates against a reference day the caller supplies.
//!
//! * Birth dates are never in the future: `YYMMDD` takes the latest century that puts it on or
//!   before `as_of` (on 2025-01-01, `740812` is 1974 and `130101` is 2013).
//! * Expiry dates take the century that puts them closest to the plausible window
//!   [`as_of` - 30 years, `as_of` + 20 years]; that is the one century landing in
//!   [`as_of` - 55 years, `as_of` + 45 years). A result outside the plausible window is kept
//!   but flagged by the parser.

use chrono::{Datelike, NaiveDate};

/// Years before `as_of` an expiry may plausibly lie (documents expired long ago).
pub(crate) const EXPIRY_PAST_YEARS: i32 = 30;
/// Years after `as_of` an expiry may plausibly lie (long-lived ID cards).
pub(crate) const EXPIRY_FUTURE_YEARS: i32 = 20;

/// `YYMMDD` as three numbers, if all six characters are ASCII digits.
pub(crate) fn split_yymmdd(raw: &str) -> Option<(i32, u32, u32)> {
    let b = raw.as_bytes();
    if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    Some((n(0) as i32, n(2), n(4)))
}

/// The full year of a birth date: the latest century that is not after `as_of`.
pub(crate) fn birth_year(yy: i32, mm: u32, dd: u32, as_of: NaiveDate) -> i32 {
    let year = as_of.year().div_euclid(100) * 100 + yy;
    if (year, mm, dd) > (as_of.year(), as_of.month(), as_of.day()) {
        year - 100
    } else {
        year
    }
}

/// The full year of an expiry date: the century in [`as_of` - 55 y, `as_of` + 45 y).
pub(crate) fn expiry_year(yy: i32, mm: u32, dd: u32, as_of: NaiveDate) -> i32 {
    let slack = (100 - EXPIRY_PAST_YEARS - EXPIRY_FUTURE_YEARS) / 2;
    let low = (
        as_of.year() - EXPIRY_PAST_YEARS - slack,
        as_of.month(),
        as_of.day(),
    );
    let high = (
        as_of.year() + EXPIRY_FUTURE_YEARS + slack,
        as_of.month(),
        as_of.day(),
    );
    let mut year = as_of.year().div_euclid(100) * 100 + yy;
    if (year, mm, dd) >= high {
        year -= 100;
    } else if (year, mm, dd) < low {
        year += 100;
    }
    year
}

/// Whether an expiry lies in the plausible window [`as_of` - 30 y, `as_of` + 20 y].
pub(crate) fn expiry_is_plausible(expiry: NaiveDate, as_of: NaiveDate) -> bool {
    let key = |d: NaiveDate| (d.year(), d.month(), d.day());
    let (y, m, d) = key(as_of);
    let e = key(expiry);
    (y - EXPIRY_PAST_YEARS, m, d) <= e && e <= (y + EXPIRY_FUTURE_YEARS, m, d)
}

/// `YYMMDD` of a date, as printed in an MRZ.
pub(crate) fn yymmdd(date: NaiveDate) -> String {
    format!(
        "{:02}{:02}{:02}",
        date.year().rem_euclid(100),
        date.month(),
        date.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        neonomad_core::parse_date(s).unwrap()
    }

    fn birth(raw: &str, as_of: &str) -> i32 {
        let (yy, mm, dd) = split_yymmdd(raw).unwrap();
        birth_year(yy, mm, dd, d(as_of))
    }

    fn expiry(raw: &str, as_of: &str) -> i32 {
        let (yy, mm, dd) = split_yymmdd(raw).unwrap();
        expiry_year(yy, mm, dd, d(as_of))
    }

    #[test]
    fn birth_dates_are_never_in_the_future() {
        assert_eq!(birth("740812", "2025-01-01"), 1974);
        assert_eq!(birth("130101", "2025-01-01"), 2013);
        assert_eq!(birth("250101", "2025-01-01"), 2025);
        // Same two-digit year but later in the year than as_of: a century back.
        assert_eq!(birth("250102", "2025-01-01"), 1925);
        assert_eq!(birth("991231", "2000-01-01"), 1999);
    }

    #[test]
    fn expiry_dates_take_the_closest_plausible_century() {
        assert_eq!(expiry("120415", "2025-01-01"), 2012);
        assert_eq!(expiry("950712", "2025-01-01"), 1995);
        assert_eq!(expiry("340528", "2025-01-01"), 2034);
        assert_eq!(expiry("690101", "2025-01-01"), 2069);
        assert_eq!(expiry("700101", "2025-01-01"), 1970);
        assert_eq!(expiry("041223", "2099-06-30"), 2104);
        assert!(expiry_is_plausible(d("1995-01-01"), d("2025-01-01")));
        assert!(!expiry_is_plausible(d("1994-12-31"), d("2025-01-01")));
        assert!(expiry_is_plausible(d("2045-01-01"), d("2025-01-01")));
        assert!(!expiry_is_plausible(d("2045-01-02"), d("2025-01-01")));
    }

    #[test]
    fn only_six_ascii_digits_split() {
        for bad in ["74081", "7408122", "740B12", "74<812", "７40812", ""] {
            assert_eq!(split_yymmdd(bad), None, "{bad:?}");
        }
        assert_eq!(yymmdd(d("2004-12-23")), "041223");
        assert_eq!(yymmdd(d("1899-01-02")), "990102");
    }

    proptest! {
        #[test]
        fn birth_dates_within_a_century_round_trip(as_of_days in 0i64..110_000, back in 0i64..36_500) {
            let as_of = d("1900-01-01") + chrono::Duration::days(as_of_days);
            let born = as_of - chrono::Duration::days(back);
            let (yy, mm, dd) = split_yymmdd(&yymmdd(born)).unwrap();
            prop_assert_eq!(birth_year(yy, mm, dd, as_of), born.year());
        }

        #[test]
        fn expiry_dates_in_the_window_round_trip(as_of_days in 0i64..110_000, offset in -20_000i64..16_400) {
            let as_of = d("1900-01-01") + chrono::Duration::days(as_of_days);
            let exp = as_of + chrono::Duration::days(offset);
            let (yy, mm, dd) = split_yymmdd(&yymmdd(exp)).unwrap();
            prop_assert_eq!(expiry_year(yy, mm, dd, as_of), exp.year());
        }
    }
}
