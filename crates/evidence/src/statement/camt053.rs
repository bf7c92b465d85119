//! ISO 20022 camt.053 bank-to-customer statements, versions 001.02 to 001.08, streamed.
//!
//! The document is read token by token (its own tokenizer, `xml_tokens`; no DOM), keeping only
//! the open elements (as small ids) and the statement, balance, entry and transaction detail
//! being read, so memory does not grow with the file. Read per `<Stmt>`: `Id`, `Acct/Id/IBAN`
//! (else `Othr/Id`), `Acct/Ccy`, `<Bal>` of type OPBD/PRCD (opening), CLBD (closing), ITBD
//! (opening or closing of a page when those are missing); per `<Ntry>`: `Amt`+`Ccy`,
//! `CdtDbtInd`, `RvslInd`, `Sts` (text, or `<Cd>` from 001.08), `BookgDt`/`ValDt` as `<Dt>`
//! or `<DtTm>`, references, and from `<TxDtls>` the related parties (debtor/creditor name,
//! account, country), agents (BIC) and remittance text. A batch entry with several `<TxDtls>`
//! that each carry an amount (`AmtDtls/TxAmt`, `Amt`, else `AmtDtls/InstdAmt`) becomes one
//! transaction per detail.
//!
//! Hostile input: a DOCTYPE is refused before anything in it is read, so entity declarations
//! (billion laughs, external entities) never take effect; an entity reference other than the
//! five XML ones is refused; nesting deeper than [`MAX_DEPTH`] is refused; invalid UTF-8 is an
//! error naming the line. Memory stays bounded at any file size: the tokenizer stops before it
//! buffers more than [`MAX_EVENT_BYTES`] for one token (a text, tag or comment that never ends),
//! an entry may hold at most [`MAX_ENTRY_BYTES`] of details and a statement [`MAX_BALANCES`]
//! balances.

use std::io::{BufRead, Read};

use neonomad_core::{parse_date, Amount, CountryCode, CurrencyCode, Decimal, NaiveDate};

use super::charset::{self, XmlEncoding};
use super::spaces::{normalise_space, normalise_space_owned, trim};
use super::xml_tokens::{
    attribute_value, name_key, normalise_line_ends, resolve_reference, StartTag, Token, TokenError,
    TokenErrorKind, Tokens,
};
use super::{
    iban_country, io_error, transaction_id, with_sign, Balance, Counterparty, Diagnostic,
    ImportError, Severity, Sink, Statement, Status, Transaction,
};

/// Deepest element nesting accepted; camt.053 needs about 12.
pub const MAX_DEPTH: usize = 64;
/// Longest text of one element accepted (remittance lines are 140 characters).
const MAX_TEXT: usize = 64 * 1024;
/// Longest token (text, tag, comment, CDATA) read before the file is refused.
pub const MAX_EVENT_BYTES: u64 = 1024 * 1024;
/// Most text (plus a fixed cost per `<TxDtls>`) kept for one entry: a batch of 10,000 payments
/// needs a few MB.
pub const MAX_ENTRY_BYTES: usize = 64 * 1024 * 1024;
/// Most `<Bal>` kept per statement (real ones have up to about ten).
pub const MAX_BALANCES: usize = 100;

/// Reads camt.053 from `reader`, handing transactions and statements to `sink`.
pub fn read<R: BufRead>(
    file: &str,
    mut reader: R,
    sink: &mut impl Sink,
) -> Result<(), ImportError> {
    let head = reader.fill_buf().map_err(|e| io_error(file, 1, &e))?;
    match charset::xml_encoding(head) {
        XmlEncoding::Utf8 => run(file, reader, sink),
        XmlEncoding::Legacy(encoding) => {
            run(file, charset::Transcoder::new(reader, encoding), sink)
        }
        XmlEncoding::Unsupported(name) => Err(ImportError {
            file: file.to_owned(),
            line: Some(1),
            field: "encoding".to_owned(),
            message: format!("{name} is not supported: save the statement as UTF-8"),
        }),
    }
}

fn run<R: Read>(file: &str, reader: R, sink: &mut impl Sink) -> Result<(), ImportError> {
    let mut tokens = Tokens::new(reader, MAX_EVENT_BYTES as usize);
    // Camt::text drops whitespace before a value (start and end clear the text), so what
    // it would drop need not be reported: same results, a quarter fewer tokens.
    tokens.skip_blank_after_tags(MAX_TEXT);
    let mut camt = Camt::new(file, sink);
    loop {
        let token = tokens.next().map_err(|e| camt.token_error(*e))?;
        let lines = &mut TokenLines(&tokens);
        match token {
            Token::Start | Token::Empty => {
                let tag = tokens.start_tag().map_err(|e| camt.token_error(*e))?;
                camt.start(&tag, lines)?;
                if token == Token::Empty {
                    camt.end(lines)?;
                }
            }
            Token::End => camt.end(lines)?,
            Token::Text if camt.skips(tokens.raw_text()) => {}
            Token::Text | Token::CData => {
                let text = tokens.text().map_err(|e| camt.token_error(*e))?;
                if tokens.text_has_cr() {
                    camt.text(&normalise_line_ends(text), lines)?;
                } else {
                    camt.text(text, lines)?;
                }
            }
            Token::Reference => {
                let name = tokens.reference().map_err(|e| camt.token_error(*e))?;
                camt.reference(name, resolve_reference(name), lines)?;
            }
            Token::DocType => return Err(camt.doctype(lines.start_line())),
            Token::Eof => return camt.eof(lines),
        }
    }
}

/// The lines of the event being handled, counted only when asked for: most events never need
/// theirs, and counting every line end as it is read was a tenth of the import time.
trait EventLines {
    /// The line the event starts on.
    fn start_line(&mut self) -> u64;
    /// The line the event ends on.
    fn end_line(&mut self) -> u64;
    /// The open elements' local names joined by `/`: the field of an error inside them, asked
    /// for only then (the reader itself keeps element ids, not names).
    fn open_path(&self) -> String;
}

/// The lines of the tokenizer's current token.
struct TokenLines<'t, R>(&'t Tokens<R>);

impl<R: Read> EventLines for TokenLines<'_, R> {
    fn start_line(&mut self) -> u64 {
        self.0.start_line()
    }

    fn end_line(&mut self) -> u64 {
        self.0.end_line()
    }

    fn open_path(&self) -> String {
        self.0.open_path()
    }
}

/// What [`Camt::start`] needs of a start tag.
trait StartElement {
    /// The element name without its namespace prefix.
    fn local(&self) -> &str;
    /// The id of [`StartElement::local`].
    fn name(&self) -> Name {
        Name::of_key(name_key(self.local().as_bytes()))
    }
    /// The `Ccy` attribute, normalised and trimmed, if it is there and readable.
    fn currency(&self) -> Option<Ccy>;
    /// The first namespace declared (`xmlns`, `xmlns:*`) that looks like camt (`:camt.`).
    fn camt_namespace(&self) -> Option<String>;
}

impl StartElement for StartTag<'_> {
    fn local(&self) -> &str {
        self.local_name()
    }

    #[inline(always)]
    fn name(&self) -> Name {
        // A known name has no prefix, so a whole name that is one is its own local name: the
        // look for a prefix is left to the names the reader does not know (and prefixed ones).
        match Name::of_key(self.key()) {
            Name::Other => Name::of_key(StartTag::local_key(self)),
            known => known,
        }
    }

    fn currency(&self) -> Option<Ccy> {
        self.attribute_borrowed("Ccy").map(|v| Ccy::of(v.trim()))
    }

    fn camt_namespace(&self) -> Option<String> {
        self.attributes()
            .flatten()
            .filter(|(key, _)| *key == "xmlns" || key.starts_with("xmlns:"))
            .filter_map(|(_, raw)| attribute_value(raw))
            .find(|v| v.contains(":camt."))
    }
}

/// Line ends in `bytes` (OFX counts its lines with it too).
pub(super) use super::xml_tokens::count_newlines;

const INVALID_UTF8: &str =
    "invalid UTF-8 (or not the encoding the XML declaration names): save the statement as UTF-8";

fn runaway_message() -> String {
    format!(
        "more than {MAX_EVENT_BYTES} bytes of one text, tag or comment: not a bank statement \
         (camt.053 fields hold at most a few hundred characters)"
    )
}

/// An `Amt` as read: its value (or why it is not one) and its `Ccy` attribute. Parsed when the
/// element ends, so that no copy of the text is kept.
#[derive(Debug)]
struct RawAmount {
    value: Result<Decimal, String>,
    ccy: Option<Ccy>,
}

impl RawAmount {
    /// A camt amount: a non-negative decimal (`8.85`), the sign being in `CdtDbtInd`.
    fn read(text: &str, ccy: Option<Ccy>) -> RawAmount {
        let value = match Amount::parse(text) {
            Err(e) => Err(e.to_string()),
            Ok(amount) if amount.value().is_sign_negative() && !amount.value().is_zero() => {
                Err(format!(
                    "amount {text:?} is negative: camt.053 amounts are unsigned, the sign is CdtDbtInd"
                ))
            }
            Ok(amount) => Ok(amount.value()),
        };
        RawAmount { value, ccy }
    }
}

