//! Decimal money amounts, parsed from strings only: money never passes through floating point.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Why a string is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not an amount: {reason} (write a decimal string such as \"3500.00\")")]
pub struct AmountError {
    value: String,
    reason: &'static str,
}

/// A decimal amount of money as written, e.g. `"4100.00"`; its currency travels beside it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(Decimal);

impl Amount {
    /// Zero, with two decimal places.
    pub const ZERO: Amount = Amount(Decimal::from_parts(0, 0, 0, false, 2));

    /// Parses `-?digits(.digits)?`: no exponent, sign `+`, spaces or group separators.
    pub fn parse(value: &str) -> Result<Self, AmountError> {
        let err = |reason| AmountError {
            value: value.to_owned(),
            reason,
        };
        let digits = value.strip_prefix('-').unwrap_or(value);
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (digits, None),
        };
        if int.is_empty() {
            return Err(err("no digits before the decimal point"));
        }
        if frac == Some("") {
            return Err(err("no digits after the decimal point"));
        }
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(int) || !frac.is_none_or(all_digits) {
            return Err(err("only digits, one '.' and a leading '-' are allowed"));
        }
        if int.len() + frac.map_or(0, str::len) > 26 {
            return Err(err("too many digits"));
        }
        Decimal::from_str_exact(value)
            .map(Amount)
            .map_err(|_| err("out of range"))
    }

    /// Wraps a decimal computed elsewhere.
    pub fn from_decimal(value: Decimal) -> Self {
        Amount(value)
    }

    /// The decimal value.
    pub fn value(&self) -> Decimal {
        self.0
    }

    /// Number of digits after the decimal point as written.
    pub fn decimal_places(&self) -> u32 {
        self.0.scale()
    }

    /// Rounds half away from zero to whole cents and always shows two decimals.
    pub fn round_cents(value: Decimal) -> Amount {
        let mut v = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        v.rescale(2);
        Amount(v)
    }

    /// Formats with thousands separators for people: `3,000.00`.
    pub fn grouped(&self) -> String {
        let mut plain = Vec::with_capacity(32);
        crate::write_decimal(&mut plain, self.0);
        let (sign, digits) = match plain.split_first() {
            Some((b'-', rest)) => ("-", rest),
            _ => ("", plain.as_slice()),
        };
        let int_len = digits
            .iter()
            .position(|&b| b == b'.')
            .unwrap_or(digits.len());
        let mut out = String::with_capacity(plain.len() + int_len / 3);
        out.push_str(sign);
        for (i, &digit) in digits[..int_len].iter().enumerate() {
            if i > 0 && (int_len - i) % 3 == 0 {
                out.push(',');
            }
            out.push(char::from(digit));
        }
        out.push_str(std::str::from_utf8(&digits[int_len..]).expect("ASCII digits"));
        out
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The same text and padding as `Decimal`'s Display, without its slower digit loop.
        let mut text = Vec::with_capacity(32);
        crate::write_decimal(&mut text, self.0);
        let text = std::str::from_utf8(&text).expect("ASCII digits");
        let digits = text.strip_prefix('-').unwrap_or(text);
        f.pad_integral(!self.0.is_sign_negative(), "", digits)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.0)
    }
}

impl FromStr for Amount {
    type Err = AmountError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal string such as \"3500.00\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
                Amount::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_plain_decimal_strings() {
        assert_eq!(Amount::parse("4100.00").unwrap().to_string(), "4100.00");
        assert_eq!(Amount::parse("-0.5").unwrap().to_string(), "-0.5");
        assert_eq!(Amount::parse("17").unwrap().decimal_places(), 0);
    }

    #[test]
    fn rejects_what_a_person_might_mistype() {
        for bad in [
            "",
            "-",
            ".5",
            "5.",
            "1,000.00",
            "1 000",
            "+5",
            "1e3",
            "NaN",
            "12.3.4",
            "€5",
            "123456789012345678901234567",
        ] {
            assert!(Amount::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn json_numbers_are_refused_so_no_float_sneaks_in() {
        let err = serde_json::from_str::<Amount>("3500.5").unwrap_err();
        assert!(err.to_string().contains("decimal string"), "{err}");
        let ok: Amount = serde_json::from_str("\"3500.50\"").unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"3500.50\"");
    }

    #[test]
    fn rounds_half_away_from_zero_to_cents() {
        let d = |s| Decimal::from_str_exact(s).unwrap();
        assert_eq!(Amount::round_cents(d("2.345")).to_string(), "2.35");
        assert_eq!(Amount::round_cents(d("2.344")).to_string(), "2.34");
        assert_eq!(Amount::round_cents(d("-2.345")).to_string(), "-2.35");
        assert_eq!(Amount::round_cents(d("7")).to_string(), "7.00");
    }

    #[test]
    fn groups_thousands_for_people() {
        assert_eq!(Amount::parse("2879.45").unwrap().grouped(), "2,879.45");
        assert_eq!(Amount::parse("117960").unwrap().grouped(), "117,960");
        assert_eq!(
            Amount::parse("-1234567.8").unwrap().grouped(),
            "-1,234,567.8"
        );
        assert_eq!(Amount::parse("999").unwrap().grouped(), "999");
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(units in -10_000_000_000i64..10_000_000_000, scale in 0u32..6) {
            let a = Amount::from_decimal(Decimal::new(units, scale));
            prop_assert_eq!(Amount::parse(&a.to_string()).unwrap(), a);
        }

        #[test]
        fn display_and_grouping_match_the_decimal(
            units in any::<i64>(), scale in 0u32..12, width in 0usize..30,
        ) {
            let d = Decimal::new(units, scale);
            let a = Amount::from_decimal(d);
            prop_assert_eq!(a.to_string(), d.to_string());
            prop_assert_eq!(format!("{a:>width$}"), format!("{d:>width$}"));
            prop_assert_eq!(format!("{a:<width$}"), format!("{d:<width$}"));
            prop_assert_eq!(a.grouped().replace(',', ""), d.to_string());
            let int_part = a.grouped().trim_start_matches('-').split('.').next().unwrap().to_owned();
            prop_assert!(int_part.split(',').skip(1).all(|g| g.len() == 3), "{}", a.grouped());
            prop_assert!(int_part.split(',').next().is_some_and(|g| (1..=3).contains(&g.len())));
        }
    }
}
