//! `neonomad calendar`: the Kazakhstan business-day calendar on the command line: a year's
//! holidays, adding business days to a date, and whether one date is a business day.
//!
//! `business-days` prints the resulting date alone on its first line in text (the contract scripts
//! rely on), so it defaults to text even when piped; `holidays` follows the usual rule (text on a
//! terminal, JSON when piped).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::{Datelike, NaiveDate};
use neonomad_calendar::{BusinessDaySum, Calendar, CalendarEntry, EntryKind};
use serde::Serialize;

use crate::output::{Format, Style};

/// Subcommands of `neonomad calendar`.
#[derive(clap::Subcommand)]
pub enum CalendarCommand {
    /// Holidays, moved days off and working weekend days of a year.
    Holidays(HolidaysArgs),
    /// The date N business days after a date, with the days passed over and why.
    BusinessDays(BusinessDaysArgs),
    /// Whether a date is a business day (exit code 0 yes, 1 no).
    IsBusinessDay(IsBusinessDayArgs),
}

/// Which calendar data to use.
#[derive(clap::Args)]
pub struct CalendarFileArg {
    /// Use this calendar YAML instead of the bundled Kazakhstan calendar.
    #[arg(long, value_name = "FILE")]
    calendar: Option<PathBuf>,
}

/// Arguments of `neonomad calendar holidays`.
#[derive(clap::Args)]
pub struct HolidaysArgs {
    /// The year, e.g. 2026.
    year: i32,
    /// Output format (default: text on a terminal, JSON when piped).
    #[arg(long, value_enum)]
    format: Option<Format>,
    #[command(flatten)]
    data: CalendarFileArg,
}

/// Arguments of `neonomad calendar business-days`.
#[derive(clap::Args)]
pub struct BusinessDaysArgs {
    /// Start date, YYYY-MM-DD (not counted).
    #[arg(long, value_name = "DATE")]
    from: String,
    /// Number of business days to add.
    #[arg(long, value_name = "N")]
    add: u32,
    /// Output format (default: text, whose first line is the date alone).
    #[arg(long, value_enum)]
    format: Option<Format>,
    #[command(flatten)]
    data: CalendarFileArg,
}

/// Arguments of `neonomad calendar is-business-day`.
#[derive(clap::Args)]
pub struct IsBusinessDayArgs {
    /// The date, YYYY-MM-DD.
    date: String,
    /// Output format (default: text).
    #[arg(long, value_enum)]
    format: Option<Format>,
    #[command(flatten)]
    data: CalendarFileArg,
}

/// Runs the command.
pub fn run(cmd: CalendarCommand) -> Result<u8> {
    match cmd {
        CalendarCommand::Holidays(args) => holidays(args),
        CalendarCommand::BusinessDays(args) => business_days(args),
        CalendarCommand::IsBusinessDay(args) => is_business_day(args),
    }
}

fn holidays(args: HolidaysArgs) -> Result<u8> {
    let calendar = load(args.data.calendar.as_deref())?;
    let entries = calendar.entries(args.year)?;
    match Format::resolve(args.format) {
        Format::Json => emit(&json_line(&entries)?)?,
        Format::Text => {
            let business = business_days_in_year(calendar, args.year)?;
            emit(&holidays_table(
                args.year,
                &entries,
                business,
                Style::detect(),
            ))?;
        }
    }
    Ok(0)
}

fn business_days(args: BusinessDaysArgs) -> Result<u8> {
    let calendar = load(args.data.calendar.as_deref())?;
    let from = parse_date_arg("--from", &args.from)?;
    let sum = calendar
        .add_business_days(from, args.add)
        .with_context(|| format!("cannot add {} business days to {from}", args.add))?;
    match args.format.unwrap_or(Format::Text) {
        Format::Json => {
            let response = BusinessDaysResponse::new(from, args.add, &sum);
            emit(&json_line(&response)?)?;
        }
        Format::Text => emit(&business_days_text(&sum, Style::detect()))?,
    }
    Ok(0)
}

