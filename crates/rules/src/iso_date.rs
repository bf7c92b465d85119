//! Serde adapters that read dates strictly as `YYYY-MM-DD` strings and write them the same way.

use chrono::NaiveDate;
use serde::{de, Deserialize, Deserializer, Serializer};

/// Reads a required date.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    neonomad_core::parse_date(&s).map_err(de::Error::custom)
}

/// Writes a date.
pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// The same for optional dates (`null` or absent is `None`).
pub mod option {
    use super::*;

    /// Reads an optional date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let s = <Option<std::borrow::Cow<'de, str>>>::deserialize(d)?;
        s.map(|s| neonomad_core::parse_date(&s).map_err(de::Error::custom))
            .transpose()
    }

    /// Writes an optional date.
    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }
}
