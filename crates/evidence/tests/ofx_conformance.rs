//! Conformance: every OFX file in `shared/peers/statements/ofx` (jseutter/ofxparse's test
//! fixtures) is imported and compared with the independently computed `EXPECTED.json`.
//!
//! Where neonomad disagrees on purpose (investment statements, account lists, files ofxparse
//! refuses), neonomad's own answer is asserted in a test of its own, with the reason. The peer
//! folder is required: when it is missing these tests fail, they never skip.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use neonomad_core::Decimal;
use neonomad_evidence::statement::{detect, import, Format, ImportResult, Severity, Statement};
use serde_json::Value;

fn peers() -> PathBuf {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/peers/statements/ofx"
    ));
    assert!(
        dir.is_dir(),
        "peer conformance data missing: expected {} (the shared/ folder beside the repository); \
         these tests must not pass without it",
        dir.display()
    );
    dir.to_path_buf()
}

fn expected() -> BTreeMap<String, Value> {
    let path = peers().join("EXPECTED.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Imports a peer file through format detection, as the CLI does.
fn read(name: &str) -> ImportResult {
    let path = peers().join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        detect(&bytes),
        Some(Format::Ofx),
        "{name} is detected as OFX"
    );
    import(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// Signed sums per month of DTPOSTED: booked credits (positive) or debits (negative).
fn by_month(s: &Statement, credits: bool) -> BTreeMap<String, Decimal> {
    let mut sums = BTreeMap::new();
    for tx in &s.transactions {
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
        .map(|(m, a)| (m.clone(), dec(a.as_str().expect("amount string"))))
        .collect()
}

/// Files where neonomad knowingly answers differently; each has its own test below.
const DISAGREEMENTS: &[&str] = &[
    // Account list (ACCTINFORS): ofxparse lists four accounts, neonomad imports no statement.
    "ofxparse/account_listing_aggregation.ofx",
    // Investment statements: ofxparse reads them, neonomad reports them as not imported.
    "ofxparse/fidelity-savings.ofx",
    "ofxparse/fidelity.ofx",
    "ofxparse/investment_401k.ofx",
    "ofxparse/investment_medium.ofx",
    "ofxparse/td_ameritrade.ofx",
    "ofxparse/tiaacref.ofx",
    "ofxparse/vanguard.ofx",
    "ofxparse/vanguard401k.ofx",
    // Files ofxparse refuses: neonomad reads what it can and reports the rest.
    "ofxparse/fail_nice/date_missing.ofx",
    "ofxparse/fail_nice/decimal_error.ofx",
    "ofxparse/fail_nice/empty_balance.ofx",
    "ofxparse/ofx-v102-empty-tags.ofx",
];

#[test]
fn every_ofx_peer_file_matches_expected() {
    let expected = expected();
    assert!(
        expected.len() >= 22,
        "EXPECTED.json lists {} OFX files",
        expected.len()
    );
    let mut problems = Vec::new();
    let mut compared = 0;
    for (name, want) in &expected {
        let got = read(name);
        if DISAGREEMENTS.contains(&name.as_str()) {
            continue;
        }
        compared += 1;
        // A file without a sign-on block (bank_small.ofx) has no `signon_success`: nothing failed.
        let signon_ok = want["signon_success"].as_bool().unwrap_or(true);
        let signon_error = got
            .diagnostics
            .iter()
            .any(|d| d.field == "SONRS/STATUS" && d.severity == Severity::Error);
        if signon_ok == signon_error {
            problems.push(format!(
                "{name}: sign-on success {signon_ok}, neonomad reported an error: {signon_error}"
            ));
        }
        let accounts = want["accounts"].as_array().expect("accounts");
        if got.statements.len() != accounts.len() {
            problems.push(format!(
                "{name}: {} statements, expected {}",
                got.statements.len(),
                accounts.len()
            ));
            continue;
        }
        for (i, (s, w)) in got.statements.iter().zip(accounts).enumerate() {
            let at = format!("{name} account {}", i + 1);
            if s.account.as_deref() != w["account_id"].as_str() {
                problems.push(format!(
                    "{at}: account {:?}, expected {}",
                    s.account, w["account_id"]
                ));
            }
            let curdef = w["curdef"].as_str().expect("curdef").to_ascii_uppercase();
            let currency = s.currency.map(|c| c.to_string()).unwrap_or_default();
            if currency != curdef {
                problems.push(format!("{at}: currency {currency:?}, expected {curdef:?}"));
            }
            let n = w["n_transactions"].as_u64().expect("n_transactions") as usize;
            if s.transactions.len() != n {
                problems.push(format!(
                    "{at}: {} transactions, expected {n}",
                    s.transactions.len()
                ));
            }
            for (credits, key) in [
                (true, "credits_by_month(DTPOSTED)"),
                (false, "debits_by_month(DTPOSTED)"),
            ] {
                let got_sums = by_month(s, credits);
                if got_sums != expected_by_month(&w[key]) {
                    problems.push(format!("{at}: {key} {got_sums:?}, expected {}", w[key]));
                }
            }
            let ledger = w["ledger_balance"].as_str().expect("ledger_balance");
            let closing = s.closing.as_ref().map(|b| b.amount);
            let want_closing = (ledger != "None").then(|| dec(ledger));
            if closing != want_closing {
                problems.push(format!("{at}: closing {closing:?}, expected {ledger}"));
            }
            let as_of = w["balance_date"].as_str().expect("balance_date");
            let closing_date = s.closing.as_ref().map(|b| b.date.to_string());
            let want_date = (as_of != "None").then(|| as_of[..10].to_owned());
            if closing_date != want_date {
                problems.push(format!(
                    "{at}: closing date {closing_date:?}, expected {as_of}"
                ));
            }
            if s.opening.is_some() || s.balanced().is_some() {
                problems.push(format!("{at}: OFX states no opening balance"));
            }
        }
    }
    assert!(compared >= 10, "only {compared} files compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn errors(r: &ImportResult) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn every_disagreement_is_a_file_expected_json_lists() {
    let expected = expected();
    for name in DISAGREEMENTS {
        assert!(
            expected.contains_key(*name),
            "{name} is not in EXPECTED.json"
        );
    }
}

/// ofxparse turns the signup account list into four empty accounts; it holds no statement,
/// so neonomad imports none and says why.
#[test]
fn an_account_list_is_not_a_statement() {
    let r = read("ofxparse/account_listing_aggregation.ofx");
    assert!(r.statements.is_empty());
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(r.diagnostics[0].field, "ACCTINFORS");
    assert_eq!(r.diagnostics[0].line, Some(23));
    assert_eq!(r.diagnostics[0].severity, Severity::Warning);
}

/// Investment statements (INVSTMTRS) are out of scope: each is one error naming its line, and
/// nothing of it (not even its cash transactions, which ofxparse counts) is imported.
#[test]
fn investment_statements_are_reported_not_imported() {
    let expected = expected();
    for (name, line) in [
        ("ofxparse/fidelity-savings.ofx", 36),
        ("ofxparse/fidelity.ofx", 11),
        ("ofxparse/investment_401k.ofx", 36),
        ("ofxparse/investment_medium.ofx", 32),
        ("ofxparse/td_ameritrade.ofx", 36),
        ("ofxparse/tiaacref.ofx", 11),
        ("ofxparse/vanguard.ofx", 11),
        ("ofxparse/vanguard401k.ofx", 11),
    ] {
        let accounts = expected[name]["accounts"].as_array().unwrap();
        assert!(
            accounts.iter().all(|a| a["type"] == "3"),
            "{name}: EXPECTED lists only investment accounts"
        );
        let r = read(name);
        assert!(r.statements.is_empty(), "{name}");
        let errors = errors(&r);
        assert_eq!(errors.len(), accounts.len(), "{name}: {errors:?}");
        assert_eq!(
            errors[0],
            format!(
                "{name}:{line}: error: INVSTMTRS: investment statement (INVSTMTMSGSRSV1) not imported: \
                 neonomad reads bank and credit-card statements only; export the cash account as a bank statement"
            )
        );
    }
}

/// ofxparse refuses the whole file over a missing date; neonomad keeps the three transactions
/// (the balance check needs them), reports each bad date, and places none in a month.
#[test]
fn missing_and_impossible_dates_are_errors_per_transaction() {
    let r = read("ofxparse/fail_nice/date_missing.ofx");
    assert_eq!(
        errors(&r),
        [
            "ofxparse/fail_nice/date_missing.ofx:33: error: STMTTRN/DTPOSTED: transaction has no DTPOSTED: kept without a date, it falls in no month",
            "ofxparse/fail_nice/date_missing.ofx:42: error: STMTTRN/DTPOSTED: \"\": empty: expected YYYYMMDD, optionally followed by HHMMSS[.XXX][offset:zone]; transaction kept without a date, it falls in no month",
            "ofxparse/fail_nice/date_missing.ofx:50: error: STMTTRN/DTPOSTED: \"20120231\": 20120231 is not a calendar day (YYYYMMDD); transaction kept without a date, it falls in no month",
        ]
    );
    let s = &r.statements[0];
    assert_eq!(s.transactions.len(), 3);
    assert!(s.transactions.iter().all(|t| t.month().is_none()));
    assert_eq!(s.closing.as_ref().unwrap().amount, dec("0"));
}

/// `$120` is no amount: that transaction is left out (an error), its impossible date too.
#[test]
fn an_amount_with_a_currency_sign_is_left_out() {
    let r = read("ofxparse/fail_nice/decimal_error.ofx");
    assert_eq!(
        errors(&r),
        ["ofxparse/fail_nice/decimal_error.ofx:37: error: STMTTRN/TRNAMT: \"$120\": expected a signed amount such as -12.34 (digits and one decimal point or comma); transaction left out"]
    );
    let s = &r.statements[0];
    assert!(s.transactions.is_empty());
    assert_eq!(s.currency.unwrap().as_str(), "CAD");
}

/// A blank ledger balance is an error and no closing balance; the transaction is still read.
#[test]
fn a_blank_balance_is_no_balance() {
    let r = read("ofxparse/fail_nice/empty_balance.ofx");
    assert_eq!(
        errors(&r),
        ["ofxparse/fail_nice/empty_balance.ofx:38: error: LEDGERBAL/BALAMT: \"\": empty: expected a signed amount such as -12.34; closing balance ignored"]
    );
    let s = &r.statements[0];
    assert_eq!(s.closing, None);
    assert_eq!(s.transactions.len(), 1);
    assert_eq!(s.transactions[0].amount, dec("120"));
    assert_eq!(
        by_month(s, true),
        BTreeMap::from([("2011-03".to_owned(), dec("120"))])
    );
}

/// ofxparse crashes on this file (IndexError); it is an ordinary statement with empty tags.
/// The transaction's `CURRENCY/CURSYM` AUD names its currency although `CURDEF` is empty.
#[test]
fn empty_tags_are_read_as_empty_values() {
    let r = read("ofxparse/ofx-v102-empty-tags.ofx");
    assert_eq!(
        errors(&r),
        [
            "ofxparse/ofx-v102-empty-tags.ofx:23: error: LEDGERBAL/BALAMT: \"\": empty: expected a signed amount such as -12.34; closing balance ignored",
            "ofxparse/ofx-v102-empty-tags.ofx:23: error: LEDGERBAL/DTASOF: \"\": empty: expected YYYYMMDD, optionally followed by HHMMSS[.XXX][offset:zone]; closing balance ignored",
        ]
    );
    let s = &r.statements[0];
    assert_eq!(s.account.as_deref(), Some("12345678"));
    assert_eq!(s.currency, None);
    let t = &s.transactions[0];
    assert_eq!(t.amount, dec("12.34"));
    assert_eq!(t.currency.unwrap().as_str(), "AUD");
    assert_eq!(t.month().unwrap().to_string(), "2018-05");
    assert_eq!(t.description, "CBA:Transfer");
}

#[test]
fn sign_on_failure_names_code_and_message() {
    let r = read("ofxparse/signon_fail.ofx");
    assert_eq!(
        errors(&r),
        ["ofxparse/signon_fail.ofx:11: error: SONRS/STATUS: sign-on failed with code 15500 (ERROR): Your request could not be processed because you supplied an invalid identification code or your password was incorrect; the file holds no statement the bank vouches for"]
    );
}

#[test]
fn a_statement_request_error_is_reported() {
    let r = read("ofxparse/error_message.ofx");
    assert!(r.statements.is_empty());
    assert_eq!(
        errors(&r),
        ["ofxparse/error_message.ofx:22: error: STMTTRNRS/STATUS: the bank reports an error for this statement with code 2000 (ERROR): General Server Error"]
    );
}
