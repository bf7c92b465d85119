//! Bank statements: one model for every format, the importers that fill it (camt.053, MT940,
//! OFX, CSV), format detection, and the checks made on what was read (balances, gaps between statements).
//!
//! Importers never stop at the first odd record: they return what they could read plus
//! [`Diagnostic`]s naming the file, line and field. Only a file that cannot be read as its
//! format at all (not XML, not UTF-8, a DOCTYPE, nesting too deep) is an [`ImportError`].
//!
//! Each importer streams: it hands transactions to a [`Sink`] as it reads them, so a caller that
//! only needs totals ([`Summary`]) keeps memory bounded however large the file is, while
//! [`import`] collects everything into an [`ImportResult`].

pub mod camt053;
mod charset;
mod continuity;
pub mod csv;
pub mod mt940;
pub mod ofx;
mod spaces;
mod summary;
mod words;
mod xml_tokens;

use std::fmt;
use std::io::BufRead;

use neonomad_core::{CountryCode, CurrencyCode, Decimal, Month, NaiveDate};
use serde::Serialize;

pub use continuity::continuity;
pub use summary::{StatementSummary, Summary, MAX_CREDIT_MONTHS, MAX_STATEMENTS};

/// A statement file format neonomad can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// ISO 20022 `camt.053.001.02` to `.08` (XML).
    Camt053,
    /// SWIFT MT940 customer statement (and MT942 interim reports).
    Mt940,
    /// OFX / QFX, 1.x SGML and 2.x XML.
    Ofx,
    /// Bank CSV exports, read through a column mapping (`csv::CsvProfile`).
    Csv,
}

impl Format {
    /// The name used in JSON output: `camt053`, `mt940`, `ofx`, `csv`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Camt053 => "camt053",
            Format::Mt940 => "mt940",
            Format::Ofx => "ofx",
            Format::Csv => "csv",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a transaction is final on the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Booked: part of the booked balance.
    Booked,
    /// Pending or informational: not (yet) part of the booked balance.
    Pending,
}

/// A balance on a date; `amount` is signed (a debit balance is negative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Balance {
    /// The date the balance refers to.
    pub date: NaiveDate,
    /// Signed amount: positive for a credit balance.
    pub amount: Decimal,
    /// The currency the bank stated for this balance, if any.
    pub currency: Option<CurrencyCode>,
}

/// The other side of a transaction, as far as the statement says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counterparty {
    /// Name of the payer (for a credit) or payee (for a debit).
    pub name: Option<String>,
    /// Their account: an IBAN when the bank gives one, else the account id as written.
    pub account: Option<String>,
    /// Their bank's BIC (or national bank code when that is all there is).
    pub bic: Option<String>,
    /// Their country: the postal address country, else the IBAN's country prefix.
    pub country: Option<CountryCode>,
}

/// One movement on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transaction {
    /// `NAME#STATEMENT#N` (1-based), plus `.K` for the K-th part of a camt batch entry. NAME is
    /// the file's name without its directories ([`id_name`]), so the id does not change with the
    /// directory a command is run from; [`id_names`] lengthens it when two files share a name.
    pub id: String,
    /// The bank's own reference, when it gave a meaningful one (`NONREF` is dropped).
    pub reference: Option<String>,
    /// Booking (entry) date.
    pub booking_date: Option<NaiveDate>,
    /// Value date; `None` when absent or impossible (then a diagnostic says so).
    pub value_date: Option<NaiveDate>,
    /// Signed amount: credits positive, debits negative.
    pub amount: Decimal,
    /// Currency of `amount`; `None` when neither the entry nor the statement names one.
    pub currency: Option<CurrencyCode>,
    /// Purpose / remittance text, whitespace-normalised.
    pub description: String,
    /// The other party, when known.
    pub counterparty: Counterparty,
    /// Whether the bank marked this as a reversal (MT940 `RC`/`RD`, camt `RvslInd`).
    pub reversal: bool,
    /// Booked or pending.
    pub status: Status,
    /// Line in the file where the transaction starts.
    pub line: u64,
}

impl Transaction {
    /// The date that decides the transaction's month: value date, else booking date.
    pub fn date(&self) -> Option<NaiveDate> {
        self.value_date.or(self.booking_date)
    }

