//! Why a law file was refused, or why a value is not in force on a date.
//!
//! Every loading error names the file and the field path (`params.income.months[1].valid_to`) and
//! says what was expected, so that a lawyer editing a YAML file can find and fix the line.

use chrono::NaiveDate;

/// An error loading the law files, or a lookup on a date the law does not cover.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LawError {
    /// The YAML could not be read into the expected shape: syntax, unknown field, missing field,
    /// wrong type, bad date or code. `message` carries serde's text (with the line when known).
    #[error("{file}: {path}: {message}")]
    Syntax {
        /// File name as given to the loader.
        file: String,
        /// Field path inside the file, `.` for the top level.
        path: String,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The file has no `kind:` or an unknown one.
    #[error("{file}: kind: {message} (expected one of: {expected})")]
    Kind {
        /// File name.
        file: String,
        /// What is wrong.
        message: String,
        /// The kinds the loader knows.
        expected: &'static str,
    },
    /// Two files claim the same kind.
    #[error("{first} and {second} both have `kind: {kind}`; give each kind in exactly one file")]
    DuplicateKind {
        /// The kind.
        kind: &'static str,
        /// The first file.
        first: String,
        /// The second file.
        second: String,
    },
    /// No file of a kind the engine needs was given.
    #[error("no law file has `kind: {kind}` (expected e.g. {example})")]
    MissingKind {
        /// The kind.
        kind: &'static str,
        /// The usual file name of that kind.
        example: &'static str,
    },
    /// A value is present but not acceptable (a period ending before it starts, overlapping
    /// periods, a gap, an unknown code, a missing source, a duplicate entry...).
    #[error("{file}: {path}: {message}")]
    Invalid {
        /// File name.
        file: String,
        /// Field path inside the file.
        path: String,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The parameter has no value in force on the date asked for.
    #[error("{param} has no value in force on {date} ({covered})")]
    NotInForce {
        /// Parameter id, e.g. `mrp` or `income.threshold_usd`.
        param: &'static str,
        /// The date asked for.
        date: NaiveDate,
        /// Which dates the parameter does cover, for the message.
        covered: String,
    },
}

impl LawError {
    /// Builds an [`LawError::Invalid`].
    pub(crate) fn invalid(file: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        LawError::Invalid {
            file: file.to_owned(),
            path: path.into(),
            message: message.into(),
        }
    }
}
