//! ISO 3166-1 alpha-2 country codes and ISO 4217 currency codes, checked for shape.
//!
//! Whether a well-shaped code is actually assigned is a fact of the law data (the ISO lists
//! ship in `law/params/`), so membership is checked by `neonomad-law`, not here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a string is not a country or currency code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// The string does not have the shape of the code.
    #[error("{value:?} is not {what} ({expected})")]
    Shape {
        value: String,
        what: &'static str,
        expected: &'static str,
    },
}

/// An ISO 3166-1 alpha-2 country code such as `DE` (upper-case ASCII letters only).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Kazakhstan.
    pub const KZ: CountryCode = CountryCode(*b"KZ");

    /// Parses exactly two upper-case ASCII letters.
    pub fn parse(value: &str) -> Result<Self, CodeError> {
        match value.as_bytes() {
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Ok(Self([*a, *b])),
            _ => Err(CodeError::Shape {
                value: value.to_owned(),
                what: "a country code",
                expected: "two upper-case letters, ISO 3166-1 alpha-2, e.g. \"DE\"",
            }),
        }
    }

    /// The code as a string slice.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

/// An ISO 4217 currency code such as `EUR` (upper-case ASCII letters only).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode([u8; 3]);

impl CurrencyCode {
    /// The US dollar, the currency of the income threshold.
    pub const USD: CurrencyCode = CurrencyCode(*b"USD");
    /// The euro, the base of the ECB reference rates.
    pub const EUR: CurrencyCode = CurrencyCode(*b"EUR");
    /// The Kazakhstan tenge.
    pub const KZT: CurrencyCode = CurrencyCode(*b"KZT");

    /// Parses exactly three upper-case ASCII letters.
    pub fn parse(value: &str) -> Result<Self, CodeError> {
        match value.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => Ok(Self([*a, *b, *c])),
            _ => Err(CodeError::Shape {
                value: value.to_owned(),
                what: "a currency code",
                expected: "three upper-case letters, ISO 4217, e.g. \"EUR\"",
            }),
        }
    }

    /// The code as a string slice.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

macro_rules! code_impls {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.as_str())
            }
        }
        impl FromStr for $t {
            type Err = CodeError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::deserialize_str_with(d, Self::parse)
            }
        }
    };
}
code_impls!(CountryCode);
code_impls!(CurrencyCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_must_be_two_upper_case_letters() {
        assert_eq!(CountryCode::parse("DE").unwrap().as_str(), "DE");
        for bad in ["de", "D", "DEU", "D1", "", "ÄB"] {
            assert!(CountryCode::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn currency_codes_must_be_three_upper_case_letters() {
        assert_eq!(CurrencyCode::parse("EUR").unwrap(), CurrencyCode::EUR);
        for bad in ["eur", "EU", "EURO", "E1R", ""] {
            assert!(CurrencyCode::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn codes_round_trip_through_json() {
        let c: CountryCode = serde_json::from_str("\"KZ\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"KZ\"");
        let err = serde_json::from_str::<CountryCode>("\"kz\"").unwrap_err();
        assert!(err.to_string().contains("two upper-case letters"), "{err}");
    }
}
