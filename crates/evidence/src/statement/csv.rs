//! Bank CSV exports, read through a column mapping ([`CsvProfile`]): the date, a signed amount
//! or debit/credit columns, currency, the other party, description, id and running balance.
//!
//! Without a profile the header row is matched against the built-in profiles
//! ([`builtin_profiles`]: `generic-signed`, `generic-debit-credit`, `de-semicolon`) and the
//! first that fits is used; when none fits the error says which columns each one missed.
//!
//! The header row is searched for in the first [`HEADER_SEARCH`] rows, so the account details
//! banks put above it need no configuration (they are counted in one warning). Text is UTF-8
//! (with or without a byte order mark), UTF-16 with a byte order mark, or the profile's
//! encoding; without one, a field that is not UTF-8 is read as Windows-1252, with one warning.
//! A file is one statement; its balances come from the balance column when the profile has
//! one (the file may list rows oldest or newest first). Every row that cannot be read is an
//! error diagnostic naming the line and column, and is left out.

mod number;
mod profile;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, BufRead, Cursor, Read};
use std::rc::Rc;

use neonomad_core::{CountryCode, CurrencyCode, Decimal, NaiveDate};

pub use profile::{
    builtin_names, builtin_profile, builtin_profiles, Column, CsvProfile, DateFormats,
    ProfileError, DEFAULT_CREDIT_VALUES, DEFAULT_DEBIT_VALUES,
};

use profile::Direction;

use super::charset::Transcoder;
use super::spaces::normalise_space;
use super::{
    iban_country, io_error, transaction_id, with_sign, Balance, Collector, Counterparty,
    Diagnostic, Format, ImportError, ImportResult, Severity, Sink, Statement, Status, Transaction,
};

/// Rows searched for the header row (bank preambles are shorter).
pub const HEADER_SEARCH: usize = 50;
/// Bytes read ahead to find the header row and choose a profile.
const HEAD_BYTES: usize = 256 * 1024;
/// Longest record accepted (an unbalanced quote otherwise swallows the file).
const MAX_RECORD: usize = 1024 * 1024;
/// Bytes the csv reader may take in for one record: the record plus its read-ahead buffer.
const RECORD_GUARD: u64 = MAX_RECORD as u64 + 64 * 1024;

/// Reads a CSV file held in memory with a profile, or with the built-in profile its header
/// matches when `profile` is `None`.
pub fn import(
    file: &str,
    bytes: &[u8],
    profile: Option<&CsvProfile>,
) -> Result<ImportResult, ImportError> {
    let mut collector = Collector::default();
    read(file, bytes, profile, &mut collector)?;
    Ok(collector.finish(file, Format::Csv))
}

/// Streams a CSV file into a sink (see [`import`]).
///
/// Fails when the bytes cannot be read, the profile cannot be used, or no header row matches
/// the profile (or any built-in profile); every row-level problem is a diagnostic.
pub fn read<R: BufRead>(
    file: &str,
    mut reader: R,
    profile: Option<&CsvProfile>,
    sink: &mut impl Sink,
) -> Result<(), ImportError> {
    if let Some(p) = profile {
        p.check()
            .map_err(|e| fatal(file, None, &e.field, e.to_string()))?;
    }
    let head = reader
        .fill_buf()
        .map_err(|e| fatal(file, Some(1), "file", format!("cannot be read: {e}")))?;
    let bom = if head.starts_with(&[0xFF, 0xFE]) {
        Some((2, encoding_rs::UTF_16LE))
    } else if head.starts_with(&[0xFE, 0xFF]) {
        Some((2, encoding_rs::UTF_16BE))
    } else if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((3, encoding_rs::UTF_8))
    } else {
        None
    };
    let declared = profile
        .and_then(|p| p.encoding.as_deref())
        .and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes()));
    match (bom, declared) {
        (Some((len, enc)), _) => {
            reader.consume(len);
            if enc == encoding_rs::UTF_8 {
                run(file, reader, profile, sink, Text::Utf8)
            } else {
                run(
                    file,
                    Transcoder::new(reader, enc),
                    profile,
                    sink,
                    Text::Utf8,
                )
            }
        }
        (None, Some(enc)) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => run(
            file,
            Transcoder::new(reader, enc),
            profile,
            sink,
            Text::Utf8,
        ),
        (None, Some(enc)) if enc == encoding_rs::UTF_8 => {
            run(file, reader, profile, sink, Text::Utf8)
        }
        (None, Some(enc)) => run(file, reader, profile, sink, Text::Legacy(enc)),
        (None, None) => run(file, reader, profile, sink, Text::Auto),
    }
}

