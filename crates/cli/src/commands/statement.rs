//! `neonomad statement FILE...`: imports bank statements (camt.053, MT940, OFX, CSV), detecting
//! the format, and prints per file its statements (balances, transaction count, whether they
//! balance), its credits per month of value date and per currency, and the warnings.
//!
//! CSV files are read through a column profile: `--csv-profile NAME|FILE.yaml` (a built-in, one
//! saved under `~/.config/neonomad/profiles/`, or a file), adjusted by inline `--csv-*` options;
//! without either, the header row is matched against the built-in profiles. `--save-profile
//! NAME` writes the profile in effect to `~/.config/neonomad/profiles/NAME.yaml`.
//!
//! Files are streamed into totals, so memory does not grow with their size. Gaps and overlaps
//! are checked within each file and across the files given (reported on the later statement).
//! JSON output is one object per file, one per line. Exit code 0 when every file was read, 2
//! when one cannot be (the message names file, line and field).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use neonomad_evidence::statement::csv::{builtin_names, builtin_profile, Column, CsvProfile};
use neonomad_evidence::statement::{
    continuity, csv, detect, may_be_csv, not_a_statement, read_into, sniff, streaming_limit,
    too_large, Balance, Diagnostic, Format as StatementFormat, Severity, StatementSummary, Summary,
};
use serde::Serialize;

use crate::output::{Format, Style};

/// Bytes read to detect a file's format.
const SNIFF: u64 = 64 * 1024;

/// Arguments of `neonomad statement`.
#[derive(clap::Args)]
pub struct StatementArgs {
    /// Statement files: camt.053 XML, MT940, OFX or CSV (the format is detected from the content).
    #[arg(required_unless_present = "save_profile", value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format (default: text on a terminal, JSON when piped).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Boxed: the many CSV options would make this the largest subcommand by far.
    #[command(flatten)]
    csv: Box<CsvArgs>,
}

/// How CSV files are read: a profile and inline adjustments to it.
#[derive(clap::Args, Default)]
#[command(next_help_heading = "CSV options")]
pub struct CsvArgs {
    /// CSV column profile: a built-in (generic-signed, generic-debit-credit, de-semicolon,
    /// nl-ing), a profile saved with --save-profile, or a YAML file.
    #[arg(long, value_name = "NAME|FILE.yaml")]
    csv_profile: Option<String>,
    /// Save the CSV profile in effect (with the inline options) as NAME under
    /// ~/.config/neonomad/profiles/ (or $XDG_CONFIG_HOME/neonomad/profiles/).
    #[arg(long, value_name = "NAME")]
    save_profile: Option<String>,
    /// Field delimiter: , ; | or tab.
    #[arg(long, value_name = "D")]
    csv_delimiter: Option<String>,
    /// Date column: a header name or a 1-based number.
    #[arg(long, value_name = "COLUMN")]
    csv_date_column: Option<String>,
    /// Date format (chrono strftime), e.g. %d.%m.%Y, %Y-%m-%d, %m/%d/%Y; repeat to try several.
    #[arg(long, value_name = "FORMAT")]
    csv_date_format: Vec<String>,
    /// Value date column (it decides the month when present).
    #[arg(long, value_name = "COLUMN")]
    csv_value_date_column: Option<String>,
    /// Signed amount column (credits positive); unsigned with --csv-direction-column.
    #[arg(long, value_name = "COLUMN", conflicts_with_all = ["csv_debit_column", "csv_credit_column"])]
    csv_amount_column: Option<String>,
    /// Debit/credit indicator column (S/H, D/C, DR/CR, Af/Bij, Debit/Credit) giving the sign of
    /// an unsigned amount column.
    #[arg(long, value_name = "COLUMN", conflicts_with_all = ["csv_debit_column", "csv_credit_column"])]
    csv_direction_column: Option<String>,
    /// An indicator value meaning money in; repeat for several (replaces the defaults C, CR,
    /// CRDT, Credit, H, Haben, Bij).
    #[arg(long, value_name = "VALUE")]
    csv_credit_value: Vec<String>,
    /// An indicator value meaning money out; repeat for several (replaces the defaults D, DR,
    /// DBIT, Debit, S, Soll, Af).
    #[arg(long, value_name = "VALUE")]
    csv_debit_value: Vec<String>,
    /// Debit (money out) column; use with --csv-credit-column.
    #[arg(long, value_name = "COLUMN", requires = "csv_credit_column")]
    csv_debit_column: Option<String>,
    /// Credit (money in) column; use with --csv-debit-column.
    #[arg(long, value_name = "COLUMN", requires = "csv_debit_column")]
    csv_credit_column: Option<String>,
    /// Currency code column.
    #[arg(long, value_name = "COLUMN")]
    csv_currency_column: Option<String>,
    /// Currency of rows that name none (e.g. EUR).
    #[arg(long, value_name = "CODE")]
    csv_currency: Option<String>,
    /// Counterparty (payer or payee) name column.
    #[arg(long, value_name = "COLUMN")]
    csv_counterparty_column: Option<String>,
    /// Counterparty IBAN or account column.
    #[arg(long, value_name = "COLUMN")]
    csv_iban_column: Option<String>,
    /// Counterparty (payer) country column (DE or DEU).
    #[arg(long, value_name = "COLUMN")]
    csv_country_column: Option<String>,
    /// Description column; repeat to join several.
    #[arg(long, value_name = "COLUMN")]
    csv_description_column: Vec<String>,
    /// Transaction id or reference column.
    #[arg(long, value_name = "COLUMN")]
    csv_id_column: Option<String>,
    /// Running balance column (gives opening and closing balances).
    #[arg(long, value_name = "COLUMN")]
    csv_balance_column: Option<String>,
    /// Amounts use a decimal comma (1.234,56): sets the thousands separator to '.' unless given.
    #[arg(long)]
    csv_decimal_comma: bool,
    /// Thousands separator: . , ' space, or none.
    #[arg(long, value_name = "SEP")]
    csv_thousands: Option<String>,
    /// Lines to skip before the header row.
    #[arg(long, value_name = "N")]
    csv_skip_lines: Option<usize>,
    /// Text encoding: utf-8, windows-1252, iso-8859-1, utf-16le (default: detected).
    #[arg(long, value_name = "LABEL")]
    csv_encoding: Option<String>,
    /// The file has no header row: columns are numbers.
    #[arg(long)]
    csv_no_header: bool,
}

