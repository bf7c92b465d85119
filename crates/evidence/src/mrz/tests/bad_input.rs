//! Bad input: each test names the fault and asserts the exact finding, never a correction.

use crate::mrz::{
    parse, CheckDigit, CheckedField, DiagnosticKind, Mrz, MrzError, MrzField, MrzFormat,
};
use neonomad_core::{parse_date, NaiveDate};

const TD3_1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
const TD3_2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
const TD1: [&str; 3] = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
];

fn as_of() -> NaiveDate {
    parse_date("2025-01-01").unwrap()
}

/// Parses text built for the test; leaking it keeps the borrowed result simple to hold.
fn parsed(text: String) -> Mrz<'static> {
    parse(Box::leak(text.into_boxed_str()), as_of()).unwrap()
}

fn td3(second: &str) -> String {
    format!("{TD3_1}\n{second}")
}

/// (line, column, field, code) of every diagnostic.
fn findings(mrz: &Mrz<'_>) -> Vec<(usize, usize, MrzField, &'static str)> {
    mrz.diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.field, d.kind.code()))
        .collect()
}

fn check(mrz: &Mrz<'_>, field: CheckedField) -> CheckDigit {
    *mrz.check(field).unwrap()
}

#[test]
fn the_clean_specimen_has_no_findings() {
    let mrz = parsed(td3(TD3_2));
    assert!(mrz.valid());
    assert!(mrz.diagnostics.is_empty(), "{:?}", mrz.diagnostics);
    assert_eq!(mrz.check_digits.len(), 5);
}

#[test]
fn line_endings_blank_lines_and_surrounding_whitespace_are_not_findings() {
    let clean = parsed(td3(TD3_2));
    let messy = format!("\r\n\n  {TD3_1}  \r\n\r\n{TD3_2}\t\r\n\n");
    let mrz = parsed(messy);
    assert_eq!(mrz, clean);
}

#[test]
fn a_short_line_names_the_line_its_length_and_the_expected_length() {
    let err = parse(&td3(&TD3_2[..43]), as_of()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2 has 43 characters, expected 44 for TD3"
    );
    let err = parse(&format!("{TD3_1}<\n{TD3_2}"), as_of()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1 has 45 characters, expected 44 for TD3"
    );
    let err = parse(
        &format!("{}\n{}\n{}", TD1[0], &TD1[1][..29], TD1[2]),
        as_of(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2 has 29 characters, expected 30 for TD1"
    );
}

#[test]
fn fillers_typed_as_trailing_spaces_get_a_hint() {
    let second = format!("{}     ", &TD3_2[..37]);
    let err = parse(&td3(&second), as_of()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2 has 37 characters, expected 44 for TD3 (whitespace around the line was ignored; write every filler as '<')"
    );
}

#[test]
fn spaces_that_lengthen_a_line_get_a_hint() {
    let second = format!("{} {}", &TD3_2[..9], &TD3_2[9..]);
    let err = parse(&td3(&second), as_of()).unwrap_err();
    assert_eq!(
        err,
        MrzError::LineLength {
            line: 2,
            length: 45,
            expected: 44,
            format: MrzFormat::Td3,
            hint: " (it has spaces inside; fillers are written '<')"
        }
    );
}

#[test]
fn one_line_four_lines_and_nothing_are_not_an_mrz() {
    let err = parse(TD3_1, as_of()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unrecognised layout: 1 lines of lengths [44]: expected 3 lines of 30 characters (TD1) or 2 lines of 36 (TD2, MRV-B) or 44 (TD3, MRV-A)"
    );
    let four = [TD3_1, TD3_2, TD3_1, TD3_2].join("\n");
    assert_eq!(
        parse(&four, as_of()).unwrap_err(),
        MrzError::Layout {
            count: 4,
            lengths: vec![44; 4]
        }
    );
    assert_eq!(parse(" \r\n\n\t", as_of()).unwrap_err(), MrzError::Empty);
    assert_eq!(parse("", as_of()).unwrap_err(), MrzError::Empty);
    let many = "A\n".repeat(20);
    let err = parse(&many, as_of()).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "unrecognised layout: 20 lines of lengths [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] ...:"
        ),
        "{err}"
    );
}

#[test]
fn lower_case_is_reported_once_per_line_and_not_corrected() {
    let first = TD3_1.replace("ERIKSSON", "Eriksson");
    let mrz = parsed(format!("{first}\n{TD3_2}"));
    assert_eq!(findings(&mrz), [(1, 7, MrzField::Line, "lower_case")]);
    assert_eq!(
        mrz.diagnostics[0].kind,
        DiagnosticKind::LowerCase { count: 7 }
    );
    assert_eq!(
        mrz.diagnostics[0].to_string(),
        "line 1, column 7, line: 7 lower-case letter(s) starting here; MRZ letters are upper case A-Z"
    );
    assert_eq!(mrz.surname, "Eriksson");
    // Names carry no check digit, so the check digits still hold.
    assert!(mrz.valid());
}

