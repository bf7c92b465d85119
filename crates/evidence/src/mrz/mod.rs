//! Machine-readable zones of passports, identity cards and visas (ICAO Doc 9303): TD1 (3×30),
//! TD2 (2×36), TD3 (2×44), MRV-A (2×44) and MRV-B (2×36).
//!
//! [`parse`] reads the lines, checks every check digit field by field and reports OCR-style
//! faults (`O` for `0`, lower case, stray characters, spaces) as [`Diagnostic`]s without ever
//! correcting them. Two-digit years are resolved against a reference date the caller passes
//! (see `dates` for the rule). [`mrv_a_lines`] writes the MRV-A lines of a visa Kazakhstan
//! issues, and [`icao_to_alpha2`] maps MRZ country codes to the ISO codes applications use.
//!
//! The parsed [`Mrz`] borrows its fields from the input text; only names with several
//! components and TD1/TD2 document numbers longer than nine characters are built anew.

mod check_digit;
mod compose;
mod countries;
mod dates;
mod diagnostics;
mod names;
mod read;
mod visa;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;

pub use check_digit::check_digit;
pub use countries::{alpha2_to_icao, icao_country, icao_to_alpha2, IcaoCountry};
pub use diagnostics::{Diagnostic, DiagnosticKind, MrzField};
pub use visa::{mrv_a_lines, VisaMrzInput};

/// Reads an MRZ (2 or 3 lines) and checks it; `as_of` resolves two-digit years.
///
/// Line breaks may be LF or CRLF; blank lines and whitespace around a line are ignored. The
/// result is `Err` only when the text does not have the shape of any MRZ (number of lines,
/// line lengths); every fault inside a well-shaped MRZ is reported in [`Mrz::diagnostics`] and
/// [`Mrz::check_digits`].
pub fn parse(text: &str, as_of: NaiveDate) -> Result<Mrz<'_>, MrzError> {
    read::parse(text, as_of)
}

/// The layout of a machine-readable zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MrzFormat {
    /// ID-1 size card: 3 lines of 30 characters.
    Td1,
    /// ID-2 size card: 2 lines of 36 characters.
    Td2,
    /// Passport book: 2 lines of 44 characters.
    Td3,
    /// Full-size visa: 2 lines of 44 characters, document code `V`.
    MrvA,
    /// Smaller visa: 2 lines of 36 characters, document code `V`.
    MrvB,
}

impl MrzFormat {
    /// The name used in output: `TD1`, `TD2`, `TD3`, `MRV-A`, `MRV-B`.
    pub fn as_str(&self) -> &'static str {
        match self {
            MrzFormat::Td1 => "TD1",
            MrzFormat::Td2 => "TD2",
            MrzFormat::Td3 => "TD3",
            MrzFormat::MrvA => "MRV-A",
            MrzFormat::MrvB => "MRV-B",
        }
    }

    /// Number of lines.
    pub fn lines(&self) -> usize {
        match self {
            MrzFormat::Td1 => 3,
            _ => 2,
        }
    }

    /// Characters per line.
    pub fn line_length(&self) -> usize {
        match self {
            MrzFormat::Td1 => 30,
            MrzFormat::Td2 | MrzFormat::MrvB => 36,
            MrzFormat::Td3 | MrzFormat::MrvA => 44,
        }
    }
}

impl fmt::Display for MrzFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The sex field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// `M`.
    Male,
    /// `F`.
    Female,
    /// `X`: unspecified.
    Unspecified,
    /// `<`: not stated.
    NotStated,
    /// Any other character, reported in the diagnostics.
    Unreadable(char),
}

impl Sex {
    /// The character printed in the MRZ.
    pub fn as_char(&self) -> char {
        match self {
            Sex::Male => 'M',
            Sex::Female => 'F',
            Sex::Unspecified => 'X',
            Sex::NotStated => '<',
            Sex::Unreadable(c) => *c,
        }
    }

    /// Reads the MRZ character.
    pub fn from_char(c: char) -> Sex {
        match c {
            'M' => Sex::Male,
            'F' => Sex::Female,
            'X' => Sex::Unspecified,
            '<' => Sex::NotStated,
            other => Sex::Unreadable(other),
        }
    }
}

/// A `YYMMDD` date as printed and, when it is a real date, with its century resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MrzDate<'a> {
    /// The six characters as printed.
    pub raw: &'a str,
    /// The date, if `raw` is six digits naming a real day.
    pub date: Option<NaiveDate>,
}

