//! The MRZ reader: finds the lines, recognises the format from their number and length, and
//! reads every field at its Doc 9303 position, recording check digits and diagnostics.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::check_digit::{check_digit_of_parts, in_mrz_alphabet};
use super::countries::icao_country;
use super::dates::{birth_year, expiry_is_plausible, expiry_year, split_yymmdd};
use super::diagnostics::{digit_lookalike, letter_lookalike};
use super::names::split_name;
use super::{
    CheckDigit, CheckedField, Diagnostic, DiagnosticKind, Mrz, MrzDate, MrzError, MrzField,
    MrzFormat, Sex,
};

/// How many line lengths a layout error lists.
const LENGTHS_SHOWN: usize = 10;

/// Entry point behind [`super::parse`].
pub(crate) fn parse(text: &str, as_of: NaiveDate) -> Result<Mrz<'_>, MrzError> {
    let (lines, format) = find_lines(text)?;
    let spec = Spec::of(format);
    let mut reader = Reader {
        lines,
        as_of,
        diagnostics: Vec::new(),
        check_digits: Vec::with_capacity(5),
    };
    Ok(reader.read(&spec))
}

/// One MRZ line with whitespace around it removed. Positions are in characters; lines are
/// almost always ASCII, where characters and bytes coincide.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    ascii: bool,
    len: usize,
}

impl<'a> Line<'a> {
    fn new(text: &'a str) -> Line<'a> {
        let ascii = text.is_ascii();
        let len = if ascii {
            text.len()
        } else {
            text.chars().count()
        };
        Line { text, ascii, len }
    }

    fn byte_offset(&self, char_index: usize) -> usize {
        if self.ascii {
            char_index
        } else {
            self.text
                .char_indices()
                .nth(char_index)
                .map_or(self.text.len(), |(b, _)| b)
        }
    }

    /// Characters `start..end`.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        &self.text[self.byte_offset(start)..self.byte_offset(end)]
    }

    fn char_at(&self, i: usize) -> char {
        if self.ascii {
            char::from(self.text.as_bytes()[i])
        } else {
            self.text.chars().nth(i).unwrap_or('<')
        }
    }
}