/// A `Ccy` attribute: a currency code, or something else.
#[derive(Debug, Clone, Copy)]
enum Ccy {
    Code(CurrencyCode),
    NotACode,
}

impl Ccy {
    /// The attribute's value `text`, trimmed.
    fn of(text: &str) -> Ccy {
        CurrencyCode::parse(text).map_or(Ccy::NotACode, Ccy::Code)
    }

    fn code(self) -> Option<CurrencyCode> {
        match self {
            Ccy::Code(code) => Some(code),
            Ccy::NotACode => None,
        }
    }
}

/// A date element as read: the date, or the text that is not one; and the line it ends on.
type RawDate = (Result<NaiveDate, String>, u64);

/// A party of `RltdPties` with its account and agent.
#[derive(Default, Debug)]
struct Party {
    name: Option<String>,
    country: Option<CountryCode>,
    account: Option<String>,
    bic: Option<String>,
}

#[derive(Default, Debug)]
struct Detail {
    reference: Option<String>,
    end_to_end: Option<String>,
    amount: Option<RawAmount>,
    tx_amount: Option<RawAmount>,
    instructed: Option<RawAmount>,
    credit_debit: Option<String>,
    debtor: Party,
    creditor: Party,
    ultimate_debtor: Option<String>,
    ultimate_creditor: Option<String>,
    remittance: Vec<String>,
    additional: Option<String>,
}

#[derive(Default, Debug)]
struct Entry {
    line: u64,
    amount: Option<RawAmount>,
    credit_debit: Option<String>,
    reversal: Option<String>,
    status: Option<String>,
    booking: Option<RawDate>,
    value: Option<RawDate>,
    servicer_ref: Option<String>,
    entry_ref: Option<String>,
    additional: Option<String>,
    details: Vec<Detail>,
}

#[derive(Default, Debug)]
struct RawBalance {
    line: u64,
    code: Option<String>,
    amount: Option<RawAmount>,
    credit_debit: Option<String>,
    date: Option<String>,
}

#[derive(Default, Debug)]
struct Stmt {
    line: u64,
    id: Option<String>,
    iban: Option<String>,
    other_id: Option<String>,
    holder: Option<String>,
    currency: Option<String>,
    balances: Vec<RawBalance>,
    entries: usize,
    first_entry_currency: Option<CurrencyCode>,
}

struct Camt<'a, S: Sink> {
    file: &'a str,
    sink: &'a mut S,
    /// The open elements, as ids: comparing small numbers instead of names is what lets the
    /// value functions below match whole paths cheaply.
    open: Vec<Name>,
    text: String,
    currency_attr: Option<Ccy>,
    root_seen: bool,
    statements: usize,
    stmt: Option<(usize, Stmt)>,
    balance: Option<(usize, RawBalance)>,
    entry: Option<(usize, Entry)>,
    detail: Option<(usize, Detail)>,
    /// Text (plus a fixed cost per detail) kept for the open entry; see [`MAX_ENTRY_BYTES`].
    entry_bytes: usize,
}

impl<'a, S: Sink> Camt<'a, S> {
    fn new(file: &'a str, sink: &'a mut S) -> Self {
        Camt {
            file,
            sink,
            open: Vec::new(),
            text: String::new(),
            currency_attr: None,
            root_seen: false,
            statements: 0,
            stmt: None,
            balance: None,
            entry: None,
            detail: None,
            entry_bytes: 0,
        }
    }

    fn fatal(&self, line: u64, field: &str, message: String) -> ImportError {
        ImportError {
            file: self.file.to_owned(),
            line: Some(line),
            field: field.to_owned(),
            message,
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

    /// The error for a token that cannot be read.
    fn token_error(&self, e: TokenError) -> ImportError {
        let message = match e.kind {
            TokenErrorKind::TooLong => runaway_message(),
            TokenErrorKind::InvalidUtf8 => INVALID_UTF8.to_owned(),
            TokenErrorKind::Io(io) => format!("cannot be read: {io}"),
            TokenErrorKind::NotWellFormed(why) => format!("not well-formed XML: {why}"),
        };
        self.fatal(e.line, "xml", message)
    }

    fn doctype(&self, line: u64) -> ImportError {
        self.fatal(line, "DOCTYPE", "a document type declaration is not allowed in camt.053: \
             its entity declarations could expand without bound (billion laughs) or read other files".to_owned())
    }

    fn start(
        &mut self,
        e: &impl StartElement,
        lines: &mut impl EventLines,
    ) -> Result<(), ImportError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(self.fatal(lines.start_line(), "xml", format!(
                "elements nested deeper than {MAX_DEPTH}: not a bank statement (camt.053 needs about 12 levels)"
            )));
        }
        if !self.root_seen {
            self.root(e, e.local(), lines.start_line())?;
        }
        let name = e.name();
        self.currency_attr = None;
        if name == Name::Amt {
            self.currency_attr = e.currency();
        }
        let parent = self.open.last().copied();
        let depth = self.open.len();
        let full = self
            .stmt
            .as_ref()
            .is_some_and(|(_, s)| s.balances.len() >= MAX_BALANCES);
        if full && parent == Some(Name::Stmt) && name == Name::Bal {
            return Err(self.fatal(
                lines.start_line(),
                "Stmt/Bal",
                format!("more than {MAX_BALANCES} balances in one statement: not a bank statement"),
            ));
        }
        match (parent, name) {
            (Some(Name::BkToCstmrStmt), Name::Stmt) => {
                self.stmt = Some((
                    depth,
                    Stmt {
                        line: lines.start_line(),
                        ..Stmt::default()
                    },
                ));
            }
            (Some(Name::Stmt), Name::Bal) if self.stmt.is_some() => {
                self.balance = Some((
                    depth,
                    RawBalance {
                        line: lines.start_line(),
                        ..RawBalance::default()
                    },
                ));
            }
            (Some(Name::Stmt), Name::Ntry) if self.stmt.is_some() => {
                self.entry_bytes = 0;
                self.entry = Some((
                    depth,
                    Entry {
                        line: lines.start_line(),
                        ..Entry::default()
                    },
                ));
            }
            (Some(Name::NtryDtls), Name::TxDtls) if self.entry.is_some() => {
                self.entry_bytes += std::mem::size_of::<Detail>();
                self.detail = Some((depth, Detail::default()));
            }
            _ => {}
        }
        self.open.push(name);
        self.text.clear();
        Ok(())
    }

    fn root(&mut self, e: &impl StartElement, local: &str, line: u64) -> Result<(), ImportError> {
        self.root_seen = true;
        let namespace = e.camt_namespace();
        let expected = "expected root <Document> in namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 to .08";
        let Some(namespace) = namespace.filter(|_| local == "Document") else {
            return Err(self.fatal(line, local, format!("not a camt.053 document: {expected}")));
        };
        let version = namespace
            .strip_prefix("urn:iso:std:iso:20022:tech:xsd:camt.053.001.")
            .and_then(|v| v.parse::<u32>().ok());
        match version {
            Some(2..=8) => {}
            Some(v) => self.diag(
                line,
                "Document",
                format!("camt.053.001.{v:02} has not been checked; read like 001.08"),
                Severity::Warning,
            ),
            None => {
                return Err(self.fatal(
                    line,
                    "Document",
                    format!("namespace {namespace} is not camt.053: {expected}"),
                ))
            }
        }
        Ok(())
    }

    /// Whether a text event is indentation before any value: whitespace that [`Camt::text`]
    /// would drop, recognised before its line ends are normalised (which only shortens it).
    fn skips(&self, raw: &[u8]) -> bool {
        self.text.is_empty() && raw.len() <= MAX_TEXT && raw.iter().all(|b| b.is_ascii_whitespace())
    }

    #[inline]
    fn text(&mut self, content: &str, lines: &mut impl EventLines) -> Result<(), ImportError> {
        if self.text.len() + content.len() > MAX_TEXT {
            return Err(self.fatal(
                lines.end_line(),
                &lines.open_path(),
                format!("text longer than {MAX_TEXT} bytes: not a bank statement"),
            ));
        }
        // Indentation between elements is most of the text events; a value is trimmed anyway,
        // so leading whitespace need not be kept (the length check above still counts it).
        if self.text.is_empty() && content.bytes().all(|b| b.is_ascii_whitespace()) {
            return Ok(());
        }
        self.text.push_str(content);
        Ok(())
    }

    /// An entity or character reference `&name;`, `resolved` to its character if it is one of
    /// XML's five entities or a valid character reference.
    fn reference(
        &mut self,
        name: &str,
        resolved: Option<char>,
        lines: &mut impl EventLines,
    ) -> Result<(), ImportError> {
        match resolved {
            Some(c) => self.text(c.encode_utf8(&mut [0; 4]), lines),
            None => Err(self.fatal(lines.end_line(), &lines.open_path(), format!(
                "entity &{name}; is not one of XML's five (&amp; &lt; &gt; &quot; &apos;) or a character reference: \
                 camt.053 has no custom entities and neonomad does not expand them"
            ))),
        }
    }

