//! Reading a value from a string field without copying the string first.
//!
//! serde's `Cow<str>` and `String` always allocate; codes, dates and ids are parsed straight
//! from the borrowed text instead (a batch line has dozens of them).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

/// Deserializes a string field and hands the text to `parse`; its error becomes the
/// deserializer's custom error. A non-string is rejected as "expected a string".
pub fn deserialize_str_with<'de, D, T, E, F>(d: D, parse: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    E: fmt::Display,
    F: FnOnce(&str) -> Result<T, E>,
{
    d.deserialize_str(ParseStr(parse, PhantomData))
}

struct ParseStr<F, T>(F, PhantomData<fn() -> T>);

impl<T, E, F> Visitor<'_> for ParseStr<F, T>
where
    E: fmt::Display,
    F: FnOnce(&str) -> Result<T, E>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<T, Er> {
        (self.0)(v).map_err(Er::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_len(text: &str) -> Result<usize, String> {
        let mut de = serde_json::Deserializer::from_str(text);
        deserialize_str_with(&mut de, |s| {
            if s.is_empty() {
                Err("empty".to_string())
            } else {
                Ok(s.len())
            }
        })
        .map_err(|e| e.to_string())
    }

    #[test]
    fn borrowed_escaped_and_rejected_strings() {
        assert_eq!(parse_len("\"abc\""), Ok(3));
        assert_eq!(parse_len("\"a\\u0062c\\n\""), Ok(4));
        assert!(parse_len("\"\"").unwrap_err().contains("empty"));
        let wrong = parse_len("5").unwrap_err();
        assert!(wrong.contains("expected a string"), "{wrong}");
    }
}
