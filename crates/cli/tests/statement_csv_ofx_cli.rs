//! `neonomad statement` on OFX and CSV files, run as a real process: detection, the CSV profile
//! options (built-in, inline, saved and reloaded), and exit code 2 when a CSV cannot be mapped.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

/// A directory of this test run, used as `XDG_CONFIG_HOME` and for fixtures.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("neonomad-csv-ofx-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn neonomad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_neonomad"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", scratch().join("config"))
        .output()
        .expect("the neonomad binary runs")
}

fn fixture(name: &str, content: &[u8]) -> String {
    let path = scratch().join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

fn json(out: &Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    serde_json::from_str(stdout(out).trim()).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

fn peer_ofx(name: &str) -> String {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/peers/statements/ofx/ofxparse"
    ))
    .join(name);
    assert!(
        path.is_file(),
        "peer file missing: {} (the shared/ folder beside the repository)",
        path.display()
    );
    path.display().to_string()
}

const GERMAN: &str = "Konto;DE89370400440532013000\n\nBuchungstag;Valutadatum;Verwendungszweck;Betrag;W\u{e4}hrung\n\
31.01.2025;01.02.2025;Gehalt Januar;3.600,00;EUR\n15.01.2025;15.01.2025;Miete;-1.200,50;EUR\n";

#[test]
fn an_ofx_peer_file_prints_the_contract_json() {
    let path = peer_ofx("checking.ofx");
    let out = neonomad(&["statement", &path, "--format", "json"]);
    let mut v = json(&out);
    v["file"] = json!("checking.ofx");
    assert_eq!(
        v,
        json!({"file": "checking.ofx", "format": "ofx",
            "statements": [{"id": null, "account": "1452687~7", "currency": "USD", "opening": null,
                "closing": {"date": "2013-05-25", "amount": "100.99"}, "transactions": 3, "balanced": null}],
            "transactions": 3, "credits_by_month": {"2011-03": {"USD": "0.01"}}, "warnings": []})
    );
}

#[test]
fn a_csv_is_read_with_the_builtin_profile_its_header_matches() {
    let path = fixture("de.csv", GERMAN.as_bytes());
    let v = json(&neonomad(&["statement", &path, "--format", "json"]));
    assert_eq!(v["format"], "csv");
    assert_eq!(
        v["credits_by_month"],
        json!({"2025-02": {"EUR": "3600.00"}})
    );
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings[0]
            .as_str()
            .unwrap()
            .ends_with(":3: warning: header: read with the built-in CSV profile de-semicolon"),
        "{warnings:?}"
    );
}

#[test]
fn inline_options_can_be_saved_as_a_profile_and_reused() {
    let text = "when|what|money\n2025-03-31|Fee|-1'000.00\n2025-04-01|Invoice 12|12'500.50\n";
    let path = fixture("pipes.csv", text.as_bytes());
    let inline = [
        "--csv-delimiter",
        "|",
        "--csv-date-column",
        "when",
        "--csv-amount-column",
        "3",
        "--csv-description-column",
        "what",
        "--csv-thousands",
        "'",
        "--csv-currency",
        "chf",
    ];
    let mut args = vec![
        "statement",
        path.as_str(),
        "--format",
        "json",
        "--save-profile",
        "my-bank",
    ];
    args.extend(inline);
    let out = neonomad(&args);
    let v = json(&out);
    assert_eq!(
        v["credits_by_month"],
        json!({"2025-04": {"CHF": "12500.50"}})
    );
    assert_eq!(v["warnings"], json!([]));
    assert!(
        stderr(&out).contains("saved CSV profile my-bank to "),
        "{}",
        stderr(&out)
    );
    let saved = scratch().join("config/neonomad/profiles/my-bank.yaml");
    let yaml = std::fs::read_to_string(&saved).unwrap();
    assert!(
        yaml.starts_with("name: my-bank\ndelimiter: '|'\n"),
        "{yaml}"
    );
    let again = json(&neonomad(&[
        "statement",
        &path,
        "--format",
        "json",
        "--csv-profile",
        "my-bank",
    ]));
    assert_eq!(again["credits_by_month"], v["credits_by_month"]);
    let by_file = json(&neonomad(&[
        "statement",
        &path,
        "--format",
        "json",
        "--csv-profile",
        &saved.display().to_string(),
    ]));
    assert_eq!(by_file["transactions"], 2);
}

