//! Properties of business-day arithmetic on the bundled calendar, for random covered dates.

use neonomad_calendar::{Calendar, EntryKind};
use neonomad_core::{parse_date, NaiveDate};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

/// A date from 2019-01-01 to 2027-09-30: adding up to 60 business days (under 100 calendar days)
/// from here stays inside the covered years.
fn covered_start() -> impl Strategy<Value = NaiveDate> {
    let span = (d("2027-09-30") - d("2019-01-01")).num_days();
    (0..=span).prop_map(|k| d("2019-01-01") + chrono::Duration::days(k))
}

proptest! {
    #[test]
    fn adding_n_then_counting_gives_n(from in covered_start(), n in 0u32..60) {
        let cal = Calendar::bundled();
        let sum = cal.add_business_days(from, n).unwrap();
        prop_assert_eq!(cal.business_days_between(from, sum.date).unwrap(), n);
        prop_assert_eq!(cal.add_business_days_date(from, n).unwrap(), sum.date);
        if n > 0 {
            prop_assert!(sum.date > from);
            prop_assert!(cal.is_business_day(sum.date).unwrap());
            // The day before the result is either the start or counted or skipped: nothing is lost.
            let span = (sum.date - from).num_days() as usize;
            prop_assert_eq!(span, n as usize + sum.skipped.len());
        } else {
            prop_assert_eq!(sum.date, from);
        }
        for s in &sum.skipped {
            prop_assert!(s.date > from && s.date < sum.date);
            prop_assert!(!cal.is_business_day(s.date).unwrap());
            prop_assert_eq!(Some(s.reason.clone()), cal.day_off_reason(s.date).unwrap());
        }
    }

    #[test]
    fn a_day_is_a_business_day_exactly_when_it_has_no_reason(day in covered_start()) {
        let cal = Calendar::bundled();
        prop_assert_eq!(
            cal.is_business_day(day).unwrap(),
            cal.day_off_reason(day).unwrap().is_none()
        );
    }

    #[test]
    fn counting_is_additive(a in covered_start(), gap1 in 0i64..200, gap2 in 0i64..200) {
        let cal = Calendar::bundled();
        let b = (a + chrono::Duration::days(gap1)).min(d("2027-12-31"));
        let c = (b + chrono::Duration::days(gap2)).min(d("2027-12-31"));
        prop_assert_eq!(
            cal.business_days_between(a, c).unwrap(),
            cal.business_days_between(a, b).unwrap() + cal.business_days_between(b, c).unwrap()
        );
    }
}

#[test]
fn no_business_day_is_a_holiday_or_moved_day_off_and_every_working_day_is_one() {
    let cal = Calendar::bundled();
    for year in cal.covered_years() {
        for entry in cal.entries(year).unwrap() {
            let business = cal.is_business_day(entry.date).unwrap();
            match entry.kind {
                EntryKind::Holiday | EntryKind::MovedDayOff => {
                    assert!(!business, "{} {} is a business day", entry.date, entry.name)
                }
                EntryKind::WorkingDay => {
                    assert!(
                        business,
                        "{} {} is not a business day",
                        entry.date, entry.name
                    )
                }
            }
        }
    }
}
