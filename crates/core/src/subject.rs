//! Whom a finding or document is about: the applicant or one family member.

use std::fmt;

use serde::{Serialize, Serializer};

/// The person a finding or a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// The main applicant.
    Applicant,
    /// The family member at this index of the application's `family` list.
    Family(usize),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Applicant => f.write_str("applicant"),
            Subject::Family(i) => write!(f, "family[{i}]"),
        }
    }
}

impl Serialize for Subject {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
