//! Numbers and dates as text, written straight into a byte buffer.
//!
//! `core::fmt` goes through a formatter per value; the batch writes about forty decimals and
//! thirty dates per assessment, so these write the same text as `Display` directly (tests
//! compare them on generated values).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::Month;

/// Appends `value` in decimal.
pub fn write_u64(out: &mut Vec<u8>, value: u64) {
    let mut digits = [0u8; 20];
    out.extend_from_slice(u64_text(value, &mut digits));
}

/// `value` in decimal, written at the end of `digits`.
fn u64_text(value: u64, digits: &mut [u8; 20]) -> &[u8] {
    let at = if value == 0 {
        digits[19] = b'0';
        19
    } else {
        write_digits(value, digits)
    };
    &digits[at..]
}

/// Appends a month as `YYYY-MM`, as `Month`'s `Display` writes it.
pub fn write_month(out: &mut Vec<u8>, month: Month) {
    match month_text(month) {
        Some(text) => out.extend_from_slice(&text),
        None => out.extend_from_slice(month.to_string().as_bytes()),
    }
}

/// `YYYY-MM` for years 0 to 9999 (others need a sign or more digits).
pub(crate) fn month_text(month: Month) -> Option<[u8; 7]> {
    let mut text = [0u8; 7];
    (0..=9999).contains(&month.year()).then(|| {
        write_year_month(&mut text, month.year(), month.month());
        text
    })
}

fn two_digits(out: &mut [u8], value: u32) {
    out[0] = b'0' + (value / 10) as u8;
    out[1] = b'0' + (value % 10) as u8;
}

/// `YYYY-MM` into a 7-byte buffer; the year must be 0..=9999.
pub(crate) fn write_year_month(out: &mut [u8; 7], year: i32, month: u32) {
    let y = year as u32;
    two_digits(&mut out[0..2], y / 100);
    two_digits(&mut out[2..4], y % 100);
    out[4] = b'-';
    two_digits(&mut out[5..7], month);
}

/// Appends a date as chrono's `Display` writes it (`YYYY-MM-DD`, signed beyond four digits).
pub fn write_date(out: &mut Vec<u8>, date: NaiveDate) {
    match date_text(date) {
        Some(text) => out.extend_from_slice(&text),
        None => out.extend_from_slice(date.to_string().as_bytes()),
    }
}

/// Appends a date to a `String`, as [`write_date`] writes it.
pub fn push_date(out: &mut String, date: NaiveDate) {
    match date_text(date) {
        Some(text) => push_ascii(out, &text),
        None => out.push_str(&date.to_string()),
    }
}

/// Appends a month to a `String`, as [`write_month`] writes it.
pub fn push_month(out: &mut String, month: Month) {
    match month_text(month) {
        Some(text) => push_ascii(out, &text),
        None => out.push_str(&month.to_string()),
    }
}

/// Appends `value` in decimal to a `String`, as [`write_u64`] writes it.
pub fn push_u64(out: &mut String, value: u64) {
    let mut digits = [0u8; 20];
    push_ascii(out, u64_text(value, &mut digits));
}

/// Appends ASCII bytes as characters: no UTF-8 check is needed, which for a few bytes costs
/// more than the copy.
fn push_ascii(out: &mut String, ascii: &[u8]) {
    out.extend(ascii.iter().map(|&b| char::from(b)));
}

/// `YYYY-MM-DD` for years 0 to 9999 (others need a sign or more digits).
pub(crate) fn date_text(date: NaiveDate) -> Option<[u8; 10]> {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        return None;
    }
    let mut buf = [0u8; 10];
    let mut ym = [0u8; 7];
    write_year_month(&mut ym, year, date.month());
    buf[..7].copy_from_slice(&ym);
    buf[7] = b'-';
    two_digits(&mut buf[8..10], date.day());
    Some(buf)
}