#[test]
fn lower_case_in_a_checked_field_has_no_computable_check_digit() {
    let second = TD3_2.replace("L898902C3", "l898902c3");
    let mrz = parsed(td3(&second));
    assert_eq!(findings(&mrz), [(2, 1, MrzField::Line, "lower_case")]);
    let doc = check(&mrz, CheckedField::DocumentNumber);
    assert_eq!((doc.expected, doc.found, doc.valid), (None, '6', false));
    assert!(!check(&mrz, CheckedField::Composite).valid);
    assert_eq!(mrz.document_number, "l898902c3");
}

#[test]
fn letter_o_for_zero_in_a_date_is_named_and_fails_its_check_digits() {
    let second = TD3_2.replace("7408122", "74O8122");
    let mrz = parsed(td3(&second));
    assert_eq!(
        findings(&mrz),
        [(2, 16, MrzField::BirthDate, "letter_in_numeric_field")]
    );
    assert_eq!(
        mrz.diagnostics[0].kind,
        DiagnosticKind::LetterInNumericField {
            found: 'O',
            likely: Some('0')
        }
    );
    assert_eq!(mrz.birth_date.raw, "74O812");
    assert_eq!(mrz.birth_date.date, None);
    let birth = check(&mrz, CheckedField::BirthDate);
    assert_eq!(
        (
            birth.expected,
            birth.found,
            birth.valid,
            birth.line,
            birth.column
        ),
        (Some('6'), '2', false, 2, 20)
    );
    let composite = check(&mrz, CheckedField::Composite);
    assert_eq!(
        (composite.expected, composite.found, composite.valid),
        (Some('8'), '0', false)
    );
    assert!(check(&mrz, CheckedField::DocumentNumber).valid);
}

#[test]
fn a_wrong_check_digit_is_reported_with_expected_and_found() {
    let second = TD3_2.replace("L898902C36", "L898902C37");
    let mrz = parsed(td3(&second));
    assert!(!mrz.valid());
    assert!(mrz.diagnostics.is_empty());
    let verdicts: Vec<(CheckedField, Option<char>, char, bool)> = mrz
        .check_digits
        .iter()
        .map(|c| (c.field, c.expected, c.found, c.valid))
        .collect();
    assert_eq!(
        verdicts,
        [
            (CheckedField::DocumentNumber, Some('6'), '7', false),
            (CheckedField::BirthDate, Some('2'), '2', true),
            (CheckedField::Expiry, Some('9'), '9', true),
            (CheckedField::OptionalData, Some('1'), '1', true),
            (CheckedField::Composite, Some('7'), '0', false),
        ]
    );
}

#[test]
fn internal_spaces_and_strange_characters_are_reported() {
    let first = TD3_1
        .replacen("ANNA<MARIA", "ANNA MARIA", 1)
        .replacen('<', "#", 1);
    let mrz = parsed(format!("{first}\n{TD3_2}"));
    assert_eq!(
        findings(&mrz),
        [
            (1, 2, MrzField::Line, "illegal_character"),
            (1, 20, MrzField::Line, "space")
        ]
    );
    assert_eq!(
        mrz.diagnostics[0].kind,
        DiagnosticKind::IllegalCharacter { found: '#' }
    );
    assert_eq!(mrz.document_type, "P#");
}

#[test]
fn non_ascii_characters_count_as_one_column_and_are_reported() {
    let first = TD3_1.replace("ERIKSSON", "ÉRIKSSON");
    let mrz = parsed(format!("{first}\n{TD3_2}"));
    assert_eq!(
        findings(&mrz),
        [(1, 6, MrzField::Line, "illegal_character")]
    );
    assert_eq!(mrz.surname, "ÉRIKSSON");
    assert_eq!(mrz.given_names, "ANNA MARIA");
    // A non-ASCII character inside a checked field: the check digit cannot be computed.
    let second = TD3_2.replace("L898902C3", "L898902Č3");
    let mrz = parsed(td3(&second));
    assert_eq!(
        findings(&mrz),
        [(2, 8, MrzField::Line, "illegal_character")]
    );
    assert_eq!(mrz.document_number, "L898902Č3");
    assert_eq!(check(&mrz, CheckedField::DocumentNumber).expected, None);
    assert_eq!(check(&mrz, CheckedField::BirthDate).column, 20);
}