    fn end(&mut self, lines: &mut impl EventLines) -> Result<(), ImportError> {
        let depth = self.open.len().saturating_sub(1);
        let value = trim(&self.text);
        if self.entry.is_some() {
            self.entry_bytes += value.len();
            if self.entry_bytes > MAX_ENTRY_BYTES {
                return Err(self.fatal(lines.end_line(), "Ntry", format!(
                    "one entry holds more than {MAX_ENTRY_BYTES} bytes of details: not a bank statement"
                )));
            }
        }
        let ccy = self.currency_attr.take();
        if let Some((ctx, d)) = &mut self.detail {
            let ctx = *ctx;
            if depth > ctx {
                detail_value(d, &self.open[ctx + 1..], value, ccy);
            } else if depth == ctx {
                if let (Some((_, d)), Some((_, e))) = (self.detail.take(), &mut self.entry) {
                    e.details.push(d);
                }
            }
        } else if let Some((ctx, e)) = &mut self.entry {
            let ctx = *ctx;
            if depth > ctx {
                entry_value(e, &self.open[ctx + 1..], value, ccy, lines);
            } else if depth == ctx {
                if let Some((_, e)) = self.entry.take() {
                    self.emit_entry(e);
                }
            }
        } else if let Some((ctx, b)) = &mut self.balance {
            let ctx = *ctx;
            if depth > ctx {
                balance_value(b, &self.open[ctx + 1..], value, ccy);
            } else if depth == ctx {
                if let (Some((_, b)), Some((_, s))) = (self.balance.take(), &mut self.stmt) {
                    s.balances.push(b);
                }
            }
        } else if let Some((ctx, s)) = &mut self.stmt {
            let ctx = *ctx;
            if depth > ctx {
                stmt_value(s, &self.open[ctx + 1..], value);
            } else if depth == ctx {
                if let Some((_, s)) = self.stmt.take() {
                    self.emit_statement(s);
                }
            }
        }
        self.open.pop();
        self.text.clear();
        Ok(())
    }

    fn eof(&mut self, lines: &mut impl EventLines) -> Result<(), ImportError> {
        let line = lines.end_line();
        if !self.root_seen {
            return Err(self.fatal(
                line,
                "Document",
                "no XML element found: expected a camt.053 <Document>".to_owned(),
            ));
        }
        if !self.open.is_empty() {
            let path = lines.open_path();
            let open = path.rsplit('/').next().unwrap_or_default();
            return Err(self.fatal(
                line,
                open,
                format!("the document ends inside <{open}>: the file is truncated"),
            ));
        }
        if self.statements == 0 {
            self.diag(
                line,
                "Stmt",
                "no <Stmt> in this document: nothing to import".to_owned(),
                Severity::Warning,
            );
        }
        Ok(())
    }

    fn emit_entry(&mut self, mut e: Entry) {
        let line = e.line;
        let Some((stmt_no, stmt)) = self.stmt.as_mut().map(|(_, s)| (self.statements + 1, s))
        else {
            return;
        };
        stmt.entries += 1;
        let entry_no = stmt.entries;
        let statement_currency = stmt
            .currency
            .as_deref()
            .and_then(|c| CurrencyCode::parse(c).ok());
        let sign = match e.credit_debit.as_deref() {
            Some("CRDT") => Decimal::ONE,
            Some("DBIT") => Decimal::NEGATIVE_ONE,
            other => {
                let found = other.map_or("nothing".to_owned(), |o| format!("{o:?}"));
                return self.diag(
                    line,
                    "Ntry/CdtDbtInd",
                    format!("expected CRDT or DBIT, found {found}; entry left out"),
                    Severity::Error,
                );
            }
        };
        let (amount, currency) = match read_amount(e.amount.as_ref()) {
            Ok(found) => found,
            Err(why) => {
                return self.diag(
                    line,
                    "Ntry/Amt",
                    format!("{why}; entry left out"),
                    Severity::Error,
                )
            }
        };
        if currency.is_none() && e.amount.as_ref().is_some_and(|a| a.ccy.is_some()) {
            self.diag(
                line,
                "Ntry/Amt",
                "attribute Ccy is not a currency code (three capital letters)".to_owned(),
                Severity::Warning,
            );
        }
        let currency = currency.or(statement_currency);
        if let Some((_, s)) = &mut self.stmt {
            s.first_entry_currency = s.first_entry_currency.or(currency);
        }
        let status = match e.status.as_deref() {
            Some("BOOK") => Status::Booked,
            Some("PDNG") => Status::Pending,
            None => {
                self.diag(
                    line,
                    "Ntry/Sts",
                    "no status: taken as booked (BOOK)".to_owned(),
                    Severity::Warning,
                );
                Status::Booked
            }
            Some(other) => {
                let other = other.to_owned();
                self.diag(
                    line,
                    "Ntry/Sts",
                    format!(
                        "status {other:?} is neither BOOK nor PDNG: taken as pending, not counted"
                    ),
                    Severity::Warning,
                );
                Status::Pending
            }
        };
        let reversal = matches!(e.reversal.as_deref(), Some("true" | "1"));
        let booking_date = self.read_date(e.booking.as_ref(), "Ntry/BookgDt");
        let value_date = self.read_date(e.value.as_ref(), "Ntry/ValDt");
        if booking_date.is_none() && value_date.is_none() {
            self.diag(
                line,
                "Ntry/ValDt",
                "entry has neither a value nor a booking date: it falls in no month".to_owned(),
                Severity::Warning,
            );
        }
        let reference = e
            .servicer_ref
            .take()
            .or(e.entry_ref.take())
            .filter(|r| r != "NONREF" && r != "NOTPROVIDED");
        let base_id = transaction_id(self.file, stmt_no, entry_no);
        let template = Transaction {
            id: base_id.clone(),
            reference,
            booking_date,
            value_date,
            amount: with_sign(sign, amount),
            currency,
            description: String::new(),
            counterparty: Counterparty::default(),
            reversal,
            status,
            line,
        };
        let parts: Option<Vec<(Decimal, Option<CurrencyCode>)>> = if e.details.len() > 1 {
            e.details
                .iter()
                .map(|d| {
                    let raw = d
                        .tx_amount
                        .as_ref()
                        .or(d.amount.as_ref())
                        .or(d.instructed.as_ref());
                    let (value, ccy) = read_amount(raw).ok()?;
                    let part_sign = match d.credit_debit.as_deref() {
                        Some("CRDT") => Decimal::ONE,
                        Some("DBIT") => Decimal::NEGATIVE_ONE,
                        _ => sign,
                    };
                    Some((with_sign(part_sign, value), ccy.or(currency)))
                })
                .collect()
        } else {
            None
        };
        match parts {
            Some(parts) => {
                let same_currency = parts.iter().all(|(_, c)| *c == currency);
                let total: Decimal = parts.iter().map(|(a, _)| *a).sum();
                if same_currency && total != template.amount {
                    self.diag(
                        line,
                        "Ntry/NtryDtls",
                        format!(
                            "batch details add up to {total}, the entry says {}; details kept",
                            template.amount
                        ),
                        Severity::Warning,
                    );
                }
                for (k, (detail, (amount, ccy))) in e.details.into_iter().zip(parts).enumerate() {
                    let mut tx = template.clone();
                    tx.id = format!("{base_id}.{}", k + 1);
                    tx.amount = amount;
                    tx.currency = ccy;
                    fill_from_detail(&mut tx, Some(detail), e.additional.as_deref());
                    self.sink.transaction(tx);
                }
            }
            None => {
                if e.details.len() > 1 {
                    self.diag(
                        line,
                        "Ntry/NtryDtls/TxDtls",
                        format!(
                            "batch of {} details, not all with an amount: kept as one transaction",
                            e.details.len()
                        ),
                        Severity::Warning,
                    );
                }
                let mut tx = template;
                let detail = (e.details.len() == 1).then(|| e.details.pop()).flatten();
                fill_from_detail(&mut tx, detail, e.additional.as_deref());
                self.sink.transaction(tx);
            }
        }
    }

    fn read_date(&mut self, raw: Option<&RawDate>, field: &str) -> Option<NaiveDate> {
        let (date, line) = raw?;
        match date {
            Ok(date) => Some(*date),
            Err(text) => {
                self.diag(
                    *line,
                    field,
                    format!("{text:?} is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss); ignored"),
                    Severity::Error,
                );
                None
            }
        }
    }