    /// The month of [`Transaction::date`].
    pub fn month(&self) -> Option<Month> {
        self.date().map(Month::of)
    }

    /// A booked credit that is not a reversal: what `credits_by_month` adds up.
    pub fn is_credit(&self) -> bool {
        self.amount > Decimal::ZERO && !self.reversal && self.status == Status::Booked
    }
}

/// One statement (one `<Stmt>` in camt.053, one `:20:`..`:62:` block in MT940).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// The statement's own id (camt `Stmt/Id`, MT940 `:20:`), if given.
    pub id: Option<String>,
    /// Account: IBAN, else the account id as written; `None` if the statement names none.
    pub account: Option<String>,
    /// The account holder's name as the statement gives it (camt.053 `Acct/Ownr/Nm`); `None`
    /// where the format has no such field (MT940, OFX, CSV).
    pub holder: Option<String>,
    /// Account currency: stated, else that of the opening or closing balance.
    pub currency: Option<CurrencyCode>,
    /// Opening booked balance (camt `OPBD`/`PRCD`, MT940 `:60F:`/`:60M:`).
    pub opening: Option<Balance>,
    /// Closing booked balance (camt `CLBD`, MT940 `:62F:`/`:62M:`).
    pub closing: Option<Balance>,
    /// Transactions in file order.
    pub transactions: Vec<Transaction>,
    /// Line in the file where the statement starts.
    pub line: u64,
}

impl Statement {
    /// Whether opening + booked movements = closing; `None` when either balance is absent.
    /// Balances in two different currencies never balance.
    pub fn balanced(&self) -> Option<bool> {
        let movement = self
            .transactions
            .iter()
            .filter(|t| t.status == Status::Booked)
            .map(|t| t.amount)
            .sum();
        balanced(self.opening.as_ref(), movement, self.closing.as_ref())
    }
}

/// opening + movement = closing, or `None` when a balance is missing.
fn balanced(
    opening: Option<&Balance>,
    movement: Decimal,
    closing: Option<&Balance>,
) -> Option<bool> {
    let (opening, closing) = (opening?, closing?);
    if let (Some(a), Some(b)) = (opening.currency, closing.currency) {
        if a != b {
            return Some(false);
        }
    }
    Some(opening.amount + movement == closing.amount)
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something odd that did not change what was read (or a guess was made and said so).
    Warning,
    /// A record or field could not be read and was left out.
    Error,
}

/// A finding about the input, naming where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    /// The file name the caller gave.
    pub file: String,
    /// 1-based line, when the finding has one.
    pub line: Option<u64>,
    /// The field: an MT940 tag such as `61` or a camt element path such as `Ntry/ValDt`.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// Warning or error.
    pub severity: Severity,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.line {
            Some(line) => write!(
                f,
                "{}:{line}: {level}: {}: {}",
                self.file, self.field, self.message
            ),
            None => write!(
                f,
                "{}: {level}: {}: {}",
                self.file, self.field, self.message
            ),
        }
    }
}

/// A file that cannot be read as the format at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{}: {field}: {message}", line.map_or_else(|| "-".to_owned(), |l| l.to_string()))]
pub struct ImportError {
    /// The file name the caller gave.
    pub file: String,
    /// 1-based line where reading stopped, when known.
    pub line: Option<u64>,
    /// The field or construct being read.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
}

/// The error for a file whose reader failed at `line`.
pub(crate) fn io_error(file: &str, line: u64, e: &std::io::Error) -> ImportError {
    ImportError {
        file: file.to_owned(),
        line: Some(line),
        field: "file".to_owned(),
        message: format!("cannot be read: {e}"),
    }
}

/// Everything read from one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportResult {
    /// The format the file was read as.
    pub format: Format,
    /// Statements in file order.
    pub statements: Vec<Statement>,
    /// Findings, in the order they were made (continuity checks last).
    pub diagnostics: Vec<Diagnostic>,
}

impl ImportResult {
    /// Totals per statement and credits per month, as `neonomad statement` prints them.
    pub fn summary(&self, file: &str) -> Summary {
        let mut summary = Summary::new(file, self.format);
        for statement in &self.statements {
            let mut head = statement.clone();
            head.transactions = Vec::new();
            for tx in &statement.transactions {
                summary.transaction(tx.clone());
            }
            summary.statement(head);
        }
        for d in &self.diagnostics {
            summary.diagnostic(d.clone());
        }
        summary
    }
}