/// Runs the command.
pub fn run(args: StatementArgs) -> Result<u8> {
    let profile = csv_profile(&args.csv)?;
    if let Some(name) = &args.csv.save_profile {
        let profile = profile
            .as_ref()
            .context("--save-profile needs a profile: give --csv-profile or the --csv-* columns")?;
        let path = save_profile(name, profile)?;
        eprintln!("neonomad: saved CSV profile {name} to {}", path.display());
    }
    if args.files.is_empty() {
        return Ok(0);
    }
    let mut summaries = args
        .files
        .iter()
        .map(|path| summarise(path, profile.as_ref()))
        .collect::<Result<Vec<_>>>()?;
    add_cross_file_continuity(&mut summaries);
    let reports: Vec<FileReport> = summaries.iter().map(FileReport::of).collect();
    let mut out = std::io::stdout().lock();
    match Format::resolve(args.format) {
        Format::Json => {
            for report in &reports {
                serde_json::to_writer(&mut out, report)?;
                writeln!(out)?;
            }
        }
        Format::Text => {
            let style = Style::detect();
            for (i, report) in reports.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write!(out, "{}", render_text(report, &style))?;
            }
        }
    }
    Ok(0)
}

/// Detects the format from the first bytes, then streams the whole file into totals. With a CSV
/// profile, a file of no other known format is read as CSV with it. Formats whose readers keep
/// a statement in memory (MT940, OFX) are refused above their size limit.
fn summarise(path: &Path, profile: Option<&CsvProfile>) -> Result<Summary> {
    let name = path.display().to_string();
    let (format, reader) = open_statement(path, &name, profile.is_some(), streaming_limit)?;
    let mut summary = Summary::new(&name, format);
    match format {
        StatementFormat::Csv => csv::read(&name, reader, profile, &mut summary)?,
        other => read_into(&name, other, reader, &mut summary)?,
    }
    Ok(summary.finish())
}