    fn emit_statement(&mut self, s: Stmt) {
        self.statements += 1;
        let line = s.line;
        let stated_currency = match s.currency.as_deref() {
            Some(text) => match CurrencyCode::parse(text) {
                Ok(c) => Some(c),
                Err(_) => {
                    self.diag(
                        line,
                        "Stmt/Acct/Ccy",
                        format!("{text:?} is not a currency code"),
                        Severity::Warning,
                    );
                    None
                }
            },
            None => None,
        };
        let mut opening: Option<(u8, Balance)> = None;
        let mut closing: Option<Balance> = None;
        let mut interim: Vec<Balance> = Vec::new();
        for raw in &s.balances {
            let code = raw.code.as_deref().unwrap_or("");
            let rank = match code {
                "OPBD" => 0,
                "PRCD" => 1,
                "CLBD" => 2,
                "ITBD" => 3,
                _ => continue,
            };
            let Some(balance) = self.read_balance(raw) else {
                continue;
            };
            match rank {
                0 | 1 => match &opening {
                    Some((held, _)) if *held <= rank => self.diag(
                        raw.line,
                        "Stmt/Bal",
                        format!("another opening balance ({code}) ignored"),
                        Severity::Warning,
                    ),
                    _ => opening = Some((rank, balance)),
                },
                2 => {
                    if closing.is_some() {
                        self.diag(
                            raw.line,
                            "Stmt/Bal",
                            "second closing balance (CLBD) ignored".to_owned(),
                            Severity::Warning,
                        );
                    } else {
                        closing = Some(balance);
                    }
                }
                _ => interim.push(balance),
            }
        }
        let mut opening = opening.map(|(_, b)| b);
        // A page of a long statement carries ITBD where the first page has OPBD and the last CLBD.
        if opening.is_none() && !interim.is_empty() {
            opening = Some(interim.remove(0));
        }
        if closing.is_none() {
            closing = interim.pop();
        }
        let currency = stated_currency
            .or(opening.as_ref().and_then(|b| b.currency))
            .or(closing.as_ref().and_then(|b| b.currency))
            .or(s.first_entry_currency);
        for (what, balance) in [("opening", &opening), ("closing", &closing)] {
            if let (Some(b), Some(c)) = (balance, currency) {
                if b.currency.is_some_and(|bc| bc != c) {
                    let bc = b.currency.map(|c| c.to_string()).unwrap_or_default();
                    self.diag(line, "Stmt/Bal/Amt", format!(
                        "{what} balance is in {bc}, the account in {c}: the statement cannot balance"
                    ), Severity::Warning);
                }
            }
        }
        let account = s.iban.or(s.other_id);
        if account.is_none() {
            self.diag(
                line,
                "Stmt/Acct/Id",
                "statement names no account (IBAN or Othr/Id)".to_owned(),
                Severity::Warning,
            );
        }
        self.sink.statement(Statement {
            id: s.id,
            account,
            holder: s.holder,
            currency,
            opening,
            closing,
            transactions: Vec::new(),
            line,
        });
    }

    fn read_balance(&mut self, raw: &RawBalance) -> Option<Balance> {
        let code = raw.code.as_deref().unwrap_or("?");
        let sign = match raw.credit_debit.as_deref() {
            Some("CRDT") => Decimal::ONE,
            Some("DBIT") => Decimal::NEGATIVE_ONE,
            other => {
                let found = other.map_or("nothing".to_owned(), |o| format!("{o:?}"));
                self.diag(
                    raw.line,
                    "Stmt/Bal/CdtDbtInd",
                    format!(
                        "{code} balance: expected CRDT or DBIT, found {found}; balance ignored"
                    ),
                    Severity::Error,
                );
                return None;
            }
        };
        let (amount, currency) = match read_amount(raw.amount.as_ref()) {
            Ok(found) => found,
            Err(why) => {
                self.diag(
                    raw.line,
                    "Stmt/Bal/Amt",
                    format!("{code} balance: {why}; balance ignored"),
                    Severity::Error,
                );
                return None;
            }
        };
        let Some(date) = raw.date.as_deref().and_then(xml_date) else {
            let found = raw.date.as_deref().unwrap_or("nothing");
            self.diag(
                raw.line,
                "Stmt/Bal/Dt",
                format!("{code} balance: {found:?} is not a date (YYYY-MM-DD); balance ignored"),
                Severity::Error,
            );
            return None;
        };
        Some(Balance {
            date,
            amount: with_sign(sign, amount),
            currency,
        })
    }
}

/// The value and currency of an amount read ([`RawAmount::read`]), or why there is none.
fn read_amount(raw: Option<&RawAmount>) -> Result<(Decimal, Option<CurrencyCode>), String> {
    let raw = raw.ok_or("no amount (Amt)")?;
    let amount = raw.value.clone()?;
    Ok((amount, raw.ccy.and_then(Ccy::code)))
}

/// `YYYY-MM-DD`, or the date part of `YYYY-MM-DDThh:mm:ss[...]` as written (no time-zone shift:
/// the bank's own calendar day is the booking day).
fn xml_date(text: &str) -> Option<NaiveDate> {
    let day = match text.len() {
        10 => text,
        n if n > 10 && text.as_bytes()[10] == b'T' => &text[..10],
        _ => return None,
    };
    parse_date(day).ok()
}

/// Declares [`Name`], one id per element name the reader acts on, and [`Name::of_key`].
macro_rules! element_names {
    ($($name:ident)*) => {
        /// An element's local name, as one of those the reader acts on, else `Other`.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        #[allow(clippy::upper_case_acronyms)]
        enum Name {
            Other,
            $($name,)*
        }

        impl Name {
            /// The id of the name whose [`name_key`] is `key`: one look in a table.
            fn of_key(key: u128) -> Name {
                const TABLE: [(u128, Name); NAME_SLOTS] = {
                    let names = [$((name_key(stringify!($name).as_bytes()), Name::$name),)*];
                    let mut table = [(0, Name::Other); NAME_SLOTS];
                    let mut i = 0;
                    while i < names.len() {
                        let slot = name_slot(names[i].0);
                        assert!(table[slot].0 == 0, "two names share a slot: change NAME_HASH");
                        table[slot] = names[i];
                        i += 1;
                    }
                    table
                };
                match TABLE[name_slot(key)] {
                    (found, name) if found == key => name,
                    _ => Name::Other,
                }
            }

            /// Every name but `Other`.
            #[cfg(test)]
            fn all() -> Vec<Name> {
                vec![$(Name::$name,)*]
            }
        }
    };
}

/// Slots of [`Name::of_key`]'s table.
const NAME_SLOTS: usize = 128;
/// The multiplier of [`name_slot`], found by trying random odd numbers until every name of
/// [`Name`] had a slot of its own. A name added that shares a slot stops the build (the table
/// is built by the compiler); then look for another one the same way.
const NAME_HASH: u64 = 0xd94d_8f9d_de7e_1fbb;

/// The slot of [`Name::of_key`]'s table where the name with `key` would be.
const fn name_slot(key: u128) -> usize {
    let mixed = (key as u64 ^ (key >> 64) as u64).wrapping_mul(NAME_HASH);
    (mixed >> (64 - NAME_SLOTS.trailing_zeros())) as usize
}

impl Name {
    /// The id of the element name `local`.
    #[cfg(test)]
    fn of(local: &str) -> Name {
        Name::of_key(name_key(local.as_bytes()))
    }
}

element_names! {
    Acct AcctSvcrRef AddtlNtryInf AddtlTxInf Amt AmtDtls Bal BIC BICFI BkToCstmrStmt BookgDt
    Ccy Cd CdOrPrtry Cdtr CdtrAcct CdtrAgt CdtDbtInd Ctry Dbtr DbtrAcct DbtrAgt Dt DtTm
    EndToEndId FinInstnId IBAN Id InstdAmt Nm Ntry NtryDtls NtryRef Othr Prtry PstlAdr Pty
    Refs RltdAgts RltdPties RmtInf RvslInd Stmt Sts Tp TxAmt TxDtls UltmtCdtr UltmtDbtr Ustrd
    ValDt Ownr
}

/// A date element's `text` as read: the date, or the text that is not one.
fn raw_date(text: &str) -> Result<NaiveDate, String> {
    xml_date(text).ok_or_else(|| text.to_owned())
}

// The value functions get the path below their context as ids, `[Acct, Id, IBAN]`.

fn stmt_value(s: &mut Stmt, rel: &[Name], value: &str) {
    use Name::*;
    let owned = || Some(value.to_owned());
    match rel {
        [Id] => s.id = owned(),
        [Acct, Id, IBAN] => s.iban = owned(),
        [Acct, Id, Othr, Id] => s.other_id = owned(),
        [Acct, Ccy] => s.currency = owned(),
        [Acct, Ownr, Nm] | [Acct, Ownr, Pty, Nm] => s.holder = Some(normalise_space(value)),
        _ => {}
    }
}

fn balance_value(b: &mut RawBalance, rel: &[Name], value: &str, ccy: Option<Ccy>) {
    use Name::*;
    match rel {
        [Tp, CdOrPrtry, Cd | Prtry] => b.code = Some(value.to_owned()),
        [Amt] => b.amount = Some(RawAmount::read(value, ccy)),
        [CdtDbtInd] => b.credit_debit = Some(value.to_owned()),
        [Dt, Dt | DtTm] => b.date = Some(value.to_owned()),
        _ => {}
    }
}

