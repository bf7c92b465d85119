//! `Calendar::from_yaml` refuses bad data, naming the file, the field path and what was expected.

use neonomad_calendar::{Calendar, CalendarDataError, DataProblem, BUNDLED_YAML};
use neonomad_core::{parse_date, NaiveDate};

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

/// The bundled file with one piece of text replaced (which must occur exactly once).
fn bundled_with(from: &str, to: &str) -> String {
    assert_eq!(
        BUNDLED_YAML.matches(from).count(),
        1,
        "{from:?} must occur once in the bundled file"
    );
    BUNDLED_YAML.replacen(from, to, 1)
}

fn refuse(text: &str) -> CalendarDataError {
    Calendar::from_yaml(text, "test.yaml").expect_err("bad data was accepted")
}

fn invalid(text: &str) -> (String, DataProblem) {
    match refuse(text) {
        CalendarDataError::Invalid {
            origin,
            path,
            problem,
        } => {
            assert_eq!(origin, "test.yaml");
            (path, problem)
        }
        other => panic!("expected a rule error, got {other}"),
    }
}

/// A small one-year calendar to build bad files from.
const TINY: &str = r#"
covered_years: { first: 2023, last: 2023 }
weekend_rule: { rule: next_working_day, source: Law art. 5 }
holidays:
  - name: New Year
    name_ru: Новый год
    name_kk: Жаңа жыл
    kind: holiday
    days: ["01-01"]
    moves_off_weekend: true
    source: Law art. 1
transfers:
  - year: 2023
    moves: []
    source: none known
"#;

#[test]
fn a_tiny_calendar_of_ones_own_is_accepted() {
    let cal = Calendar::from_yaml(TINY, "tiny.yaml").unwrap();
    assert_eq!(cal.covered_years(), 2023..=2023);
    // 2023-01-01 is a Sunday; Monday 2 January is the day off.
    assert_eq!(
        cal.day_off_reason(d("2023-01-02")).unwrap().as_deref(),
        Some("New Year (moved off Sunday 2023-01-01)")
    );
    assert!(cal.is_business_day(d("2023-01-03")).unwrap());
}

#[test]
fn yaml_syntax_errors_say_where() {
    let err = refuse("covered_years: { first: 2023\nholidays: [");
    let msg = err.to_string();
    assert!(msg.starts_with("test.yaml: "), "{msg}");
    assert!(msg.contains("line"), "{msg}");
}

#[test]
fn unknown_fields_are_refused_with_their_path() {
    let err = refuse(&TINY.replace(
        "moves_off_weekend: true",
        "moves_off_weekend: true\n    moved: yes",
    ));
    assert_eq!(err.path(), "holidays[0].moved");
    assert!(err.to_string().contains("unknown field `moved`"), "{err}");
}

#[test]
fn unknown_kinds_are_refused() {
    let err = refuse(&TINY.replace("kind: holiday", "kind: festival"));
    assert_eq!(err.path(), "holidays[0].kind");
    assert!(err.to_string().contains("festival"), "{err}");

    let err = refuse(&TINY.replace("rule: next_working_day", "rule: previous_friday"));
    assert_eq!(err.path(), "weekend_rule.rule");

    let err = refuse(&bundled_with("confidence: estimated", "confidence: likely"));
    assert_eq!(err.path(), "movable_days_off[0].dates[8].confidence");
}

#[test]
fn a_missing_source_is_refused() {
    let err = refuse(&TINY.replace("    source: Law art. 1\n", ""));
    assert_eq!(err.path(), "holidays[0]");
    assert!(err.to_string().contains("missing field `source`"), "{err}");

    let (path, problem) = invalid(&TINY.replace("source: Law art. 1", "source: \"  \""));
    assert_eq!(path, "holidays[0].source");
    assert_eq!(problem, DataProblem::Empty);

    let (path, _) = invalid(&TINY.replace("source: none known", "source: \"\""));
    assert_eq!(path, "transfers[0].source");
}

#[test]
fn bad_dates_are_refused() {
    let (path, problem) = invalid(&bundled_with(
        "{ day_off: 2025-01-03, working_day: 2025-01-05 }",
        "{ day_off: 2025-02-30, working_day: 2025-01-05 }",
    ));
    assert_eq!(path, "transfers[6].moves[0].day_off");
    assert_eq!(problem, DataProblem::BadDate("2025-02-30".into()));
    assert!(problem.to_string().contains("YYYY-MM-DD"));

    let (path, _) = invalid(&bundled_with("date: 2024-06-16", "date: 16.06.2024"));
    assert_eq!(path, "movable_days_off[0].dates[5].date");
}

#[test]
fn bad_days_of_the_year_are_refused() {
    for bad in ["13-01", "1-01", "01/01", "02-29", "00-10", "04-31"] {
        let (path, problem) = invalid(&TINY.replace("\"01-01\"", &format!("\"{bad}\"")));
        assert_eq!(path, "holidays[0].days[0]", "{bad}");
        assert_eq!(problem, DataProblem::BadMonthDay(bad.into()));
    }
    let (path, problem) = invalid(&TINY.replace("[\"01-01\"]", "[]"));
    assert_eq!(
        (path.as_str(), problem),
        ("holidays[0].days", DataProblem::Empty)
    );
}