/// Receives what an importer reads, in file order.
pub trait Sink {
    /// A transaction of the statement currently being read.
    fn transaction(&mut self, tx: Transaction);
    /// The end of a statement. Its `transactions` field is empty: the transactions handed to
    /// [`Sink::transaction`] since the previous statement belong to it.
    fn statement(&mut self, statement: Statement);
    /// A finding about the input.
    fn diagnostic(&mut self, diagnostic: Diagnostic);
}

/// At most this many diagnostics are kept per file; the rest are counted in one last
/// diagnostic, so a hostile file (a million bad rows) cannot fill memory with messages.
pub const MAX_DIAGNOSTICS: usize = 1000;

/// Diagnostics beyond [`MAX_DIAGNOSTICS`]: counted, not kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Overflow {
    count: usize,
    errors: usize,
}

impl Overflow {
    /// Keeps the diagnostic while fewer than [`MAX_DIAGNOSTICS`] are kept, else counts it.
    pub(crate) fn keep(&mut self, kept: &mut Vec<Diagnostic>, diagnostic: Diagnostic) {
        if kept.len() < MAX_DIAGNOSTICS {
            kept.push(diagnostic);
        } else {
            self.count += 1;
            self.errors += usize::from(diagnostic.severity == Severity::Error);
        }
    }

    /// One diagnostic saying how many were left out (an error if any of them was).
    pub(crate) fn note(&self, file: &str) -> Option<Diagnostic> {
        (self.count > 0).then(|| Diagnostic {
            file: file.to_owned(),
            line: None,
            field: "diagnostics".to_owned(),
            message: format!(
                "{} more finding(s), {} of them error(s), were not listed: only the first {MAX_DIAGNOSTICS} are kept",
                self.count, self.errors
            ),
            severity: if self.errors > 0 {
                Severity::Error
            } else {
                Severity::Warning
            },
        })
    }
}

/// A sink that keeps everything: what [`import`] uses.
#[derive(Debug, Default)]
pub struct Collector {
    pending: Vec<Transaction>,
    statements: Vec<Statement>,
    diagnostics: Vec<Diagnostic>,
    overflow: Overflow,
    /// Id prefixes to swap: the one the importer writes (`id_name(file)#`) and the caller's.
    rename: Option<(String, String)>,
}

impl Collector {
    /// A collector that gives transaction ids the name `name` instead of the file's own name
    /// (see [`id_names`]); `file` is the name the importer is given.
    pub fn with_id_name(file: &str, name: &str) -> Collector {
        let from = format!("{}#", id_name(file));
        let to = format!("{name}#");
        Collector {
            rename: (from != to).then_some((from, to)),
            ..Collector::default()
        }
    }

    /// The result, with continuity findings between statements appended.
    pub fn finish(self, file: &str, format: Format) -> ImportResult {
        let mut diagnostics = self.diagnostics;
        diagnostics.extend(self.overflow.note(file));
        if !self.pending.is_empty() {
            diagnostics.push(Diagnostic {
                file: file.to_owned(),
                line: self.pending.first().map(|t| t.line),
                field: "statement".to_owned(),
                message: format!(
                    "{} transaction(s) after the last statement ended were dropped",
                    self.pending.len()
                ),
                severity: Severity::Error,
            });
        }
        let summaries: Vec<StatementSummary> =
            self.statements.iter().map(StatementSummary::of).collect();
        let refs: Vec<(&str, &StatementSummary)> = summaries.iter().map(|s| (file, s)).collect();
        diagnostics.extend(continuity(&refs));
        ImportResult {
            format,
            statements: self.statements,
            diagnostics,
        }
    }
}

impl Sink for Collector {
    fn transaction(&mut self, mut tx: Transaction) {
        if let Some((from, to)) = &self.rename {
            if let Some(rest) = tx.id.strip_prefix(from.as_str()) {
                tx.id = format!("{to}{rest}");
            }
        }
        self.pending.push(tx);
    }
    fn statement(&mut self, mut statement: Statement) {
        statement.transactions = std::mem::take(&mut self.pending);
        self.statements.push(statement);
    }
    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.overflow.keep(&mut self.diagnostics, diagnostic);
    }
}

