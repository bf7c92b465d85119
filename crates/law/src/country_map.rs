//! A map keyed by country code, stored as a flat array of 26 x 26 slots so that a lookup is one
//! index computation (country lookups run many times per assessment).

use neonomad_core::CountryCode;

/// One slot per possible two-letter code.
#[derive(Clone, Debug)]
pub(crate) struct CountryMap<T> {
    slots: Vec<Option<T>>,
}

impl<T> Default for CountryMap<T> {
    fn default() -> Self {
        CountryMap {
            slots: std::iter::repeat_with(|| None).take(26 * 26).collect(),
        }
    }
}

fn slot(code: CountryCode) -> usize {
    // CountryCode guarantees two ASCII upper-case letters.
    let b = code.as_str().as_bytes();
    usize::from(b[0] - b'A') * 26 + usize::from(b[1] - b'A')
}

impl<T> CountryMap<T> {
    /// The value for a code.
    pub fn get(&self, code: CountryCode) -> Option<&T> {
        self.slots[slot(code)].as_ref()
    }

    /// Sets the value for a code, returning the previous one.
    pub fn insert(&mut self, code: CountryCode, value: T) -> Option<T> {
        self.slots[slot(code)].replace(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_of_the_alphabet_map_to_distinct_slots() {
        let mut m = CountryMap::default();
        for (i, c) in ["AA", "AZ", "ZA", "ZZ", "KZ"].iter().enumerate() {
            assert!(m.insert(CountryCode::parse(c).unwrap(), i).is_none());
        }
        assert_eq!(m.get(CountryCode::parse("ZZ").unwrap()), Some(&3));
        assert_eq!(m.get(CountryCode::parse("KZ").unwrap()), Some(&4));
        assert_eq!(m.get(CountryCode::parse("DE").unwrap()), None);
    }
}
