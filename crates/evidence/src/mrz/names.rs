//! Names in the MRZ: splitting the primary and secondary identifiers out of a name field, and
//! writing a name into one (transliteration to `A-Z`, `<` between components, truncation).

use std::borrow::Cow;

/// Splits a name field into (surname, given names): `<<` separates them, `<` separates the
/// components of each and reads as a space; trailing fillers are dropped.
pub(crate) fn split_name(field: &str) -> (Cow<'_, str>, Cow<'_, str>) {
    let field = field.trim_end_matches('<');
    let separator = field.as_bytes().windows(2).position(|w| w == b"<<");
    let (primary, secondary) = match separator {
        Some(i) => (&field[..i], &field[i + 2..]),
        None => (field, ""),
    };
    (components(primary), components(secondary))
}

/// `A<B<<C` -> `A B C`; borrows when there is only one component.
fn components(s: &str) -> Cow<'_, str> {
    let s = s.trim_matches('<');
    if !s.contains('<') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for part in s.split('<').filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    Cow::Owned(out)
}

/// A name component that cannot be written in an MRZ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Untransliterable(pub char);

/// Writes one identifier (surname or given names) with the characters Doc 9303 Part 3 allows:
/// letters upper-cased and transliterated (Latin diacritics, Cyrillic), spaces and hyphens as
/// `<`, apostrophes, full stops and commas dropped. Unlisted characters are an error rather than
/// a guess.
pub(crate) fn transliterate(s: &str) -> Result<String, Untransliterable> {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_uppercase());
            continue;
        }
        match c {
            ' ' | '-' | '‐' | '‑' | '<' => {
                if !out.is_empty() && !out.ends_with('<') {
                    out.push('<');
                }
            }
            '\'' | '’' | '‘' | 'ʼ' | '.' | ',' => {}
            'ß' => out.push_str("SS"),
            _ => {
                // Upper-casing first lets one table serve both cases ('ı' becomes 'I').
                let mut upper = c.to_uppercase();
                let one = match (upper.next(), upper.next()) {
                    (Some(u), None) => u,
                    _ => c,
                };
                if one.is_ascii_uppercase() {
                    out.push(one);
                } else {
                    let text = latin(one).or_else(|| cyrillic(one));
                    out.push_str(text.ok_or(Untransliterable(c))?);
                }
            }
        }
    }
    Ok(out.trim_end_matches('<').to_owned())
}

/// Doc 9303 Part 3 transliterations of Latin letters with diacritics (upper case).
fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ā' | 'Ă' | 'Ą' => "A",
        'Ä' | 'Æ' => "AE",
        'Å' => "AA",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'Ð' | 'Ď' | 'Đ' => "D",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'Ĥ' | 'Ħ' => "H",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'Ĳ' => "IJ",
        'Ĵ' => "J",
        'Ķ' => "K",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => "N",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'Ö' | 'Ø' | 'Œ' => "OE",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ẞ' => "SS",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'Þ' => "TH",
        'Ù' | 'Ú' | 'Û' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'Ü' => "UE",
        'Ŵ' => "W",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    })
}

/// Doc 9303 Part 3 transliterations of Cyrillic letters (upper case); the soft sign is dropped.
fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'А' => "A",
        'Б' => "B",
        'В' => "V",
        'Г' | 'Ґ' => "G",
        'Ѓ' => "GJ",
        'Д' => "D",
        'Ђ' => "D",
        'Е' | 'Ё' | 'Э' => "E",
        'Є' => "IE",
        'Ж' => "ZH",
        'З' => "Z",
        'Ѕ' | 'Џ' => "DZ",
        'И' | 'І' | 'Ї' | 'Й' => "I",
        'Ј' => "J",
        'К' => "K",
        'Ќ' => "KJ",
        'Л' => "L",
        'Љ' => "LJ",
        'М' => "M",
        'Н' => "N",
        'Њ' => "NJ",
        'О' => "O",
        'П' => "P",
        'Р' => "R",
        'С' => "S",
        'Т' => "T",
        'Ћ' => "C",
        'У' | 'Ў' => "U",
        'Ф' => "F",
        'Х' => "KH",
        'Ц' => "TS",
        'Ч' => "CH",
        'Ш' => "SH",
        'Щ' => "SHCH",
        'Ъ' => "IE",
        'Ы' => "Y",
        'Ь' => "",
        'Ю' => "IU",
        'Я' => "IA",
        _ => return None,
    })
}

