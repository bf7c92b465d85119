//! Numbers and dates as bank CSV exports write them: `1.234,56`, `-1,234.56`, `(12.50)`,
//! `12,50-`; dates in the profile's formats, a time after the date ignored.

use chrono::Datelike as _;
use neonomad_core::{Decimal, NaiveDate};

/// Parses an amount with the given decimal separator and optional thousands separator.
/// Accepted signs: leading `-`/`+`, trailing `-`, accounting parentheses. Digit groups must be
/// of three, so a misconfigured separator is an error rather than a wrong amount.
pub(crate) fn parse_amount(
    text: &str,
    decimal: char,
    thousands: Option<char>,
) -> Result<Decimal, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty".to_owned());
    }
    let (mut negative, mut body) = match t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (true, inner.trim()),
        None => (false, t),
    };
    if let Some(rest) = body.strip_suffix('-') {
        negative = !negative;
        body = rest.trim_end();
    } else if let Some(rest) = body.strip_prefix('-') {
        negative = !negative;
        body = rest.trim_start();
    } else if let Some(rest) = body.strip_prefix('+') {
        body = rest.trim_start();
    }
    let (int, frac) = match body.rfind(decimal) {
        Some(at) => (&body[..at], Some(&body[at + decimal.len_utf8()..])),
        None => (body, None),
    };
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let groups: Vec<&str> = match thousands {
        Some(sep) => int.split(sep).collect(),
        None => vec![int],
    };
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let int_digits: String = groups.concat();
    let int_ok = (!int_digits.is_empty() || frac.is_some())
        && int_digits.bytes().all(|b| b.is_ascii_digit());
    if !(frac_ok && grouped_ok && int_ok) {
        return Err(amount_hint(body, decimal, thousands));
    }
    let digits = int_digits.len() + frac.map_or(0, str::len);
    if digits > 28 {
        return Err("too many digits for an amount".to_owned());
    }
    let normal = match frac {
        Some(f) => format!(
            "{}.{f}",
            if int_digits.is_empty() {
                "0"
            } else {
                &int_digits
            }
        ),
        None => int_digits,
    };
    let value = Decimal::from_str_exact(&normal).map_err(|_| "out of range".to_owned())?;
    Ok(if negative && !value.is_zero() {
        -value
    } else {
        value
    })
}

/// What went wrong, with the likely fix when the separators look swapped.
fn amount_hint(body: &str, decimal: char, thousands: Option<char>) -> String {
    let expected = match (decimal, thousands) {
        (',', Some(t)) => format!("a number such as -1{t}234,56"),
        (',', None) => "a number such as -1234,56".to_owned(),
        (_, Some(t)) => format!("a number such as -1{t}234.56"),
        (_, None) => "a number such as -1234.56".to_owned(),
    };
    let other = if decimal == ',' { '.' } else { ',' };
    let fix = if decimal == '.' && thousands.is_none() && body.contains(',') && !body.contains('.')
    {
        "; set thousands_separator ',' if the comma groups thousands, or decimal_separator ',' if it is a decimal comma"
    } else if body.rfind(['.', ',']).map(|i| &body[i..i + 1])
        == Some(other.encode_utf8(&mut [0; 4]))
    {
        if decimal == '.' {
            "; it looks like a decimal comma: set decimal_separator ',' (and thousands_separator '.')"
        } else {
            "; it looks like a decimal point: set decimal_separator '.' (and thousands_separator ',')"
        }
    } else if body
        .chars()
        .any(|c| !c.is_ascii_digit() && c != decimal && Some(c) != thousands)
    {
        "; only digits, separators and a sign are allowed (no currency symbols)"
    } else {
        ""
    };
    format!("expected {expected}{fix}")
}

/// Parses a date with the first format that reads it; a time after the date (`2025-01-31
/// 14:02:11`, `...T14:02`) is ignored.
pub(crate) fn parse_date(text: &str, formats: &[String]) -> Result<NaiveDate, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty".to_owned());
    }
    for format in formats {
        if let Ok((date, rest)) = NaiveDate::parse_and_remainder(t, format) {
            // `%Y` also reads `25` as the year 25: such a date is the next format's business.
            if (rest.is_empty() || rest.starts_with([' ', 'T', '\t'])) && date.year() >= 1000 {
                return Ok(date);
            }
        }
    }
    Err(format!(
        "not a date in the format {} (or not a calendar day)",
        formats
            .iter()
            .map(|f| format!("{f:?}"))
            .collect::<Vec<_>>()
            .join(" or ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn amounts_in_every_common_notation() {
        for (text, dec, th, want) in [
            ("1234.56", '.', None, "1234.56"),
            ("-1,234.56", '.', Some(','), "-1234.56"),
            ("1.234,56", ',', Some('.'), "1234.56"),
            ("-1.234.567,00", ',', Some('.'), "-1234567.00"),
            ("12,50-", ',', None, "-12.50"),
            ("(12.50)", '.', None, "-12.50"),
            ("+3", '.', None, "3"),
            ("1 234,5", ',', Some(' '), "1234.5"),
            ("1'234.50", '.', Some('\''), "1234.50"),
            (",5", ',', None, "0.5"),
            ("0,00", ',', Some('.'), "0.00"),
            ("-0.00", '.', None, "0.00"),
            (" 42 ", '.', None, "42"),
        ] {
            let got = parse_amount(text, dec, th).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(got, d(want), "{text}");
            assert_eq!(got.to_string(), want, "{text} keeps its decimal places");
        }
    }

    #[test]
    fn wrong_separators_are_errors_with_a_fix() {
        let e = parse_amount("1.234,56", '.', None).unwrap_err();
        assert!(e.contains("set decimal_separator ','"), "{e}");
        let e = parse_amount("1,234.56", ',', Some('.')).unwrap_err();
        assert!(e.contains("decimal point"), "{e}");
        let e = parse_amount("1,234", '.', None).unwrap_err();
        assert!(e.contains("thousands_separator ','"), "{e}");
        let e = parse_amount("$12", '.', None).unwrap_err();
        assert!(e.contains("no currency symbols"), "{e}");
        for bad in [
            "",
            "-",
            "12.",
            "1.23.4",
            "12,3456.00",
            "1,23,456.00",
            "--1",
            "1e5",
        ] {
            assert!(
                parse_amount(bad, '.', Some(',')).is_err(),
                "{bad:?} accepted"
            );
        }
        assert!(parse_amount(&"9".repeat(30), '.', None).is_err());
    }

    #[test]
    fn dates_in_the_profile_formats() {
        let f = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let day = NaiveDate::from_ymd_opt(2025, 1, 31).unwrap();
        assert_eq!(parse_date("31.01.2025", &f(&["%d.%m.%Y"])), Ok(day));
        assert_eq!(
            parse_date("31.01.25", &f(&["%d.%m.%Y", "%d.%m.%y"])),
            Ok(day)
        );
        assert_eq!(parse_date("01/31/2025", &f(&["%m/%d/%Y"])), Ok(day));
        assert_eq!(
            parse_date("2025-01-31 23:59:00", &f(&["%Y-%m-%d"])),
            Ok(day)
        );
        assert_eq!(parse_date("2025-01-31T23:59", &f(&["%Y-%m-%d"])), Ok(day));
        let e = parse_date("30.02.2025", &f(&["%d.%m.%Y"])).unwrap_err();
        assert!(e.contains("\"%d.%m.%Y\""), "{e}");
        assert!(parse_date("2025-01-31x", &f(&["%Y-%m-%d"])).is_err());
        assert!(parse_date("", &f(&["%Y-%m-%d"])).is_err());
    }
}