#[test]
fn a_decree_working_day_must_be_a_weekend_day() {
    let (path, problem) = invalid(&bundled_with(
        "{ day_off: 2025-01-03, working_day: 2025-01-05 }",
        "{ day_off: 2025-01-03, working_day: 2025-01-06 }",
    ));
    assert_eq!(path, "transfers[6].moves[0].working_day");
    assert_eq!(
        problem,
        DataProblem::WorkingDayNotWeekend {
            date: d("2025-01-06"),
            weekday: "Monday".into()
        }
    );
}

#[test]
fn a_decree_day_off_must_be_an_ordinary_weekday() {
    // 2025-01-02 is already New Year.
    let (path, problem) = invalid(&bundled_with(
        "{ day_off: 2025-01-03, working_day: 2025-01-05 }",
        "{ day_off: 2025-01-02, working_day: 2025-01-05 }",
    ));
    assert_eq!(path, "transfers[6].moves[0].day_off");
    assert!(
        matches!(problem, DataProblem::DayOffNotWorkday { date, .. } if date == d("2025-01-02"))
    );
    assert!(problem.to_string().contains("New Year"), "{problem}");
}

#[test]
fn the_same_day_twice_is_refused() {
    let (path, problem) = invalid(&TINY.replace("[\"01-01\"]", "[\"01-01\", \"01-01\"]"));
    assert_eq!(path, "holidays[0].days[1]");
    assert_eq!(
        problem,
        DataProblem::Duplicate {
            date: d("2023-01-01"),
            other: "holidays[0].days[0]".into()
        }
    );

    // Two fixed holidays whose validity overlaps on the same day (16 Dec in 2019-2021).
    let (path, problem) = invalid(&bundled_with("days: [\"12-17\"]", "days: [\"12-16\"]"));
    assert_eq!(path, "holidays[13].days[0]");
    assert_eq!(
        problem,
        DataProblem::Duplicate {
            date: d("2019-12-16"),
            other: "holidays[12].days[0]".into()
        }
    );

    let (path, problem) = invalid(&bundled_with("date: 2021-07-20", "date: 2021-03-01\n        confidence: confirmed\n        source: x\n      - date: 2021-07-20"));
    assert_eq!(path, "movable_days_off[0].dates[3].date");
    assert!(
        matches!(problem, DataProblem::Duplicate { .. }),
        "{problem}"
    );
}

#[test]
fn every_covered_year_needs_its_kurban_ait_and_its_transfers() {
    let text = bundled_with("last: 2027", "last: 2028");
    let (path, problem) = invalid(&text);
    assert_eq!(path, "movable_days_off[0].dates");
    assert!(
        matches!(problem, DataProblem::MissingYear { year: 2028, .. }),
        "{problem}"
    );

    let text = bundled_with(
        "  - year: 2027\n    moves: []\n",
        "  - year: 2026\n    moves: []\n",
    );
    let (path, problem) = invalid(&text);
    assert_eq!(path, "transfers[8].year");
    assert!(
        matches!(problem, DataProblem::Duplicate { .. }),
        "{problem}"
    );

    let tiny = TINY.replace(
        "  - year: 2023\n    moves: []\n    source: none known\n",
        "",
    );
    let (path, problem) = invalid(&tiny);
    assert_eq!(path, "transfers");
    assert!(problem.to_string().contains("year 2023"), "{problem}");
}

#[test]
fn dates_outside_the_covered_years_are_refused() {
    let (path, problem) = invalid(&bundled_with("date: 2019-08-11", "date: 2018-08-22"));
    assert_eq!(path, "movable_days_off[0].dates[0].date");
    assert!(matches!(
        problem,
        DataProblem::OutsideCoveredYears {
            first: 2019,
            last: 2027,
            ..
        }
    ));

    let (path, _) = invalid(&TINY.replace("first: 2023, last: 2023", "first: 2024, last: 2023"));
    assert_eq!(path, "covered_years");
}

#[test]
fn a_validity_that_ends_before_it_starts_is_refused() {
    let (path, problem) = invalid(&TINY.replace(
        "moves_off_weekend: true",
        "moves_off_weekend: true\n    valid_from: 2024\n    valid_to: 2022-10-25",
    ));
    assert_eq!(path, "holidays[0].valid_to");
    assert!(matches!(problem, DataProblem::ValidityReversed { .. }));
}

#[test]
fn an_override_must_name_a_weekend_holiday_that_moves() {
    let (path, problem) = invalid(&bundled_with(
        "holiday_date: 2020-05-09",
        "holiday_date: 2020-05-10",
    ));
    assert_eq!(path, "observance_overrides[0].holiday_date");
    assert_eq!(
        problem,
        DataProblem::NotAMovingWeekendHoliday {
            date: d("2020-05-10")
        }
    );

    let (path, _) = invalid(&bundled_with(
        "observed_on: 2020-05-08",
        "observed_on: 2020-05-07",
    ));
    assert_eq!(path, "observance_overrides[0].observed_on");
}

#[test]
fn a_moved_day_off_past_the_last_covered_year_is_refused() {
    // 2023-12-31 is a Sunday: its day off would be in 2024, which this file does not cover.
    let text = TINY.replace("[\"01-01\"]", "[\"12-31\"]");
    let (path, problem) = invalid(&text);
    assert_eq!(path, "covered_years.last");
    assert_eq!(
        problem,
        DataProblem::ObservedPastCoverage {
            date: d("2023-12-31"),
            last: 2023
        }
    );
}

#[test]
fn a_transfer_year_without_a_decree_name_is_refused() {
    let (path, problem) = invalid(&bundled_with("    decree: adilet G24G0000436\n", ""));
    assert_eq!(
        (path.as_str(), problem),
        ("transfers[6].decree", DataProblem::Empty)
    );
}
