//! Sentences of findings put together from pieces without `core::fmt`.
//!
//! A batch assessment writes about fifteen sentences with dates and numbers; through `format!`
//! they were a seventh of its instructions (a formatter call per piece, a UTF-8 check per date).
//! `sentence!` (in `lib.rs`) appends the pieces to one `String` directly and writes exactly
//! what `format!` with `{}` would.

use std::borrow::Cow;

use chrono::NaiveDate;
use neonomad_core::{push_date, push_month, push_u64, CountryCode, Month};

/// Something a sentence can hold, written as its `Display` writes it.
pub(crate) trait Piece {
    /// Appends the text to `out`.
    fn push_to(&self, out: &mut String);
}

impl Piece for &str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for Cow<'_, str> {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for Month {
    fn push_to(&self, out: &mut String) {
        push_month(out, *self);
    }
}

impl Piece for i32 {
    fn push_to(&self, out: &mut String) {
        if *self < 0 {
            out.push('-');
        }
        push_u64(out, u64::from(self.unsigned_abs()));
    }
}

impl Piece for u64 {
    fn push_to(&self, out: &mut String) {
        push_u64(out, *self);
    }
}

impl Piece for usize {
    fn push_to(&self, out: &mut String) {
        push_u64(out, *self as u64);
    }
}

impl Piece for NaiveDate {
    fn push_to(&self, out: &mut String) {
        push_date(out, *self);
    }
}

impl Piece for u32 {
    fn push_to(&self, out: &mut String) {
        push_u64(out, u64::from(*self));
    }
}

impl Piece for CountryCode {
    fn push_to(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_reads_as_format_would_write_it() {
        let date = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap();
        let margin: u32 = 6;
        let country = CountryCode::parse("DE").unwrap();
        let tail = String::from(" (tail)");
        let built = sentence!(
            "Passport valid to ",
            date,
            ", at least ",
            margin,
            " months, in ",
            country,
            tail
        );
        assert_eq!(
            built,
            format!("Passport valid to {date}, at least {margin} months, in {country}{tail}")
        );
        assert!(matches!(built, std::borrow::Cow::Owned(_)));
    }

    #[test]
    fn far_dates_and_zero_are_written_as_display_writes_them() {
        let far = NaiveDate::from_ymd_opt(12345, 1, 2).unwrap();
        assert_eq!(sentence!("on ", far, ": ", 0u32), format!("on {far}: 0"));
        assert_eq!(
            sentence!(i32::MIN, " ", -7i32, " ", 2026i32, " ", u64::MAX),
            format!("{} -7 2026 {}", i32::MIN, u64::MAX)
        );
        let month = Month::of(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap());
        let cow: Cow<'_, str> = "USD 3,000.00".into();
        assert_eq!(
            sentence!("in ", month, ", ", 12usize, " payments over ", cow),
            format!("in {month}, 12 payments over USD 3,000.00")
        );
    }
}
