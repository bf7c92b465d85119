//! Huge and hostile statement files stream in bounded memory: generated input (never held
//! whole) is read into a [`Summary`] while the process's peak resident memory is watched
//! (Linux `VmHWM`, reset through `/proc/self/clear_refs`). This file holds one test so that
//! no other test shares the process while it measures.
//!
//! What would fail without the guards: quick-xml buffers a text, tag or comment whole, and the
//! csv crate a row whole, so 64 MiB without markup (or an unclosed quote) used to cost 64 MiB
//! and more; a file of many statements kept every one of them.

#![cfg(target_os = "linux")]

use std::io::{self, BufReader, Read};

use neonomad_evidence::statement::{read_into, Format, ImportError, Summary, MAX_STATEMENTS};

/// Peak resident memory of this process in bytes (`VmHWM`).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("procfs");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM line");
    let kb: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("a number of kB");
    kb * 1024
}

/// How much the peak resident memory grew while `f` ran (the peak is reset first).
fn growth<T>(f: impl FnOnce() -> T) -> (T, u64) {
    std::fs::write("/proc/self/clear_refs", "5").expect("the peak can be reset");
    let before = peak_rss();
    let out = f();
    (out, peak_rss().saturating_sub(before))
}

/// A reader that yields its parts in order (bytes, or a byte repeated), never holding a
/// repeat in memory.
struct Generated {
    parts: Vec<Part>,
}

enum Part {
    Bytes(Vec<u8>, usize),
    Repeat(u8, u64),
}

impl Generated {
    fn new(mut parts: Vec<Part>) -> Self {
        parts.reverse();
        Generated { parts }
    }
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while let Some(part) = self.parts.last_mut() {
            match part {
                Part::Bytes(bytes, at) if *at < bytes.len() => {
                    let n = (bytes.len() - *at).min(out.len());
                    out[..n].copy_from_slice(&bytes[*at..*at + n]);
                    *at += n;
                    return Ok(n);
                }
                Part::Repeat(byte, left) if *left > 0 => {
                    let n = (*left).min(out.len() as u64) as usize;
                    out[..n].fill(*byte);
                    *left -= n as u64;
                    return Ok(n);
                }
                _ => {
                    self.parts.pop();
                }
            }
        }
        Ok(0)
    }
}

/// Text parts: `head`, then each line `line(i)` for i in 0..n, then `tail`.
fn lines(head: &str, n: usize, line: impl Fn(usize) -> String + 'static, tail: &str) -> impl Read {
    LineSource {
        head: head.as_bytes().to_vec(),
        tail: tail.as_bytes().to_vec(),
        line: Box::new(line),
        next: 0,
        n,
        current: Vec::new(),
        at: 0,
        stage: 0,
    }
}

struct LineSource {
    head: Vec<u8>,
    tail: Vec<u8>,
    line: Box<dyn Fn(usize) -> String>,
    next: usize,
    n: usize,
    current: Vec<u8>,
    at: usize,
    stage: u8,
}

