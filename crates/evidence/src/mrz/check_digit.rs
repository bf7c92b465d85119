//! The ICAO 9303 check digit: characters valued 0-9, A=10..Z=35, '<'=0, weighted 7-3-1, modulo 10.

/// The ICAO 9303 check digit of `s`, or `None` if `s` holds a character outside `0-9`, `A-Z`, `<`.
///
/// Lower-case letters count as outside the alphabet: an MRZ is upper case, and a reader that
/// quietly upper-cased them would hide an OCR fault.
pub fn check_digit(s: &str) -> Option<u8> {
    check_digit_of_parts(&[s])
}

/// The check digit over several fields read as one string, as the composite check digit is.
pub(crate) fn check_digit_of_parts(parts: &[&str]) -> Option<u8> {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    let mut weight = 0usize;
    let mut outside = 0u8;
    for part in parts {
        for &b in part.as_bytes() {
            let v = VALUES[usize::from(b)];
            outside |= v;
            sum += u32::from(v & VALUE_MASK) * WEIGHTS[weight];
            weight = if weight == 2 { 0 } else { weight + 1 };
        }
    }
    (outside & OUTSIDE == 0).then_some((sum % 10) as u8)
}

/// Whether every character of `s` is `0-9`, `A-Z` or `<`.
pub(crate) fn in_mrz_alphabet(s: &str) -> bool {
    // OR-ing table entries has no branch per byte; the lines are short and almost always clean.
    s.bytes().fold(0, |seen, b| seen | VALUES[usize::from(b)]) & OUTSIDE == 0
}

/// Marks a byte outside the MRZ alphabet in [`VALUES`].
const OUTSIDE: u8 = 0x80;
const VALUE_MASK: u8 = 0x3f;

/// The value of every byte: `0-9` -> 0-9, `A-Z` -> 10-35, `<` -> 0, anything else (including
/// every byte of a multi-byte UTF-8 character, all >= 0x80) -> [`OUTSIDE`]. A table keeps the
/// loop free of branches; it runs over some 80 characters per document.
static VALUES: [u8; 256] = {
    let mut table = [OUTSIDE; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            c @ b'0'..=b'9' => c - b'0',
            c @ b'A'..=b'Z' => c - b'A' + 10,
            b'<' => 0,
            _ => OUTSIDE,
        };
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn icao_worked_examples() {
        assert_eq!(check_digit("520727"), Some(3));
        assert_eq!(check_digit("AB2134<<<"), Some(5));
        assert_eq!(check_digit("L898902C3"), Some(6));
        assert_eq!(check_digit(""), Some(0));
    }

    #[test]
    fn characters_outside_the_mrz_alphabet_have_no_check_digit() {
        for bad in ["l898902c3", "L898 902C3", "L898902C3\n", "ÄB", "12-34"] {
            assert_eq!(check_digit(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn parts_are_weighted_as_one_string() {
        assert_eq!(
            check_digit_of_parts(&["L898902C36", "7408122", "1204159", "ZE184226B<<<<<1"]),
            check_digit("L898902C3674081221204159ZE184226B<<<<<1")
        );
    }

    proptest! {
        #[test]
        fn any_single_character_change_changes_the_digit(
            s in "[0-9A-Z<]{1,20}",
            at in any::<prop::sample::Index>(),
            c in "[0-9]",
        ) {
            // Changing one digit to another digit always changes the sum by w*(a-b) with w in
            // {1,3,7}, which is never a multiple of 10: the 7-3-1 scheme catches it.
            let i = at.index(s.len());
            let old = s.as_bytes()[i];
            let new = c.as_bytes()[0];
            prop_assume!(old.is_ascii_digit() && old != new);
            let mut changed = s.clone().into_bytes();
            changed[i] = new;
            let changed = String::from_utf8(changed).unwrap();
            prop_assert_ne!(check_digit(&s), check_digit(&changed));
        }
    }
}