/// Whether the start of a file looks like a CSV export: printable text in which at least two
/// consecutive lines split into the same number (two or more) of cells on `,`, `;`, tab or `|`,
/// one of them with a letter (a header).
pub(super) fn looks_like_csv(head: &[u8]) -> bool {
    let text: String = if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        let enc = if head[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        enc.decode_without_bom_handling(&head[2..]).0.into_owned()
    } else {
        String::from_utf8_lossy(head).into_owned()
    };
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return false;
    }
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .filter(|l| !l.trim().is_empty())
        .take(HEADER_SEARCH)
        .collect();
    [';', ',', '\t', '|'].iter().any(|&delimiter| {
        let cells: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, delimiter) + 1)
            .collect();
        cells.windows(2).enumerate().any(|(i, pair)| {
            pair[0] == pair[1]
                && pair[0] >= 2
                && lines[i..i + 2]
                    .iter()
                    .any(|l| l.chars().any(char::is_alphabetic))
        })
    })
}

fn count_outside_quotes(line: &str, delimiter: char) -> usize {
    let mut quoted = false;
    line.chars()
        .filter(|&c| {
            if c == '"' {
                quoted = !quoted;
            }
            c == delimiter && !quoted
        })
        .count()
}

fn fatal(file: &str, line: Option<u64>, field: &str, message: String) -> ImportError {
    ImportError {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        message,
    }
}

/// How field bytes become text.
#[derive(Clone, Copy)]
enum Text {
    /// UTF-8 known (byte order mark, transcoded, or stated): invalid bytes are replaced.
    Utf8,
    /// A stated ASCII-compatible legacy encoding.
    Legacy(&'static encoding_rs::Encoding),
    /// UTF-8, else Windows-1252 with one warning.
    Auto,
}

impl Text {
    /// The text, and whether the Windows-1252 fallback was needed.
    fn decode(self, bytes: &[u8]) -> (String, bool) {
        match self {
            Text::Utf8 => (String::from_utf8_lossy(bytes).into_owned(), false),
            Text::Legacy(enc) => (enc.decode_without_bom_handling(bytes).0.into_owned(), false),
            Text::Auto => match std::str::from_utf8(bytes) {
                Ok(s) => (s.to_owned(), false),
                Err(_) => (
                    encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(bytes)
                        .0
                        .into_owned(),
                    true,
                ),
            },
        }
    }
}

fn csv_reader<R: Read>(profile: &CsvProfile, reader: R) -> ::csv::Reader<R> {
    ::csv::ReaderBuilder::new()
        .delimiter(profile.delimiter as u8)
        .quote(profile.quote as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(reader)
}

/// Where the data starts: the header row (its index among the records and its cells).
struct Layout {
    header_index: Option<usize>,
    header: Option<Vec<String>>,
}

fn run<R: BufRead>(
    file: &str,
    mut reader: R,
    profile: Option<&CsvProfile>,
    sink: &mut impl Sink,
    text: Text,
) -> Result<(), ImportError> {
    let skip = profile.map_or(0, |p| p.skip_lines);
    let mut skipped = 0;
    let mut scratch = Vec::new();
    while skipped < skip {
        scratch.clear();
        let n = Read::take(&mut reader, MAX_RECORD as u64)
            .read_until(b'\n', &mut scratch)
            .map_err(|e| io_error(file, skipped as u64 + 1, &e))?;
        if n == 0 {
            break;
        }
        skipped += 1;
    }
    choose_and_read(file, reader, profile, sink, text, skipped as u64)
}

/// Chooses the profile and header row from the first bytes, then reads every record.
fn choose_and_read<R: Read>(
    file: &str,
    mut reader: R,
    profile: Option<&CsvProfile>,
    sink: &mut impl Sink,
    text: Text,
    line_offset: u64,
) -> Result<(), ImportError> {
    let mut head = Vec::new();
    (&mut reader)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| io_error(file, line_offset + 1, &e))?;
    // The header search never sees half a row: cut the look-ahead at its last line end.
    let look = if head.len() == HEAD_BYTES {
        head.iter()
            .rposition(|&b| b == b'\n')
            .map_or(&head[..], |end| &head[..=end])
    } else {
        &head[..]
    };
    let (chosen, layout) = match profile {
        Some(p) => {
            let layout = find_header(p, look, text).map_err(|miss| {
                fatal(
                    file,
                    miss.line.map(|l| l + line_offset),
                    "header",
                    format!(
                        "no header row with the columns of CSV profile {} in the first {HEADER_SEARCH} rows: missing {}{}",
                        p.name,
                        miss.missing.join(", "),
                        miss.found_text()
                    ),
                )
            })?;
            (p.clone(), layout)
        }
        None => auto_profile(file, look, text, line_offset)?,
    };
    let marks = Rc::new(RefCell::new(LineMarks::default()));
    let rest = Marking {
        inner: Cursor::new(head).chain(reader),
        marks: Rc::clone(&marks),
    };
    let mut rows = Rows::new(
        file,
        &chosen,
        layout,
        text,
        line_offset,
        profile.is_none(),
        sink,
    );
    let mut csv = csv_reader(&chosen, rest);
    let mut record = ::csv::ByteRecord::new();
    let mut index = 0usize;
    let too_long = |line: u64| {
        fatal(
            file,
            Some(line),
            "record",
            format!(
                "a row longer than {MAX_RECORD} bytes: an opening quote {:?} is probably never closed",
                chosen.quote
            ),
        )
    };
    loop {
        let line = csv.position().line() + line_offset;
        marks.borrow_mut().since_record = 0;
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) if marks.borrow().since_record > RECORD_GUARD => return Err(too_long(line)),
            Err(e) => {
                return Err(fatal(
                    file,
                    Some(line),
                    "file",
                    format!("cannot be read as CSV: {e}"),
                ))
            }
        }
        let start = record
            .position()
            .map_or(line, |p| marks.borrow_mut().line_of(p.byte()) + line_offset);
        if record.as_slice().len() > MAX_RECORD {
            return Err(too_long(start));
        }
        rows.record(index, &record, start);
        index += 1;
    }
    let last_line = csv.position().line() + line_offset;
    rows.finish(last_line);
    Ok(())
}

