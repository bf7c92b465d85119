//! Conformance: every camt.053 and MT940 file in `shared/peers/statements` (other projects' test
//! files) is imported and compared with the independently computed `EXPECTED.json`.
//!
//! Where neonomad disagrees on purpose, the field is listed in `DISAGREEMENTS` and neonomad's own
//! answer is asserted in a test of its own, with the reason. The peer folder is required: when
//! it is missing these tests fail, they never skip.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use neonomad_core::{Decimal, Month, NaiveDate};
use neonomad_evidence::statement::{import_as, Format, ImportResult, Severity, Statement};
use serde_json::Value;

fn peers() -> PathBuf {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/peers/statements"
    ));
    assert!(
        dir.is_dir(),
        "peer conformance data missing: expected {} (the shared/ folder beside the repository); \
         these tests must not pass without it",
        dir.display()
    );
    dir.to_path_buf()
}

fn expected(format: &str) -> BTreeMap<String, Value> {
    let path = peers().join(format).join("EXPECTED.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(format_dir: &str, name: &str, format: Format) -> ImportResult {
    let path = peers().join(format_dir).join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    import_as(name, format, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str_exact(v.as_str().expect("amounts are strings")).expect("decimal")
}

/// Signed sums per month of value date (else booking date): credits (booked, not reversals) or
/// debits, as EXPECTED.json counts them.
fn by_month(statements: &[&Statement], credits: bool) -> BTreeMap<String, Decimal> {
    let mut sums = BTreeMap::new();
    for tx in statements.iter().flat_map(|s| &s.transactions) {
        let wanted = if credits {
            tx.is_credit()
        } else {
            tx.amount < Decimal::ZERO
        };
        if let (true, Some(month)) = (wanted, tx.month()) {
            *sums.entry(month.to_string()).or_insert(Decimal::ZERO) += tx.amount;
        }
    }
    sums
}

fn expected_by_month(v: &Value) -> BTreeMap<String, Decimal> {
    v.as_object()
        .expect("month map")
        .iter()
        .map(|(m, a)| (m.clone(), dec(a)))
        .collect()
}

/// Fields where neonomad knowingly differs from EXPECTED.json; each has its own test below.
const DISAGREEMENTS: &[(&str, &str)] = &[
    ("wolph-mt940/self-provided/february_30.sta", "debits"),
    (
        "wolph-mt940/self-provided/transaction_details_wrapped.sta",
        "debits",
    ),
    ("wolph-mt940/self-provided/wrapped_timestamp.sta", "debits"),
    ("wolph-mt940/betterplace/sepa_snippet_broken.sta", "account"),
];

fn disagrees(file: &str, field: &str) -> bool {
    DISAGREEMENTS.contains(&(file, field))
}

#[test]
fn every_camt053_peer_file_matches_expected() {
    let expected = expected("camt053");
    assert!(
        expected.len() >= 12,
        "EXPECTED.json lists {} camt files",
        expected.len()
    );
    let mut problems = Vec::new();
    for (name, want) in &expected {
        let got = import("camt053", name, Format::Camt053);
        let want_statements = want["statements"].as_array().expect("statements");
        if got.statements.len() != want_statements.len() {
            problems.push(format!(
                "{name}: {} statements, expected {}",
                got.statements.len(),
                want_statements.len()
            ));
            continue;
        }
        for (i, (s, w)) in got.statements.iter().zip(want_statements).enumerate() {
            let at = format!("{name} statement {}", i + 1);
            if s.account.as_deref() != w["account"].as_str() {
                problems.push(format!(
                    "{at}: account {:?}, expected {}",
                    s.account, w["account"]
                ));
            }
            let entries = w["n_entries"].as_u64().expect("n_entries") as usize;
            let details = w["n_txdtls"].as_u64().expect("n_txdtls") as usize;
            // One transaction per entry, or per detail of a batch entry: every peer entry has one detail.
            if s.transactions.len() != entries || entries != details {
                problems.push(format!(
                    "{at}: {} transactions, expected {entries} entries / {details} details",
                    s.transactions.len()
                ));
            }
            let reversals = s.transactions.iter().filter(|t| t.reversal).count() as u64;
            if Some(reversals) != w["reversals"].as_u64() {
                problems.push(format!(
                    "{at}: {reversals} reversals, expected {}",
                    w["reversals"]
                ));
            }
            let credits = by_month(&[s], true);
            if credits != expected_by_month(&w["credits_by_month(ValDt else BookgDt)"]) {
                problems.push(format!(
                    "{at}: credits {credits:?}, expected {}",
                    w["credits_by_month(ValDt else BookgDt)"]
                ));
            }
            let debits = by_month(&[s], false);
            if debits != expected_by_month(&w["debits_by_month"]) {
                problems.push(format!(
                    "{at}: debits {debits:?}, expected {}",
                    w["debits_by_month"]
                ));
            }
            let balanced = s.balanced();
            if balanced != w["opening(OPBD/PRCD)+net==CLBD"].as_bool() {
                problems.push(format!(
                    "{at}: balanced {balanced:?}, expected {}",
                    w["opening(OPBD/PRCD)+net==CLBD"]
                ));
            }
            let stated = w["acct_ccy"].as_str();
            if stated.is_some() && s.currency.map(|c| c.to_string()).as_deref() != stated {
                problems.push(format!(
                    "{at}: currency {:?}, expected {stated:?}",
                    s.currency
                ));
            }
        }
        if got
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            problems.push(format!("{name}: error diagnostics {:?}", got.diagnostics));
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_mt940_peer_file_matches_expected() {
    let expected = expected("mt940");
    assert!(
        expected.len() >= 50,
        "EXPECTED.json lists {} MT940 files",
        expected.len()
    );
    let mut problems = Vec::new();
    for (name, want) in &expected {
        let got = import("mt940", name, Format::Mt940);
        let all: Vec<&Statement> = got.statements.iter().collect();
        let count: usize = all.iter().map(|s| s.transactions.len()).sum();
        if Some(count as u64) != want["n_transactions"].as_u64() {
            problems.push(format!(
                "{name}: {count} transactions, expected {}",
                want["n_transactions"]
            ));
        }
        let credits = by_month(&all, true);
        if credits != expected_by_month(&want["credits_by_month_value_date"]) {
            problems.push(format!(
                "{name}: credits {credits:?}, expected {}",
                want["credits_by_month_value_date"]
            ));
        }
        let debits = by_month(&all, false);
        if !disagrees(name, "debits")
            && debits != expected_by_month(&want["debits_by_month_value_date"])
        {
            problems.push(format!(
                "{name}: debits {debits:?}, expected {}",
                want["debits_by_month_value_date"]
            ));
        }
        let balanced: Vec<bool> = all.iter().filter_map(|s| s.balanced()).collect();
        let want_balanced: Vec<bool> = want["balance_consistency_per_statement"]
            .as_array()
            .expect("list")
            .iter()
            .map(|b| b.as_bool().expect("bool"))
            .collect();
        if balanced != want_balanced {
            problems.push(format!(
                "{name}: balanced {balanced:?}, expected {want_balanced:?}"
            ));
        }
        let want_statements = want["statements"].as_array().expect("statements");
        if disagrees(name, "stmt_count") {
            continue;
        }
        if all.len() != want_statements.len() {
            problems.push(format!(
                "{name}: {} statements, expected {}",
                all.len(),
                want_statements.len()
            ));
            continue;
        }
        for (i, (s, w)) in all.iter().zip(want_statements).enumerate() {
            let at = format!("{name} statement {}", i + 1);
            if s.id.as_deref() != w["ref"].as_str() {
                problems.push(format!("{at}: reference {:?}, expected {}", s.id, w["ref"]));
            }
            if !disagrees(name, "account") && s.account.as_deref() != w["account"].as_str() {
                problems.push(format!(
                    "{at}: account {:?}, expected {}",
                    s.account, w["account"]
                ));
            }
            if Some(s.transactions.len() as u64) != w["tx"].as_u64() {
                problems.push(format!(
                    "{at}: {} transactions, expected {}",
                    s.transactions.len(),
                    w["tx"]
                ));
            }
            for (what, mine) in [("opening", &s.opening), ("closing", &s.closing)] {
                let theirs = &w[what];
                let same = match (mine, theirs.is_null()) {
                    (None, true) => true,
                    (Some(b), false) => {
                        // EXPECTED's amounts are already signed by their mark.
                        b.amount == dec(&theirs["amount"])
                            && b.date.to_string() == theirs["date"].as_str().unwrap_or("")
                            && b.currency.map(|c| c.to_string()).as_deref()
                                == theirs["currency"].as_str()
                    }
                    _ => false,
                };
                if !same {
                    problems.push(format!("{at}: {what} {mine:?}, expected {theirs}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

/// `:61:1602300301DR6,00`: 30 February 2016 does not exist. The reference library moves it to
/// 29 February and books the debit in 2016-02; neonomad refuses to invent a date: it reports the
/// line and field, keeps the transaction without a value date, and its month comes from the
/// entry date (1 March 2016). The same statement line appears in two more peer files.
#[test]
fn february_30_is_reported_and_falls_in_the_entry_month() {
    for name in [
        "wolph-mt940/self-provided/february_30.sta",
        "wolph-mt940/self-provided/transaction_details_wrapped.sta",
        "wolph-mt940/self-provided/wrapped_timestamp.sta",
    ] {
        let r = import("mt940", name, Format::Mt940);
        let tx = &r.statements[0].transactions[0];
        assert_eq!(tx.value_date, None, "{name}");
        assert_eq!(
            tx.booking_date,
            NaiveDate::from_ymd_opt(2016, 3, 1),
            "{name}"
        );
        assert_eq!(tx.month(), Some(month("2016-03")), "{name}");
        let all: Vec<&Statement> = r.statements.iter().collect();
        assert_eq!(
            by_month(&all, false),
            BTreeMap::from([("2016-03".to_owned(), Decimal::new(-600, 2))])
        );
        let error = r
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .expect("an error");
        assert_eq!(error.field, "61", "{name}");
        assert!(
            error.message.contains("160230 is not a calendar day"),
            "{error}"
        );
        // The statement still balances: the amount was read.
        assert_eq!(r.statements[0].balanced(), Some(true), "{name}");
    }
}

/// The `:86:` of this (deliberately broken) file was mistyped as a second `:25:`. The reference
/// library lets the later `:25:` overwrite the account with the transaction text; neonomad
/// keeps the first account and warns about the second.
#[test]
fn a_second_account_line_does_not_replace_the_first() {
    let r = import(
        "mt940",
        "wolph-mt940/betterplace/sepa_snippet_broken.sta",
        Format::Mt940,
    );
    assert_eq!(
        r.statements[0].account.as_deref(),
        Some("50880050/0194787400888")
    );
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.field == "25" && d.message.contains("second account")),
        "{:?}",
        r.diagnostics
    );
}

/// Three `:20:` blocks with non-SWIFT `:NS:` fields between them, and closing balances without
/// a currency (`:62M:C020315105000,00`): the closings are errors naming the field, the
/// statements and their transactions are still read.
#[test]
fn non_swift_fields_do_not_break_statements() {
    let r = import(
        "mt940",
        "wolph-mt940/self-provided/raphaelm.sta",
        Format::Mt940,
    );
    let counts: Vec<usize> = r.statements.iter().map(|s| s.transactions.len()).collect();
    assert_eq!(counts, [6, 2, 1]);
    assert!(r.statements.iter().all(|s| s.closing.is_none()));
    let closing_errors = r
        .diagnostics
        .iter()
        .filter(|d| d.field.starts_with("62") && d.severity == Severity::Error)
        .count();
    assert_eq!(closing_errors, 3, "{:?}", r.diagnostics);
}

#[test]
fn summaries_agree_with_full_imports_on_every_peer_file() {
    for (dir, format) in [("camt053", Format::Camt053), ("mt940", Format::Mt940)] {
        for name in expected(dir).keys() {
            let path = peers().join(dir).join(name);
            let bytes = std::fs::read(&path).unwrap();
            let full = import_as(name, format, &bytes).unwrap();
            let mut streamed = neonomad_evidence::statement::Summary::new(name, format);
            neonomad_evidence::statement::read_into(name, format, &bytes[..], &mut streamed)
                .unwrap();
            assert_eq!(full.summary(name), streamed.finish(), "{name}");
        }
    }
}
