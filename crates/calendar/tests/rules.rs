//! The calendar rules, checked on the bundled Kazakhstan data: weekend moves, stacking, days off
//! that do not move, decree transfers and overrides, constitutional changes, coverage.

use chrono::Datelike;
use neonomad_calendar::{Calendar, CalendarError, EntryKind};
use neonomad_core::{parse_date, NaiveDate};

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn cal() -> &'static Calendar {
    Calendar::bundled()
}

fn business(s: &str) -> bool {
    cal().is_business_day(d(s)).unwrap()
}

fn reason(s: &str) -> Option<String> {
    cal().day_off_reason(d(s)).unwrap()
}

#[test]
fn bundled_file_parses_and_covers_2019_to_2027() {
    assert_eq!(cal().covered_years(), 2019..=2027);
}

#[test]
fn plain_weekends_and_weekdays() {
    assert_eq!(reason("2026-03-28").as_deref(), Some("Saturday"));
    assert_eq!(reason("2026-03-29").as_deref(), Some("Sunday"));
    assert!(business("2026-03-26"));
    assert_eq!(reason("2026-03-26"), None);
}

#[test]
fn a_holiday_on_a_weekend_moves_to_the_next_working_day() {
    // 2026-03-08 International Women's Day is a Sunday: Monday 9 March is off.
    assert_eq!(
        reason("2026-03-08").as_deref(),
        Some("International Women's Day")
    );
    assert_eq!(
        reason("2026-03-09").as_deref(),
        Some("International Women's Day (moved off Sunday 2026-03-08)")
    );
    assert!(business("2026-03-10"));
    // 2025-10-25 Republic Day is a Saturday: Monday 27 October is off.
    assert!(!business("2025-10-27"));
    assert!(business("2025-10-28"));
}

#[test]
fn days_off_of_a_multi_day_holiday_stack_after_the_run() {
    // 2022-01-01 Sat and 01-02 Sun: 01-03 and 01-04 off.
    assert!(!business("2022-01-03"));
    assert!(!business("2022-01-04"));
    assert!(business("2022-01-05"));
    // 2026 Nauryz: 21 Sat, 22 Sun, 23 Mon -> 24 and 25 off.
    assert_eq!(reason("2026-03-23").as_deref(), Some("Nauryz"));
    assert_eq!(
        reason("2026-03-24").as_deref(),
        Some("Nauryz (moved off Saturday 2026-03-21)")
    );
    assert_eq!(
        reason("2026-03-25").as_deref(),
        Some("Nauryz (moved off Sunday 2026-03-22)")
    );
    assert!(business("2026-03-26"));
}

#[test]
fn the_next_working_day_skips_other_holidays() {
    // 2022-05-07 Defender Day is a Saturday; Monday 9 May is Victory Day, so Tuesday 10 May is off.
    assert_eq!(reason("2022-05-09").as_deref(), Some("Victory Day"));
    assert_eq!(
        reason("2022-05-10").as_deref(),
        Some("Defender of the Fatherland Day (moved off Saturday 2022-05-07)")
    );
}

#[test]
fn christmas_and_kurban_ait_do_not_move_off_a_weekend() {
    // 2023-01-07 Christmas is a Saturday; Monday 9 January is a working day.
    assert_eq!(reason("2023-01-07").as_deref(), Some("Orthodox Christmas"));
    assert!(business("2023-01-09"));
    // 2024-06-16 Kurban Ait is a Sunday; Monday 17 June is a working day.
    assert_eq!(reason("2024-06-16").as_deref(), Some("Kurban Ait"));
    assert!(business("2024-06-17"));
    // 2019-08-11 Kurban Ait is a Sunday too.
    assert!(business("2019-08-12"));
}

#[test]
fn kurban_ait_on_a_weekday_is_a_day_off() {
    assert_eq!(reason("2026-05-27").as_deref(), Some("Kurban Ait"));
    assert_eq!(reason("2025-06-06").as_deref(), Some("Kurban Ait"));
}

#[test]
fn an_estimated_date_says_so() {
    // 2027-05-16 is a Sunday, and the date is not yet announced.
    assert_eq!(
        reason("2027-05-16").as_deref(),
        Some("Kurban Ait (estimated)")
    );
}

#[test]
fn victory_day_2020_was_observed_on_friday_by_decree() {
    assert_eq!(
        reason("2020-05-08").as_deref(),
        Some("Victory Day (moved off Saturday 2020-05-09 by decree, adilet P1900000820)")
    );
    // Monday 11 May 2020, the day the weekend rule alone would give, was a working day.
    assert!(business("2020-05-11"));
}

