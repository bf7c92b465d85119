//! `neonomad statement FILE...`: imports bank statements (camt.053, MT940), detecting the
//! format, and prints per file its statements (balances, transaction count, whether they
//! balance), its credits per month of value date and per currency, and the warnings.
//!
//! Files are streamed into totals, so memory does not grow with their size. Gaps and overlaps
//! are checked within each file and across the files given (reported on the later statement).
//! JSON output is one object per file, one per line. Exit code 0 when every file was read, 2
//! when one cannot be (the message names file, line and field).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read as _, Write as _};
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use neonomad_evidence::statement::{
    continuity, detect, read_into, Balance, Diagnostic, Severity, StatementSummary, Summary,
};
use serde::Serialize;

use crate::output::{Format, Style};

/// Bytes read to detect a file's format.
const SNIFF: u64 = 64 * 1024;

/// Arguments of `neonomad statement`.
#[derive(clap::Args)]
pub struct StatementArgs {
    /// Statement files: camt.053 XML or MT940 (the format is detected from the content).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format (default: text on a terminal, JSON when piped).
    #[arg(long, value_enum)]
    format: Option<Format>,
}

/// Runs the command.
pub fn run(args: StatementArgs) -> Result<u8> {
    let mut summaries = args
        .files
        .iter()
        .map(summarise)
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

/// Detects the format from the first bytes, then streams the whole file into totals.
fn summarise(path: &PathBuf) -> Result<Summary> {
    let name = path.display().to_string();
    let open = || File::open(path).with_context(|| format!("{name}: cannot be read"));
    let mut head = Vec::new();
    open()?
        .take(SNIFF)
        .read_to_end(&mut head)
        .with_context(|| format!("{name}: cannot be read"))?;
    let format = detect(&head).with_context(|| {
        format!(
            "{name}:-: format: not a bank statement neonomad can read: expected camt.053 XML \
             (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.0N) or MT940 \
             (fields such as :20:, :25:, :60F:, :61:)"
        )
    })?;
    let mut summary = Summary::new(&name, format);
    read_into(&name, format, BufReader::new(open()?), &mut summary)?;
    Ok(summary.finish())
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
