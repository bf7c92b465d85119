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
            rates: if self.rates.is_empty() {
                RateTable::bundled_ecb()
            } else {
                Box::leak(Box::new(load_rates(&self.rates)?))
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

/// The bundled ECB history with each extra rates file merged over it, in order.
pub fn load_rates(extra: &[PathBuf]) -> Result<RateTable> {
    let mut table = RateTable::bundled_ecb().clone();
    for path in extra {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let other = RateTable::from_ecb_csv(&text, &path.display().to_string())?;
        table.merge(&other);
    }
    Ok(table)
}
