//! Conformance with other projects' MRZ samples and the ICAO check-digit vectors, read from
//! `shared/peers/mrz` beside the repository (never copied in). A missing folder fails the test.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::mrz::{check_digit, parse, CheckedField, DiagnosticKind, MrzError, MrzField};
use neonomad_core::{parse_date, NaiveDate};

const PEERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/peers/mrz");

fn read_peer(file: &str) -> String {
    let path = format!("{PEERS}/{file}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("conformance data {path} cannot be read ({e}); the peers folder must sit at ../shared/peers beside the repository")
    })
}

/// The day the samples' `expired_as_of_2025-01-01` answers were computed for.
fn as_of() -> NaiveDate {
    parse_date("2025-01-01").unwrap()
}

#[test]
fn check_digit_vectors_from_icao_and_cheminfo() {
    let text = read_peer("check_digit_vectors.csv");
    let mut checked = 0;
    for (n, row) in text.lines().enumerate().skip(1) {
        let mut cols = row.splitn(3, ',');
        let (input, expected) = (cols.next().unwrap(), cols.next().unwrap());
        let ours = check_digit(input)
            .unwrap_or_else(|| panic!("row {}: no check digit for {input:?}", n + 1));
        if let Some(not) = expected.strip_prefix("NOT ") {
            let wrong: u8 = not[..1].parse().unwrap();
            assert_ne!(ours, wrong, "row {}: {input}", n + 1);
        } else {
            assert_eq!(ours.to_string(), expected, "row {}: {input}", n + 1);
        }
        checked += 1;
    }
    assert_eq!(checked, 17, "every vector was checked");
    // The row "592166111<773,NOT 4 (... correct is 5)" names the right answer too.
    assert_eq!(check_digit("592166111<773"), Some(5));
}

/// Peers' check-digit names -> ours.
fn our_check(name: &str) -> Option<CheckedField> {
    Some(match name {
        "document_number" => CheckedField::DocumentNumber,
        "birth_date" => CheckedField::BirthDate,
        "expiry_date" => CheckedField::Expiry,
        "personal_number" => CheckedField::OptionalData,
        "composite" => CheckedField::Composite,
        _ => return None,
    })
}

fn text(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing"))
        .to_owned()
}

