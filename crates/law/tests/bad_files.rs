//! Every way a law file can be wrong gives an error naming the file and the field and saying what
//! was expected. Each case edits one bundled file and loads the set again.

use neonomad_law::{Law, LawError};

/// Loads the bundled files with `file` changed by `edit`.
fn load_with(file: &str, edit: impl Fn(&str) -> String) -> Result<Law, LawError> {
    let mut found = false;
    let files: Vec<(String, String)> = Law::bundled_files()
        .into_iter()
        .map(|(name, text)| {
            if name == file {
                found = true;
                let edited = edit(&text);
                assert_ne!(edited, text, "the edit of {file} changed nothing");
                (name, edited)
            } else {
                (name, text)
            }
        })
        .collect();
    assert!(found, "no bundled file {file}");
    Law::from_files(&files)
}

/// Replaces the first occurrence, failing the test if the text is not there.
fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not found");
    text.replacen(from, to, 1)
}

fn error(file: &str, edit: impl Fn(&str) -> String) -> String {
    match load_with(file, edit) {
        Ok(_) => panic!("the edited {file} was accepted"),
        Err(err) => err.to_string(),
    }
}

fn assert_has(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{part:?} missing from: {message}");
    }
}

#[test]
fn unknown_field_names_file_path_and_line() {
    let msg = error("b12-1.yaml", |t| {
        replace(t, "      value: 12\n", "      vaule: 12\n")
    });
    assert_has(
        &msg,
        &[
            "b12-1.yaml: params.visa.max_validity_months[0]",
            "unknown field `vaule`",
            "line ",
        ],
    );
}

#[test]
fn unknown_parameter_is_refused() {
    let msg = error("b12-1.yaml", |t| {
        replace(t, "  income.months:", "  income.monthz:")
    });
    assert_has(
        &msg,
        &["b12-1.yaml: params", "unknown field `income.monthz`"],
    );
}

#[test]
fn bad_date_is_refused() {
    let msg = error("mrp.yaml", |t| {
        replace(t, "valid_from: 2020-04-01", "valid_from: 2020-04-31")
    });
    assert_has(
        &msg,
        &[
            "mrp.yaml: periods[2].valid_from",
            "\"2020-04-31\" is not a real calendar day",
        ],
    );
    let msg = error("mrp.yaml", |t| {
        replace(t, "valid_from: 2020-04-01", "valid_from: 01.04.2020")
    });
    assert_has(&msg, &["periods[2].valid_from", "write it as YYYY-MM-DD"]);
}

#[test]
fn valid_to_before_valid_from_is_refused() {
    let msg = error("mrp.yaml", |t| {
        replace(t, "valid_to: 2019-12-31", "valid_to: 2018-12-31")
    });
    assert_eq!(
        msg,
        "mrp.yaml: periods[0].valid_to: valid_to 2018-12-31 is before valid_from 2019-01-01 (valid_to is the last day, inclusive)"
    );
}

#[test]
fn overlapping_periods_of_one_parameter_are_refused() {
    let msg = error("b12-1.yaml", |t| {
        replace(
            t,
            "  income.months:\n    - valid_from: 2024-11-17\n      value: 6\n      source: {ref: kpmg_2024}\n",
            "  income.months:\n    - valid_from: 2024-11-17\n      value: 6\n      source: {ref: kpmg_2024}\n    - valid_from: 2026-01-01\n      value: 12\n      source: {ref: kpmg_2024}\n",
        )
    });
    assert_has(
        &msg,
        &[
            "b12-1.yaml: params.income.months[1]",
            "period 2026-01-01 onwards overlaps params.income.months[0] (2024-11-17 onwards)",
        ],
    );
}