fn entry_value(
    e: &mut Entry,
    rel: &[Name],
    value: &str,
    ccy: Option<Ccy>,
    lines: &mut impl EventLines,
) {
    use Name::*;
    let owned = || value.to_owned();
    match rel {
        [Amt] => e.amount = Some(RawAmount::read(value, ccy)),
        [CdtDbtInd] => e.credit_debit = Some(owned()),
        [RvslInd] => e.reversal = Some(owned()),
        [Sts] | [Sts, Cd | Prtry] if !value.is_empty() => e.status = Some(owned()),
        [BookgDt, Dt | DtTm] => e.booking = Some((raw_date(value), lines.end_line())),
        [ValDt, Dt | DtTm] => e.value = Some((raw_date(value), lines.end_line())),
        [AcctSvcrRef] => e.servicer_ref = Some(owned()),
        [NtryRef] => e.entry_ref = Some(owned()),
        [AddtlNtryInf] => e.additional = Some(owned()),
        _ => {}
    }
}

fn detail_value(d: &mut Detail, rel: &[Name], value: &str, ccy: Option<Ccy>) {
    use Name::*;
    let owned = || value.to_owned();
    match rel {
        [Refs, AcctSvcrRef] => d.reference = Some(owned()),
        [Refs, EndToEndId] => d.end_to_end = Some(owned()),
        [Amt] => d.amount = Some(RawAmount::read(value, ccy)),
        [AmtDtls, TxAmt, Amt] => d.tx_amount = Some(RawAmount::read(value, ccy)),
        [AmtDtls, InstdAmt, Amt] => d.instructed = Some(RawAmount::read(value, ccy)),
        [CdtDbtInd] => d.credit_debit = Some(owned()),
        [RmtInf, Ustrd] => d.remittance.push(owned()),
        [AddtlTxInf] => d.additional = Some(owned()),
        [RltdPties, role, rest @ ..] => party_value(d, *role, rest, value),
        [RltdAgts, DbtrAgt, FinInstnId, BIC | BICFI] => d.debtor.bic = Some(owned()),
        [RltdAgts, CdtrAgt, FinInstnId, BIC | BICFI] => d.creditor.bic = Some(owned()),
        _ => {}
    }
}

/// `RltdPties/ROLE/REST`: a debtor's or creditor's name, country and account.
fn party_value(d: &mut Detail, role: Name, rest: &[Name], value: &str) {
    use Name::*;
    let owned = || value.to_owned();
    let party = match role {
        Dbtr | DbtrAcct => &mut d.debtor,
        Cdtr | CdtrAcct => &mut d.creditor,
        UltmtDbtr => {
            if matches!(rest, [Nm] | [Pty, Nm]) {
                d.ultimate_debtor = Some(owned());
            }
            return;
        }
        UltmtCdtr => {
            if matches!(rest, [Nm] | [Pty, Nm]) {
                d.ultimate_creditor = Some(owned());
            }
            return;
        }
        _ => return,
    };
    let is_account = matches!(role, DbtrAcct | CdtrAcct);
    match (is_account, rest) {
        (false, [Nm] | [Pty, Nm]) => party.name = Some(normalise_space(value)),
        (false, [PstlAdr, Ctry] | [Pty, PstlAdr, Ctry]) => {
            party.country = CountryCode::parse(value).ok();
        }
        (true, [Id, IBAN]) => party.account = Some(owned()),
        (true, [Id, Othr, Id]) => {
            party.account.get_or_insert_with(owned);
        }
        _ => {}
    }
}

/// Description, counterparty and reference from the transaction details: the debtor for a
/// credit, the creditor for a debit.
fn fill_from_detail(tx: &mut Transaction, detail: Option<Detail>, entry_info: Option<&str>) {
    let Some(d) = detail else {
        tx.description = entry_info.map(normalise_space).unwrap_or_default();
        return;
    };
    let (party, ultimate) = if tx.amount.is_sign_negative() {
        (d.creditor, d.ultimate_creditor)
    } else {
        (d.debtor, d.ultimate_debtor)
    };
    let country = party
        .country
        .or_else(|| party.account.as_deref().and_then(iban_country));
    tx.counterparty = Counterparty {
        name: party.name.or(ultimate),
        account: party.account,
        bic: party.bic,
        country,
    };
    let mut remittance = d.remittance;
    let text = match remittance.len() {
        0 => d
            .additional
            .or(entry_info.map(str::to_owned))
            .unwrap_or_default(),
        1 => remittance.pop().unwrap_or_default(),
        _ => remittance.join(" "),
    };
    tx.description = normalise_space_owned(text);
    if tx.reference.is_none() {
        tx.reference = d
            .reference
            .or(d.end_to_end)
            .filter(|r| r != "NOTPROVIDED" && r != "NONREF");
    }
}

/// The quick-xml based reader this file used before its own tokenizer, kept for tests only: the
/// differential test reads every corpus file with both and wants the same result.
#[cfg(test)]
pub(super) mod quick_xml_reader {
    use std::io::{self, BufRead, Read};

    use quick_xml::events::{BytesStart, Event};
    use quick_xml::{Reader, XmlVersion};

    use super::super::charset::{self, XmlEncoding};
    use super::super::io_error;
    use super::super::{ImportError, Sink};
    use super::count_newlines;
    use super::{Camt, Ccy, EventLines, StartElement, MAX_EVENT_BYTES};

    /// [`super::read`] as it was with quick-xml.
    pub(in crate::statement) fn read<R: BufRead>(
        file: &str,
        mut reader: R,
        sink: &mut impl Sink,
    ) -> Result<(), ImportError> {
        let head = reader.fill_buf().map_err(|e| io_error(file, 1, &e))?;
        match charset::xml_encoding(head) {
            XmlEncoding::Utf8 => run(file, reader, sink),
            XmlEncoding::Legacy(encoding) => {
                run(file, charset::Transcoder::new(reader, encoding), sink)
            }
            XmlEncoding::Unsupported(name) => Err(ImportError {
                file: file.to_owned(),
                line: Some(1),
                field: "encoding".to_owned(),
                message: format!("{name} is not supported: save the statement as UTF-8"),
            }),
        }
    }

    impl StartElement for BytesStart<'_> {
        fn local(&self) -> &str {
            self.local_name().into_inner()
        }

