//! The typed values parameters and lists take: how income is compared, what legalisation a
//! document needs, an Appendix 6 entry, and so on.

use std::fmt;

use neonomad_core::CountryCode;
use serde::{Deserialize, Serialize};

/// How a month's income is compared with the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Income must exceed the threshold ("over", "свыше").
    StrictlyGreater,
    /// Income equal to the threshold also passes ("at least", "кемінде").
    AtLeast,
}

/// Which months must pass the income test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomeTest {
    /// Every month of the period must pass on its own.
    EachMonth,
    /// The average over the period must pass.
    Average,
}

/// Number of entries the visa allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entries {
    /// One entry.
    Single,
    /// Any number of entries during the validity.
    Multiple,
}

/// What a foreign civil-status document needs before Kazakhstan accepts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Legalization {
    /// Nothing (Minsk Convention party).
    #[serde(rename = "none")]
    None,
    /// An apostille (Hague Apostille Convention in force with Kazakhstan).
    #[serde(rename = "apostille")]
    Apostille,
    /// Consular legalisation (no treaty applies).
    #[serde(rename = "consular_legalization")]
    Consular,
}

/// When an invitation is ready after its registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationReady {
    /// Earliest: this many business days after registration.
    pub min_business_days: u32,
    /// Latest: this many calendar days after registration (NSC approval).
    pub max_calendar_days: u32,
}

/// Why a country is believed to be on the Appendix 6 list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Evidence {
    /// Named on the Kazakh Consulate General page in Germany (genkonsul.de).
    G,
    /// Named in the 2025 tourism-insider list of the 48.
    T,
    /// Inferred to fill the count of 48.
    I,
}

/// One country of Appendix 6 (citizens get a B12-1 visa without an invitation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appendix6Entry {
    /// The country.
    pub code: CountryCode,
    /// Why it is believed to be on the list.
    pub evidence: Vec<Evidence>,
    /// `high`, `medium` or `low`.
    pub confidence: String,
    /// Caveat for this country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Comparison::StrictlyGreater => "strictly_greater",
            Comparison::AtLeast => "at_least",
        })
    }
}

impl fmt::Display for IncomeTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IncomeTest::EachMonth => "each_month",
            IncomeTest::Average => "average",
        })
    }
}

impl fmt::Display for Entries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Entries::Single => "single",
            Entries::Multiple => "multiple",
        })
    }
}

impl fmt::Display for Legalization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Legalization::None => "none",
            Legalization::Apostille => "apostille",
            Legalization::Consular => "consular_legalization",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legalization_uses_the_contract_words() {
        let words: Vec<String> = [
            Legalization::None,
            Legalization::Apostille,
            Legalization::Consular,
        ]
        .iter()
        .map(|l| serde_json::to_string(l).unwrap())
        .collect();
        assert_eq!(
            words,
            ["\"none\"", "\"apostille\"", "\"consular_legalization\""]
        );
        let back: Legalization = serde_json::from_str("\"consular_legalization\"").unwrap();
        assert_eq!(back, Legalization::Consular);
        assert_eq!(Legalization::Consular.to_string(), "consular_legalization");
        assert!(serde_json::from_str::<Legalization>("\"consular\"").is_err());
    }

    #[test]
    fn income_readings_parse_from_their_file_words() {
        let c: Comparison = serde_json::from_str("\"at_least\"").unwrap();
        assert_eq!(c, Comparison::AtLeast);
        assert_eq!(Comparison::StrictlyGreater.to_string(), "strictly_greater");
        let t: IncomeTest = serde_json::from_str("\"average\"").unwrap();
        assert_eq!(t.to_string(), "average");
        assert!(serde_json::from_str::<IncomeTest>("\"each\"").is_err());
    }
}
