//! `neonomad rates`: import National Bank of Kazakhstan official rates into the user's NBK
//! rates store, and show either source's coverage and the USD rate of a currency on a date.
//!
//! The store is one CSV file, `<data dir>/rates/nbk.csv` (`Date,USD,EUR,...`, KZT per 1 unit),
//! where the data dir is `$NEONOMAD_DATA_DIR`, else `$XDG_DATA_HOME/neonomad`, else
//! `~/.local/share/neonomad`. It is rewritten whole through a temporary file and a rename, so a
//! crash leaves the old store or the new one, never half of one.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use neonomad_core::{CurrencyCode, Decimal};
use neonomad_rates::{MergeSummary, RateTable};
use serde::Serialize;

use super::law::date_arg;
use crate::data::RateSource;
use crate::output::{Format, Style};

/// The subcommands of `neonomad rates`.
#[derive(clap::Subcommand)]
pub enum RatesCommand {
    /// Import NBK official rates XML (get_rates.cfm documents, one or many concatenated, or
    /// rates_all.xml) into the NBK rates store.
    Import(ImportArgs),
    /// Show a source's coverage, and the USD rate of currencies on a date.
    Show(ShowArgs),
}

/// Arguments of `neonomad rates import`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// NBK XML files; a later file may not contradict an earlier one.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Output format (default: text on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
}

/// Arguments of `neonomad rates show`.
#[derive(clap::Args)]
pub struct ShowArgs {
    /// Which rates: the bundled ECB history or the imported NBK store.
    #[arg(long, value_enum, default_value_t = RateSource::Ecb)]
    source: RateSource,
    /// The day to convert on (YYYY-MM-DD); default: the last day of the rates.
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    date: Option<NaiveDate>,
    /// Only this currency (ISO code, e.g. EUR); default: every currency of the source.
    #[arg(long, value_name = "CODE", value_parser = currency_arg)]
    currency: Option<CurrencyCode>,
    /// Output format (default: text on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
}

/// Runs one `rates` subcommand.
pub fn run(command: RatesCommand) -> Result<u8> {
    match command {
        RatesCommand::Import(args) => import(args),
        RatesCommand::Show(args) => show(args),
    }
}

/// Where neonomad keeps the user's data: `$NEONOMAD_DATA_DIR`, else `$XDG_DATA_HOME/neonomad`,
/// else `~/.local/share/neonomad`.
pub fn data_dir() -> Result<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("NEONOMAD_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    // The XDG specification says a relative XDG_DATA_HOME is invalid and must be ignored.
    if let Some(dir) = var("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
    {
        return Ok(dir.join("neonomad"));
    }
    if let Some(home) = var("HOME") {
        return Ok(PathBuf::from(home).join(".local/share/neonomad"));
    }
    anyhow::bail!(
        "cannot tell where to keep neonomad's data: set NEONOMAD_DATA_DIR (or XDG_DATA_HOME or HOME)"
    )
}

/// The NBK rates store: `<data dir>/rates/nbk.csv`.
pub fn nbk_store_path() -> Result<PathBuf> {
    Ok(data_dir()?.join("rates").join("nbk.csv"))
}

/// The imported NBK rates, or an error telling the user to import some.
pub fn load_nbk_store() -> Result<RateTable> {
    let path = nbk_store_path()?;
    read_store(&path)?.with_context(|| {
        format!(
            "no NBK rates imported yet: run neonomad rates import FILE (the store {} is missing or empty)",
            path.display()
        )
    })
}

/// The store's table; `None` when it does not exist or holds no rates.
fn read_store(path: &Path) -> Result<Option<RateTable>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(e)
                .with_context(|| format!("cannot read the NBK rates store {}", path.display()))
        }
    };
    if text.lines().skip(1).all(|l| l.trim().is_empty()) {
        // Missing, empty, or a header alone (a store with every row removed by hand).
        return Ok(None);
    }
    let table = RateTable::from_nbk_csv(&text, &path.display().to_string()).context(
        "the NBK rates store is damaged: fix the line named, or delete the file and import again",
    )?;
    Ok(Some(table))
}