/// Opens a statement file: its format from the first bytes (`csv_profile`: a file of no other
/// known format is CSV), refused when larger than `limit` of that format, and a reader from
/// its start that fails past the limit too (a pipe or device has no size to check first).
pub(crate) fn open_statement(
    path: &Path,
    name: &str,
    csv_profile: bool,
    limit: impl Fn(StatementFormat) -> Option<u64>,
) -> Result<(StatementFormat, impl BufRead)> {
    let open = || File::open(path).with_context(|| format!("{name}: cannot be read"));
    let mut file = open()?;
    let mut head = Vec::new();
    (&mut file)
        .take(SNIFF)
        .read_to_end(&mut head)
        .with_context(|| format!("{name}: cannot be read"))?;
    let format = match (detect(&head), csv_profile) {
        (Some(StatementFormat::Csv) | None, true) if may_be_csv(&head) => StatementFormat::Csv,
        (None, true) => return Err(not_a_statement(name, &head).into()),
        _ => sniff(name, &head)?,
    };
    let limit = limit(format);
    let metadata = file
        .metadata()
        .with_context(|| format!("{name}: cannot be read"))?;
    if let Some(limit) = limit.filter(|&l| metadata.is_file() && metadata.len() > l) {
        return Err(too_large(name, metadata.len(), limit, Some(format)).into());
    }
    // A regular file is opened again to read from its start; a pipe cannot be, so it goes on
    // after the bytes already taken.
    let rest: Box<dyn Read> = if metadata.is_file() {
        Box::new(open()?)
    } else {
        Box::new(io::Cursor::new(head).chain(file))
    };
    // Without a limit the file is read as it is: a wrapper that only has `read` would have
    // every block zeroed before it is read into (Read::read_buf's default), a tenth of a
    // millisecond per megabyte of camt.053.
    let reader: Box<dyn Read> = match limit {
        Some(limit) => Box::new(Capped {
            inner: rest,
            left: limit,
            limit,
        }),
        None => rest,
    };
    Ok((format, BufReader::new(reader)))
}

/// Fails a read past `limit` bytes: the size check for files whose size is not known first.
struct Capped<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "larger than the {} MiB neonomad reads of this format",
                    self.limit / (1024 * 1024)
                ),
            )),
        }
    }
}

/// The CSV profile in effect: `--csv-profile` (else columns `Date` and `Amount` when only inline
/// options are given) with the inline options applied; `None` when neither is given.
fn csv_profile(args: &CsvArgs) -> Result<Option<CsvProfile>> {
    let inline = args.csv_delimiter.is_some()
        || args.csv_date_column.is_some()
        || !args.csv_date_format.is_empty()
        || args.csv_value_date_column.is_some()
        || args.csv_amount_column.is_some()
        || args.csv_debit_column.is_some()
        || args.csv_direction_column.is_some()
        || !args.csv_credit_value.is_empty()
        || !args.csv_debit_value.is_empty()
        || args.csv_currency_column.is_some()
        || args.csv_currency.is_some()
        || args.csv_counterparty_column.is_some()
        || args.csv_iban_column.is_some()
        || args.csv_country_column.is_some()
        || !args.csv_description_column.is_empty()
        || args.csv_id_column.is_some()
        || args.csv_balance_column.is_some()
        || args.csv_decimal_comma
        || args.csv_thousands.is_some()
        || args.csv_skip_lines.is_some()
        || args.csv_encoding.is_some()
        || args.csv_no_header;
    let mut profile = match &args.csv_profile {
        Some(spec) => load_profile(spec)?,
        // Inline options alone start from the least that can be read: `Date` and `Amount`.
        None if inline => CsvProfile::new(
            "inline",
            Column::from_arg("Date"),
            Column::from_arg("Amount"),
        ),
        None => return Ok(None),
    };
    let column = |text: &String| Column::from_arg(text);
    if let Some(d) = &args.csv_delimiter {
        profile.delimiter = match d.as_str() {
            "tab" | "\\t" | "\t" => '\t',
            other if other.chars().count() == 1 => other.chars().next().unwrap_or(','),
            other => anyhow::bail!(
                "--csv-delimiter {other:?}: expected one character such as , ; | or tab"
            ),
        };
    }
    if let Some(c) = &args.csv_date_column {
        profile.date = column(c);
    }
    if !args.csv_date_format.is_empty() {
        profile.date_format = csv::DateFormats(args.csv_date_format.clone());
    }
    if let Some(c) = &args.csv_value_date_column {
        profile.value_date = Some(column(c));
    }
    if let Some(c) = &args.csv_amount_column {
        profile.amount = Some(column(c));
        profile.debit = None;
        profile.credit = None;
    }
    if let (Some(d), Some(c)) = (&args.csv_debit_column, &args.csv_credit_column) {
        profile.amount = None;
        profile.debit = Some(column(d));
        profile.credit = Some(column(c));
        profile.direction = None;
    }
    if let Some(c) = &args.csv_direction_column {
        profile.direction = Some(column(c));
    }
    if !args.csv_credit_value.is_empty() {
        profile.credit_values = args.csv_credit_value.clone();
    }
    if !args.csv_debit_value.is_empty() {
        profile.debit_values = args.csv_debit_value.clone();
    }
    if let Some(c) = &args.csv_currency_column {
        profile.currency = Some(column(c));
    }
    if let Some(code) = &args.csv_currency {
        profile.fixed_currency = Some(
            neonomad_core::CurrencyCode::parse(&code.to_ascii_uppercase())
                .with_context(|| format!("--csv-currency {code:?}"))?,
        );
    }
    if let Some(c) = &args.csv_counterparty_column {
        profile.counterparty = Some(column(c));
    }
    if let Some(c) = &args.csv_iban_column {
        profile.counterparty_account = Some(column(c));
    }
    if let Some(c) = &args.csv_country_column {
        profile.counterparty_country = Some(column(c));
    }
    if !args.csv_description_column.is_empty() {
        profile.description = args.csv_description_column.iter().map(column).collect();
    }
    if let Some(c) = &args.csv_id_column {
        profile.id = Some(column(c));
    }
    if let Some(c) = &args.csv_balance_column {
        profile.balance = Some(column(c));
    }
    if args.csv_decimal_comma {
        profile.decimal_separator = ',';
        if args.csv_thousands.is_none() {
            profile.thousands_separator = Some('.');
        }
    }
    if let Some(t) = &args.csv_thousands {
        profile.thousands_separator = match t.as_str() {
            "none" | "" => None,
            "space" | " " => Some(' '),
            other if other.chars().count() == 1 => other.chars().next(),
            other => anyhow::bail!("--csv-thousands {other:?}: expected . , ' space or none"),
        };
    }
    if let Some(n) = args.csv_skip_lines {
        profile.skip_lines = n;
    }
    if let Some(label) = &args.csv_encoding {
        profile.encoding = Some(label.clone());
    }
    if args.csv_no_header {
        profile.header = false;
    }
    if let Some(name) = &args.save_profile {
        profile.name = name.clone();
    }
    profile.check()?;
    Ok(Some(profile))
}