#[test]
fn peer_samples_get_the_peers_verdict_and_fields() {
    let samples = read_peer("mrz_samples.jsonl");
    let mut seen = 0;
    for line in samples.lines().filter(|l| !l.trim().is_empty()) {
        let sample: Value = serde_json::from_str(line).unwrap();
        let id = text(&sample, "id");
        let lines: Vec<&str> = sample["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        let input = lines.join("\n");
        let exp = &sample["expected"];
        seen += 1;

        if exp["verdict"] == "REJECT (layout)" {
            match parse(&input, as_of()) {
                Err(e @ MrzError::Layout { .. }) => {
                    let want = text(exp, "error");
                    assert!(e.to_string().starts_with(&want), "{id}: {e} vs {want}");
                }
                other => panic!("{id}: expected a layout error, got {other:?}"),
            }
            continue;
        }

        let mrz = parse(&input, as_of()).unwrap_or_else(|e| panic!("{id}: {e}"));
        let ctx = |what: &str| format!("{id}: {what}");
        let format = text(exp, "format").replace("MRV", "MRV-");
        assert_eq!(mrz.format.as_str(), format, "{}", ctx("format"));
        assert_eq!(
            mrz.document_type,
            text(exp, "doc_code"),
            "{}",
            ctx("doc_code")
        );
        assert_eq!(
            mrz.issuing_country,
            text(exp, "issuer"),
            "{}",
            ctx("issuer")
        );
        assert_eq!(mrz.surname, text(exp, "surname"), "{}", ctx("surname"));
        assert_eq!(
            mrz.given_names,
            text(exp, "given_names"),
            "{}",
            ctx("given_names")
        );
        assert_eq!(
            mrz.document_number,
            text(exp, "doc_number"),
            "{}",
            ctx("doc_number")
        );
        assert_eq!(
            mrz.nationality,
            text(exp, "nationality"),
            "{}",
            ctx("nationality")
        );
        assert_eq!(mrz.birth_date.raw, text(exp, "dob"), "{}", ctx("dob"));
        assert_eq!(
            mrz.birth_date.date.map(|d| d.to_string()).as_deref(),
            exp["dob_iso"].as_str(),
            "{}",
            ctx("dob_iso")
        );
        assert_eq!(
            mrz.sex.as_char().to_string(),
            text(exp, "sex"),
            "{}",
            ctx("sex")
        );
        assert_eq!(mrz.expiry.raw, text(exp, "expiry"), "{}", ctx("expiry"));
        assert_eq!(
            mrz.expiry.date.map(|d| d.to_string()).as_deref(),
            exp["expiry_iso"].as_str(),
            "{}",
            ctx("expiry_iso")
        );
        if let Some(expired) = exp["expired_as_of_2025-01-01"].as_bool() {
            assert_eq!(
                mrz.expiry.date.unwrap() < as_of(),
                expired,
                "{}",
                ctx("expired")
            );
        }

        // Optional data: peers give TD3's personal number trimmed and TD1/TD2/MRV fields raw.
        if let Some(personal) = exp["personal_number"].as_str() {
            assert_eq!(mrz.optional_data, personal, "{}", ctx("personal_number"));
        }
        if let Some(opt1) = exp["opt1"].as_str() {
            // Our optional data leaves out a long document number's continuation, its check
            // digit and the filler after them.
            let printed_number_len = match mrz.format.as_str() {
                "TD1" | "TD2" => 9,
                _ => mrz.document_number.len(),
            };
            let skip = if mrz.document_number.len() > printed_number_len {
                mrz.document_number.len() - printed_number_len + 2
            } else {
                0
            };
            assert_eq!(
                mrz.optional_data,
                opt1.get(skip..).unwrap_or("").trim_end_matches('<'),
                "{}",
                ctx("opt1")
            );
        }
        if let Some(opt2) = exp["opt2"].as_str() {
            assert_eq!(
                mrz.optional_data_2,
                Some(opt2.trim_end_matches('<')),
                "{}",
                ctx("opt2")
            );
        }

        // Check digits, one by one, and the overall verdict.
        let checks = exp["check_digits"].as_object().unwrap();
        for (name, valid) in checks {
            let Some(field) = our_check(name) else {
                continue;
            };
            let ours = mrz
                .check(field)
                .unwrap_or_else(|| panic!("{id}: no {name} check digit"));
            assert_eq!(Some(ours.valid), valid.as_bool(), "{}", ctx(name));
        }
        let ours: BTreeSet<CheckedField> = mrz.check_digits.iter().map(|c| c.field).collect();
        let theirs: BTreeSet<CheckedField> = checks.keys().filter_map(|k| our_check(k)).collect();
        assert_eq!(ours, theirs, "{}", ctx("set of check digits"));

        let verdict = text(exp, "verdict");
        if verdict == "check digits valid" {
            assert!(mrz.valid(), "{}: {:?}", id, mrz.check_digits);
        } else {
            let listed: BTreeSet<CheckedField> = verdict
                .trim_start_matches("INVALID: ")
                .split(", ")
                .map(|n| our_check(n).unwrap_or_else(|| panic!("{id}: unknown field {n}")))
                .collect();
            let invalid: BTreeSet<CheckedField> = mrz
                .check_digits
                .iter()
                .filter(|c| !c.valid)
                .map(|c| c.field)
                .collect();
            assert_eq!(invalid, listed, "{}", ctx("invalid check digits"));
            assert!(!mrz.valid());
        }

        // The Belgian practice of counting the filler is named, never accepted.
        let quirk = checks
            .get("document_number(incl <, BEL quirk)")
            .and_then(Value::as_bool);
        let standard = checks["document_number"].as_bool().unwrap();
        let flagged = mrz
            .diagnostics
            .iter()
            .any(|d| d.kind == DiagnosticKind::CheckDigitCountsFiller);
        assert_eq!(
            flagged,
            quirk == Some(true) && !standard,
            "{}",
            ctx("filler-counting diagnostic")
        );
    }
    assert_eq!(seen, 33, "every sample was checked");
}

#[test]
fn ocr_garbled_peer_samples_are_reported_not_corrected() {
    // MRZ-007: the Utopia TD3 as an OCR engine misread it.
    let mrz = parse(
        "P<UT0ERIK55ON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<\nL898902C36UTO740BIZZF12041S9ZE184226B<<<<<1O",
        as_of(),
    )
    .unwrap();
    let found: Vec<(usize, usize, MrzField, &str)> = mrz
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.field, d.kind.code()))
        .collect();
    assert_eq!(
        found,
        [
            (1, 5, MrzField::IssuingCountry, "digit_in_alphabetic_field"),
            (1, 10, MrzField::Name, "digit_in_alphabetic_field"),
            (1, 11, MrzField::Name, "digit_in_alphabetic_field"),
            (1, 24, MrzField::Name, "digit_in_alphabetic_field"),
            (2, 17, MrzField::BirthDate, "letter_in_numeric_field"),
            (2, 18, MrzField::BirthDate, "letter_in_numeric_field"),
            (2, 19, MrzField::BirthDate, "letter_in_numeric_field"),
            (2, 20, MrzField::BirthDateCheck, "letter_in_numeric_field"),
            (2, 27, MrzField::Expiry, "letter_in_numeric_field"),
            (2, 44, MrzField::CompositeCheck, "letter_in_numeric_field"),
        ]
    );
    assert_eq!(
        mrz.diagnostics[9].to_string(),
        "line 2, column 44, composite_check_digit: letter 'O' where a digit 0-9 is expected ('0' misread?)"
    );
    assert_eq!(mrz.surname, "ERIK55ON");
    assert_eq!(mrz.birth_date.date, None);
}
