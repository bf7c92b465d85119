//! What the MRZ reader noticed but did not correct: each finding names the line, the column
//! and the field, and says what was expected there.

use std::fmt;

use chrono::NaiveDate;

/// A field of the MRZ, as named in diagnostics and check-digit results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MrzField {
    /// A whole line (character-level findings).
    Line,
    /// Document code, e.g. `P`, `ID`, `V`.
    DocumentType,
    /// Issuing state or organisation.
    IssuingCountry,
    /// Primary and secondary identifiers.
    Name,
    /// Document number.
    DocumentNumber,
    /// Nationality.
    Nationality,
    /// Date of birth.
    BirthDate,
    /// Sex.
    Sex,
    /// Date of expiry.
    Expiry,
    /// Optional data (TD3: personal number; TD1: line 1 optional data).
    OptionalData,
    /// TD1 optional data on line 2.
    OptionalData2,
    /// Check digit of the document number.
    DocumentNumberCheck,
    /// Check digit of the birth date.
    BirthDateCheck,
    /// Check digit of the expiry date.
    ExpiryCheck,
    /// Check digit of the TD3 optional data.
    OptionalDataCheck,
    /// Composite check digit.
    CompositeCheck,
}

impl MrzField {
    /// The snake_case name used in JSON and messages.
    pub fn as_str(&self) -> &'static str {
        match self {
            MrzField::Line => "line",
            MrzField::DocumentType => "document_type",
            MrzField::IssuingCountry => "issuing_country",
            MrzField::Name => "name",
            MrzField::DocumentNumber => "document_number",
            MrzField::Nationality => "nationality",
            MrzField::BirthDate => "birth_date",
            MrzField::Sex => "sex",
            MrzField::Expiry => "expiry",
            MrzField::OptionalData => "optional_data",
            MrzField::OptionalData2 => "optional_data_2",
            MrzField::DocumentNumberCheck => "document_number_check_digit",
            MrzField::BirthDateCheck => "birth_date_check_digit",
            MrzField::ExpiryCheck => "expiry_check_digit",
            MrzField::OptionalDataCheck => "optional_data_check_digit",
            MrzField::CompositeCheck => "composite_check_digit",
        }
    }
}

impl fmt::Display for MrzField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong at a place in the MRZ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiagnosticKind {
    /// Lower-case letters on a line (`count` of them, the first at the diagnostic's column).
    LowerCase {
        /// How many.
        count: usize,
    },
    /// Spaces inside a line (`count` of them, the first at the diagnostic's column).
    Space {
        /// How many.
        count: usize,
    },
    /// A character outside `A-Z`, `0-9`, `<` (other than lower case and spaces).
    IllegalCharacter {
        /// The character as printed.
        found: char,
    },
    /// A letter where only digits belong; `likely` is the digit OCR often misreads as it.
    LetterInNumericField {
        /// The character as printed.
        found: char,
        /// The character OCR most often misreads this way, if any.
        likely: Option<char>,
    },
    /// A digit where only letters belong; `likely` is the letter OCR often misreads as it.
    DigitInAlphabeticField {
        /// The character as printed.
        found: char,
        /// The character OCR most often misreads this way, if any.
        likely: Option<char>,
    },
    /// Six digits that are no calendar date (month 13, 31 April, 29 February of a common year).
    NoSuchDate {
        /// The six characters as printed.
        raw: String,
    },
    /// A date with fillers for unknown parts (allowed by Doc 9303 for unknown birth dates).
    IncompleteDate {
        /// The six characters as printed.
        raw: String,
    },
    /// An expiry outside [as_of - 30 years, as_of + 20 years] after century resolution.
    ImplausibleExpiry {
        /// The date after century resolution.
        resolved: NaiveDate,
    },
    /// A sex code other than `M`, `F`, `X` or `<`.
    InvalidSex {
        /// The character as printed.
        found: char,
    },
    /// A well-formed country code that is neither ISO 3166-1 alpha-3 nor a Doc 9303 code.
    UnknownCountryCode {
        /// The code as printed.
        code: String,
    },
    /// A document code whose first letter this format does not use.
    UnexpectedDocumentCode {
        /// The code as printed.
        code: String,
        /// The first letters this format uses.
        expected: &'static str,
    },
    /// The name field holds only fillers.
    EmptyName,
    /// A `<` in the document-number check-digit position announces a long number, but the
    /// optional data does not continue it (no characters, or no filler after its check digit).
    LongNumberUnterminated,
    /// The long document number's check digit only matches when the `<` filler between its
    /// parts is counted, a known issuer practice that Doc 9303 does not allow; still invalid.
    CheckDigitCountsFiller,
}