/// Splits the text into non-blank lines and recognises the format from their shape.
///
/// Lines end at `\n`; a `\r` before it goes with the surrounding whitespace.
fn find_lines(text: &str) -> Result<([Line<'_>; 3], MrzFormat), MrzError> {
    let non_blank = || text.split('\n').map(str::trim).filter(|l| !l.is_empty());
    let mut lines = [Line::new(""); 3];
    let mut count = 0usize;
    for trimmed in non_blank() {
        if count < 3 {
            lines[count] = Line::new(trimmed);
        }
        count += 1;
    }
    // The lengths are only needed to explain a refusal, so they are gathered only then.
    let layout = || MrzError::Layout {
        count,
        lengths: non_blank()
            .take(LENGTHS_SHOWN)
            .map(|l| Line::new(l).len)
            .collect(),
    };
    let candidates: &[usize] = match count {
        0 => return Err(MrzError::Empty),
        2 => &[44, 36],
        3 => &[30],
        _ => return Err(layout()),
    };
    let used = &lines[..count];
    let Some(expected) = used
        .iter()
        .map(|l| l.len)
        .find(|len| candidates.contains(len))
    else {
        return Err(layout());
    };
    let visa = used[0].text.starts_with('V');
    let format = match (expected, visa) {
        (30, _) => MrzFormat::Td1,
        (36, false) => MrzFormat::Td2,
        (36, true) => MrzFormat::MrvB,
        (_, false) => MrzFormat::Td3,
        (_, true) => MrzFormat::MrvA,
    };
    if let Some(i) = used.iter().position(|l| l.len != expected) {
        let line = used[i];
        let had_whitespace = non_blank_raw(text, i)
            .is_some_and(|raw| raw.trim_end_matches('\r').len() != line.text.len());
        let hint = if line.text.contains(' ') {
            " (it has spaces inside; fillers are written '<')"
        } else if line.len < expected && had_whitespace {
            " (whitespace around the line was ignored; write every filler as '<')"
        } else {
            ""
        };
        return Err(MrzError::LineLength {
            line: i + 1,
            length: line.len,
            expected,
            format,
            hint,
        });
    }
    Ok((lines, format))
}

/// The `i`-th non-blank line as it was, before trimming.
fn non_blank_raw(text: &str, i: usize) -> Option<&str> {
    text.split('\n').filter(|l| !l.trim().is_empty()).nth(i)
}

/// Where a field sits: line index (from 0) and character range.
#[derive(Clone, Copy)]
struct At {
    line: usize,
    start: usize,
    end: usize,
}

const fn at(line: usize, start: usize, end: usize) -> At {
    At { line, start, end }
}

/// Field positions of one format (Doc 9303 Parts 4 to 7).
struct Spec {
    format: MrzFormat,
    name: At,
    /// Nine characters, check digit right after.
    number: At,
    nationality: At,
    /// Six characters, check digit right after.
    birth: At,
    sex: At,
    /// Six characters, check digit right after.
    expiry: At,
    optional: At,
    /// TD3: the optional data has its own check digit right after it.
    optional_checked: bool,
    optional2: Option<At>,
    /// The composite check digit's position and the ranges it covers.
    composite: Option<(At, &'static [At])>,
    /// TD1/TD2: a `<` in the number's check-digit position continues the number in `optional`.
    long_numbers: bool,
    /// First letters of document codes this format uses.
    document_codes: &'static [char],
    document_codes_text: &'static str,
}

impl Spec {
    fn of(format: MrzFormat) -> Spec {
        const TD3_COMPOSITE: &[At] = &[at(1, 0, 10), at(1, 13, 20), at(1, 21, 43)];
        const TD2_COMPOSITE: &[At] = &[at(1, 0, 10), at(1, 13, 20), at(1, 21, 35)];
        const TD1_COMPOSITE: &[At] = &[at(0, 5, 30), at(1, 0, 7), at(1, 8, 15), at(1, 18, 29)];
        let two_line = |len: usize, optional_end: usize| Spec {
            format,
            name: at(0, 5, len),
            number: at(1, 0, 9),
            nationality: at(1, 10, 13),
            birth: at(1, 13, 19),
            sex: at(1, 20, 21),
            expiry: at(1, 21, 27),
            optional: at(1, 28, optional_end),
            optional_checked: false,
            optional2: None,
            composite: None,
            long_numbers: false,
            document_codes: &['V'],
            document_codes_text: "V",
        };
        match format {
            MrzFormat::Td3 => Spec {
                optional_checked: true,
                composite: Some((at(1, 43, 44), TD3_COMPOSITE)),
                document_codes: &['P'],
                document_codes_text: "P",
                ..two_line(44, 42)
            },
            MrzFormat::Td2 => Spec {
                composite: Some((at(1, 35, 36), TD2_COMPOSITE)),
                long_numbers: true,
                document_codes: &['A', 'C', 'I'],
                document_codes_text: "A, C or I",
                ..two_line(36, 35)
            },
            MrzFormat::MrvA => two_line(44, 44),
            MrzFormat::MrvB => two_line(36, 36),
            MrzFormat::Td1 => Spec {
                format,
                name: at(2, 0, 30),
                number: at(0, 5, 14),
                nationality: at(1, 15, 18),
                birth: at(1, 0, 6),
                sex: at(1, 7, 8),
                expiry: at(1, 8, 14),
                optional: at(0, 15, 30),
                optional_checked: false,
                optional2: Some(at(1, 18, 29)),
                composite: Some((at(1, 29, 30), TD1_COMPOSITE)),
                long_numbers: true,
                document_codes: &['A', 'C', 'I'],
                document_codes_text: "A, C or I",
            },
        }
    }
}

/// The character class a field admits, for OCR look-alike findings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Numeric,
    Alphabetic,
    Any,
}

struct Reader<'a> {
    lines: [Line<'a>; 3],
    as_of: NaiveDate,
    diagnostics: Vec<Diagnostic>,
    check_digits: Vec<CheckDigit>,
}

impl<'a> Reader<'a> {
    fn read(&mut self, spec: &Spec) -> Mrz<'a> {
        for i in 0..spec.format.lines() {
            self.scan_line(i);
        }
        let document_type = self.document_type(spec);
        let issuing_country = self.country(at(0, 2, 5), MrzField::IssuingCountry);

        let name = self.field(spec.name, MrzField::Name, Class::Alphabetic);
        if name.bytes().all(|b| b == b'<') {
            self.push(
                spec.name.line,
                spec.name.start,
                MrzField::Name,
                DiagnosticKind::EmptyName,
            );
        }
        let (surname, given_names) = split_name(name);

        let (document_number, optional_data) = self.document_number(spec);
        let nationality = self.country(spec.nationality, MrzField::Nationality);
        let birth_date = self.date(spec.birth, MrzField::BirthDate);
        self.check_after(
            spec.birth,
            CheckedField::BirthDate,
            MrzField::BirthDateCheck,
        );
        let sex = self.sex(spec.sex);
        let expiry = self.date(spec.expiry, MrzField::Expiry);
        self.check_after(spec.expiry, CheckedField::Expiry, MrzField::ExpiryCheck);
        if spec.optional_checked {
            self.check_after(
                spec.optional,
                CheckedField::OptionalData,
                MrzField::OptionalDataCheck,
            );
        }
        let optional_data_2 = spec.optional2.map(|at| {
            self.field(at, MrzField::OptionalData2, Class::Any)
                .trim_end_matches('<')
        });
        if let Some((digit_at, parts)) = spec.composite {
            let mut data = [""; 4];
            for (slot, part) in data.iter_mut().zip(parts) {
                *slot = self.slice(*part);
            }
            self.check(
                CheckedField::Composite,
                MrzField::CompositeCheck,
                digit_at,
                &data[..parts.len()],
                false,
            );
        }
        self.diagnostics.sort_by_key(|d| (d.line, d.column));
        Mrz {
            format: spec.format,
            document_type,
            issuing_country,
            surname,
            given_names,
            document_number,
            nationality,
            birth_date,
            sex,
            expiry,
            optional_data,
            optional_data_2,
            check_digits: std::mem::take(&mut self.check_digits),
            diagnostics: std::mem::take(&mut self.diagnostics),
        }
    }

    fn push(&mut self, line: usize, column: usize, field: MrzField, kind: DiagnosticKind) {
        self.diagnostics.push(Diagnostic {
            line: line + 1,
            column: column + 1,
            field,
            kind,
        });
    }

    fn slice(&self, at: At) -> &'a str {
        self.lines[at.line].slice(at.start, at.end)
    }

    /// Character-level findings: lower case, spaces, characters outside the MRZ alphabet.
    fn scan_line(&mut self, i: usize) {
        let line = self.lines[i];
        if in_mrz_alphabet(line.text) {
            return;
        }
        let (mut lower, mut first_lower) = (0, 0);
        let (mut spaces, mut first_space) = (0, 0);
        for (col, c) in line.text.chars().enumerate() {
            match c {
                'A'..='Z' | '0'..='9' | '<' => {}
                ' ' => {
                    if spaces == 0 {
                        first_space = col;
                    }
                    spaces += 1;
                }
                c if c.is_lowercase() => {
                    if lower == 0 {
                        first_lower = col;
                    }
                    lower += 1;
                }
                found => self.push(
                    i,
                    col,
                    MrzField::Line,
                    DiagnosticKind::IllegalCharacter { found },
                ),
            }
        }
        if lower > 0 {
            self.push(
                i,
                first_lower,
                MrzField::Line,
                DiagnosticKind::LowerCase { count: lower },
            );
        }
        if spaces > 0 {
            self.push(
                i,
                first_space,
                MrzField::Line,
                DiagnosticKind::Space { count: spaces },
            );
        }
    }

    /// A field's text, with look-alike findings for its character class.
    fn field(&mut self, at: At, field: MrzField, class: Class) -> &'a str {
        let text = self.slice(at);
        let suspect = |c: char| match class {
            Class::Numeric => c.is_ascii_uppercase(),
            Class::Alphabetic => c.is_ascii_digit(),
            Class::Any => false,
        };
        // The common case, a clean field, is decided on bytes without building findings.
        if class == Class::Any || !text.bytes().any(|b| suspect(char::from(b))) {
            return text;
        }
        for (offset, c) in text.chars().enumerate().filter(|&(_, c)| suspect(c)) {
            let kind = match class {
                Class::Numeric => DiagnosticKind::LetterInNumericField {
                    found: c,
                    likely: digit_lookalike(c),
                },
                _ => DiagnosticKind::DigitInAlphabeticField {
                    found: c,
                    likely: letter_lookalike(c),
                },
            };
            self.push(at.line, at.start + offset, field, kind);
        }
        text
    }

    fn document_type(&mut self, spec: &Spec) -> &'a str {
        let raw = self.field(at(0, 0, 2), MrzField::DocumentType, Class::Alphabetic);
        let first = raw.chars().next().unwrap_or('<');
        if !spec.document_codes.contains(&first) {
            self.push(
                0,
                0,
                MrzField::DocumentType,
                DiagnosticKind::UnexpectedDocumentCode {
                    code: raw.to_owned(),
                    expected: spec.document_codes_text,
                },
            );
        }
        raw.trim_end_matches('<')
    }

    fn country(&mut self, at: At, field: MrzField) -> &'a str {
        let raw = self.field(at, field, Class::Alphabetic);
        let well_formed = raw.bytes().all(|b| b.is_ascii_uppercase() || b == b'<');
        if well_formed && icao_country(raw).is_none() {
            self.push(
                at.line,
                at.start,
                field,
                DiagnosticKind::UnknownCountryCode {
                    code: raw.to_owned(),
                },
            );
        }
        raw
    }

    fn sex(&mut self, at: At) -> Sex {
        let sex = Sex::from_char(self.lines[at.line].char_at(at.start));
        if let Sex::Unreadable(found) = sex {
            self.push(
                at.line,
                at.start,
                MrzField::Sex,
                DiagnosticKind::InvalidSex { found },
            );
        }
        sex
    }

    fn date(&mut self, at: At, field: MrzField) -> MrzDate<'a> {
        let raw = self.field(at, field, Class::Numeric);
        let Some((yy, mm, dd)) = split_yymmdd(raw) else {
            let digits_or_fillers = raw.bytes().all(|b| b.is_ascii_digit() || b == b'<');
            if digits_or_fillers {
                let kind = DiagnosticKind::IncompleteDate {
                    raw: raw.to_owned(),
                };
                self.push(at.line, at.start, field, kind);
            }
            return MrzDate { raw, date: None };
        };
        let year = if field == MrzField::BirthDate {
            birth_year(yy, mm, dd, self.as_of)
        } else {
            expiry_year(yy, mm, dd, self.as_of)
        };
        let date = NaiveDate::from_ymd_opt(year, mm, dd);
        match date {
            None => {
                let kind = DiagnosticKind::NoSuchDate {
                    raw: raw.to_owned(),
                };
                self.push(at.line, at.start, field, kind);
            }
            Some(resolved)
                if field == MrzField::Expiry && !expiry_is_plausible(resolved, self.as_of) =>
            {
                self.push(
                    at.line,
                    at.start,
                    field,
                    DiagnosticKind::ImplausibleExpiry { resolved },
                );
            }
            Some(_) => {}
        }
        MrzDate { raw, date }
    }

    /// The check digit that follows the field at `at`.
    fn check_after(&mut self, at: At, which: CheckedField, field: MrzField) {
        let data = self.slice(at);
        let digit_at = At {
            line: at.line,
            start: at.end,
            end: at.end + 1,
        };
        self.check(
            which,
            field,
            digit_at,
            &[data],
            which == CheckedField::OptionalData,
        );
    }

    /// Records one check digit; `empty_may_be_filler`: an all-filler field may carry `<`.
    fn check(
        &mut self,
        which: CheckedField,
        field: MrzField,
        digit_at: At,
        data: &[&str],
        empty_may_be_filler: bool,
    ) {
        let found = self.lines[digit_at.line].char_at(digit_at.start);
        self.field(digit_at, field, Class::Numeric);
        let mut expected = check_digit_of_parts(data).map(|d| char::from(b'0' + d));
        let empty = data.iter().all(|p| p.bytes().all(|b| b == b'<'));
        if empty_may_be_filler && empty && found == '<' {
            expected = Some('<');
        }
        self.check_digits.push(CheckDigit {
            field: which,
            expected,
            found,
            valid: expected == Some(found),
            line: digit_at.line + 1,
            column: digit_at.start + 1,
        });
    }

    /// The document number and its check digit, following a TD1/TD2 long number into the
    /// optional data; returns the number and the optional data left after it.
    fn document_number(&mut self, spec: &Spec) -> (Cow<'a, str>, &'a str) {
        let at = spec.number;
        let raw = self.field(at, MrzField::DocumentNumber, Class::Any);
        let optional = self.field(spec.optional, MrzField::OptionalData, Class::Any);
        let digit_at = At {
            line: at.line,
            start: at.end,
            end: at.end + 1,
        };
        let check_char = self.lines[at.line].char_at(at.end);
        if !(spec.long_numbers && check_char == '<') {
            self.check(
                CheckedField::DocumentNumber,
                MrzField::DocumentNumberCheck,
                digit_at,
                &[raw],
                false,
            );
            return (
                Cow::Borrowed(raw.trim_end_matches('<')),
                optional.trim_end_matches('<'),
            );
        }
        // Doc 9303 Part 5 4.2.2: the number's first nine characters, '<' in the check-digit
        // position, the rest in the optional data followed by the check digit and a filler.
        let continuation = optional.find('<').and_then(|end| {
            optional[..end]
                .char_indices()
                .last()
                .map(|(digit, _)| (digit, end))
        });
        let Some((digit, end)) = continuation else {
            self.push(
                at.line,
                at.end,
                MrzField::DocumentNumber,
                DiagnosticKind::LongNumberUnterminated,
            );
            self.check(
                CheckedField::DocumentNumber,
                MrzField::DocumentNumberCheck,
                digit_at,
                &[raw],
                false,
            );
            return (
                Cow::Borrowed(raw.trim_end_matches('<')),
                optional.trim_end_matches('<'),
            );
        };
        let head = raw.trim_end_matches('<');
        let tail = &optional[..digit];
        let tail_chars = tail.chars().count();
        let long_digit_at = At {
            line: spec.optional.line,
            start: spec.optional.start + tail_chars,
            end: spec.optional.start + tail_chars + 1,
        };
        self.check(
            CheckedField::DocumentNumber,
            MrzField::DocumentNumberCheck,
            long_digit_at,
            &[head, tail],
            false,
        );
        let last = self.check_digits.len() - 1;
        let verdict = self.check_digits[last];
        if !verdict.valid {
            // Some issuers count the filler between the two parts; say so, but do not accept it.
            let with_filler = check_digit_of_parts(&[raw, "<", tail]).map(|d| char::from(b'0' + d));
            if with_filler == Some(verdict.found) {
                self.push(
                    long_digit_at.line,
                    long_digit_at.start,
                    MrzField::DocumentNumberCheck,
                    DiagnosticKind::CheckDigitCountsFiller,
                );
            }
        }
        let number = Cow::Owned(format!("{head}{tail}"));
        (number, optional[end + 1..].trim_end_matches('<'))
    }
}