/// Where saved profiles live: `$XDG_CONFIG_HOME/neonomad/profiles`, else
/// `$HOME/.config/neonomad/profiles`.
fn profiles_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })?;
    Some(base.join("neonomad").join("profiles"))
}

/// A profile by file path (`.yaml`/`.yml` or a path with `/`), saved name, or built-in name.
fn load_profile(spec: &str) -> Result<CsvProfile> {
    let from_file = |path: &std::path::Path| -> Result<CsvProfile> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot be read", path.display()))?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        CsvProfile::from_yaml(&stem, &text).with_context(|| path.display().to_string())
    };
    if spec.ends_with(".yaml")
        || spec.ends_with(".yml")
        || spec.contains(std::path::MAIN_SEPARATOR)
        || spec.contains('/')
    {
        return from_file(std::path::Path::new(spec));
    }
    if let Some(saved) = profiles_dir().map(|d| d.join(format!("{spec}.yaml"))) {
        if saved.is_file() {
            return from_file(&saved);
        }
    }
    builtin_profile(spec).with_context(|| {
        format!(
            "CSV profile {spec:?} not found: not a built-in profile ({}), not saved in {}, not a .yaml file",
            builtin_names().join(", "),
            profiles_dir().map_or_else(|| "~/.config/neonomad/profiles".to_owned(), |d| d.display().to_string())
        )
    })
}

/// Writes a profile to the profiles directory; names are letters, digits, `-` and `_`.
fn save_profile(name: &str, profile: &CsvProfile) -> Result<PathBuf> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        anyhow::bail!("--save-profile {name:?}: use letters, digits, '-' and '_' only");
    }
    let dir = profiles_dir().context("--save-profile: neither XDG_CONFIG_HOME nor HOME is set")?;
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("{}: cannot be created", dir.display()))?;
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(&path, profile.to_yaml())
        .with_context(|| format!("{}: cannot be written", path.display()))?;
    Ok(path)
}

/// Continuity between statements of different files; findings within one file are already in
/// that file's diagnostics.
fn add_cross_file_continuity(summaries: &mut [Summary]) {
    let found: Vec<Diagnostic> = {
        let all: Vec<(&str, &StatementSummary)> = summaries
            .iter()
            .flat_map(|s| s.statements.iter().map(move |st| (s.file.as_str(), st)))
            .collect();
        continuity(&all)
    };
    for diagnostic in found {
        if let Some(summary) = summaries.iter_mut().find(|s| s.file == diagnostic.file) {
            if !summary.diagnostics.contains(&diagnostic) {
                summary.diagnostics.push(diagnostic);
            }
        }
    }
}

/// The per-file object of the interchange contract.
#[derive(Serialize)]
struct FileReport {
    file: String,
    format: &'static str,
    statements: Vec<StatementReport>,
    transactions: usize,
    credits_by_month: BTreeMap<String, BTreeMap<String, String>>,
    warnings: Vec<String>,
    #[serde(skip)]
    errors: usize,
}