/// Largest MT940 or OFX file streamed, and the largest file of any format read whole into
/// memory ([`import`], `neonomad income`): 256 MiB. A year of a busy account's statements is a
/// few tens of MB. The MT940 reader keeps a statement's transactions until its closing
/// balance, the OFX reader a statement's FITIDs (to find repeats), and [`import`] everything,
/// so without a limit a hostile file could fill memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The most bytes [`read_into`] into a [`Summary`] should be given of a format: `None` for
/// camt.053 and CSV, which stream in bounded memory whatever the size.
pub fn streaming_limit(format: Format) -> Option<u64> {
    match format {
        Format::Camt053 | Format::Csv => None,
        Format::Mt940 | Format::Ofx => Some(MAX_FILE_BYTES),
    }
}

/// The error for a file larger than a limit, naming the file, its size and the limit.
pub fn too_large(file: &str, size: u64, limit: u64, format: Option<Format>) -> ImportError {
    let what = match format {
        Some(Format::Camt053) => "camt.053 files",
        Some(Format::Mt940) => "MT940 files",
        Some(Format::Ofx) => "OFX files",
        Some(Format::Csv) => "CSV files",
        None => "statement files",
    };
    ImportError {
        file: file.to_owned(),
        line: None,
        field: "file".to_owned(),
        message: format!(
            "{} is larger than the {} neonomad reads of {what} (a year of statements is a few tens of MB): \
             export a shorter period (neonomad statement reads camt.053 and CSV at any size)",
            human_size(size),
            human_size(limit)
        ),
    }
}

/// `1.0 GiB`, `256 MiB`, `12 KiB`, `80 bytes`.
fn human_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            return if bytes.is_multiple_of(unit) {
                format!("{} {name}", bytes / unit)
            } else {
                format!("{:.1} {name}", bytes as f64 / unit as f64)
            };
        }
    }
    format!("{bytes} bytes")
}

/// What the start of a file is when it cannot be a statement of any format: empty, or a
/// document of a kind people hand in by mistake (a PDF of the statement, a scan, a workbook).
pub fn not_a_statement_kind(head: &[u8]) -> Option<&'static str> {
    if let Some(kind) = document_kind(head) {
        return Some(kind);
    }
    // UTF-16 text has NUL bytes, but then starts with a byte order mark.
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let sample = &head[..head.len().min(8 * 1024)];
    (!utf16 && sample.contains(&0)).then_some("binary data (it holds NUL bytes), not text")
}

/// An empty file or one whose first bytes are a known document signature: never a statement,
/// whatever a profile or a format says.
fn document_kind(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document: export the statement from online banking as camt.053 (XML), MT940, OFX or CSV instead"),
        (b"\x89PNG", "a PNG image: a scan or screenshot of a statement cannot be read; export it as camt.053, MT940, OFX or CSV"),
        (b"\xFF\xD8\xFF", "a JPEG image: a scan or photo of a statement cannot be read; export it as camt.053, MT940, OFX or CSV"),
        (b"GIF8", "a GIF image: export the statement as camt.053, MT940, OFX or CSV"),
        (b"II*\0", "a TIFF image: a scan of a statement cannot be read; export it as camt.053, MT940, OFX or CSV"),
        (b"MM\0*", "a TIFF image: a scan of a statement cannot be read; export it as camt.053, MT940, OFX or CSV"),
        (b"PK\x03\x04", "a ZIP archive or an Excel/OpenDocument workbook (.xlsx, .ods): unpack it, or save the sheet as CSV"),
        (b"\xD0\xCF\x11\xE0", "an old Excel (.xls) or Word document: save the sheet as CSV"),
        (b"\x1F\x8B", "a gzip archive: unpack it first"),
        (b"Rar!", "a RAR archive: unpack it first"),
        (b"7z\xBC\xAF", "a 7-Zip archive: unpack it first"),
    ];
    if head.is_empty() {
        return Some("the file is empty (0 bytes)");
    }
    SIGNATURES
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// The error for a file that is not a statement: says what it is when that is recognisable.
pub fn not_a_statement(file: &str, head: &[u8]) -> ImportError {
    let message = match not_a_statement_kind(head) {
        Some(kind) => format!("not a bank statement: {kind}"),
        None => NOT_A_STATEMENT.to_owned(),
    };
    ImportError {
        file: file.to_owned(),
        line: None,
        field: "format".to_owned(),
        message,
    }
}

