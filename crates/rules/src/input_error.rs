//! Bad input: which file, which field, what is wrong.

use std::fmt;

/// An application that cannot be assessed as written. The CLI exits 2 with this message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    /// The file (or `line N` of a batch) the application came from.
    pub origin: String,
    /// The field path, e.g. `family[0].passport.expiry`; empty for the whole document.
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl InputError {
    /// Builds an error.
    pub fn new(origin: &str, path: &str, message: impl Into<String>) -> InputError {
        InputError {
            origin: origin.to_owned(),
            path: path.to_owned(),
            message: message.into(),
        }
    }

    /// Converts a serde error that knows the path where it happened.
    pub fn from_path_error<E: fmt::Display>(
        origin: &str,
        err: serde_path_to_error::Error<E>,
    ) -> InputError {
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path };
        InputError::new(origin, &path, err.inner().to_string())
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.origin, self.message)
        } else {
            write!(
                f,
                "{}: field `{}`: {}",
                self.origin, self.path, self.message
            )
        }
    }
}
