//! The rules engine of the calendar: applies decree transfers, observance overrides and the weekend
//! rule (Law No 267-II art. 5) to the checked data, and lays the result out as one slot per day so
//! that every later question is an array lookup.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::error::{CalendarDataError, DataProblem};
use crate::yaml::Rules;
use crate::{CalendarEntry, EntryKind};

/// Marks a business day in [`DayTable::off`].
pub(crate) const BUSINESS: u16 = u16::MAX;

/// Every covered day, from 1 January of the first year to 31 December of the last.
#[derive(Clone)]
pub(crate) struct DayTable {
    /// First covered year.
    pub first: i32,
    /// Last covered year.
    pub last: i32,
    /// `num_days_from_ce` of 1 January of the first year: a date's slot is its offset from this.
    pub start: i32,
    /// Per day: [`BUSINESS`], or the index in `reasons` of why it is not a business day.
    pub off: Vec<u16>,
    /// Distinct reasons, shared by the days that have them.
    pub reasons: Vec<String>,
    /// `business_before[i]`: number of business days in slots `0..i` (length `off.len() + 1`).
    pub business_before: Vec<u32>,
    /// Slots of the business days, ascending: the k-th business day overall is `business_slots[k]`.
    pub business_slots: Vec<u32>,
    /// Holidays, moved days off and working weekend days, sorted by date.
    pub entries: Vec<CalendarEntry>,
}

/// The English name of a weekday, as it appears in reasons.
pub(crate) fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// One day's state while the table is being built.
#[derive(Clone)]
enum Slot {
    Ordinary,
    Holiday {
        name: String,
        moves: bool,
        path: String,
    },
    DecreeDayOff {
        reason: String,
        path: String,
    },
    DecreeWorkingDay {
        path: String,
    },
    Observed {
        reason: String,
    },
}

impl Slot {
    fn describe(&self, weekend: bool) -> String {
        match self {
            Slot::Ordinary if weekend => "a weekend day".to_owned(),
            Slot::Ordinary => "an ordinary working day".to_owned(),
            Slot::Holiday { name, path, .. } => format!("{name} (from {path})"),
            Slot::DecreeDayOff { path, .. } => format!("a decree day off (from {path})"),
            Slot::DecreeWorkingDay { path } => format!("a decree working day (from {path})"),
            Slot::Observed { reason } => reason.clone(),
        }
    }

    /// Whether a day in this state is worked (before the weekend rule has run, for that rule).
    fn is_worked(&self, weekend: bool) -> bool {
        match self {
            Slot::Ordinary => !weekend,
            Slot::DecreeWorkingDay { .. } => true,
            _ => false,
        }
    }
}

