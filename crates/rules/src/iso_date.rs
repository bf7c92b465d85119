//! Serde adapters that read dates strictly as `YYYY-MM-DD` strings and write them the same way.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serializer};

/// Reads a required date.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    neonomad_core::deserialize_str_with(d, neonomad_core::parse_date)
}

/// Writes a date.
pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// A date read from a string, so that `Option` can wrap it.
struct IsoDate(NaiveDate);

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize(d).map(IsoDate)
    }
}

/// The same for optional dates (`null` or absent is `None`).
pub mod option {
    use super::*;

    /// Reads an optional date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(<Option<IsoDate>>::deserialize(d)?.map(|date| date.0))
    }

    /// Writes an optional date.
    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }
}
