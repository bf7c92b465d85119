//! `neonomad statement` run as a real process on files it writes itself (and on one peer file):
//! the contract JSON, the text report, cross-file gap warnings and exit code 2 for bad files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

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

/// Writes a fixture into a directory of this test run and returns its path.
fn fixture(name: &str, content: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("neonomad-statement-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

const JANUARY_MT940: &str = "{1:F01BANKDEFFAXXX0000000000}{2:O940}{4:\r\n\
:20:JAN\r\n:25:DE89370400440532013000\r\n:28C:1/1\r\n:60F:C250101EUR1000,00\r\n\
:61:2501150115CR3600,00NTRFNONREF//SAL1\r\n:86:166?20Salary January?32ACME GMBH\r\n\
:61:2501200120DR120,5NMSCNONREF\r\n:86:Rent share\r\n\
:61:2501310201CR36,58NTRFNONREF\r\n:86:Interest\r\n\
:62F:C250131EUR4516,08\r\n-}\r\n";

const MARCH_MT940: &str = ":20:MAR\n:25:DE89370400440532013000\n:28C:3/1\n\
:60F:C250301EUR6000,00\n:61:2503030303CR3600,00NTRFNONREF\n:62F:C250303EUR9600,00\n-\n";

const CAMT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><IBAN>KZ86125KZT5004100100</IBAN></Id><Ccy>USD</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2025-02-28</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">4010.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2025-03-31</Dt></Dt></Bal>
<Ntry><Amt Ccy="USD">4000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2025-02-28</Dt></BookgDt><ValDt><Dt>2025-03-01</Dt></ValDt></Ntry>
</Stmt></BkToCstmrStmt></Document>
"#;

#[test]
fn json_follows_the_contract() {
    let mt940 = fixture("january.sta", JANUARY_MT940.as_bytes());
    let camt = fixture("march.xml", CAMT.as_bytes());
    let out = neonomad(&[
        "statement",
        mt940.to_str().unwrap(),
        camt.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let files = json_lines(&out);
    assert_eq!(files.len(), 2);
    assert_eq!(
        files[0],
        json!({
            "file": mt940.to_str().unwrap(),
            "format": "mt940",
            "statements": [{
                "id": "JAN",
                "account": "DE89370400440532013000",
                "currency": "EUR",
                "opening": {"date": "2025-01-01", "amount": "1000.00"},
                "closing": {"date": "2025-01-31", "amount": "4516.08"},
                "transactions": 3,
                "balanced": true
            }],
            "transactions": 3,
            "credits_by_month": {"2025-01": {"EUR": "3636.58"}},
            "warnings": []
        })
    );
    assert_eq!(files[1]["format"], "camt053");
    assert_eq!(
        files[1]["credits_by_month"],
        json!({"2025-03": {"USD": "4000.00"}}),
        "month of the value date"
    );
    assert_eq!(files[1]["statements"][0]["balanced"], true);
}

#[test]
fn text_report_for_people() {
    let mt940 = fixture("report.sta", JANUARY_MT940.as_bytes());
    let out = neonomad(&["statement", mt940.to_str().unwrap(), "--format", "text"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out).replace(mt940.to_str().unwrap(), "report.sta");
    insta::assert_snapshot!(text);
}

#[test]
fn a_gap_between_files_is_a_warning_on_the_later_file() {
    let jan = fixture("gap-jan.sta", JANUARY_MT940.as_bytes());
    let mar = fixture("gap-mar.sta", MARCH_MT940.as_bytes());
    // Given in reverse order: statements are ordered by date, not by argument.
    let out = neonomad(&[
        "statement",
        mar.to_str().unwrap(),
        jan.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let files = json_lines(&out);
    let warnings = files[0]["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = warnings[0].as_str().unwrap();
    assert!(
        w.starts_with(&format!(
            "{}:1: warning: statement: account DE89370400440532013000",
            mar.display()
        )),
        "{w}"
    );
    assert!(w.contains("opening balance 6000.00 EUR on 2025-03-01 differs from the closing balance 4516.08 EUR on 2025-01-31"), "{w}");
    assert_eq!(files[1]["warnings"], json!([]));
}

#[test]
fn bad_lines_are_warnings_that_name_line_and_field() {
    let bad = fixture(
        "feb30.sta",
        b":20:X\n:25:A\n:60F:C230201EUR0,00\n:61:2302300301C6,00NTRFNONREF\n:62F:C230301EUR6,00\n",
    );
    let out = neonomad(&["statement", bad.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = &json_lines(&out)[0];
    let warning = file["warnings"][0].as_str().unwrap();
    assert!(
        warning.starts_with(&format!(
            "{}:4: error: 61: value date 230230 is not a calendar day",
            bad.display()
        )),
        "{warning}"
    );
    assert_eq!(
        file["credits_by_month"],
        json!({"2023-03": {"EUR": "6.00"}})
    );
}

#[test]
fn unreadable_files_exit_2_naming_file_line_and_field() {
    let missing = "/nonexistent/statement.xml";
    let out = neonomad(&["statement", missing]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(missing), "{}", stderr(&out));

    let notes = fixture("notes.txt", b"just some notes\n");
    let out = neonomad(&["statement", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!(
            "{}:-: format: not a bank statement",
            notes.display()
        )),
        "{}",
        stderr(&out)
    );

    let truncated = fixture("truncated.xml", &CAMT.as_bytes()[..CAMT.len() / 2]);
    let out = neonomad(&["statement", truncated.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:", truncated.display())) && err.contains("truncated"),
        "{err}"
    );
    assert!(stdout(&out).is_empty(), "no partial output");

    let laughs = fixture("lol.xml", b"<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">&b;</Document>");
    let out = neonomad(&["statement", laughs.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("{}:2: DOCTYPE:", laughs.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_peer_camt_file_gives_the_expected_totals() {
    let peers = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/peers/statements/camt053"
    ));
    assert!(
        peers.is_dir(),
        "peer data missing at {}: this test must not pass without it",
        peers.display()
    );
    let file = peers.join("genkgo-camt/camt053.v2.multi.statement.xml");
    let out = neonomad(&["statement", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = &json_lines(&out)[0];
    assert_eq!(r["transactions"], 2);
    assert_eq!(r["credits_by_month"], json!({"2015-01": {"EUR": "8.85"}}));
    let balanced: Vec<&Value> = r["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["balanced"])
        .collect();
    assert_eq!(balanced, [&json!(true), &json!(true)]);
}
