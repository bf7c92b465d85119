//! `neonomad law`: every law parameter, list and treaty in force on a date, with its period and
//! source, as an aligned text report or as the JSON snapshot.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use neonomad_law::{LawSnapshot, ParamSnapshot, ParamValue, Source};

use crate::output::{Format, Style};

/// Arguments of `neonomad law`.
#[derive(clap::Args)]
pub struct LawArgs {
    /// The date (YYYY-MM-DD) to show the law of; default: today in Kazakhstan (UTC+5).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    as_of: Option<NaiveDate>,
    /// Output format (default: text on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Load every *.yaml file of DIR instead of the bundled law/params.
    #[arg(long, value_name = "DIR")]
    law_dir: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: LawArgs) -> Result<u8> {
    let law = crate::data::load_law(args.law_dir.as_deref())?;
    let on = args.as_of.unwrap_or_else(today_in_kazakhstan);
    let snapshot = law.snapshot(on);
    match Format::resolve(args.format) {
        Format::Json => println!("{}", serde_json::to_string_pretty(&snapshot)?),
        Format::Text => print!("{}", render_text(&snapshot, Style::detect())),
    }
    Ok(0)
}

/// Parses a strict `YYYY-MM-DD` command-line date.
pub fn date_arg(s: &str) -> Result<NaiveDate, String> {
    neonomad_core::parse_date(s).map_err(|e| e.to_string())
}

/// Today's date in Kazakhstan (a single UTC+5 zone since 1 March 2024): the law is Kazakh.
pub fn today_in_kazakhstan() -> NaiveDate {
    const OFFSET_SECS: u64 = 5 * 3600;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs + OFFSET_SECS) / 86_400;
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or(NaiveDate::MIN)
}

/// The text report: sections of aligned parameters, then the lists.
pub fn render_text(s: &LawSnapshot<'_>, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!("B12-1 law in force on {}", s.as_of))
    );

    let rows: Vec<(&ParamSnapshot<'_>, String, String)> = s
        .params
        .iter()
        .map(|p| {
            (
                p,
                value_text(&p.value, p.unit),
                period_text(p.valid_from, p.valid_to),
            )
        })
        .collect();
    let id_width = rows.iter().map(|(p, _, _)| p.id.len()).max().unwrap_or(0);
    let value_width = rows
        .iter()
        .map(|(_, v, _)| v.chars().count())
        .max()
        .unwrap_or(0);
    let period_width = rows.iter().map(|(_, _, d)| d.len()).max().unwrap_or(0);
    let mut section = "";
    for (p, value, period) in &rows {
        let this = section_of(p.id);
        if this != section {
            section = this;
            let _ = writeln!(out, "\n{}", style.bold(section));
        }
        let _ = writeln!(
            out,
            "  {:<id_width$}  {:<value_width$}  {:<period_width$}  {}",
            p.id,
            value,
            period,
            style.dim(&source_text(p.source)),
        );
    }
    if !s.not_in_force.is_empty() {
        let _ = writeln!(
            out,
            "\n{} {}",
            style.yellow("Not in force on this date:"),
            s.not_in_force.join(", ")
        );
    }

    match &s.appendix6 {
        Some(a) => {
            let _ = writeln!(
                out,
                "\n{}",
                style.bold(&format!(
                    "Appendix 6: {} countries whose citizens need no invitation ({})",
                    a.count,
                    period_text(a.valid_from, a.valid_to)
                ))
            );
            let _ = writeln!(out, "  {}", style.dim(&source_text(a.source)));
            let name_width = a
                .countries
                .iter()
                .map(|m| m.name.chars().count())
                .max()
                .unwrap_or(0);
            for m in &a.countries {
                let evidence: Vec<String> = m
                    .evidence
                    .unwrap_or_default()
                    .iter()
                    .map(|e| format!("{e:?}"))
                    .collect();
                let _ = writeln!(
                    out,
                    "  {}  {:<name_width$}  evidence {:<7}  confidence {}",
                    m.code,
                    m.name,
                    evidence.join(","),
                    m.confidence.unwrap_or("-"),
                );
            }
        }
        None => {
            let _ = writeln!(
                out,
                "\n{}",
                style.bold("Appendix 6: no list in force on this date")
            );
        }
    }

    let _ = writeln!(
        out,
        "\n{}",
        style.bold(&format!(
            "Minsk Convention 1993: {} parties in force (no legalisation)",
            s.minsk.count
        ))
    );
    let _ = writeln!(out, "  {}", style.dim(&source_text(s.minsk.convention)));
    let name_width = s
        .minsk
        .parties
        .iter()
        .map(|m| m.name.chars().count())
        .max()
        .unwrap_or(0);
    for m in &s.minsk.parties {
        let _ = writeln!(
            out,
            "  {}  {:<name_width$}  {}  confidence {}",
            m.code,
            m.name,
            period_text(m.valid_from, m.valid_to),
            m.confidence.unwrap_or("-"),
        );
    }

    let _ = writeln!(
        out,
        "\n{}",
        style.bold(&format!(
            "Hague Apostille Convention: {} parties in force (apostille)",
            s.hague.count
        ))
    );
    let _ = writeln!(out, "  {}", style.dim(&source_text(s.hague.convention)));
    let _ = writeln!(
        out,
        "\nISO lists: {} country codes (with XK), {} currency codes. Rule citations: {}.",
        s.iso3166_countries,
        s.iso4217_currencies,
        s.rule_sources.len()
    );
    out
}

fn section_of(id: &str) -> &'static str {
    match id.split('.').next().unwrap_or("") {
        "visa" => "Visa",
        "income" => "Income",
        "passport" => "Passport",
        "family" => "Family",
        "fee" => "Fee",
        "timeline" => "Timeline",
        "mrp" => "MRP",
        _ => "Other",
    }
}

fn value_text(value: &ParamValue, unit: Option<&str>) -> String {
    match (value, unit) {
        (ParamValue::Money(_), Some(currency)) => format!("{currency} {value}"),
        (_, Some(unit)) => format!("{value} {unit}"),
        (_, None) => value.to_string(),
    }
}

fn period_text(from: NaiveDate, to: Option<NaiveDate>) -> String {
    match to {
        Some(to) => format!("{from} .. {to}"),
        None => format!("from {from}"),
    }
}

fn source_text(source: &Source) -> String {
    match &source.confidence {
        Some(c) => format!("[{c}] {}", source.citation),
        None => source.citation.clone(),
    }
}