#[test]
fn a_value_can_change_by_date_without_code_changes() {
    // The alternative reading of facts §7.1 ("at least") from 2027: end the period, add one.
    let law = load_with("b12-1.yaml", |t| {
        replace(
            t,
            "      value: strictly_greater\n",
            "      valid_to: 2026-12-31\n      value: strictly_greater\n",
        )
        .replace(
            "  # each_month | average\n",
            "    - valid_from: 2027-01-01\n      value: at_least\n      source: {citation: \"test: a later reading\"}\n\n  # each_month | average\n",
        )
    })
    .expect("valid");
    let d = |s| neonomad_core::parse_date(s).unwrap();
    use neonomad_law::Comparison::*;
    assert_eq!(
        law.income_comparison(d("2026-12-31")).unwrap().value,
        StrictlyGreater
    );
    let later = law.income_comparison(d("2027-01-01")).unwrap();
    assert_eq!(later.value, AtLeast);
    assert_eq!(later.source.citation, "test: a later reading");
}

#[test]
fn gap_in_the_mrp_is_refused() {
    let msg = error("mrp.yaml", |t| {
        let start = t.find("  - valid_from: 2022-01-01").unwrap();
        let end = t.find("  - valid_from: 2023-01-01").unwrap();
        format!("{}{}", &t[..start], &t[end..])
    });
    assert_has(
        &msg,
        &[
            "mrp.yaml: periods[4]",
            "gap: periods[3] ends 2021-12-31 but the next period starts 2023-01-01",
            "start it on 2022-01-01",
        ],
    );
}

#[test]
fn gap_in_a_parameter_is_refused() {
    let msg = error("b12-1.yaml", |t| {
        replace(
            t,
            "  income.months:\n    - valid_from: 2024-11-17\n      value: 6\n",
            "  income.months:\n    - valid_from: 2030-01-01\n      value: 6\n      source: {ref: kpmg_2024}\n    - valid_from: 2024-11-17\n      valid_to: 2025-12-31\n      value: 6\n",
        )
    });
    assert_has(
        &msg,
        &[
            "params.income.months[0]",
            "gap: params.income.months[1] ends 2025-12-31",
        ],
    );
}

#[test]
fn missing_source_is_refused() {
    let msg = error("b12-1.yaml", |t| {
        replace(
            t,
            "      value: 2\n      source: {ref: passport_mfa}\n",
            "      value: 2\n",
        )
    });
    assert_has(
        &msg,
        &[
            "b12-1.yaml: params.passport.min_blank_pages[0]",
            "missing field `source`",
        ],
    );
    let msg = error("mrp.yaml", |t| {
        replace(t, "Law \\\"On the republican budget for 2021-2023\\\"", "")
    });
    assert_has(&msg, &["mrp.yaml: periods[3].source", "missing source"]);
}

#[test]
fn unknown_source_reference_is_refused() {
    let msg = error("b12-1.yaml", |t| {
        replace(t, "source: {ref: family_dos}", "source: {ref: family_doss}")
    });
    assert_has(
        &msg,
        &[
            "params.family.child_max_age_years[0].source.ref",
            "no source named \"family_doss\"",
            "family_dos",
        ],
    );
}

#[test]
fn country_code_not_in_iso_3166_is_refused() {
    let msg = error("appendix6.yaml", |t| replace(t, "{code: AE,", "{code: ZZ,"));
    assert_has(
        &msg,
        &[
            "appendix6.yaml: versions[0].countries[0].code",
            "ZZ is not a country code of the ISO 3166 list",
        ],
    );
    let msg = error("minsk.yaml", |t| replace(t, "- code: AM", "- code: QQ"));
    assert_has(
        &msg,
        &["minsk.yaml: parties[0].code", "QQ is not a country code"],
    );
    let msg = error("hague.yaml", |t| replace(t, "- code: AL", "- code: al"));
    assert_has(
        &msg,
        &["hague.yaml: parties[0].code", "two upper-case letters"],
    );
}