/// Builds the day table from checked data; `origin` names the file in errors.
pub(crate) fn build(rules: &Rules, origin: &str) -> Result<DayTable, CalendarDataError> {
    let invalid = |path: &str, problem| CalendarDataError::Invalid {
        origin: origin.to_owned(),
        path: path.to_owned(),
        problem,
    };
    let first_day = NaiveDate::from_ymd_opt(rules.first, 1, 1).ok_or_else(|| {
        invalid(
            "covered_years.first",
            DataProblem::BadDate(rules.first.to_string()),
        )
    })?;
    let end_day = NaiveDate::from_ymd_opt(rules.last, 12, 31).ok_or_else(|| {
        invalid(
            "covered_years.last",
            DataProblem::BadDate(rules.last.to_string()),
        )
    })?;
    let start = first_day.num_days_from_ce();
    let len = (end_day.num_days_from_ce() - start + 1) as usize;
    let slot_of = |d: NaiveDate| (d.num_days_from_ce() - start) as usize;
    let date_of = |i: usize| first_day + chrono::Days::new(i as u64);
    let mut slots = vec![Slot::Ordinary; len];
    let mut entries = Vec::new();

    for h in &rules.holidays {
        let i = slot_of(h.date);
        slots[i] = match &slots[i] {
            Slot::Ordinary => Slot::Holiday {
                name: h.name.clone(),
                moves: h.moves_off_weekend,
                path: h.path.clone(),
            },
            Slot::Holiday { path, .. } if h.fixed && path.starts_with("holidays[") => {
                return Err(invalid(
                    &h.path,
                    DataProblem::Duplicate {
                        date: h.date,
                        other: path.clone(),
                    },
                ));
            }
            // A movable day off landing on a fixed holiday is one day off, not two; it moves off a
            // weekend if either would.
            Slot::Holiday { name, moves, path } => Slot::Holiday {
                name: format!("{name}; {}", h.name),
                moves: *moves || h.moves_off_weekend,
                path: path.clone(),
            },
            _ => unreachable!("only holidays are placed so far"),
        };
    }
    for (i, slot) in slots.iter().enumerate() {
        if let Slot::Holiday { name, .. } = slot {
            entries.push(CalendarEntry {
                date: date_of(i),
                name: name.clone(),
                kind: EntryKind::Holiday,
            });
        }
    }

    for t in &rules.transfers {
        let w = slot_of(t.working_day);
        if !is_weekend(t.working_day) {
            return Err(invalid(
                &format!("{}.working_day", t.path),
                DataProblem::WorkingDayNotWeekend {
                    date: t.working_day,
                    weekday: weekday_name(t.working_day.weekday()).to_owned(),
                },
            ));
        }
        if !matches!(slots[w], Slot::Ordinary) {
            return Err(invalid(
                &format!("{}.working_day", t.path),
                DataProblem::Duplicate {
                    date: t.working_day,
                    other: slots[w].describe(true),
                },
            ));
        }
        slots[w] = Slot::DecreeWorkingDay {
            path: format!("{}.working_day", t.path),
        };
        entries.push(CalendarEntry {
            date: t.working_day,
            name: format!(
                "working day by decree, its day off moved to {} ({})",
                t.day_off, t.decree
            ),
            kind: EntryKind::WorkingDay,
        });

        let o = slot_of(t.day_off);
        let weekend = is_weekend(t.day_off);
        if weekend || !matches!(slots[o], Slot::Ordinary) {
            return Err(invalid(
                &format!("{}.day_off", t.path),
                DataProblem::DayOffNotWorkday {
                    date: t.day_off,
                    weekday: weekday_name(t.day_off.weekday()).to_owned(),
                    why: format!("it is {}", slots[o].describe(weekend)),
                },
            ));
        }
        let reason = format!(
            "day off moved by decree from {} ({})",
            t.working_day, t.decree
        );
        slots[o] = Slot::DecreeDayOff {
            reason: reason.clone(),
            path: format!("{}.day_off", t.path),
        };
        entries.push(CalendarEntry {
            date: t.day_off,
            name: reason,
            kind: EntryKind::MovedDayOff,
        });
    }

    let mut overridden: Vec<NaiveDate> = Vec::new();
    for ov in &rules.overrides {
        let h = slot_of(ov.holiday_date);
        let Slot::Holiday {
            name, moves: true, ..
        } = &slots[h]
        else {
            return Err(invalid(
                &format!("{}.holiday_date", ov.path),
                DataProblem::NotAMovingWeekendHoliday {
                    date: ov.holiday_date,
                },
            ));
        };
        if !is_weekend(ov.holiday_date) || overridden.contains(&ov.holiday_date) {
            return Err(invalid(
                &format!("{}.holiday_date", ov.path),
                DataProblem::NotAMovingWeekendHoliday {
                    date: ov.holiday_date,
                },
            ));
        }
        let reason = format!(
            "{name} (moved off {} {} by decree, {})",
            weekday_name(ov.holiday_date.weekday()),
            ov.holiday_date,
            ov.decree
        );
        let o = slot_of(ov.observed_on);
        let weekend = is_weekend(ov.observed_on);
        if !slots[o].is_worked(weekend) || weekend {
            return Err(invalid(
                &format!("{}.observed_on", ov.path),
                DataProblem::DayOffNotWorkday {
                    date: ov.observed_on,
                    weekday: weekday_name(ov.observed_on.weekday()).to_owned(),
                    why: format!("it is {}", slots[o].describe(weekend)),
                },
            ));
        }
        overridden.push(ov.holiday_date);
        slots[o] = Slot::Observed {
            reason: reason.clone(),
        };
        entries.push(CalendarEntry {
            date: ov.observed_on,
            name: reason,
            kind: EntryKind::MovedDayOff,
        });
    }

    // Law art. 5: a holiday on a Saturday or Sunday makes the next working day after it a day off.
    // Walking the holidays in date order makes the days off of a multi-day run stack after it, and
    // lets each one skip the days off already placed.
    for h in 0..len {
        let date = date_of(h);
        let Slot::Holiday {
            name, moves: true, ..
        } = &slots[h]
        else {
            continue;
        };
        if !is_weekend(date) || overridden.contains(&date) {
            continue;
        }
        let reason = format!("{name} (moved off {} {date})", weekday_name(date.weekday()));
        let Some(o) = (h + 1..len).find(|&i| slots[i].is_worked(is_weekend(date_of(i)))) else {
            return Err(invalid(
                "covered_years.last",
                DataProblem::ObservedPastCoverage {
                    date,
                    last: rules.last,
                },
            ));
        };
        slots[o] = Slot::Observed {
            reason: reason.clone(),
        };
        entries.push(CalendarEntry {
            date: date_of(o),
            name: reason,
            kind: EntryKind::MovedDayOff,
        });
    }
    entries.sort_by_key(|e| e.date);

    let mut reasons: Vec<String> = vec!["Saturday".to_owned(), "Sunday".to_owned()];
    let mut reason_index: HashMap<String, u16> = HashMap::new();
    let mut off = Vec::with_capacity(len);
    for (i, slot) in slots.iter().enumerate() {
        let date = date_of(i);
        let reason = match slot {
            Slot::Ordinary => match date.weekday() {
                Weekday::Sat => Some(0),
                Weekday::Sun => Some(1),
                _ => None,
            },
            Slot::DecreeWorkingDay { .. } => None,
            Slot::Holiday { name: text, .. }
            | Slot::DecreeDayOff { reason: text, .. }
            | Slot::Observed { reason: text } => {
                let next = reasons.len();
                let k = *reason_index.entry(text.clone()).or_insert_with(|| {
                    reasons.push(text.clone());
                    next as u16
                });
                Some(k)
            }
        };
        off.push(reason.unwrap_or(BUSINESS));
    }
    // u16::MAX marks business days, so the reasons must stay below it; a real calendar has ~200.
    assert!(
        reasons.len() < BUSINESS as usize,
        "too many distinct day-off reasons"
    );

    let mut business_before = Vec::with_capacity(len + 1);
    let mut business_slots = Vec::new();
    business_before.push(0);
    for (i, &o) in off.iter().enumerate() {
        if o == BUSINESS {
            business_slots.push(i as u32);
        }
        business_before.push(business_slots.len() as u32);
    }

    Ok(DayTable {
        first: rules.first,
        last: rules.last,
        start,
        off,
        reasons,
        business_before,
        business_slots,
        entries,
    })
}
