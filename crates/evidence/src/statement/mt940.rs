//! SWIFT MT940 customer statements (and MT942 interim reports), as banks really write them.
//!
//! Read: `:20:` statement reference, `:25:` account (kept as written; a trailing currency code
//! is used as a hint), `:28:`/`:28C:` number, `:60F:`/`:60M:` opening and `:62F:`/`:62M:`
//! closing balances, `:61:` statement lines with the `:86:` that follows each, MT942's `:34F:`.
//! Tolerated: SWIFT envelopes `{1:..}{2:..}{4:` and `-}`, bank preambles, `-` trailers, CR LF or
//! LF, SOH/ETX control bytes, wrapped `:61:` lines, `:86:` continuation lines that look like
//! tags, amounts without decimals (`500`, `500,`), lines in Windows-1252 instead of UTF-8.
//! Ignored with a note: `:64:`/`:65:` available balances, `:NS:` non-SWIFT fields, `:13D:`,
//! `:90C:`/`:90D:`. An impossible date (`160230`) is an error diagnostic naming line and field;
//! the transaction is kept without that date.

use std::borrow::Cow;
use std::io::{self, BufRead};

use neonomad_core::{CurrencyCode, Decimal, NaiveDate};

use super::spaces::{normalise_space, trim, PieceNormaliser};
use super::words::find_byte;
use super::{
    charset, iban_country, io_error, transaction_id, with_sign, Balance, Counterparty, Diagnostic,
    ImportError, Severity, Sink, Statement, Status, Transaction,
};

/// Longest line accepted; SWIFT lines are at most 65 characters, banks' a few hundred.
const MAX_LINE: usize = 64 * 1024;
/// Continuation lines kept per field; `:86:` has at most 6 in SWIFT, banks use up to ~20.
const MAX_CONTINUATION: usize = 200;

/// Tags this importer knows; a tag-shaped line with another tag inside `:61:`/`:86:` is text.
fn is_known_tag(tag: &str) -> bool {
    matches!(
        tag,
        "13" | "13D"
            | "20"
            | "21"
            | "25"
            | "25P"
            | "28"
            | "28C"
            | "34F"
            | "60F"
            | "60M"
            | "61"
            | "62F"
            | "62M"
            | "64"
            | "65"
            | "86"
            | "90C"
            | "90D"
            | "NS"
    )
}

/// Whether text (the start of a file) looks like MT940: a SWIFT envelope or a known field tag.
pub(super) fn looks_like_mt940(text: &str) -> bool {
    text.lines().take(200).any(|raw| {
        let line = clean(raw);
        line.starts_with("{1:")
            || line.starts_with("{4:")
            || split_tag(&line).is_some_and(|(tag, _)| {
                matches!(
                    tag,
                    "20" | "25" | "28C" | "60F" | "60M" | "61" | "62F" | "62M"
                )
            })
    })
}

/// Reads MT940 from `reader`, handing transactions and statements to `sink`.
///
/// Fails only when the bytes cannot be read or a line is absurdly long; everything else is a
/// diagnostic.
pub fn read<R: BufRead>(
    file: &str,
    mut reader: R,
    sink: &mut impl Sink,
) -> Result<(), ImportError> {
    let mut parser = Parser::new(file, sink);
    // The lines are read where the reader holds them, a buffer at a time; only a line that
    // runs past the end of one buffer is gathered here.
    let mut partial = Vec::new();
    let mut line_no = 0u64;
    loop {
        let block = match reader.fill_buf() {
            Ok(block) => block,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error(file, line_no + 1, &e)),
        };
        if block.is_empty() {
            break;
        }
        let mut rest = block;
        if !partial.is_empty() {
            let Some(at) = memchr::memchr(b'\n', rest) else {
                partial.extend_from_slice(rest);
                if partial.len() > MAX_LINE {
                    return Err(too_long(file, line_no + 1));
                }
                let used = block.len();
                reader.consume(used);
                continue;
            };
            partial.extend_from_slice(&rest[..=at]);
            line_no += 1;
            if partial.len() > MAX_LINE {
                return Err(too_long(file, line_no));
            }
            parser.raw_line(line_no, &partial);
            partial.clear();
            rest = &rest[at + 1..];
        }
        let whole = memchr::memrchr(b'\n', rest).map_or(0, |at| at + 1);
        parser.lines(&mut line_no, &rest[..whole])?;
        partial.extend_from_slice(&rest[whole..]);
        if partial.len() > MAX_LINE {
            return Err(too_long(file, line_no + 1));
        }
        let used = block.len();
        reader.consume(used);
    }
    if !partial.is_empty() {
        line_no += 1;
        parser.raw_line(line_no, &partial);
    }
    parser.end_of_input(line_no);
    Ok(())
}

/// A line (with its line end) is longer than [`MAX_LINE`] bytes.
fn too_long(file: &str, line: u64) -> ImportError {
    ImportError {
        file: file.to_owned(),
        line: Some(line),
        field: "line".to_owned(),
        message: format!(
            "longer than {MAX_LINE} bytes: not MT940 (its lines hold at most a few hundred characters)"
        ),
    }
}

/// Whether every line of `block` (whole lines, each ending in LF) is one that [`clean`] borrows
/// unchanged but for its CR: no control byte but tab, CR and LF, no DEL, no 0xC2 (which starts
/// the C1 controls in UTF-8), and every CR right before an LF.
fn plain_lines(block: &[u8]) -> bool {
    let Some((_, next_bytes)) = block.split_first() else {
        return true;
    };
    // Each byte with the next one, or-ed without stopping early, which the compiler turns into
    // a vector loop. The last byte is the LF, which has no next byte to look at and is plain.
    let odd = block[..next_bytes.len()]
        .iter()
        .zip(next_bytes)
        .fold(false, |odd, (&b, &next)| {
            let control = b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r';
            odd | control | (b == 0x7F) | (b == 0xC2) | ((b == b'\r') & (next != b'\n'))
        });
    !odd
}

/// Drops the line end and control bytes (SOH, ETX, ...) banks wrap files in; keeps tabs.
fn clean(raw: &str) -> Cow<'_, str> {
    // Almost every line is plain text ending in CR: borrow it. A byte below 0x20 (but tab), DEL,
    // or 0xC2 (which starts the C1 controls U+0080..U+009F in UTF-8) takes the slow path.
    // The flags are or-ed without stopping early, which the compiler turns into a vector loop.
    let body = raw.strip_suffix('\r').unwrap_or(raw);
    let odd = body.bytes().fold(false, |odd, b| {
        odd | ((b < 0x20 && b != b'\t') | (b == 0x7F) | (b == 0xC2))
    });
    if !odd {
        return Cow::Borrowed(body);
    }
    Cow::Owned(
        raw.chars()
            .filter(|&c| c == '\t' || !c.is_control())
            .collect(),
    )
}