#[test]
fn a_text_report_for_a_csv_file() {
    let path = fixture("report.csv", GERMAN.as_bytes());
    let out = neonomad(&[
        "statement",
        &path,
        "--format",
        "text",
        "--csv-profile",
        "de-semicolon",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out).replace(&path, "report.csv");
    insta::assert_snapshot!(text);
}

#[test]
fn an_unmappable_csv_exits_2_saying_what_is_missing() {
    let path = fixture("odd.csv", b"Wann,Wieviel\n2025-01-01,5\n");
    let out = neonomad(&["statement", &path]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("odd.csv:1: header: no header row matches a built-in CSV profile"),
        "{err}"
    );
    assert!(err.contains("generic-signed needs date"), "{err}");
}

#[test]
fn bad_profile_options_exit_2() {
    let path = fixture("p.csv", b"Date,Amount\n2025-01-01,5\n");
    let out = neonomad(&["statement", &path, "--csv-profile", "no-such-profile"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("CSV profile \"no-such-profile\" not found: not a built-in profile (generic-signed, generic-debit-credit, de-semicolon, nl-ing)"),
        "{}",
        stderr(&out)
    );
    let out = neonomad(&["statement", &path, "--csv-date-format", "%d.%m"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("CSV profile inline: date_format"),
        "{}",
        stderr(&out)
    );
    let out = neonomad(&["statement", "--save-profile", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--save-profile needs a profile"),
        "{}",
        stderr(&out)
    );
    let out = neonomad(&[
        "statement",
        "--csv-amount-column",
        "A",
        "--save-profile",
        "../evil",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("letters, digits"), "{}", stderr(&out));
}

#[test]
fn an_ofx_investment_statement_is_read_with_an_error_not_a_failure() {
    let out = neonomad(&["statement", &peer_ofx("vanguard.ofx"), "--format", "json"]);
    let v = json(&out);
    assert_eq!(v["statements"], json!([]));
    assert!(v["warnings"][0]
        .as_str()
        .unwrap()
        .contains("INVSTMTRS: investment statement"));
}

#[test]
fn an_indicator_column_set_inline_is_saved_and_reused() {
    let text =
        "Tag,Betrag,Richtung,Text\n2025-05-02,250.00,EIN,Honorar\n2025-05-03,40.00,AUS,Miete\n\
                2025-05-04,10.00,?,Unklar\n";
    let path = fixture("richtung.csv", text.as_bytes());
    let mut args = vec!["statement", path.as_str(), "--format", "json"];
    args.extend([
        "--csv-date-column",
        "Tag",
        "--csv-amount-column",
        "Betrag",
        "--csv-direction-column",
        "Richtung",
        "--csv-credit-value",
        "ein",
        "--csv-debit-value",
        "aus",
        "--csv-currency",
        "EUR",
        "--save-profile",
        "richtung",
    ]);
    let v = json(&neonomad(&args));
    assert_eq!(v["transactions"], 2);
    assert_eq!(v["credits_by_month"], json!({"2025-05": {"EUR": "250.00"}}));
    assert_eq!(
        v["warnings"],
        json!([format!(
            "{path}:4: error: column 3 \"Richtung\": debit/credit indicator \"?\" is neither a credit (ein) nor a debit (aus): \
             list it in credit_values or debit_values of the profile (--csv-credit-value, --csv-debit-value); row left out"
        )])
    );
    let saved = scratch().join("config/neonomad/profiles/richtung.yaml");
    let yaml = std::fs::read_to_string(&saved).unwrap();
    assert!(
        yaml.contains("direction: Richtung\ncredit_values:\n- ein\ndebit_values:\n- aus\n"),
        "{yaml}"
    );
    let again = json(&neonomad(&[
        "statement",
        &path,
        "--format",
        "json",
        "--csv-profile",
        "richtung",
    ]));
    assert_eq!(again["credits_by_month"], v["credits_by_month"]);
    assert_eq!(again["warnings"], v["warnings"]);
}

#[test]
fn an_ing_export_is_read_with_the_nl_ing_profile() {
    let text = "\"Datum\";\"Naam / Omschrijving\";\"Rekening\";\"Tegenrekening\";\"Code\";\"Af Bij\";\"Bedrag (EUR)\";\"Mutatiesoort\";\"Mededelingen\"\n\
                \"20250131\";\"Acme B.V.\";\"NL91INGB0001234567\";\"NL02ABNA0123456789\";\"OV\";\"Bij\";\"3600,00\";\"Overschrijving\";\"Factuur\"\n\
                \"20250115\";\"Albert Heijn\";\"NL91INGB0001234567\";\"\";\"BA\";\"Af\";\"12,50\";\"Betaalautomaat\";\"\"\n";
    let path = fixture("ing.csv", text.as_bytes());
    for extra in [&[][..], &["--csv-profile", "nl-ing"][..]] {
        let mut args = vec!["statement", path.as_str(), "--format", "json"];
        args.extend(extra);
        let v = json(&neonomad(&args));
        assert_eq!(v["statements"][0]["account"], "NL91INGB0001234567");
        assert_eq!(
            v["credits_by_month"],
            json!({"2025-01": {"EUR": "3600.00"}})
        );
    }
    let out = neonomad(&[
        "statement",
        &path,
        "--csv-direction-column",
        "Af Bij",
        "--csv-debit-column",
        "x",
        "--csv-credit-column",
        "y",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot be used with"),
        "{}",
        stderr(&out)
    );
}