#[derive(Serialize)]
struct StatementReport {
    id: Option<String>,
    account: Option<String>,
    currency: Option<String>,
    opening: Option<BalanceReport>,
    closing: Option<BalanceReport>,
    transactions: usize,
    balanced: Option<bool>,
}

#[derive(Serialize)]
struct BalanceReport {
    date: String,
    amount: String,
}

impl BalanceReport {
    fn of(balance: &Balance) -> BalanceReport {
        BalanceReport {
            date: balance.date.to_string(),
            amount: balance.amount.to_string(),
        }
    }
}

impl FileReport {
    fn of(summary: &Summary) -> FileReport {
        FileReport {
            file: summary.file.clone(),
            format: summary.format.as_str(),
            statements: summary
                .statements
                .iter()
                .map(|s| StatementReport {
                    id: s.id.clone(),
                    account: s.account.clone(),
                    currency: s.currency.map(|c| c.to_string()),
                    opening: s.opening.as_ref().map(BalanceReport::of),
                    closing: s.closing.as_ref().map(BalanceReport::of),
                    transactions: s.transactions,
                    balanced: s.balanced,
                })
                .collect(),
            transactions: summary.transactions,
            credits_by_month: summary
                .credits_by_month
                .iter()
                .map(|(month, by_currency)| {
                    let amounts = by_currency
                        .iter()
                        .map(|(c, a)| (c.to_string(), a.to_string()))
                        .collect();
                    (month.to_string(), amounts)
                })
                .collect(),
            warnings: summary
                .diagnostics
                .iter()
                .map(ToString::to_string)
                .collect(),
            errors: summary
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
        }
    }
}

fn balance_text(b: &Option<BalanceReport>) -> String {
    b.as_ref()
        .map_or_else(|| "-".to_owned(), |b| format!("{} {}", b.date, b.amount))
}

/// A person's view: a table of statements, a table of credits per month, the warnings.
fn render_text(r: &FileReport, style: &Style) -> String {
    let mut s = String::new();
    s.push_str(&style.bold(&format!(
        "{} ({}, {} statement(s), {} transaction(s))",
        r.file,
        r.format,
        r.statements.len(),
        r.transactions
    )));
    s.push('\n');
    if !r.statements.is_empty() {
        let rows: Vec<[String; 7]> = r
            .statements
            .iter()
            .enumerate()
            .map(|(i, st)| {
                [
                    (i + 1).to_string(),
                    st.account.clone().unwrap_or_else(|| "-".to_owned()),
                    st.currency.clone().unwrap_or_else(|| "-".to_owned()),
                    balance_text(&st.opening),
                    balance_text(&st.closing),
                    st.transactions.to_string(),
                    match st.balanced {
                        Some(true) => "yes".to_owned(),
                        Some(false) => "NO".to_owned(),
                        None => "-".to_owned(),
                    },
                ]
            })
            .collect();
        let header = [
            "#", "account", "ccy", "opening", "closing", "tx", "balanced",
        ];
        let widths: Vec<usize> = (0..7)
            .map(|c| {
                rows.iter()
                    .map(|r| r[c].chars().count())
                    .chain([header[c].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| {
            let mut out = String::from(" ");
            for (c, cell) in cells.iter().enumerate() {
                let pad = widths[c] - cell.chars().count();
                // Numbers right-aligned, text left-aligned.
                if c == 0 || c == 5 {
                    out.push_str(&format!(" {}{cell}", " ".repeat(pad)));
                } else {
                    out.push_str(&format!(" {cell}{}", " ".repeat(pad)));
                }
            }
            out.trim_end().to_owned()
        };
        let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        s.push_str(&style.dim(&line(&head)));
        s.push('\n');
        for row in &rows {
            let text = line(row);
            let text = match row[6].as_str() {
                "NO" => style.red(&text),
                _ => text,
            };
            s.push_str(&text);
            s.push('\n');
        }
    }
    s.push_str(&style.bold("Credits by month of value date"));
    s.push('\n');
    if r.credits_by_month.is_empty() {
        s.push_str("  none\n");
    }
    for (month, amounts) in &r.credits_by_month {
        let cells: Vec<String> = amounts
            .iter()
            .map(|(c, a)| format!("{c} {a:>14}"))
            .collect();
        s.push_str(&format!("  {month}  {}\n", cells.join("   ")));
    }
    if !r.warnings.is_empty() {
        let title = format!("Warnings ({}, {} error(s))", r.warnings.len(), r.errors);
        s.push_str(&style.yellow(&title));
        s.push('\n');
        for w in &r.warnings {
            s.push_str(&format!("  {w}\n"));
        }
    }
    s
}