/// Guesses the format from the first bytes of a file (64 KiB are plenty).
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        if text.contains("camt.053.") {
            return Some(Format::Camt053);
        }
        return ofx::looks_like_ofx(&text).then_some(Format::Ofx);
    }
    if ofx::looks_like_ofx(&text) {
        return Some(Format::Ofx);
    }
    if mt940::looks_like_mt940(&text) {
        return Some(Format::Mt940);
    }
    csv::looks_like_csv(head).then_some(Format::Csv)
}

/// What [`import`] says about content of no known format.
pub const NOT_A_STATEMENT: &str = "not a bank statement neonomad can read: expected camt.053 XML \
    (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.0N), MT940 (fields such as :20:, :25:, \
    :60F:, :61:), OFX (OFXHEADER:100 or <?OFX ...?>) or CSV with a header row (delimiter , ; tab or |)";

/// Reads a whole file held in memory, detecting its format.
pub fn import(file: &str, bytes: &[u8]) -> Result<ImportResult, ImportError> {
    import_named(file, id_name(file), bytes)
}

/// The format of a file from its first bytes (64 KiB are plenty), or why it is none: an empty
/// file or a PDF, image, workbook or archive is refused before detection is tried.
pub fn sniff(file: &str, head: &[u8]) -> Result<Format, ImportError> {
    if document_kind(head).is_some() {
        return Err(not_a_statement(file, head));
    }
    detect(head).ok_or_else(|| not_a_statement(file, head))
}

/// Whether a file of unknown format may be read as CSV with a profile the user gave: not
/// when it is empty or a known document (PDF, image, workbook, archive) or holds NUL bytes.
pub fn may_be_csv(head: &[u8]) -> bool {
    not_a_statement_kind(head).is_none()
}

/// Like [`import`], with transaction ids named `id_name` (from [`id_names`]) instead of the
/// file's own name; diagnostics still name `file`.
pub fn import_named(file: &str, id_name: &str, bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let format = sniff(file, bytes)?;
    let mut collector = Collector::with_id_name(file, id_name);
    read_into(file, format, bytes, &mut collector)?;
    Ok(collector.finish(file, format))
}

/// Reads a whole file held in memory as the given format.
pub fn import_as(file: &str, format: Format, bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let mut collector = Collector::default();
    read_into(file, format, bytes, &mut collector)?;
    Ok(collector.finish(file, format))
}

/// Streams a file into a sink: memory stays bounded by the sink, not by the file (camt.053 at
/// any size; MT940, OFX and CSV up to [`streaming_limit`], which the caller checks).
pub fn read_into<R: BufRead>(
    file: &str,
    format: Format,
    reader: R,
    sink: &mut impl Sink,
) -> Result<(), ImportError> {
    match format {
        Format::Camt053 => camt053::read(file, reader, sink),
        Format::Mt940 => mt940::read(file, reader, sink),
        Format::Ofx => ofx::read(file, reader, sink),
        Format::Csv => csv::read(file, reader, None, sink),
    }
}

/// The name transaction ids start with: the file name without its directories, so `./a.xml`,
/// `a.xml` and `/home/me/a.xml` give the same ids and `--exclude` works from any directory.
pub fn id_name(file: &str) -> &str {
    let name = file
        .rsplit(['/', '\\'])
        .find(|part| !part.is_empty() && *part != ".");
    name.unwrap_or(file)
}

