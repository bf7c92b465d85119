//! `neonomad mrz`: reads a passport, ID card or visa MRZ from stdin and reports every field and
//! every check digit.

use std::fmt::Write as _;
use std::io::{Read, Write};

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use neonomad_evidence::mrz::{self, icao_to_alpha2, CheckDigit, Mrz, MrzDate};
use serde::Serialize;

use crate::output::{Format, Style};

/// Arguments of `neonomad mrz`.
#[derive(clap::Args)]
#[command(
    after_help = "Reads 2 lines (TD2, TD3, MRV-A, MRV-B) or 3 lines (TD1) from stdin.\n\
Exit codes: 0 all check digits valid, 1 a check digit is invalid, 2 not an MRZ."
)]
pub struct MrzArgs {
    /// Output format (default: text on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The day two-digit years are read against (YYYY-MM-DD); default: today in Kazakhstan.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    as_of: Option<NaiveDate>,
}

/// Runs the command.
pub fn run(args: MrzArgs) -> Result<u8> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .context("cannot read stdin")?;
    let text = String::from_utf8(bytes).context("stdin is not UTF-8 text")?;
    let as_of = args.as_of.unwrap_or_else(today_in_kazakhstan);
    let parsed = mrz::parse(&text, as_of).context("stdin is not an MRZ")?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match Format::resolve(args.format) {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &MrzResponse::new(&parsed, as_of))?;
            writeln!(out)?;
        }
        Format::Text => out.write_all(render_text(&parsed, as_of, Style::detect()).as_bytes())?,
    }
    Ok(if parsed.valid() { 0 } else { 1 })
}

fn date_arg(s: &str) -> Result<NaiveDate, String> {
    neonomad_core::parse_date(s).map_err(|e| e.to_string())
}

/// Today in Kazakhstan (UTC+5), the reference for two-digit years when none is given.
fn today_in_kazakhstan() -> NaiveDate {
    const OFFSET_SECS: u64 = 5 * 3600;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new((secs + OFFSET_SECS) / 86_400)))
        .unwrap_or(NaiveDate::MIN)
}

/// The JSON document of the interchange contract.
#[derive(Serialize)]
struct MrzResponse<'a> {
    format: &'static str,
    document_type: &'a str,
    issuing_country: &'a str,
    issuing_country_alpha2: Option<String>,
    surname: &'a str,
    given_names: &'a str,
    document_number: &'a str,
    nationality: &'a str,
    nationality_alpha2: Option<String>,
    birth_date: Option<NaiveDate>,
    birth_date_raw: &'a str,
    sex: String,
    expiry: Option<NaiveDate>,
    expiry_raw: &'a str,
    optional_data: &'a str,
    optional_data_2: Option<&'a str>,
    valid: bool,
    check_digits: Vec<CheckDigitResponse>,
    diagnostics: Vec<DiagnosticResponse>,
    as_of: NaiveDate,
}