/// Largest NBK rates file read: a day's document is about 5 KB, years of them cat-ed together a
/// few MB; the file is read whole, so a larger one (a wrong file) is refused before reading.
const MAX_NBK_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads an XML file as text; NBK files are UTF-8, and the fields read are ASCII, so bytes of
/// another encoding (in names the importer ignores) are replaced rather than refused.
fn read_xml(path: &Path) -> Result<String> {
    let cannot = || format!("cannot read the NBK rates file {}", path.display());
    let file = std::fs::File::open(path).with_context(cannot)?;
    let size = file.metadata().with_context(cannot)?.len();
    if size > MAX_NBK_FILE_BYTES {
        anyhow::bail!(
            "{}: {} MiB is larger than the {} MiB neonomad reads of an NBK rates file (a day's rates are about 5 KB): not NBK rates XML",
            path.display(),
            size / (1024 * 1024),
            MAX_NBK_FILE_BYTES / (1024 * 1024)
        );
    }
    let mut bytes = Vec::new();
    // A pipe or device has no size: read one byte past the limit to know it was exceeded.
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_NBK_FILE_BYTES + 1),
        &mut bytes,
    )
    .with_context(cannot)?;
    if bytes.len() as u64 > MAX_NBK_FILE_BYTES {
        anyhow::bail!(
            "{}: larger than the {} MiB neonomad reads of an NBK rates file: not NBK rates XML",
            path.display(),
            MAX_NBK_FILE_BYTES / (1024 * 1024)
        );
    }
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Rewrites `path` with `text` through a temporary file in the same directory and a rename.
fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the rates directory {}", dir.display()))?;
    let mut temp_name = OsString::from(".");
    temp_name.push(path.file_name().unwrap_or_default());
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = dir.join(temp_name);
    let written = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        // On disk before the rename makes it the store.
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)?;
        // The rename itself is durable once the directory is synced; not every system allows
        // opening a directory, and the store is already whole either way.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written.with_context(|| format!("cannot write the NBK rates store {}", path.display()))
}

/// What one imported file held.
#[derive(Serialize)]
struct ImportedFile {
    file: String,
    days: usize,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    currencies: Vec<CurrencyCode>,
}

/// A value the import replaced in the store.
#[derive(Serialize)]
struct ReplacedResponse {
    date: NaiveDate,
    currency: CurrencyCode,
    old: Decimal,
    new: Decimal,
}

/// The JSON printed by `rates import`.
#[derive(Serialize)]
struct ImportResponse {
    store: String,
    files: Vec<ImportedFile>,
    new_days: Vec<NaiveDate>,
    added: usize,
    replaced: Vec<ReplacedResponse>,
    unchanged: usize,
    coverage: Option<Coverage>,
    days: usize,
    currencies: Vec<CurrencyCode>,
}

/// First and last day of a table.
#[derive(Serialize)]
struct Coverage {
    first: NaiveDate,
    last: NaiveDate,
}

fn import(args: ImportArgs) -> Result<u8> {
    let path = nbk_store_path()?;
    let mut incoming = RateTable::empty_nbk();
    let mut files = Vec::new();
    for file in &args.files {
        let text = read_xml(file)?;
        // The parse error already names the file, line and element.
        let table = RateTable::from_nbk_xml(&text, &file.display().to_string())?;
        let clash = incoming.merge(&table)?;
        if let Some(r) = clash.replaced.first() {
            anyhow::bail!(
                "{}: {} on {} is {} KZT per unit, but {} in an earlier file of this import; \
                 import the files separately if the later one is a correction",
                file.display(),
                r.currency,
                r.date,
                r.new,
                r.old
            );
        }
        let days = table.publication_days();
        files.push(ImportedFile {
            file: file.display().to_string(),
            days: days.len(),
            first: days.first().copied(),
            last: days.last().copied(),
            currencies: quoted_currencies(&table),
        });
    }
    let mut store = read_store(&path)?.unwrap_or_else(RateTable::empty_nbk);
    let summary = store.merge(&incoming)?;
    write_atomically(&path, &store.to_csv())?;
    let response = import_response(&path, files, summary, &store);
    match Format::resolve(args.format) {
        Format::Json => println!("{}", serde_json::to_string_pretty(&response)?),
        Format::Text => print!("{}", render_import(&response, Style::detect())),
    }
    Ok(0)
}