impl Read for LineSource {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at == self.current.len() {
            self.at = 0;
            self.current = match self.stage {
                0 => {
                    self.stage = 1;
                    std::mem::take(&mut self.head)
                }
                1 if self.next < self.n => {
                    self.next += 1;
                    (self.line)(self.next - 1).into_bytes()
                }
                1 => {
                    self.stage = 2;
                    std::mem::take(&mut self.tail)
                }
                _ => return Ok(0),
            };
        }
        let n = (self.current.len() - self.at).min(out.len());
        out[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

const CAMT_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>\n";

/// A camt.053 statement of `n` credit entries (about 450 bytes each) over twelve months.
fn camt_entries(n: usize) -> impl Read {
    let head = format!("{CAMT_HEAD}<Stmt><Id>BIG</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n");
    lines(
        &head,
        n,
        |i| {
            format!(
                "<Ntry><Amt Ccy=\"EUR\">{}.{:02}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>\
                 <BookgDt><Dt>2025-{:02}-15</Dt></BookgDt><ValDt><Dt>2025-{:02}-15</Dt></ValDt>\
                 <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Client {i}</Nm></Dbtr><DbtrAcct><Id>\
                 <IBAN>FR7630006000011234567890189</IBAN></Id></DbtrAcct></RltdPties>\
                 <RmtInf><Ustrd>Invoice {i}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n",
                100 + i % 900,
                i % 100,
                i % 12 + 1,
                i % 12 + 1
            )
        },
        "</Stmt></BkToCstmrStmt></Document>\n",
    )
}

fn summarise(format: Format, reader: impl Read) -> (Result<(), ImportError>, Summary) {
    let mut summary = Summary::new("big", format);
    let result = read_into("big", format, BufReader::new(reader), &mut summary);
    (result, summary.finish())
}

const MIB: u64 = 1024 * 1024;

#[test]
fn huge_and_hostile_files_stream_in_bounded_memory() {
    // Valid camt.053: four times the entries must not need more memory.
    let n = 2_500;
    let ((small, s1), g1) = growth(|| summarise(Format::Camt053, camt_entries(n)));
    small.unwrap();
    assert_eq!(s1.transactions, n);
    let ((large, s4), g4) = growth(|| summarise(Format::Camt053, camt_entries(4 * n)));
    large.unwrap();
    assert_eq!(s4.transactions, 4 * n);
    assert_eq!(s4.credits_by_month.len(), 12);
    assert!(
        g4 <= g1 + 2 * MIB,
        "camt.053 memory grew with the file: {g1} bytes for {n} entries, {g4} for {}",
        4 * n
    );

    // 64 MiB of text without markup, a comment that never closes, a tag that never ends:
    // stopped after 1 MiB.
    let runaways: [(&str, u8); 3] = [("<Stmt><Id>", b'A'), ("<!--", b'>'), ("<Stmt a=\"", b'x')];
    for (open, fill) in runaways {
        let reader = Generated::new(vec![
            Part::Bytes(format!("{CAMT_HEAD}{open}").into_bytes(), 0),
            Part::Repeat(fill, 64 * MIB),
        ]);
        let ((result, _), grown) = growth(|| summarise(Format::Camt053, reader));
        let err = result.unwrap_err();
        assert!(
            err.message
                .contains("more than 1048576 bytes of one text, tag or comment"),
            "{open}: {err}"
        );
        assert_eq!(err.line, Some(4), "{open}: {err}");
        assert!(
            grown < 16 * MIB,
            "{open}: {grown} bytes for a refused runaway"
        );
    }

    // CSV: an opening quote never closed, then 64 MiB.
    let reader = Generated::new(vec![
        Part::Bytes(
            b"Date,Amount,Description\n2025-01-02,5.00,ok\n2025-01-03,6.00,\"never closed".to_vec(),
            0,
        ),
        Part::Repeat(b'x', 64 * MIB),
    ]);
    let ((result, _), grown) = growth(|| summarise(Format::Csv, reader));
    let err = result.unwrap_err();
    assert_eq!((err.line, err.field.as_str()), (Some(3), "record"), "{err}");
    assert!(
        err.message.contains("a row longer than 1048576 bytes"),
        "{err}"
    );
    assert!(grown < 16 * MIB, "{grown} bytes for a refused CSV row");

    // More statements than are listed: the rest are counted, not kept.
    let many = MAX_STATEMENTS + 500;
    let reader = lines(
        CAMT_HEAD,
        many,
        |i| format!("<Stmt><Id>S{i}</Id></Stmt>\n"),
        "</BkToCstmrStmt></Document>\n",
    );
    let (result, summary) = summarise(Format::Camt053, reader);
    result.unwrap();
    assert_eq!(summary.statements.len(), MAX_STATEMENTS);
    let last = summary
        .diagnostics
        .iter()
        .find(|d| d.field == "statement" && d.message.contains("not listed"))
        .expect("a finding about the rest");
    assert_eq!(last.severity, neonomad_evidence::statement::Severity::Error);
    assert!(
        last.message
            .starts_with("500 more statement(s) from here on were read but not listed"),
        "{last}"
    );
    assert_eq!(last.line, Some(4 + MAX_STATEMENTS as u64));
}
