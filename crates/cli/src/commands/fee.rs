//! `neonomad fee`: the B12-1 consular fee in KZT on a payment date (fee in MRP times the MRP in
//! force that day), as the contract's JSON `fee` object or a sentence with its sources.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use neonomad_core::Amount;
use neonomad_law::{ConsularFee, LawError, Source};
use serde::Serialize;

use super::law::date_arg;
use crate::output::{Format, Style};

/// Arguments of `neonomad fee`.
#[derive(clap::Args)]
pub struct FeeArgs {
    /// The payment date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    date: NaiveDate,
    /// Output format (default: text on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Load every *.yaml file of DIR instead of the bundled law/params.
    #[arg(long, value_name = "DIR")]
    law_dir: Option<PathBuf>,
}

/// The contract's `fee` object.
#[derive(Serialize)]
struct FeeResponse {
    mrp: u32,
    mrp_value_kzt: u32,
    year: i32,
    amount_kzt: u64,
}

/// Runs the command.
pub fn run(args: FeeArgs) -> Result<u8> {
    let law = crate::data::load_law(args.law_dir.as_deref())?;
    // The MRP is checked first: its coverage is what a user can act on (pick another date).
    if let Err(LawError::NotInForce { .. }) = law.mrp_kzt(args.date) {
        let (from, to) = law.mrp_coverage();
        let to = to.map_or_else(|| "onwards".to_owned(), |t| format!("to {t}"));
        anyhow::bail!(
            "no MRP value is known for {}: the law data covers payment dates from {from} {to}",
            args.date
        );
    }
    let fee = law
        .consular_fee(args.date)
        .with_context(|| format!("no B12-1 consular fee for {}", args.date))?;
    match Format::resolve(args.format) {
        Format::Json => {
            let response = FeeResponse {
                mrp: fee.mrp,
                mrp_value_kzt: fee.mrp_value_kzt,
                year: fee.year,
                amount_kzt: fee.amount_kzt,
            };
            println!("{}", serde_json::to_string_pretty(&response)?);
        }
        Format::Text => print!("{}", render_text(args.date, &fee, Style::detect())),
    }
    Ok(0)
}

fn render_text(date: NaiveDate, fee: &ConsularFee<'_>, style: Style) -> String {
    let kzt = |n: u64| Amount::from_decimal(n.into()).grouped();
    let mut out = format!(
        "{}\n",
        style.bold(&format!(
            "B12-1 consular fee on {date}: {} MRP x {} KZT = {} KZT",
            fee.mrp,
            kzt(fee.mrp_value_kzt.into()),
            kzt(fee.amount_kzt)
        ))
    );
    out.push_str(&source_lines("fee in MRP", fee.fee_source, style));
    out.push_str(&source_lines(
        &format!("MRP {}", fee.year),
        fee.mrp_source,
        style,
    ));
    out
}

fn source_lines(label: &str, source: &Source, style: Style) -> String {
    let mut out = format!("  {label}: {}", source.citation);
    if let Some(c) = &source.confidence {
        out.push_str(&format!(" [confidence {c}]"));
    }
    out.push('\n');
    if let Some(url) = &source.url {
        out.push_str(&format!("    {}\n", style.dim(url)));
    }
    if let Some(note) = &source.note {
        out.push_str(&format!("    {}\n", style.dim(&format!("note: {note}"))));
    }
    out
}
