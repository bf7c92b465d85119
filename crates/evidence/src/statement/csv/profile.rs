//! CSV column mappings ("profiles"): which column holds the date, the amount, the currency and
//! the other side, and how numbers and dates are written. A profile is YAML text; the built-in
//! ones are compiled in, a user's are read by the caller (this crate does no file I/O).

use std::fmt::Write as _;
use std::sync::OnceLock;

use neonomad_core::{CurrencyCode, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The built-in profiles, as YAML text, in the order auto-detection tries them.
const BUILTIN: &[(&str, &str)] = &[
    (
        "generic-signed",
        include_str!("profiles/generic-signed.yaml"),
    ),
    (
        "generic-debit-credit",
        include_str!("profiles/generic-debit-credit.yaml"),
    ),
    ("de-semicolon", include_str!("profiles/de-semicolon.yaml")),
    ("nl-ing", include_str!("profiles/nl-ing.yaml")),
];

/// Indicator values that mean money in unless a profile lists its own: `C`/`CR`/`CRDT`
/// (English, ISO 20022), `H`/`Haben` (German), `Bij` (Dutch), `Credit`.
pub const DEFAULT_CREDIT_VALUES: &[&str] = &["C", "CR", "CRDT", "Credit", "H", "Haben", "Bij"];
/// Indicator values that mean money out unless a profile lists its own: `D`/`DR`/`DBIT`,
/// `S`/`Soll` (German), `Af` (Dutch), `Debit`.
pub const DEFAULT_DEBIT_VALUES: &[&str] = &["D", "DR", "DBIT", "Debit", "S", "Soll", "Af"];

/// A profile that cannot be used, naming the profile and the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("CSV profile {profile}: {field}: {message}")]
pub struct ProfileError {
    /// The profile's name or file.
    pub profile: String,
    /// The field (YAML key) at fault, or `yaml` for text that is not a profile at all.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
}

/// Where a value is: a 1-based column number, a header name, or the first of several header
/// names that the header row has (names match ignoring case and surrounding spaces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Column {
    /// 1-based column number.
    Index(usize),
    /// A header name.
    Name(String),
    /// Several header names; the first one present is used.
    AnyOf(Vec<String>),
}

impl Column {
    /// Parses a command-line column: digits are a 1-based number, anything else a header name.
    pub fn from_arg(text: &str) -> Column {
        match text.trim().parse::<usize>() {
            Ok(n) => Column::Index(n),
            Err(_) => Column::Name(text.trim().to_owned()),
        }
    }

    /// How the column is written in messages: `3`, `"Date"`, `"Date"|"Booking Date"`.
    pub fn describe(&self) -> String {
        match self {
            Column::Index(n) => format!("column {n}"),
            Column::Name(name) => format!("{name:?}"),
            Column::AnyOf(names) => names
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join("|"),
        }
    }

    /// The 0-based position of the column in a row with this header (`None`: not present).
    pub(super) fn resolve(&self, header: Option<&[String]>) -> Option<usize> {
        match self {
            Column::Index(n) => n.checked_sub(1),
            Column::Name(name) => position(header?, name),
            Column::AnyOf(names) => names.iter().find_map(|n| position(header?, n)),
        }
    }
}

fn position(header: &[String], name: &str) -> Option<usize> {
    let want = normalise_name(name);
    header.iter().position(|h| normalise_name(h) == want)
}

