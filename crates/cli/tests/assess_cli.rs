//! `neonomad assess` as a user runs it: the built binary, real files, exit codes and output.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn repo(path: &str) -> String {
    format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
}

fn neonomad(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_neonomad"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn example_json() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(repo("examples/anna-schmidt.json")).unwrap())
        .unwrap()
}

#[test]
fn the_example_is_eligible_and_matches_the_contract() {
    let out = neonomad(
        &[
            "assess",
            &repo("examples/anna-schmidt.json"),
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let a: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(a["outcome"], "eligible");
    assert_eq!(a["as_of"], "2026-03-02");
    assert_eq!(a["invitation_required"], false);
    assert_eq!(a["visa"]["latest_end_allowed"], "2027-03-31");
    assert_eq!(a["visa"]["entries"], "multiple");
    assert_eq!(
        a["fee"],
        serde_json::json!({"mrp": 30, "mrp_value_kzt": 4325, "year": 2026, "amount_kzt": 129750})
    );
    assert_eq!(a["timeline"]["earliest_decision"], "2026-03-03");
    assert_eq!(a["timeline"]["latest_decision"], "2026-03-10");
    assert_eq!(a["family"][0]["outcome"], "eligible");
    let months = a["income"]["months"].as_array().unwrap();
    assert_eq!(months.len(), 6);
    assert_eq!(months[0]["month"], "2025-09");
    // EUR 4,100.00 at the ECB's 1.1741 USD per EUR on 2025-09-30.
    assert_eq!(months[0]["usd"], "4813.81");
    assert_eq!(months[0]["excluded_usd"], "0.00");
    for f in a["findings"].as_array().unwrap() {
        assert_eq!(f["status"], "pass", "{f}");
        assert!(!f["source"].as_str().unwrap().is_empty(), "{f}");
    }
}

#[test]
fn the_text_report_reads_well() {
    let out = neonomad(
        &[
            "assess",
            &repo("examples/anna-schmidt.json"),
            "--format",
            "text",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("anna_text_report", stdout(&out));
}

#[test]
fn an_ineligible_yaml_application_exits_1_and_says_why() {
    let out = neonomad(
        &[
            "assess",
            &repo("examples/ravi-menon.yaml"),
            "--format",
            "text",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    insta::assert_snapshot!("ravi_text_report", stdout(&out));
}

#[test]
fn as_of_re_assesses_on_another_day() {
    let path = repo("examples/anna-schmidt.json");
    let out = neonomad(
        &["assess", &path, "--format", "json", "--as-of", "2025-06-10"],
        None,
    );
    let a: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(a["as_of"], "2025-06-10");
    assert_eq!(a["fee"]["amount_kzt"], 117960);
    // The income window moves to 2024-12 .. 2025-05, where the example has no payments.
    assert_eq!(a["outcome"], "incomplete");
    assert_eq!(a["income"]["months"][0]["month"], "2024-12");
    assert_eq!(out.status.code(), Some(1));
}

type Edit = Box<dyn Fn(&mut serde_json::Value)>;

#[test]
fn bad_input_names_the_file_and_the_field_and_exits_2() {
    let dir = std::env::temp_dir().join(format!("neonomad-assess-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "typo.json",
            Box::new(|v| v["applicant"]["citizenhsip"] = "DE".into()),
            "citizenhsip",
        ),
        (
            "date.json",
            Box::new(|v| v["passport"]["expiry"] = "2031-02-30".into()),
            "passport.expiry",
        ),
        (
            "country.json",
            Box::new(|v| v["apply_in"] = "XX".into()),
            "apply_in",
        ),
        (
            "currency.json",
            Box::new(|v| v["income"][0]["currency"] = "EURO".into()),
            "income[0].currency",
        ),
        (
            "number.json",
            Box::new(|v| v["income"][0]["amount"] = 4100.into()),
            "income[0].amount",
        ),
        (
            "doc.json",
            Box::new(|v| v["documents"][0] = "tax_retrun".into()),
            "documents[0]",
        ),
        (
            "period.json",
            Box::new(|v| v["insurance"]["end"] = "2026-01-01".into()),
            "insurance.end",
        ),
    ];
    for (name, edit, field) in cases {
        let mut app = example_json();
        edit(&mut app);
        let path = dir.join(name);
        std::fs::write(&path, app.to_string()).unwrap();
        let out = neonomad(
            &["assess", path.to_str().unwrap(), "--format", "json"],
            None,
        );
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(err.contains(name), "{name}: {err}");
        assert!(
            err.contains(field),
            "{name}: expected field {field} in {err}"
        );
        assert!(
            stdout(&out).is_empty(),
            "{name}: nothing on stdout for bad input"
        );
    }
    let out = neonomad(&["assess", "/nonexistent/app.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nonexistent/app.json"));
}

#[test]
fn batch_streams_one_line_per_application_and_keeps_going_after_a_bad_line() {
    let good = example_json().to_string();
    let mut bad = example_json();
    bad["as_of"] = "2026-13-01".into();
    let input = format!("{good}\n{bad}\n\n{{not json\n{good}\n");
    let out = neonomad(&["assess", "--batch", "-"], Some(&input));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        4,
        "blank lines are skipped, every other line answered"
    );
    assert_eq!(lines[0]["outcome"], "eligible");
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"].as_str().unwrap().contains("as_of"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["line"], 4);
    assert_eq!(lines[3]["outcome"], "eligible");

    let out = neonomad(
        &["assess", "--batch", "-"],
        Some(&format!("{good}\n{good}")),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out).lines().count(), 2);
}