/// Line numbers of records. The csv reader dates a record from where it started looking, before
/// the blank lines (and the `\n` of a `\r\n`) it skips: a record's line is that of its first
/// byte that is no line end.
#[derive(Default)]
struct LineMarks {
    /// Offsets of `\r` and `\n` bytes not yet passed, with whether each is a `\n`.
    ends: VecDeque<(u64, bool)>,
    /// Offset of the next byte read.
    offset: u64,
    /// `\n` bytes passed.
    passed: u64,
    /// Bytes handed to the csv reader since the last record was returned: more than
    /// [`RECORD_GUARD`] stops the read before the reader buffers a runaway row whole.
    since_record: u64,
}

impl LineMarks {
    fn line_of(&mut self, start: u64) -> u64 {
        let mut at = start;
        while let Some(&(offset, newline)) = self.ends.front() {
            if offset <= at {
                if offset == at {
                    at += 1;
                }
                self.passed += u64::from(newline);
                self.ends.pop_front();
            } else {
                break;
            }
        }
        self.passed + 1
    }
}

/// Notes the offsets of line ends as the csv reader consumes the bytes.
struct Marking<R> {
    inner: R,
    marks: Rc<RefCell<LineMarks>>,
}

impl<R: Read> Read for Marking<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.marks.borrow().since_record > RECORD_GUARD {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("a row longer than {MAX_RECORD} bytes"),
            ));
        }
        let n = self.inner.read(buf)?;
        let mut marks = self.marks.borrow_mut();
        marks.since_record += n as u64;
        let base = marks.offset;
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                marks.ends.push_back((base + i as u64, b == b'\n'));
            }
        }
        marks.offset += n as u64;
        Ok(n)
    }
}

/// The line of the record starting at `start` in `head` (see [`LineMarks`]).
fn line_in(head: &[u8], start: u64) -> u64 {
    let start = (start as usize).min(head.len());
    let content = head[start..]
        .iter()
        .position(|&b| b != b'\n' && b != b'\r')
        .map_or(head.len(), |k| start + k);
    1 + head[..content].iter().filter(|&&b| b == b'\n').count() as u64
}

/// Why a profile does not fit a file.
struct Miss {
    line: Option<u64>,
    missing: Vec<String>,
    found: Vec<String>,
}

impl Miss {
    fn found_text(&self) -> String {
        if self.found.is_empty() {
            return String::new();
        }
        let mut cells: Vec<String> = self
            .found
            .iter()
            .take(12)
            .map(|c| format!("{c:?}"))
            .collect();
        if self.found.len() > 12 {
            cells.push("...".to_owned());
        }
        format!(" (the row that came closest has {})", cells.join(", "))
    }
}

/// Required columns of a profile: the date and the amount (or debit and credit).
fn required(profile: &CsvProfile) -> Vec<(&'static str, &Column)> {
    let mut out = vec![("date", &profile.date)];
    if let Some(a) = &profile.amount {
        out.push(("amount", a));
    }
    if let Some(d) = &profile.debit {
        out.push(("debit", d));
    }
    if let Some(c) = &profile.credit {
        out.push(("credit", c));
    }
    if let Some(c) = &profile.direction {
        out.push(("direction", c));
    }
    out
}