#[test]
fn decree_transfers_make_a_weekday_off_and_a_weekend_day_worked() {
    assert_eq!(
        reason("2025-01-03").as_deref(),
        Some("day off moved by decree from 2025-01-05 (adilet G24G0000436)")
    );
    // Decree Sundays and Saturdays are business days.
    for worked in [
        "2025-01-05",
        "2020-01-05",
        "2020-12-20",
        "2024-05-04",
        "2019-05-04",
    ] {
        assert!(business(worked), "{worked} should be a working day");
        assert_eq!(reason(worked), None);
    }
    for off in [
        "2019-05-10",
        "2020-12-18",
        "2021-07-05",
        "2022-08-29",
        "2023-07-07",
        "2024-05-08",
    ] {
        assert!(!business(off), "{off} should be a day off");
    }
}

#[test]
fn constitution_day_moved_by_the_2026_constitution() {
    // 30 Aug 2026 is a Sunday but no longer a holiday: 31 Aug 2026 is a business day.
    assert_eq!(reason("2026-08-30").as_deref(), Some("Sunday"));
    assert!(business("2026-08-31"));
    // Until 2025 it was: 2025-08-30 Saturday moved to Monday 1 September.
    assert_eq!(reason("2025-08-30").as_deref(), Some("Constitution Day"));
    assert!(!business("2025-09-01"));
    // From 2027 Constitution Day is 15 March (a Monday).
    assert_eq!(reason("2027-03-15").as_deref(), Some("Constitution Day"));
    assert!(business("2026-03-16"));
}

#[test]
fn holidays_valid_only_in_some_years() {
    // Republic Day from 2022 only.
    assert!(business("2021-10-25"));
    assert!(!business("2022-10-25"));
    // First President Day 2019-2021: 2019-12-01 Sunday -> 2019-12-02 off.
    assert_eq!(
        reason("2019-12-02").as_deref(),
        Some("First President Day (moved off Sunday 2019-12-01)")
    );
    assert!(business("2022-12-01"));
    // 17 December until 2021 only.
    assert!(!business("2021-12-17"));
    assert!(business("2024-12-17"));
}

#[test]
fn years_outside_the_data_are_errors_not_guesses() {
    for date in ["2018-12-31", "2028-01-01"] {
        let err = cal().is_business_day(d(date)).unwrap_err();
        assert_eq!(
            err,
            CalendarError::YearNotCovered {
                date: d(date),
                first: 2019,
                last: 2027
            }
        );
        let msg = err.to_string();
        assert!(
            msg.contains("2019-2027") && msg.contains("law/calendar/kazakhstan.yaml"),
            "{msg}"
        );
    }
    assert!(cal().day_off_reason(d("2028-03-01")).is_err());
    assert!(cal().entries(2018).is_err());
    assert!(cal().entries(2028).is_err());
    assert!(cal()
        .business_days_between(d("2018-12-01"), d("2019-01-10"))
        .is_err());
    // Counting past the last covered day fails too, naming the first uncovered day.
    let err = cal().add_business_days(d("2027-12-28"), 10).unwrap_err();
    assert!(matches!(err, CalendarError::YearNotCovered { date, .. } if date == d("2028-01-01")));
}

#[test]
fn adding_business_days_lists_what_it_skips() {
    // Thu 2026-03-19 + 3: Fri 20 (1), Sat-Wed 21-25 off, Thu 26 (2), Fri 27 (3).
    let sum = cal().add_business_days(d("2026-03-19"), 3).unwrap();
    assert_eq!(sum.date, d("2026-03-27"));
    let skipped: Vec<_> = sum
        .skipped
        .iter()
        .map(|s| (s.date.to_string(), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("2026-03-21".to_owned(), "Nauryz"),
            ("2026-03-22".to_owned(), "Nauryz"),
            ("2026-03-23".to_owned(), "Nauryz"),
            (
                "2026-03-24".to_owned(),
                "Nauryz (moved off Saturday 2026-03-21)"
            ),
            (
                "2026-03-25".to_owned(),
                "Nauryz (moved off Sunday 2026-03-22)"
            ),
        ]
    );
    assert_eq!(
        cal().add_business_days_date(d("2026-03-19"), 3).unwrap(),
        sum.date
    );
}

#[test]
fn adding_zero_returns_the_start_even_on_a_day_off() {
    let sum = cal().add_business_days(d("2026-03-22"), 0).unwrap();
    assert_eq!(sum.date, d("2026-03-22"));
    assert!(sum.skipped.is_empty());
    // From a day off, the first business day after it.
    assert_eq!(
        cal().add_business_days(d("2026-03-22"), 1).unwrap().date,
        d("2026-03-26")
    );
}