/// `:TAG:rest` to `(TAG, rest)` when TAG is two digits and an optional letter, or `NS`.
fn split_tag(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(':')?;
    // A tag has at most three characters: a `:` further on (or none) ends no tag.
    let end = rest.bytes().take(4).position(|b| b == b':')?;
    let tag = &rest[..end];
    let b = tag.as_bytes();
    let shaped = tag == "NS"
        || (b.len() >= 2
            && b.len() <= 3
            && b[0].is_ascii_digit()
            && b[1].is_ascii_digit()
            && b.get(2).is_none_or(|c| c.is_ascii_uppercase()));
    shaped.then(|| (tag, &rest[end + 1..]))
}

/// One field: its tag, the line it starts on, its first line's content and continuation lines.
///
/// The lines are kept one after another in one string, which is also the joined text that
/// `:86:` is read from, so neither a string per line nor a joined copy is made.
struct Field {
    tag: String,
    line: u64,
    /// The lines, each as read, with nothing between them.
    text: String,
    /// Where each line ends in `text`.
    ends: Vec<usize>,
}

impl Field {
    fn push_line(&mut self, line: &str) {
        self.text.push_str(line);
        self.ends.push(self.text.len());
    }

    fn line_count(&self) -> usize {
        self.ends.len()
    }

    /// Line `i` (0: the content after the tag); `None` past the last.
    fn line(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    /// Lines `from..`.
    fn lines_from(&self, from: usize) -> impl Iterator<Item = &str> {
        (from..self.ends.len()).filter_map(|i| self.line(i))
    }
}

/// A statement being read.
#[derive(Default)]
struct Open {
    line: u64,
    id: Option<String>,
    account: Option<String>,
    account_currency: Option<CurrencyCode>,
    report_currency: Option<CurrencyCode>,
    opening: Option<Balance>,
    closing: Option<Balance>,
    transactions: Vec<Transaction>,
    /// The last field was `:61:`, so a `:86:` describes that transaction.
    details_for_last: bool,
    interim_report: bool,
}

struct Parser<'a, S: Sink> {
    file: &'a str,
    sink: &'a mut S,
    open: Option<Open>,
    /// The last statement's transaction list, emptied: reused, as growing a new one for every
    /// statement (moving the transactions each time it grows) showed up in profiles.
    spare_transactions: Vec<Transaction>,
    statements: usize,
    field: Option<Field>,
    /// The last field read, emptied: reused for the next field, as a field and its lines owned
    /// afresh for every line were a good part of the import time.
    spare: Option<Field>,
    dropped_continuations: bool,
    preamble: Option<(u64, usize)>,
    warned_charset: bool,
    any_field: bool,
}

