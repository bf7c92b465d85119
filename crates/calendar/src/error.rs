//! The two ways the calendar fails: a date it has no data for, and a data file it cannot accept.

use chrono::NaiveDate;

/// A question the calendar cannot answer from its data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date lies in a year the calendar data does not cover; no answer is guessed.
    #[error(
        "{date} is in a year the business-day calendar does not cover (it covers {first}-{last}); \
         add that year's holidays, Kurban Ait date and transfers to law/calendar/kazakhstan.yaml"
    )]
    YearNotCovered {
        /// The date asked about (or the first uncovered date a count ran into).
        date: NaiveDate,
        /// First covered year.
        first: i32,
        /// Last covered year.
        last: i32,
    },
}

/// Why a calendar data file was refused: where (file and field path) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarDataError {
    /// The text is not YAML of the expected shape (syntax, unknown field, wrong type, unknown kind).
    #[error("{origin}: {path}: {message}")]
    Shape {
        /// The file name given to `from_yaml`.
        origin: String,
        /// Field path such as `holidays[3].kind` (`.` for the whole document).
        path: String,
        /// The parser's message, with line and column when it has them.
        message: String,
    },
    /// The YAML has the right shape but a value breaks a rule of the calendar.
    #[error("{origin}: {path}: {problem}")]
    Invalid {
        /// The file name given to `from_yaml`.
        origin: String,
        /// Field path such as `transfers[2].moves[0].working_day`.
        path: String,
        /// What is wrong.
        problem: DataProblem,
    },
}

impl CalendarDataError {
    /// The field path the error points at.
    pub fn path(&self) -> &str {
        match self {
            CalendarDataError::Shape { path, .. } | CalendarDataError::Invalid { path, .. } => path,
        }
    }
}

/// A rule of the calendar data that a value breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DataProblem {
    /// A date field is not a real `YYYY-MM-DD` date.
    #[error("{0:?} is not a date: write YYYY-MM-DD, e.g. 2026-03-23")]
    BadDate(String),
    /// A holiday day is not a real `MM-DD` day that exists every year.
    #[error("{0:?} is not a day of the year: write MM-DD, e.g. \"03-21\" (02-29 is not allowed)")]
    BadMonthDay(String),
    /// A text field that must say something is empty.
    #[error("must not be empty")]
    Empty,
    /// The covered years are reversed.
    #[error("first year {first} is after last year {last}")]
    YearsReversed {
        /// First covered year.
        first: i32,
        /// Last covered year.
        last: i32,
    },
    /// A validity range ends before it starts.
    #[error("valid_to {to} is before valid_from {from}")]
    ValidityReversed {
        /// Start of validity.
        from: String,
        /// End of validity.
        to: String,
    },
    /// A date or year lies outside the covered years.
    #[error("{value} is outside the covered years {first}-{last}")]
    OutsideCoveredYears {
        /// The date or year.
        value: String,
        /// First covered year.
        first: i32,
        /// Last covered year.
        last: i32,
    },
    /// Two items give the same day twice.
    #[error("{date} is already given by {other}")]
    Duplicate {
        /// The day.
        date: NaiveDate,
        /// Where it was given first.
        other: String,
    },
    /// A covered year has no entry in a section that needs one per year.
    #[error("year {year} has no entry here; every covered year needs one ({what})")]
    MissingYear {
        /// The year.
        year: i32,
        /// What the entry must say.
        what: &'static str,
    },
    /// A decree working day is not a Saturday or Sunday.
    #[error("{date} is a {weekday}; a decree working day must be a Saturday or Sunday")]
    WorkingDayNotWeekend {
        /// The day.
        date: NaiveDate,
        /// Its weekday.
        weekday: String,
    },
    /// A decree day off or an override's observed day is not a plain working weekday.
    #[error("{date} ({weekday}) is not an ordinary working weekday: {why}")]
    DayOffNotWorkday {
        /// The day.
        date: NaiveDate,
        /// Its weekday.
        weekday: String,
        /// What it already is.
        why: String,
    },
    /// An observance override names a date that is not a holiday moved off a weekend.
    #[error("{date} is not a holiday that falls on a weekend and moves off it")]
    NotAMovingWeekendHoliday {
        /// The date.
        date: NaiveDate,
    },
    /// The day off a weekend holiday would move to lies past the covered years.
    #[error("the day off for {date} would fall after the last covered year {last}")]
    ObservedPastCoverage {
        /// The holiday.
        date: NaiveDate,
        /// Last covered year.
        last: i32,
    },
}