/// Header names compare ignoring case, surrounding spaces and quotes, and inner space runs.
pub(super) fn normalise_name(name: &str) -> String {
    name.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One date format or several tried in order (chrono `strftime` syntax, e.g. `%d.%m.%Y`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormats(pub Vec<String>);

impl Default for DateFormats {
    fn default() -> Self {
        DateFormats(vec!["%Y-%m-%d".to_owned()])
    }
}

impl Serialize for DateFormats {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => s.serialize_str(one),
            many => many.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for DateFormats {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        Ok(match OneOrMany::deserialize(d)? {
            OneOrMany::One(f) => DateFormats(vec![f]),
            OneOrMany::Many(fs) => DateFormats(fs),
        })
    }
}

/// How to read one bank's CSV export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvProfile {
    /// The profile's name (built-in name or file stem).
    #[serde(default)]
    pub name: String,
    /// What exports it is for, in a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// Field delimiter: `,`, `;`, tab, `|`.
    #[serde(default = "comma")]
    pub delimiter: char,
    /// Quote character around fields holding delimiters or line breaks.
    #[serde(default = "double_quote")]
    pub quote: char,
    /// Text encoding label (`utf-8`, `windows-1252`, `iso-8859-1`, `utf-16le`); unset: a byte
    /// order mark decides, else UTF-8, else Windows-1252 (with a warning).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Lines skipped before anything is read (a preamble the header search should not see).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub skip_lines: usize,
    /// Whether a header row names the columns; it is searched for in the first rows, so bank
    /// preambles before it need no `skip_lines`.
    #[serde(default = "yes")]
    pub header: bool,
    /// Booking date.
    pub date: Column,
    /// Date format(s) of the date columns.
    #[serde(default)]
    pub date_format: DateFormats,
    /// Value date, when the export has one; it decides the month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_date: Option<Column>,
    /// Signed amount (credits positive); or use `debit` and `credit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Column>,
    /// Money out, as a positive (or negative) number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debit: Option<Column>,
    /// Money in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<Column>,
    /// A debit/credit indicator column (`S`/`H`, `D`/`C`, `DR`/`CR`, `Af`/`Bij`): `amount` is
    /// then unsigned and this column gives its sign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Column>,
    /// Indicator values meaning money in, compared ignoring case and surrounding spaces.
    #[serde(
        default = "default_credit_values",
        skip_serializing_if = "is_default_credit_values"
    )]
    pub credit_values: Vec<String>,
    /// Indicator values meaning money out, compared ignoring case and surrounding spaces.
    #[serde(
        default = "default_debit_values",
        skip_serializing_if = "is_default_debit_values"
    )]
    pub debit_values: Vec<String>,
    /// Currency code column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Column>,
    /// The currency of every row, when the export names none (or to fill empty cells).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_currency: Option<CurrencyCode>,
    /// Name of the payer (credits) or payee (debits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterparty: Option<Column>,
    /// Their IBAN or account number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterparty_account: Option<Column>,
    /// Their bank's BIC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterparty_bic: Option<Column>,
    /// Their country (ISO alpha-2 or alpha-3); else the IBAN's country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterparty_country: Option<Column>,
    /// Text columns joined (those present) into the description.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<Column>,
    /// The bank's transaction id or reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Column>,
    /// Balance after each row: gives the statement's opening and closing balances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<Column>,
    /// The account holder's own account (IBAN), when each row repeats it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Column>,
    /// Decimal separator: `.` or `,`.
    #[serde(default = "point")]
    pub decimal_separator: char,
    /// Thousands separator (`.`, `,`, space, `'`), if the export groups digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thousands_separator: Option<char>,
}

fn comma() -> char {
    ','
}
fn double_quote() -> char {
    '"'
}
fn point() -> char {
    '.'
}
fn yes() -> bool {
    true
}
fn is_zero(n: &usize) -> bool {
    *n == 0
}
fn default_credit_values() -> Vec<String> {
    DEFAULT_CREDIT_VALUES
        .iter()
        .map(|v| (*v).to_owned())
        .collect()
}
fn default_debit_values() -> Vec<String> {
    DEFAULT_DEBIT_VALUES
        .iter()
        .map(|v| (*v).to_owned())
        .collect()
}
fn is_default_credit_values(values: &[String]) -> bool {
    values
        .iter()
        .map(String::as_str)
        .eq(DEFAULT_CREDIT_VALUES.iter().copied())
}
fn is_default_debit_values(values: &[String]) -> bool {
    values
        .iter()
        .map(String::as_str)
        .eq(DEFAULT_DEBIT_VALUES.iter().copied())
}

/// What an indicator cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// Money in.
    Credit,
    /// Money out.
    Debit,
}

impl CsvProfile {
    /// A profile with only a date and a signed amount column, everything else default.
    pub fn new(name: &str, date: Column, amount: Column) -> CsvProfile {
        CsvProfile {
            name: name.to_owned(),
            about: None,
            delimiter: ',',
            quote: '"',
            encoding: None,
            skip_lines: 0,
            header: true,
            date,
            date_format: DateFormats::default(),
            value_date: None,
            amount: Some(amount),
            debit: None,
            credit: None,
            direction: None,
            credit_values: default_credit_values(),
            debit_values: default_debit_values(),
            currency: None,
            fixed_currency: None,
            counterparty: None,
            counterparty_account: None,
            counterparty_bic: None,
            counterparty_country: None,
            description: Vec::new(),
            id: None,
            balance: None,
            account: None,
            decimal_separator: '.',
            thousands_separator: None,
        }
    }

