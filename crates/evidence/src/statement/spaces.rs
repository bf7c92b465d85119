//! Runs of whitespace in descriptions and names, collapsed to single spaces.

/// `s` with leading and trailing whitespace removed and every inner run made one space.
pub(crate) fn normalise_space(s: &str) -> String {
    // Built in one buffer (this runs for every description and name). ASCII text, nearly all of
    // it, is split on the bytes `char::is_whitespace` accepts there (space, tab to CR), which is
    // what `split_whitespace` does for it, without decoding characters.
    if is_normal_ascii(s.as_bytes()) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    if !s.is_ascii() {
        for word in s.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        return out;
    }
    let bytes = s.as_bytes();
    let is_space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !is_space(bytes[i]) {
            i += 1;
        }
        if start < i {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s[start..i]);
        }
    }
    out
}

/// [`normalise_space`] of an owned `s`, which is kept as it is when already in normal form.
pub(crate) fn normalise_space_owned(s: String) -> String {
    if is_normal_ascii(s.as_bytes()) {
        s
    } else {
        normalise_space(&s)
    }
}

/// Whether `bytes` is ASCII already in normal form: no whitespace but single inner spaces. Most
/// descriptions and names are; the check has no early exit, so the compiler does it many bytes
/// at a time.
fn is_normal_ascii(bytes: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    let odd = bytes.iter().fold(false, |odd, &b| {
        odd | (b >= 0x80) | (b.wrapping_sub(b'\t') <= b'\r' - b'\t')
    });
    let doubled = bytes
        .iter()
        .zip(&bytes[1..])
        .fold(false, |doubled, (&a, &b)| {
            doubled | ((a == b' ') & (b == b' '))
        });
    !odd && !doubled && first != b' ' && last != b' '
}

#[cfg(test)]
mod tests {
    use super::{normalise_space, normalise_space_owned};

    #[test]
    fn normalise_space_matches_split_whitespace() {
        // The ASCII fast path must split where `split_whitespace` does, vertical tab and form
        // feed included; other text takes the general path.
        for s in [
            "",
            "   ",
            "a",
            " a  b\tc\r\nd ",
            "a\u{b}b\u{c}c",
            "x\u{1}y",
            "Zahlung\u{a0}Miete  März",
            "\u{2003}a\u{85}b ",
            "a b",
            "a  b",
            " a",
            "a ",
            "\ta",
            "a\n",
        ] {
            let expected = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(normalise_space(s), expected, "{s:?}");
            assert_eq!(normalise_space_owned(s.to_owned()), expected, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_collapses_as_split_whitespace_does(s in "[ \t\r\n\u{b}\u{c}\u{a0}\u{2003}a-zä]{0,40}") {
            let expected = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(&normalise_space(&s), &expected);
            proptest::prop_assert_eq!(normalise_space_owned(s.clone()), expected);
        }
    }
}
