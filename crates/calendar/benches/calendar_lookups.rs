//! Lookup speed of the bundled calendar: the assessment engine asks about ten questions per
//! application and must assess 100,000 applications a second.

use neonomad_calendar::Calendar;
use neonomad_core::NaiveDate;

fn main() {
    divan::main();
}

fn day(s: &str) -> NaiveDate {
    neonomad_core::parse_date(s).expect("bench dates are valid")
}

#[divan::bench]
fn is_business_day() -> bool {
    let cal = Calendar::bundled();
    cal.is_business_day(divan::black_box(day("2026-03-24")))
        .expect("covered")
}

#[divan::bench]
fn add_5_business_days_with_skipped_list() -> NaiveDate {
    let cal = Calendar::bundled();
    cal.add_business_days(divan::black_box(day("2026-03-19")), divan::black_box(5))
        .expect("covered")
        .date
}

#[divan::bench]
fn add_5_business_days_date_only() -> NaiveDate {
    let cal = Calendar::bundled();
    cal.add_business_days_date(divan::black_box(day("2026-03-19")), divan::black_box(5))
        .expect("covered")
}

#[divan::bench]
fn business_days_between_a_year() -> u32 {
    let cal = Calendar::bundled();
    cal.business_days_between(
        divan::black_box(day("2025-01-01")),
        divan::black_box(day("2026-01-01")),
    )
    .expect("covered")
}

#[divan::bench]
fn parse_bundled_file() -> Calendar {
    Calendar::from_yaml(
        divan::black_box(neonomad_calendar::BUNDLED_YAML),
        neonomad_calendar::BUNDLED_ORIGIN,
    )
    .expect("bundled file is valid")
}