/// Lays out `PRIMARY<<SECONDARY` in `width` characters, padded with `<`.
///
/// When it does not fit: the primary identifier keeps at most `width - 3` characters so that
/// the secondary identifier keeps at least its initial; the secondary identifier is cut at the
/// end of the field; and a cut that would leave a `<` in the last position ends instead with
/// the initial of the next component, so that a truncated field always ends with a letter
/// (Doc 9303's sign of possible truncation).
pub(crate) fn layout_name(primary: &str, secondary: &str, width: usize) -> String {
    let mut out = String::with_capacity(width);
    if secondary.is_empty() {
        out.push_str(primary);
    } else {
        let room_for_primary = width.saturating_sub(3);
        let primary =
            if primary.len() + 2 + secondary.len() > width && primary.len() > room_for_primary {
                cut(primary, room_for_primary)
            } else {
                primary.to_owned()
            };
        out.push_str(&primary);
        out.push_str("<<");
        out.push_str(secondary);
    }
    if out.len() > width {
        out = cut(&out, width);
    }
    while out.len() < width {
        out.push('<');
    }
    out
}

/// The first `width` characters of an ASCII MRZ name, ending with a letter where the cut falls
/// on a filler: `...JOHN<|PAUL` becomes `...JOH<P`.
fn cut(s: &str, width: usize) -> String {
    let b = s.as_bytes();
    if b.len() <= width {
        return s.to_owned();
    }
    let mut out = s[..width].to_owned();
    if width >= 2 && b[width - 1] == b'<' {
        if let Some(next) = b[width..].iter().find(|&&c| c != b'<') {
            out.truncate(width - 2);
            out.push('<');
            out.push(char::from(*next));
        }
    }
    out.trim_end_matches('<').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_primary_and_secondary_identifiers() {
        let s = |f| {
            let (a, b) = split_name(f);
            (a.into_owned(), b.into_owned())
        };
        assert_eq!(
            s("ERIKSSON<<ANNA<MARIA<<<<<<<"),
            ("ERIKSSON".into(), "ANNA MARIA".into())
        );
        assert_eq!(
            s("CACADOR<DE<ARAUJO<<ANDRE<ESTEV"),
            ("CACADOR DE ARAUJO".into(), "ANDRE ESTEV".into())
        );
        assert_eq!(s("<<ANNA<MARIA<<<"), ("".into(), "ANNA MARIA".into()));
        assert_eq!(s("MONONYM<<<<<<"), ("MONONYM".into(), "".into()));
        assert_eq!(s("<<<<<<"), ("".into(), "".into()));
        assert_eq!(s("A<<<B"), ("A".into(), "B".into()));
    }

    #[test]
    fn single_components_are_borrowed() {
        let (a, b) = split_name("ERIKSSON<<ANNA<<<<");
        assert!(matches!(a, Cow::Borrowed("ERIKSSON")));
        assert!(matches!(b, Cow::Borrowed("ANNA")));
    }

    #[test]
    fn transliterates_per_doc_9303() {
        let t = |s| transliterate(s).unwrap();
        assert_eq!(t("Müller-Lüdenscheidt"), "MUELLER<LUEDENSCHEIDT");
        assert_eq!(t("Anna María"), "ANNA<MARIA");
        assert_eq!(t("O'Brien"), "OBRIEN");
        assert_eq!(t("Straße"), "STRASSE");
        assert_eq!(t("Øster  Ålund"), "OESTER<AALUND");
        assert_eq!(t("Щербаков"), "SHCHERBAKOV");
        assert_eq!(t("Юлия Ильина"), "IULIIA<ILINA");
        assert_eq!(t("  jean-luc "), "JEAN<LUC");
        assert_eq!(transliterate("李"), Err(Untransliterable('李')));
        assert_eq!(transliterate("Қайрат"), Err(Untransliterable('Қ')));
        assert_eq!(transliterate("R2D2"), Err(Untransliterable('2')));
    }

    #[test]
    fn lays_out_and_truncates_names() {
        assert_eq!(
            layout_name("ERIKSSON", "ANNA<MARIA", 30),
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
        );
        assert_eq!(
            layout_name("CACADOR<DE<ARAUJO", "ANDRE<ESTEVES", 30),
            "CACADOR<DE<ARAUJO<<ANDRE<ESTEV"
        );
        // The cut would end on a filler: end with the next component's initial instead.
        assert_eq!(layout_name("SMITH", "JOHN<PAUL", 12), "SMITH<<JOH<P");
        // A primary identifier too long for the field leaves room for the secondary's initial.
        assert_eq!(
            layout_name("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "JOHN", 20),
            "ABCDEFGHIJKLMNOPQ<<J"
        );
        assert_eq!(
            layout_name("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "", 20),
            "ABCDEFGHIJKLMNOPQRST"
        );
        assert_eq!(layout_name("", "ANNA", 10), "<<ANNA<<<<");
        for (p, s) in [
            ("A", "B"),
            ("LONGSURNAME<WITH<PARTS", "AND<MANY<GIVEN<NAMES<TOO"),
            ("X", ""),
        ] {
            for width in 5..45 {
                let out = layout_name(p, s, width);
                assert_eq!(out.len(), width, "{p} {s} {width}");
            }
        }
    }
}
