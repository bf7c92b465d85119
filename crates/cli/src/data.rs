//! Loading the law, the calendar and the exchange rates: bundled by default, or from files the
//! user names (errors name the file). Loaded data lives for the whole process.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use neonomad_calendar::Calendar;
use neonomad_law::Law;
use neonomad_rates::RateTable;
use neonomad_rules::Context;

/// Options that replace or extend the bundled data.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct DataArgs {
    /// Use the law parameters in DIR (every *.yaml file) instead of the bundled law/params.
    #[arg(long, value_name = "DIR")]
    pub law_dir: Option<PathBuf>,
    /// Use this calendar YAML instead of the bundled Kazakhstan calendar.
    #[arg(long, value_name = "FILE")]
    pub calendar: Option<PathBuf>,
    /// Extra exchange rates in the ECB CSV shape, merged over the bundled ECB history (repeatable).
    #[arg(long = "rates", value_name = "FILE")]
    pub rates: Vec<PathBuf>,
    /// Which official rates convert income into USD: the bundled ECB history, or the NBK rates
    /// imported with `neonomad rates import`.
    #[arg(long, value_enum, default_value_t = RateSource::Ecb)]
    pub rate_source: RateSource,
}

/// Which official exchange rates an assessment uses.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RateSource {
    /// The bundled ECB euro reference rates (with any --rates files merged over them).
    #[default]
    Ecb,
    /// The National Bank of Kazakhstan's official rates, from the store `neonomad rates import` keeps.
    Nbk,
}

/// The law, calendar and rates an assessment runs on.
pub struct Data {
    /// The law in use.
    pub law: &'static Law,
    /// The calendar in use.
    pub calendar: &'static Calendar,
    /// The rates in use.
    pub rates: &'static RateTable,
}

impl DataArgs {
    /// Loads everything the options name.
    pub fn load(&self) -> Result<Data> {
        Ok(Data {
            law: load_law(self.law_dir.as_deref())?,
            calendar: load_calendar(self.calendar.as_deref())?,
            rates: match self.rate_source {
                RateSource::Ecb if self.rates.is_empty() => RateTable::bundled_ecb(),
                RateSource::Ecb => Box::leak(Box::new(load_rates(&self.rates)?)),
                RateSource::Nbk if !self.rates.is_empty() => anyhow::bail!(
                    "--rates files are in the ECB shape (units per 1 EUR) and cannot be merged into \
                     NBK rates: import NBK XML with `neonomad rates import FILE`, or leave out \
                     --rate-source nbk"
                ),
                RateSource::Nbk => Box::leak(Box::new(crate::commands::rates::load_nbk_store()?)),
            },
        })
    }
}

impl Data {
    /// The engine's view of the data.
    pub fn context(&self) -> Context<'static> {
        Context {
            law: self.law,
            calendar: self.calendar,
            rates: self.rates,
        }
    }
}

/// The bundled law, or every `*.yaml` file of `dir`.
pub fn load_law(dir: Option<&Path>) -> Result<&'static Law> {
    let Some(dir) = dir else {
        return Ok(Law::bundled());
    };
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the law directory {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((name, text));
        }
    }
    files.sort();
    if files.is_empty() {
        anyhow::bail!("{}: no *.yaml law files in this directory", dir.display());
    }
    let law = Law::from_files(&files)
        .with_context(|| format!("in the law directory {}", dir.display()))?;
    // The law lives as long as the process: findings borrow its citations.
    Ok(Box::leak(Box::new(law)))
}

/// The bundled Kazakhstan calendar, or the calendar YAML at `path`.
pub fn load_calendar(path: Option<&Path>) -> Result<&'static Calendar> {
    let Some(path) = path else {
        return Ok(Calendar::bundled());
    };
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let calendar = Calendar::from_yaml(&text, &path.display().to_string())?;
    Ok(Box::leak(Box::new(calendar)))
}

/// The bundled ECB history with each extra rates file merged over it, in order (a later file
/// wins for the same day and currency). Reports name the source `ECB + extra:FILE_NAME`.
pub fn load_rates(extra: &[PathBuf]) -> Result<RateTable> {
    let mut table = RateTable::bundled_ecb().clone();
    for path in extra {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the rates file {}", path.display()))?;
        // The parse error already names the path, line and column.
        let other = RateTable::from_ecb_csv(&text, &path.display().to_string())?;
        let file_name = path
            .file_name()
            .unwrap_or(path.as_os_str())
            .to_string_lossy();
        table.merge(&other.with_source_name(&format!("extra:{file_name}")))?;
    }
    Ok(table)
}

#[cfg(test)]
mod load_rates_tests {
    use super::*;
    use neonomad_core::{parse_date, CurrencyCode};

    fn write(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("neonomad-load-rates-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn extra_files_merge_over_the_bundled_history_in_order() {
        let first = write("kzt.csv", "Date,KZT\n2026-01-05,520.12\n");
        let second = write("kzt-fix.csv", "Date,KZT\n2026-01-05,600\n");
        let table = load_rates(&[first, second]).unwrap();
        assert_eq!(
            table.source_name(),
            "ECB + extra:kzt.csv + extra:kzt-fix.csv"
        );
        let day = parse_date("2026-01-05").unwrap();
        let rate = table.usd_rate(CurrencyCode::KZT, day).unwrap();
        let usd_per_eur = RateTable::bundled_ecb()
            .usd_rate(CurrencyCode::EUR, day)
            .unwrap();
        let expect = (usd_per_eur.usd_per_unit / rust_decimal::Decimal::from(600))
            .round_dp_with_strategy(10, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(rate.usd_per_unit, expect);
        assert!(
            rate.source.starts_with("extra:kzt-fix.csv for KZT"),
            "{}",
            rate.source
        );
    }

    #[test]
    fn no_extra_files_is_the_bundled_history() {
        assert_eq!(load_rates(&[]).unwrap().source_name(), "ECB");
    }

    #[test]
    fn a_missing_or_bad_file_is_named() {
        let missing = PathBuf::from("/nonexistent/rates.csv");
        let err = format!("{:#}", load_rates(&[missing]).unwrap_err());
        assert!(
            err.contains("cannot read the rates file /nonexistent/rates.csv"),
            "{err}"
        );
        let bad = write("bad.csv", "Date,KZT\n2026-01-05,5,20\n");
        let err = format!("{:#}", load_rates(std::slice::from_ref(&bad)).unwrap_err());
        assert!(err.contains(&format!("{}, line 2", bad.display())), "{err}");
        assert!(err.contains("expected 2"), "{err}");
    }
}