/// A field protected by a check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckedField {
    /// The document number (for long TD1/TD2 numbers, all of it).
    DocumentNumber,
    /// The birth date.
    BirthDate,
    /// The expiry date.
    Expiry,
    /// TD3 optional data (the personal number).
    OptionalData,
    /// The composite check digit over the other protected fields (TD1, TD2, TD3).
    Composite,
}

impl CheckedField {
    /// The snake_case name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            CheckedField::DocumentNumber => "document_number",
            CheckedField::BirthDate => "birth_date",
            CheckedField::Expiry => "expiry",
            CheckedField::OptionalData => "optional_data",
            CheckedField::Composite => "composite",
        }
    }
}

/// The verdict on one check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckDigit {
    /// The field it protects.
    pub field: CheckedField,
    /// The digit the data calls for; `None` when the data holds characters outside the MRZ
    /// alphabet. For an empty TD3 optional data field whose check digit is `<`, `<`.
    pub expected: Option<char>,
    /// The character printed in the check-digit position.
    pub found: char,
    /// Whether `found` is acceptable.
    pub valid: bool,
    /// Line of the check digit, from 1.
    pub line: usize,
    /// Column of the check digit, from 1.
    pub column: usize,
}

/// A parsed machine-readable zone. Text fields have `<` fillers removed; names read `<` as a
/// space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz<'a> {
    /// The layout.
    pub format: MrzFormat,
    /// Document code, one or two characters: `P`, `PO`, `I`, `ID`, `V` ...
    pub document_type: &'a str,
    /// Issuing state or organisation as printed, fillers included (`UTO`, `D<<`).
    pub issuing_country: &'a str,
    /// Primary identifier; empty when the document has none.
    pub surname: Cow<'a, str>,
    /// Secondary identifier.
    pub given_names: Cow<'a, str>,
    /// Document number without fillers; for TD1/TD2 numbers longer than nine characters, the
    /// whole number (its continuation is taken out of the optional data).
    pub document_number: Cow<'a, str>,
    /// Nationality as printed, fillers included.
    pub nationality: &'a str,
    /// Date of birth (never after `as_of`).
    pub birth_date: MrzDate<'a>,
    /// Sex.
    pub sex: Sex,
    /// Date of expiry (the visa's end for MRV).
    pub expiry: MrzDate<'a>,
    /// Optional data without trailing fillers (TD3: personal number; TD1: line 1 optional data
    /// after any document-number continuation).
    pub optional_data: &'a str,
    /// TD1 only: optional data of line 2, without trailing fillers.
    pub optional_data_2: Option<&'a str>,
    /// Every check digit, in MRZ order.
    pub check_digits: Vec<CheckDigit>,
    /// Everything noticed and not corrected, by line and column.
    pub diagnostics: Vec<Diagnostic>,
}

impl Mrz<'_> {
    /// Whether every check digit is valid.
    pub fn valid(&self) -> bool {
        self.check_digits.iter().all(|c| c.valid)
    }

    /// The check digit result for a field, if this format has one.
    pub fn check(&self, field: CheckedField) -> Option<&CheckDigit> {
        self.check_digits.iter().find(|c| c.field == field)
    }
}

/// Why text is not an MRZ, or why visa data cannot be written as one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MrzError {
    /// Nothing but whitespace.
    #[error("no MRZ lines in the input: expected 3 lines of 30 characters (TD1) or 2 lines of 36 (TD2, MRV-B) or 44 (TD3, MRV-A)")]
    Empty,
    /// A number of lines, or line lengths, that no MRZ format has.
    #[error("unrecognised layout: {count} lines of lengths {lengths:?}{more}: expected 3 lines of 30 characters (TD1) or 2 lines of 36 (TD2, MRV-B) or 44 (TD3, MRV-A)", more = if *count > lengths.len() { " ..." } else { "" })]
    Layout {
        /// Number of non-blank lines.
        count: usize,
        /// Their lengths in characters (the first ten).
        lengths: Vec<usize>,
    },
    /// One line of an otherwise recognisable MRZ has the wrong length.
    #[error("line {line} has {length} characters, expected {expected} for {format}{hint}")]
    LineLength {
        /// Line number, from 1, counting non-blank lines.
        line: usize,
        /// Its length in characters.
        length: usize,
        /// The length the format requires.
        expected: usize,
        /// The format the other lines point to.
        format: MrzFormat,
        /// A likely cause, if one is visible.
        hint: &'static str,
    },
    /// Visa data that cannot be written into MRV-A lines.
    #[error("visa MRZ, field {field}: {problem}")]
    VisaInput {
        /// The input field.
        field: &'static str,
        /// What is wrong and what is expected.
        problem: String,
    },
}