fn import_response(
    path: &Path,
    files: Vec<ImportedFile>,
    summary: MergeSummary,
    store: &RateTable,
) -> ImportResponse {
    ImportResponse {
        store: path.display().to_string(),
        files,
        new_days: summary.new_days,
        added: summary.added,
        replaced: summary
            .replaced
            .into_iter()
            .map(|r| ReplacedResponse {
                date: r.date,
                currency: r.currency,
                old: r.old,
                new: r.new,
            })
            .collect(),
        unchanged: summary.unchanged,
        coverage: store
            .coverage()
            .map(|(first, last)| Coverage { first, last }),
        days: store.publication_days().len(),
        currencies: quoted_currencies(store),
    }
}

/// The currencies an NBK table has values for (KZT, the base, is not one of them).
fn quoted_currencies(table: &RateTable) -> Vec<CurrencyCode> {
    let base = table.base().currency;
    table.currencies().filter(|c| *c != base).collect()
}

fn render_import(r: &ImportResponse, style: Style) -> String {
    let mut out = format!(
        "{}\n",
        style.bold(&format!("Imported NBK official rates into {}", r.store))
    );
    for f in &r.files {
        let span = match (f.first, f.last) {
            (Some(first), Some(last)) if first == last => format!("{first}"),
            (Some(first), Some(last)) => format!("{first} to {last}"),
            _ => "no days".to_owned(),
        };
        out.push_str(&format!(
            "  {}: {} day{}, {span}; {}\n",
            f.file,
            f.days,
            plural(f.days),
            codes(&f.currencies)
        ));
    }
    out.push_str(&format!(
        "  added {} value{} ({} new day{}{}), replaced {}, unchanged {}\n",
        r.added,
        plural(r.added),
        r.new_days.len(),
        plural(r.new_days.len()),
        if r.new_days.is_empty() {
            String::new()
        } else {
            format!(": {}", day_list(&r.new_days))
        },
        r.replaced.len(),
        r.unchanged
    ));
    for x in &r.replaced {
        out.push_str(&format!(
            "    {}",
            style.yellow(&format!(
                "replaced {} {}: {} -> {} KZT per unit\n",
                x.date, x.currency, x.old, x.new
            ))
        ));
    }
    if let Some(c) = &r.coverage {
        out.push_str(&format!(
            "The store now covers {} to {}: {} day{}; {}\n",
            c.first,
            c.last,
            r.days,
            plural(r.days),
            codes(&r.currencies)
        ));
    }
    out
}