    /// Parses and checks a profile; `name` (file stem or built-in name) fills a missing `name:`.
    pub fn from_yaml(name: &str, text: &str) -> Result<CsvProfile, ProfileError> {
        let mut profile: CsvProfile = serde_yaml::from_str(text).map_err(|e| ProfileError {
            profile: name.to_owned(),
            field: "yaml".to_owned(),
            message: format!("not a CSV profile: {e}"),
        })?;
        if profile.name.trim().is_empty() {
            profile.name = name.to_owned();
        }
        profile.check()?;
        Ok(profile)
    }

    /// The profile as YAML, as `from_yaml` reads it back.
    pub fn to_yaml(&self) -> String {
        serde_yaml::to_string(self).expect("a profile always serialises")
    }

    /// Checks that the mapping can be used: an amount or a debit/credit pair, known separators,
    /// encodings and date formats, column numbers from 1.
    pub fn check(&self) -> Result<(), ProfileError> {
        let err = |field: &str, message: String| ProfileError {
            profile: self.name.clone(),
            field: field.to_owned(),
            message,
        };
        match (&self.amount, &self.debit, &self.credit) {
            (Some(_), None, None) | (None, Some(_), Some(_)) => {}
            (Some(_), _, _) => {
                return Err(err(
                    "amount",
                    "give either a signed amount column or debit and credit columns, not both"
                        .to_owned(),
                ))
            }
            _ => {
                return Err(err(
                    "amount",
                    "no amount: give a signed amount column, or both debit and credit columns"
                        .to_owned(),
                ))
            }
        }
        if self.direction.is_some() && self.amount.is_none() {
            return Err(err(
                "direction",
                "a debit/credit indicator column gives the sign of the amount column: give amount, not debit and credit".to_owned(),
            ));
        }
        for (field, values) in [
            ("credit_values", &self.credit_values),
            ("debit_values", &self.debit_values),
        ] {
            if self.direction.is_some() && values.iter().all(|v| v.trim().is_empty()) {
                return Err(err(
                    field,
                    "no indicator values: list at least one".to_owned(),
                ));
            }
        }
        if let Some(both) = self
            .credit_values
            .iter()
            .find(|c| self.debit_values.iter().any(|d| same_indicator(c, d)))
        {
            return Err(err(
                "debit_values",
                format!("{both:?} is listed as a credit and as a debit value"),
            ));
        }
        let d = self.delimiter;
        if !d.is_ascii() || d.is_ascii_alphanumeric() || matches!(d, '\n' | '\r' | '"') {
            return Err(err(
                "delimiter",
                format!("{d:?} cannot separate fields: use ',', ';', tab or '|'"),
            ));
        }
        if !self.quote.is_ascii() || self.quote == d {
            return Err(err(
                "quote",
                format!("{:?} cannot quote fields: use '\"' or '\\''", self.quote),
            ));
        }
        if !matches!(self.decimal_separator, '.' | ',') {
            return Err(err(
                "decimal_separator",
                format!("{:?}: expected '.' or ','", self.decimal_separator),
            ));
        }
        if let Some(t) = self.thousands_separator {
            if !matches!(t, '.' | ',' | ' ' | '\'' | '\u{a0}') || t == self.decimal_separator {
                return Err(err(
                    "thousands_separator",
                    format!(
                        "{t:?}: expected '.', ',', a space or an apostrophe, other than the decimal separator"
                    ),
                ));
            }
        }
        if let Some(label) = &self.encoding {
            match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
                Some(enc)
                    if enc.is_ascii_compatible()
                        || enc == encoding_rs::UTF_16LE
                        || enc == encoding_rs::UTF_16BE => {}
                _ => {
                    return Err(err(
                        "encoding",
                        format!(
                            "{label:?} is not an encoding neonomad reads: use utf-8, windows-1252, iso-8859-1 or utf-16le"
                        ),
                    ))
                }
            }
        }
        if self.date_format.0.is_empty() {
            return Err(err(
                "date_format",
                "no date format: give one such as %d.%m.%Y".to_owned(),
            ));
        }
        for format in &self.date_format.0 {
            check_date_format(format).map_err(|why| err("date_format", why))?;
        }
        for (field, column) in self.columns() {
            match column {
                Column::Index(0) => {
                    return Err(err(
                        field,
                        "column numbers start at 1".to_owned(),
                    ))
                }
                Column::Name(_) | Column::AnyOf(_) if !self.header => {
                    return Err(err(
                        field,
                        format!(
                            "{} is a header name but the profile says the file has no header row: use column numbers",
                            column.describe()
                        ),
                    ))
                }
                Column::AnyOf(names) if names.is_empty() => {
                    return Err(err(field, "an empty list of header names".to_owned()))
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Every mapped column with its YAML key.
    pub(super) fn columns(&self) -> Vec<(&'static str, &Column)> {
        let mut all = vec![("date", &self.date)];
        let optional = [
            ("value_date", &self.value_date),
            ("amount", &self.amount),
            ("debit", &self.debit),
            ("credit", &self.credit),
            ("direction", &self.direction),
            ("currency", &self.currency),
            ("counterparty", &self.counterparty),
            ("counterparty_account", &self.counterparty_account),
            ("counterparty_bic", &self.counterparty_bic),
            ("counterparty_country", &self.counterparty_country),
            ("id", &self.id),
            ("balance", &self.balance),
            ("account", &self.account),
        ];
        all.extend(
            optional
                .into_iter()
                .filter_map(|(field, column)| column.as_ref().map(|c| (field, c))),
        );
        all.extend(self.description.iter().map(|c| ("description", c)));
        all
    }

    /// What an indicator cell means: `None` when it is none of the profile's values.
    pub(super) fn direction_of(&self, cell: &str) -> Option<Direction> {
        if self.credit_values.iter().any(|v| same_indicator(v, cell)) {
            Some(Direction::Credit)
        } else if self.debit_values.iter().any(|v| same_indicator(v, cell)) {
            Some(Direction::Debit)
        } else {
            None
        }
    }
}

/// Indicator values compare ignoring case and surrounding spaces (`af`, ` Af `, `AF`).
fn same_indicator(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// A date format must write and read back a day, a month and a year.
fn check_date_format(format: &str) -> Result<(), String> {
    let sample = NaiveDate::from_ymd_opt(2031, 12, 25).expect("a real day");
    let mut written = String::new();
    if write!(written, "{}", sample.format(format)).is_err() {
        return Err(format!(
            "{format:?} is not a date format (chrono strftime, e.g. %d.%m.%Y)"
        ));
    }
    match NaiveDate::parse_from_str(&written, format) {
        Ok(back) if back == sample => Ok(()),
        _ => Err(format!(
            "{format:?} does not name a day, a month and a year (e.g. %d.%m.%Y, %Y-%m-%d, %m/%d/%Y)"
        )),
    }
}

/// The names of the built-in profiles, in the order auto-detection tries them.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _)| *name).collect()
}

/// A built-in profile by name.
pub fn builtin_profile(name: &str) -> Option<CsvProfile> {
    parsed_builtins().iter().find(|p| p.name == name).cloned()
}

/// Every built-in profile, in the order auto-detection tries them.
pub fn builtin_profiles() -> Vec<CsvProfile> {
    parsed_builtins().to_vec()
}

/// The built-in profiles, parsed once: every CSV without a profile is matched against them.
fn parsed_builtins() -> &'static [CsvProfile] {
    static PARSED: OnceLock<Vec<CsvProfile>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|(name, text)| {
                CsvProfile::from_yaml(name, text).expect("built-in profiles are valid (tested)")
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_profiles_parse_check_and_round_trip() {
        let all = builtin_profiles();
        assert_eq!(
            all.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            [
                "generic-signed",
                "generic-debit-credit",
                "de-semicolon",
                "nl-ing"
            ]
        );
        for p in &all {
            assert!(p.about.is_some(), "{}", p.name);
            let back = CsvProfile::from_yaml("x", &p.to_yaml()).unwrap();
            assert_eq!(&back, p);
        }
        let de = builtin_profile("de-semicolon").unwrap();
        assert_eq!((de.delimiter, de.decimal_separator), (';', ','));
        assert_eq!(de.thousands_separator, Some('.'));
        assert_eq!(de.date_format.0[0], "%d.%m.%Y");
        assert!(builtin_profile("nope").is_none());
    }

    #[test]
    fn columns_resolve_by_number_name_or_alternatives() {
        let header: Vec<String> = [" Datum ", "BETRAG", "W\u{e4}hrung"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let h = Some(header.as_slice());
        assert_eq!(Column::Index(2).resolve(h), Some(1));
        assert_eq!(Column::Index(0).resolve(h), None);
        assert_eq!(Column::Name("datum".into()).resolve(h), Some(0));
        assert_eq!(
            Column::AnyOf(vec!["Amount".into(), "Betrag".into()]).resolve(h),
            Some(1)
        );
        assert_eq!(Column::Name("w\u{c4}hrung".into()).resolve(h), Some(2));
        assert_eq!(Column::Name("Amount".into()).resolve(h), None);
        assert_eq!(Column::Name("Datum".into()).resolve(None), None);
        assert_eq!(Column::from_arg("3"), Column::Index(3));
        assert_eq!(Column::from_arg("Date"), Column::Name("Date".into()));
    }

    #[test]
    fn a_minimal_profile_needs_only_date_and_amount() {
        let p = CsvProfile::from_yaml("mine", "date: 1\namount: Betrag\n").unwrap();
        assert_eq!(p.name, "mine");
        assert_eq!(p.delimiter, ',');
        assert_eq!(p.date_format, DateFormats::default());
        assert_eq!(p.amount, Some(Column::Name("Betrag".into())));
    }

    #[test]
    fn indicator_values_default_to_the_common_ones_and_can_be_replaced() {
        let p = CsvProfile::from_yaml("p", "date: 1\namount: 2\ndirection: 3\nheader: false\n")
            .unwrap();
        for (cell, want) in [
            ("S", Some(Direction::Debit)),
            ("H", Some(Direction::Credit)),
            ("d", Some(Direction::Debit)),
            (" C ", Some(Direction::Credit)),
            ("DR", Some(Direction::Debit)),
            ("cr", Some(Direction::Credit)),
            ("Af", Some(Direction::Debit)),
            ("BIJ", Some(Direction::Credit)),
            ("Debit", Some(Direction::Debit)),
            ("credit", Some(Direction::Credit)),
            ("X", None),
            ("", None),
            ("+", None),
        ] {
            assert_eq!(p.direction_of(cell), want, "{cell:?}");
        }
        assert!(
            !p.to_yaml().contains("credit_values"),
            "defaults are not written out"
        );
        let own = CsvProfile::from_yaml(
            "p",
            "date: 1\namount: 2\ndirection: 3\nheader: false\ncredit_values: [Eingang]\ndebit_values: [Ausgang]\n",
        )
        .unwrap();
        assert_eq!(own.direction_of("eingang"), Some(Direction::Credit));
        assert_eq!(
            own.direction_of("H"),
            None,
            "a profile's own values replace the defaults"
        );
        assert_eq!(CsvProfile::from_yaml("x", &own.to_yaml()).unwrap(), own);
    }

    #[test]
    fn unusable_profiles_name_the_field() {
        let bad = |yaml: &str| CsvProfile::from_yaml("p", yaml).unwrap_err();
        let e = bad("date: Date\n");
        assert_eq!(e.field, "amount");
        assert!(e.message.contains("no amount"), "{e}");
        assert_eq!(bad("date: Date\namount: A\ndebit: D\n").field, "amount");
        assert_eq!(bad("date: Date\ndebit: D\n").field, "amount");
        assert_eq!(
            bad("date: Date\namount: A\ndelimiter: x\n").field,
            "delimiter"
        );
        assert_eq!(
            bad("date: Date\namount: A\ndecimal_separator: ';'\n").field,
            "decimal_separator"
        );
        assert_eq!(
            bad("date: Date\namount: A\ndecimal_separator: ','\nthousands_separator: ','\n").field,
            "thousands_separator"
        );
        assert_eq!(
            bad("date: Date\namount: A\nencoding: klingon\n").field,
            "encoding"
        );
        let e = bad("date: Date\namount: A\ndate_format: '%d.%m'\n");
        assert_eq!(e.field, "date_format");
        assert!(e.message.contains("a day, a month and a year"), "{e}");
        assert_eq!(bad("date: 0\namount: 2\n").field, "date");
        let e = bad("date: Date\namount: 2\nheader: false\n");
        assert!(e.message.contains("no header row"), "{e}");
        let e = bad("date: Date\namount: A\ncolour: red\n");
        assert_eq!(e.field, "yaml");
        assert!(
            e.to_string()
                .starts_with("CSV profile p: yaml: not a CSV profile"),
            "{e}"
        );
        assert!(e.message.contains("colour"), "{e}");
        assert_eq!(bad("- just\n- a list\n").field, "yaml");
        let e = bad("date: Date\ndebit: D\ncredit: C\ndirection: Af Bij\n");
        assert_eq!(e.field, "direction");
        assert!(e.message.contains("give amount"), "{e}");
        let e = bad("date: Date\namount: A\ndirection: X\ncredit_values: [C, S]\n");
        assert_eq!(e.field, "debit_values");
        assert!(
            e.message
                .contains("\"S\" is listed as a credit and as a debit"),
            "{e}"
        );
        assert_eq!(
            bad("date: Date\namount: A\ndirection: X\ncredit_values: []\n").field,
            "credit_values"
        );
    }
}