impl DiagnosticKind {
    /// A stable snake_case code for machines.
    pub fn code(&self) -> &'static str {
        match self {
            DiagnosticKind::LowerCase { .. } => "lower_case",
            DiagnosticKind::Space { .. } => "space",
            DiagnosticKind::IllegalCharacter { .. } => "illegal_character",
            DiagnosticKind::LetterInNumericField { .. } => "letter_in_numeric_field",
            DiagnosticKind::DigitInAlphabeticField { .. } => "digit_in_alphabetic_field",
            DiagnosticKind::NoSuchDate { .. } => "no_such_date",
            DiagnosticKind::IncompleteDate { .. } => "incomplete_date",
            DiagnosticKind::ImplausibleExpiry { .. } => "implausible_expiry",
            DiagnosticKind::InvalidSex { .. } => "invalid_sex",
            DiagnosticKind::UnknownCountryCode { .. } => "unknown_country_code",
            DiagnosticKind::UnexpectedDocumentCode { .. } => "unexpected_document_code",
            DiagnosticKind::EmptyName => "empty_name",
            DiagnosticKind::LongNumberUnterminated => "long_number_unterminated",
            DiagnosticKind::CheckDigitCountsFiller => "check_digit_counts_filler",
        }
    }
}

/// One finding: where (1-based line and column), which field, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Line number, from 1, counting MRZ lines only (blank lines are skipped).
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
    /// The field at that place.
    pub field: MrzField,
    /// What is wrong.
    pub kind: DiagnosticKind,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}, {}: ",
            self.line, self.column, self.field
        )?;
        let likely = |f: &mut fmt::Formatter<'_>, likely: &Option<char>| match likely {
            Some(c) => write!(f, " ({c:?} misread?)"),
            None => Ok(()),
        };
        match &self.kind {
            DiagnosticKind::LowerCase { count } => write!(
                f,
                "{count} lower-case letter(s) starting here; MRZ letters are upper case A-Z"
            ),
            DiagnosticKind::Space { count } => write!(
                f,
                "{count} space(s) inside the line starting here; an MRZ has no spaces, fillers are '<'"
            ),
            DiagnosticKind::IllegalCharacter { found } => write!(
                f,
                "character {found:?} is not allowed; an MRZ holds only A-Z, 0-9 and '<'"
            ),
            DiagnosticKind::LetterInNumericField { found, likely: l } => {
                write!(f, "letter {found:?} where a digit 0-9 is expected")?;
                likely(f, l)
            }
            DiagnosticKind::DigitInAlphabeticField { found, likely: l } => {
                write!(f, "digit {found:?} where a letter A-Z or '<' is expected")?;
                likely(f, l)
            }
            DiagnosticKind::NoSuchDate { raw } => {
                write!(f, "{raw:?} is not a calendar date (expected YYMMDD)")
            }
            DiagnosticKind::IncompleteDate { raw } => write!(
                f,
                "{raw:?} is an incomplete date ('<' marks unknown parts; expected YYMMDD)"
            ),
            DiagnosticKind::ImplausibleExpiry { resolved } => write!(
                f,
                "expiry resolves to {resolved}, outside the plausible window of 30 years before to 20 years after the reference date"
            ),
            DiagnosticKind::InvalidSex { found } => {
                write!(f, "sex {found:?} is not one of M, F, X or '<'")
            }
            DiagnosticKind::UnknownCountryCode { code } => write!(
                f,
                "{code:?} is neither an ISO 3166-1 alpha-3 code nor a Doc 9303 code"
            ),
            DiagnosticKind::UnexpectedDocumentCode { code, expected } => write!(
                f,
                "document code {code:?} is unusual for this format (expected a code starting with {expected})"
            ),
            DiagnosticKind::EmptyName => write!(f, "the name field holds only fillers"),
            DiagnosticKind::LongNumberUnterminated => write!(
                f,
                "'<' in the check-digit position announces a document number longer than 9 characters, but the optional data does not continue it with its check digit and a '<'"
            ),
            DiagnosticKind::CheckDigitCountsFiller => write!(
                f,
                "the check digit matches only if the '<' filler inside the long document number is counted; Doc 9303 computes it without, so it stays invalid"
            ),
        }
    }
}

/// The digit an OCR engine most often reads as this letter.
pub(crate) fn digit_lookalike(letter: char) -> Option<char> {
    Some(match letter {
        'O' | 'Q' | 'D' | 'U' => '0',
        'I' | 'L' | 'J' => '1',
        'Z' => '2',
        'A' => '4',
        'S' => '5',
        'G' => '6',
        'T' => '7',
        'B' => '8',
        _ => return None,
    })
}

/// The letter an OCR engine most often reads as this digit.
pub(crate) fn letter_lookalike(digit: char) -> Option<char> {
    Some(match digit {
        '0' => 'O',
        '1' => 'I',
        '2' => 'Z',
        '4' => 'A',
        '5' => 'S',
        '6' => 'G',
        '7' => 'T',
        '8' => 'B',
        _ => return None,
    })
}
