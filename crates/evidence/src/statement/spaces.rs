//! Runs of whitespace in descriptions and names, collapsed to single spaces.

/// `s` with leading and trailing whitespace removed and every inner run made one space.
pub(crate) fn normalise_space(s: &str) -> String {
    // Most descriptions and names are in normal form already; the others are built in one
    // buffer, as one piece.
    if is_normal_ascii(s.as_bytes()) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    push_normalised(&mut out, &mut false, s);
    out
}

/// `text.trim()`, without Unicode's tables for the text nearly every field is: at once when the
/// first and last bytes are visible ASCII, else ASCII whitespace is trimmed first, and only an
/// end that `trim` might trim further (a non-ASCII character or a vertical tab) takes the long
/// way.
pub(crate) fn trim(text: &str) -> &str {
    if let [first, .., last] = text.as_bytes() {
        if first.is_ascii_graphic() && last.is_ascii_graphic() {
            return text;
        }
    }
    let ascii = text.trim_ascii();
    let further = |b: Option<&u8>| b.is_some_and(|&b| b >= 0x80 || b == 0x0B);
    if further(ascii.as_bytes().first()) || further(ascii.as_bytes().last()) {
        text.trim()
    } else {
        ascii
    }
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
    single_spaced_ascii(bytes) && bytes.first() != Some(&b' ') && bytes.last() != Some(&b' ')
}

/// Whether `bytes` is ASCII whose only whitespace is single spaces. Or-ed without stopping early,
/// which the compiler turns into a vector loop.
fn single_spaced_ascii(bytes: &[u8]) -> bool {
    let odd = bytes.iter().fold(false, |odd, &b| {
        odd | (b >= 0x80) | (b.wrapping_sub(b'\t') <= b'\r' - b'\t')
    });
    let doubled = bytes
        .iter()
        .zip(bytes.get(1..).unwrap_or_default())
        .fold(false, |doubled, (&a, &b)| {
            doubled | ((a == b' ') & (b == b' '))
        });
    !odd && !doubled
}

/// Normalises pieces of one text: what `normalise_space` makes of the pieces joined, built piece
/// by piece without joining them (German `:86:` subfields, several to a description).
pub(crate) struct PieceNormaliser {
    /// The text is ASCII and its only whitespace is single spaces, so a piece needs only its
    /// ends trimmed: checked once for the text, not byte by byte for every piece.
    single_spaced: bool,
}

impl PieceNormaliser {
    /// For pieces of `text`.
    pub(crate) fn for_text(text: &str) -> PieceNormaliser {
        PieceNormaliser {
            single_spaced: single_spaced_ascii(text.as_bytes()),
        }
    }

    /// Appends `piece` (a part of the text) to `out`. `gap` carries a run of whitespace at the
    /// end of one piece to the next; `out` starts empty and `gap` false.
    pub(crate) fn push(&self, out: &mut String, gap: &mut bool, piece: &str) {
        if !self.single_spaced {
            return push_normalised(out, gap, piece);
        }
        // Only single spaces: inside the piece they stay, at its ends they join the gaps.
        // (`trim_ascii` trims only spaces here: the text has no other ASCII whitespace.)
        let core = piece.trim_ascii();
        if core.is_empty() {
            *gap |= !piece.is_empty();
            return;
        }
        if (*gap || piece.starts_with(' ')) && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(core);
        *gap = piece.ends_with(' ');
    }
}

/// Appends `piece` to `out` as part of a longer text being normalised: what `normalise_space`
/// makes of several pieces joined, built piece by piece without joining them. `gap` carries a
/// run of whitespace at the end of one piece to the next; `out` starts empty and `gap` false.
pub(crate) fn push_normalised(out: &mut String, gap: &mut bool, piece: &str) {
    if !piece.is_ascii() {
        for c in piece.chars() {
            if c.is_whitespace() {
                *gap = true;
            } else {
                if *gap && !out.is_empty() {
                    out.push(' ');
                }
                *gap = false;
                out.push(c);
            }
        }
        return;
    }
    // ASCII: split on the bytes `char::is_whitespace` accepts there, as `normalise_space` does.
    let bytes = piece.as_bytes();
    let is_space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let mut i = 0;
    while i < bytes.len() {
        if is_space(bytes[i]) {
            *gap = true;
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !is_space(bytes[i]) {
            i += 1;
        }
        if *gap && !out.is_empty() {
            out.push(' ');
        }
        *gap = false;
        out.push_str(&piece[start..i]);
    }
}

#[cfg(test)]
mod tests {
    use super::{normalise_space, normalise_space_owned, push_normalised, trim, PieceNormaliser};

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
        fn trim_is_str_trim(text in "[ \t\r\n\u{b}\u{c}\u{85}\u{a0}\u{2003}\u{3000}a-zé/!~]{0,12}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }

        #[test]
        fn any_text_collapses_as_split_whitespace_does(s in "[ \t\r\n\u{b}\u{c}\u{a0}\u{2003}a-zä]{0,40}") {
            let expected = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(&normalise_space(&s), &expected);
            proptest::prop_assert_eq!(normalise_space_owned(s.clone()), expected);
        }

        #[test]
        fn pieces_normalise_as_their_join_does(pieces in proptest::collection::vec("[ \t\r\n\u{b}\u{c}\u{a0}\u{2003}a-zä]{0,12}", 0..6)) {
            let mut out = String::new();
            let mut gap = false;
            for piece in &pieces {
                push_normalised(&mut out, &mut gap, piece);
            }
            proptest::prop_assert_eq!(out, normalise_space(&pieces.concat()));
        }

        #[test]
        fn pieces_of_one_text_normalise_as_the_text_does(text in "[ \t\r\u{b}a-dä?]{0,30}", cuts in proptest::collection::vec(0usize..30, 0..5)) {
            // Cut `text` into pieces (at char boundaries) and drop some, as subfields do.
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(text.len())).filter(|&c| text.is_char_boundary(c)).collect();
            cuts.sort_unstable();
            let mut pieces = Vec::new();
            let mut from = 0;
            for (i, &c) in cuts.iter().enumerate() {
                if i % 3 != 2 {
                    pieces.push(&text[from..c]);
                }
                from = c;
            }
            pieces.push(&text[from..]);
            let normaliser = PieceNormaliser::for_text(&text);
            let mut out = String::new();
            let mut gap = false;
            for piece in &pieces {
                normaliser.push(&mut out, &mut gap, piece);
            }
            proptest::prop_assert_eq!(out, normalise_space(&pieces.concat()));
        }
    }
}