/// Finds the header row: the first of the first rows in which every required column is present.
fn find_header(profile: &CsvProfile, head: &[u8], text: Text) -> Result<Layout, Miss> {
    if !profile.header {
        return Ok(Layout {
            header_index: None,
            header: None,
        });
    }
    let needed = required(profile);
    let mut csv = csv_reader(profile, head);
    let mut record = ::csv::ByteRecord::new();
    let mut best: Option<(usize, u64, Vec<String>)> = None;
    for index in 0..HEADER_SEARCH {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            _ => break,
        }
        let cells: Vec<String> = record.iter().map(|b| text.decode(b).0).collect();
        let present = needed
            .iter()
            .filter(|(_, c)| c.resolve(Some(&cells)).is_some())
            .count();
        if present == needed.len() {
            return Ok(Layout {
                header_index: Some(index),
                header: Some(cells),
            });
        }
        let line = record.position().map_or(1, |p| line_in(head, p.byte()));
        if best.as_ref().is_none_or(|(n, _, _)| present > *n) && cells.len() > 1 {
            best = Some((present, line, cells));
        }
    }
    let Some((_, line, found)) = best else {
        return Err(Miss {
            line: None,
            missing: vec![format!(
                "rows of cells separated by {:?}",
                profile.delimiter
            )],
            found: Vec::new(),
        });
    };
    let line = Some(line);
    let missing = needed
        .iter()
        .filter(|(_, c)| c.resolve(Some(&found)).is_none())
        .map(|(role, c)| format!("{role} ({})", c.describe()))
        .collect();
    Err(Miss {
        line,
        missing,
        found,
    })
}

/// The first built-in profile whose header row the file has.
fn auto_profile(
    file: &str,
    head: &[u8],
    text: Text,
    line_offset: u64,
) -> Result<(CsvProfile, Layout), ImportError> {
    let mut misses = Vec::new();
    for profile in builtin_profiles() {
        match find_header(&profile, head, text) {
            Ok(layout) => return Ok((profile, layout)),
            Err(miss) => misses.push((profile.name.clone(), miss)),
        }
    }
    let line = misses
        .iter()
        .find_map(|(_, m)| m.line)
        .map(|l| l + line_offset);
    let closest = misses
        .iter()
        .filter(|(_, m)| !m.found.is_empty())
        .min_by_key(|(_, m)| m.missing.len())
        .map(|(_, m)| m.found_text())
        .unwrap_or_default();
    let each = misses
        .iter()
        .map(|(name, m)| format!("{name} needs {}", m.missing.join(", ")))
        .collect::<Vec<_>>()
        .join("; ");
    Err(fatal(
        file,
        line,
        "header",
        format!(
            "no header row matches a built-in CSV profile{closest}: {each}. Pass --csv-profile NAME|FILE.yaml \
             or the columns (--csv-date-column, --csv-amount-column or --csv-debit-column/--csv-credit-column, \
             --csv-date-format, --csv-delimiter)"
        ),
    ))
}

/// Positions of the mapped columns in a row.
struct Positions {
    date: usize,
    value_date: Option<usize>,
    amount: Option<usize>,
    debit: Option<usize>,
    credit: Option<usize>,
    direction: Option<usize>,
    currency: Option<usize>,
    counterparty: Option<usize>,
    counterparty_account: Option<usize>,
    counterparty_bic: Option<usize>,
    counterparty_country: Option<usize>,
    description: Vec<usize>,
    id: Option<usize>,
    balance: Option<usize>,
    account: Option<usize>,
}

/// Running-balance bookkeeping: which row order the balances follow, and the end rows.
#[derive(Default)]
struct Balances {
    usable: bool,
    first: Option<(Decimal, Decimal, NaiveDate)>,
    last: Option<(Decimal, Decimal, NaiveDate)>,
    oldest_first: bool,
    newest_first: bool,
    broken_at: [Option<u64>; 2],
}

struct Rows<'a, S: Sink> {
    file: &'a str,
    profile: &'a CsvProfile,
    layout: Layout,
    positions: Option<Positions>,
    text: Text,
    line_offset: u64,
    auto: bool,
    sink: &'a mut S,
    preamble: Option<(u64, usize)>,
    warned_charset: bool,
    transactions: usize,
    first_line: Option<u64>,
    account: Option<String>,
    warned_account: bool,
    currency: Option<CurrencyCode>,
    mixed_currency: bool,
    missing_currency: Option<u64>,
    balances: Balances,
    /// Lines of the first rows with neither date nor amount (at most 10 are kept).
    ignored_rows: Vec<u64>,
    /// How many such rows there were.
    ignored_count: usize,
}