/// Id names for files read together: each file's [`id_name`], lengthened by its directories
/// (`jan/a.xml`, `feb/a.xml`) only where two files would share one; a file given twice gets
/// `~2`, `~3` on its later copies. In the order of `files`.
pub fn id_names(files: &[&str]) -> Vec<String> {
    let parts: Vec<Vec<&str>> = files
        .iter()
        .map(|f| {
            let parts: Vec<&str> = f
                .split(['/', '\\'])
                .filter(|p| !p.is_empty() && *p != ".")
                .collect();
            if parts.is_empty() {
                vec![*f]
            } else {
                parts
            }
        })
        .collect();
    let name = |i: usize, k: usize| parts[i][parts[i].len() - k..].join("/");
    let mut depth = vec![1; files.len()];
    let all_parts = &parts;
    loop {
        let names: Vec<String> = (0..files.len()).map(|i| name(i, depth[i])).collect();
        let mut lengthened = false;
        for (i, (depth, parts)) in depth.iter_mut().zip(&parts).enumerate() {
            // The same path given twice is told apart by `~2` below, not by directories.
            let clash = names
                .iter()
                .enumerate()
                .any(|(j, n)| j != i && *n == names[i] && all_parts[j] != *parts);
            if clash && *depth < parts.len() {
                *depth += 1;
                lengthened = true;
            }
        }
        if !lengthened {
            break;
        }
    }
    let mut out: Vec<String> = Vec::with_capacity(files.len());
    for (i, &k) in depth.iter().enumerate() {
        let base = name(i, k);
        let copies = out
            .iter()
            .filter(|n| **n == base || n.starts_with(&format!("{base}~")))
            .count();
        out.push(if copies == 0 {
            base
        } else {
            format!("{base}~{}", copies + 1)
        });
    }
    out
}

/// A transaction id: `NAME#STATEMENT#N` with NAME the file's [`id_name`]. Written without
/// `format!`, which was a tenth of MT940's import time (one id per transaction).
fn transaction_id(file: &str, statement: usize, n: usize) -> String {
    let name = id_name(file);
    let mut id = String::with_capacity(name.len() + 16);
    id.push_str(name);
    id.push('#');
    push_decimal(&mut id, statement);
    id.push('#');
    push_decimal(&mut id, n);
    id
}