#[derive(Serialize)]
struct CheckDigitResponse {
    field: &'static str,
    expected: Option<String>,
    found: String,
    valid: bool,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct DiagnosticResponse {
    line: usize,
    column: usize,
    field: &'static str,
    code: &'static str,
    message: String,
}

impl<'a> MrzResponse<'a> {
    fn new(m: &'a Mrz<'a>, as_of: NaiveDate) -> Self {
        MrzResponse {
            format: m.format.as_str(),
            document_type: m.document_type,
            issuing_country: m.issuing_country,
            issuing_country_alpha2: icao_to_alpha2(m.issuing_country).map(|c| c.to_string()),
            surname: &m.surname,
            given_names: &m.given_names,
            document_number: &m.document_number,
            nationality: m.nationality,
            nationality_alpha2: icao_to_alpha2(m.nationality).map(|c| c.to_string()),
            birth_date: m.birth_date.date,
            birth_date_raw: m.birth_date.raw,
            sex: m.sex.as_char().to_string(),
            expiry: m.expiry.date,
            expiry_raw: m.expiry.raw,
            optional_data: m.optional_data,
            optional_data_2: m.optional_data_2,
            valid: m.valid(),
            check_digits: m
                .check_digits
                .iter()
                .map(|c| CheckDigitResponse {
                    field: c.field.as_str(),
                    expected: c.expected.map(String::from),
                    found: c.found.to_string(),
                    valid: c.valid,
                    line: c.line,
                    column: c.column,
                })
                .collect(),
            diagnostics: m
                .diagnostics
                .iter()
                .map(|d| DiagnosticResponse {
                    line: d.line,
                    column: d.column,
                    field: d.field.as_str(),
                    code: d.kind.code(),
                    message: d.to_string(),
                })
                .collect(),
            as_of,
        }
    }
}

/// The text report: a heading with the verdict, an aligned field table with a ✓ or ✗ beside
/// each checked field, then the diagnostics.
pub fn render_text(m: &Mrz<'_>, as_of: NaiveDate, style: Style) -> String {
    use mrz::CheckedField as F;
    let invalid = m.check_digits.iter().filter(|c| !c.valid).count();
    let verdict = if invalid == 0 {
        style.green(&format!(
            "✓ all {} check digits valid",
            m.check_digits.len()
        ))
    } else {
        style.red(&format!(
            "✗ {invalid} of {} check digits invalid",
            m.check_digits.len()
        ))
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {verdict}",
        style.bold(&format!("{} MRZ", m.format))
    );
    let _ = writeln!(
        out,
        "{}",
        style.dim(&format!("two-digit years read as of {as_of}"))
    );
    let _ = writeln!(out);

    let country = |code: &str| match icao_to_alpha2(code) {
        Some(a2) => format!("{code} ({a2})"),
        None => code.to_owned(),
    };
    let or_none = |s: &str| {
        if s.is_empty() {
            "(none)".to_owned()
        } else {
            s.to_owned()
        }
    };
    let mut rows: Vec<(&str, String, Option<F>)> = vec![
        ("document type", or_none(m.document_type), None),
        ("issuing country", country(m.issuing_country), None),
        ("surname", or_none(&m.surname), None),
        ("given names", or_none(&m.given_names), None),
        (
            "document number",
            or_none(&m.document_number),
            Some(F::DocumentNumber),
        ),
        ("nationality", country(m.nationality), None),
        ("birth date", date(&m.birth_date), Some(F::BirthDate)),
        ("sex", m.sex.as_char().to_string(), None),
        ("expiry", date(&m.expiry), Some(F::Expiry)),
        (
            "optional data",
            or_none(m.optional_data),
            Some(F::OptionalData),
        ),
    ];
    if let Some(second) = m.optional_data_2 {
        rows.push(("optional data 2", or_none(second), None));
    }
    if m.check(F::Composite).is_some() {
        rows.push(("composite", String::new(), Some(F::Composite)));
    }
    let value_width = rows
        .iter()
        .map(|(_, v, _)| v.chars().count())
        .max()
        .unwrap_or(0);
    for (label, value, checked) in &rows {
        let mark = checked
            .and_then(|f| m.check(f))
            .map(|c| check_mark(c, style))
            .unwrap_or_default();
        let pad = value_width - value.chars().count();
        let line = format!("  {label:<16} {value}{:pad$}  {mark}", "");
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if !m.diagnostics.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            style.bold("Diagnostics (reported, not corrected)")
        );
        for d in &m.diagnostics {
            let _ = writeln!(out, "  {}", style.yellow(&d.to_string()));
        }
    }
    out
}

fn date(d: &MrzDate<'_>) -> String {
    match d.date {
        Some(date) => format!("{date} ({})", d.raw),
        None => format!("{} (not a date)", d.raw),
    }
}

fn check_mark(c: &CheckDigit, style: Style) -> String {
    match (c.valid, c.expected) {
        (true, _) => style.green(&format!("✓ check digit {}", c.found)),
        (false, Some(expected)) => {
            style.red(&format!("✗ check digit {:?}, expected {expected}", c.found))
        }
        (false, None) => style.red(&format!(
            "✗ check digit {:?}, none can be computed (characters outside A-Z, 0-9, <)",
            c.found
        )),
    }
}
