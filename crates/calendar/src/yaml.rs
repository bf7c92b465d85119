//! The calendar data file format (`law/calendar/*.yaml`): its serde shape, and the check that turns
//! it into [`Rules`], concrete dated days with every value parsed and every field path remembered.
//!
//! The format is documented for people in `docs/calendar.md`; keep the two in step.

use chrono::{Datelike, NaiveDate};
use neonomad_core::parse_date;
use serde::Deserialize;

use crate::error::{CalendarDataError, DataProblem};

/// The data file as written; every struct refuses unknown fields so a typo is an error, not a no-op.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    covered_years: CoveredYears,
    weekend_rule: WeekendRule,
    holidays: Vec<FixedHoliday>,
    #[serde(default)]
    movable_days_off: Vec<MovableDayOff>,
    transfers: Vec<YearTransfers>,
    #[serde(default)]
    observance_overrides: Vec<ObservanceOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CoveredYears {
    first: i32,
    last: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeekendRule {
    // Only one rule is known in Kazakh law; the field exists so the file names it and its source.
    #[allow(dead_code)]
    rule: WeekendRuleKind,
    source: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum WeekendRuleKind {
    NextWorkingDay,
}

/// Whether a fixed day is a holiday under Law No 267-II or a Labour Code day off; informative only:
/// what the code acts on is `moves_off_weekend`.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum HolidayKind {
    Holiday,
    DayOff,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixedHoliday {
    name: String,
    name_ru: String,
    name_kk: String,
    #[allow(dead_code)]
    kind: HolidayKind,
    days: Vec<String>,
    moves_off_weekend: bool,
    #[serde(default)]
    valid_from: Option<YearOrDate>,
    #[serde(default)]
    valid_to: Option<YearOrDate>,
    source: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum YearOrDate {
    Year(i32),
    Date(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MovableDayOff {
    name: String,
    name_ru: String,
    name_kk: String,
    moves_off_weekend: bool,
    source: String,
    dates: Vec<MovableDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MovableDate {
    date: String,
    confidence: Confidence,
    source: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Confidence {
    Confirmed,
    Estimated,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearTransfers {
    year: i32,
    #[serde(default)]
    decree: Option<String>,
    moves: Vec<Move>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Move {
    day_off: String,
    working_day: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ObservanceOverride {
    holiday_date: String,
    observed_on: String,
    decree: String,
    source: String,
}

/// The checked content of a data file: concrete days, each with the field path it came from.
#[derive(Debug)]
pub(crate) struct Rules {
    /// First covered year.
    pub first: i32,
    /// Last covered year.
    pub last: i32,
    /// Every holiday or day off on its date in the covered years, in file order.
    pub holidays: Vec<HolidayDay>,
    /// Decree transfers: a weekend day worked, a weekday rested.
    pub transfers: Vec<Transfer>,
    /// Weekend holidays whose day off a decree placed somewhere else.
    pub overrides: Vec<Override>,
}

/// One holiday or day off on one date.
#[derive(Debug)]
pub(crate) struct HolidayDay {
    pub date: NaiveDate,
    /// English name, with " (estimated)" when the date is not yet confirmed.
    pub name: String,
    pub moves_off_weekend: bool,
    /// A fixed-date holiday (two of these on one day is a data error).
    pub fixed: bool,
    pub path: String,
}

/// One decree transfer.
#[derive(Debug)]
pub(crate) struct Transfer {
    pub day_off: NaiveDate,
    pub working_day: NaiveDate,
    pub decree: String,
    pub path: String,
}

/// One observance override.
#[derive(Debug)]
pub(crate) struct Override {
    pub holiday_date: NaiveDate,
    pub observed_on: NaiveDate,
    pub decree: String,
    pub path: String,
}

/// Parses and checks a data file; `origin` names it in errors.
pub(crate) fn parse(text: &str, origin: &str) -> Result<Rules, CalendarDataError> {
    let file: File = serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|err| CalendarDataError::Shape {
            origin: origin.to_owned(),
            path: err.path().to_string(),
            message: err.inner().to_string(),
        })?;
    Checker { origin }.check(file)
}

struct Checker<'a> {
    origin: &'a str,
}

impl Checker<'_> {
    fn invalid(&self, path: impl Into<String>, problem: DataProblem) -> CalendarDataError {
        CalendarDataError::Invalid {
            origin: self.origin.to_owned(),
            path: path.into(),
            problem,
        }
    }

    fn not_empty(&self, value: &str, path: impl Into<String>) -> Result<(), CalendarDataError> {
        if value.trim().is_empty() {
            return Err(self.invalid(path, DataProblem::Empty));
        }
        Ok(())
    }

    fn date(&self, value: &str, path: String) -> Result<NaiveDate, CalendarDataError> {
        parse_date(value).map_err(|_| self.invalid(path, DataProblem::BadDate(value.to_owned())))
    }

    fn covered_date(
        &self,
        value: &str,
        path: String,
        first: i32,
        last: i32,
    ) -> Result<NaiveDate, CalendarDataError> {
        let date = self.date(value, path.clone())?;
        if !(first..=last).contains(&date.year()) {
            return Err(self.invalid(
                path,
                DataProblem::OutsideCoveredYears {
                    value: date.to_string(),
                    first,
                    last,
                },
            ));
        }
        Ok(date)
    }

    fn check(&self, file: File) -> Result<Rules, CalendarDataError> {
        let CoveredYears { first, last } = file.covered_years;
        if first > last {
            return Err(self.invalid("covered_years", DataProblem::YearsReversed { first, last }));
        }
        self.not_empty(&file.weekend_rule.source, "weekend_rule.source")?;

        let mut holidays = Vec::new();
        for (i, h) in file.holidays.iter().enumerate() {
            self.fixed_holiday(h, &format!("holidays[{i}]"), first, last, &mut holidays)?;
        }
        for (i, m) in file.movable_days_off.iter().enumerate() {
            self.movable_day_off(
                m,
                &format!("movable_days_off[{i}]"),
                first,
                last,
                &mut holidays,
            )?;
        }
        let transfers = self.transfers(&file.transfers, first, last)?;
        let overrides = file
            .observance_overrides
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let path = format!("observance_overrides[{i}]");
                self.not_empty(&o.decree, format!("{path}.decree"))?;
                self.not_empty(&o.source, format!("{path}.source"))?;
                Ok(Override {
                    holiday_date: self.covered_date(
                        &o.holiday_date,
                        format!("{path}.holiday_date"),
                        first,
                        last,
                    )?,
                    observed_on: self.covered_date(
                        &o.observed_on,
                        format!("{path}.observed_on"),
                        first,
                        last,
                    )?,
                    decree: o.decree.trim().to_owned(),
                    path,
                })
            })
            .collect::<Result<_, CalendarDataError>>()?;
        Ok(Rules {
            first,
            last,
            holidays,
            transfers,
            overrides,
        })
    }

    fn names(&self, names: [&str; 4], path: &str) -> Result<(), CalendarDataError> {
        for (value, field) in names
            .into_iter()
            .zip(["name", "name_ru", "name_kk", "source"])
        {
            self.not_empty(value, format!("{path}.{field}"))?;
        }
        Ok(())
    }

    fn fixed_holiday(
        &self,
        h: &FixedHoliday,
        path: &str,
        first: i32,
        last: i32,
        out: &mut Vec<HolidayDay>,
    ) -> Result<(), CalendarDataError> {
        self.names([&h.name, &h.name_ru, &h.name_kk, &h.source], path)?;
        if h.days.is_empty() {
            return Err(self.invalid(format!("{path}.days"), DataProblem::Empty));
        }
        let from = match &h.valid_from {
            None => None,
            Some(bound) => Some(self.bound(bound, format!("{path}.valid_from"), true)?),
        };
        let to = match &h.valid_to {
            None => None,
            Some(bound) => Some(self.bound(bound, format!("{path}.valid_to"), false)?),
        };
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                return Err(self.invalid(
                    format!("{path}.valid_to"),
                    DataProblem::ValidityReversed {
                        from: from.to_string(),
                        to: to.to_string(),
                    },
                ));
            }
        }
        for (j, day) in h.days.iter().enumerate() {
            let day_path = format!("{path}.days[{j}]");
            let (month, dom) = self.month_day(day, &day_path)?;
            for year in first..=last {
                let Some(date) = NaiveDate::from_ymd_opt(year, month, dom) else {
                    continue; // month_day() already refused days missing from some years
                };
                if from.is_some_and(|f| date < f) || to.is_some_and(|t| date > t) {
                    continue;
                }
                out.push(HolidayDay {
                    date,
                    name: h.name.trim().to_owned(),
                    moves_off_weekend: h.moves_off_weekend,
                    fixed: true,
                    path: day_path.clone(),
                });
            }
        }
        Ok(())
    }

    /// A validity bound as a date: a year bound means its first day (from) or last day (to).
    fn bound(
        &self,
        bound: &YearOrDate,
        path: String,
        is_start: bool,
    ) -> Result<NaiveDate, CalendarDataError> {
        match bound {
            YearOrDate::Date(s) => self.date(s, path),
            YearOrDate::Year(y) => {
                let (m, d) = if is_start { (1, 1) } else { (12, 31) };
                NaiveDate::from_ymd_opt(*y, m, d)
                    .ok_or_else(|| self.invalid(path, DataProblem::BadDate(y.to_string())))
            }
        }
    }

    fn month_day(&self, value: &str, path: &str) -> Result<(u32, u32), CalendarDataError> {
        let bad = || self.invalid(path, DataProblem::BadMonthDay(value.to_owned()));
        let b = value.as_bytes();
        let shaped = b.len() == 5
            && b[2] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 2 || c.is_ascii_digit());
        if !shaped {
            return Err(bad());
        }
        let month: u32 = value[0..2].parse().map_err(|_| bad())?;
        let day: u32 = value[3..5].parse().map_err(|_| bad())?;
        // 2001 is not a leap year: a day valid in it exists in every year.
        NaiveDate::from_ymd_opt(2001, month, day).ok_or_else(bad)?;
        Ok((month, day))
    }

    fn movable_day_off(
        &self,
        m: &MovableDayOff,
        path: &str,
        first: i32,
        last: i32,
        out: &mut Vec<HolidayDay>,
    ) -> Result<(), CalendarDataError> {
        self.names([&m.name, &m.name_ru, &m.name_kk, &m.source], path)?;
        let mut seen: Vec<(i32, NaiveDate, String)> = Vec::new();
        for (j, d) in m.dates.iter().enumerate() {
            let date_path = format!("{path}.dates[{j}]");
            self.not_empty(&d.source, format!("{date_path}.source"))?;
            let date = self.covered_date(&d.date, format!("{date_path}.date"), first, last)?;
            if let Some((_, _, other)) = seen.iter().find(|(y, _, _)| *y == date.year()) {
                return Err(self.invalid(
                    format!("{date_path}.date"),
                    DataProblem::Duplicate {
                        date,
                        other: format!("{other} (one date per year)"),
                    },
                ));
            }
            seen.push((date.year(), date, format!("{date_path}.date")));
            let name = match d.confidence {
                Confidence::Confirmed => m.name.trim().to_owned(),
                Confidence::Estimated => format!("{} (estimated)", m.name.trim()),
            };
            out.push(HolidayDay {
                date,
                name,
                moves_off_weekend: m.moves_off_weekend,
                fixed: false,
                path: format!("{date_path}.date"),
            });
        }
        for year in first..=last {
            if !seen.iter().any(|(y, _, _)| *y == year) {
                return Err(self.invalid(
                    format!("{path}.dates"),
                    DataProblem::MissingYear {
                        year,
                        what: "the date of this day off in that year",
                    },
                ));
            }
        }
        Ok(())
    }

    fn transfers(
        &self,
        years: &[YearTransfers],
        first: i32,
        last: i32,
    ) -> Result<Vec<Transfer>, CalendarDataError> {
        let mut out = Vec::new();
        let mut seen_years: Vec<(i32, usize)> = Vec::new();
        for (i, t) in years.iter().enumerate() {
            let path = format!("transfers[{i}]");
            if !(first..=last).contains(&t.year) {
                return Err(self.invalid(
                    format!("{path}.year"),
                    DataProblem::OutsideCoveredYears {
                        value: t.year.to_string(),
                        first,
                        last,
                    },
                ));
            }
            if let Some((_, other)) = seen_years.iter().find(|(y, _)| *y == t.year) {
                let jan1 = NaiveDate::from_ymd_opt(t.year, 1, 1).expect("year in range");
                return Err(self.invalid(
                    format!("{path}.year"),
                    DataProblem::Duplicate {
                        date: jan1,
                        other: format!("transfers[{other}] (one entry per year)"),
                    },
                ));
            }
            seen_years.push((t.year, i));
            self.not_empty(&t.source, format!("{path}.source"))?;
            let decree = t.decree.as_deref().unwrap_or("").trim();
            if !t.moves.is_empty() {
                self.not_empty(decree, format!("{path}.decree"))?;
            }
            for (j, m) in t.moves.iter().enumerate() {
                let move_path = format!("{path}.moves[{j}]");
                out.push(Transfer {
                    day_off: self.covered_date(
                        &m.day_off,
                        format!("{move_path}.day_off"),
                        first,
                        last,
                    )?,
                    working_day: self.covered_date(
                        &m.working_day,
                        format!("{move_path}.working_day"),
                        first,
                        last,
                    )?,
                    decree: decree.to_owned(),
                    path: move_path,
                });
            }
        }
        for year in first..=last {
            if !seen_years.iter().any(|(y, _)| *y == year) {
                return Err(self.invalid(
                    "transfers",
                    DataProblem::MissingYear {
                        year,
                        what: "the decree transfers of that year, or `moves: []` with a source saying none are known",
                    },
                ));
            }
        }
        Ok(out)
    }
}
