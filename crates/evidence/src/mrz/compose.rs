//! Writing MRZ lines from field values: the inverse of the reader, used to issue visas and to
//! test the reader on lines it did not write itself.

use super::check_digit::check_digit_of_parts;
use super::MrzFormat;

/// Field values as they go into the MRZ (already upper case, `A-Z0-9<`, within their widths).
pub(crate) struct Fields<'a> {
    /// One or two characters.
    pub document_code: &'a str,
    /// One to three characters.
    pub issuer: &'a str,
    /// `PRIMARY<<SECONDARY`, at most the name field's width.
    pub name: &'a str,
    /// At most 9 characters, or for TD1 and TD2 longer ones that fit in the optional data.
    pub number: &'a str,
    pub nationality: &'a str,
    /// `YYMMDD`.
    pub birth: &'a str,
    pub sex: char,
    /// `YYMMDD`.
    pub expiry: &'a str,
    pub optional: &'a str,
    /// TD1 only.
    pub optional2: &'a str,
}

/// The lines of `format` holding `f`.
pub(crate) fn compose(format: MrzFormat, f: &Fields<'_>) -> Vec<String> {
    let len = format.line_length();
    let digit = |parts: &[&str]| check_digit_of_parts(parts).map_or('?', |d| char::from(b'0' + d));
    // Long TD1/TD2 numbers: nine characters, '<', the rest + check digit + '<' in the optional data.
    let long = f.number.len() > 9;
    let (number, number_digit, optional) = if long {
        let cont = format!("{}{}<{}", &f.number[9..], digit(&[f.number]), f.optional);
        (&f.number[..9], '<', cont)
    } else {
        (f.number, digit(&[&pad(f.number, 9)]), f.optional.to_owned())
    };
    let mut first = String::with_capacity(len);
    first.push_str(&pad(f.document_code, 2));
    first.push_str(&pad(f.issuer, 3));
    match format {
        MrzFormat::Td1 => {
            first.push_str(&pad(number, 9));
            first.push(number_digit);
            first.push_str(&pad(&optional, 15));
            let mut second = String::with_capacity(len);
            second.push_str(f.birth);
            second.push(digit(&[f.birth]));
            second.push(f.sex);
            second.push_str(f.expiry);
            second.push(digit(&[f.expiry]));
            second.push_str(&pad(f.nationality, 3));
            second.push_str(&pad(f.optional2, 11));
            let composite = digit(&[
                &first[5..30],
                &second[0..7],
                &second[8..15],
                &second[18..29],
            ]);
            second.push(composite);
            vec![first, second, pad(f.name, 30)]
        }
        _ => {
            first.push_str(&pad(f.name, len - 5));
            let mut second = String::with_capacity(len);
            second.push_str(&pad(number, 9));
            second.push(number_digit);
            second.push_str(&pad(f.nationality, 3));
            second.push_str(f.birth);
            second.push(digit(&[f.birth]));
            second.push(f.sex);
            second.push_str(f.expiry);
            second.push(digit(&[f.expiry]));
            match format {
                MrzFormat::Td3 => {
                    let personal = pad(&optional, 14);
                    second.push_str(&personal);
                    let empty = personal.bytes().all(|b| b == b'<');
                    second.push(if empty { '<' } else { digit(&[&personal]) });
                    let composite = digit(&[&second[0..10], &second[13..20], &second[21..43]]);
                    second.push(composite);
                }
                MrzFormat::Td2 => {
                    second.push_str(&pad(&optional, 7));
                    let composite = digit(&[&second[0..10], &second[13..20], &second[21..35]]);
                    second.push(composite);
                }
                _ => second.push_str(&pad(&optional, len - 28)),
            }
            vec![first, second]
        }
    }
}

/// `s` filled with `<` to `width` characters (callers keep `s` within `width`).
pub(crate) fn pad(s: &str, width: usize) -> String {
    debug_assert!(s.len() <= width, "{s:?} is wider than {width}");
    let mut out = String::with_capacity(width);
    out.push_str(s);
    while out.len() < width {
        out.push('<');
    }
    out
}
