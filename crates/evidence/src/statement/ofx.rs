//! OFX / QFX statements: OFX 1.x SGML (`OFXHEADER:100`, tags without closing tags) and OFX 2.x
//! XML (`<?OFX OFXHEADER="200" ...?>`), read by one tolerant tag reader, streamed.
//!
//! Read: bank (`BANKMSGSRSV1/STMTTRNRS/STMTRS`) and credit-card (`CREDITCARDMSGSRSV1/
//! CCSTMTTRNRS/CCSTMTRS`) statements, several per file; per statement `CURDEF`, the account
//! (`BANKACCTFROM`/`CCACCTFROM` `ACCTID`), `BANKTRANLIST` (`DTSTART`, `DTEND`) and `LEDGERBAL`
//! (the closing balance, dated `DTASOF`); per `STMTTRN` `TRNTYPE`, `DTPOSTED`, `TRNAMT`, `FITID`,
//! `NAME`, `MEMO`, `PAYEE`, `BANKACCTTO`/`CCACCTTO`, `CURRENCY`/`ORIGCURRENCY`. Pending
//! transactions (`BANKTRANLISTP/STMTTRNP`) are kept as pending. Sign-on and statement request
//! errors (`<STATUS><CODE>15500`) are error diagnostics; investment statements (`INVSTMTRS`)
//! and account lists (`ACCTINFORS`) are reported as not imported.
//!
//! Dates `YYYYMMDD[HHMMSS[.XXX]][[+-]H[H][:TZNAME]]`: the date is the calendar day as written,
//! in the bank's own zone; the time and zone are checked for shape but never shift the day
//! (`20240131230000[-5:EST]` is 31 January, not 1 February UTC), as camt.053 `DtTm` is read.
//!
//! Hostile input: nothing is expanded (only XML's five entities and character references are
//! decoded), nesting deeper than [`MAX_DEPTH`], a tag name over 64 bytes and a text over 64 KiB
//! are refused; a file with no `<OFX>` element is not OFX.

use std::collections::{HashMap, VecDeque};
use std::io::BufRead;

use neonomad_core::{CountryCode, CurrencyCode, Decimal, NaiveDate};

use super::camt053::count_newlines;
use super::charset::Transcoder;
use super::spaces::normalise_space;
use super::{
    iban_country, io_error, transaction_id, Balance, Counterparty, Diagnostic, ImportError,
    Severity, Sink, Statement, Status, Transaction,
};

/// Deepest aggregate nesting accepted; OFX statements need about 8.
pub const MAX_DEPTH: usize = 64;
/// Longest text (header, element value, comment) accepted.
const MAX_TEXT: usize = 64 * 1024;
/// Longest tag name accepted.
const MAX_NAME: usize = 64;

/// Whether text (the start of a file) looks like OFX: an SGML header, an `<?OFX` declaration or
/// an `<OFX>` element.
pub(super) fn looks_like_ofx(text: &str) -> bool {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with("OFXHEADER:")
        || text.contains("<?OFX")
        || text.contains("<OFX>")
        || text.contains("<ofx>")
}

/// Reads OFX from `reader`, handing transactions and statements to `sink`.
///
/// Fails only when the bytes cannot be read or are not OFX at all (no `<OFX>` element, a
/// runaway tag, text or nesting); everything else is a diagnostic.
pub fn read<R: BufRead>(
    file: &str,
    mut reader: R,
    sink: &mut impl Sink,
) -> Result<(), ImportError> {
    let head = reader
        .fill_buf()
        .map_err(|e| io_error(file, 1, &e))?
        .to_vec();
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        let encoding = if head[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        reader.consume(2);
        return run(file, Transcoder::new(reader, encoding), sink, true);
    }
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        reader.consume(3);
        return run(file, reader, sink, true);
    }
    run(file, reader, sink, false)
}

fn run<R: BufRead>(
    file: &str,
    reader: R,
    sink: &mut impl Sink,
    utf8_known: bool,
) -> Result<(), ImportError> {
    let mut tree = Tree::new(file, reader);
    let mut ofx = Ofx::new(file, sink);
    if utf8_known {
        ofx.charset = Charset::Utf8Only;
    }
    loop {
        match tree.next_event()? {
            Event::Header(bytes, line) => ofx.header(&bytes, line),
            Event::Pi(text, line) => ofx.processing_instruction(&text, line),
            Event::Start(name, line) => ofx.start(&name, line, tree.depth())?,
            Event::End(name, line) => ofx.end(&name, line),
            // `<OFX></OFX>`: an empty document, still OFX.
            Event::Leaf(name, _, line) if name == "OFX" => {
                ofx.start(&name, line, tree.depth())?;
                ofx.end(&name, line);
            }
            Event::Leaf(name, bytes, line) => ofx.leaf(&name, &bytes, line),
            Event::Note(line, field, message) => ofx.diag(line, &field, message, Severity::Warning),
            Event::Eof(line) => return ofx.eof(line),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens: tags, text, processing instructions, read byte by byte from the stream.

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open(String, u64, bool),
    Close(String, u64),
    /// Text with its line; `true` when it came from CDATA (no entities to decode).
    Text(Vec<u8>, u64, bool),
    Pi(String, u64),
    Eof(u64),
}

struct Lexer<'f, R> {
    file: &'f str,
    reader: R,
    line: u64,
}

impl<'f, R: BufRead> Lexer<'f, R> {
    fn fatal(&self, line: u64, field: &str, message: String) -> ImportError {
        ImportError {
            file: self.file.to_owned(),
            line: Some(line),
            field: field.to_owned(),
            message,
        }
    }

    fn peek(&mut self) -> Result<Option<u8>, ImportError> {
        let line = self.line;
        let buf = self
            .reader
            .fill_buf()
            .map_err(|e| io_error(self.file, line, &e))?;
        Ok(buf.first().copied())
    }

    /// The bytes buffered now, not consumed (empty at the end of the input). Text and tags are
    /// read a buffer at a time: byte by byte they were the larger part of the import time.
    fn available(&mut self) -> Result<&[u8], ImportError> {
        let line = self.line;
        self.reader
            .fill_buf()
            .map_err(|e| io_error(self.file, line, &e))
    }

    /// Consumes `n` buffered bytes, counting their line ends.
    fn advance(&mut self, newlines: u64, n: usize) {
        self.line += newlines;
        self.reader.consume(n);
    }

    fn bump(&mut self) -> Result<Option<u8>, ImportError> {
        let b = self.peek()?;
        if let Some(b) = b {
            if b == b'\n' {
                self.line += 1;
            }
            self.reader.consume(1);
        }
        Ok(b)
    }

    /// Reads up to and including `end`, returning what came before it.
    fn until(&mut self, end: &[u8], what: &str, start: u64) -> Result<Vec<u8>, ImportError> {
        if let [stop] = *end {
            return self.until_byte(stop, what, start);
        }
        let mut out = Vec::new();
        loop {
            match self.bump()? {
                None => {
                    return Err(self.fatal(
                        start,
                        what,
                        format!(
                            "the file ends inside a {what}: expected {:?}; the file is truncated",
                            String::from_utf8_lossy(end)
                        ),
                    ))
                }
                Some(b) => out.push(b),
            }
            if out.ends_with(end) {
                out.truncate(out.len() - end.len());
                return Ok(out);
            }
            if out.len() > MAX_TEXT {
                return Err(self.fatal(
                    start,
                    what,
                    format!("a {what} longer than {MAX_TEXT} bytes: not a bank statement"),
                ));
            }
        }
    }

    /// [`Lexer::until`] for a one-byte end, a buffer at a time, with the same outcome as byte by
    /// byte: the end byte returns what came before it, a byte before it that makes that longer
    /// than [`MAX_TEXT`] is an error.
    fn until_byte(&mut self, stop: u8, what: &str, start: u64) -> Result<Vec<u8>, ImportError> {
        let mut out = Vec::new();
        loop {
            let chunk = self.available()?;
            if chunk.is_empty() {
                return Err(self.fatal(
                    start,
                    what,
                    format!(
                        "the file ends inside a {what}: expected {:?}; the file is truncated",
                        String::from_utf8_lossy(&[stop])
                    ),
                ));
            }
            let found = chunk.iter().position(|&b| b == stop);
            let before = found.unwrap_or(chunk.len());
            let n = before.min(MAX_TEXT + 1 - out.len());
            let ends = found.is_some() && n == before;
            let taken = if ends { n + 1 } else { n };
            out.extend_from_slice(&chunk[..n]);
            let newlines = count_newlines(&chunk[..taken]);
            self.advance(newlines, taken);
            if out.len() > MAX_TEXT {
                return Err(self.fatal(
                    start,
                    what,
                    format!("a {what} longer than {MAX_TEXT} bytes: not a bank statement"),
                ));
            }
            if ends {
                return Ok(out);
            }
        }
    }

    fn next(&mut self) -> Result<Token, ImportError> {
        loop {
            let line = self.line;
            match self.peek()? {
                None => return Ok(Token::Eof(line)),
                Some(b'<') => {
                    self.bump()?;
                    if let Some(token) = self.markup(line)? {
                        return Ok(token);
                    }
                }
                Some(_) => {
                    // Up to the next `<`, a buffer at a time; the byte that makes the text
                    // longer than MAX_TEXT is an error, as it was byte by byte.
                    let mut text = Vec::new();
                    loop {
                        let chunk = self.available()?;
                        if chunk.is_empty() {
                            break;
                        }
                        let tag = chunk.iter().position(|&b| b == b'<');
                        let n = tag.unwrap_or(chunk.len()).min(MAX_TEXT + 1 - text.len());
                        text.extend_from_slice(&chunk[..n]);
                        let newlines = count_newlines(&chunk[..n]);
                        self.advance(newlines, n);
                        if text.len() > MAX_TEXT {
                            return Err(self.fatal(
                                line,
                                "text",
                                format!("text longer than {MAX_TEXT} bytes without a tag: not OFX"),
                            ));
                        }
                        if tag.is_some() {
                            break;
                        }
                    }
                    return Ok(Token::Text(text, line, false));
                }
            }
        }
    }

    /// After `<`: a tag, a processing instruction, CDATA; `None` for a comment or declaration.
    fn markup(&mut self, line: u64) -> Result<Option<Token>, ImportError> {
        match self.peek()? {
            Some(b'?') => {
                self.bump()?;
                let body = self.until(b"?>", "processing instruction", line)?;
                Ok(Some(Token::Pi(
                    String::from_utf8_lossy(&body).into_owned(),
                    line,
                )))
            }
            Some(b'!') => {
                self.bump()?;
                let mut opening = Vec::new();
                while opening.len() < 7 {
                    match self.peek()? {
                        Some(b) if b != b'>' => {
                            opening.push(b);
                            self.bump()?;
                        }
                        _ => break,
                    }
                    if opening == b"--" || opening == b"[CDATA[" {
                        break;
                    }
                }
                if opening == b"--" {
                    self.until(b"-->", "comment", line)?;
                    Ok(None)
                } else if opening == b"[CDATA[" {
                    let text = self.until(b"]]>", "CDATA section", line)?;
                    Ok(Some(Token::Text(text, line, true)))
                } else {
                    // A declaration such as <!DOCTYPE ...>: skipped, its entities never used.
                    self.until(b">", "declaration", line)?;
                    Ok(None)
                }
            }
            Some(b'/') => {
                self.bump()?;
                let name = self.name(line)?;
                self.until(b">", "closing tag", line)?;
                Ok(Some(Token::Close(name, line)))
            }
            _ => {
                let name = self.name(line)?;
                if name.is_empty() {
                    // A lone `<` in text: SGML files from banks are not always escaped.
                    return Ok(Some(Token::Text(b"<".to_vec(), line, true)));
                }
                let rest = self.until(b">", "tag", line)?;
                let self_closing = rest.last() == Some(&b'/');
                Ok(Some(Token::Open(name, line, self_closing)))
            }
        }
    }

    /// A tag name: letters, digits, `.`, `_`, `-`, `:`; upper-cased.
    fn name(&mut self, line: u64) -> Result<String, ImportError> {
        let mut name = String::with_capacity(16);
        while let Some(b) = self.peek()? {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':') {
                name.push(b.to_ascii_uppercase() as char);
                self.bump()?;
                if name.len() > MAX_NAME {
                    return Err(self.fatal(
                        line,
                        "tag",
                        format!("a tag name longer than {MAX_NAME} characters: not OFX"),
                    ));
                }
            } else {
                break;
            }
        }
        Ok(name)
    }
}

