//! `neonomad`: the command line of the B12-1 "Neo Nomad" visa system.
//!
//! Each subcommand lives in `commands/`; this file only parses arguments, runs one command and
//! turns its result into an exit code (0 success, 1 a negative verdict, 2 bad input).

mod commands;
mod data;
mod output;
mod report;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: a batch line allocates about sixty small
/// strings and lists, and glibc's malloc and free were a tenth of the batch's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Rules, evidence and case processing for Kazakhstan's B12-1 "Neo Nomad" visa.
#[derive(Parser)]
#[command(name = "neonomad", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Assess an application (JSON or YAML) against the law in force on its date.
    Assess(commands::assess::AssessArgs),
    /// Print the law parameters in force on a date, with their sources.
    Law(commands::law::LawArgs),
    /// Kazakhstan business days: holidays of a year, adding business days to a date.
    #[command(subcommand)]
    Calendar(commands::calendar::CalendarCommand),
    /// The B12-1 consular fee in KZT on a payment date.
    Fee(commands::fee::FeeArgs),
    /// The six-month income test from bank statements: each credit, its rate and USD value.
    Income(commands::income::IncomeArgs),
    /// Read a passport or visa MRZ from stdin and check every check digit.
    Mrz(commands::mrz::MrzArgs),
    /// Import bank statements (camt.053, MT940, OFX, CSV) and show balances and credits per month.
    Statement(commands::statement::StatementArgs),
    /// Import NBK official rates; show the coverage and USD rates of the ECB or NBK source.
    #[command(subcommand)]
    Rates(commands::rates::RatesCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Assess(args) => commands::assess::run(args),
        Command::Law(args) => commands::law::run(args),
        Command::Calendar(cmd) => commands::calendar::run(cmd),
        Command::Fee(args) => commands::fee::run(args),
        Command::Income(args) => commands::income::run(args),
        Command::Mrz(args) => commands::mrz::run(args),
        Command::Statement(args) => commands::statement::run(args),
        Command::Rates(cmd) => commands::rates::run(cmd),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            output::print_error(&err);
            ExitCode::from(2)
        }
    }
}
