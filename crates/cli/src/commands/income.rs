//! `neonomad income`: the six-month income test computed from bank statements, each credit
//! with its rate, its USD value and, when left out, the reason.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use neonomad_evidence::statement::{
    self, Collector, Diagnostic, Severity, Statement, StatementSummary,
};
use neonomad_rules::{
    income_from_statements, income_report, IncomeEntry, StatementIncomeOptions, Status,
};

use crate::commands::assess::parse_date_arg;
use crate::commands::statement::open_statement;
use crate::data::DataArgs;
use crate::output::{Format, Style};

/// Arguments of `neonomad income`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit codes: 0 every month exceeds the threshold, 1 a month fails or is missing, 2 a file cannot be read."
)]
pub struct IncomeArgs {
    /// Bank statement files (camt.053, MT940, OFX, CSV), detected by content.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// The assessment date: the six full months before its month are tested.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    as_of: NaiveDate,
    /// Leave out a transaction by its id, e.g. jan.xml#1#4: the file name without directories
    /// (with them when two files share a name), statement and transaction number (repeatable).
    #[arg(long, value_name = "ID")]
    exclude: Vec<String>,
    /// Count a transaction a rule of thumb left out (refund, own transfer, duplicate...), by its
    /// id as for --exclude (repeatable).
    #[arg(long, value_name = "ID")]
    include: Vec<String>,
    /// Another account of the applicant's: credits from it are own transfers (repeatable).
    #[arg(long, value_name = "IBAN")]
    own_account: Vec<String>,
    /// The account holder's name: credits from a payer of that name are own transfers (a camt.053
    /// statement's own holder, Acct/Ownr/Nm, counts for its credits without this option).
    #[arg(long, value_name = "NAME")]
    holder: Option<String>,
    /// Output format (default: text on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    #[command(flatten)]
    data: DataArgs,
}