#[test]
fn currency_code_not_in_iso_4217_is_refused() {
    let msg = error("iso4217.yaml", |t| replace(t, "{code: USD,", "{code: US,"));
    assert_has(
        &msg,
        &["iso4217.yaml: currencies", "three upper-case letters"],
    );
    let msg = error("iso4217.yaml", |t| replace(t, "{code: USD,", "{code: USX,"));
    assert_has(
        &msg,
        &["iso4217.yaml: currencies", "USD", "the engine needs"],
    );
    let msg = error("iso4217.yaml", |t| {
        replace(t, "minor_units: 3}", "minor_units: 7}")
    });
    assert_has(&msg, &["minor_units", "0 to 4"]);
}

#[test]
fn missing_parameter_is_refused() {
    let msg = error("b12-1.yaml", |t| {
        replace(t, "  income.months:\n    - valid_from: 2024-11-17\n      value: 6\n      source: {ref: kpmg_2024}\n", "")
    });
    assert_has(
        &msg,
        &["b12-1.yaml: params", "missing field `income.months`"],
    );
    let msg = error("b12-1.yaml", |t| {
        replace(t, "  income.months:\n    - valid_from: 2024-11-17\n      value: 6\n      source: {ref: kpmg_2024}\n", "  income.months: []\n")
    });
    assert_has(&msg, &["params.income.months", "no period"]);
}

#[test]
fn parameter_missing_on_days_the_category_is_in_force_is_refused() {
    let msg = error("b12-1.yaml", |t| {
        replace(
            t,
            "  income.months:\n    - valid_from: 2024-11-17\n",
            "  income.months:\n    - valid_from: 2025-01-01\n",
        )
    });
    assert_has(
        &msg,
        &[
            "params.income.months",
            "in force (2024-11-17 onwards)",
            "cover only 2025-01-01 onwards",
        ],
    );
}

#[test]
fn duplicate_entries_are_refused() {
    let msg = error("appendix6.yaml", |t| replace(t, "{code: AT,", "{code: AE,"));
    assert_has(
        &msg,
        &[
            "appendix6.yaml: versions[0].countries[1].code",
            "duplicate entry for AE",
        ],
    );
    let msg = error("minsk.yaml", |t| replace(t, "- code: AZ", "- code: AM"));
    assert_has(
        &msg,
        &[
            "minsk.yaml: parties[1]",
            "duplicate entry for AM",
            "overlaps parties[0]",
        ],
    );
    let msg = error("iso3166.yaml", |t| replace(t, "{code: AE,", "{code: AD,"));
    assert_has(
        &msg,
        &[
            "iso3166.yaml: countries[1].code",
            "duplicate country code AD",
        ],
    );
    let msg = error("sources.yaml", |t| {
        replace(t, "  income.threshold:", "  visa.max_validity:")
    });
    assert_has(
        &msg,
        &["sources.yaml: rules", "duplicate key \"visa.max_validity\""],
    );
    let msg = error("b12-1.yaml", |t| {
        replace(t, "  kpmg_2024:\n", "  order_2024:\n")
    });
    assert_has(
        &msg,
        &["b12-1.yaml: sources", "duplicate key \"order_2024\""],
    );
}

#[test]
fn rule_without_citation_is_refused() {
    let msg = error("sources.yaml", |t| {
        replace(t, "  work.prohibited:", "  work.forbidden:")
    });
    assert_has(
        &msg,
        &["sources.yaml: rules", "missing rule `work.prohibited`"],
    );
}

#[test]
fn treaty_without_kazakhstan_is_refused() {
    let msg = error("minsk.yaml", |t| replace(t, "- code: KZ", "- code: MN"));
    assert_has(
        &msg,
        &["minsk.yaml: parties", "Kazakhstan (KZ) must be listed"],
    );
}

#[test]
fn pair_exclusion_must_name_two_parties() {
    let msg = error("hague.yaml", |t| {
        replace(t, "  - a: MN\n    b: AT\n", "  - a: MN\n    b: AE\n")
    });
    assert_has(
        &msg,
        &[
            "hague.yaml: pair_exclusions[0].b",
            "AE is not listed under `parties`",
        ],
    );
}