#[test]
fn counting_business_days_between_dates() {
    assert_eq!(
        cal()
            .business_days_between(d("2026-03-19"), d("2026-03-27"))
            .unwrap(),
        3
    );
    assert_eq!(
        cal()
            .business_days_between(d("2026-03-27"), d("2026-03-19"))
            .unwrap(),
        0
    );
    assert_eq!(
        cal()
            .business_days_between(d("2026-03-19"), d("2026-03-19"))
            .unwrap(),
        0
    );
    // A whole year: 2025 had 246 working days (five-day week).
    assert_eq!(
        cal()
            .business_days_between(d("2024-12-31"), d("2025-12-31"))
            .unwrap(),
        246
    );
}

#[test]
fn entries_of_2026_are_sorted_and_complete() {
    let entries = cal().entries(2026).unwrap();
    assert!(entries.windows(2).all(|w| w[0].date < w[1].date));
    let listed: Vec<(String, EntryKind)> = entries
        .iter()
        .map(|e| (e.date.to_string(), e.kind))
        .collect();
    let expect = [
        ("2026-01-01", EntryKind::Holiday),
        ("2026-01-02", EntryKind::Holiday),
        ("2026-01-07", EntryKind::Holiday),
        ("2026-03-08", EntryKind::Holiday),
        ("2026-03-09", EntryKind::MovedDayOff),
        ("2026-03-21", EntryKind::Holiday),
        ("2026-03-22", EntryKind::Holiday),
        ("2026-03-23", EntryKind::Holiday),
        ("2026-03-24", EntryKind::MovedDayOff),
        ("2026-03-25", EntryKind::MovedDayOff),
        ("2026-05-01", EntryKind::Holiday),
        ("2026-05-07", EntryKind::Holiday),
        ("2026-05-09", EntryKind::Holiday),
        ("2026-05-11", EntryKind::MovedDayOff),
        ("2026-05-27", EntryKind::Holiday),
        ("2026-07-06", EntryKind::Holiday),
        ("2026-10-25", EntryKind::Holiday),
        ("2026-10-26", EntryKind::MovedDayOff),
        ("2026-12-16", EntryKind::Holiday),
    ]
    .map(|(date, kind)| (date.to_owned(), kind));
    assert_eq!(listed, expect);
}

#[test]
fn entries_include_decree_working_days() {
    let entries = cal().entries(2025).unwrap();
    let working: Vec<_> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::WorkingDay)
        .collect();
    assert_eq!(working.len(), 1);
    assert_eq!(working[0].date, d("2025-01-05"));
    assert_eq!(
        working[0].name,
        "working day by decree, its day off moved to 2025-01-03 (adilet G24G0000436)"
    );
}

#[test]
fn entries_serialize_as_the_contract_says() {
    let entries = cal().entries(2025).unwrap();
    let json = serde_json::to_value(&entries[..3]).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"date": "2025-01-01", "name": "New Year", "kind": "holiday"},
            {"date": "2025-01-02", "name": "New Year", "kind": "holiday"},
            {"date": "2025-01-03", "name": "day off moved by decree from 2025-01-05 (adilet G24G0000436)", "kind": "moved_day_off"},
        ])
    );
}

#[test]
fn working_days_per_year_outside_the_peer_years() {
    // Counted by hand from the facts (no peer file covers these years): weekdays, less the
    // weekday days off, plus the decree working weekend days.
    let count = |y: i32| {
        let mut day = d(&format!("{y}-01-01"));
        let mut n = 0;
        while day.year() == y {
            n += u32::from(cal().is_business_day(day).unwrap());
            day = day.succ_opt().unwrap();
        }
        n
    };
    // 2019: 261 weekdays - 16 (Jan 1,2,7; Mar 8,21,22,25; May 1,7,9,10; Jul 8; Aug 30; Dec 2,16,17) + May 4.
    assert_eq!(count(2019), 246);
    // 2020: 262 - 18 (Jan 1,2,3,7; Mar 9,23,24,25; May 1,7,8; Jul 6,31; Aug 31; Dec 1,16,17,18) + Jan 5, Dec 20.
    assert_eq!(count(2020), 246);
    // 2021: 261 - 17 (Jan 1,4,7; Mar 8,22,23,24; May 3,7,10; Jul 5,6,20; Aug 30; Dec 1,16,17) + Jul 3.
    assert_eq!(count(2021), 245);
    // 2027: 261 - 14 (Jan 1,4,7; Mar 8,15,22,23,24; May 3,7,10; Jul 6; Oct 25; Dec 16).
    assert_eq!(count(2027), 247);
}