/// "00" to "99", for writing two digits per division.
const DIGIT_PAIRS: [u8; 200] = {
    let mut pairs = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        pairs[2 * i] = b'0' + (i / 10) as u8;
        pairs[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    pairs
};

/// Writes the digits of `value` (> 0) right-aligned into `buf`; returns where they start.
fn write_digits(mut value: u64, buf: &mut [u8]) -> usize {
    let mut at = buf.len();
    while value >= 100 {
        let pair = (value % 100) as usize * 2;
        value /= 100;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if value >= 10 {
        let pair = value as usize * 2;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else if value > 0 {
        at -= 1;
        buf[at] = b'0' + value as u8;
    }
    at
}

/// Appends a decimal as `rust_decimal`'s `Display` writes it: every digit of its scale, a
/// leading `0` before the point, and `-` whenever the sign is negative (also for zero).
pub fn write_decimal(out: &mut Vec<u8>, value: Decimal) {
    let scale = value.scale() as usize;
    let mantissa = value.mantissa().unsigned_abs();
    // 96-bit mantissa: at most 29 digits, plus the zeros a scale of up to 28 may need.
    let mut digits = [b'0'; 64];
    // Money fits in 64 bits; 128-bit division is several times slower.
    let at = match u64::try_from(mantissa) {
        Ok(0) => digits.len(),
        Ok(small) => write_digits(small, &mut digits),
        Err(_) => {
            let mut at = digits.len();
            let mut big = mantissa;
            while big != 0 {
                at -= 1;
                digits[at] = b'0' + (big % 10) as u8;
                big /= 10;
            }
            at
        }
    };
    let len = (digits.len() - at).max(scale);
    let digits = &digits[digits.len() - len..];
    if value.is_sign_negative() {
        out.push(b'-');
    }
    let int_len = len - scale;
    if int_len == 0 {
        out.push(b'0');
    } else {
        out.extend_from_slice(&digits[..int_len]);
    }
    if scale > 0 {
        out.push(b'.');
        out.extend_from_slice(&digits[int_len..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decimal_text(value: Decimal) -> String {
        let mut out = Vec::new();
        write_decimal(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn decimals_are_written_like_display() {
        for text in [
            "0",
            "0.00",
            "0.0000000001",
            "4100.00",
            "-12.5",
            "79228162514264337593543950335",
            "7.9228162514264337593543950335",
        ] {
            let value: Decimal = text.parse().unwrap();
            assert_eq!(decimal_text(value), text);
            assert_eq!(decimal_text(value), value.to_string(), "{text}");
        }
        // A negative zero (arithmetic can make one) keeps its sign, as Display does.
        let negative_zero = Decimal::from_parts(0, 0, 0, true, 2);
        assert_eq!(decimal_text(negative_zero), negative_zero.to_string());
    }

    #[test]
    fn integers_are_written_like_display() {
        for value in [0u64, 1, 9, 10, 99, 100, 101, 129_750, u64::MAX] {
            let mut out = Vec::new();
            write_u64(&mut out, value);
            assert_eq!(String::from_utf8(out).unwrap(), value.to_string());
        }
    }

    #[test]
    fn dates_far_out_fall_back_to_chrono() {
        for date in [
            NaiveDate::from_ymd_opt(1, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(10000, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(-5, 3, 1).unwrap(),
        ] {
            let mut out = Vec::new();
            write_date(&mut out, date);
            assert_eq!(String::from_utf8(out).unwrap(), date.to_string());
        }
    }

    proptest! {
        #[test]
        fn any_month_is_written_like_display(year in -20_000i32..20_000, m in 1u32..=12) {
            let month = Month::of(NaiveDate::from_ymd_opt(year, m, 1).unwrap());
            let mut out = Vec::new();
            write_month(&mut out, month);
            prop_assert_eq!(String::from_utf8(out).unwrap(), format!("{:04}-{:02}", year, m));
            let mut text = String::from("in ");
            push_month(&mut text, month);
            prop_assert_eq!(text, format!("in {month}"));
        }

        #[test]
        fn any_decimal_is_written_like_display(
            lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(),
            negative in any::<bool>(), scale in 0u32..=28,
        ) {
            let value = Decimal::from_parts(lo, mid, hi, negative, scale);
            prop_assert_eq!(decimal_text(value), value.to_string());
        }

        #[test]
        fn money_sized_decimals_are_written_like_display(
            mantissa in any::<u64>(), negative in any::<bool>(), scale in 0u32..=28,
        ) {
            let value = Decimal::from_parts(mantissa as u32, (mantissa >> 32) as u32, 0, negative, scale);
            prop_assert_eq!(decimal_text(value), value.to_string());
        }

        #[test]
        fn any_integer_is_written_like_display(value in any::<u64>()) {
            let mut out = Vec::new();
            write_u64(&mut out, value);
            prop_assert_eq!(String::from_utf8(out).unwrap(), value.to_string());
        }

        #[test]
        fn any_date_is_written_like_chrono(days in -400_000i32..4_000_000) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let mut out = Vec::new();
            write_date(&mut out, date);
            prop_assert_eq!(String::from_utf8(out).unwrap(), date.to_string());
            let mut text = String::from("on ");
            push_date(&mut text, date);
            prop_assert_eq!(text, format!("on {date}"));
        }

        #[test]
        fn any_integer_is_pushed_like_display(value in any::<u64>()) {
            let mut text = String::from("n=");
            push_u64(&mut text, value);
            prop_assert_eq!(text, format!("n={value}"));
        }
    }
}