#[test]
fn files_are_recognised_by_kind() {
    let msg = error("mrp.yaml", |t| replace(t, "kind: mrp", "kind: mrpp"));
    assert_has(
        &msg,
        &["mrp.yaml: kind: unknown kind \"mrpp\"", "expected one of"],
    );
    let msg = error("mrp.yaml", |t| replace(t, "kind: mrp", "kind: parameters"));
    assert_has(
        &msg,
        &["b12-1.yaml and mrp.yaml both have `kind: parameters`"],
    );
    let msg = error("mrp.yaml", |t| replace(t, "kind: mrp\n", ""));
    assert_has(&msg, &["mrp.yaml: kind: missing"]);
    let files: Vec<_> = Law::bundled_files()
        .into_iter()
        .filter(|(n, _)| n != "hague.yaml")
        .collect();
    let msg = Law::from_files(&files).unwrap_err().to_string();
    assert_eq!(
        msg,
        "no law file has `kind: hague` (expected e.g. hague.yaml)"
    );
}

#[test]
fn yaml_syntax_error_names_the_line() {
    let msg = error("b12-1.yaml", |t| {
        replace(t, "params:\n", "params:\n  [oops\n")
    });
    assert_has(&msg, &["b12-1.yaml", "line"]);
}

#[test]
fn nonsense_values_are_refused() {
    let msg = error("b12-1.yaml", |t| {
        replace(t, "value: {min: 1, max: 5}", "value: {min: 6, max: 5}")
    });
    assert_has(
        &msg,
        &[
            "params.timeline.decision_business_days[0].value",
            "min 6 is greater than max 5",
        ],
    );
    let msg = error("b12-1.yaml", |t| {
        replace(t, "value: \"3000.00\"", "value: \"3,000.00\"")
    });
    assert_has(
        &msg,
        &["params.income.threshold_usd[0].value", "is not an amount"],
    );
    let msg = error("b12-1.yaml", |t| {
        replace(t, "value: \"3000.00\"", "value: \"0.00\"")
    });
    assert_has(
        &msg,
        &[
            "params.income.threshold_usd[0].value",
            "must be greater than 0",
        ],
    );
    let msg = error("b12-1.yaml", |t| {
        replace(t, "value: strictly_greater", "value: greater")
    });
    assert_has(
        &msg,
        &[
            "params.income.comparison[0].value",
            "unknown variant `greater`",
        ],
    );
    let msg = error("b12-1.yaml", |t| {
        replace(t, "    confidence: high\n", "    confidence: certain\n")
    });
    assert_has(
        &msg,
        &[
            "b12-1.yaml: sources.kpmg_2024.confidence",
            "unknown variant `certain`",
        ],
    );
}

#[test]
fn a_suspended_category_is_not_in_force() {
    let law = load_with("b12-1.yaml", |t| {
        replace(
            t,
            "      value: true\n      source: {ref: order_2024}\n",
            "      valid_to: 2026-12-31\n      value: true\n      source: {ref: order_2024}\n    - valid_from: 2027-01-01\n      value: false\n      source: {citation: \"test: suspension\"}\n",
        )
    })
    .expect("valid");
    let d = |s| neonomad_core::parse_date(s).unwrap();
    assert!(law.category_in_force(d("2026-12-31")).is_ok());
    let err = law.category_in_force(d("2027-01-01")).unwrap_err();
    assert!(matches!(
        err,
        LawError::NotInForce {
            param: "visa.category_in_force",
            ..
        }
    ));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// Cutting any stretch out of any file gives a value or an error, never a panic.
    #[test]
    fn loading_a_damaged_file_never_panics(file in 0usize..8, start in 0.0f64..1.0, len in 0usize..400) {
        let mut files = Law::bundled_files();
        let text = &files[file].1;
        let mut from = (text.len() as f64 * start) as usize;
        while !text.is_char_boundary(from) { from -= 1; }
        let mut to = (from + len).min(text.len());
        while !text.is_char_boundary(to) { to -= 1; }
        let damaged = format!("{}{}", &text[..from], &text[to..]);
        files[file].1 = damaged;
        let _ = Law::from_files(&files);
    }
}