/// One currency's USD rate on the asked day, or why there is none.
#[derive(Serialize)]
struct RateLine {
    currency: CurrencyCode,
    date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    usd_per_unit: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The JSON printed by `rates show`.
#[derive(Serialize)]
struct ShowResponse {
    source: String,
    /// The NBK store's path; null for the bundled ECB history.
    store: Option<String>,
    coverage: Option<Coverage>,
    days: usize,
    currencies: Vec<CurrencyCode>,
    rates: Vec<RateLine>,
}

fn show(args: ShowArgs) -> Result<u8> {
    let imported;
    let (table, store) = match args.source {
        RateSource::Ecb => (RateTable::bundled_ecb(), None),
        RateSource::Nbk => {
            imported = load_nbk_store()?;
            (&imported, Some(nbk_store_path()?.display().to_string()))
        }
    };
    let coverage = table.coverage();
    let date = args.date.or(coverage.map(|(_, last)| last));
    let currencies: Vec<CurrencyCode> = table.currencies().collect();
    let asked: Vec<CurrencyCode> = match args.currency {
        Some(c) => vec![c],
        None => currencies
            .iter()
            .copied()
            .filter(|c| *c != CurrencyCode::USD)
            .collect(),
    };
    let rates: Vec<RateLine> = match date {
        None => Vec::new(),
        Some(date) => asked
            .iter()
            .map(|&currency| match table.usd_rate(currency, date) {
                Ok(r) => RateLine {
                    currency,
                    date,
                    usd_per_unit: Some(r.usd_per_unit),
                    published: Some(r.date),
                    source: Some(r.source.to_string()),
                    error: None,
                },
                Err(e) => RateLine {
                    currency,
                    date,
                    usd_per_unit: None,
                    published: None,
                    source: None,
                    error: Some(e.to_string()),
                },
            })
            .collect(),
    };
    // Asking for one currency and getting no rate is a failed question; a list may have gaps.
    let failed = args.currency.is_some() && rates.iter().any(|r| r.error.is_some());
    let response = ShowResponse {
        source: table.source_name().to_owned(),
        store,
        coverage: coverage.map(|(first, last)| Coverage { first, last }),
        days: table.publication_days().len(),
        currencies,
        rates,
    };
    match Format::resolve(args.format) {
        Format::Json => println!("{}", serde_json::to_string_pretty(&response)?),
        Format::Text => print!("{}", render_show(&response, Style::detect())),
    }
    Ok(if failed { 2 } else { 0 })
}

fn render_show(r: &ShowResponse, style: Style) -> String {
    let title = match &r.store {
        Some(path) => format!("{} official rates (store {path})", r.source),
        None => format!("{} rates (bundled law/rates/eurofxref-hist.csv)", r.source),
    };
    let mut out = format!("{}\n", style.bold(&title));
    match &r.coverage {
        Some(c) => out.push_str(&format!(
            "  coverage: {} to {}, {} publication day{}\n",
            c.first,
            c.last,
            r.days,
            plural(r.days)
        )),
        None => out.push_str("  coverage: none\n"),
    }
    out.push_str(&format!("  currencies: {}\n", codes(&r.currencies)));
    for line in &r.rates {
        match (
            &line.usd_per_unit,
            &line.published,
            &line.source,
            &line.error,
        ) {
            (Some(rate), Some(published), Some(source), _) => out.push_str(&format!(
                "{} on {}: {rate} USD per unit, published {published} {}\n",
                line.currency,
                line.date,
                style.dim(&format!("({source})"))
            )),
            (_, _, _, Some(error)) => out.push_str(&format!(
                "{} on {}: {}\n",
                line.currency,
                line.date,
                style.yellow(error)
            )),
            _ => {}
        }
    }
    out
}

fn currency_arg(s: &str) -> Result<CurrencyCode, String> {
    CurrencyCode::parse(s).map_err(|e| e.to_string())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn codes(currencies: &[CurrencyCode]) -> String {
    let list: Vec<&str> = currencies.iter().map(CurrencyCode::as_str).collect();
    format!(
        "{} currenc{} ({})",
        list.len(),
        if list.len() == 1 { "y" } else { "ies" },
        list.join(", ")
    )
}

/// Days as a list, shortened in the middle when long.
fn day_list(days: &[NaiveDate]) -> String {
    const SHOWN: usize = 6;
    if days.len() <= SHOWN {
        return days
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
    }
    let head: Vec<String> = days[..SHOWN / 2].iter().map(ToString::to_string).collect();
    let tail: Vec<String> = days[days.len() - SHOWN / 2..]
        .iter()
        .map(ToString::to_string)
        .collect();
    format!("{}, ... {}", head.join(", "), tail.join(", "))
}
