//! Huge and hostile files given to `neonomad statement`, `neonomad income` and `neonomad rates
//! import`, run as a real process: a 1 GiB file (sparse, so it costs no disk) is refused at
//! once or streamed to a clear error; empty, PDF and image files are named as such; deep
//! nesting and entity bombs are refused by every XML reader alike; bytes that are not UTF-8
//! are reported with their line. Every case must finish in a few seconds.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A directory of this test run.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("neonomad-hostile-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixture(name: &str, content: &[u8]) -> String {
    let path = scratch().join(name);
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

/// A file of `head` followed by zeros up to 1 GiB, as a sparse file (no disk blocks).
fn gigabyte(name: &str, head: &[u8]) -> String {
    let path = scratch().join(name);
    let file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut &file, head).unwrap();
    file.set_len(1 << 30).unwrap();
    path.display().to_string()
}

/// Runs neonomad, failing the test when it takes more than `within`.
fn neonomad(args: &[&str], within: Duration) -> Output {
    let data = scratch().join("data");
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_neonomad"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("NEONOMAD_DATA_DIR", &data)
        .output()
        .expect("the neonomad binary runs");
    let took = started.elapsed();
    assert!(took < within, "{args:?} took {took:?}");
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the command and expects exit 2 with `expected` in the message.
fn refused(args: &[&str], expected: &str) -> String {
    let out = neonomad(args, Duration::from_secs(10));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.contains(expected),
        "{args:?}: expected {expected:?} in {err}"
    );
    err
}

const CAMT_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>\n<Stmt><Id>S</Id>\n";
const MT940_HEAD: &str =
    ":20:STATEMENT\n:25:DE89370400440532013000\n:28C:1/1\n:60F:C250101EUR0,00\n";
const OFX_HEAD: &str = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nCHARSET:1252\n\n<OFX>\n<BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\n";
const AS_OF: [&str; 2] = ["--as-of", "2026-03-02"];

#[test]
fn a_gigabyte_mt940_or_ofx_file_is_refused_at_once_naming_the_file_and_the_limit() {
    for (name, head, format) in [
        ("big.sta", MT940_HEAD, "MT940"),
        ("big.ofx", OFX_HEAD, "OFX"),
    ] {
        let path = gigabyte(name, head.as_bytes());
        let expected = format!(
            "{path}:-: file: 1 GiB is larger than the 256 MiB neonomad reads of {format} files"
        );
        refused(&["statement", &path], &expected);
        refused(&["income", &path, AS_OF[0], AS_OF[1]], &expected);
    }
}

#[test]
fn a_gigabyte_camt_or_csv_file_streams_to_a_clear_error_and_income_refuses_it() {
    // camt.053 and CSV stream at any size: the zeros after the head are one runaway text or
    // row, stopped after 1 MiB.
    let camt = gigabyte("big.xml", CAMT_HEAD.as_bytes());
    refused(
        &["statement", &camt],
        &format!("{camt}:4: xml: more than 1048576 bytes of one text, tag or comment: not a bank statement"),
    );
    let mut csv = String::from("Date,Amount,Currency,Description\n");
    while csv.len() < 70 * 1024 {
        csv.push_str("2025-01-02,12.50,EUR,Invoice\n");
    }
    let rows = csv.lines().count();
    let big_csv = gigabyte("big.csv", csv.as_bytes());
    refused(
        &["statement", &big_csv],
        &format!(
            "{big_csv}:{}: record: a row longer than 1048576 bytes",
            rows + 1
        ),
    );
    // income keeps every transaction: every format has the limit there.
    for path in [&camt, &big_csv] {
        refused(
            &["income", path, AS_OF[0], AS_OF[1]],
            "1 GiB is larger than the 256 MiB neonomad reads of",
        );
    }
}