        fn currency(&self) -> Option<Ccy> {
            match self.try_get_attribute("Ccy") {
                Ok(Some(attr)) => attr
                    .normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| Ccy::of(v.trim())),
                _ => None,
            }
        }

        fn camt_namespace(&self) -> Option<String> {
            self.attributes()
                .with_checks(false)
                .flatten()
                .filter(|a| a.key.as_ref() == "xmlns" || a.key.as_ref().starts_with("xmlns:"))
                .filter_map(|a| {
                    a.normalized_value(XmlVersion::Implicit1_0)
                        .ok()
                        .map(|v| v.into_owned())
                })
                .find(|v| v.contains(":camt."))
        }
    }

    fn run<R: BufRead>(file: &str, reader: R, sink: &mut impl Sink) -> Result<(), ImportError> {
        let mut xml = Reader::from_reader(LineCounter::new(reader));
        let mut camt = Camt::new(file, sink);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            xml.get_mut().event_starts();
            let event = xml.read_event_into(&mut buf);
            let lines = xml.get_mut();
            let event = match event {
                Ok(event) => event,
                Err(_) if lines.since_event > MAX_EVENT_BYTES => {
                    return Err(camt.fatal(lines.start_line(), "xml", format!(
                        "more than {MAX_EVENT_BYTES} bytes of one text, tag or comment: not a bank statement \
                         (camt.053 fields hold at most a few hundred characters)"
                    )))
                }
                Err(e) => return Err(camt.fatal(lines.end_line(), "xml", xml_message(&e))),
            };
            match event {
                Event::Start(e) => {
                    camt.start(&e, lines)?;
                    lines.open.push(e.local().to_owned());
                }
                Event::Empty(e) => {
                    camt.start(&e, lines)?;
                    camt.end(lines)?;
                }
                Event::End(_) => {
                    lines.open.pop();
                    camt.end(lines)?;
                }
                Event::Text(t) if camt.skips(t.as_bytes()) => {}
                Event::Text(t) => camt.text(&t.xml10_content(), lines)?,
                Event::CData(t) => camt.text(&t.xml10_content(), lines)?,
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        Ok(None) => match r.as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                        Err(_) => None,
                    };
                    camt.reference(r.as_ref(), resolved, lines)?
                }
                Event::DocType(_) => {
                    return Err(camt.fatal(lines.start_line(), "DOCTYPE", "a document type declaration is not allowed in camt.053: \
                         its entity declarations could expand without bound (billion laughs) or read other files".to_owned()));
                }
                Event::Eof => return camt.eof(lines),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }

    fn xml_message(e: &quick_xml::Error) -> String {
        match e {
            quick_xml::Error::Encoding(_) => {
                "invalid UTF-8 (or not the encoding the XML declaration names): save the statement as UTF-8".to_owned()
            }
            quick_xml::Error::Io(io) => format!("cannot be read: {io}"),
            other => format!("not well-formed XML: {other}"),
        }
    }

    /// Hands quick-xml the inner reader's buffer and tells the inner reader that bytes are consumed
    /// only once the whole buffer is, so the consumed bytes stay in memory and their line ends can be
    /// counted when a line is asked for, or all at once before the buffer is given back. Stops
    /// quick-xml when one event grows past [`MAX_EVENT_BYTES`] (it buffers an event whole).
    struct LineCounter<R> {
        inner: R,
        /// Length of the inner reader's buffer as last seen.
        len: usize,
        /// Bytes of that buffer consumed by quick-xml.
        used: usize,
        /// Bytes of that buffer whose line ends are in `line`.
        counted: usize,
        /// The line of byte `counted` (1-based).
        line: u64,
        /// Where the current event starts: an offset into the buffer, or its line once counted
        /// (the buffer may be given back while the event is read).
        event_start: EventStart,
        /// Bytes consumed since the current event started.
        since_event: u64,
        /// The open elements' local names (the reader keeps ids; errors name the path).
        open: Vec<String>,
    }

    #[derive(Clone, Copy)]
    enum EventStart {
        At(usize),
        Line(u64),
    }

    impl<R: BufRead> LineCounter<R> {
        fn new(inner: R) -> Self {
            LineCounter {
                inner,
                len: 0,
                used: 0,
                counted: 0,
                line: 1,
                event_start: EventStart::Line(1),
                since_event: 0,
                open: Vec::new(),
            }
        }

        /// Marks the current position as the start of the next event.
        fn event_starts(&mut self) {
            self.event_start = EventStart::At(self.used);
            self.since_event = 0;
        }

        /// Counts the line ends of the buffer up to `to` (not before what is already counted).
        fn count_to(&mut self, to: usize) {
            if to > self.counted {
                if let Ok(bytes) = self.inner.fill_buf() {
                    let to = to.min(bytes.len());
                    if to > self.counted {
                        self.line += count_newlines(&bytes[self.counted..to]);
                        self.counted = to;
                    }
                }
            }
        }

        /// Resolves the event's start to a line while its bytes are still in the buffer.
        fn settle_event_start(&mut self) {
            if let EventStart::At(at) = self.event_start {
                self.count_to(at);
                self.event_start = EventStart::Line(self.line);
            }
        }
    }

    impl<R: BufRead> EventLines for LineCounter<R> {
        fn start_line(&mut self) -> u64 {
            self.settle_event_start();
            match self.event_start {
                EventStart::Line(line) => line,
                EventStart::At(_) => self.line,
            }
        }

        fn end_line(&mut self) -> u64 {
            self.settle_event_start();
            self.count_to(self.used);
            self.line
        }

        fn open_path(&self) -> String {
            self.open.join("/")
        }
    }

    impl<R: BufRead> Read for LineCounter<R> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = {
                let available = self.fill_buf()?;
                let n = available.len().min(out.len());
                out[..n].copy_from_slice(&available[..n]);
                n
            };
            self.consume(n);
            Ok(n)
        }
    }

    impl<R: BufRead> BufRead for LineCounter<R> {
        #[inline]
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            // quick-xml asks several times per event: the common case stays small enough to inline.
            // The inner reader returns the same buffer until told it is consumed.
            if self.used < self.len && self.since_event <= MAX_EVENT_BYTES {
                let used = self.used;
                return Ok(&self.inner.fill_buf()?[used..]);
            }
            self.next_buffer()
        }

        #[inline]
        fn consume(&mut self, amount: usize) {
            self.since_event += amount as u64;
            self.used = (self.used + amount).min(self.len);
        }
    }

    impl<R: BufRead> LineCounter<R> {
        /// The rest of [`BufRead::fill_buf`]: refuses an event that grew too long, and once the
        /// buffer is used up counts its line ends, gives it back and gets the next.
        #[cold]
        fn next_buffer(&mut self) -> io::Result<&[u8]> {
            if self.since_event > MAX_EVENT_BYTES {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "one XML event is too long",
                ));
            }
            if self.used < self.len {
                let used = self.used;
                return Ok(&self.inner.fill_buf()?[used..]);
            }
            if self.len > 0 {
                self.settle_event_start();
                self.count_to(self.len);
                self.inner.consume(self.len);
                self.used = 0;
                self.counted = 0;
                self.len = 0;
            }
            // One call for a new buffer: at the end of the input, asking again would read again
            // (and a reader may have more to say after it once said it had nothing).
            let chunk = self.inner.fill_buf()?;
            self.len = chunk.len();
            Ok(chunk)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statement::{import_as, read_into, Collector, Format, ImportResult};

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn doc(version: &str, body: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}\">\n<BkToCstmrStmt>\n<GrpHdr><MsgId>M</MsgId></GrpHdr>\n{body}</BkToCstmrStmt>\n</Document>\n"
        )
    }

    fn bal(code: &str, amount: &str, cdi: &str, date: &str) -> String {
        format!("<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>{cdi}</CdtDbtInd><Dt><Dt>{date}</Dt></Dt></Bal>\n")
    }

    fn read(text: &str) -> Result<ImportResult, ImportError> {
        import_as("t.xml", Format::Camt053, text.as_bytes())
    }

    const ENTRY_V8: &str = "<Ntry><NtryRef>R1</NtryRef><Amt Ccy=\"EUR\">4100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>\
<RvslInd>false</RvslInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><DtTm>2025-09-30T23:30:00+02:00</DtTm></BookgDt>\
<ValDt><Dt>2025-10-01</Dt></ValDt><AcctSvcrRef>BANKREF-1</AcctSvcrRef><NtryDtls><TxDtls>\
<RltdPties><Dbtr><Pty><Nm>ACME  GmbH</Nm><PstlAdr><Ctry>DE</Ctry></PstlAdr></Pty></Dbtr>\
<DbtrAcct><Id><IBAN>DE02100100100006820101</IBAN></Id></DbtrAcct></RltdPties>\
<RltdAgts><DbtrAgt><FinInstnId><BICFI>PBNKDEFFXXX</BICFI></FinInstnId></DbtrAgt></RltdAgts>\
<RmtInf><Ustrd>Invoice 7 &amp; 8</Ustrd><Ustrd>September</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n";

    #[test]
    fn reads_a_version_8_statement() {
        let body = format!(
            "<Stmt><Id>S1</Id><Acct><Id><IBAN>KZ86125KZT5004100100</IBAN></Id><Ccy>EUR</Ccy></Acct>\n{}{}{}{ENTRY_V8}</Stmt>\n",
            bal("OPBD", "100.00", "CRDT", "2025-09-29"),
            bal("CLAV", "1.00", "CRDT", "2025-10-01"),
            bal("CLBD", "4200.00", "CRDT", "2025-10-01"),
        );
        let r = read(&doc("08", &body)).unwrap();
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let s = &r.statements[0];
        assert_eq!(s.account.as_deref(), Some("KZ86125KZT5004100100"));
        assert_eq!(s.currency, Some(CurrencyCode::EUR));
        assert_eq!(s.opening.as_ref().unwrap().amount, d("100"));
        assert_eq!(s.balanced(), Some(true));
        let t = &s.transactions[0];
        assert_eq!(t.amount, d("4100.00"));
        assert_eq!(t.status, Status::Booked);
        assert_eq!(
            t.booking_date,
            NaiveDate::from_ymd_opt(2025, 9, 30),
            "the bank's calendar day, not UTC"
        );
        assert_eq!(t.value_date, NaiveDate::from_ymd_opt(2025, 10, 1));
        assert_eq!(t.reference.as_deref(), Some("BANKREF-1"));
        assert_eq!(t.description, "Invoice 7 & 8 September");
        assert_eq!(t.counterparty.name.as_deref(), Some("ACME GmbH"));
        assert_eq!(
            t.counterparty.account.as_deref(),
            Some("DE02100100100006820101")
        );
        assert_eq!(t.counterparty.bic.as_deref(), Some("PBNKDEFFXXX"));
        assert_eq!(t.counterparty.country.unwrap().as_str(), "DE");
        assert_eq!(t.id, "t.xml#1#1");
        assert_eq!(t.line, 9);
    }

    #[test]
    fn the_account_holder_is_read_in_both_forms() {
        let stmt = |id: &str, owner: &str| {
            format!("<Stmt><Id>{id}</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id>{owner}</Acct></Stmt>\n")
        };
        let body = [
            stmt("S1", "<Ownr><Nm>A.  Seitkali</Nm></Ownr>"),
            stmt("S2", "<Ownr><Pty><Nm>Anna Schmidt</Nm></Pty></Ownr>"),
            stmt("S3", ""),
            // A name elsewhere under the account (its servicer) is not the holder.
            stmt("S4", "<Svcr><FinInstnId><Nm>Bank</Nm></FinInstnId></Svcr>"),
        ]
        .concat();
        let r = read(&doc("08", &body)).unwrap();
        let holders: Vec<_> = r.statements.iter().map(|s| s.holder.as_deref()).collect();
        assert_eq!(
            holders,
            [Some("A. Seitkali"), Some("Anna Schmidt"), None, None]
        );
    }

    #[test]
    fn batch_entries_split_into_their_details() {
        let detail = |amt: &str, name: &str| {
            format!(
            "<TxDtls><AmtDtls><TxAmt><Amt Ccy=\"EUR\">{amt}</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>{name}</Nm></Dbtr></RltdPties></TxDtls>"
        )
        };
        let body = format!(
            "<Stmt><Acct><Id><Othr><Id>12345</Id></Othr></Id></Acct><Ntry><Amt Ccy=\"EUR\">30.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>\
<BookgDt><Dt>2025-01-02</Dt></BookgDt><NtryDtls>{}{}</NtryDtls></Ntry></Stmt>",
            detail("10.00", "A"),
            detail("20.01", "B")
        );
        let r = read(&doc("02", &body)).unwrap();
        let t = &r.statements[0].transactions;
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].amount, t[1].amount), (d("10.00"), d("20.01")));
        assert_eq!(
            (t[0].id.as_str(), t[1].id.as_str()),
            ("t.xml#1#1.1", "t.xml#1#1.2")
        );
        assert_eq!(t[1].counterparty.name.as_deref(), Some("B"));
        assert_eq!(r.statements[0].account.as_deref(), Some("12345"));
        let w: Vec<_> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(
            w.iter()
                .any(|m| m.contains("add up to 30.01, the entry says 30.00")),
            "{w:?}"
        );
    }

    #[test]
    fn pending_reversed_and_debit_entries() {
        let body = "<Stmt><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>\
<Ntry><Amt Ccy=\"EUR\">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts><ValDt><Dt>2025-01-02</Dt></ValDt></Ntry>\
<Ntry><Amt Ccy=\"EUR\">6.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts><ValDt><Dt>2025-01-02</Dt></ValDt></Ntry>\
<Ntry><Amt Ccy=\"EUR\">7.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><ValDt><Dt>2025-01-02</Dt></ValDt></Ntry></Stmt>";
        let r = read(&doc("04", body)).unwrap();
        let t = &r.statements[0].transactions;
        assert_eq!(t[0].status, Status::Pending);
        assert!(t[1].reversal && !t[1].is_credit());
        assert_eq!(t[2].amount, d("-7.00"));
        assert_eq!(
            r.statements[0].currency,
            Some(CurrencyCode::EUR),
            "from the entries"
        );
    }

    #[test]
    fn bad_fields_are_diagnostics_with_lines() {
        let body = "<Stmt><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>\n\
<Ntry><Amt Ccy=\"EUR\">1,00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>\n\
<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>UP</CdtDbtInd><Sts>BOOK</Sts></Ntry>\n\
<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><ValDt><Dt>2025-02-30</Dt></ValDt></Ntry>\n</Stmt>";
        let r = read(&doc("02", body)).unwrap();
        let errors: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert_eq!(
            (errors[0].line, errors[0].field.as_str()),
            (Some(6), "Ntry/Amt")
        );
        assert_eq!(
            (errors[1].line, errors[1].field.as_str()),
            (Some(7), "Ntry/CdtDbtInd")
        );
        assert_eq!(
            (errors[2].line, errors[2].field.as_str()),
            (Some(8), "Ntry/ValDt")
        );
        assert_eq!(r.statements[0].transactions.len(), 1);
    }

    #[test]
    fn lines_do_not_depend_on_how_the_input_is_buffered() {
        // Lines are counted lazily, before each buffer of the reader is given back: a buffer
        // boundary inside or between events must not move any line or change anything read.
        let body = "<Stmt><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>\r\n\
<Ntry><Amt Ccy=\"EUR\">1,00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>\n\n\
<Ntry><Amt Ccy=\"EUR\">1.00</Amt>\n<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>\n<ValDt>\n<Dt>2025-02-30</Dt></ValDt></Ntry>\n\
<Ntry>\n<Amt Ccy=\"EUR\">2.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>PDNG</Sts><BookgDt><Dt>2025-02-03</Dt></BookgDt></Ntry>\n</Stmt>";
        let text = doc("02", body);
        let whole = read(&text).unwrap();
        let lines: Vec<_> = whole.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(
            lines,
            [Some(6), Some(11), Some(8)],
            "{:#?}",
            whole.diagnostics
        );
        assert_eq!(whole.statements[0].transactions[1].line, 12);
        let truncated = &text[..text.len() - 40];
        let whole_error = read(truncated).unwrap_err();
        for capacity in [1, 2, 3, 7, 64, 4096] {
            let mut collector = Collector::default();
            let reader = std::io::BufReader::with_capacity(capacity, text.as_bytes());
            read_into("t.xml", Format::Camt053, reader, &mut collector).unwrap();
            assert_eq!(
                collector.finish("t.xml", Format::Camt053),
                whole,
                "{capacity}"
            );
            let mut collector = Collector::default();
            let reader = std::io::BufReader::with_capacity(capacity, truncated.as_bytes());
            let error = read_into("t.xml", Format::Camt053, reader, &mut collector).unwrap_err();
            assert_eq!(error, whole_error, "{capacity}");
        }
    }

    #[test]
    fn the_input_ends_where_the_reader_first_has_nothing() {
        // A reader may have bytes again after it once returned none (a file still being
        // written; the memory test's line source replays its last line): the wrapper that
        // counts lines asks the reader for a new buffer once, so that nothing is read twice.
        struct Replaying {
            lines: Vec<Vec<u8>>,
            next: usize,
        }
        impl Read for Replaying {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let Some(line) = self.lines.get(self.next) else {
                    // Said once: nothing. Then the last line again.
                    self.next = self.lines.len() - 1;
                    return Ok(0);
                };
                self.next += 1;
                let n = line.len().min(out.len());
                out[..n].copy_from_slice(&line[..n]);
                Ok(n)
            }
        }
        let text = doc("08", &format!("<Stmt><Id>S1</Id>{ENTRY_V8}</Stmt>\n"));
        let lines = text
            .split_inclusive('\n')
            .map(|l| l.as_bytes().to_vec())
            .collect();
        let reader = std::io::BufReader::new(Replaying { lines, next: 0 });
        let mut collector = Collector::default();
        read_into("t.xml", Format::Camt053, reader, &mut collector).unwrap();
        assert_eq!(
            collector.finish("t.xml", Format::Camt053),
            read(&text).unwrap()
        );
    }

    proptest::proptest! {
        /// A name gets its own id, any other string (a longer one, one with a NUL byte or a
        /// prefix of a name) gets `Other`.
        #[test]
        fn names_get_their_own_id(text in "(Id|Amt|Cd|Dt|BkToCstmrStmt|[A-Za-z\\x00:]{0,17}){1,2}") {
            match Name::of(&text) {
                Name::Other => {
                    let known = Name::all().iter().any(|n| format!("{:?}", n) == text);
                    proptest::prop_assert!(!known, "{} is a name", text);
                }
                name => proptest::prop_assert_eq!(format!("{name:?}"), text),
            }
        }
    }

    #[test]
    fn every_name_is_recognised() {
        for name in Name::all() {
            assert_eq!(Name::of(&format!("{name:?}")), name);
        }
        assert_eq!(Name::of("Amt\0"), Name::Other);
        assert_eq!(Name::of("BkToCstmrStmtXYZ"), Name::Other);
        assert_eq!(Name::of(""), Name::Other);
    }

    #[test]
    fn counts_line_ends_in_every_position() {
        let text: Vec<u8> = (0..300u32)
            .map(|i| {
                if i % 7 == 0 || i % 11 == 0 {
                    b'\n'
                } else {
                    b'a' + (i % 26) as u8
                }
            })
            .collect();
        for start in 0..20 {
            for end in start..text.len() {
                let slice = &text[start..end];
                let expected = slice.iter().filter(|&&b| b == b'\n').count() as u64;
                assert_eq!(count_newlines(slice), expected, "{start}..{end}");
            }
        }
        assert_eq!(count_newlines(&[b'\n' ^ 0x80; 16]), 0);
        assert_eq!(count_newlines(&[0x0B; 9]), 0);
    }

    #[test]
    fn refuses_documents_that_are_not_camt053() {
        let err = read("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"/>")
            .unwrap_err();
        assert!(err.message.contains("not camt.053"), "{err}");
        let err = read("<Other/>").unwrap_err();
        assert!(err.message.contains("not a camt.053 document"), "{err}");
        let err = read("").unwrap_err();
        assert!(err.message.contains("no XML element"), "{err}");
        let err = read(&doc("02", "<Stmt><Id>x</Id>")).unwrap_err();
        assert!(
            err.message.contains("not well-formed") || err.message.contains("truncated"),
            "{err}"
        );
    }

    #[test]
    fn billion_laughs_is_refused_at_the_doctype() {
        let mut xml =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for i in 1..10 {
            let prev = if i == 1 {
                "lol".to_owned()
            } else {
                format!("lol{}", i - 1)
            };
            xml.push_str(&format!(
                "<!ENTITY lol{i} \"{}\">\n",
                format!("&{prev};").repeat(10)
            ));
        }
        xml.push_str("]>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><x>&lol9;</x></Document>");
        let started = std::time::Instant::now();
        let err = read(&xml).unwrap_err();
        assert!(started.elapsed().as_secs() < 1);
        assert_eq!((err.field.as_str(), err.line), ("DOCTYPE", Some(2)));
    }

    #[test]
    fn undeclared_entities_are_refused_not_expanded() {
        let err = read(&doc("02", "<Stmt><Id>&lol9;</Id></Stmt>")).unwrap_err();
        assert!(err.message.contains("entity &lol9;"), "{err}");
        assert_eq!(err.field, "Document/BkToCstmrStmt/Stmt/Id");
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let xml = format!(
            "{}{}",
            doc("02", "").split("</BkToCstmrStmt>").next().unwrap(),
            "<a>".repeat(100_000)
        );
        let err = read(&xml).unwrap_err();
        assert!(err.message.contains("nested deeper than 64"), "{err}");
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_line() {
        let mut bytes = doc(
            "02",
            "<Stmt><Id>ok</Id>\n<Acct><Id><Othr><Id>X\u{e9}</Id></Othr></Id></Acct></Stmt>",
        )
        .into_bytes();
        let at = bytes
            .windows(2)
            .position(|w| w == "\u{e9}".as_bytes())
            .unwrap();
        bytes.splice(at..at + 2, [0xE9]);
        let err = import_as("bad.xml", Format::Camt053, &bytes).unwrap_err();
        assert!(err.message.contains("invalid UTF-8"), "{err}");
        assert_eq!(err.line, Some(6));
    }

    #[test]
    fn legacy_encodings_are_decoded() {
        let xml = doc(
            "02",
            "<Stmt><Acct><Id><Othr><Id>M\u{fc}ller</Id></Othr></Id></Acct></Stmt>",
        )
        .replace("UTF-8", "ISO-8859-1");
        let bytes: Vec<u8> = xml.chars().map(|c| c as u32 as u8).collect();
        let r = import_as("latin1.xml", Format::Camt053, &bytes).unwrap();
        assert_eq!(r.statements[0].account.as_deref(), Some("Müller"));
    }

    #[test]
    fn unknown_versions_warn_and_missing_statements_are_noted() {
        let r = read(&doc("13", "")).unwrap();
        assert!(
            r.diagnostics[0]
                .message
                .contains("001.13 has not been checked"),
            "{:?}",
            r.diagnostics
        );
        assert!(
            r.diagnostics[1].message.contains("no <Stmt>"),
            "{:?}",
            r.diagnostics
        );
    }

    #[test]
    fn page_balances_fall_back_to_itbd() {
        let body = format!(
            "<Stmt><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>{}{}</Stmt>",
            bal("ITBD", "10.00", "CRDT", "2025-01-01"),
            bal("CLBD", "1.00", "DBIT", "2025-01-02")
        );
        let r = read(&doc("02", &body)).unwrap();
        let s = &r.statements[0];
        assert_eq!(s.opening.as_ref().unwrap().amount, d("10.00"));
        assert_eq!(s.closing.as_ref().unwrap().amount, d("-1.00"));
        assert_eq!(s.balanced(), Some(false));
    }

    /// The differential test: the tokenizer-based reader against the quick-xml one it replaced,
    /// over every camt.053 file in the repository and the peers' corpus, generated files and
    /// thousands of mutations of them (truncated, bytes removed, markup and references inserted,
    /// CRLF, byte order mark, namespace prefixes, single quotes).
    mod against_quick_xml {
        use super::*;

        fn old_import(name: &str, bytes: &[u8]) -> Result<ImportResult, ImportError> {
            let mut collector = Collector::default();
            quick_xml_reader::read(name, bytes, &mut collector)?;
            Ok(collector.finish(name, Format::Camt053))
        }

        /// Every `*.xml` below `dir` that names camt.053, as (path, bytes).
        fn camt_files(dir: &std::path::Path, out: &mut Vec<(String, Vec<u8>)>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    camt_files(&path, out);
                } else if path.extension().is_some_and(|e| e == "xml") {
                    let bytes = std::fs::read(&path).unwrap();
                    if bytes.windows(9).any(|w| w == b"camt.053.") {
                        out.push((path.display().to_string(), bytes));
                    }
                }
            }
        }

        /// The corpus files; the test fails if the repository's or the peers' are not found.
        fn corpus() -> Vec<(String, Vec<u8>)> {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let mut files = Vec::new();
            camt_files(&root.join("../../testdata"), &mut files);
            let repo = files.len();
            camt_files(&root.join("tests/data"), &mut files);
            let generated = files.len() - repo;
            camt_files(
                &root.join("../../../shared/peers/statements/camt053"),
                &mut files,
            );
            let peers = files.len() - repo - generated;
            assert!(
                repo >= 10 && generated >= 2 && peers >= 12,
                "{repo} {generated} {peers}"
            );
            files
        }

        /// The element tags of `text` with prefix `p:` (and the root's namespace bound to it).
        fn prefixed(text: &str) -> String {
            let mut out = String::with_capacity(text.len() * 2);
            let mut rest = text;
            while let Some(at) = rest.find('<') {
                out.push_str(&rest[..at]);
                let tail = &rest[at..];
                if let Some(after) = tail.strip_prefix("</") {
                    out.push_str("</p:");
                    rest = after;
                } else if tail.starts_with("<?") || tail.starts_with("<!") {
                    out.push('<');
                    rest = &tail[1..];
                } else {
                    out.push_str("<p:");
                    rest = &tail[1..];
                }
            }
            out.push_str(rest);
            out.replacen("xmlns=", "xmlns:p=", 1)
        }

        /// Whole-file variants that a bank could write and that must read the same.
        fn variants(text: &str) -> Vec<String> {
            vec![
                text.replace('\n', "\r\n"),
                format!("\u{feff}{text}"),
                prefixed(text),
                text.replace("Ccy=\"", "Ccy = '").replace("\">", "'>"),
                text.replace("</Ustrd>", "<!-- note --></Ustrd>")
                    .replace("<Ustrd>", "<Ustrd><![CDATA[ a<b & c ]]>&#233;&#xE9;&amp;"),
                text.replace(
                    "<RvslInd>false</RvslInd>",
                    "<RvslInd>false</RvslInd><Empty/><Empty a='1' />",
                ),
            ]
        }

        const INSERTS: [&[u8]; 22] = [
            b"<",
            b">",
            b"&",
            b"&amp;",
            b"&#233;",
            b"&#0;",
            b"&#x110000;",
            b"&bogus;",
            b"&#xD800;",
            b"<!--c-->",
            b"<![CDATA[x&y]]>",
            b"\"",
            b"'",
            b"\r",
            b"\xE9",
            b"</X>",
            b"<X/>",
            b"<?pi x?>",
            b"<!DOCTYPE x>",
            b"]]>",
            b"\n",
            b"<!-",
        ];

        /// Differences the new reader is allowed: it refuses what is not well-formed XML and
        /// quick-xml let through.
        /// and a DOCTYPE is refused as soon as `<!DOCTYPE` is read, even one that is broken.
        fn stricter(e: &ImportError, old: &Result<ImportResult, ImportError>) -> bool {
            e.message.contains("the root element")
                || e.message.contains("a second root element")
                || (e.field == "DOCTYPE" && old.is_err())
        }

        #[test]
        fn reads_every_file_and_mutation_as_quick_xml_did() {
            let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
            for (name, bytes) in corpus() {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                for (k, v) in variants(&text).into_iter().enumerate() {
                    cases.push((format!("{name} variant {k}"), v.into_bytes()));
                }
                // Mutations at up to 150 places spread over the file (20 in the large generated
                // ones, which take longest in a debug build).
                let places = if bytes.len() > 100_000 { 20 } else { 150 };
                let step = (bytes.len() / places).max(1);
                for (n, at) in (0..bytes.len()).step_by(step).enumerate() {
                    cases.push((format!("{name} cut {at}"), bytes[..at].to_vec()));
                    let mut removed = bytes.clone();
                    removed.remove(at);
                    cases.push((format!("{name} without {at}"), removed));
                    let insert = INSERTS[n % INSERTS.len()];
                    let mut inserted = bytes.clone();
                    inserted.splice(at..at, insert.iter().copied());
                    cases.push((
                        format!("{name} {:?} at {at}", String::from_utf8_lossy(insert)),
                        inserted,
                    ));
                }
            }
            let mut same = 0;
            let mut allowed = Vec::new();
            let mut wrong = Vec::new();
            for (name, bytes) in &cases {
                let new = import_as("f.xml", Format::Camt053, bytes);
                let old = old_import("f.xml", bytes);
                match (&new, &old) {
                    (Ok(a), Ok(b)) if a == b => same += 1,
                    (Err(a), Err(b)) if a == b => same += 1,
                    (Err(a), _) if stricter(a, &old) => allowed.push(format!("{name}: {a}")),
                    _ => wrong.push(format!("{name}:\n  new {new:?}\n  old {old:?}")),
                }
            }
            assert!(
                wrong.is_empty(),
                "{} of {} cases differ:\n{}",
                wrong.len(),
                cases.len(),
                wrong[..wrong.len().min(400)].join("\n")
            );
            assert!(same > 8_000, "{same} cases alike");
            eprintln!(
                "{same} cases alike, {} refused as not well-formed: {allowed:#?}",
                allowed.len()
            );
            assert!(allowed.len() < cases.len() / 20, "{}", allowed.join("\n"));
        }
    }
}