/// Runs the command.
pub fn run(args: IncomeArgs) -> Result<u8> {
    let data = args.data.load()?;
    let ctx = data.context();
    let options = StatementIncomeOptions {
        exclude: args.exclude.clone(),
        include: args.include.clone(),
        own_accounts: args.own_account.clone(),
        holder_names: args.holder.iter().cloned().collect(),
    };
    let entries = entries_from_files(&args.files, &options)?;
    let (report, findings) = income_report(&entries, args.as_of, &ctx)?;
    let passed = findings[0].status == Status::Pass;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match Format::resolve(args.format) {
        Format::Json => {
            let mut value = serde_json::to_value(&report)?;
            value["as_of"] = serde_json::json!(args.as_of);
            value["findings"] = serde_json::to_value(&findings)?;
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
        Format::Text => {
            let style = Style::detect();
            let mut text = String::new();
            crate::report::income_section(&mut text, &report, style);
            text.push('\n');
            for f in &findings {
                text.push_str(&format!(
                    "  {:<7}  {:<21}  {}\n",
                    f.status.as_str(),
                    f.rule.as_str(),
                    f.message
                ));
            }
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(if passed { 0 } else { 1 })
}

/// Imports every file and turns its credits into income entries; warnings go to stderr.
///
/// A file with an error diagnostic (a transaction or balance left out) or a statement whose
/// booked movements do not lead from its opening to its closing balance is refused after all
/// files were read: an income table built from it could count too little or too much.
pub fn entries_from_files(
    files: &[PathBuf],
    options: &StatementIncomeOptions,
) -> Result<Vec<IncomeEntry>> {
    let mut statements: Vec<Statement> = Vec::new();
    // The file each statement came from, for the checks across files.
    let mut statement_files: Vec<&str> = Vec::new();
    let mut reported: Vec<Diagnostic> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    // Ids carry the file name without directories, so they do not depend on where the command
    // runs; diagnostics keep the path as typed.
    let id_names = statement::id_names(&name_refs);
    for ((path, name), id_name) in files.iter().zip(&names).zip(&id_names) {
        // Every transaction is kept, so every format has a size limit here.
        let (format, reader) =
            open_statement(path, name, false, |_| Some(statement::MAX_FILE_BYTES))?;
        let mut collector = Collector::with_id_name(name, id_name);
        statement::read_into(name, format, reader, &mut collector)?;
        let imported = collector.finish(name, format);
        let mut errors = 0;
        for d in &imported.diagnostics {
            let level = match d.severity {
                Severity::Error => {
                    errors += 1;
                    "error"
                }
                Severity::Warning => "warning",
            };
            print_diagnostic(level, d);
        }
        reported.extend(imported.diagnostics.iter().cloned());
        for s in imported
            .statements
            .iter()
            .filter(|s| s.balanced() == Some(false))
        {
            errors += 1;
            eprintln!(
                "neonomad: error: {name}, line {}, field {}: {}",
                s.line,
                closing_field(imported.format),
                unbalanced_message(s)
            );
        }
        if errors > 0 {
            refused.push(format!("{name} ({errors} error(s))"));
        }
        statement_files.extend(imported.statements.iter().map(|_| name.as_str()));
        statements.extend(imported.statements);
    }
    // Gaps, overlaps and repeats between files (those within a file were reported above).
    let summaries: Vec<StatementSummary> = statements.iter().map(StatementSummary::of).collect();
    let pairs: Vec<(&str, &StatementSummary)> =
        statement_files.iter().copied().zip(&summaries).collect();
    for d in statement::continuity(&pairs) {
        if !reported.contains(&d) {
            print_diagnostic("warning", &d);
        }
    }
    if !refused.is_empty() {
        anyhow::bail!(
            "the income is not computed: {} (see above), so payments may be missing or wrong; \
             fix the file or export the statements from the bank again",
            refused.join(", ")
        );
    }
    check_ids_given(&statements, options)?;
    Ok(income_from_statements(&statements, options))
}

/// Writes a diagnostic to stderr, naming its file, line and field.
fn print_diagnostic(level: &str, d: &Diagnostic) {
    let line = d.line.map(|l| format!(", line {l}")).unwrap_or_default();
    eprintln!(
        "neonomad: {level}: {}{line}, field {}: {}",
        d.file, d.field, d.message
    );
}

/// An `--exclude`/`--include` id that names no transaction is refused: silently ignoring it
/// would count a payment the adviser meant to leave out (or the reverse).
fn check_ids_given(statements: &[Statement], options: &StatementIncomeOptions) -> Result<()> {
    let known: std::collections::HashSet<&str> = statements
        .iter()
        .flat_map(|s| s.transactions.iter().map(|t| t.id.as_str()))
        .collect();
    let unknown: Vec<String> = [
        ("--exclude", &options.exclude),
        ("--include", &options.include),
    ]
    .into_iter()
    .flat_map(|(flag, ids)| {
        ids.iter()
            .filter(|id| !known.contains(id.as_str()))
            .map(move |id| format!("{flag} {id}"))
    })
    .collect();
    if let Some(example) = known.iter().min().filter(|_| !unknown.is_empty()) {
        anyhow::bail!(
            "{} names no transaction of the files given: ids are the file name without its \
             directories, the statement and the transaction number, such as {example} \
             (neonomad income lists them)",
            unknown.join(", ")
        );
    }
    if !unknown.is_empty() {
        anyhow::bail!(
            "{}: the files given hold no transaction",
            unknown.join(", ")
        );
    }
    Ok(())
}

/// Where each format states the closing balance.
fn closing_field(format: statement::Format) -> &'static str {
    match format {
        statement::Format::Camt053 => "Stmt/Bal",
        statement::Format::Mt940 => "62F",
        statement::Format::Ofx => "LEDGERBAL",
        statement::Format::Csv => "balance",
    }
}

/// Opening + booked movements against the closing balance, with the difference.
fn unbalanced_message(s: &Statement) -> String {
    let movements: neonomad_core::Decimal = s
        .transactions
        .iter()
        .filter(|t| t.status == statement::Status::Booked)
        .map(|t| t.amount)
        .sum();
    let (opening, closing) = match (&s.opening, &s.closing) {
        (Some(o), Some(c)) => (o, c),
        _ => return "the statement does not balance".to_owned(),
    };
    let expected = opening.amount + movements;
    let id = s.id.as_deref().unwrap_or("without id");
    format!(
        "statement {id} does not add up: opening balance {} ({}) + booked movements {movements} = {expected}, \
         but the closing balance ({}) is {} (difference {}): a transaction is missing or an amount is wrong",
        opening.amount,
        opening.date,
        closing.date,
        closing.amount,
        closing.amount - expected
    )
}
