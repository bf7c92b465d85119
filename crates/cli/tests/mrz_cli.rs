//! `neonomad mrz` end to end: the real binary, MRZ on stdin, exit codes 0/1/2, the JSON
//! contract fields, and the text report as a snapshot.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n";
const TD3_BAD_DIGIT: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C37UTO7408122F1204159ZE184226B<<<<<10\n";
const TD3_OCR: &str =
    "P<UT0ERIK55ON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<\nL898902C36UTO740BIZZF12041S9ZE184226B<<<<<1O\n";
const TD1_LONG: &str = "I<PRT007777779<ZZ92<<<<<<<<<<<\r\n8303143M3405282PRT<<<<<<<<<<<2\r\nCACADOR<DE<ARAUJO<<ANDRE<ESTEV\r\n";

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_neonomad"))
        .arg("mrz")
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the neonomad binary starts");
    // The command may exit before reading (a bad argument), closing the pipe: not a failure.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn json(stdin: &str) -> (i32, Value) {
    let out = run(
        &["--format", "json", "--as-of", "2025-01-01"],
        stdin.as_bytes(),
    );
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), value)
}

#[test]
fn a_valid_passport_exits_0_with_the_contract_fields() {
    let (code, v) = json(TD3);
    assert_eq!(code, 0);
    assert_eq!(v["format"], "TD3");
    assert_eq!(v["document_type"], "P");
    assert_eq!(v["issuing_country"], "UTO");
    assert_eq!(v["surname"], "ERIKSSON");
    assert_eq!(v["given_names"], "ANNA MARIA");
    assert_eq!(v["document_number"], "L898902C3");
    assert_eq!(v["nationality"], "UTO");
    assert_eq!(v["birth_date"], "1974-08-12");
    assert_eq!(v["sex"], "F");
    assert_eq!(v["expiry"], "2012-04-15");
    assert_eq!(v["optional_data"], "ZE184226B");
    assert_eq!(v["valid"], true);
    assert_eq!(v["diagnostics"], serde_json::json!([]));
    let first = &v["check_digits"][0];
    assert_eq!(
        (
            &first["field"],
            &first["expected"],
            &first["found"],
            &first["valid"]
        ),
        (
            &Value::from("document_number"),
            &Value::from("6"),
            &Value::from("6"),
            &Value::from(true)
        )
    );
    let fields: Vec<&str> = v["check_digits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "document_number",
            "birth_date",
            "expiry",
            "optional_data",
            "composite"
        ]
    );
}

#[test]
fn a_wrong_check_digit_exits_1_and_says_which() {
    let (code, v) = json(TD3_BAD_DIGIT);
    assert_eq!(code, 1);
    assert_eq!(v["valid"], false);
    let invalid: Vec<(&str, &str, &str)> = v["check_digits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["valid"] == false)
        .map(|c| {
            (
                c["field"].as_str().unwrap(),
                c["expected"].as_str().unwrap(),
                c["found"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        invalid,
        [("document_number", "6", "7"), ("composite", "7", "0")]
    );
}

#[test]
fn ocr_faults_exit_1_with_diagnostics_and_null_dates() {
    let (code, v) = json(TD3_OCR);
    assert_eq!(code, 1);
    assert_eq!(v["birth_date"], Value::Null);
    assert_eq!(v["birth_date_raw"], "740BIZ");
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(5))
    );
    assert_eq!(d["field"], "issuing_country");
    assert_eq!(d["code"], "digit_in_alphabetic_field");
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 10);
}

#[test]
fn a_td1_card_with_a_long_number_and_crlf() {
    let (code, v) = json(TD1_LONG);
    assert_eq!(code, 0);
    assert_eq!(v["format"], "TD1");
    assert_eq!(v["document_number"], "007777779ZZ9");
    assert_eq!(v["optional_data"], "");
    assert_eq!(v["optional_data_2"], "");
    assert_eq!(v["surname"], "CACADOR DE ARAUJO");
    assert_eq!(v["nationality_alpha2"], "PT");
    assert_eq!(v["expiry"], "2034-05-28");
}

#[test]
fn not_an_mrz_exits_2_naming_the_line_and_lengths() {
    let out = run(
        &["--format", "json", "--as-of", "2025-01-01"],
        &TD3.as_bytes()[..80],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("stdin is not an MRZ"), "{err}");
    assert!(
        err.contains("line 2 has 35 characters, expected 44 for TD3"),
        "{err}"
    );

    let out = run(&["--as-of", "2025-01-01"], b"hello\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("unrecognised layout: 1 lines of lengths [5]"));

    let out = run(&["--as-of", "2025-01-01"], &[0xff, 0xfe, b'\n']);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stdin is not UTF-8 text"));
}

#[test]
fn a_bad_as_of_date_exits_2() {
    let out = run(&["--as-of", "01.01.2025"], TD3.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn without_as_of_today_is_used() {
    let out = run(&["--format", "json"], TD3.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let as_of = v["as_of"].as_str().unwrap();
    assert!(as_of.as_bytes()[0..2] == *b"20", "{as_of}");
    assert_eq!(v["birth_date"], "1974-08-12");
}

#[test]
fn text_report_of_a_valid_passport() {
    let out = run(
        &["--format", "text", "--as-of", "2025-01-01"],
        TD3.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("mrz_text_valid_td3", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn text_report_of_an_ocr_garbled_passport() {
    let out = run(
        &["--format", "text", "--as-of", "2025-01-01"],
        TD3_OCR.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("mrz_text_ocr_td3", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn text_report_of_a_td1_card() {
    let out = run(
        &["--format", "text", "--as-of", "2025-01-01"],
        TD1_LONG.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("mrz_text_td1", String::from_utf8(out.stdout).unwrap());
}