// ---------------------------------------------------------------------------------------------
// Structure: which tags are leaves (a value) and which are aggregates, closing tags optional.

#[derive(Debug, PartialEq)]
enum Event {
    Header(Vec<u8>, u64),
    Pi(String, u64),
    Start(String, u64),
    End(String, u64),
    Leaf(String, Vec<u8>, u64),
    Note(u64, String, String),
    Eof(u64),
}

/// Turns tokens into elements. OFX 1.x leaves have no closing tag: a tag followed by text is a
/// leaf whose value ends at the next tag; a tag followed by a tag opens an aggregate, which a
/// closing tag ends (closing any aggregate left open inside it).
struct Tree<'f, R> {
    lexer: Lexer<'f, R>,
    ahead: VecDeque<Token>,
    out: VecDeque<Event>,
    stack: Vec<String>,
    seen_tag: bool,
    warned_stray_text: bool,
    finished: bool,
}

impl<'f, R: BufRead> Tree<'f, R> {
    fn new(file: &'f str, reader: R) -> Self {
        Tree {
            lexer: Lexer {
                file,
                reader,
                line: 1,
            },
            ahead: VecDeque::new(),
            out: VecDeque::new(),
            stack: Vec::new(),
            seen_tag: false,
            warned_stray_text: false,
            finished: false,
        }
    }

    fn depth(&self) -> usize {
        self.stack.len()
    }

    fn peek(&mut self, i: usize) -> Result<&Token, ImportError> {
        while self.ahead.len() <= i {
            let token = self.lexer.next()?;
            self.ahead.push_back(token);
        }
        Ok(&self.ahead[i])
    }

    fn take(&mut self) -> Result<Token, ImportError> {
        self.peek(0)?;
        Ok(self.ahead.pop_front().expect("peek(0) filled the queue"))
    }

    fn next_event(&mut self) -> Result<Event, ImportError> {
        loop {
            if let Some(event) = self.out.pop_front() {
                return Ok(event);
            }
            if self.finished {
                let line = self.lexer.line;
                return Ok(Event::Eof(line));
            }
            match self.take()? {
                Token::Text(bytes, line, _) => {
                    if is_blank(&bytes) {
                        continue;
                    }
                    if !self.seen_tag {
                        return Ok(Event::Header(bytes, line));
                    }
                    if !self.warned_stray_text {
                        self.warned_stray_text = true;
                        let inside = self.stack.last().cloned().unwrap_or_default();
                        return Ok(Event::Note(
                            line,
                            if inside.is_empty() {
                                "OFX".to_owned()
                            } else {
                                inside
                            },
                            "text outside any element was ignored".to_owned(),
                        ));
                    }
                }
                Token::Pi(text, line) => return Ok(Event::Pi(text, line)),
                Token::Open(name, line, self_closing) => {
                    self.seen_tag = true;
                    return self.open(name, line, self_closing);
                }
                Token::Close(name, line) => {
                    self.seen_tag = true;
                    match self.stack.iter().rposition(|open| *open == name) {
                        Some(at) => {
                            while self.stack.len() > at + 1 {
                                let inner = self.stack.pop().expect("deeper than at");
                                self.out.push_back(Event::Note(
                                    line,
                                    inner.clone(),
                                    format!("<{inner}> was never closed; </{name}> closed it"),
                                ));
                                self.out.push_back(Event::End(inner, line));
                            }
                            self.stack.pop();
                            self.out.push_back(Event::End(name, line));
                        }
                        None => {
                            return Ok(Event::Note(
                                line,
                                name.clone(),
                                format!("closing tag </{name}> matches no open element; ignored"),
                            ))
                        }
                    }
                }
                Token::Eof(line) => {
                    self.finished = true;
                    if let Some(outer) = self.stack.first().cloned() {
                        self.out.push_back(Event::Note(
                            line,
                            outer.clone(),
                            format!(
                                "the file ends inside <{}>: it is truncated; what was read is kept",
                                self.stack.join(">/<")
                            ),
                        ));
                    }
                    while let Some(open) = self.stack.pop() {
                        self.out.push_back(Event::End(open, line));
                    }
                }
            }
        }
    }

