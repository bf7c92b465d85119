//! `neonomad assess`: one application to a report, or a JSONL stream to a JSONL stream.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use neonomad_rules::{assess, Application, Context, Outcome};

use crate::data::DataArgs;
use crate::output::{Format, Style};

/// Arguments of `neonomad assess`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit codes: 0 eligible, 1 incomplete or ineligible, 2 bad input.\n\
With --batch: one JSON assessment per input line, {\"line\": N, \"error\": \"...\"} for a bad line (exit 2 if any)."
)]
pub struct AssessArgs {
    /// Application file (JSON, or YAML when it ends in .yaml/.yml); `-` reads JSON from stdin.
    #[arg(
        value_name = "FILE",
        required_unless_present = "batch",
        conflicts_with = "batch"
    )]
    file: Option<PathBuf>,
    /// Assess a JSONL file (one application per line; `-` for stdin), streaming JSONL out.
    #[arg(long, value_name = "FILE.jsonl")]
    batch: Option<PathBuf>,
    /// Output format (default: text on a terminal, JSON otherwise; batch is always JSON).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Re-assess as of another day (overrides the file's `as_of`).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    as_of: Option<NaiveDate>,
    #[command(flatten)]
    data: DataArgs,
}

/// Parses a `YYYY-MM-DD` command-line date.
pub fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    neonomad_core::parse_date(s).map_err(|e| e.to_string())
}

/// Runs the command.
pub fn run(args: AssessArgs) -> Result<u8> {
    let data = args.data.load()?;
    let ctx = data.context();
    if let Some(batch) = &args.batch {
        if args.format == Some(Format::Text) {
            anyhow::bail!("--batch writes JSON lines; --format text is not available with it");
        }
        return run_batch(batch, args.as_of, &ctx);
    }
    let path = args
        .file
        .as_deref()
        .expect("clap requires FILE without --batch");
    let (text, origin) = read_input(path)?;
    let mut app = Application::from_text(&text, &origin)?;
    if args.as_of.is_some() {
        app.as_of = args.as_of;
    }
    app.check(ctx.law, &origin)?;
    let assessment = assess(&app, &ctx).with_context(|| format!("{origin}: cannot assess"))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match Format::resolve(args.format) {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &assessment)?;
            writeln!(out)?;
        }
        Format::Text => {
            out.write_all(crate::report::render(&assessment, Style::detect()).as_bytes())?
        }
    }
    Ok(match assessment.outcome {
        Outcome::Eligible => 0,
        Outcome::Incomplete | Outcome::Ineligible => 1,
    })
}

fn read_input(path: &Path) -> Result<(String, String)> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the application from stdin")?;
        return Ok((text, "<stdin>".to_owned()));
    }
    let origin = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {origin}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{origin}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok((text, origin))
}

/// Streams a JSONL batch: constant memory in the number of lines.
fn run_batch(path: &Path, as_of: Option<NaiveDate>, ctx: &Context<'_>) -> Result<u8> {
    let reader: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(BufReader::with_capacity(1 << 16, std::io::stdin().lock()))
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        Box::new(BufReader::with_capacity(1 << 16, file))
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let code = assess_stream(reader, &mut out, as_of, ctx)?;
    out.flush()?;
    Ok(code)
}

/// Assesses each line of `input` and writes one JSON line per application to `out`.
pub fn assess_stream(
    mut input: impl BufRead,
    out: &mut impl Write,
    as_of: Option<NaiveDate>,
    ctx: &Context<'_>,
) -> Result<u8> {
    let mut line = Vec::with_capacity(4096);
    let mut number = 0usize;
    let mut any_error = false;
    loop {
        line.clear();
        if input
            .read_until(b'\n', &mut line)
            .context("reading the batch input")?
            == 0
        {
            break;
        }
        number += 1;
        let text = trim_line(&line);
        if text.is_empty() {
            continue;
        }
        match assess_line(text, number, as_of, ctx) {
            Ok(json) => out.write_all(&json)?,
            Err(message) => {
                any_error = true;
                serde_json::to_writer(
                    &mut *out,
                    &serde_json::json!({ "line": number, "error": message }),
                )?;
            }
        }
        out.write_all(b"\n")?;
    }
    Ok(if any_error { 2 } else { 0 })
}

fn trim_line(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\n' | b'\r' | b' ' | b'\t') {
        end -= 1;
    }
    let mut start = 0;
    while start < end && matches!(line[start], b' ' | b'\t') {
        start += 1;
    }
    &line[start..end]
}

fn assess_line(
    bytes: &[u8],
    number: usize,
    as_of: Option<NaiveDate>,
    ctx: &Context<'_>,
) -> Result<Vec<u8>, String> {
    let origin = format!("line {number}");
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "{origin}: not UTF-8 (invalid byte at column {})",
            e.valid_up_to() + 1
        )
    })?;
    let mut app = Application::from_json(text, &origin).map_err(|e| e.to_string())?;
    if as_of.is_some() {
        app.as_of = as_of;
    }
    app.check(ctx.law, &origin).map_err(|e| e.to_string())?;
    let assessment = assess(&app, ctx).map_err(|e| format!("{origin}: {e}"))?;
    serde_json::to_vec(&assessment).map_err(|e| format!("{origin}: {e}"))
}
