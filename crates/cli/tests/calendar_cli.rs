//! `neonomad calendar` run as a real process: the contract outputs, exit codes and bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

fn neonomad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_neonomad"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the neonomad binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// A file in a fresh per-test temporary directory.
fn temp_file(test: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "neonomad-calendar-cli-{}-{test}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn business_days_prints_the_date_alone_on_the_first_line_even_when_piped() {
    let out = neonomad(&[
        "calendar",
        "business-days",
        "--from",
        "2026-03-19",
        "--add",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("2026-03-27"));
    let rest: Vec<&str> = lines.collect();
    assert_eq!(
        rest,
        [
            "  skipped 2026-03-21 Sat  Nauryz",
            "  skipped 2026-03-22 Sun  Nauryz",
            "  skipped 2026-03-23 Mon  Nauryz",
            "  skipped 2026-03-24 Tue  Nauryz (moved off Saturday 2026-03-21)",
            "  skipped 2026-03-25 Wed  Nauryz (moved off Sunday 2026-03-22)",
        ]
    );
}

#[test]
fn business_days_names_plain_weekends_as_weekend() {
    let out = neonomad(&[
        "calendar",
        "business-days",
        "--from",
        "2026-04-03",
        "--add",
        "1",
    ]);
    assert_eq!(
        stdout(&out),
        "2026-04-06\n  skipped 2026-04-04 Sat  weekend\n  skipped 2026-04-05 Sun  weekend\n"
    );
}

#[test]
fn business_days_json_follows_the_contract() {
    let out = neonomad(&[
        "calendar",
        "business-days",
        "--from",
        "2025-01-02",
        "--add",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "from": "2025-01-02",
            "add": 1,
            "date": "2025-01-05",
            "skipped": [
                {"date": "2025-01-03", "reason": "day off moved by decree from 2025-01-05 (adilet G24G0000436)"},
                {"date": "2025-01-04", "reason": "Saturday"},
            ]
        }),
        "the decree working Sunday 2025-01-05 is the first business day after 2 January"
    );
}

#[test]
fn adding_zero_business_days_prints_the_start() {
    let out = neonomad(&[
        "calendar",
        "business-days",
        "--from",
        "2026-03-22",
        "--add",
        "0",
    ]);
    assert_eq!(stdout(&out), "2026-03-22\n");
}

#[test]
fn holidays_json_is_the_contract_list() {
    let out = neonomad(&["calendar", "holidays", "2026", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json.len(), 19);
    assert_eq!(
        json[4],
        serde_json::json!({"date": "2026-03-09", "name": "International Women's Day (moved off Sunday 2026-03-08)", "kind": "moved_day_off"})
    );
    for entry in &json {
        let keys: Vec<&str> = entry
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 3, "{entry}");
        assert!(
            ["holiday", "moved_day_off", "working_day"].contains(&entry["kind"].as_str().unwrap())
        );
    }
}

#[test]
fn holidays_default_to_json_when_piped() {
    let out = neonomad(&["calendar", "holidays", "2025"]);
    let json: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(json
        .iter()
        .any(|e| e["kind"] == "working_day" && e["date"] == "2025-01-05"));
}

#[test]
fn holidays_text_table_for_2026() {
    let out = neonomad(&["calendar", "holidays", "2026", "--format", "text"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn is_business_day_answers_with_its_exit_code() {
    let yes = neonomad(&["calendar", "is-business-day", "2025-01-05"]);
    assert_eq!(
        (yes.status.code(), stdout(&yes).as_str()),
        (Some(0), "yes\n")
    );

    let no = neonomad(&["calendar", "is-business-day", "2026-03-25"]);
    assert_eq!(no.status.code(), Some(1));
    assert_eq!(stdout(&no), "no: Nauryz (moved off Sunday 2026-03-22)\n");

    let json = neonomad(&[
        "calendar",
        "is-business-day",
        "2026-08-31",
        "--format",
        "json",
    ]);
    assert_eq!(json.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"date": "2026-08-31", "business_day": true, "reason": null})
    );
}

#[test]
fn bad_dates_exit_2_with_a_clear_message() {
    for bad in ["2026-13-01", "19.03.2026", ""] {
        let out = neonomad(&["calendar", "business-days", "--from", bad, "--add", "3"]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = stderr(&out);
        assert!(
            err.contains("--from") && err.contains(&format!("{bad:?}")),
            "{err}"
        );
        assert!(stdout(&out).is_empty());
    }
    let out = neonomad(&["calendar", "is-business-day", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a real calendar day"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn years_not_covered_exit_2_and_say_what_to_add() {
    let out = neonomad(&["calendar", "holidays", "2028", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("2019-2027") && err.contains("law/calendar/kazakhstan.yaml"),
        "{err}"
    );

    let out = neonomad(&[
        "calendar",
        "business-days",
        "--from",
        "2027-12-28",
        "--add",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot add 5 business days to 2027-12-28"),
        "{}",
        stderr(&out)
    );

    let out = neonomad(&["calendar", "is-business-day", "2018-06-01"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_calendar_file_of_ones_own_can_replace_the_bundled_one() {
    let yaml = r#"
covered_years: { first: 2030, last: 2030 }
weekend_rule: { rule: next_working_day, source: test }
holidays:
  - { name: Test Day, name_ru: Тест, name_kk: Тест, kind: holiday, days: ["01-05"], moves_off_weekend: true, source: test }
transfers:
  - { year: 2030, moves: [], source: none }
"#;
    let path = temp_file("own", "own.yaml", yaml);
    let path = path.to_str().unwrap();
    // 2030-01-05 is a Saturday: Monday 7 January is off.
    let out = neonomad(&[
        "calendar",
        "business-days",
        "--from",
        "2030-01-04",
        "--add",
        "1",
        "--calendar",
        path,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().next(), Some("2030-01-08"));

    let out = neonomad(&["calendar", "holidays", "2026", "--calendar", path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("2030-2030"), "{}", stderr(&out));
}

#[test]
fn a_bad_or_missing_calendar_file_exits_2_naming_the_file_and_field() {
    let path = temp_file(
        "bad",
        "bad.yaml",
        "covered_years: { first: 2030, last: 2030 }\nweekend_rule: { rule: sideways, source: x }\n",
    );
    let out = neonomad(&[
        "calendar",
        "holidays",
        "2030",
        "--calendar",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.yaml") && err.contains("weekend_rule.rule"),
        "{err}"
    );

    let out = neonomad(&[
        "calendar",
        "holidays",
        "2026",
        "--calendar",
        "/no/such/calendar.yaml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/no/such/calendar.yaml"),
        "{}",
        stderr(&out)
    );
}