    fn open(&mut self, name: String, line: u64, self_closing: bool) -> Result<Event, ImportError> {
        if self_closing {
            return Ok(Event::Leaf(name, Vec::new(), line));
        }
        let leaf_value = match self.peek(0)? {
            Token::Text(bytes, _, cdata) if *cdata || !is_blank(bytes) => Some(true),
            Token::Text(..) => match self.peek(1)? {
                Token::Close(close, _) if *close == name => Some(false),
                _ if KNOWN_LEAVES.contains(&name.as_str()) => Some(false),
                _ => None,
            },
            Token::Close(close, _) if *close == name => Some(false),
            // An empty SGML value (`<BALAMT><DTASOF>...`) looks like an aggregate; known value
            // elements stay values.
            _ if KNOWN_LEAVES.contains(&name.as_str()) => Some(false),
            _ => None,
        };
        match leaf_value {
            Some(has_text) => {
                let value = if has_text || matches!(self.peek(0)?, Token::Text(..)) {
                    match self.take()? {
                        Token::Text(bytes, _, _) if has_text => bytes,
                        _ => Vec::new(),
                    }
                } else {
                    Vec::new()
                };
                if matches!(self.peek(0)?, Token::Close(close, _) if *close == name) {
                    self.take()?;
                }
                Ok(Event::Leaf(name, value, line))
            }
            None => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(self.lexer.fatal(
                        line,
                        &name,
                        format!(
                            "elements nested deeper than {MAX_DEPTH}: not a bank statement \
                             (OFX needs about 8 levels)"
                        ),
                    ));
                }
                self.stack.push(name.clone());
                Ok(Event::Start(name, line))
            }
        }
    }
}

/// Elements that hold a value, never other elements: an empty one is still a value.
const KNOWN_LEAVES: &[&str] = &[
    "ACCTID",
    "ACCTTYPE",
    "ADDR1",
    "ADDR2",
    "ADDR3",
    "BALAMT",
    "BANKID",
    "BRANCHID",
    "CHECKNUM",
    "CITY",
    "CODE",
    "CORRECTACTION",
    "CORRECTFITID",
    "COUNTRY",
    "CURDEF",
    "CURRATE",
    "CURSYM",
    "DTASOF",
    "DTAVAIL",
    "DTEND",
    "DTPOSTED",
    "DTSERVER",
    "DTSTART",
    "DTTRAN",
    "DTUSER",
    "FID",
    "FITID",
    "LANGUAGE",
    "MEMO",
    "MESSAGE",
    "NAME",
    "ORG",
    "PAYEEID",
    "PHONE",
    "POSTALCODE",
    "REFNUM",
    "SEVERITY",
    "SIC",
    "SRVRTID",
    "STATE",
    "TRNAMT",
    "TRNTYPE",
    "TRNUID",
];

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

// ---------------------------------------------------------------------------------------------
// Meaning: statements, transactions, balances, status codes.

/// How element text is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Charset {
    /// UTF-8, else Windows-1252 with one warning (no charset stated, or UTF-8 stated).
    Utf8OrLegacy,
    /// Already UTF-8 (byte order mark, or transcoded from UTF-16).
    Utf8Only,
    /// `CHARSET:1252`, `ISO-8859-1` or an XML declaration naming them.
    Windows1252,
}

#[derive(Default)]
struct RawTx {
    line: u64,
    pending: bool,
    trntype: Option<(String, u64)>,
    posted: Option<(String, u64)>,
    amount: Option<(String, u64)>,
    fitid: Option<String>,
    name: Option<String>,
    memo: Option<String>,
    payee_name: Option<String>,
    payee_country: Option<String>,
    to_bank: Option<String>,
    to_account: Option<String>,
    currency: Option<(String, u64)>,
    correct_action: Option<String>,
}

struct OpenStatement {
    line: u64,
    credit_card: bool,
    currency_text: Option<(String, u64)>,
    account: Option<String>,
    ledger_amount: Option<(String, u64)>,
    ledger_date: Option<(String, u64)>,
    ledger_seen: Option<u64>,
    transactions: usize,
    fitids: HashMap<String, u64>,
}

#[derive(Default)]
struct StatusBlock {
    line: u64,
    within: String,
    code: Option<String>,
    severity: Option<String>,
    message: Option<String>,
}

struct Ofx<'a, S: Sink> {
    file: &'a str,
    sink: &'a mut S,
    charset: Charset,
    warned_charset: bool,
    path: Vec<String>,
    saw_ofx: bool,
    saw_header: bool,
    statements: usize,
    stmt: Option<OpenStatement>,
    tx: Option<RawTx>,
    status: Option<StatusBlock>,
    /// Depth of an aggregate whose content is not imported (investment statements).
    skipping: Option<usize>,
    warned_account_list: bool,
    unsupported: usize,
}

impl<'a, S: Sink> Ofx<'a, S> {
    fn new(file: &'a str, sink: &'a mut S) -> Self {
        Ofx {
            file,
            sink,
            charset: Charset::Utf8OrLegacy,
            warned_charset: false,
            path: Vec::new(),
            saw_ofx: false,
            saw_header: false,
            statements: 0,
            stmt: None,
            tx: None,
            status: None,
            skipping: None,
            warned_account_list: false,
            unsupported: 0,
        }
    }

    fn diag(&mut self, line: u64, field: &str, message: String, severity: Severity) {
        self.sink.diagnostic(Diagnostic {
            file: self.file.to_owned(),
            line: Some(line),
            field: field.to_owned(),
            message,
            severity,
        });
    }

    fn warn(&mut self, line: u64, field: &str, message: String) {
        self.diag(line, field, message, Severity::Warning);
    }

    fn error(&mut self, line: u64, field: &str, message: String) {
        self.diag(line, field, message, Severity::Error);
    }