impl<'a, S: Sink> Parser<'a, S> {
    fn new(file: &'a str, sink: &'a mut S) -> Self {
        Parser {
            file,
            sink,
            open: None,
            spare_transactions: Vec::new(),
            statements: 0,
            field: None,
            spare: None,
            dropped_continuations: false,
            preamble: None,
            warned_charset: false,
            any_field: false,
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

    /// Whole lines, each ending in LF, numbered on from `line_no`.
    fn lines(&mut self, line_no: &mut u64, block: &[u8]) -> Result<(), ImportError> {
        // Checked once for the block: valid UTF-8 and plain (see `plain_lines`) lets every line
        // be used as it is, where `raw_line` decodes and cleans each line by itself.
        let plain = match std::str::from_utf8(block) {
            Ok(text) if plain_lines(block) => Some(text),
            _ => None,
        };
        let mut start = 0;
        // Lines are short: `find_byte`, as `memchr`'s set-up cost more than it saved.
        while let Some(found) = find_byte(&block[start..], b'\n') {
            let end = start + found;
            *line_no += 1;
            if end + 1 - start > MAX_LINE {
                return Err(too_long(self.file, *line_no));
            }
            match plain {
                Some(text) => {
                    let line = &text[start..end];
                    self.line(*line_no, line.strip_suffix('\r').unwrap_or(line));
                }
                None => self.raw_line(*line_no, &block[start..end]),
            }
            start = end + 1;
        }
        Ok(())
    }

    /// One line's bytes (an LF at the end dropped): decoded, control bytes dropped.
    fn raw_line(&mut self, line_no: u64, bytes: &[u8]) {
        let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let (text, fallback) = charset::decode_line(bytes);
        if fallback && !self.warned_charset {
            self.warned_charset = true;
            self.warn(
                line_no,
                "charset",
                "not valid UTF-8; this and later such lines were read as Windows-1252".to_owned(),
            );
        }
        self.line(line_no, &clean(&text));
    }

    fn line(&mut self, line_no: u64, line: &str) {
        let mut line = line;
        if line.starts_with('{') {
            match strip_envelope(line) {
                Envelope::Content(rest) => line = rest,
                Envelope::Nothing => return,
                Envelope::End => return self.end_message(),
            }
        }
        let trimmed = trim(line);
        if trimmed.is_empty() {
            return;
        }
        if trimmed == "-" || trimmed.starts_with("-}") {
            return self.end_message();
        }
        if let Some((tag, rest)) = split_tag(line) {
            let in_text = self
                .field
                .as_ref()
                .is_some_and(|f| f.tag == "86" || f.tag == "61");
            if is_known_tag(tag) || !in_text {
                self.flush_field();
                self.any_field = true;
                let mut field = self.spare.take().unwrap_or(Field {
                    tag: String::new(),
                    line: 0,
                    text: String::new(),
                    ends: Vec::new(),
                });
                field.tag.clear();
                field.tag.push_str(tag);
                field.line = line_no;
                field.push_line(rest);
                self.field = Some(field);
                return;
            }
        }
        match &mut self.field {
            Some(field) if field.line_count() <= MAX_CONTINUATION => field.push_line(line),
            Some(field) => {
                let (tag, at) = (field.tag.clone(), field.line);
                if !self.dropped_continuations {
                    self.dropped_continuations = true;
                    self.warn(at, &tag, format!("more than {MAX_CONTINUATION} continuation lines; the rest were ignored"));
                }
            }
            None => self.preamble.get_or_insert((line_no, 0)).1 += 1,
        }
    }

    fn end_message(&mut self) {
        self.flush_field();
        self.finish_statement();
    }

    fn end_of_input(&mut self, last_line: u64) {
        self.flush_field();
        self.finish_statement();
        if let Some((first, count)) = self.preamble {
            let message = if self.any_field {
                format!(
                    "{count} line(s) outside any field (bank header or stray text) were ignored"
                )
            } else {
                format!("no MT940 field found in {count} line(s): expected lines such as :20:, :25:, :60F:, :61:")
            };
            let severity = if self.any_field {
                Severity::Warning
            } else {
                Severity::Error
            };
            self.diag(first, "file", message, severity);
        } else if !self.any_field {
            self.error(
                last_line.max(1),
                "file",
                "empty: no MT940 field found".to_owned(),
            );
        }
    }

    fn open(&mut self, line: u64) -> &mut Open {
        self.open.get_or_insert_with(|| Open {
            line,
            transactions: std::mem::take(&mut self.spare_transactions),
            ..Open::default()
        })
    }

    fn flush_field(&mut self) {
        let Some(mut field) = self.field.take() else {
            return;
        };
        self.apply_field(&field);
        field.text.clear();
        field.ends.clear();
        self.spare = Some(field);
    }

    fn apply_field(&mut self, field: &Field) {
        let tag = field.tag.as_str();
        let line = field.line;
        let first = trim(field.line(0).unwrap_or(""));
        if tag != "86" {
            if let Some(open) = &mut self.open {
                open.details_for_last = false;
            }
        }
        match tag {
            "20" => {
                if self.open.is_some() {
                    self.finish_statement();
                }
                self.open(line).id = non_empty(first);
            }
            "25" | "25P" => {
                let open = self.open(line);
                if let Some(existing) = open.account.clone() {
                    self.warn(line, tag, format!("second account {first:?} in one statement ignored; keeping {existing:?}"));
                } else {
                    open.account_currency = currency_suffix(first);
                    open.account = non_empty(first);
                }
            }
            "60F" | "60M" => {
                if self.open.as_ref().is_some_and(|o| o.closing.is_some()) {
                    self.warn(line, tag, "opening balance after a closing balance without :20:; starting a new statement".to_owned());
                    self.finish_statement();
                }
                match parse_balance(first) {
                    Ok(balance) => {
                        let open = self.open(line);
                        if open.opening.is_some() {
                            self.warn(line, tag, "second opening balance in one statement ignored; keeping the first".to_owned());
                        } else {
                            open.opening = Some(balance);
                        }
                    }
                    Err(why) => {
                        self.open(line);
                        self.error(
                            line,
                            tag,
                            format!("opening balance {first:?} not read: {why}"),
                        );
                    }
                }
            }
            "62F" | "62M" => {
                match parse_balance(first) {
                    Ok(balance) => {
                        let open = self.open(line);
                        if open.closing.is_some() {
                            self.warn(line, tag, "second closing balance in one statement ignored; keeping the first".to_owned());
                        } else {
                            open.closing = Some(balance);
                        }
                    }
                    Err(why) => {
                        self.open(line);
                        self.error(
                            line,
                            tag,
                            format!("closing balance {first:?} not read: {why}"),
                        );
                    }
                }
            }
            "61" => self.statement_line(field),
            "86" => self.details(field),
            "34F" => {
                let ccy = first.get(..3).and_then(|c| CurrencyCode::parse(c).ok());
                let open = self.open(line);
                open.interim_report = true;
                open.report_currency = open.report_currency.or(ccy);
            }
            "13" | "13D" | "90C" | "90D" => self.open(line).interim_report = true,
            "21" | "28" | "28C" | "64" | "65" => {
                self.open(line);
            }
            // Non-SWIFT bank extras: neither content nor a reason to start a statement.
            "NS" => {}
            other => {
                let other = other.to_owned();
                self.warn(line, &other, format!("unknown field :{other}: ignored"));
            }
        }
    }

    fn statement_line(&mut self, field: &Field) {
        let line = field.line;
        let first = field.line(0).unwrap_or("").trim_end();
        // The wrapped line read joined, when it had to be: the parsed line borrows from it.
        let joined: Option<String>;
        let (parsed, supplementary) = match parse_61(first) {
            Ok(p) => (p, 1),
            Err(why) => {
                // Some banks wrap the statement line itself (date and mark on one line, the
                // amount on the next): retry with the first continuation line joined on.
                joined = field.line(1).map(|next| format!("{first}{}", next.trim()));
                match joined.as_deref().map(parse_61) {
                    Some(Ok(p)) => {
                        self.warn(
                            line,
                            "61",
                            "statement line wrapped onto the next line; read joined".to_owned(),
                        );
                        (p, 2)
                    }
                    _ => {
                        self.open(line);
                        self.error(
                            line,
                            "61",
                            format!(
                                "statement line {first:?} not read: {why}; transaction left out"
                            ),
                        );
                        return;
                    }
                }
            }
        };
        let year = expand_year(parsed.value_raw.0);
        let value_date = NaiveDate::from_ymd_opt(year, parsed.value_raw.1, parsed.value_raw.2);
        if value_date.is_none() {
            self.error(line, "61", format!(
                "value date {} is not a calendar day (YYMMDD); transaction kept without a value date{}",
                parsed.value_text(),
                if parsed.entry_raw.is_some() { ", its month taken from the entry date" } else { "" }
            ));
        }
        let booking_date = match parsed.entry_raw {
            Some((month, day)) => {
                let entry_year = entry_year(year, parsed.value_raw.1, month);
                let date = NaiveDate::from_ymd_opt(entry_year, month, day);
                if date.is_none() {
                    self.warn(
                        line,
                        "61",
                        format!(
                            "entry date {month:02}{day:02} is not a calendar day (MMDD); ignored"
                        ),
                    );
                }
                date
            }
            None => None,
        };
        let open = self.open(line);
        if open.closing.is_some() {
            let msg =
                "statement line after the closing balance; counted in this statement".to_owned();
            self.warn(line, "61", msg);
        }
        let statements = self.statements + 1;
        let file = self.file;
        let open = self.open(line);
        let n = open.transactions.len() + 1;
        let supplementary = field
            .lines_from(supplementary)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        open.transactions.push(Transaction {
            id: transaction_id(file, statements, n),
            reference: parsed.bank_ref.or(parsed.customer_ref).map(str::to_owned),
            booking_date,
            value_date,
            amount: parsed.amount,
            currency: None,
            description: supplementary,
            counterparty: Counterparty::default(),
            reversal: parsed.reversal,
            status: Status::Booked,
            line,
        });
        open.details_for_last = true;
    }

    fn details(&mut self, field: &Field) {
        let open = self.open(field.line);
        if !open.details_for_last {
            // Statement-level information (after :62F: or before any :61:): not a transaction's.
            return;
        }
        open.details_for_last = false;
        let Some(tx) = open.transactions.last_mut() else {
            return;
        };
        let (description, counterparty) = parse_details(field);
        if !description.is_empty() {
            tx.description = description;
        }
        tx.counterparty = counterparty;
    }

    fn finish_statement(&mut self) {
        let Some(mut open) = self.open.take() else {
            return;
        };
        self.statements += 1;
        let line = open.line;
        let currency = open
            .opening
            .as_ref()
            .and_then(|b| b.currency)
            .or(open.closing.as_ref().and_then(|b| b.currency))
            .or(open.account_currency)
            .or(open.report_currency);
        if open.account.is_none() {
            self.warn(line, "25", "statement has no account (:25:)".to_owned());
        }
        if !open.interim_report {
            if open.opening.is_none() {
                self.warn(
                    line,
                    "60F",
                    "statement has no opening balance (:60F:/:60M:)".to_owned(),
                );
            }
            if open.closing.is_none() {
                self.warn(
                    line,
                    "62F",
                    "statement has no closing balance (:62F:/:62M:)".to_owned(),
                );
            }
        }
        for mut tx in open.transactions.drain(..) {
            tx.currency = currency;
            self.sink.transaction(tx);
        }
        self.spare_transactions = std::mem::take(&mut open.transactions);
        self.sink.statement(Statement {
            id: open.id,
            account: open.account,
            holder: None,
            currency,
            opening: open.opening,
            closing: open.closing,
            transactions: Vec::new(),
            line,
        });
    }
}

enum Envelope<'a> {
    /// Text after `{4:` on the same line.
    Content(&'a str),
    /// Only header blocks on this line.
    Nothing,
    /// `-}` closes the message text block.
    End,
}

/// Skips SWIFT header blocks `{1:...}{2:...}{3:{108:...}}` and finds `{4:` or `-}`.
fn strip_envelope(line: &str) -> Envelope<'_> {
    let mut rest = line;
    loop {
        if let Some(after) = rest.strip_prefix("{4:") {
            return if after.trim().is_empty() {
                Envelope::Nothing
            } else {
                Envelope::Content(after)
            };
        }
        if rest.starts_with("-}") {
            return Envelope::End;
        }
        if !rest.starts_with('{') {
            return if rest.trim().is_empty() {
                Envelope::Nothing
            } else {
                Envelope::Content(rest)
            };
        }
        let mut depth = 0usize;
        let mut end = None;
        for (i, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        match end {
            Some(i) => rest = &rest[i + 1..],
            None => return Envelope::Nothing,
        }
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// A currency code at the end of an account id (`51210600/9223382012EUR`, `.../HUF`).
fn currency_suffix(account: &str) -> Option<CurrencyCode> {
    let b = account.as_bytes();
    if b.len() < 5 || !(b[b.len() - 4].is_ascii_digit() || b[b.len() - 4] == b'/') {
        return None;
    }
    CurrencyCode::parse(&account[account.len() - 3..]).ok()
}

/// `YY` to a year: 1980-2079, the window in which MT940 files exist.
fn expand_year(yy: u32) -> i32 {
    if yy < 80 {
        2000 + yy as i32
    } else {
        1900 + yy as i32
    }
}

/// The entry date has no year: take the value date's, moved across a year end when the months
/// are far apart (value 31 Dec, entry 2 Jan).
fn entry_year(value_year: i32, value_month: u32, entry_month: u32) -> i32 {
    if entry_month + 6 < value_month {
        value_year + 1
    } else if value_month + 6 < entry_month {
        value_year - 1
    } else {
        value_year
    }
}

/// An MT940 amount: digits with a decimal comma, decimals optional (`1234,56`, `500,`, `500`).
///
/// The digits become the decimal's mantissa and the decimals its scale, as
/// `Decimal::from_str_exact` of `1234.56` would make them, without writing that text first (the
/// `format!` was a twentieth of the MT940 import).
fn swift_amount(text: &str) -> Result<Decimal, String> {
    let (int, frac) = match text.as_bytes().iter().position(|&b| b == b',') {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) {
        return Err(format!(
            "amount {text:?} is not digits with one decimal comma, e.g. 1234,56"
        ));
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if int.len() + frac.len() > 28 {
        return Err(format!("amount {text:?} has too many digits"));
    }
    // At most 28 digits: below 10^28, which fits in a Decimal's 96 bits.
    let mantissa = int
        .bytes()
        .chain(frac.bytes())
        .fold(0i128, |n, b| n * 10 + i128::from(b - b'0'));
    Decimal::try_from_i128_with_scale(mantissa, frac.len() as u32)
        .map_err(|_| format!("amount {text:?} is out of range"))
}

/// `YYMMDD` to a date.
fn swift_date(text: &str) -> Result<NaiveDate, String> {
    let (yy, mm, dd) = date_parts(text).ok_or_else(|| format!("date {text:?} is not YYMMDD"))?;
    NaiveDate::from_ymd_opt(expand_year(yy), mm, dd)
        .ok_or_else(|| format!("date {text} is not a calendar day (YYMMDD)"))
}

fn date_parts(text: &str) -> Option<(u32, u32, u32)> {
    let b = text.as_bytes();
    if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some((
        two_digits(&b[0..2]),
        two_digits(&b[2..4]),
        two_digits(&b[4..6]),
    ))
}

/// Two ASCII digits (checked by the caller) as a number.
fn two_digits(b: &[u8]) -> u32 {
    u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0')
}

/// `:60F:`/`:62F:` content: mark, YYMMDD, currency, amount (`C250131EUR1234,56`).
fn parse_balance(text: &str) -> Result<Balance, String> {
    const EXPECTED: &str = "expected C or D, YYMMDD, currency and amount, e.g. C250131EUR1234,56";
    let sign = match text.as_bytes().first() {
        Some(b'C') => Decimal::ONE,
        Some(b'D') => Decimal::NEGATIVE_ONE,
        _ => return Err(format!("no credit/debit mark: {EXPECTED}")),
    };
    let date = text
        .get(1..7)
        .ok_or_else(|| format!("too short: {EXPECTED}"))?;
    let date = swift_date(date)?;
    let currency = text
        .get(7..10)
        .ok_or_else(|| format!("no currency: {EXPECTED}"))?;
    let currency = CurrencyCode::parse(currency)
        .map_err(|_| format!("{currency:?} is not a currency: {EXPECTED}"))?;
    let amount = swift_amount(text.get(10..).unwrap_or("").trim())?;
    Ok(Balance {
        date,
        amount: with_sign(sign, amount),
        currency: Some(currency),
    })
}

/// A reference of a `:61:` line, trimmed; `None` when empty or `NONREF`.
fn reference(s: &str) -> Option<&str> {
    let s = trim(s);
    (!s.is_empty() && s != "NONREF").then_some(s)
}

/// The pieces of a `:61:` statement line, borrowed from it.
#[derive(Debug)]
struct Line61<'a> {
    value_raw: (u32, u32, u32),
    entry_raw: Option<(u32, u32)>,
    reversal: bool,
    amount: Decimal,
    customer_ref: Option<&'a str>,
    bank_ref: Option<&'a str>,
}

impl Line61<'_> {
    /// The value date as written: six digits, so the parts give the text back.
    fn value_text(&self) -> String {
        let (yy, mm, dd) = self.value_raw;
        format!("{yy:02}{mm:02}{dd:02}")
    }
}

/// Value date YYMMDD, optional entry date MMDD, mark C/D/RC/RD, optional funds code letter,
/// amount, transaction type (4 characters), customer reference, `//` bank reference.
fn parse_61(text: &str) -> Result<Line61<'_>, String> {
    let b = text.as_bytes();
    let value_text = text.get(..6).unwrap_or(text);
    let value_raw = date_parts(value_text)
        .ok_or_else(|| format!("expected the value date YYMMDD first, found {value_text:?}"))?;
    let mut i = 6;
    let four_digits = b.len() >= i + 4 && b[i..i + 4].iter().all(u8::is_ascii_digit);
    let entry_raw = if four_digits {
        let entry = (two_digits(&b[i..i + 2]), two_digits(&b[i + 2..i + 4]));
        i += 4;
        Some(entry)
    } else {
        None
    };
    let (sign, reversal) = match (b.get(i), b.get(i + 1)) {
        (Some(b'R'), Some(b'C')) => {
            i += 2;
            (Decimal::NEGATIVE_ONE, true)
        }
        (Some(b'R'), Some(b'D')) => {
            i += 2;
            (Decimal::ONE, true)
        }
        (Some(b'C'), _) => {
            i += 1;
            (Decimal::ONE, false)
        }
        (Some(b'D'), _) => {
            i += 1;
            (Decimal::NEGATIVE_ONE, false)
        }
        _ => {
            let found = text.get(i..).unwrap_or("");
            return Err(format!(
                "expected the mark C, D, RC or RD after the date(s), found {found:?}"
            ));
        }
    };
    if b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1; // funds code: the third letter of the currency code
    }
    let amount_end = i + b[i..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b',')
        .count();
    if amount_end == i {
        return Err("expected an amount such as 1234,56 after the mark".to_owned());
    }
    let amount = swift_amount(&text[i..amount_end])?;
    let rest = &text[amount_end..];
    let type_end = rest.char_indices().nth(4).map_or(rest.len(), |(at, _)| at);
    let refs = &rest[type_end..];
    // The first `//` (as `split_once("//")` finds it), looked for byte by byte: references are
    // short, and a string searcher's set-up cost more than the search.
    let (customer, bank) = match refs.as_bytes().windows(2).position(|w| w == b"//") {
        Some(at) => (&refs[..at], Some(&refs[at + 2..])),
        None => (refs, None),
    };
    Ok(Line61 {
        value_raw,
        entry_raw,
        reversal,
        amount: with_sign(sign, amount),
        customer_ref: reference(customer),
        bank_ref: bank.and_then(reference),
    })
}

/// Keys of the slash-structured `:86:` (SWIFT/Dutch banks): `/NAME/.../REMI/...`.
const SLASH_KEYS: &[&str] = &[
    "ADDR", "BENM", "BIC", "BUSP", "CHGS", "CNTP", "CREF", "CSID", "EREF", "EXCH", "IBAN", "ID",
    "IREF", "ISDT", "KREF", "MARF", "MREF", "NAME", "OCMT", "ORDP", "PREF", "PURP", "REMI", "RTRN",
    "RTYP", "STRD", "SVCL", "TRCD", "ULTB", "ULTC", "ULTD", "USTD",
];

/// Description and counterparty from `:86:`: German `?NN` subfields, `/KEY/` structure, or
/// free text.
fn parse_details(field: &Field) -> (String, Counterparty) {
    let joined = field.text.as_str();
    if is_gvc(joined) {
        return gvc_details(joined);
    }
    if joined.trim_start().starts_with('/') {
        if let Some(found) = slash_details(joined) {
            return found;
        }
    }
    let text = field
        .lines_from(0)
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    (normalise_space(&text), Counterparty::default())
}

fn is_gvc(text: &str) -> bool {
    let b = text.as_bytes();
    (b.len() > 4 && b[..3].iter().all(u8::is_ascii_digit) && b[3] == b'?') || text.contains("?20")
}

/// German "Geschäftsvorfallcode" layout: ?20-?29 and ?60-?63 purpose, ?30 bank code or BIC,
/// ?31 account or IBAN, ?32-?33 name.
fn gvc_details(text: &str) -> (String, Counterparty) {
    // Found once (a `:86:` has about ten parts, kept on the stack up to 24), then the outputs
    // sized once: growing them by pushing showed up in profiles.
    let mut inline = [(0u32, ""); 24];
    let mut count = 0;
    let mut more = Vec::new();
    for part in subfields(text) {
        match inline.get_mut(count) {
            Some(slot) => {
                *slot = part;
                count += 1;
            }
            None => more.push(part),
        }
    }
    let parts = || inline[..count].iter().chain(&more).copied();
    let (mut purpose_len, mut name_len) = (0, 0);
    for (code, value) in parts() {
        match code {
            20..=29 | 60..=63 => purpose_len += value.len(),
            32 | 33 => name_len += value.len(),
            _ => {}
        }
    }
    // Purpose and name are written normalised as they are found, which gives what
    // `normalise_space` of the pieces joined gave, without the joined copies.
    let mut description = String::with_capacity(purpose_len);
    let mut name = String::with_capacity(name_len);
    let (mut account, mut bic) = (String::new(), String::new());
    let (mut description_gap, mut name_gap) = (false, false);
    let normaliser = PieceNormaliser::for_text(text);
    for (code, value) in parts() {
        match code {
            20..=29 | 60..=63 => normaliser.push(&mut description, &mut description_gap, value),
            30 => bic.push_str(trim(value)),
            31 => account.push_str(trim(value)),
            32 | 33 => normaliser.push(&mut name, &mut name_gap, value),
            _ => {}
        }
    }
    if description.is_empty() {
        // No purpose (or only blanks): the posting text `?00` says what the transaction is.
        let mut gap = false;
        for (_, value) in parts().filter(|&(code, _)| code == 0) {
            normaliser.push(&mut description, &mut gap, value);
        }
    }
    // Trimmed pieces joined: already trimmed, so no copy is needed to trim them.
    let account = (!account.is_empty()).then_some(account);
    let country = account.as_deref().and_then(iban_country);
    (
        description,
        Counterparty {
            name: (!name.is_empty()).then_some(name),
            account,
            bic: (!bic.is_empty()).then_some(bic),
            country,
        },
    )
}

/// The `?NN` subfields of a German `:86:`, as `(NN, text)`: each runs from its `?NN` to the
/// next one, the last to the end; text before the first belongs to none.
fn subfields(text: &str) -> Subfields<'_> {
    Subfields {
        text,
        open: next_subfield(text.as_bytes(), 0),
    }
}