/// Appends `n` in decimal digits.
fn push_decimal(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// Applies a sign (+1 or -1) without changing the amount's decimal places: `0.00` stays `0.00`
/// (multiplying would drop the scale of a zero).
fn with_sign(sign: Decimal, amount: Decimal) -> Decimal {
    if sign.is_sign_negative() && !amount.is_zero() {
        -amount
    } else {
        amount
    }
}

/// The country prefix of an IBAN-shaped account (two letters, two digits, then 10+ characters).
fn iban_country(account: &str) -> Option<CountryCode> {
    let b = account.as_bytes();
    let shaped = b.len() >= 15
        && b.len() <= 34
        && b[2].is_ascii_digit()
        && b[3].is_ascii_digit()
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if shaped {
        CountryCode::parse(&account[..2]).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bal(date: &str, amount: &str, ccy: Option<&str>) -> Balance {
        Balance {
            date: neonomad_core::parse_date(date).unwrap(),
            amount: Decimal::from_str_exact(amount).unwrap(),
            currency: ccy.map(|c| CurrencyCode::parse(c).unwrap()),
        }
    }

    #[test]
    fn balanced_needs_both_balances_and_one_currency() {
        let d = |s| Decimal::from_str_exact(s).unwrap();
        let o = bal("2025-01-01", "100.00", Some("EUR"));
        let c = bal("2025-01-31", "150.5", Some("EUR"));
        assert_eq!(balanced(Some(&o), d("50.50"), Some(&c)), Some(true));
        assert_eq!(balanced(Some(&o), d("50.49"), Some(&c)), Some(false));
        assert_eq!(balanced(None, d("50.50"), Some(&c)), None);
        assert_eq!(balanced(Some(&o), d("50.50"), None), None);
        let sek = bal("2025-01-31", "150.50", Some("SEK"));
        assert_eq!(balanced(Some(&o), d("50.50"), Some(&sek)), Some(false));
    }

    #[test]
    fn detects_formats_from_content() {
        let camt = br#"<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">"#;
        assert_eq!(detect(camt), Some(Format::Camt053));
        assert_eq!(
            detect(
                b"\xef\xbb\xbf  <Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.08'/>"
            ),
            Some(Format::Camt053)
        );
        assert_eq!(
            detect(b":20:REF\r\n:25:NL81ASNB9999999999\r\n"),
            Some(Format::Mt940)
        );
        assert_eq!(
            detect(b"{1:F01BANKDEFFXXXX0000000000}{2:O940}{4:\n:20:X\n"),
            Some(Format::Mt940)
        );
        assert_eq!(
            detect(b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.054.001.02'/>"),
            None
        );
        assert_eq!(
            detect(b"OFXHEADER:100\r\nDATA:OFXSGML\r\n\r\n<OFX>"),
            Some(Format::Ofx)
        );
        assert_eq!(
            detect(b"<?xml version='1.0'?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\"?>\n<OFX>"),
            Some(Format::Ofx)
        );
        assert_eq!(
            detect(b"\r\n\r\n<OFX>\r\n<SIGNONMSGSRSV1>"),
            Some(Format::Ofx)
        );
        assert_eq!(detect(b"date;amount\n2025-01-01;3"), Some(Format::Csv));
        assert_eq!(detect(b""), None);
        assert_eq!(detect(b"1\n2\n3\n"), None);
    }

    #[test]
    fn import_refuses_unknown_content_naming_the_file() {
        let err = import("notes.txt", b"hello").unwrap_err();
        assert_eq!(err.file, "notes.txt");
        assert!(
            err.to_string()
                .starts_with("notes.txt:-: format: not a bank statement"),
            "{err}"
        );
    }

    #[test]
    fn signs_keep_the_decimal_places_as_written() {
        let d = |s| Decimal::from_str_exact(s).unwrap();
        assert_eq!(
            with_sign(Decimal::NEGATIVE_ONE, d("0.00")).to_string(),
            "0.00"
        );
        assert_eq!(
            with_sign(Decimal::NEGATIVE_ONE, d("12.50")).to_string(),
            "-12.50"
        );
        assert_eq!(with_sign(Decimal::ONE, d("0.00")).to_string(), "0.00");
    }

    #[test]
    fn iban_country_only_for_iban_shapes() {
        assert_eq!(iban_country("NL56AGDH9619008421").unwrap().as_str(), "NL");
        assert_eq!(iban_country("12345678/1020304050"), None);
        assert_eq!(iban_country("NLXX"), None);
    }

    #[test]
    fn id_names_drop_directories_unless_two_files_share_a_name() {
        assert_eq!(id_name("./a.xml"), "a.xml");
        assert_eq!(id_name("a.xml"), "a.xml");
        assert_eq!(id_name("/home/me/statements/a.xml"), "a.xml");
        assert_eq!(id_name("C:\\Users\\me\\a.sta"), "a.sta");
        assert_eq!(id_name("dir/"), "dir");
        assert_eq!(transaction_id("../x/jan.csv", 1, 7), "jan.csv#1#7");
        assert_eq!(transaction_id("a.sta", 0, 10), "a.sta#0#10");
        assert_eq!(
            transaction_id("a.sta", 109, usize::MAX),
            format!("a.sta#109#{}", usize::MAX)
        );
        assert_eq!(id_names(&["./a.xml", "b/c.sta"]), ["a.xml", "c.sta"]);
        assert_eq!(
            id_names(&["jan/a.xml", "feb/a.xml", "b.xml"]),
            ["jan/a.xml", "feb/a.xml", "b.xml"]
        );
        assert_eq!(id_names(&["a.xml", "dir/a.xml"]), ["a.xml", "dir/a.xml"]);
        assert_eq!(
            id_names(&["/x/2025/a.xml", "../y/2025/a.xml"]),
            ["x/2025/a.xml", "y/2025/a.xml"]
        );
        assert_eq!(
            id_names(&["a.xml", "./a.xml", "a.xml"]),
            ["a.xml", "a.xml~2", "a.xml~3"]
        );
        assert_eq!(
            id_names(&["d/a.xml", "d/a.xml", "e/a.xml"]),
            ["d/a.xml", "d/a.xml~2", "e/a.xml"]
        );
        assert_eq!(id_names(&["d/a.xml", "./d/a.xml"]), ["a.xml", "a.xml~2"]);
        assert_eq!(id_names(&[]), Vec::<String>::new());
    }

    #[test]
    fn import_named_renames_ids_but_not_diagnostics() {
        let sta = b":20:S\n:25:DE89370400440532013000\n:60F:C250101EUR100,00\n\
                    :61:2501020102C5,00NTRFNONREF\n:61:2501300130C1,00NTRFX\n:62F:C250131EUR106,00\n";
        let plain = import("in/jan.sta", sta).unwrap();
        assert_eq!(plain.statements[0].transactions[0].id, "jan.sta#1#1");
        let named = import_named("in/jan.sta", "in/jan.sta", sta).unwrap();
        let ids: Vec<&str> = named.statements[0]
            .transactions
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(ids, ["in/jan.sta#1#1", "in/jan.sta#1#2"]);
        assert!(named.diagnostics.iter().all(|d| d.file == "in/jan.sta"));
    }

    #[test]
    fn empty_and_binary_files_are_named_not_a_statement() {
        let cases: [(&[u8], &str); 7] = [
            (b"", "the file is empty (0 bytes)"),
            (
                b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
                "a PDF document: export the statement",
            ),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a PNG image"),
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "a JPEG image"),
            (
                b"PK\x03\x04\x14\0\x06\0",
                "Excel/OpenDocument workbook (.xlsx, .ods)",
            ),
            (b"\x1F\x8B\x08\0", "a gzip archive"),
            (b"Date,Amount\n\0\0\0\0", "binary data (it holds NUL bytes)"),
        ];
        for (head, kind) in cases {
            let err = import("in/scan.bin", head).unwrap_err();
            assert_eq!(err.file, "in/scan.bin");
            assert!(
                err.to_string()
                    .starts_with("in/scan.bin:-: format: not a bank statement: "),
                "{err}"
            );
            assert!(err.message.contains(kind), "{kind}: {err}");
        }
        // Only signatures and empty files are refused before detection: UTF-16 text has NULs.
        assert!(may_be_csv(b"\xFF\xFEa\0,\0b\0"));
        assert!(!may_be_csv(b"%PDF-1.4"));
        assert!(!may_be_csv(b"a,b\n\0"));
        assert_eq!(
            sniff("x", b"\xFF\xFEa\0;\0b\0\n\0c\0;\0d\0\n\0").unwrap(),
            Format::Csv
        );
    }

    #[test]
    fn too_large_names_the_file_its_size_and_the_limit() {
        let err = too_large("big.sta", 1 << 30, MAX_FILE_BYTES, Some(Format::Mt940));
        assert_eq!(
            err.to_string(),
            "big.sta:-: file: 1 GiB is larger than the 256 MiB neonomad reads of MT940 files (a year of \
             statements is a few tens of MB): export a shorter period (neonomad statement reads camt.053 and CSV at any size)"
        );
        assert_eq!(human_size(300 * 1024 * 1024 + 1), "300.0 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(80), "80 bytes");
        assert_eq!(streaming_limit(Format::Camt053), None);
        assert_eq!(streaming_limit(Format::Csv), None);
        assert_eq!(streaming_limit(Format::Ofx), Some(MAX_FILE_BYTES));
    }

    #[test]
    fn diagnostics_beyond_the_cap_are_counted_in_one_last_finding() {
        let mut sta = String::from(":20:S\n:25:X\n:60F:C250101EUR0,00\n");
        for _ in 0..MAX_DIAGNOSTICS + 5 {
            sta.push_str(":61:2502300230C1,00NTRFX\n");
        }
        sta.push_str(":62F:C250131EUR1005,00\n");
        let r = import("bad.sta", sta.as_bytes()).unwrap();
        assert_eq!(r.statements[0].transactions.len(), MAX_DIAGNOSTICS + 5);
        assert_eq!(r.diagnostics.len(), MAX_DIAGNOSTICS + 1);
        let last = r.diagnostics.last().unwrap();
        assert_eq!(last.severity, Severity::Error);
        assert_eq!(
            last.message,
            "1010 more finding(s), 505 of them error(s), were not listed: only the first 1000 are kept",
            "each line has an error (value date) and a warning (entry date): 2010 in all"
        );
        let mut summary = Summary::new("bad.sta", Format::Mt940);
        read_into("bad.sta", Format::Mt940, sta.as_bytes(), &mut summary).unwrap();
        let summary = summary.finish();
        assert_eq!(summary.diagnostics.len(), MAX_DIAGNOSTICS + 1);
        assert_eq!(summary.diagnostics.last(), Some(last));
    }

    #[test]
    fn diagnostics_print_file_line_field() {
        let d = Diagnostic {
            file: "a.sta".into(),
            line: Some(7),
            field: "61".into(),
            message: "value date 230230 is not a calendar day".into(),
            severity: Severity::Error,
        };
        assert_eq!(
            d.to_string(),
            "a.sta:7: error: 61: value date 230230 is not a calendar day"
        );
    }
}
