//! `neonomad law` and `neonomad fee`, run as the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn neonomad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_neonomad"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn fee_json(date: &str) -> serde_json::Value {
    let out = neonomad(&["fee", "--date", date, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn fee_is_30_mrp_at_the_mrp_of_the_payment_date() {
    assert_eq!(
        fee_json("2025-06-01"),
        serde_json::json!({"mrp": 30, "mrp_value_kzt": 3932, "year": 2025, "amount_kzt": 117960})
    );
    assert_eq!(
        fee_json("2026-03-02"),
        serde_json::json!({"mrp": 30, "mrp_value_kzt": 4325, "year": 2026, "amount_kzt": 129750})
    );
    assert_eq!(fee_json("2020-03-31")["amount_kzt"], 79530);
    assert_eq!(fee_json("2020-04-01")["amount_kzt"], 83340);
    assert_eq!(fee_json("2020-04-01")["mrp_value_kzt"], 2778);
}

#[test]
fn fee_text_shows_the_sum_and_its_sources() {
    let out = neonomad(&["fee", "--date", "2026-03-02", "--format", "text"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("B12-1 consular fee on 2026-03-02: 30 MRP x 4,325 KZT = 129,750 KZT\n"),
        "{text}"
    );
    assert!(text.contains("republican budget for 2026-2028"), "{text}");
    assert!(text.contains("UNVERIFIED"), "{text}");
}

#[test]
fn fee_outside_the_mrp_data_exits_2_naming_the_covered_dates() {
    for date in ["2018-12-31", "2027-01-01"] {
        let out = neonomad(&["fee", "--date", date, "--format", "json"]);
        assert_eq!(out.status.code(), Some(2), "{date}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("no MRP value is known for {date}")),
            "{err}"
        );
        assert!(err.contains("2019-01-01 to 2026-12-31"), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn bad_dates_exit_2() {
    for bad in ["2026-02-30", "02.03.2026", "2026-3-2", ""] {
        let out = neonomad(&["fee", "--date", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(stderr(&out).contains("--date"), "{}", stderr(&out));
    }
    let out = neonomad(&["law", "--as-of", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a real calendar day"));
}

#[test]
fn law_text_on_a_date() {
    let out = neonomad(&["law", "--as-of", "2026-03-02", "--format", "text"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("law_2026_03_02_text", stdout(&out));
}

#[test]
fn law_json_is_the_snapshot() {
    let out = neonomad(&["law", "--as-of", "2026-03-02", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_of"], "2026-03-02");
    assert_eq!(v["appendix6"]["count"], 48);
    assert_eq!(v["minsk"]["count"], 11);
    assert_eq!(v["hague"]["count"], 126);
    let mrp = v["params"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "mrp")
        .unwrap();
    assert_eq!(mrp["value"], 4325);
    assert_eq!(mrp["valid_from"], "2026-01-01");
    assert_eq!(mrp["valid_to"], "2026-12-31");
    assert!(mrp["source"]["citation"]
        .as_str()
        .unwrap()
        .contains("2026-2028"));
}

#[test]
fn law_before_b12_1_lists_what_is_not_in_force() {
    let out = neonomad(&["law", "--as-of", "2023-12-28", "--format", "text"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("Not in force on this date: visa.category_in_force"),
        "{text}"
    );
    assert!(
        text.contains("Appendix 6: no list in force on this date"),
        "{text}"
    );
    assert!(
        text.contains("Minsk Convention 1993: 12 parties"),
        "Ukraine's last day: {text}"
    );
    assert!(
        text.contains("mrp  ") && text.contains("3,450 KZT"),
        "{text}"
    );
}

/// A fresh copy of the bundled law files in a directory of its own.
fn law_dir_copy(name: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../law/params");
    let dir = std::env::temp_dir().join(format!("neonomad-law-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn law_dir_replaces_the_bundled_law() {
    let dir = law_dir_copy("changed");
    let mrp = dir.join("mrp.yaml");
    let text = std::fs::read_to_string(&mrp).unwrap();
    std::fs::write(&mrp, text.replace("value: 4325", "value: 5000")).unwrap();
    let out = neonomad(&[
        "fee",
        "--date",
        "2026-03-02",
        "--format",
        "json",
        "--law-dir",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["amount_kzt"], 150000);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn law_dir_errors_name_the_file_and_field() {
    let dir = law_dir_copy("broken");
    let params = dir.join("b12-1.yaml");
    let text = std::fs::read_to_string(&params).unwrap();
    std::fs::write(
        &params,
        text.replace("      value: 6\n", "      value: six\n"),
    )
    .unwrap();
    let out = neonomad(&[
        "law",
        "--as-of",
        "2026-03-02",
        "--law-dir",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("b12-1.yaml: params.income.months[0].value"),
        "{err}"
    );
    assert!(err.contains(dir.to_str().unwrap()), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();

    let out = neonomad(&["law", "--law-dir", "/nonexistent/neonomad-law"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent/neonomad-law"));
}