    /// The SGML header of OFX 1.x: `KEY:VALUE` lines before the first tag.
    fn header(&mut self, bytes: &[u8], line: u64) {
        self.saw_header = true;
        let text = String::from_utf8_lossy(bytes);
        let mut fields: HashMap<String, String> = HashMap::new();
        for raw in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match raw.split_once(':') {
                Some((key, value)) => {
                    fields.insert(key.trim().to_ascii_uppercase(), value.trim().to_owned());
                }
                None => {
                    self.warn(
                        line,
                        "header",
                        format!("header line {raw:?} is not KEY:VALUE; ignored"),
                    );
                }
            }
        }
        match fields.get("OFXHEADER").map(String::as_str) {
            Some("100") => {}
            Some(other) => self.warn(
                line,
                "header",
                format!("OFXHEADER:{other} has not been checked; read like OFXHEADER:100"),
            ),
            None => self.warn(
                line,
                "header",
                "text before the first tag is not an OFX header (expected OFXHEADER:100); ignored"
                    .to_owned(),
            ),
        }
        if let Some(data) = fields.get("DATA") {
            if !data.eq_ignore_ascii_case("OFXSGML") {
                let data = data.clone();
                self.warn(
                    line,
                    "header",
                    format!("DATA:{data} is not OFXSGML; read as OFX anyway"),
                );
            }
        }
        let charset = fields.get("CHARSET").map(|c| c.to_ascii_uppercase());
        let encoding = fields.get("ENCODING").map(|c| c.to_ascii_uppercase());
        if self.charset == Charset::Utf8Only {
            return;
        }
        match (encoding.as_deref(), charset.as_deref()) {
            (Some("UTF-8" | "UTF8"), _) => self.charset = Charset::Utf8OrLegacy,
            (_, Some("1252" | "ISO-8859-1" | "8859-1" | "LATIN1" | "WINDOWS-1252")) => {
                self.charset = Charset::Windows1252
            }
            (_, Some("NONE" | "UTF-8" | "UTF8") | None) => {}
            (_, Some(other)) => {
                let other = other.to_owned();
                self.warn(
                    line,
                    "header",
                    format!("CHARSET:{other} is not known; text read as UTF-8, else Windows-1252"),
                );
            }
        }
    }

    /// `<?xml encoding=...?>` and `<?OFX OFXHEADER="200" ...?>` of OFX 2.x.
    fn processing_instruction(&mut self, text: &str, line: u64) {
        let upper = text.to_ascii_uppercase();
        if upper.starts_with("XML") {
            if let Some(label) = attribute(text, "encoding") {
                if self.charset != Charset::Utf8Only {
                    match encoding_rs::Encoding::for_label(label.as_bytes()) {
                        Some(enc) if enc == encoding_rs::WINDOWS_1252 => {
                            self.charset = Charset::Windows1252
                        }
                        Some(enc) if enc == encoding_rs::UTF_8 => {}
                        _ if label.eq_ignore_ascii_case("us-ascii") => {}
                        _ => self.warn(
                            line,
                            "xml",
                            format!("encoding {label:?} is not supported; text read as UTF-8, else Windows-1252"),
                        ),
                    }
                }
            }
        } else if upper.starts_with("OFX") {
            self.saw_header = true;
            match attribute(text, "OFXHEADER").as_deref() {
                Some("200") => {}
                other => {
                    let found = other.unwrap_or("nothing");
                    self.warn(
                        line,
                        "OFX",
                        format!(
                            "OFXHEADER={found:?} in <?OFX ...?>: expected \"200\"; read as OFX 2.x"
                        ),
                    );
                }
            }
        }
    }

    fn start(&mut self, name: &str, line: u64, depth: usize) -> Result<(), ImportError> {
        let parent = self.path.last().cloned();
        self.path.push(name.to_owned());
        if self.skipping.is_some() {
            return Ok(());
        }
        if !self.saw_ofx {
            if name != "OFX" {
                return Err(ImportError {
                    file: self.file.to_owned(),
                    line: Some(line),
                    field: name.to_owned(),
                    message: format!("not OFX: the first element is <{name}>, expected <OFX>"),
                });
            }
            self.saw_ofx = true;
            if !self.saw_header {
                self.warn(
                    line,
                    "header",
                    "no OFX header (OFXHEADER:100 or <?OFX OFXHEADER=\"200\"?>): read as OFX because the file has an <OFX> element".to_owned(),
                );
            }
            return Ok(());
        }
        match name {
            "STMTRS" | "CCSTMTRS" => {
                if self.stmt.is_some() {
                    self.finish_statement();
                }
                self.stmt = Some(OpenStatement {
                    line,
                    credit_card: name == "CCSTMTRS",
                    currency_text: None,
                    account: None,
                    ledger_amount: None,
                    ledger_date: None,
                    ledger_seen: None,
                    transactions: 0,
                    fitids: HashMap::new(),
                });
            }
            "STMTTRN" | "STMTTRNP"
                if self.stmt.is_some()
                    && matches!(parent.as_deref(), Some("BANKTRANLIST" | "BANKTRANLISTP")) =>
            {
                self.tx = Some(RawTx {
                    line,
                    pending: name == "STMTTRNP",
                    ..RawTx::default()
                });
            }
            "STATUS" => {
                self.status = Some(StatusBlock {
                    line,
                    within: parent.unwrap_or_default(),
                    ..StatusBlock::default()
                });
            }
            "INVSTMTRS" => {
                self.unsupported += 1;
                self.skipping = Some(depth);
                self.error(
                    line,
                    "INVSTMTRS",
                    "investment statement (INVSTMTMSGSRSV1) not imported: neonomad reads bank and \
                     credit-card statements only; export the cash account as a bank statement"
                        .to_owned(),
                );
            }
            "ACCTINFORS" if !self.warned_account_list => {
                self.warned_account_list = true;
                self.warn(
                    line,
                    "ACCTINFORS",
                    "an account list (ACCTINFORS) holds no transactions or balances: nothing imported from it".to_owned(),
                );
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str, _line: u64) {
        let depth = self.path.len();
        self.path.pop();
        if let Some(at) = self.skipping {
            if depth == at && name == "INVSTMTRS" {
                self.skipping = None;
            }
            return;
        }
        match name {
            "STMTTRN" | "STMTTRNP" => {
                if let Some(tx) = self.tx.take() {
                    self.finish_transaction(tx);
                }
            }
            "STMTRS" | "CCSTMTRS" => self.finish_statement(),
            "STATUS" => {
                if let Some(status) = self.status.take() {
                    self.finish_status(status);
                }
            }
            _ => {}
        }
    }

    fn leaf(&mut self, name: &str, bytes: &[u8], line: u64) {
        if self.skipping.is_some() || !self.saw_ofx {
            return;
        }
        let value = self.decode(bytes, line);
        let parent = self.path.last().cloned().unwrap_or_default();
        if parent == "STATUS" && self.tx.is_none() {
            self.status_leaf(name, value);
            return;
        }
        if let Some(tx) = &mut self.tx {
            match (parent.as_str(), name) {
                ("STMTTRN" | "STMTTRNP", "TRNTYPE") => tx.trntype = Some((value, line)),
                ("STMTTRN", "DTPOSTED") | ("STMTTRNP", "DTTRAN") => tx.posted = Some((value, line)),
                ("STMTTRN" | "STMTTRNP", "TRNAMT") => tx.amount = Some((value, line)),
                ("STMTTRN", "FITID") => tx.fitid = non_empty(value),
                ("STMTTRN" | "STMTTRNP", "NAME") => tx.name = non_empty(value),
                ("STMTTRN" | "STMTTRNP", "MEMO") => tx.memo = non_empty(value),
                ("STMTTRN", "CORRECTACTION") => tx.correct_action = non_empty(value),
                ("PAYEE", "NAME") => tx.payee_name = non_empty(value),
                ("PAYEE", "COUNTRY") => tx.payee_country = non_empty(value),
                ("BANKACCTTO", "BANKID") => tx.to_bank = non_empty(value),
                ("BANKACCTTO" | "CCACCTTO", "ACCTID") => tx.to_account = non_empty(value),
                ("CURRENCY", "CURSYM") => tx.currency = Some((value, line)),
                _ => {}
            }
            return;
        }
        let Some(stmt) = &mut self.stmt else {
            return;
        };
        match (parent.as_str(), name) {
            ("STMTRS" | "CCSTMTRS", "CURDEF") => stmt.currency_text = Some((value, line)),
            ("BANKACCTFROM" | "CCACCTFROM", "ACCTID") => stmt.account = non_empty(value),
            ("BANKTRANLIST", "DTSTART" | "DTEND") => {
                if let Err(why) = ofx_date(&value) {
                    self.error(
                        line,
                        &format!("BANKTRANLIST/{name}"),
                        format!("{value:?}: {why}; ignored"),
                    );
                }
            }
            ("LEDGERBAL", "BALAMT") => {
                stmt.ledger_seen = Some(line);
                stmt.ledger_amount = Some((value, line));
            }
            ("LEDGERBAL", "DTASOF") => {
                stmt.ledger_seen.get_or_insert(line);
                stmt.ledger_date = Some((value, line));
            }
            _ => {}
        }
    }

    fn status_leaf(&mut self, name: &str, value: String) {
        if let Some(status) = &mut self.status {
            match name {
                "CODE" => status.code = Some(value),
                "SEVERITY" => status.severity = Some(value),
                "MESSAGE" => status.message = non_empty(value),
                _ => {}
            }
        }
    }

    fn finish_status(&mut self, status: StatusBlock) {
        let code = status.code.as_deref().unwrap_or("").trim();
        if code == "0" || code.is_empty() {
            return;
        }
        let severity = status.severity.as_deref().unwrap_or("ERROR").trim();
        let detail = status
            .message
            .as_deref()
            .map(|m| format!(": {m}"))
            .unwrap_or_default();
        let (field, what) = match status.within.as_str() {
            "SONRS" => ("SONRS/STATUS", "sign-on failed"),
            "STMTTRNRS" | "CCSTMTTRNRS" => (
                if status.within == "STMTTRNRS" {
                    "STMTTRNRS/STATUS"
                } else {
                    "CCSTMTTRNRS/STATUS"
                },
                "the bank reports an error for this statement",
            ),
            _ => ("STATUS", "the bank reports an error"),
        };
        let message = format!("{what} with code {code} ({severity}){detail}");
        if severity.eq_ignore_ascii_case("INFO") || severity.eq_ignore_ascii_case("WARN") {
            self.warn(status.line, field, message);
        } else {
            let message = if field == "SONRS/STATUS" {
                format!("{message}; the file holds no statement the bank vouches for")
            } else {
                message
            };
            self.error(status.line, field, message);
        }
    }

    fn decode(&mut self, bytes: &[u8], line: u64) -> String {
        let text = match (self.charset, std::str::from_utf8(bytes)) {
            // Non-ASCII Windows-1252 text is almost never valid UTF-8: banks that declare
            // CHARSET:1252 and write UTF-8 are common, so valid UTF-8 wins, with a note.
            (Charset::Windows1252, Ok(s)) if !s.is_ascii() => {
                if !self.warned_charset {
                    self.warned_charset = true;
                    self.warn(
                        line,
                        "charset",
                        "the header declares Windows-1252 but the text is UTF-8; read as UTF-8"
                            .to_owned(),
                    );
                }
                s.to_owned()
            }
            (Charset::Windows1252, _) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            (_, Ok(s)) => s.to_owned(),
            (Charset::Utf8Only, Err(_)) => String::from_utf8_lossy(bytes).into_owned(),
            (Charset::Utf8OrLegacy, Err(_)) => {
                if !self.warned_charset {
                    self.warned_charset = true;
                    self.warn(
                        line,
                        "charset",
                        "not valid UTF-8; this and later such text read as Windows-1252".to_owned(),
                    );
                }
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
                    .into_owned()
            }
        };
        normalise_space(&decode_entities(&text))
    }

    fn finish_transaction(&mut self, tx: RawTx) {
        let Some(stmt) = self.stmt.as_mut() else {
            return;
        };
        let stmt_no = self.statements + 1;
        let line = tx.line;
        let field = |f: &str| {
            if tx.pending {
                format!("STMTTRNP/{f}")
            } else {
                format!("STMTTRN/{f}")
            }
        };
        let Some((amount_text, amount_line)) = tx.amount.clone() else {
            return self.error(
                line,
                &field("TRNAMT"),
                "transaction has no amount: left out".to_owned(),
            );
        };
        let amount = match ofx_amount(&amount_text) {
            Ok(a) => a,
            Err(why) => {
                return self.error(
                    amount_line,
                    &field("TRNAMT"),
                    format!("{amount_text:?}: {why}; transaction left out"),
                )
            }
        };
        stmt.transactions += 1;
        let tx_no = stmt.transactions;
        let duplicate = tx.fitid.as_ref().and_then(|id| match stmt.fitids.get(id) {
            Some(first) => Some((id.clone(), *first)),
            None => {
                stmt.fitids.insert(id.clone(), line);
                None
            }
        });
        let statement_currency = stmt
            .currency_text
            .as_ref()
            .and_then(|(c, _)| currency(c).ok());
        if let Some((id, first)) = duplicate {
            self.warn(
                line,
                &field("FITID"),
                format!(
                    "FITID {id:?} repeats the transaction at line {first}: the bank may list one \
                     transaction twice; both kept"
                ),
            );
        }
        let date_field = if tx.pending { "DTTRAN" } else { "DTPOSTED" };
        let booking_date = match &tx.posted {
            None => {
                self.error(
                    line,
                    &field(date_field),
                    format!("transaction has no {date_field}: kept without a date, it falls in no month"),
                );
                None
            }
            Some((text, at)) => match ofx_date(text) {
                Ok((date, note)) => {
                    if let Some(note) = note {
                        self.warn(*at, &field(date_field), format!("{text:?}: {note}"));
                    }
                    Some(date)
                }
                Err(why) => {
                    self.error(
                        *at,
                        &field(date_field),
                        format!("{text:?}: {why}; transaction kept without a date, it falls in no month"),
                    );
                    None
                }
            },
        };
        let currency = match &tx.currency {
            Some((text, at)) => match currency(text) {
                Ok(c) => Some(c),
                Err(()) => {
                    self.warn(
                        *at,
                        &field("CURRENCY/CURSYM"),
                        format!("{text:?} is not a currency code (three letters); CURDEF used"),
                    );
                    statement_currency
                }
            },
            None => statement_currency,
        };
        if let Some((kind, at)) = &tx.trntype {
            let kind_upper = kind.to_ascii_uppercase();
            let expected = match kind_upper.as_str() {
                "CREDIT" | "DEP" | "DIRECTDEP" | "DIV" => Some(true),
                "DEBIT" | "DIRECTDEBIT" | "FEE" | "SRVCHG" => Some(false),
                "INT" | "ATM" | "POS" | "XFER" | "CHECK" | "PAYMENT" | "CASH" | "REPEATPMT"
                | "HOLD" | "OTHER" => None,
                _ => {
                    self.warn(
                        *at,
                        &field("TRNTYPE"),
                        format!(
                            "{kind:?} is not an OFX transaction type; the signed amount decides"
                        ),
                    );
                    None
                }
            };
            if let Some(credit) = expected {
                if !amount.is_zero() && (amount > Decimal::ZERO) != credit {
                    self.warn(
                        amount_line,
                        &field("TRNAMT"),
                        format!(
                            "amount {amount} has the opposite sign of TRNTYPE {kind}; the signed \
                             TRNAMT was kept, as OFX defines"
                        ),
                    );
                }
            }
        }
        if let Some(action) = &tx.correct_action {
            self.warn(
                line,
                &field("CORRECTACTION"),
                format!("correction {action:?} of an earlier transaction is not applied; this one is kept as listed"),
            );
        }
        let country = tx
            .payee_country
            .as_deref()
            .and_then(country)
            .or_else(|| tx.to_account.as_deref().and_then(iban_country));
        let name = tx.payee_name.clone().or(tx.name.clone());
        let description = match (&tx.name, &tx.memo) {
            (Some(n), Some(m)) if m.contains(n.as_str()) => m.clone(),
            (Some(n), Some(m)) if n.contains(m.as_str()) => n.clone(),
            (Some(n), Some(m)) => format!("{n} {m}"),
            (Some(n), None) => n.clone(),
            (None, Some(m)) => m.clone(),
            (None, None) => String::new(),
        };
        self.sink.transaction(Transaction {
            id: transaction_id(self.file, stmt_no, tx_no),
            reference: tx.fitid,
            booking_date,
            value_date: None,
            amount,
            currency,
            description,
            counterparty: Counterparty {
                name,
                account: tx.to_account,
                bic: tx.to_bank,
                country,
            },
            reversal: false,
            status: if tx.pending {
                Status::Pending
            } else {
                Status::Booked
            },
            line,
        });
    }

    fn finish_statement(&mut self) {
        let Some(stmt) = self.stmt.take() else {
            return;
        };
        self.statements += 1;
        let line = stmt.line;
        let kind = if stmt.credit_card {
            "CCSTMTRS"
        } else {
            "STMTRS"
        };
        let currency = match &stmt.currency_text {
            None => {
                self.warn(
                    line,
                    &format!("{kind}/CURDEF"),
                    "statement names no currency (CURDEF)".to_owned(),
                );
                None
            }
            Some((text, at)) => match currency(text) {
                Ok(c) => Some(c),
                Err(()) => {
                    self.warn(
                        *at,
                        &format!("{kind}/CURDEF"),
                        format!("{text:?} is not a currency code (three letters such as USD)"),
                    );
                    None
                }
            },
        };
        let closing = match (&stmt.ledger_amount, &stmt.ledger_date) {
            (None, None) => None,
            (amount, date) => {
                let at = stmt.ledger_seen.unwrap_or(line);
                let amount = match amount {
                    Some((text, at)) => match ofx_amount(text) {
                        Ok(a) => Some(a),
                        Err(why) => {
                            self.error(
                                *at,
                                "LEDGERBAL/BALAMT",
                                format!("{text:?}: {why}; closing balance ignored"),
                            );
                            None
                        }
                    },
                    None => {
                        self.error(
                            at,
                            "LEDGERBAL/BALAMT",
                            "ledger balance without an amount; ignored".to_owned(),
                        );
                        None
                    }
                };
                let date = match date {
                    Some((text, at)) => match ofx_date(text) {
                        Ok((d, _)) => Some(d),
                        Err(why) => {
                            self.error(
                                *at,
                                "LEDGERBAL/DTASOF",
                                format!("{text:?}: {why}; closing balance ignored"),
                            );
                            None
                        }
                    },
                    None => {
                        self.error(
                            at,
                            "LEDGERBAL/DTASOF",
                            "ledger balance without a date (DTASOF); ignored".to_owned(),
                        );
                        None
                    }
                };
                match (amount, date) {
                    (Some(amount), Some(date)) => Some(Balance {
                        date,
                        amount,
                        currency,
                    }),
                    _ => None,
                }
            }
        };
        if stmt.account.is_none() {
            self.warn(
                line,
                &format!(
                    "{kind}/{}/ACCTID",
                    if stmt.credit_card {
                        "CCACCTFROM"
                    } else {
                        "BANKACCTFROM"
                    }
                ),
                "statement names no account".to_owned(),
            );
        }
        self.sink.statement(Statement {
            id: None,
            account: stmt.account,
            holder: None,
            currency,
            opening: None,
            closing,
            transactions: Vec::new(),
            line,
        });
    }

    fn eof(&mut self, line: u64) -> Result<(), ImportError> {
        if !self.saw_ofx {
            return Err(ImportError {
                file: self.file.to_owned(),
                line: Some(line),
                field: "OFX".to_owned(),
                message: "no <OFX> element found: not an OFX file (expected OFXHEADER:100 or \
                          <?OFX ...?> followed by <OFX>)"
                    .to_owned(),
            });
        }
        if let Some(tx) = self.tx.take() {
            self.finish_transaction(tx);
        }
        self.finish_statement();
        if self.statements == 0 && self.unsupported == 0 && !self.warned_account_list {
            self.warn(
                line,
                "OFX",
                "no bank or credit-card statement (STMTRS, CCSTMTRS) in this file: nothing to import"
                    .to_owned(),
            );
        }
        Ok(())
    }
}

/// `name="value"` (or `'value'`) inside a processing instruction, case-insensitive name.
fn attribute(text: &str, name: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    let at = upper.find(&format!("{}=", name.to_ascii_uppercase()))?;
    let rest = &text[at + name.len() + 1..];
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let body = &rest[1..];
    Some(body[..body.find(quote)?].to_owned())
}

fn non_empty(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// Decodes XML's five entities and character references; anything else stays as written
/// (SGML files carry a bare `&` in names such as `AT&T`).
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(|c: char| c == ';' || c == '&' || c.is_whitespace());
        let decoded = end
            .filter(|&e| rest.as_bytes()[e + 1] == b';')
            .and_then(|e| entity(&rest[1..e + 1]).map(|c| (c, e + 2)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// A currency code as OFX writes it (`USD`, sometimes `usd`).
fn currency(text: &str) -> Result<CurrencyCode, ()> {
    CurrencyCode::parse(&text.trim().to_ascii_uppercase()).map_err(|_| ())
}

/// A payee's country: OFX writes ISO 3166 alpha-3 (`USA`), some banks alpha-2.
fn country(text: &str) -> Option<CountryCode> {
    let upper = text.trim().to_ascii_uppercase();
    match upper.len() {
        2 => CountryCode::parse(&upper).ok(),
        3 => crate::mrz::icao_to_alpha2(&upper),
        _ => None,
    }
}

/// An OFX amount: optional sign, digits, one decimal point or comma (`-1500.0000`, `+115.83`,
/// `12,34`). Thousands separators, currency symbols and exponents are refused.
pub(super) fn ofx_amount(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty: expected a signed amount such as -12.34".to_owned());
    }
    let (negative, digits) = match t.as_bytes()[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let separators = digits.bytes().filter(|&b| b == b'.' || b == b',').count();
    let valid = !digits.is_empty()
        && separators <= 1
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && digits.bytes().any(|b| b.is_ascii_digit());
    if !valid {
        return Err(
            "expected a signed amount such as -12.34 (digits and one decimal point or comma)"
                .to_owned(),
        );
    }
    let mut normal = digits.replace(',', ".");
    if normal.starts_with('.') {
        normal.insert(0, '0');
    }
    if normal.ends_with('.') {
        normal.pop();
    }
    let digit_count = normal.bytes().filter(u8::is_ascii_digit).count();
    if digit_count > 28 {
        return Err("too many digits for an amount".to_owned());
    }
    let value = Decimal::from_str_exact(&normal).map_err(|_| "out of range".to_owned())?;
    Ok(if negative && !value.is_zero() {
        -value
    } else {
        value
    })
}

/// An OFX date `YYYYMMDD[HHMM[SS[.XXX]]][[+-]H[H][.MM][:TZNAME]]`: the calendar day as written.
/// A time or zone of another shape is a note (the day is still read); a day that does not exist
/// is an error.
pub(super) fn ofx_date(text: &str) -> Result<(NaiveDate, Option<String>), String> {
    let t = text.trim();
    let expected = "expected YYYYMMDD, optionally followed by HHMMSS[.XXX][offset:zone]";
    if t.is_empty() {
        return Err(format!("empty: {expected}"));
    }
    let b = t.as_bytes();
    if b.len() < 8 || !b[..8].iter().all(u8::is_ascii_digit) {
        return Err(format!("not a date: {expected}"));
    }
    let num = |r: std::ops::Range<usize>| t[r].parse::<u32>().unwrap_or(0);
    let year = num(0..4) as i32;
    let date = NaiveDate::from_ymd_opt(year, num(4..6), num(6..8))
        .ok_or_else(|| format!("{} is not a calendar day (YYYYMMDD)", &t[..8]))?;
    let rest = &t[8..];
    Ok((date, time_note(rest)))
}

/// `None` when the part after the date has the documented shape; else what is odd about it.
fn time_note(rest: &str) -> Option<String> {
    let (time, zone) = match rest.find('[') {
        Some(at) => (&rest[..at], Some(&rest[at..])),
        None => (rest, None),
    };
    let (clock, fraction) = match time.split_once('.') {
        Some((c, f)) => (c, Some(f)),
        None => (time, None),
    };
    let clock_ok = clock.bytes().all(|b| b.is_ascii_digit())
        && matches!(clock.len(), 0 | 4 | 6)
        && (clock.is_empty() || {
            let h: u32 = clock[..2].parse().unwrap_or(99);
            let m: u32 = clock[2..4].parse().unwrap_or(99);
            let s: u32 = clock.get(4..6).map_or(0, |s| s.parse().unwrap_or(99));
            h < 24 && m < 60 && s <= 60
        });
    let fraction_ok = fraction.is_none_or(|f| {
        !clock.is_empty() && !f.is_empty() && f.len() <= 6 && f.bytes().all(|b| b.is_ascii_digit())
    });
    let zone_ok = zone.is_none_or(|z| {
        let Some(inner) = z.strip_prefix('[').and_then(|z| z.strip_suffix(']')) else {
            return false;
        };
        let offset = inner.split(':').next().unwrap_or("");
        let digits = offset.strip_prefix(['+', '-']).unwrap_or(offset);
        let (whole, part) = digits.split_once('.').unwrap_or((digits, "0"));
        !whole.is_empty()
            && whole.len() <= 2
            && whole.bytes().all(|b| b.is_ascii_digit())
            && part.bytes().all(|b| b.is_ascii_digit())
            && whole.parse::<u32>().is_ok_and(|h| h <= 14)
    });
    if clock_ok && fraction_ok && zone_ok {
        None
    } else {
        Some(
            "the time or zone after the date is not HHMMSS[.XXX][[+-]H:ZONE]; the date was read from \
             the first eight digits"
                .to_owned(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statement::{detect, import_as, read_into, Collector, Format, ImportResult};

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn day(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, dd)
    }

    fn read(text: &str) -> Result<ImportResult, ImportError> {
        import_as("t.ofx", Format::Ofx, text.as_bytes())
    }

    const SGML_HEADER: &str = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\n\
ENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n";

    fn sgml(body: &str) -> String {
        format!(
            "{SGML_HEADER}<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>\
             <DTSERVER>20250201120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\r\n{body}</OFX>\r\n"
        )
    }

    fn bank(curdef: &str, acct: &str, trns: &str, ledger: &str) -> String {
        format!(
            "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\r\n\
             <STMTRS><CURDEF>{curdef}<BANKACCTFROM><BANKID>121000248<ACCTID>{acct}<ACCTTYPE>CHECKING</BANKACCTFROM>\r\n\
             <BANKTRANLIST><DTSTART>20250101<DTEND>20250131\r\n{trns}</BANKTRANLIST>\r\n\
             {ledger}</STMTRS></STMTTRNRS></BANKMSGSRSV1>\r\n"
        )
    }

    fn trn(kind: &str, date: &str, amount: &str, fitid: &str, extra: &str) -> String {
        format!(
            "<STMTTRN><TRNTYPE>{kind}<DTPOSTED>{date}<TRNAMT>{amount}<FITID>{fitid}{extra}</STMTTRN>\r\n"
        )
    }

    #[test]
    fn reads_an_sgml_bank_statement() {
        let header = SGML_HEADER.replace("CHARSET:1252", "CHARSET:NONE");
        let trns = format!(
            "{}{}",
            trn(
                "DIRECTDEP",
                "20250115120000.000[-5:EST]",
                "3600.00",
                "F1",
                "<NAME>ACME CORP<MEMO>Salary January"
            ),
            trn(
                "POS",
                "20250120",
                "-12,50",
                "F2",
                "<NAME>Caf\u{e9} &amp; Bar"
            )
        );
        let text = sgml(&bank(
            "USD",
            "0001234",
            &trns,
            "<LEDGERBAL><BALAMT>3587.50<DTASOF>20250131235959.000[-5:EST]</LEDGERBAL><AVAILBAL><BALAMT>1<DTASOF>20250131</AVAILBAL>",
        ))
        .replace(SGML_HEADER, &header);
        let r = read(&text).unwrap();
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.statements.len(), 1);
        let s = &r.statements[0];
        assert_eq!(s.account.as_deref(), Some("0001234"));
        assert_eq!(s.currency, Some(CurrencyCode::USD));
        assert_eq!(s.opening, None, "OFX states no opening balance");
        let closing = s.closing.as_ref().unwrap();
        assert_eq!(
            (closing.date, closing.amount),
            (day(2025, 1, 31).unwrap(), d("3587.50"))
        );
        let t = &s.transactions;
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].amount, d("3600.00"));
        assert_eq!(t[0].booking_date, day(2025, 1, 15));
        assert_eq!(t[0].value_date, None);
        assert_eq!(t[0].reference.as_deref(), Some("F1"));
        assert_eq!(t[0].description, "ACME CORP Salary January");
        assert_eq!(t[0].counterparty.name.as_deref(), Some("ACME CORP"));
        assert_eq!(t[0].id, "t.ofx#1#1");
        assert_eq!(t[0].line, 15);
        assert!(t[0].is_credit());
        assert_eq!(t[1].amount, d("-12.50"), "a decimal comma is read");
        assert_eq!(t[1].description, "Caf\u{e9} & Bar");
    }

    #[test]
    fn the_day_is_the_bank_day_as_written_never_shifted_to_utc() {
        let trns = trn("CREDIT", "20240131230000.000[-5:EST]", "10.00", "A", "");
        let r = read(&sgml(&bank("USD", "1", &trns, ""))).unwrap();
        let t = &r.statements[0].transactions[0];
        assert_eq!(t.booking_date, day(2024, 1, 31));
        assert_eq!(t.month().unwrap().to_string(), "2024-01");
    }

    #[test]
    fn reads_an_xml_credit_card_statement_with_several_accounts() {
        let cc = |acct: &str, amount: &str| {
            format!(
                "<CCSTMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n\
                 <CCSTMTRS><CURDEF>EUR</CURDEF><CCACCTFROM><ACCTID>{acct}</ACCTID></CCACCTFROM>\n\
                 <BANKTRANLIST><DTSTART>20250101</DTSTART><DTEND>20250131</DTEND>\n\
                 <STMTTRN><TRNTYPE>PAYMENT</TRNTYPE><DTPOSTED>20250110</DTPOSTED><TRNAMT>{amount}</TRNAMT>\
                 <FITID>X</FITID><NAME><![CDATA[Shop <&> Co]]></NAME>\
                 <CURRENCY><CURRATE>1.1</CURRATE><CURSYM>GBP</CURSYM></CURRENCY></STMTTRN>\n\
                 </BANKTRANLIST><LEDGERBAL><BALAMT>-20.00</BALAMT><DTASOF>20250131</DTASOF></LEDGERBAL></CCSTMTRS></CCSTMTTRNRS>\n"
            )
        };
        let text = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\"?>\n\
             <OFX><CREDITCARDMSGSRSV1>\n{}{}</CREDITCARDMSGSRSV1></OFX>\n",
            cc("4111", "-20.00"),
            cc("5500", "5.00")
        );
        assert_eq!(detect(text.as_bytes()), Some(Format::Ofx));
        let r = read(&text).unwrap();
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.statements.len(), 2);
        assert_eq!(r.statements[1].account.as_deref(), Some("5500"));
        let t = &r.statements[0].transactions[0];
        assert_eq!(
            t.currency.unwrap().as_str(),
            "GBP",
            "CURRENCY names the amount's currency"
        );
        assert_eq!(t.description, "Shop <&> Co");
        assert_eq!(r.statements[0].currency, Some(CurrencyCode::EUR));
        assert_eq!(r.statements[1].transactions[0].id, "t.ofx#2#1");
    }

    #[test]
    fn bad_dates_and_amounts_are_diagnostics_naming_line_and_field() {
        let trns = format!(
            "{}{}{}{}",
            trn("CREDIT", "20250230", "1.00", "A", ""),
            trn("CREDIT", "20250101", "$120", "B", ""),
            "<STMTTRN><TRNTYPE>CREDIT<TRNAMT>2.00<FITID>C</STMTTRN>\r\n",
            trn("CREDIT", "2025011", "3.00", "D", ""),
        );
        let r = read(&sgml(&bank(
            "USD",
            "1",
            &trns,
            "<LEDGERBAL><BALAMT> <DTASOF>20250131</LEDGERBAL>",
        )))
        .unwrap();
        let errors: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert_eq!(
            (errors[0].line, errors[0].field.as_str()),
            (Some(15), "STMTTRN/DTPOSTED")
        );
        assert!(
            errors[0].message.contains("20250230 is not a calendar day"),
            "{}",
            errors[0]
        );
        assert_eq!(
            (errors[1].line, errors[1].field.as_str()),
            (Some(16), "STMTTRN/TRNAMT")
        );
        assert!(errors[1].message.contains("\"$120\""), "{}", errors[1]);
        assert_eq!(
            (errors[2].line, errors[2].field.as_str()),
            (Some(17), "STMTTRN/DTPOSTED")
        );
        assert_eq!(errors[3].field, "STMTTRN/DTPOSTED");
        assert_eq!(errors[4].field, "LEDGERBAL/BALAMT");
        let s = &r.statements[0];
        assert_eq!(s.transactions.len(), 3, "the $120 transaction is left out");
        assert_eq!(s.transactions[0].booking_date, None);
        assert_eq!(s.closing, None);
    }

    #[test]
    fn sign_on_and_statement_errors_are_reported() {
        let text = format!(
            "{SGML_HEADER}<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<SEVERITY>ERROR<MESSAGE>Invalid password</STATUS>\
             <DTSERVER>20130325211209.350[-7:MST]<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1></OFX>"
        );
        let r = read(&text).unwrap();
        let e = &r.diagnostics[0];
        assert_eq!(
            (e.severity, e.field.as_str(), e.line),
            (Severity::Error, "SONRS/STATUS", Some(11))
        );
        assert!(
            e.message.contains("code 15500") && e.message.contains("Invalid password"),
            "{e}"
        );
        let text = "<?OFX OFXHEADER=\"200\"?><OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID>\
                    <STATUS><CODE>2000</CODE><SEVERITY>ERROR</SEVERITY><MESSAGE>General Server Error</MESSAGE></STATUS>\
                    </STMTTRNRS></BANKMSGSRSV1></OFX>";
        let r = read(text).unwrap();
        assert_eq!(r.diagnostics[0].field, "STMTTRNRS/STATUS");
        assert!(
            r.diagnostics[0].message.contains("2000"),
            "{:?}",
            r.diagnostics
        );
        assert!(r.diagnostics[1].message.contains("nothing to import"));
    }

    #[test]
    fn investment_statements_are_reported_not_imported() {
        let text = sgml(
            "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\r\n\
             <INVSTMTRS><DTASOF>20250101<CURDEF>USD<INVACCTFROM><BROKERID>b<ACCTID>X1</INVACCTFROM>\
             <INVTRANLIST><DTSTART>20250101<DTEND>20250131<INVBANKTRAN><STMTTRN><TRNTYPE>DEP<DTPOSTED>20250102\
             <TRNAMT>5.00<FITID>1</STMTTRN><SUBACCTFUND>CASH</INVBANKTRAN></INVTRANLIST></INVSTMTRS>\
             </INVSTMTTRNRS></INVSTMTMSGSRSV1>",
        );
        let r = read(&text).unwrap();
        assert!(r.statements.is_empty());
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert_eq!(r.diagnostics[0].field, "INVSTMTRS");
        assert!(r.diagnostics[0].message.contains("investment statement"));
    }

    #[test]
    fn not_ofx_is_refused() {
        assert!(read("").unwrap_err().message.contains("no <OFX> element"));
        assert!(read("hello")
            .unwrap_err()
            .message
            .contains("no <OFX> element"));
        let err = read("<HTML><BODY>x</BODY></HTML>").unwrap_err();
        assert!(err.message.contains("expected <OFX>"), "{err}");
        let deep = format!("<OFX>{}", "<A>".repeat(1000));
        assert!(read(&deep)
            .unwrap_err()
            .message
            .contains("nested deeper than 64"));
        let long = format!("<OFX><NAME>{}", "x".repeat(MAX_TEXT + 5));
        assert!(read(&long).unwrap_err().message.contains("longer than"));
        let err = read("<OFX><!-- never closed").unwrap_err();
        assert!(err.message.contains("truncated"), "{err}");
    }

    #[test]
    fn text_and_tags_read_a_buffer_at_a_time_as_byte_by_byte() {
        // Text and tags are taken a buffer at a time: lines, values and the MAX_TEXT limit
        // (exactly MAX_TEXT bytes is accepted, one more is not) must not depend on where the
        // reader's buffers end.
        let body = bank(
            "EUR",
            "9",
            &format!(
                "{}{}",
                trn(
                    "CREDIT",
                    "20250105",
                    "7.00",
                    "A",
                    "<NAME>Ann\r\n  Lee <MEMO>x &amp; y"
                ),
                trn("DEBIT", "2025013", "-1.00", "B", "<NAME><x y='>'>")
            ),
            "<LEDGERBAL><BALAMT>6.00<DTASOF>20250131</LEDGERBAL>",
        );
        let at_most = |n: usize| format!("<OFX><NAME>{}</OFX>", "x\n".repeat(n / 2));
        // The tag after its name: ` x="`, n - 5 bytes, `"`: n bytes before its `>`.
        let tag = |n: usize| format!("<OFX><NAME x=\"{}\">v</OFX>", "y".repeat(n - 5));
        for text in [
            sgml(&body),
            at_most(MAX_TEXT),
            at_most(MAX_TEXT + 2),
            tag(MAX_TEXT),
            tag(MAX_TEXT + 1),
        ] {
            let whole = read(&text);
            for capacity in [1, 2, 5, 64] {
                let mut collector = Collector::default();
                let reader = std::io::BufReader::with_capacity(capacity, text.as_bytes());
                let streamed = read_into("t.ofx", Format::Ofx, reader, &mut collector)
                    .map(|()| collector.finish("t.ofx", Format::Ofx));
                assert_eq!(streamed, whole, "{capacity}: {}", &text[..40]);
            }
        }
        let found: Vec<_> = read(&sgml(&body))
            .unwrap()
            .diagnostics
            .iter()
            .map(|d| (d.line, d.field.clone()))
            .collect();
        // The impossible date of the second transaction, two lines after the first one's NAME
        // that runs over a line end.
        assert_eq!(found, [(Some(17), "STMTTRN/DTPOSTED".to_owned())]);
        assert!(read(&at_most(MAX_TEXT)).is_ok());
        assert!(read(&at_most(MAX_TEXT + 2))
            .unwrap_err()
            .message
            .contains("longer than"));
        assert!(read(&tag(MAX_TEXT)).is_ok());
        assert!(read(&tag(MAX_TEXT + 1))
            .unwrap_err()
            .message
            .contains("longer than"));
    }

    #[test]
    fn truncated_files_keep_what_was_read_and_say_so() {
        let text = format!(
            "{SGML_HEADER}<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><ACCTID>9</BANKACCTFROM>\
             <BANKTRANLIST>{}",
            trn("CREDIT", "20250105", "7.00", "A", "")
        );
        let r = read(&text).unwrap();
        assert_eq!(r.statements.len(), 1);
        assert_eq!(r.statements[0].transactions.len(), 1);
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.message.contains("truncated")),
            "{:?}",
            r.diagnostics
        );
    }

    #[test]
    fn legacy_and_utf16_text_is_decoded() {
        let text = sgml(&bank(
            "EUR",
            "1",
            &trn("CREDIT", "20250101", "1", "A", "<NAME>M\u{fc}ller"),
            "",
        ));
        let latin: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
        let r = import_as("l.ofx", Format::Ofx, &latin).unwrap();
        assert_eq!(r.statements[0].transactions[0].description, "M\u{fc}ller");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let r = import_as("u.ofx", Format::Ofx, &utf16).unwrap();
        assert_eq!(r.statements[0].transactions[0].description, "M\u{fc}ller");
    }

    #[test]
    fn utf8_text_under_a_1252_header_is_read_as_utf8_with_a_note() {
        let text = sgml(&bank(
            "EUR",
            "1",
            &trn("CREDIT", "20250101", "1", "A", "<NAME>M\u{fc}ller \u{20ac}"),
            "",
        ));
        let r = read(&text).unwrap();
        assert_eq!(
            r.statements[0].transactions[0].description,
            "M\u{fc}ller \u{20ac}"
        );
        let note = &r.diagnostics[0];
        assert_eq!((note.field.as_str(), note.line), ("charset", Some(15)));
        assert!(note
            .message
            .contains("declares Windows-1252 but the text is UTF-8"));
    }

    #[test]
    fn odd_signs_duplicates_and_pending_are_noted() {
        let trns = format!(
            "{}{}",
            trn("DEBIT", "20250101", "5.00", "A", ""),
            trn("CREDIT", "20250102", "5.00", "A", "")
        );
        let pending = "<BANKTRANLISTP><STMTTRNP><TRNTYPE>CREDIT<DTTRAN>20250130<TRNAMT>9.00<NAME>soon</STMTTRNP></BANKTRANLISTP>";
        let body = bank("USD", "1", &trns, pending);
        let r = read(&sgml(&body)).unwrap();
        let messages: Vec<_> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("opposite sign of TRNTYPE DEBIT")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("FITID \"A\" repeats")),
            "{messages:?}"
        );
        let t = &r.statements[0].transactions;
        assert_eq!(t.len(), 3);
        assert_eq!(t[2].status, Status::Pending);
        assert!(!t[2].is_credit());
    }

    #[test]
    fn amounts_take_the_shapes_banks_write() {
        for (text, want) in [
            ("-00000000001500.0000", "-1500.0000"),
            ("+00000000000115.8331", "115.8331"),
            ("12,34", "12.34"),
            (".5", "0.5"),
            ("7.", "7"),
            ("-0.00", "0.00"),
            (" 3 ", "3"),
        ] {
            assert_eq!(ofx_amount(text).unwrap(), d(want), "{text}");
            assert_eq!(
                ofx_amount(text).unwrap().to_string(),
                want,
                "{text} keeps its places"
            );
        }
        for bad in [
            "",
            "$120",
            "1,234.56",
            "1e5",
            "--1",
            "-",
            ".",
            "12 34",
            &"9".repeat(40),
        ] {
            assert!(ofx_amount(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn dates_take_every_documented_shape() {
        for text in [
            "20240115",
            "202401151200",
            "20240115120000",
            "20240115120000.000",
            "20240115120000.000[-5:EST]",
            "20240115120000[+5.30:IST]",
            "20240115[0:GMT]",
            "20240115120000.000[-10]",
        ] {
            assert_eq!(
                ofx_date(text),
                Ok((day(2024, 1, 15).unwrap(), None)),
                "{text}"
            );
        }
        let (date, note) = ofx_date("20180804093914:014").unwrap();
        assert_eq!(date, day(2018, 8, 4).unwrap());
        assert!(note.is_some());
        assert!(ofx_date("20250230")
            .unwrap_err()
            .contains("not a calendar day"));
        assert!(ofx_date("201120000000")
            .unwrap_err()
            .contains("not a calendar day"));
        assert!(ofx_date("").unwrap_err().contains("empty"));
        assert!(ofx_date("2025-01-01").unwrap_err().contains("not a date"));
    }

    #[test]
    fn entities_decode_only_the_safe_ones() {
        assert_eq!(
            decode_entities("AT&T &amp; &lt;x&gt; &#65;&#x42; &lol;"),
            "AT&T & <x> AB &lol;"
        );
        assert_eq!(decode_entities("&"), "&");
        assert_eq!(decode_entities("a&#xZZ;"), "a&#xZZ;");
    }
}