struct Subfields<'a> {
    text: &'a str,
    /// Where the current subfield's `?` is, and its code.
    open: Option<(usize, u32)>,
}

impl<'a> Iterator for Subfields<'a> {
    type Item = (u32, &'a str);

    fn next(&mut self) -> Option<(u32, &'a str)> {
        let (at, code) = self.open?;
        // The next `?NN` cannot start inside this one's three bytes (digits are not `?`).
        self.open = next_subfield(self.text.as_bytes(), at + 3);
        let end = self.open.map_or(self.text.len(), |(next, _)| next);
        Some((code, &self.text[at + 3..end]))
    }
}

/// The first `?NN` (a `?` and two ASCII digits) at or after `from`: its position and `NN`.
fn next_subfield(b: &[u8], mut from: usize) -> Option<(usize, u32)> {
    while let Some(found) = find_byte(b.get(from..)?, b'?') {
        let i = from + found;
        let digits = b.get(i + 1..i + 3)?;
        if digits.iter().all(u8::is_ascii_digit) {
            return Some((i, two_digits(digits)));
        }
        from = i + 1;
    }
    None
}

/// `/KEY/value` layout. `None` when no known key is present.
fn slash_details(text: &str) -> Option<(String, Counterparty)> {
    let mut found: Vec<(usize, &str)> = Vec::new();
    for key in SLASH_KEYS {
        let pattern = format!("/{key}/");
        let mut from = 0;
        while let Some(at) = text[from..].find(&pattern) {
            found.push((from + at, key));
            from += at + pattern.len();
        }
    }
    if found.is_empty() {
        return None;
    }
    found.sort();
    let value_of = |key: &str| -> Option<String> {
        let k = found.iter().position(|(_, k)| *k == key)?;
        let start = found[k].0 + key.len() + 2;
        let end = found.get(k + 1).map_or(text.len(), |(next, _)| *next);
        let value = text.get(start..end.max(start))?.trim_matches('/');
        non_empty(&normalise_space(value))
    };
    let mut counterparty = Counterparty {
        name: value_of("NAME"),
        account: value_of("IBAN"),
        bic: value_of("BIC"),
        country: None,
    };
    if let Some(cntp) = value_of("CNTP") {
        // CNTP/account/BIC/name/city
        let parts: Vec<&str> = cntp.split('/').collect();
        let part = |i: usize| parts.get(i).and_then(|p| non_empty(p));
        counterparty.account = counterparty.account.or(part(0));
        counterparty.bic = counterparty.bic.or(part(1));
        counterparty.name = counterparty.name.or(part(2));
    }
    counterparty.country = counterparty.account.as_deref().and_then(iban_country);
    let description = value_of("REMI")
        .or_else(|| value_of("USTD"))
        .unwrap_or_default();
    Some((description, counterparty))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statement::{import_as, Format, ImportResult};
    use proptest::strategy::Just;

    #[test]
    fn clean_borrows_plain_lines_and_drops_control_characters() {
        assert!(matches!(clean(":20:REF\r"), Cow::Borrowed(":20:REF")));
        assert!(matches!(
            clean("Müller\tGmbH"),
            Cow::Borrowed("Müller\tGmbH")
        ));
        // The slow path, as the fast one must agree with it.
        let slow = |s: &str| -> String {
            s.chars()
                .filter(|&c| c == '\t' || !c.is_control())
                .collect()
        };
        for s in [
            "",
            "\r",
            "a\rb\r",
            "\u{1}{1:F01}\u{3}\r",
            "a\u{7f}b",
            "NEL\u{85}here",
            "°C and ± \u{a0}",
            "tab\tkept\r\r",
        ] {
            assert_eq!(clean(s), slow(s), "{s:?}");
        }
    }

    fn read_str(text: &str) -> ImportResult {
        import_as("t.sta", Format::Mt940, text.as_bytes()).unwrap()
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    const TWO_STATEMENTS: &str = "{1:F01BANKDEFFAXXX0000000000}{2:O9401200250101BANKDEFFAXXX00000000002501011200N}{4:\r\n\
:20:STMT1\r\n:25:DE89370400440532013000\r\n:28C:1/1\r\n:60F:C250131EUR1000,00\r\n\
:61:2502010201CR2500,00NTRFNONREF//B1\r\nSALARY\r\n\
:86:166?00GUTSCHRIFT?20SVWZ+Gehalt Januar?21 2025?32ACME GMBH?31DE02100100100006820101?30PBNKDEFFXXX\r\n\
:61:250203D10,5NMSCNONREF\r\n:86:Card fee\r\n:62F:C250203EUR3489,50\r\n-}\r\n\
{1:F01BANKDEFFAXXX0000000000}{2:O940}{4:\r\n:20:STMT2\r\n:25:DE89370400440532013000\r\n\
:60F:C250203EUR3489,50\r\n:61:250301RD1,\r\n:62F:C250301EUR3490,50\r\n-}";

    #[test]
    fn reads_statements_balances_and_transactions() {
        let r = read_str(TWO_STATEMENTS);
        assert_eq!(r.statements.len(), 2, "{:?}", r.diagnostics);
        let s = &r.statements[0];
        assert_eq!(s.id.as_deref(), Some("STMT1"));
        assert_eq!(s.account.as_deref(), Some("DE89370400440532013000"));
        assert_eq!(s.currency, Some(CurrencyCode::EUR));
        assert_eq!(s.opening.as_ref().unwrap().amount, d("1000"));
        assert_eq!(s.balanced(), Some(true));
        let t = &s.transactions[0];
        assert_eq!(t.amount, d("2500"));
        assert_eq!(t.value_date, NaiveDate::from_ymd_opt(2025, 2, 1));
        assert_eq!(t.booking_date, NaiveDate::from_ymd_opt(2025, 2, 1));
        assert_eq!(t.reference.as_deref(), Some("B1"));
        assert_eq!(t.description, "SVWZ+Gehalt Januar 2025");
        assert_eq!(t.counterparty.name.as_deref(), Some("ACME GMBH"));
        assert_eq!(
            t.counterparty.account.as_deref(),
            Some("DE02100100100006820101")
        );
        assert_eq!(t.counterparty.bic.as_deref(), Some("PBNKDEFFXXX"));
        assert_eq!(t.counterparty.country.unwrap().as_str(), "DE");
        assert_eq!(t.id, "t.sta#1#1");
        let fee = &s.transactions[1];
        assert_eq!(
            (fee.amount, fee.description.as_str()),
            (d("-10.5"), "Card fee")
        );
        let rd = &r.statements[1].transactions[0];
        assert!(rd.reversal);
        assert_eq!(rd.amount, d("1"));
        assert!(!rd.is_credit(), "a reversed debit is not income");
        assert_eq!(r.statements[1].balanced(), Some(true));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn an_impossible_value_date_is_an_error_naming_line_and_field() {
        let r = read_str(":20:X\n:25:ACC\n:60F:C230201EUR0,00\n:61:2302300301C6,00NTRFNONREF\n:62F:C230301EUR6,00\n");
        let e = r
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap();
        assert_eq!((e.line, e.field.as_str()), (Some(4), "61"));
        assert!(
            e.message.contains("230230 is not a calendar day"),
            "{}",
            e.message
        );
        let t = &r.statements[0].transactions[0];
        assert_eq!(t.value_date, None);
        assert_eq!(t.booking_date, NaiveDate::from_ymd_opt(2023, 3, 1));
        assert_eq!(r.statements[0].balanced(), Some(true));
    }

    #[test]
    fn unreadable_lines_become_diagnostics_not_panics() {
        let r = read_str(
            ":20:X\n:60F:X250101EUR1,00\n:61:25010\n:61:250101Q5,00\n:61:250101C\n:62F:C25013\n",
        );
        let errors: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(
            errors[0].message.contains("no credit/debit mark"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].message.contains("value date YYMMDD"),
            "{}",
            errors[1]
        );
        assert!(
            errors[2].message.contains("mark C, D, RC or RD"),
            "{}",
            errors[2]
        );
        assert!(
            errors[3].message.contains("expected an amount"),
            "{}",
            errors[3]
        );
        assert!(errors[4].message.contains("too short"), "{}", errors[4]);
        assert_eq!(r.statements.len(), 1);
        assert!(r.statements[0].transactions.is_empty());
    }

    #[test]
    fn amounts_take_every_shape_banks_write() {
        for (text, want) in [
            ("1234,56", "1234.56"),
            ("500,", "500"),
            ("500", "500"),
            ("000000000147,64", "147.64"),
            ("0,1", "0.1"),
        ] {
            assert_eq!(swift_amount(text).unwrap(), d(want), "{text}");
        }
        for bad in [
            "",
            ",5",
            "1.000,00",
            "1,2,3",
            "12a",
            "1234567890123456789012345678901,0",
        ] {
            assert!(swift_amount(bad).is_err(), "{bad:?} accepted");
        }
    }

    /// `swift_amount` as it was: the text rewritten with a decimal point and parsed.
    fn swift_amount_as_text(text: &str) -> Result<Decimal, String> {
        let (int, frac) = text.split_once(',').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !digits(int) || !digits(frac) {
            return Err(format!(
                "amount {text:?} is not digits with one decimal comma, e.g. 1234,56"
            ));
        }
        let int = int.trim_start_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        if int.len() + frac.len() > 28 {
            return Err(format!("amount {text:?} has too many digits"));
        }
        let plain = if frac.is_empty() {
            int.to_owned()
        } else {
            format!("{int}.{frac}")
        };
        Decimal::from_str_exact(&plain).map_err(|_| format!("amount {text:?} is out of range"))
    }

    proptest::proptest! {
        #[test]
        fn amounts_are_read_as_their_text_would_be(text in "[0-9]{0,30}(,[0-9]{0,30})?|[0-9,a.]{0,12}") {
            let (fast, slow) = (swift_amount(&text), swift_amount_as_text(&text));
            // Same value and the same decimal places (`Decimal`'s == ignores the scale).
            proptest::prop_assert_eq!(fast.as_ref().map(Decimal::to_string), slow.as_ref().map(Decimal::to_string));
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    /// `gvc_details` as it was: the subfields joined, then normalised.
    /// German "Geschäftsvorfallcode" layout: ?20-?29 and ?60-?63 purpose, ?30 bank code or BIC,
    /// ?31 account or IBAN, ?32-?33 name.
    fn gvc_details_as_before(text: &str) -> (String, Counterparty) {
        // Sized once: growing these by pushing showed up in profiles (a `:86:` has about ten parts).
        let mut purpose = String::with_capacity(text.len());
        let mut posting_text = String::new();
        let mut name = String::new();
        let mut account = String::new();
        let mut bic = String::new();
        let mut take = |code: u32, value: &str| match code {
            0 => posting_text.push_str(value),
            20..=29 | 60..=63 => purpose.push_str(value),
            30 => bic.push_str(value.trim()),
            31 => account.push_str(value.trim()),
            32 | 33 => name.push_str(value),
            _ => {}
        };
        // One pass: a subfield runs from its `?NN` to the next one (which cannot start inside
        // its own three bytes), the last to the end.
        let b = text.as_bytes();
        let mut open: Option<(usize, u32)> = None;
        for i in 0..b.len().saturating_sub(2) {
            if b[i] == b'?' && b[i + 1].is_ascii_digit() && b[i + 2].is_ascii_digit() {
                if let Some((at, code)) = open {
                    take(code, &text[at + 3..i]);
                }
                open = Some((
                    i,
                    u32::from(b[i + 1] - b'0') * 10 + u32::from(b[i + 2] - b'0'),
                ));
            }
        }
        if let Some((at, code)) = open {
            take(code, &text[at + 3..]);
        }
        let description = if purpose.trim().is_empty() {
            posting_text
        } else {
            purpose
        };
        // Trimmed pieces joined: already trimmed, so no copy is needed to trim them.
        let account = (!account.is_empty()).then_some(account);
        let country = account.as_deref().and_then(iban_country);
        (
            normalise_space(&description),
            Counterparty {
                name: Some(normalise_space(&name)).filter(|n| !n.is_empty()),
                account,
                bic: (!bic.is_empty()).then_some(bic),
                country,
            },
        )
    }

    proptest::proptest! {
        #[test]
        fn german_details_are_read_as_before(text in "([0-9?a/ \t]|\\?[0-9]{2}|\\?(00|20|21|30|31|32|33|60)|DE02100100100006820101|ä|\u{a0}){0,24}") {
            proptest::prop_assert_eq!(gvc_details(&text), gvc_details_as_before(&text));
        }

        #[test]
        fn german_details_with_many_parts_are_read_as_before(text in "(\\?(2[0-9]|3[0-3]|00)[a ]{0,3}){20,40}") {
            // More parts than `gvc_details` keeps on the stack.
            proptest::prop_assert_eq!(gvc_details(&text), gvc_details_as_before(&text));
        }

        #[test]
        fn subfields_are_split_as_byte_by_byte(text in "([0-9?a ]|\\?[0-9]{2}|ä){0,30}") {
            // The loop `gvc_details` had before `find_byte`.
            let b = text.as_bytes();
            let mut want = Vec::new();
            let mut open: Option<(usize, u32)> = None;
            for i in 0..b.len().saturating_sub(2) {
                if b[i] == b'?' && b[i + 1].is_ascii_digit() && b[i + 2].is_ascii_digit() {
                    if let Some((at, code)) = open {
                        want.push((code, &text[at + 3..i]));
                    }
                    open = Some((i, u32::from(b[i + 1] - b'0') * 10 + u32::from(b[i + 2] - b'0')));
                }
            }
            if let Some((at, code)) = open {
                want.push((code, &text[at + 3..]));
            }
            proptest::prop_assert_eq!(subfields(&text).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn statement_line_variants() {
        let p = parse_61("1602300301DR6,00N024NONREF").unwrap();
        assert_eq!(
            (p.value_raw, p.entry_raw, p.amount),
            ((16, 2, 30), Some((3, 1)), d("-6.00"))
        );
        let p = parse_61("1407290729C500NTRF29-07-2014 10:05//B4G29PGDCK1QFV3E").unwrap();
        assert_eq!(p.amount, d("500"));
        assert_eq!(p.customer_ref, Some("29-07-2014 10:05"));
        assert_eq!(p.bank_ref, Some("B4G29PGDCK1QFV3E"));
        let p = parse_61("180417CF2066637,00N527").unwrap();
        assert_eq!(
            (p.entry_raw, p.amount, p.customer_ref),
            (None, d("2066637.00"), None)
        );
        let p = parse_61("1610301031D0,42MCI0NONREF//055001022000001").unwrap();
        assert_eq!(p.amount, d("-0.42"));
        let p = parse_61("250101RC7,NTRF").unwrap();
        assert!(p.reversal);
        assert_eq!(p.amount, d("-7"));
    }

    #[test]
    fn entry_dates_cross_the_year_end() {
        let r = read_str(":20:X\n:61:2412310102C1,00NTRF\n:61:2501011231D1,00NTRF\n");
        let t = &r.statements[0].transactions;
        assert_eq!(t[0].booking_date, NaiveDate::from_ymd_opt(2025, 1, 2));
        assert_eq!(t[1].booking_date, NaiveDate::from_ymd_opt(2024, 12, 31));
    }

    #[test]
    fn tag_shaped_text_inside_details_stays_text() {
        let r = read_str(":20:X\n:61:250101D6,00NTRF\n:86:?20EREF+1?24/PL 12-09-2014T16\n:26:37 Fo?25lgenr. 007\n:62F:C250101EUR0,00\n");
        let t = &r.statements[0].transactions[0];
        assert_eq!(t.description, "EREF+1/PL 12-09-2014T16:26:37 Folgenr. 007");
        assert!(
            r.diagnostics.iter().all(|d| d.field != "26"),
            "{:?}",
            r.diagnostics
        );
    }

    /// A field of these lines, as the parser would hold it.
    fn field_of(tag: &str, lines: &[&str]) -> Field {
        let mut field = Field {
            tag: tag.to_owned(),
            line: 1,
            text: String::new(),
            ends: Vec::new(),
        };
        for line in lines {
            field.push_line(line);
        }
        field
    }

    #[test]
    fn slash_structured_details_give_the_counterparty() {
        let lines = field_of(
            "86",
            &[
                "/EREF/01-01-2013 12:00 0030000987654321/BENM//NAME/CONTRA ACCOUN",
                "T HOLDER/REMI/Invoice 42/ISDT/2013-07-11",
            ],
        );
        let (desc, cp) = parse_details(&lines);
        assert_eq!(desc, "Invoice 42");
        assert_eq!(cp.name.as_deref(), Some("CONTRA ACCOUNT HOLDER"));
        let (desc, cp) = parse_details(&field_of(
            "86",
            &["/CNTP/NL91ABNA0417164300/ABNANL2A/J DOE/AMSTERDAM/REMI/x"],
        ));
        assert_eq!(desc, "x");
        assert_eq!(cp.account.as_deref(), Some("NL91ABNA0417164300"));
        assert_eq!(cp.bic.as_deref(), Some("ABNANL2A"));
        assert_eq!(cp.country.unwrap().as_str(), "NL");
    }

    #[test]
    fn windows_1252_lines_are_read_and_reported_once() {
        let bytes = b":20:X\n:61:250101C1,00NTRF\n:86:Empf\xe4nger \xe4\n:62F:C250101EUR1,00\n";
        let r = import_as("t.sta", Format::Mt940, bytes).unwrap();
        assert_eq!(r.statements[0].transactions[0].description, "Empfänger ä");
        let notes: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.field == "charset")
            .collect();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].line, Some(3));
    }

    #[test]
    fn text_without_fields_is_an_error_diagnostic() {
        let r = read_str("1\n2\n3\n");
        assert!(r.statements.is_empty());
        assert_eq!(r.diagnostics[0].severity, Severity::Error);
        assert!(
            r.diagnostics[0].message.contains("no MT940 field"),
            "{:?}",
            r.diagnostics
        );
    }

    /// `read` as it was: one `read_until` per line into its own buffer, each line decoded and
    /// cleaned by itself. The block-wise reader must give the same results.
    fn read_line_by_line<R: BufRead>(
        file: &str,
        mut reader: R,
        sink: &mut impl Sink,
    ) -> Result<(), ImportError> {
        let mut parser = Parser::new(file, sink);
        let mut buf = Vec::new();
        let mut line_no = 0u64;
        loop {
            buf.clear();
            let n = std::io::Read::take(&mut reader, MAX_LINE as u64 + 1)
                .read_until(b'\n', &mut buf)
                .map_err(|e| io_error(file, line_no + 1, &e))?;
            if n == 0 {
                break;
            }
            line_no += 1;
            if buf.len() > MAX_LINE {
                return Err(ImportError {
                    file: file.to_owned(),
                    line: Some(line_no),
                    field: "line".to_owned(),
                    message: format!(
                        "longer than {MAX_LINE} bytes: not MT940 (its lines hold at most a few hundred characters)"
                    ),
                });
            }
            let bytes = buf.strip_suffix(b"\n").unwrap_or(&buf);
            let (text, fallback) = charset::decode_line(bytes);
            if fallback && !parser.warned_charset {
                parser.warned_charset = true;
                parser.warn(
                    line_no,
                    "charset",
                    "not valid UTF-8; this and later such lines were read as Windows-1252"
                        .to_owned(),
                );
            }
            parser.line(line_no, &clean(&text));
        }
        parser.end_of_input(line_no);
        Ok(())
    }

    /// What `read` makes of `bytes` through a reader with a buffer of `capacity` bytes (0: the
    /// bytes as one slice), and what the line-by-line reader makes of them.
    fn both_readers(bytes: &[u8], capacity: usize) -> (String, String) {
        let run = |line_by_line: bool| {
            let mut collector = crate::statement::Collector::default();
            let result = match (line_by_line, capacity) {
                (true, 0) => read_line_by_line("t.sta", bytes, &mut collector),
                (false, 0) => read("t.sta", bytes, &mut collector),
                (true, n) => read_line_by_line(
                    "t.sta",
                    std::io::BufReader::with_capacity(n, bytes),
                    &mut collector,
                ),
                (false, n) => read(
                    "t.sta",
                    std::io::BufReader::with_capacity(n, bytes),
                    &mut collector,
                ),
            };
            format!("{result:?} {:?}", collector.finish("t.sta", Format::Mt940))
        };
        (run(false), run(true))
    }

    proptest::proptest! {
        #[test]
        fn blocks_are_read_as_lines_were(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                Just(&b"\n"[..]), Just(&b"\r\n"[..]), Just(&b"\r"[..]), Just(&b"\t"[..]), Just(&b"\x01"[..]), Just(&b"\x7f"[..]),
                Just(&b"\xc2\x85"[..]), Just(&b"\xc2\xa0"[..]), Just(&b"\xe4"[..]), Just("ä".as_bytes()), Just(&b" "[..]),
                Just(&b":20:X"[..]), Just(&b":25:DE89370400440532013000"[..]), Just(&b":60F:C250101EUR1,00"[..]),
                Just(&b":61:250101C1,00NTRF//B"[..]), Just(&b":86:166?20a ?32N"[..]), Just(&b":62F:C250101EUR2,00"[..]),
                Just(&b"-"[..]), Just(&b"{4:"[..]), Just(&b"-}"[..]), Just(&b"text"[..]),
            ], 0..40),
            capacity in 0usize..12,
        ) {
            let bytes = pieces.concat();
            let (blocks, lines) = both_readers(&bytes, capacity);
            proptest::prop_assert_eq!(blocks, lines);
        }
    }

    #[test]
    fn lines_at_the_length_limit_are_read_or_refused_as_before() {
        let head = b":20:X\n:61:250101C1,00NTRF\n";
        for len in [MAX_LINE - 2, MAX_LINE - 1, MAX_LINE, MAX_LINE + 1] {
            for end in [&b""[..], b"\n", b"\r\n", b"\n:62F:C250101EUR2,00\n"] {
                let mut bytes = head.to_vec();
                bytes.extend(std::iter::repeat_n(b'x', len));
                bytes.extend_from_slice(end);
                for capacity in [0, 7, 4096, MAX_LINE + 64] {
                    let (blocks, lines) = both_readers(&bytes, capacity);
                    assert_eq!(blocks, lines, "{len} {end:?} {capacity}");
                }
            }
        }
    }

    #[test]
    fn an_endless_line_is_refused() {
        let long = vec![b'x'; MAX_LINE + 10];
        let err = import_as("big.sta", Format::Mt940, &long).unwrap_err();
        assert_eq!((err.line, err.field.as_str()), (Some(1), "line"));
    }

    #[test]
    fn currency_hint_from_the_account() {
        assert_eq!(
            currency_suffix("51210600/9223382012EUR"),
            Some(CurrencyCode::EUR)
        );
        assert_eq!(
            currency_suffix("UBRTHUHB/123456789150ABCDEF002/HUF")
                .unwrap()
                .as_str(),
            "HUF"
        );
        assert_eq!(currency_suffix("NL81ASNB9999999999"), None);
        assert_eq!(currency_suffix("EUR"), None);
    }
}