#[test]
fn empty_pdf_and_image_files_are_not_bank_statements() {
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.csv", b"", "not a bank statement: the file is empty (0 bytes)"),
        ("statement.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "not a bank statement: a PDF document: export the statement from online banking as camt.053 (XML), MT940, OFX or CSV instead"),
        ("scan.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0", "not a bank statement: a PNG image"),
        ("export.xlsx", b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0", "not a bank statement: a ZIP archive or an Excel/OpenDocument workbook"),
    ];
    for (name, content, expected) in cases {
        let path = fixture(name, content);
        let message = format!("{path}:-: format: {expected}");
        refused(&["statement", &path], &message);
        refused(&["income", &path, AS_OF[0], AS_OF[1]], &message);
        // A CSV profile does not make a PDF a CSV file.
        refused(
            &["statement", &path, "--csv-profile", "generic-signed"],
            &message,
        );
    }
}

#[test]
fn deep_nesting_and_entity_bombs_are_refused_by_every_xml_reader() {
    let deep = |open: &str, depth: usize| format!("{open}{}", "<a>".repeat(depth));
    let camt = fixture(
        "deep.xml",
        deep(&format!("{CAMT_HEAD}<Ntry>"), 100).as_bytes(),
    );
    refused(
        &["statement", &camt],
        "elements nested deeper than 64: not a bank statement",
    );
    let ofx = fixture(
        "deep.ofx",
        deep(
            "<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\"?>\n<OFX>",
            100,
        )
        .as_bytes(),
    );
    refused(
        &["statement", &ofx],
        "elements nested deeper than 64: not a bank statement",
    );
    let nbk = fixture(
        "deep-nbk.xml",
        deep(
            "<?xml version=\"1.0\"?>\n<rates><date>30.09.2025</date>",
            100,
        )
        .as_bytes(),
    );
    refused(
        &["rates", "import", &nbk],
        &format!("{nbk}, line 2, column 76 (XML): elements nested deeper than 16 levels"),
    );

    // Billion laughs: ten levels of ten, 10^9 "lol"s if anything expanded them.
    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        bomb.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    bomb.push_str("]>\n");
    let camt = fixture(
        "lol.xml",
        format!("{bomb}<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt><Id>&lol9;</Id></Stmt></BkToCstmrStmt></Document>").as_bytes(),
    );
    refused(
        &["statement", &camt],
        ":2: DOCTYPE: a document type declaration is not allowed",
    );
    let nbk = fixture(
        "lol-nbk.xml",
        format!("{bomb}<rates><date>30.09.2025</date><item><title>&lol9;</title></item></rates>")
            .as_bytes(),
    );
    refused(
        &["rates", "import", &nbk],
        &format!("{nbk}, line 2, column 1 (XML): a DOCTYPE is not allowed"),
    );
    // OFX 2.x skips the DOCTYPE and expands nothing: the entity stays as written, at once.
    let ofx = fixture(
        "lol.ofx",
        format!(
            "{}<?OFX OFXHEADER=\"200\" VERSION=\"220\"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR</CURDEF>\
             <BANKACCTFROM><ACCTID>1</ACCTID></BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT</TRNTYPE>\
             <DTPOSTED>20250102</DTPOSTED><TRNAMT>10.00</TRNAMT><FITID>1</FITID><NAME>&lol9;</NAME></STMTTRN>\
             </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n",
            bomb
        )
        .as_bytes(),
    );
    let out = neonomad(
        &["statement", &ofx, "--format", "json"],
        Duration::from_secs(5),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["transactions"], 1);
    assert!(stdout(&out).len() < 10_000, "nothing expanded");
}

#[test]
fn bytes_that_are_not_utf8_are_reported_with_their_line() {
    // camt.053 declares UTF-8: refused, naming the line.
    let mut bytes = format!(
        "{CAMT_HEAD}<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>\n<Ntry><AddtlNtryInf>M"
    )
    .into_bytes();
    bytes.extend(b"\xfcller</AddtlNtryInf>");
    let camt = fixture("latin1.xml", &bytes);
    refused(
        &["statement", &camt],
        &format!("{camt}:6: xml: invalid UTF-8"),
    );

    // MT940, OFX and CSV read such text as Windows-1252 and say where.
    let mt940 = fixture(
        "latin1.sta",
        b":20:S\n:25:DE89370400440532013000\n:60F:C250101EUR0,00\n:61:2501020102C5,00NTRFNONREF\n:86:M\xfcller\n:62F:C250131EUR5,00\n",
    );
    let ofx = fixture(
        "latin1.ofx",
        b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX>\n<BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\n<BANKACCTFROM><ACCTID>1\n</BANKACCTFROM><BANKTRANLIST>\n<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20250102<TRNAMT>5.00<FITID>1\n<NAME>M\xfcller\n</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n",
    );
    let csv = fixture(
        "latin1.csv",
        b"Date,Amount,Currency,Description\n2025-01-02,5.00,EUR,Invoice\n2025-01-03,6.00,EUR,M\xfcller\n",
    );
    for (path, line) in [(&mt940, 5), (&ofx, 10), (&csv, 3)] {
        let out = neonomad(
            &["statement", path, "--format", "json"],
            Duration::from_secs(5),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
        let warnings: Vec<&str> = v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with(&format!("{path}:{line}: warning: ")) && w.contains("UTF-8")),
            "{path}: {warnings:?}"
        );
    }

    // NBK: the bytes become U+FFFD; in a field that is read, the error names the line.
    let nbk = fixture(
        "latin1-nbk.xml",
        b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rates>\n<date>30.09.2025</date>\n<item>\n<title>US\xc4</title>\n<description>548.27</description>\n<quant>1</quant>\n</item>\n</rates>\n",
    );
    refused(&["rates", "import", &nbk], &format!("{nbk}, line 5"));
}

#[test]
fn an_oversized_nbk_file_is_refused_before_it_is_read() {
    let path = gigabyte("big-nbk.xml", b"<?xml version=\"1.0\"?>\n<rates>");
    refused(
        &["rates", "import", &path],
        "1024 MiB is larger than the 64 MiB neonomad reads of an NBK rates file",
    );
}

/// A pipe has no size to check first: the bytes taken to detect the format are read again
/// from memory, then the rest from the pipe.
#[test]
fn a_statement_from_a_pipe_is_read_from_its_first_byte() {
    let mut text = String::from(MT940_HEAD);
    for day in 1..=28 {
        text.push_str(&format!(
            ":61:2502{day:02}02{day:02}C100,00NTRFNONREF\n:86:Invoice {day}\n"
        ));
    }
    // Past the 64 KiB the format is detected from, so the pipe is read in two parts.
    while text.len() < 100 * 1024 {
        text.push_str(":86:padding padding padding padding padding padding\n");
    }
    text.push_str(":62F:C250228EUR2800,00\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_neonomad"))
        .args(["statement", "/dev/stdin", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, text.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["transactions"], 28);
    assert_eq!(v["statements"][0]["balanced"], true);
    assert_eq!(
        v["credits_by_month"],
        serde_json::json!({"2025-02": {"EUR": "2800.00"}})
    );
}