#[test]
fn unknown_country_codes_and_sex_codes_are_reported() {
    let first = TD3_1.replace("UTO", "ZZZ");
    let second = TD3_2.replace("2F120", "2Q120");
    let mrz = parsed(format!("{first}\n{second}"));
    assert_eq!(
        findings(&mrz),
        [
            (1, 3, MrzField::IssuingCountry, "unknown_country_code"),
            (2, 21, MrzField::Sex, "invalid_sex")
        ]
    );
    assert_eq!(
        mrz.diagnostics[0].to_string(),
        "line 1, column 3, issuing_country: \"ZZZ\" is neither an ISO 3166-1 alpha-3 code nor a Doc 9303 code"
    );
    assert!(
        mrz.valid(),
        "no check digit covers the sex or the issuing state"
    );
}

#[test]
fn dates_that_are_no_dates_are_reported() {
    // Month 13 with a correct check digit: the check digit holds, the date does not.
    let mrz = parsed(td3(&fix_td3(
        "L898902C36UTO7413122F1204159ZE184226B<<<<<10",
    )));
    assert!(mrz.valid(), "{:?}", mrz.check_digits);
    assert_eq!(
        findings(&mrz),
        [(2, 14, MrzField::BirthDate, "no_such_date")]
    );
    assert_eq!(mrz.birth_date.date, None);
    // Unknown day and month written as fillers, as Doc 9303 allows.
    let mrz = parsed(td3(&fix_td3(
        "L898902C36UTO74<<<<2F1204159ZE184226B<<<<<10",
    )));
    assert!(mrz.valid(), "{:?}", mrz.check_digits);
    assert_eq!(
        findings(&mrz),
        [(2, 14, MrzField::BirthDate, "incomplete_date")]
    );
    // An expiry 40 years ago is read, and flagged as implausible.
    let mrz = parsed(td3(&fix_td3(
        "L898902C36UTO7408122F8504159ZE184226B<<<<<10",
    )));
    assert_eq!(
        findings(&mrz),
        [(2, 22, MrzField::Expiry, "implausible_expiry")]
    );
    assert_eq!(mrz.expiry.date, Some(parse_date("1985-04-15").unwrap()));
}

#[test]
fn an_empty_personal_number_may_carry_filler_or_zero_but_nothing_else() {
    for (digit, valid) in [('<', true), ('0', true), ('1', false)] {
        let second = fix_td3(&format!(
            "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<{digit}0"
        ));
        let mrz = parsed(td3(&second));
        let c = check(&mrz, CheckedField::OptionalData);
        assert_eq!(c.valid, valid, "{digit}");
        assert_eq!(c.expected, Some(if digit == '<' { '<' } else { '0' }));
        assert_eq!(mrz.optional_data, "");
    }
}

#[test]
fn a_td1_long_number_without_its_continuation_is_reported() {
    let first = "I<UTOD23145890<<<<<<<<<<<<<<<<";
    let mrz = parsed(format!("{first}\n{}\n{}", TD1[1], TD1[2]));
    assert_eq!(
        findings(&mrz),
        [(1, 15, MrzField::DocumentNumber, "long_number_unterminated")]
    );
    let doc = check(&mrz, CheckedField::DocumentNumber);
    assert_eq!(
        (doc.expected, doc.found, doc.valid, doc.column),
        (Some('7'), '<', false, 15)
    );
}

#[test]
fn a_document_code_the_format_does_not_use_is_reported() {
    let first = TD1[0].replacen("I<", "P<", 1);
    let mrz = parsed(format!("{first}\n{}\n{}", TD1[1], TD1[2]));
    assert_eq!(
        findings(&mrz),
        [(1, 1, MrzField::DocumentType, "unexpected_document_code")]
    );
    assert_eq!(
        mrz.diagnostics[0].to_string(),
        "line 1, column 1, document_type: document code \"P<\" is unusual for this format (expected a code starting with A, C or I)"
    );
}

/// Rewrites the check digits of a TD3 second line so that only the tested fault remains.
fn fix_td3(second: &str) -> String {
    use crate::mrz::check_digit;
    let mut b: Vec<char> = second.chars().collect();
    let digit = |s: &[char]| {
        let s: String = s.iter().collect();
        char::from(b'0' + check_digit(&s).unwrap())
    };
    b[19] = digit(&b[13..19]);
    b[27] = digit(&b[21..27]);
    if b[28..42].iter().any(|&c| c != '<') {
        b[42] = digit(&b[28..42]);
    }
    let composite: Vec<char> = b[0..10]
        .iter()
        .chain(&b[13..20])
        .chain(&b[21..43])
        .copied()
        .collect();
    b[43] = digit(&composite);
    b.into_iter().collect()
}