impl<'a, S: Sink> Rows<'a, S> {
    fn new(
        file: &'a str,
        profile: &'a CsvProfile,
        layout: Layout,
        text: Text,
        line_offset: u64,
        auto: bool,
        sink: &'a mut S,
    ) -> Self {
        Rows {
            file,
            profile,
            layout,
            positions: None,
            text,
            line_offset,
            auto,
            sink,
            preamble: None,
            warned_charset: false,
            transactions: 0,
            first_line: None,
            account: None,
            warned_account: false,
            currency: None,
            mixed_currency: false,
            missing_currency: None,
            balances: Balances {
                usable: profile.balance.is_some(),
                oldest_first: true,
                newest_first: true,
                ..Balances::default()
            },
            ignored_rows: Vec::new(),
            ignored_count: 0,
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

    /// `column 3 "Betrag"` (or `column 3` without a header).
    fn column_name(&self, at: usize) -> String {
        match self.layout.header.as_ref().and_then(|h| h.get(at)) {
            Some(name) if !name.trim().is_empty() => format!("column {} {:?}", at + 1, name.trim()),
            _ => format!("column {}", at + 1),
        }
    }

    fn record(&mut self, index: usize, record: &::csv::ByteRecord, line: u64) {
        let mut cells = Vec::with_capacity(record.len());
        for bytes in record.iter() {
            let (cell, fallback) = self.text.decode(bytes);
            if fallback && !self.warned_charset {
                self.warned_charset = true;
                self.diag(
                    line,
                    "charset",
                    "not valid UTF-8; this and later such rows were read as Windows-1252 (set encoding in the profile to be sure)".to_owned(),
                    Severity::Warning,
                );
            }
            cells.push(cell);
        }
        match self.layout.header_index {
            Some(h) if index < h => {
                self.preamble.get_or_insert((line, 0)).1 += 1;
                return;
            }
            Some(h) if index == h => {
                self.resolve(line);
                return;
            }
            None if self.positions.is_none() => self.resolve(line),
            _ => {}
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        self.row(&cells, line);
    }

    /// Resolves the profile's columns against the header row (or numbers).
    fn resolve(&mut self, line: u64) {
        let header = self.layout.header.as_deref();
        let p = self.profile;
        let at = |c: &Option<Column>| c.as_ref().and_then(|c| c.resolve(header));
        let positions = Positions {
            date: p.date.resolve(header).unwrap_or(0),
            value_date: at(&p.value_date),
            amount: at(&p.amount),
            debit: at(&p.debit),
            credit: at(&p.credit),
            direction: at(&p.direction),
            currency: at(&p.currency),
            counterparty: at(&p.counterparty),
            counterparty_account: at(&p.counterparty_account),
            counterparty_bic: at(&p.counterparty_bic),
            counterparty_country: at(&p.counterparty_country),
            description: p
                .description
                .iter()
                .filter_map(|c| c.resolve(header))
                .collect(),
            id: at(&p.id),
            balance: at(&p.balance),
            account: at(&p.account),
        };
        let mut absent: Vec<String> = p
            .columns()
            .into_iter()
            .filter(|(role, c)| *role != "description" && c.resolve(header).is_none())
            .map(|(role, c)| format!("{role} ({})", c.describe()))
            .collect();
        if !p.description.is_empty() && positions.description.is_empty() {
            let names: Vec<String> = p.description.iter().map(Column::describe).collect();
            absent.push(format!("description ({})", names.join(", ")));
        }
        self.balances.usable = positions.balance.is_some();
        self.positions = Some(positions);
        let how = if self.auto {
            format!("read with the built-in CSV profile {}", p.name)
        } else {
            String::new()
        };
        // Optional columns a user maps are expected; the generic built-in profiles list many.
        let builtin = builtin_profile(&p.name).is_some_and(|b| b == *p);
        let report_absent = !absent.is_empty() && !self.auto && !builtin;
        match (how.is_empty(), report_absent) {
            (true, false) => {}
            (false, _) => self.diag(line, "header", how, Severity::Warning),
            (true, true) => {}
        }
        if report_absent {
            self.diag(
                line,
                "header",
                format!(
                    "mapped columns not in the header row, left empty: {}",
                    absent.join(", ")
                ),
                Severity::Warning,
            );
        }
    }

    fn cell<'c>(&self, cells: &'c [String], at: Option<usize>) -> &'c str {
        at.and_then(|i| cells.get(i)).map_or("", |c| c.trim())
    }

    fn row(&mut self, cells: &[String], line: u64) {
        let Some(pos) = self.positions.take() else {
            return;
        };
        self.row_with(&pos, cells, line);
        self.positions = Some(pos);
    }

    fn row_with(&mut self, pos: &Positions, cells: &[String], line: u64) {
        let p = self.profile;
        let date_text = self.cell(cells, Some(pos.date));
        let date = number::parse_date(date_text, &p.date_format.0);
        let amount = self.amount(pos, cells);
        let (date, amount) = match (date, amount) {
            (Ok(d), Ok(a)) => (d, a),
            (Err(_), Err(_)) => {
                // Sub-totals, closing-balance lines and bank footers: not transactions.
                // Only the first lines are named: a file of a million footers keeps ten.
                if self.ignored_rows.len() < 10 {
                    self.ignored_rows.push(line);
                }
                self.ignored_count += 1;
                return;
            }
            (Err(why), Ok(_)) => {
                let field = self.column_name(pos.date);
                return self.diag(
                    line,
                    &field,
                    format!("date {date_text:?}: {why}; row left out"),
                    Severity::Error,
                );
            }
            (Ok(_), Err((at, why))) => {
                let field = self.column_name(at);
                return self.diag(
                    line,
                    &field,
                    format!("{why}; row left out"),
                    Severity::Error,
                );
            }
        };
        let value_date = match pos.value_date {
            Some(at) if !self.cell(cells, Some(at)).is_empty() => {
                let text = self.cell(cells, Some(at));
                match number::parse_date(text, &p.date_format.0) {
                    Ok(d) => Some(d),
                    Err(why) => {
                        let field = self.column_name(at);
                        self.diag(
                            line,
                            &field,
                            format!("value date {text:?}: {why}; the booking date is used"),
                            Severity::Error,
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        let currency = self.currency(pos, cells, line);
        let counterparty = self.counterparty(pos, cells, line);
        let description = pos
            .description
            .iter()
            .map(|&at| self.cell(cells, Some(at)))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let reference = Some(self.cell(cells, pos.id).to_owned()).filter(|r| !r.is_empty());
        self.own_account(pos, cells, line);
        self.track_balance(pos, cells, amount, value_date.unwrap_or(date), line);
        self.transactions += 1;
        self.first_line.get_or_insert(line);
        let id = transaction_id(self.file, 1, self.transactions);
        self.sink.transaction(Transaction {
            id,
            reference,
            booking_date: Some(date),
            value_date,
            amount,
            currency,
            description,
            counterparty,
            reversal: false,
            status: Status::Booked,
            line,
        });
    }

    /// The signed amount: the amount column (signed by the indicator column when there is one),
    /// or credit minus debit. An error is the column at fault and what is wrong with it.
    fn amount(&self, pos: &Positions, cells: &[String]) -> Result<Decimal, (usize, String)> {
        let p = self.profile;
        let parse = |at: usize| -> Result<Option<Decimal>, (usize, String)> {
            let text = self.cell(cells, Some(at));
            if text.is_empty() {
                return Ok(None);
            }
            number::parse_amount(text, p.decimal_separator, p.thousands_separator)
                .map(Some)
                .map_err(|why| (at, format!("amount {text:?}: {why}")))
        };
        if let Some(at) = pos.amount {
            let amount = parse(at)?.ok_or((at, "amount \"\": empty".to_owned()))?;
            return match pos.direction {
                Some(indicator) => self.with_indicator(amount, at, indicator, cells),
                None => Ok(amount),
            };
        }
        let (Some(debit_at), Some(credit_at)) = (pos.debit, pos.credit) else {
            return Err((pos.date, "amount \"\": no amount column".to_owned()));
        };
        let debit = parse(debit_at)?.filter(|d| !d.is_zero());
        let credit = parse(credit_at)?.filter(|c| !c.is_zero());
        match (debit, credit) {
            (Some(d), None) => Ok(if d.is_sign_negative() { d } else { -d }),
            (None, Some(c)) => Ok(c.abs()),
            (Some(d), Some(c)) => Err((
                debit_at,
                format!("amount \"{d} / {c}\": both a debit and a credit in one row: expected one of them"),
            )),
            (None, None) => {
                // A zero row: keep it as written in whichever column holds it.
                match parse(credit_at)?.or(parse(debit_at)?) {
                    Some(zero) => Ok(zero.abs()),
                    None => Err((
                        debit_at,
                        "amount \"\": neither a debit nor a credit".to_owned(),
                    )),
                }
            }
        }
    }

    /// Signs an amount by its debit/credit indicator. An indicator that is none of the
    /// profile's values, or that contradicts a sign written on the amount, is an error: the
    /// row is never guessed.
    fn with_indicator(
        &self,
        amount: Decimal,
        amount_at: usize,
        indicator_at: usize,
        cells: &[String],
    ) -> Result<Decimal, (usize, String)> {
        let p = self.profile;
        let indicator = self.cell(cells, Some(indicator_at));
        let Some(direction) = p.direction_of(indicator) else {
            return Err((
                indicator_at,
                format!(
                    "debit/credit indicator {indicator:?} is neither a credit ({}) nor a debit ({}): \
                     list it in credit_values or debit_values of the profile (--csv-credit-value, --csv-debit-value)",
                    p.credit_values.join(", "),
                    p.debit_values.join(", ")
                ),
            ));
        };
        let text = self.cell(cells, Some(amount_at));
        let written_sign = if amount.is_sign_negative() && !amount.is_zero() {
            Some(Direction::Debit)
        } else if text.starts_with('+') {
            Some(Direction::Credit)
        } else {
            None
        };
        if written_sign.is_some_and(|sign| sign != direction) {
            let (said, sign) = match direction {
                Direction::Credit => ("a credit", "minus"),
                Direction::Debit => ("a debit", "plus"),
            };
            return Err((
                amount_at,
                format!(
                    "amount {text:?} is written with a {sign} sign but {} says {indicator:?} ({said})",
                    self.column_name(indicator_at)
                ),
            ));
        }
        let sign = match direction {
            Direction::Credit => Decimal::ONE,
            Direction::Debit => Decimal::NEGATIVE_ONE,
        };
        Ok(with_sign(sign, amount.abs()))
    }

    fn currency(&mut self, pos: &Positions, cells: &[String], line: u64) -> Option<CurrencyCode> {
        let p = self.profile;
        let text = self.cell(cells, pos.currency).to_owned();
        let found = if text.is_empty() {
            p.fixed_currency
        } else {
            match CurrencyCode::parse(&text.to_ascii_uppercase()) {
                Ok(c) => Some(c),
                Err(_) => {
                    let field = self.column_name(pos.currency.unwrap_or(0));
                    self.diag(
                        line,
                        &field,
                        format!("currency {text:?} is not a currency code (three letters such as EUR); {}",
                            p.fixed_currency.map_or("left empty".to_owned(), |c| format!("{c} used"))),
                        Severity::Warning,
                    );
                    p.fixed_currency
                }
            }
        };
        match found {
            Some(c) => match self.currency {
                None if !self.mixed_currency => self.currency = Some(c),
                Some(held) if held != c => {
                    self.currency = None;
                    self.mixed_currency = true;
                }
                _ => {}
            },
            None => {
                self.missing_currency.get_or_insert(line);
            }
        }
        found
    }

    fn counterparty(&mut self, pos: &Positions, cells: &[String], line: u64) -> Counterparty {
        let name =
            Some(normalise_space(self.cell(cells, pos.counterparty))).filter(|s| !s.is_empty());
        let raw_account = self.cell(cells, pos.counterparty_account);
        // IBANs are often printed in groups of four: `DE89 3704 0044 ...`.
        let compact: String = raw_account.split_whitespace().collect();
        let account = if iban_country(&compact.to_ascii_uppercase()).is_some() {
            Some(compact.to_ascii_uppercase())
        } else {
            Some(raw_account.to_owned()).filter(|a| !a.is_empty())
        };
        let bic = Some(self.cell(cells, pos.counterparty_bic).to_owned()).filter(|b| !b.is_empty());
        let country_text = self.cell(cells, pos.counterparty_country).to_owned();
        let stated = if country_text.is_empty() {
            None
        } else {
            let upper = country_text.to_ascii_uppercase();
            let parsed = match upper.len() {
                2 => CountryCode::parse(&upper).ok(),
                3 => crate::mrz::icao_to_alpha2(&upper),
                _ => None,
            };
            if parsed.is_none() {
                let field = self.column_name(pos.counterparty_country.unwrap_or(0));
                self.diag(
                    line,
                    &field,
                    format!("country {country_text:?} is not an ISO country code (DE or DEU); the IBAN's country is used"),
                    Severity::Warning,
                );
            }
            parsed
        };
        let country = stated.or_else(|| account.as_deref().and_then(iban_country));
        Counterparty {
            name,
            account,
            bic,
            country,
        }
    }

    fn own_account(&mut self, pos: &Positions, cells: &[String], line: u64) {
        let text: String = self.cell(cells, pos.account).split_whitespace().collect();
        if text.is_empty() {
            return;
        }
        match &self.account {
            None => self.account = Some(text),
            Some(held) if *held != text && !self.warned_account => {
                self.warned_account = true;
                let field = self.column_name(pos.account.unwrap_or(0));
                let held = held.clone();
                self.diag(
                    line,
                    &field,
                    format!("account {text:?} differs from {held:?} of the first row: the file is read as one statement of {held:?}"),
                    Severity::Warning,
                );
            }
            _ => {}
        }
    }

    fn track_balance(
        &mut self,
        pos: &Positions,
        cells: &[String],
        amount: Decimal,
        date: NaiveDate,
        line: u64,
    ) {
        if !self.balances.usable {
            return;
        }
        let text = self.cell(cells, pos.balance).to_owned();
        let p = self.profile;
        let balance = match number::parse_amount(&text, p.decimal_separator, p.thousands_separator)
        {
            Ok(b) => b,
            Err(why) => {
                self.balances.usable = false;
                let field = self.column_name(pos.balance.unwrap_or(0));
                return self.diag(
                    line,
                    &field,
                    format!(
                        "balance {text:?}: {why}; the balance column is not used for this file"
                    ),
                    Severity::Warning,
                );
            }
        };
        let b = &mut self.balances;
        if let Some((prev_balance, prev_amount, _)) = b.last {
            if b.oldest_first && balance != prev_balance + amount {
                b.oldest_first = false;
                b.broken_at[0] = Some(line);
            }
            if b.newest_first && prev_balance != balance + prev_amount {
                b.newest_first = false;
                b.broken_at[1] = Some(line);
            }
        }
        b.first.get_or_insert((balance, amount, date));
        b.last = Some((balance, amount, date));
    }

    fn finish(mut self, last_line: u64) {
        if self.positions.is_none() {
            // Only a header (or nothing): resolve anyway so absent columns are reported.
            self.resolve(last_line.max(1));
        }
        if let Some((first, count)) = self.preamble {
            self.diag(
                first,
                "header",
                format!("{count} row(s) before the header row (account details) were not read as transactions"),
                Severity::Warning,
            );
        }
        if !self.ignored_rows.is_empty() {
            let lines: Vec<String> = self
                .ignored_rows
                .iter()
                .take(10)
                .map(u64::to_string)
                .collect();
            let more = if self.ignored_count > 10 { ", ..." } else { "" };
            let first = self.ignored_rows[0];
            self.diag(
                first,
                "row",
                format!(
                    "{} row(s) with neither a date nor an amount (totals, footers) were ignored: line(s) {}{more}",
                    self.ignored_count,
                    lines.join(", ")
                ),
                Severity::Warning,
            );
        }
        if let Some(line) = self.missing_currency {
            self.diag(
                line,
                "currency",
                "rows without a currency: map a currency column or set fixed_currency (--csv-currency) in the profile; their credits count under XXX".to_owned(),
                Severity::Warning,
            );
        }
        let line = self.first_line.unwrap_or(self.line_offset + 1);
        let currency = self.profile.fixed_currency.or(self.currency);
        let (opening, closing) = self.balances(currency, line);
        if self.transactions == 0 {
            self.diag(
                line,
                "file",
                "no transaction rows after the header: nothing to import".to_owned(),
                Severity::Warning,
            );
        }
        self.sink.statement(Statement {
            id: None,
            account: self.account.take(),
            holder: None,
            currency,
            opening,
            closing,
            transactions: Vec::new(),
            line,
        });
    }

    /// Opening and closing balances from the balance column, in whichever row order it follows.
    fn balances(
        &mut self,
        currency: Option<CurrencyCode>,
        line: u64,
    ) -> (Option<Balance>, Option<Balance>) {
        let b = &self.balances;
        let (Some(first), Some(last), true) = (b.first, b.last, b.usable) else {
            return (None, None);
        };
        let opening_of = |(balance, amount, date): (Decimal, Decimal, NaiveDate)| Balance {
            date,
            amount: balance - amount,
            currency,
        };
        let closing_of = |(balance, _, date): (Decimal, Decimal, NaiveDate)| Balance {
            date,
            amount: balance,
            currency,
        };
        // A single row, or both orders consistent: the dates decide; oldest first by default.
        let newest_first = b.newest_first && (!b.oldest_first || first.2 > last.2);
        if b.oldest_first && !newest_first {
            (Some(opening_of(first)), Some(closing_of(last)))
        } else if newest_first {
            (Some(opening_of(last)), Some(closing_of(first)))
        } else {
            let at = b.broken_at[0].unwrap_or(line);
            let field = self
                .positions
                .as_ref()
                .and_then(|p| p.balance)
                .map_or("balance".to_owned(), |i| self.column_name(i));
            self.diag(
                at,
                &field,
                "the balance column does not follow the amounts (in either row order): no opening or closing balance taken from it".to_owned(),
                Severity::Warning,
            );
            (None, None)
        }
    }
}

#[cfg(test)]
mod tests;
