//! Bytes looked at eight at a time, as one `u64` word: searches for text that is usually too
//! short for `memchr`'s set-up to pay (tags, names, `:86:` parts, lines).

/// Eight copies of byte `b` in a word.
pub(super) const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// Eight bytes as a little-endian word (the first byte lowest).
#[inline]
pub(super) fn word(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(bytes);
    u64::from_le_bytes(w)
}

/// The high bit of each byte of `x` that is zero may be set, and the lowest bit set is exactly
/// the high bit of the first zero byte (bytes above it may show false hits from the borrow).
#[inline]
pub(super) fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(splat(1)) & !x & splat(0x80)
}

/// The index of the byte holding the lowest bit set in `hits`.
#[inline]
pub(super) fn first_byte(hits: u64) -> usize {
    (hits.trailing_zeros() / 8) as usize
}

/// The first `needle` in `haystack`, eight bytes at a time: `:86:` parts and lines are short, so
/// `memchr`'s set-up cost more than it saved, and a byte loop twice what this does.
pub(super) fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    let mut chunks = haystack.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let hits = zero_bytes(word(chunk) ^ splat(needle));
        if hits != 0 {
            return Some(at + first_byte(hits));
        }
        at += 8;
    }
    let rest = chunks.remainder();
    rest.iter().position(|&c| c == needle).map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::find_byte;
    use proptest::strategy::Just;

    proptest::proptest! {
        #[test]
        fn find_byte_finds_the_first(haystack in proptest::collection::vec(proptest::prop_oneof![Just(b'?'), Just(0u8), Just(0x3Eu8), Just(0x40u8), Just(0xBFu8), proptest::num::u8::ANY], 0..40)) {
            proptest::prop_assert_eq!(find_byte(&haystack, b'?'), haystack.iter().position(|&c| c == b'?'));
        }
    }
}
