//! `neonomad assess`: one application to a report, or a JSONL stream to a JSONL stream.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use neonomad_rules::{assess, Application, AssessmentWriter, Context, Outcome};

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
    /// Take the income from these bank statements (camt.053, MT940, OFX, CSV) instead of the file's `income`; several files may follow one flag (put the application file first).
    #[arg(long = "statement", value_name = "FILE", num_args = 1.., conflicts_with = "batch")]
    statements: Vec<PathBuf>,
    /// With --statement: leave out a transaction by its id, e.g. jan.xml#1#4: the file name
    /// without directories (with them when two files share a name), statement and transaction
    /// number, as `neonomad income` lists them (repeatable).
    #[arg(long, value_name = "ID", requires = "statements")]
    exclude: Vec<String>,
    /// With --statement: count a transaction a rule of thumb left out, by its id as for
    /// --exclude (repeatable).
    #[arg(long, value_name = "ID", requires = "statements")]
    include: Vec<String>,
    /// With --statement: another account of the applicant's; credits from it are own transfers.
    #[arg(long, value_name = "IBAN", requires = "statements")]
    own_account: Vec<String>,
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
    if !args.statements.is_empty() {
        let options = neonomad_rules::StatementIncomeOptions {
            exclude: args.exclude.clone(),
            include: args.include.clone(),
            own_accounts: args.own_account.clone(),
            holder_names: app.applicant.name.iter().cloned().collect(),
        };
        let entries = crate::commands::income::entries_from_files(&args.statements, &options)?;
        if let Some(given) = app.income.as_ref().filter(|i| !i.is_empty()) {
            eprintln!(
                "neonomad: note: the income from {} statement file(s) replaces the {} income entries of {origin}",
                args.statements.len(),
                given.len()
            );
        }
        app.income = Some(entries);
    }
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
    // No BufWriter: assess_stream gathers whole lines in its own buffer and writes them in
    // large blocks that end with a newline, which the line-buffered stdout passes straight on.
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = assess_stream(reader, &mut out, as_of, ctx)?;
    out.flush()?;
    Ok(code)
}

/// Output is handed to the writer in blocks of about this size (whole lines only).
const OUTPUT_BLOCK: usize = 1 << 18;

/// Assesses each line of `input` and writes one JSON line per application to `out`.
pub fn assess_stream(
    mut input: impl BufRead,
    out: &mut impl Write,
    as_of: Option<NaiveDate>,
    ctx: &Context<'_>,
) -> Result<u8> {
    let mut line = Vec::with_capacity(4096);
    // Assessments are serialized straight into this reused buffer: no allocation and no
    // copy per line, and memory stays bounded by one block plus one line.
    let mut block: Vec<u8> = Vec::with_capacity(OUTPUT_BLOCK + (1 << 16));
    let mut number = 0usize;
    let mut any_error = false;
    let mut writer = AssessmentWriter::new();
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
        let line_start = block.len();
        if let Err(message) = assess_line(text, number, as_of, ctx, &mut writer, &mut block) {
            any_error = true;
            block.truncate(line_start);
            serde_json::to_writer(
                &mut block,
                &serde_json::json!({ "line": number, "error": message }),
            )?;
        }
        block.push(b'\n');
        if block.len() >= OUTPUT_BLOCK {
            out.write_all(&block)?;
            block.clear();
        }
    }
    out.write_all(&block)?;
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

