//! Kazakhstan business days, from data.
//!
//! A business day is a day that is not a Saturday or Sunday (unless a decree made it a working
//! day), not a public holiday or Labour Code day off, not a holiday's day off moved off a weekend,
//! and not a day off moved there by decree. The facts live in `law/calendar/kazakhstan.yaml`
//! (compiled in); this crate checks them, applies the weekend rule once at load, and answers every
//! question afterwards with an array lookup. A date outside the covered years is an error, never a
//! guess.
//!
//! No I/O and no clock: [`Calendar::from_yaml`] takes text, [`Calendar::bundled`] uses the
//! compiled-in file.

mod days;
mod error;
mod yaml;

use std::fmt;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub use error::{CalendarDataError, CalendarError, DataProblem};

/// The bundled data file, as compiled in.
pub const BUNDLED_YAML: &str = include_str!("../../../law/calendar/kazakhstan.yaml");

/// The name the bundled data file has in error messages.
pub const BUNDLED_ORIGIN: &str = "law/calendar/kazakhstan.yaml";

/// A business-day calendar built from a data file; every lookup is O(1) or O(log n).
#[derive(Clone)]
pub struct Calendar {
    table: days::DayTable,
}

/// The date `n` business days after a start, and the non-business days passed over on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessDaySum {
    /// The resulting business day (the start itself when `n` is 0).
    pub date: NaiveDate,
    /// The non-business days between the start and `date`, in order.
    pub skipped: Vec<SkippedDay>,
}

/// A non-business day passed over while counting business days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedDay {
    /// The day.
    pub date: NaiveDate,
    /// Why it is not a business day, as [`Calendar::day_off_reason`] says.
    pub reason: String,
}

/// One dated item of a year's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarEntry {
    /// The day.
    pub date: NaiveDate,
    /// What it is, in English, e.g. "Nauryz (moved off Sunday 2026-03-22)".
    pub name: String,
    /// Holiday, moved day off or working weekend day.
    pub kind: EntryKind,
}

/// The kind of a calendar entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A public holiday or Labour Code day off on its own date (also when that is a weekend).
    Holiday,
    /// A weekday made a day off: by the weekend rule, an override or a decree transfer.
    MovedDayOff,
    /// A Saturday or Sunday made a working day by decree.
    WorkingDay,
}

impl Calendar {
    /// Parses calendar data; `origin` (a file name) appears in errors, with the field path.
    pub fn from_yaml(text: &str, origin: &str) -> Result<Calendar, CalendarDataError> {
        let rules = yaml::parse(text, origin)?;
        let table = days::build(&rules, origin)?;
        Ok(Calendar { table })
    }

    /// The bundled Kazakhstan calendar (include_str! of law/calendar/kazakhstan.yaml), parsed once.
    ///
    /// # Panics
    /// Only if the bundled file is broken, which the crate's tests rule out.
    pub fn bundled() -> &'static Calendar {
        static BUNDLED: OnceLock<Calendar> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Calendar::from_yaml(BUNDLED_YAML, BUNDLED_ORIGIN)
                .unwrap_or_else(|err| panic!("the bundled calendar is broken: {err}"))
        })
    }

    /// The years the data covers.
    pub fn covered_years(&self) -> RangeInclusive<i32> {
        self.table.first..=self.table.last
    }

    /// Whether a date is a business day.
    pub fn is_business_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        let slot = self.slot(date)?;
        Ok(self.table.off[slot] == days::BUSINESS)
    }

    /// Why a day is not a business day (None for business days): e.g. "Saturday", "Nauryz", "Nauryz (moved off Sunday 2026-03-22)", "day off moved by decree from 2025-01-05 (adilet G24G0000436)".
    pub fn day_off_reason(&self, date: NaiveDate) -> Result<Option<String>, CalendarError> {
        let slot = self.slot(date)?;
        Ok(self.reason_at(slot).map(str::to_owned))
    }

    /// The n-th business day strictly after `from` (n = 0 returns `from`), with every non-business day passed over.
    pub fn add_business_days(
        &self,
        from: NaiveDate,
        n: u32,
    ) -> Result<BusinessDaySum, CalendarError> {
        let start = self.slot(from)?;
        if n == 0 {
            return Ok(BusinessDaySum {
                date: from,
                skipped: Vec::new(),
            });
        }
        let target = self.nth_business_slot_after(start, n)?;
        let skipped = (start + 1..target)
            .filter_map(|slot| {
                self.reason_at(slot).map(|reason| SkippedDay {
                    date: self.date_at(slot),
                    reason: reason.to_owned(),
                })
            })
            .collect();
        Ok(BusinessDaySum {
            date: self.date_at(target),
            skipped,
        })
    }

    /// The n-th business day strictly after `from` (n = 0 returns `from`), without the list of
    /// skipped days: the allocation-free form of [`Calendar::add_business_days`] for hot paths.
    pub fn add_business_days_date(
        &self,
        from: NaiveDate,
        n: u32,
    ) -> Result<NaiveDate, CalendarError> {
        let start = self.slot(from)?;
        if n == 0 {
            return Ok(from);
        }
        Ok(self.date_at(self.nth_business_slot_after(start, n)?))
    }

    /// Number of business days d with from < d <= to (0 if to <= from).
    pub fn business_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<u32, CalendarError> {
        let a = self.slot(from)?;
        let b = self.slot(to)?;
        if b <= a {
            return Ok(0);
        }
        Ok(self.table.business_before[b + 1] - self.table.business_before[a + 1])
    }

    /// All entries of a year sorted by date: holidays (also those on weekends), moved days off, working weekend days.
    pub fn entries(&self, year: i32) -> Result<Vec<CalendarEntry>, CalendarError> {
        if !self.covered_years().contains(&year) {
            return Err(
                self.not_covered(NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN))
            );
        }
        let entries = &self.table.entries;
        let lo = entries.partition_point(|e| e.date.year() < year);
        let hi = entries.partition_point(|e| e.date.year() <= year);
        Ok(entries[lo..hi].to_vec())
    }

    fn not_covered(&self, date: NaiveDate) -> CalendarError {
        CalendarError::YearNotCovered {
            date,
            first: self.table.first,
            last: self.table.last,
        }
    }

    fn slot(&self, date: NaiveDate) -> Result<usize, CalendarError> {
        let offset = date.num_days_from_ce() - self.table.start;
        match usize::try_from(offset) {
            Ok(slot) if slot < self.table.off.len() => Ok(slot),
            _ => Err(self.not_covered(date)),
        }
    }

    fn date_at(&self, slot: usize) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.table.start + slot as i32)
            .expect("slots lie within the covered years")
    }

    fn reason_at(&self, slot: usize) -> Option<&str> {
        match self.table.off[slot] {
            days::BUSINESS => None,
            k => Some(self.table.reasons[k as usize].as_str()),
        }
    }

    fn nth_business_slot_after(&self, start: usize, n: u32) -> Result<usize, CalendarError> {
        // Business days in slots 0..=start, so the first one after `start` has this index.
        let k = self.table.business_before[start + 1] as usize + n as usize - 1;
        match self.table.business_slots.get(k) {
            Some(&slot) => Ok(slot as usize),
            None => Err(self.not_covered(
                NaiveDate::from_ymd_opt(self.table.last + 1, 1, 1).unwrap_or(NaiveDate::MAX),
            )),
        }
    }
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The per-day table is thousands of slots; what identifies a calendar is its span and entries.
        f.debug_struct("Calendar")
            .field("covered_years", &self.covered_years())
            .field("business_days", &self.table.business_slots.len())
            .field("entries", &self.table.entries.len())
            .finish()
    }
}