fn is_business_day(args: IsBusinessDayArgs) -> Result<u8> {
    let calendar = load(args.data.calendar.as_deref())?;
    let date = parse_date_arg("DATE", &args.date)?;
    let reason = calendar.day_off_reason(date)?;
    match args.format.unwrap_or(Format::Text) {
        Format::Json => {
            let response = IsBusinessDayResponse {
                date,
                business_day: reason.is_none(),
                reason: reason.as_deref(),
            };
            emit(&json_line(&response)?)?;
        }
        Format::Text => {
            let style = Style::detect();
            match &reason {
                None => emit(&format!("{}\n", style.green("yes")))?,
                Some(why) => emit(&format!("{}: {why}\n", style.red("no")))?,
            }
        }
    }
    Ok(if reason.is_none() { 0 } else { 1 })
}

/// Writes to stdout; a reader that stops early (`| head`) is not an error.
fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(err).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

fn json_line(value: &impl Serialize) -> Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}

/// The bundled calendar, or the one in `path`.
fn load(path: Option<&Path>) -> Result<&'static Calendar> {
    let Some(path) = path else {
        return Ok(Calendar::bundled());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the calendar file {}", path.display()))?;
    let calendar = Calendar::from_yaml(&text, &path.display().to_string())?;
    // One calendar per process run: leaking it lets both cases hand out the same reference.
    Ok(Box::leak(Box::new(calendar)))
}

fn parse_date_arg(name: &str, value: &str) -> Result<NaiveDate> {
    neonomad_core::parse_date(value).with_context(|| format!("bad {name}"))
}

fn business_days_in_year(calendar: &Calendar, year: i32) -> Result<u32> {
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).context("year out of range")?;
    let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).context("year out of range")?;
    let first = u32::from(calendar.is_business_day(jan1)?);
    Ok(first + calendar.business_days_between(jan1, dec31)?)
}

fn kind_label(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Holiday => "holiday",
        EntryKind::MovedDayOff => "moved day off",
        EntryKind::WorkingDay => "working day",
    }
}

/// The text table of `holidays`: date, weekday, kind, name, aligned; colour only on the kind.
fn holidays_table(year: i32, entries: &[CalendarEntry], business: u32, style: Style) -> String {
    let width = entries
        .iter()
        .map(|e| kind_label(e.kind).len())
        .max()
        .unwrap_or(0);
    let mut out = style.bold(&format!(
        "Kazakhstan calendar {year}: days off and working weekend days\n"
    ));
    for e in entries {
        let label = format!("{:<width$}", kind_label(e.kind));
        let label = match e.kind {
            EntryKind::Holiday => style.red(&label),
            EntryKind::MovedDayOff => style.yellow(&label),
            EntryKind::WorkingDay => style.green(&label),
        };
        out.push_str(&format!(
            "{}  {}  {label}  {}\n",
            e.date,
            e.date.weekday(),
            e.name
        ));
    }
    out.push_str(&style.dim(&format!(
        "{} entries; {business} business days in {year} (five-day week)\n",
        entries.len()
    )));
    out
}

/// The text of `business-days`: the date alone on the first line, then each skipped day.
fn business_days_text(sum: &BusinessDaySum, style: Style) -> String {
    let mut out = format!("{}\n", sum.date);
    for s in &sum.skipped {
        // A plain weekend's reason is its weekday's name, already shown in the weekday column.
        let reason = match s.reason.as_str() {
            "Saturday" | "Sunday" => "weekend",
            other => other,
        };
        out.push_str(&style.dim(&format!(
            "  skipped {} {}  {reason}\n",
            s.date,
            s.date.weekday()
        )));
    }
    out
}

/// JSON of `business-days`, as in the interchange contract.
#[derive(Serialize)]
struct BusinessDaysResponse<'a> {
    from: NaiveDate,
    add: u32,
    date: NaiveDate,
    skipped: Vec<SkippedDayResponse<'a>>,
}

#[derive(Serialize)]
struct SkippedDayResponse<'a> {
    date: NaiveDate,
    reason: &'a str,
}

impl<'a> BusinessDaysResponse<'a> {
    fn new(from: NaiveDate, add: u32, sum: &'a BusinessDaySum) -> Self {
        BusinessDaysResponse {
            from,
            add,
            date: sum.date,
            skipped: sum
                .skipped
                .iter()
                .map(|s| SkippedDayResponse {
                    date: s.date,
                    reason: &s.reason,
                })
                .collect(),
        }
    }
}

/// JSON of `is-business-day`.
#[derive(Serialize)]
struct IsBusinessDayResponse<'a> {
    date: NaiveDate,
    business_day: bool,
    reason: Option<&'a str>,
}