/// Assesses one batch line and appends its JSON to `out`; on error `out` may hold a partial
/// line, which the caller drops.
fn assess_line(
    bytes: &[u8],
    number: usize,
    as_of: Option<NaiveDate>,
    ctx: &Context<'_>,
    writer: &mut AssessmentWriter,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let origin = || format!("line {number}");
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 (invalid byte at column {})",
            origin(),
            e.valid_up_to() + 1
        )
    })?;
    // Plain serde_json accepts exactly what `Application::from_json` accepts (the same
    // Deserialize impls; `from_str` also rejects trailing content) at about half the cost,
    // because it does not track the field path. Only a rejected line is parsed again, for
    // the message that names the field. (`from_slice` would check UTF-8 string by string,
    // which costs more than checking the whole line at once.)
    let mut app = match serde_json::from_str::<Application>(text) {
        Ok(app) => app,
        Err(_) => Application::from_json(text, &origin()).map_err(|e| e.to_string())?,
    };
    if as_of.is_some() {
        app.as_of = as_of;
    }
    if app.check(ctx.law, "").is_err() {
        // Checked again with the line's name for the message: almost no line gets here.
        app.check(ctx.law, &origin()).map_err(|e| e.to_string())?;
    }
    let assessment = assess(&app, ctx).map_err(|e| format!("{}: {e}", origin()))?;
    // The direct writer gives serde_json's bytes (tested on every scenario) about seven times
    // faster.
    writer.write(&assessment, out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../../../examples/anna-schmidt.json");

    fn context() -> Context<'static> {
        Context {
            law: neonomad_law::Law::bundled(),
            calendar: neonomad_calendar::Calendar::bundled(),
            rates: neonomad_rates::RateTable::bundled_ecb(),
        }
    }

    /// Records every block the batch hands over, to check where they are cut.
    #[derive(Default)]
    struct Blocks(Vec<Vec<u8>>);

    impl Write for Blocks {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn batch_output_is_cut_only_between_lines_and_matches_the_strict_single_file_path() {
        let ctx = context();
        let one_line: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
        let good = one_line.to_string();
        let mut bad = one_line.clone();
        bad["passport"]["blank_pages"] = "six".into();
        let bad = bad.to_string();
        // Enough lines for several output blocks, with a bad line in the middle.
        let mut input = String::new();
        for n in 1..=80 {
            input.push_str(if n == 40 { &bad } else { &good });
            input.push('\n');
        }
        let mut blocks = Blocks::default();
        let code = assess_stream(input.as_bytes(), &mut blocks, None, &ctx).unwrap();
        assert_eq!(code, 2, "a bad line makes the exit code 2");
        assert!(
            blocks.0.len() >= 2,
            "expected several blocks, got {}",
            blocks.0.len()
        );
        for block in &blocks.0 {
            assert!(
                block.ends_with(b"\n"),
                "a block ends inside a line: ...{:?}",
                String::from_utf8_lossy(&block[block.len().saturating_sub(40)..])
            );
        }
        let all = String::from_utf8(blocks.0.concat()).unwrap();
        let lines: Vec<&str> = all.lines().collect();
        assert_eq!(lines.len(), 80);

        let app = Application::from_json(&good, "example").unwrap();
        app.check(ctx.law, "example").unwrap();
        let strict = serde_json::to_string(&assess(&app, &ctx).unwrap()).unwrap();
        for (i, line) in lines.iter().enumerate() {
            if i + 1 != 40 {
                assert_eq!(
                    *line,
                    strict,
                    "line {} differs from the single-file path",
                    i + 1
                );
            }
        }
        let error: serde_json::Value = serde_json::from_str(lines[39]).unwrap();
        assert_eq!(error["line"], 40);
        let message = error["error"].as_str().unwrap();
        assert!(
            message.starts_with("line 40: field `passport.blank_pages`:"),
            "a rejected line is reported with its field path: {message}"
        );
    }

    #[test]
    fn batch_rejects_trailing_content_and_bad_utf8_like_the_strict_parser() {
        let ctx = context();
        let good = serde_json::from_str::<serde_json::Value>(EXAMPLE)
            .unwrap()
            .to_string();
        let input = [
            format!("{good} {{}}").into_bytes(),
            b"\xff{}".to_vec(),
            format!("  {good}\r").into_bytes(),
            // Inside a string value too.
            good.replacen("Anna", "An\u{0}a", 1)
                .into_bytes()
                .into_iter()
                .map(|b| if b == 0 { 0xff } else { b })
                .collect(),
        ]
        .join(&b'\n');
        let mut out = Vec::new();
        assert_eq!(
            assess_stream(input.as_slice(), &mut out, None, &ctx).unwrap(),
            2
        );
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        let strict = Application::from_json(&format!("{good} {{}}"), "line 1").unwrap_err();
        assert_eq!(lines[0]["error"], strict.to_string());
        assert_eq!(
            lines[1]["error"],
            "line 2: not UTF-8 (invalid byte at column 1)"
        );
        assert_eq!(lines[2]["outcome"], "eligible");
        let column = good.find("Anna").unwrap() + 3;
        assert_eq!(
            lines[3]["error"],
            format!("line 4: not UTF-8 (invalid byte at column {column})")
        );
    }
}
