//! The rate table: rates per currency and day against one base currency (EUR for the ECB, KZT
//! for the NBK), merged from one or more sources, and the USD cross rates the rules engine asks
//! for.
//!
//! Cross rates are computed once per table and currency, on the first look-up, into one sorted
//! series; every look-up is then a binary search over dates with no allocation, whatever the
//! base.

use std::fmt;
use std::sync::{Arc, OnceLock};

use neonomad_core::{CurrencyCode, Decimal, NaiveDate};
use rust_decimal::RoundingStrategy;

use crate::ecb_csv::{self, CsvShape, RatesFileError};
use crate::nbk_xml;

/// The ECB history shipped with the program (see `docs/rates.md` for where it comes from).
const BUNDLED_ECB_CSV: &str = include_str!("../../../law/rates/eurofxref-hist.csv");

/// Decimal places of every cross rate.
pub const CROSS_RATE_DECIMAL_PLACES: u32 = 10;

/// A publication older than this many calendar days before the asked date is not used.
pub const MAX_RATE_AGE_DAYS: i64 = 7;

/// Short name of tables of National Bank of Kazakhstan rates, as reports show it.
pub const NBK_SOURCE_NAME: &str = "NBK";

/// Label of NBK values in each rate's `source`.
const NBK_ORIGIN_LABEL: &str = "NBK official rates";

/// Exchange rates by currency and publication day against one base currency.
#[derive(Clone)]
pub struct RateTable {
    /// Short name for reports, e.g. "ECB + extra:rates.csv" or "NBK".
    name: Arc<str>,
    /// The currency every value is quoted against, and which way.
    base: RateBase,
    /// Label of each contributing source, indexed by `Column::origins`.
    origins: Vec<Arc<str>>,
    /// One column per currency, sorted by currency.
    columns: Vec<Column>,
    /// Position in `columns` of every possible currency code (`NO_COLUMN` when absent), so that
    /// finding a currency is one index rather than a search: the engine asks ~20 times per
    /// assessment.
    slots: Box<[u16]>,
    /// USD per unit of the base currency, computed on first look-up.
    base_usd: OnceLock<UsdSeries>,
    /// Source description of a USD amount, which needs no rate.
    usd_label: Arc<str>,
    /// First and last publication days over all currencies.
    coverage: Option<(NaiveDate, NaiveDate)>,
}

/// The currency a table's values are quoted against, and in which direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateBase {
    /// The base currency: EUR for the ECB, KZT for the NBK.
    pub currency: CurrencyCode,
    /// Which way every value of the table is quoted.
    pub quote: Quote,
}

/// Which way a table's values are quoted against its base currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quote {
    /// Units of the currency per 1 unit of the base, as the ECB writes (JPY per 1 EUR).
    UnitsPerBase,
    /// Units of the base per 1 unit of the currency, as the NBK writes (KZT per 1 USD).
    BasePerUnit,
}

impl RateBase {
    /// ECB euro reference rates: units of each currency per 1 EUR.
    pub const ECB: RateBase = RateBase {
        currency: CurrencyCode::EUR,
        quote: Quote::UnitsPerBase,
    };
    /// NBK official rates: KZT per 1 unit of each currency.
    pub const NBK: RateBase = RateBase {
        currency: CurrencyCode::KZT,
        quote: Quote::BasePerUnit,
    };
}

/// How many US dollars one unit of a currency was worth, from which publication and source.
#[derive(Clone, Debug, PartialEq)]
pub struct UsdRate {
    /// US dollars per one unit of the currency.
    pub usd_per_unit: Decimal,
    /// The publication day the rate comes from (the asked date itself for USD).
    pub date: NaiveDate,
    /// Where the rate comes from, e.g. "ECB euro reference rates (crossed through EUR)".
    pub source: Arc<str>,
}

/// Why no USD rate can be given; the messages are meant for the person reading a report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    /// The table has no rate at all for this currency.
    #[error("the rates table ({source_name}) has no rates for {currency}; {remedy}")]
    UnknownCurrency {
        /// The currency asked for.
        currency: CurrencyCode,
        /// The table's short name.
        source_name: Arc<str>,
        /// What the reader can do about it, which depends on the table's source.
        remedy: &'static str,
    },
    /// The date is before the first rate of this currency.
    #[error("no USD rate for {currency} on or before {date} (the table's rates for {currency} start {first})")]
    BeforeCoverage {
        /// The currency asked for.
        currency: CurrencyCode,
        /// The date asked for.
        date: NaiveDate,
        /// The currency's first publication day.
        first: NaiveDate,
    },
    /// The date is after the table's last publication day.
    #[error("no USD rate for {currency} on {date}: the rates table ends {last}; {remedy}")]
    AfterCoverage {
        /// The currency asked for.
        currency: CurrencyCode,
        /// The date asked for.
        date: NaiveDate,
        /// The table's last publication day.
        last: NaiveDate,
        /// What the reader can do about it, which depends on the table's source.
        remedy: &'static str,
    },
    /// The currency's latest publication is more than `MAX_RATE_AGE_DAYS` before the date.
    #[error(
        "no current USD rate for {currency} on {date}: {source_name} has not published {currency} \
         since {last_published}"
    )]
    Stale {
        /// The currency asked for.
        currency: CurrencyCode,
        /// The date asked for.
        date: NaiveDate,
        /// The currency's latest publication on or before `date`.
        last_published: NaiveDate,
        /// The table's short name.
        source_name: Arc<str>,
    },
}

/// Two tables that cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// The tables quote their values against different bases (e.g. an ECB-shaped file into NBK
    /// rates), so their numbers mean different things.
    #[error(
        "cannot merge {theirs} (values against {their_base}) into {ours} (values against \
         {our_base}): the numbers mean different things"
    )]
    DifferentBase {
        /// The table merged into.
        ours: Arc<str>,
        /// Its base currency.
        our_base: CurrencyCode,
        /// The table merged from.
        theirs: Arc<str>,
        /// Its base currency.
        their_base: CurrencyCode,
    },
}

/// What a merge changed, for telling the user what an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// Days on which the table had no value for any currency before, ascending.
    pub new_days: Vec<NaiveDate>,
    /// Values for a (day, currency) the table did not have.
    pub added: usize,
    /// Values that replaced a different value, by day then currency.
    pub replaced: Vec<ReplacedRate>,
    /// Values equal to the one the table already had.
    pub unchanged: usize,
}

/// One value a merge replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplacedRate {
    /// The publication day.
    pub date: NaiveDate,
    /// The currency.
    pub currency: CurrencyCode,
    /// The value before the merge, as the table quotes it.
    pub old: Decimal,
    /// The value after the merge.
    pub new: Decimal,
}

impl RateTable {
    /// Parses the ECB CSV shape; errors name origin, line and column and what was expected.
    ///
    /// The table's source name is `origin`; rename it with [`RateTable::with_source_name`].
    pub fn from_ecb_csv(text: &str, origin: &str) -> Result<RateTable, RatesFileError> {
        Ok(Self::build(
            ecb_csv::parse(text, origin)?,
            RateBase::ECB,
            origin.into(),
            origin.into(),
        ))
    }

    /// Parses NBK official rates XML: one or many concatenated `get_rates.cfm` documents, or the
    /// `rates_all.xml` RSS feed. Values are KZT per unit (`description / quant`); the table is
    /// named [`NBK_SOURCE_NAME`]. Errors name `origin`, the line and the element at fault.
    pub fn from_nbk_xml(text: &str, origin: &str) -> Result<RateTable, RatesFileError> {
        Ok(Self::build(
            nbk_xml::parse(text, origin)?,
            RateBase::NBK,
            NBK_SOURCE_NAME.into(),
            NBK_ORIGIN_LABEL.into(),
        ))
    }

    /// Parses the NBK rates store the CLI keeps: `Date,USD,EUR,...`, values in KZT per 1 unit,
    /// otherwise the rules of the ECB CSV shape. The table is named [`NBK_SOURCE_NAME`].
    pub fn from_nbk_csv(text: &str, origin: &str) -> Result<RateTable, RatesFileError> {
        Ok(Self::build(
            ecb_csv::parse_shape(text, origin, &CsvShape::Nbk)?,
            RateBase::NBK,
            NBK_SOURCE_NAME.into(),
            NBK_ORIGIN_LABEL.into(),
        ))
    }

    /// An NBK table with no rates yet, to merge imports into when the store is still empty.
    pub fn empty_nbk() -> RateTable {
        Self::build(
            Vec::new(),
            RateBase::NBK,
            NBK_SOURCE_NAME.into(),
            NBK_ORIGIN_LABEL.into(),
        )
    }

    /// The table in its CSV shape (`Date,USD,EUR,...` then one row per day, ascending; `N/A`
    /// where a currency has no value), which [`RateTable::from_nbk_csv`] or
    /// [`RateTable::from_ecb_csv`] (by base) reads back to the same values.
    pub fn to_csv(&self) -> String {
        // USD first (every cross rate needs it), then EUR, then the rest alphabetically.
        let rank = |c: CurrencyCode| match c {
            CurrencyCode::USD => 0,
            CurrencyCode::EUR => 1,
            _ => 2,
        };
        let mut columns: Vec<&Column> = self
            .columns
            .iter()
            .filter(|c| !c.values.is_empty())
            .collect();
        columns.sort_by_key(|c| (rank(c.currency), c.currency));
        let mut days: Vec<NaiveDate> = columns
            .iter()
            .flat_map(|c| c.values.iter().map(|(d, _)| *d))
            .collect();
        days.sort_unstable();
        days.dedup();
        let mut out = String::from("Date");
        for c in &columns {
            out.push(',');
            out.push_str(c.currency.as_str());
        }
        out.push('\n');
        let mut next = vec![0usize; columns.len()];
        for day in days {
            out.push_str(&day.to_string());
            for (c, i) in columns.iter().zip(&mut next) {
                out.push(',');
                match c.values.get(*i) {
                    Some((d, v)) if *d == day => {
                        out.push_str(&v.to_string());
                        *i += 1;
                    }
                    _ => out.push_str("N/A"),
                }
            }
            out.push('\n');
        }
        out
    }

    /// The bundled ECB history (include_str! of law/rates/eurofxref-hist.csv), parsed once (OnceLock).
    pub fn bundled_ecb() -> &'static RateTable {
        static TABLE: OnceLock<RateTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            let columns = ecb_csv::parse(BUNDLED_ECB_CSV, "law/rates/eurofxref-hist.csv")
                // The file is compiled in and a unit test parses it, so this cannot fail at run time.
                .unwrap_or_else(|e| panic!("bundled ECB rates do not parse: {e}"));
            Self::build(
                columns,
                RateBase::ECB,
                "ECB".into(),
                "ECB euro reference rates".into(),
            )
        })
    }

    /// Renames a table for reports, e.g. `extra:rates.csv`; a table built from one file also
    /// uses the name as the source of its rates.
    pub fn with_source_name(mut self, name: &str) -> RateTable {
        self.name = name.into();
        if let [only] = self.origins.as_mut_slice() {
            *only = name.into();
            self.forget_usd_series();
        }
        self
    }

    /// Adds/overrides rates from another table with the same base (an extra rates file, or NBK
    /// rates imported into the store), and says what changed.
    ///
    /// For the same day and currency the other table's value wins; a value the other table does
    /// not publish (`N/A`) leaves this table's value in place.
    pub fn merge(&mut self, other: &RateTable) -> Result<MergeSummary, MergeError> {
        if self.base != other.base {
            return Err(MergeError::DifferentBase {
                ours: self.name.clone(),
                our_base: self.base.currency,
                theirs: other.name.clone(),
                their_base: other.base.currency,
            });
        }
        let mut summary = MergeSummary {
            new_days: new_days(&self.columns, &other.columns),
            ..MergeSummary::default()
        };
        let offset = u32::try_from(self.origins.len()).expect("fewer than 4 billion rate sources");
        self.origins.extend(other.origins.iter().cloned());
        for theirs in &other.columns {
            let shifted = Column {
                currency: theirs.currency,
                values: theirs.values.clone(),
                origins: theirs.origins.iter().map(|o| o + offset).collect(),
                usd: OnceLock::new(),
            };
            match self
                .columns
                .binary_search_by_key(&theirs.currency, |c| c.currency)
            {
                Ok(i) => merge_by_date(&mut self.columns[i], shifted, &mut summary),
                Err(i) => {
                    summary.added += shifted.values.len();
                    self.columns.insert(i, shifted);
                }
            }
        }
        summary
            .replaced
            .sort_unstable_by_key(|r| (r.date, r.currency));
        self.name = format!("{} + {}", self.name, other.name).into();
        self.coverage = coverage_of(&self.columns);
        self.slots = slots_of(&self.columns);
        self.forget_usd_series();
        Ok(summary)
    }

    /// Short name of the source(s) for reports, e.g. "ECB", "ECB + extra:rates.csv" or "NBK".
    pub fn source_name(&self) -> &str {
        &self.name
    }

    /// The currency the table's values are quoted against, and which way.
    pub fn base(&self) -> RateBase {
        self.base
    }

    /// USD per one unit of `currency` on `date`: the latest publication on or before `date` on
    /// which both the currency and USD are published, crossed through the base and rounded
    /// half-away-from-zero to 10 decimal places. ECB: (USD per EUR) / (CUR per EUR); NBK:
    /// (KZT per CUR) / (KZT per USD). USD -> exactly 1 with the date itself. The base -> the USD
    /// column (ECB: as published; NBK: 1 / KZT per USD, rounded).
    pub fn usd_rate(&self, currency: CurrencyCode, date: NaiveDate) -> Result<UsdRate, RateError> {
        if currency == CurrencyCode::USD {
            return Ok(UsdRate {
                usd_per_unit: Decimal::ONE,
                date,
                source: self.usd_label.clone(),
            });
        }
        let Some(series) = self.usd_series(currency).filter(|s| !s.dates.is_empty()) else {
            return Err(self.unknown_currency(currency));
        };
        if let Some((_, last)) = self.coverage {
            if date > last {
                return Err(self.after_coverage(currency, date, last));
            }
        }
        let Some(i) = series.dates.partition_point(|d| *d <= date).checked_sub(1) else {
            return Err(RateError::BeforeCoverage {
                currency,
                date,
                first: series.dates[0],
            });
        };
        let published = series.dates[i];
        if date > series.fresh_until[i] {
            return Err(RateError::Stale {
                currency,
                date,
                last_published: published,
                source_name: self.name.clone(),
            });
        }
        Ok(UsdRate {
            usd_per_unit: series.usd_per_unit[i],
            date: published,
            source: series.labels[series.label[i] as usize].clone(),
        })
    }

    /// First and last publication dates in the table.
    pub fn coverage(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.coverage
    }

    /// How many (day, currency) values the table holds.
    pub fn value_count(&self) -> usize {
        self.columns.iter().map(|c| c.values.len()).sum()
    }

    /// Every day on which at least one currency has a value, ascending.
    pub fn publication_days(&self) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = self
            .columns
            .iter()
            .flat_map(|c| c.values.iter().map(|(d, _)| *d))
            .collect();
        days.sort_unstable();
        days.dedup();
        days
    }

    /// The value of `currency` published on exactly `date`, as the table quotes it (ECB: units
    /// per EUR; NBK: KZT per unit).
    pub fn published_value(&self, currency: CurrencyCode, date: NaiveDate) -> Option<Decimal> {
        let col = self.column(currency)?;
        let j = col.values.binary_search_by_key(&date, |(d, _)| *d).ok()?;
        Some(col.values[j].1)
    }

    /// The currencies with at least one rate, sorted; the base included when USD has rates.
    pub fn currencies(&self) -> impl Iterator<Item = CurrencyCode> {
        let published = self.columns.iter().filter(|c| !c.values.is_empty());
        let usd = published.clone().any(|c| c.currency == CurrencyCode::USD);
        let mut all: Vec<CurrencyCode> = published
            .map(|c| c.currency)
            .chain(usd.then_some(self.base.currency))
            .collect();
        all.sort_unstable();
        all.into_iter()
    }

    fn build(
        parsed: Vec<ecb_csv::ParsedColumn>,
        base: RateBase,
        name: Arc<str>,
        origin: Arc<str>,
    ) -> RateTable {
        let mut columns: Vec<Column> = parsed
            .into_iter()
            .map(|(currency, values)| Column {
                currency,
                origins: vec![0; values.len()],
                values,
                usd: OnceLock::new(),
            })
            .collect();
        columns.sort_unstable_by_key(|c| c.currency);
        RateTable {
            name,
            base,
            origins: vec![origin],
            slots: slots_of(&columns),
            coverage: coverage_of(&columns),
            columns,
            base_usd: OnceLock::new(),
            usd_label: "no conversion (amount in USD)".into(),
        }
    }

    // The error paths are kept out of line so that the look-up itself stays small.
    #[cold]
    #[inline(never)]
    fn unknown_currency(&self, currency: CurrencyCode) -> RateError {
        RateError::UnknownCurrency {
            currency,
            source_name: self.name.clone(),
            remedy: self.remedies().unknown,
        }
    }

    #[cold]
    #[inline(never)]
    fn after_coverage(
        &self,
        currency: CurrencyCode,
        date: NaiveDate,
        last: NaiveDate,
    ) -> RateError {
        RateError::AfterCoverage {
            currency,
            date,
            last,
            remedy: self.remedies().after,
        }
    }

    /// What a reader can do when a rate is missing, by source.
    fn remedies(&self) -> Remedies {
        match self.base.quote {
            Quote::UnitsPerBase => Remedies {
                unknown: "add them with --rates FILE",
                after: "refresh it (scripts/refresh-ecb-rates.sh) or add --rates FILE",
            },
            Quote::BasePerUnit => Remedies {
                unknown: "import NBK rates that list it with `neonomad rates import FILE`",
                after: "import the NBK rates of later days with `neonomad rates import FILE`",
            },
        }
    }

    fn column(&self, currency: CurrencyCode) -> Option<&Column> {
        let slot = *self.slots.get(slot_of(currency)?)?;
        (slot != NO_COLUMN).then(|| &self.columns[usize::from(slot)])
    }

    /// The USD series of a currency other than USD, computed on first use and kept: the bundled
    /// history has ~200,000 values and a run of the engine needs the series of only a few.
    fn usd_series(&self, currency: CurrencyCode) -> Option<&UsdSeries> {
        if currency == self.base.currency {
            return Some(self.base_usd.get_or_init(|| self.base_series()));
        }
        let column = self.column(currency)?;
        Some(column.usd.get_or_init(|| self.cross_series(column)))
    }

    /// USD per unit of the base on each day USD is published.
    fn base_series(&self) -> UsdSeries {
        let mut s = UsdSeries::default();
        if let Some(usd) = self.column(CurrencyCode::USD) {
            for ((date, usd_value), origin) in usd.values.iter().zip(&usd.origins) {
                let rate = match self.base.quote {
                    // USD per EUR is what the ECB publishes: used as is.
                    Quote::UnitsPerBase => Some(*usd_value),
                    Quote::BasePerUnit => cross_rate(Decimal::ONE, *usd_value),
                };
                let Some(rate) = rate else {
                    continue;
                };
                let label = s.label_for((*origin, None), || self.origins[*origin as usize].clone());
                s.push(*date, rate, label);
            }
        }
        s
    }

    fn cross_series(&self, column: &Column) -> UsdSeries {
        let mut s = UsdSeries::default();
        let Some(usd) = self.column(CurrencyCode::USD) else {
            return s;
        };
        let base = self.base.currency;
        let mut u = usd.values.iter().zip(&usd.origins).peekable();
        for ((date, value), origin) in column.values.iter().zip(&column.origins) {
            while u.next_if(|((d, _), _)| d < date).is_some() {}
            let Some(((_, usd_value), usd_origin)) = u.next_if(|((d, _), _)| d == date) else {
                continue;
            };
            let rate = match self.base.quote {
                // (USD per EUR) / (CUR per EUR)
                Quote::UnitsPerBase => cross_rate(*usd_value, *value),
                // (KZT per CUR) / (KZT per USD)
                Quote::BasePerUnit => cross_rate(*value, *usd_value),
            };
            let Some(rate) = rate else {
                continue;
            };
            let label = s.label_for((*usd_origin, Some(*origin)), || {
                let (usd_source, source) = (
                    &self.origins[*usd_origin as usize],
                    &self.origins[*origin as usize],
                );
                if usd_origin == origin {
                    format!("{source} (crossed through {base})").into()
                } else {
                    format!(
                        "{source} for {}, {usd_source} for USD (crossed through {base})",
                        column.currency
                    )
                    .into()
                }
            });
            s.push(*date, rate, label);
        }
        s
    }

    /// Drops computed USD series after the values or source names they were made from changed.
    fn forget_usd_series(&mut self) {
        self.base_usd = OnceLock::new();
        for c in &mut self.columns {
            c.usd = OnceLock::new();
        }
    }

    #[cfg(test)]
    pub(crate) fn eur_rate_published(
        &self,
        currency: CurrencyCode,
        date: NaiveDate,
    ) -> Option<Decimal> {
        self.published_value(currency, date)
    }

    #[cfg(test)]
    pub(crate) fn usd_publication_days(&self, currency: CurrencyCode) -> &[NaiveDate] {
        self.usd_series(currency).map_or(&[], |s| &s.dates)
    }
}

impl fmt::Debug for RateTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The full table has ~200,000 values; show what identifies it instead.
        f.debug_struct("RateTable")
            .field("name", &self.name)
            .field("base", &self.base)
            .field("origins", &self.origins)
            .field("coverage", &self.coverage)
            .field("currencies", &self.currencies().collect::<Vec<_>>())
            .finish()
    }
}

/// Advice attached to look-up errors.
struct Remedies {
    unknown: &'static str,
    after: &'static str,
}

/// The published values of one currency.
#[derive(Clone, Debug)]
struct Column {
    currency: CurrencyCode,
    /// (publication day, value as the table's base quotes it), days ascending.
    values: Vec<(NaiveDate, Decimal)>,
    /// For each value, the index of its source in `RateTable::origins`.
    origins: Vec<u32>,
    /// USD per unit on each day both this currency and USD were published, once asked for.
    usd: OnceLock<UsdSeries>,
}
/// USD per unit of one currency on each day it can be computed; parallel vectors so that the
/// binary search touches only dates.
#[derive(Clone, Debug, Default)]
struct UsdSeries {
    dates: Vec<NaiveDate>,
    /// The last day each rate may be used: its date plus `MAX_RATE_AGE_DAYS`, kept so a
    /// look-up compares instead of doing calendar arithmetic.
    fresh_until: Vec<NaiveDate>,
    usd_per_unit: Vec<Decimal>,
    /// Index into `labels` for each day.
    label: Vec<u32>,
    /// Source descriptions handed out with the rates, shared so a look-up only bumps a count.
    labels: Vec<Arc<str>>,
    /// Which (USD source, currency source) each label describes.
    label_keys: Vec<(u32, Option<u32>)>,
}

impl UsdSeries {
    fn push(&mut self, date: NaiveDate, rate: Decimal, label: u32) {
        self.dates.push(date);
        let max_age = chrono::Days::new(MAX_RATE_AGE_DAYS.unsigned_abs());
        self.fresh_until
            .push(date.checked_add_days(max_age).unwrap_or(NaiveDate::MAX));
        self.usd_per_unit.push(rate);
        self.label.push(label);
    }

    fn label_for(&mut self, key: (u32, Option<u32>), text: impl FnOnce() -> Arc<str>) -> u32 {
        if let Some(i) = self.label_keys.iter().position(|k| *k == key) {
            return i as u32;
        }
        self.label_keys.push(key);
        self.labels.push(text());
        (self.labels.len() - 1) as u32
    }
}

/// `slots` value of a currency with no column.
const NO_COLUMN: u16 = u16::MAX;

/// Index of a currency code among all 26^3 possible codes.
fn slot_of(currency: CurrencyCode) -> Option<usize> {
    let letter = |b: u8| Some(usize::from(b.checked_sub(b'A')?)).filter(|n| *n < 26);
    match currency.as_str().as_bytes() {
        [a, b, c] => Some((letter(*a)? * 26 + letter(*b)?) * 26 + letter(*c)?),
        _ => None,
    }
}

fn slots_of(columns: &[Column]) -> Box<[u16]> {
    let mut slots = vec![NO_COLUMN; 26 * 26 * 26].into_boxed_slice();
    for (i, column) in columns.iter().enumerate() {
        // At most 26^3 columns can exist, fewer than NO_COLUMN.
        if let (Some(slot), Ok(i)) = (slot_of(column.currency), u16::try_from(i)) {
            slots[slot] = i;
        }
    }
    slots
}

fn coverage_of(columns: &[Column]) -> Option<(NaiveDate, NaiveDate)> {
    let first = columns
        .iter()
        .filter_map(|c| c.values.first())
        .map(|(d, _)| *d)
        .min()?;
    let last = columns
        .iter()
        .filter_map(|c| c.values.last())
        .map(|(d, _)| *d)
        .max()?;
    Some((first, last))
}

/// Days on which `theirs` has a value and `ours` has none, ascending.
fn new_days(ours: &[Column], theirs: &[Column]) -> Vec<NaiveDate> {
    let days = |columns: &[Column]| {
        let mut all: Vec<NaiveDate> = columns
            .iter()
            .flat_map(|c| c.values.iter().map(|(d, _)| *d))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let known = days(ours);
    days(theirs)
        .into_iter()
        .filter(|d| known.binary_search(d).is_err())
        .collect()
}

/// Merges `theirs` into the date-sorted column `ours`; on the same date their value wins.
fn merge_by_date(ours: &mut Column, theirs: Column, summary: &mut MergeSummary) {
    let n = ours.values.len() + theirs.values.len();
    let (mut values, mut origins) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut mine = std::mem::take(&mut ours.values)
        .into_iter()
        .zip(std::mem::take(&mut ours.origins))
        .peekable();
    for (value, origin) in theirs.values.into_iter().zip(theirs.origins) {
        while let Some((v, o)) = mine.next_if(|((d, _), _)| *d < value.0) {
            values.push(v);
            origins.push(o);
        }
        match mine.next_if(|((d, _), _)| *d == value.0) {
            None => summary.added += 1,
            Some(((_, old), _)) if old == value.1 => summary.unchanged += 1,
            Some(((date, old), _)) => summary.replaced.push(ReplacedRate {
                date,
                currency: ours.currency,
                old,
                new: value.1,
            }),
        }
        values.push(value);
        origins.push(origin);
    }
    for (v, o) in mine {
        values.push(v);
        origins.push(o);
    }
    ours.values = values;
    ours.origins = origins;
}

/// `numerator / denominator` (ECB: (USD per EUR) / (CUR per EUR); NBK: (KZT per CUR) / (KZT per
/// USD)), rounded half away from zero to 10 decimal places.
///
/// Computed exactly with integers when the digits allow (always, for values the parser accepts
/// at ECB precision), so the rounding is a single, exact step; falls back to decimal division,
/// which rounds at 28 significant digits first, only for extreme inputs.
fn cross_rate(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    let positive = |d: Decimal| d.is_sign_positive() && !d.is_zero();
    if !positive(numerator) || !positive(denominator) {
        return None;
    }
    // n/d = (a / 10^sa) / (b / 10^sb); scaled by 10^10 that is a * 10^(sb + 10) / (b * 10^sa).
    let (a, sa) = (numerator.mantissa() as u128, numerator.scale());
    let (b, sb) = (denominator.mantissa() as u128, denominator.scale());
    let exact = (|| {
        let num = a.checked_mul(10u128.checked_pow(sb + CROSS_RATE_DECIMAL_PLACES)?)?;
        let den = b.checked_mul(10u128.checked_pow(sa)?)?;
        let (q, r) = if let (Ok(n), Ok(d)) = (u64::try_from(num), u64::try_from(den)) {
            ((n / d) as u128, (n % d) as u128)
        } else {
            (num / den, num % den)
        };
        let q = if r >= den - r { q + 1 } else { q };
        Decimal::try_from_i128_with_scale(i128::try_from(q).ok()?, CROSS_RATE_DECIMAL_PLACES).ok()
    })();
    exact.or_else(|| {
        numerator.checked_div(denominator).map(|q| {
            q.round_dp_with_strategy(
                CROSS_RATE_DECIMAL_PLACES,
                RoundingStrategy::MidpointAwayFromZero,
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use neonomad_core::parse_date;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }
    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }
    fn cur(s: &str) -> CurrencyCode {
        CurrencyCode::parse(s).unwrap()
    }
    fn ecb() -> &'static RateTable {
        RateTable::bundled_ecb()
    }

    #[test]
    fn bundled_history_parses_and_covers_1999_to_the_last_refresh() {
        let t = ecb();
        assert_eq!(t.source_name(), "ECB");
        // The end moves with every refresh (scripts/refresh-ecb-rates.sh); it never goes back.
        let (first, last) = t.coverage().unwrap();
        assert_eq!(first, d("1999-01-04"));
        assert!(last >= d("2026-10-30"), "{last}");
        let all: Vec<_> = t.currencies().map(|c| c.to_string()).collect();
        assert!(all.len() >= 42, "{all:?}");
        for c in ["USD", "EUR", "GBP", "JPY", "CHF", "RUB", "TRY"] {
            assert!(all.iter().any(|x| x == c), "{c} missing from {all:?}");
        }
        assert_eq!(
            t.eur_rate_published(cur("GBP"), d("2025-09-30")),
            Some(dec("0.8734"))
        );
    }

    #[test]
    fn gbp_and_jpy_on_2025_09_30_match_hand_computation() {
        // Row 2025-09-30: USD 1.1741, JPY 173.76, GBP 0.8734 (units per EUR).
        // 1.1741 / 0.8734 = 1.34428669567208610...  -> 1.3442866957
        // 1.1741 / 173.76 = 0.00675702117863720...  -> 0.0067570212
        let gbp = ecb().usd_rate(cur("GBP"), d("2025-09-30")).unwrap();
        assert_eq!(gbp.usd_per_unit, dec("1.3442866957"));
        assert_eq!(gbp.date, d("2025-09-30"));
        assert_eq!(
            &*gbp.source,
            "ECB euro reference rates (crossed through EUR)"
        );
        let jpy = ecb().usd_rate(cur("JPY"), d("2025-09-30")).unwrap();
        assert_eq!(jpy.usd_per_unit, dec("0.0067570212"));
        assert_eq!(jpy.usd_per_unit.to_string(), "0.0067570212");
    }

    #[test]
    fn a_weekend_date_uses_the_friday_rate() {
        // Saturday 2025-09-27 and Sunday 2025-09-28 -> Friday 2025-09-26: USD 1.1672, GBP 0.874, JPY 174.79.
        // 1.1672 / 0.874 = 1.33546910755148741... -> 1.3354691076
        // 1.1672 / 174.79 = 0.00667772755878482... -> 0.0066777276
        for day in ["2025-09-27", "2025-09-28"] {
            let gbp = ecb().usd_rate(cur("GBP"), d(day)).unwrap();
            assert_eq!(
                (gbp.usd_per_unit, gbp.date),
                (dec("1.3354691076"), d("2025-09-26"))
            );
            let jpy = ecb().usd_rate(cur("JPY"), d(day)).unwrap();
            assert_eq!(
                (jpy.usd_per_unit, jpy.date),
                (dec("0.0066777276"), d("2025-09-26"))
            );
        }
    }

    #[test]
    fn usd_is_exactly_one_on_the_date_itself_even_outside_coverage() {
        for day in ["2025-09-27", "1990-01-01", "2030-01-01"] {
            let r = ecb().usd_rate(CurrencyCode::USD, d(day)).unwrap();
            assert_eq!((r.usd_per_unit, r.date), (Decimal::ONE, d(day)));
        }
    }

    #[test]
    fn eur_is_the_usd_column_uncrossed() {
        let r = ecb().usd_rate(CurrencyCode::EUR, d("2025-09-28")).unwrap();
        assert_eq!((r.usd_per_unit, r.date), (dec("1.1672"), d("2025-09-26")));
        assert_eq!(&*r.source, "ECB euro reference rates");
    }

    #[test]
    fn unknown_currency_says_how_to_add_it() {
        let e = ecb()
            .usd_rate(CurrencyCode::KZT, d("2025-09-30"))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the rates table (ECB) has no rates for KZT; add them with --rates FILE"
        );
        // A currency whose values never meet a USD value has no usable rate either.
        let t = RateTable::from_ecb_csv("Date,KZT\n2026-01-05,520.12\n", "kzt.csv").unwrap();
        assert!(matches!(
            t.usd_rate(CurrencyCode::KZT, d("2026-01-05")),
            Err(RateError::UnknownCurrency { .. })
        ));
        assert!(matches!(
            t.usd_rate(CurrencyCode::EUR, d("2026-01-05")),
            Err(RateError::UnknownCurrency { .. })
        ));
    }

    #[test]
    fn before_coverage_names_the_first_rate() {
        let e = ecb().usd_rate(cur("GBP"), d("1998-12-01")).unwrap_err();
        assert_eq!(
            e,
            RateError::BeforeCoverage {
                currency: cur("GBP"),
                date: d("1998-12-01"),
                first: d("1999-01-04")
            }
        );
        assert_eq!(e.to_string(), "no USD rate for GBP on or before 1998-12-01 (the table's rates for GBP start 1999-01-04)");
        // BRL starts later than the table.
        let e = ecb().usd_rate(cur("BRL"), d("2007-06-01")).unwrap_err();
        assert_eq!(
            e,
            RateError::BeforeCoverage {
                currency: cur("BRL"),
                date: d("2007-06-01"),
                first: d("2008-01-02")
            }
        );
    }

    #[test]
    fn after_coverage_refuses_to_reuse_the_last_rate() {
        let (_, last) = ecb().coverage().unwrap();
        let after = last.succ_opt().unwrap();
        let e = ecb().usd_rate(cur("GBP"), after).unwrap_err();
        assert_eq!(
            e,
            RateError::AfterCoverage {
                currency: cur("GBP"),
                date: after,
                last,
                remedy: "refresh it (scripts/refresh-ecb-rates.sh) or add --rates FILE"
            }
        );
        assert_eq!(
            e.to_string(),
            format!("no USD rate for GBP on {after}: the rates table ends {last}; refresh it (scripts/refresh-ecb-rates.sh) or add --rates FILE")
        );
        assert_eq!(ecb().usd_rate(cur("GBP"), last).unwrap().date, last);
        // Also for a currency that stopped long before the table's end.
        assert!(matches!(
            ecb().usd_rate(cur("RUB"), after),
            Err(RateError::AfterCoverage { .. })
        ));
    }

    #[test]
    fn a_day_without_a_usd_rate_uses_the_last_day_with_both() {
        let t = RateTable::from_ecb_csv(
            "Date,USD,GBP\n2025-01-03,N/A,0.84\n2025-01-02,1.03,0.83\n",
            "gap.csv",
        )
        .unwrap();
        let r = t.usd_rate(cur("GBP"), d("2025-01-03")).unwrap();
        // 1.03 / 0.83 = 1.240963855421... -> 1.2409638554
        assert_eq!(
            (r.usd_per_unit, r.date),
            (dec("1.2409638554"), d("2025-01-02"))
        );
        assert_eq!(
            t.usd_rate(CurrencyCode::EUR, d("2025-01-03")).unwrap().date,
            d("2025-01-02")
        );
    }

    #[test]
    fn stale_currency_names_its_last_publication() {
        let e = ecb().usd_rate(cur("RUB"), d("2025-09-30")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "no current USD rate for RUB on 2025-09-30: ECB has not published RUB since 2022-03-01"
        );
        assert!(
            matches!(e, RateError::Stale { last_published, .. } if last_published == d("2022-03-01"))
        );
        // Exactly 7 days after the last publication is still accepted, 8 is not.
        // RUB 2022-03-01: 1.1162 / 117.201 = 0.009523809523... -> 0.0095238095
        let ok = ecb().usd_rate(cur("RUB"), d("2022-03-08")).unwrap();
        assert_eq!(
            (ok.usd_per_unit, ok.date),
            (dec("0.0095238095"), d("2022-03-01"))
        );
        assert!(matches!(
            ecb().usd_rate(cur("RUB"), d("2022-03-09")),
            Err(RateError::Stale { .. })
        ));
        // ISK was not published from 2008-12-10 to 2018; BGN stopped when Bulgaria joined the euro.
        assert!(matches!(
            ecb().usd_rate(cur("ISK"), d("2012-06-01")),
            Err(RateError::Stale { .. })
        ));
        assert!(matches!(
            ecb().usd_rate(cur("BGN"), d("2026-03-02")),
            Err(RateError::Stale { .. })
        ));
    }

    #[test]
    fn extra_file_adds_a_currency_crossed_with_ecb_usd() {
        let mut t = ecb().clone();
        let extra = RateTable::from_ecb_csv("Date,KZT\n2026-01-05,520.12\n", "/tmp/rates.csv")
            .unwrap()
            .with_source_name("extra:rates.csv");
        t.merge(&extra).unwrap();
        assert_eq!(t.source_name(), "ECB + extra:rates.csv");
        let usd = t
            .eur_rate_published(CurrencyCode::USD, d("2026-01-05"))
            .unwrap();
        let r = t.usd_rate(CurrencyCode::KZT, d("2026-01-06")).unwrap();
        let expect = (usd / dec("520.12"))
            .round_dp_with_strategy(10, RoundingStrategy::MidpointAwayFromZero);
        assert_eq!((r.usd_per_unit, r.date), (expect, d("2026-01-05")));
        assert_eq!(
            &*r.source,
            "extra:rates.csv for KZT, ECB euro reference rates for USD (crossed through EUR)"
        );
        // ECB values are untouched.
        assert_eq!(
            t.usd_rate(cur("GBP"), d("2025-09-30"))
                .unwrap()
                .usd_per_unit,
            dec("1.3442866957")
        );
        // The bundled table itself is not changed by merging into a clone.
        assert!(ecb().usd_rate(CurrencyCode::KZT, d("2026-01-05")).is_err());
    }

    #[test]
    fn merged_values_win_for_the_same_day_and_na_does_not_erase() {
        let mut t = ecb().clone();
        let extra =
            RateTable::from_ecb_csv("Date,GBP,JPY\n2025-09-30,0.9,N/A\n", "fix.csv").unwrap();
        t.merge(&extra).unwrap();
        // 1.1741 / 0.9 = 1.30455555... -> 1.3045555556
        let gbp = t.usd_rate(cur("GBP"), d("2025-09-30")).unwrap();
        assert_eq!(gbp.usd_per_unit, dec("1.3045555556"));
        assert_eq!(
            &*gbp.source,
            "fix.csv for GBP, ECB euro reference rates for USD (crossed through EUR)"
        );
        assert_eq!(
            t.usd_rate(cur("JPY"), d("2025-09-30"))
                .unwrap()
                .usd_per_unit,
            dec("0.0067570212")
        );
        assert_eq!(
            t.usd_rate(cur("GBP"), d("2025-09-29")).unwrap(),
            ecb().usd_rate(cur("GBP"), d("2025-09-29")).unwrap()
        );
        // A later merge wins over an earlier one.
        let again = RateTable::from_ecb_csv("Date,GBP\n2025-09-30,1.1741\n", "two.csv").unwrap();
        t.merge(&again).unwrap();
        assert_eq!(
            t.usd_rate(cur("GBP"), d("2025-09-30"))
                .unwrap()
                .usd_per_unit,
            dec("1.0000000000")
        );
        assert_eq!(t.source_name(), "ECB + fix.csv + two.csv");
    }

    #[test]
    fn merge_extends_coverage_and_overrides_usd() {
        let mut t = RateTable::from_ecb_csv("Date,USD,GBP\n2025-01-02,1.03,0.83\n", "a").unwrap();
        let b = RateTable::from_ecb_csv(
            "Date,USD,GBP\n2025-01-03,1.04,0.84\n2025-01-02,1.1,N/A\n",
            "b",
        )
        .unwrap();
        t.merge(&b).unwrap();
        assert_eq!(t.coverage(), Some((d("2025-01-02"), d("2025-01-03"))));
        // USD from b (1.1) crossed with GBP from a (0.83): 1.325301204819... -> 1.3253012048
        let r = t.usd_rate(cur("GBP"), d("2025-01-02")).unwrap();
        assert_eq!(r.usd_per_unit, dec("1.3253012048"));
        assert_eq!(&*r.source, "a for GBP, b for USD (crossed through EUR)");
        assert_eq!(
            &*t.usd_rate(cur("GBP"), d("2025-01-03")).unwrap().source,
            "b (crossed through EUR)"
        );
        assert_eq!(
            t.usd_rate(CurrencyCode::EUR, d("2025-01-02"))
                .unwrap()
                .usd_per_unit,
            dec("1.1")
        );
    }

    #[test]
    fn cross_rate_rounds_half_away_from_zero_exactly() {
        // 1 / 8 = 0.125 exactly; at 10 places no rounding. 1 / 3 rounds down, 2 / 3 up.
        assert_eq!(cross_rate(dec("1"), dec("8")), Some(dec("0.1250000000")));
        assert_eq!(cross_rate(dec("1"), dec("3")), Some(dec("0.3333333333")));
        assert_eq!(cross_rate(dec("2"), dec("3")), Some(dec("0.6666666667")));
        // An exact midpoint at the 11th place: 0.00000000005 -> 0.0000000001.
        assert_eq!(
            cross_rate(dec("0.0000000001"), dec("2")),
            Some(dec("0.0000000001"))
        );
        assert_eq!(
            cross_rate(dec("0.0000000003"), dec("2")),
            Some(dec("0.0000000002"))
        );
        assert_eq!(cross_rate(dec("0"), dec("2")), None);
        // Huge mantissas take the decimal fallback and still round to 10 places.
        let big = cross_rate(dec("999999999999.9999999999"), dec("0.0000000001")).unwrap();
        assert_eq!(big, dec("9999999999999999999999"));
    }

    #[test]
    fn tables_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync + Clone + fmt::Debug>(_: &T) {}
        shareable(ecb());
        let t = std::thread::spawn(|| ecb().usd_rate(cur("CHF"), d("2025-09-30")).unwrap());
        assert_eq!(
            t.join().unwrap(),
            ecb().usd_rate(cur("CHF"), d("2025-09-30")).unwrap()
        );
    }

    #[test]
    fn debug_output_is_short() {
        let text = format!("{:?}", ecb());
        assert!(text.len() < 1_000, "{text}");
        assert!(text.contains("ECB"), "{text}");
    }

    /// Two synthetic NBK days: USD 500.00, EUR 550.50, JPY 350.00 per 100, GBP 660.00.
    fn nbk() -> RateTable {
        let doc = |date: &str, usd: &str| {
            format!(
                "<rates><date>{date}</date>\
                 <item><title>USD</title><description>{usd}</description><quant>1</quant></item>\
                 <item><title>EUR</title><description>550.50</description><quant>1</quant></item>\
                 <item><title>JPY</title><description>350.00</description><quant>100</quant></item>\
                 <item><title>GBP</title><description>660.00</description><quant>1</quant></item>\
                 </rates>"
            )
        };
        let text = format!(
            "{}{}",
            doc("30.09.2025", "500.00"),
            doc("02.10.2025", "480")
        );
        RateTable::from_nbk_xml(&text, "nbk.xml").unwrap()
    }

    #[test]
    fn nbk_cross_rates_go_through_kzt_and_match_hand_computation() {
        let t = nbk();
        assert_eq!(t.source_name(), "NBK");
        assert_eq!(t.base(), RateBase::NBK);
        let day = d("2025-09-30");
        // EUR: 550.50 / 500.00 = 1.101 exactly.
        let eur = t.usd_rate(CurrencyCode::EUR, day).unwrap();
        assert_eq!((eur.usd_per_unit, eur.date), (dec("1.1010000000"), day));
        assert_eq!(&*eur.source, "NBK official rates (crossed through KZT)");
        // JPY: 3.5000 / 500.00 = 0.007 exactly; GBP: 660 / 500 = 1.32.
        assert_eq!(
            t.usd_rate(cur("JPY"), day).unwrap().usd_per_unit,
            dec("0.0070000000")
        );
        assert_eq!(
            t.usd_rate(cur("GBP"), day).unwrap().usd_per_unit,
            dec("1.3200000000")
        );
        // KZT itself: 1 / 500 = 0.002; on 2025-10-02, 1 / 480 = 0.00208333333... -> 0.0020833333.
        let kzt = t.usd_rate(CurrencyCode::KZT, day).unwrap();
        assert_eq!(kzt.usd_per_unit, dec("0.0020000000"));
        assert_eq!(&*kzt.source, "NBK official rates");
        assert_eq!(
            t.usd_rate(CurrencyCode::KZT, d("2025-10-02"))
                .unwrap()
                .usd_per_unit,
            dec("0.0020833333")
        );
        // GBP on 2025-10-02: 660 / 480 = 1.375; EUR 550.50 / 480 = 1.146875.
        assert_eq!(
            t.usd_rate(cur("GBP"), d("2025-10-02"))
                .unwrap()
                .usd_per_unit,
            dec("1.3750000000")
        );
        assert_eq!(
            t.usd_rate(CurrencyCode::EUR, d("2025-10-02"))
                .unwrap()
                .usd_per_unit,
            dec("1.1468750000")
        );
        // 2025-10-01 has no NBK document: the rate in force since 2025-09-30 is used.
        let between = t.usd_rate(CurrencyCode::EUR, d("2025-10-01")).unwrap();
        assert_eq!(between.date, day);
        assert_eq!(
            t.usd_rate(CurrencyCode::USD, day).unwrap().usd_per_unit,
            Decimal::ONE
        );
        let all: Vec<_> = t.currencies().map(|c| c.to_string()).collect();
        assert_eq!(all, ["EUR", "GBP", "JPY", "KZT", "USD"]);
    }

    #[test]
    fn nbk_errors_tell_the_reader_to_import() {
        let t = nbk();
        let e = t.usd_rate(cur("CHF"), d("2025-09-30")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the rates table (NBK) has no rates for CHF; import NBK rates that list it with `neonomad rates import FILE`"
        );
        let e = t.usd_rate(cur("GBP"), d("2025-10-03")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "no USD rate for GBP on 2025-10-03: the rates table ends 2025-10-02; import the NBK rates of later days with `neonomad rates import FILE`"
        );
        assert!(matches!(
            t.usd_rate(cur("GBP"), d("2025-09-29")),
            Err(RateError::BeforeCoverage { .. })
        ));
    }

    #[test]
    fn nbk_tables_round_trip_through_the_csv_store() {
        let t = nbk();
        let csv = t.to_csv();
        assert_eq!(
            csv,
            "Date,USD,EUR,GBP,JPY\n\
             2025-09-30,500.00,550.50,660.00,3.5000\n\
             2025-10-02,480,550.50,660.00,3.5000\n"
        );
        let back = RateTable::from_nbk_csv(&csv, "nbk.csv").unwrap();
        assert_eq!(back.source_name(), "NBK");
        assert_eq!(back.to_csv(), csv);
        for c in ["EUR", "GBP", "JPY", "KZT"] {
            for day in ["2025-09-30", "2025-10-01", "2025-10-02"] {
                assert_eq!(
                    back.usd_rate(cur(c), d(day)).unwrap(),
                    t.usd_rate(cur(c), d(day)).unwrap(),
                    "{c} {day}"
                );
            }
        }
        // A currency missing on a day is written N/A and read back as not published.
        let gap = RateTable::from_nbk_csv(
            "Date,USD,CHF\n2025-01-02,500,N/A\n2025-01-03,501,560\n",
            "s",
        )
        .unwrap();
        assert_eq!(
            gap.to_csv(),
            "Date,USD,CHF\n2025-01-02,500,N/A\n2025-01-03,501,560\n"
        );
    }

    #[test]
    fn the_nbk_store_refuses_kzt_columns_and_names_kzt_in_value_errors() {
        let e = RateTable::from_nbk_csv("Date,USD,KZT\n2025-01-02,500,1\n", "nbk.csv").unwrap_err();
        assert_eq!(e.problem, crate::RatesFileProblem::KztColumn);
        let e =
            RateTable::from_nbk_csv("Date,USD,EUR\n2025-01-02,500,5,5\n", "nbk.csv").unwrap_err();
        assert_eq!(e.line, 2);
        let e = RateTable::from_nbk_csv("Date,USD,EUR\n2025-01-02,500,x\n", "nbk.csv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "nbk.csv, line 2, column 3 (EUR): \"x\" is not a rate; expected a positive decimal number of KZT per 1 unit with at most 12 digits before and 10 after the point (e.g. 540.25), or N/A when not published"
        );
        // EUR is an ordinary column in the NBK store.
        assert!(RateTable::from_nbk_csv("Date,USD,EUR\n2025-01-02,500,550\n", "s").is_ok());
    }

    #[test]
    fn merging_reports_new_days_added_replaced_and_unchanged_values() {
        let mut store = RateTable::from_nbk_csv(
            "Date,USD,EUR\n2025-09-30,500,550\n2025-10-01,501,551\n",
            "store",
        )
        .unwrap();
        let import = RateTable::from_nbk_csv(
            "Date,USD,EUR,GBP\n2025-10-01,501,552,N/A\n2025-10-02,502,553,660\n",
            "import",
        )
        .unwrap();
        let summary = store.merge(&import).unwrap();
        assert_eq!(summary.new_days, vec![d("2025-10-02")]);
        assert_eq!(summary.added, 3, "{summary:?}");
        assert_eq!(summary.unchanged, 1, "{summary:?}");
        assert_eq!(
            summary.replaced,
            vec![ReplacedRate {
                date: d("2025-10-01"),
                currency: CurrencyCode::EUR,
                old: dec("551"),
                new: dec("552")
            }]
        );
        assert_eq!(
            store.to_csv(),
            "Date,USD,EUR,GBP\n2025-09-30,500,550,N/A\n2025-10-01,501,552,N/A\n2025-10-02,502,553,660\n"
        );
        // Merging the same again changes nothing.
        let again = store.merge(&import).unwrap();
        assert_eq!(
            (
                again.new_days.len(),
                again.added,
                again.replaced.len(),
                again.unchanged
            ),
            (0, 0, 0, 5)
        );
    }

    #[test]
    fn an_empty_nbk_table_takes_a_first_import_whole() {
        let mut t = RateTable::empty_nbk();
        assert_eq!((t.coverage(), t.value_count()), (None, 0));
        assert_eq!(t.to_csv(), "Date\n");
        assert!(matches!(
            t.usd_rate(CurrencyCode::EUR, d("2025-09-30")),
            Err(RateError::UnknownCurrency { .. })
        ));
        let summary = t.merge(&nbk()).unwrap();
        assert_eq!(summary.new_days, vec![d("2025-09-30"), d("2025-10-02")]);
        assert_eq!((summary.added, summary.unchanged), (8, 0));
        assert_eq!(t.value_count(), 8);
        assert_eq!(t.publication_days(), summary.new_days);
        assert_eq!(t.to_csv(), nbk().to_csv());
    }

    #[test]
    fn tables_with_different_bases_do_not_merge() {
        let mut t = ecb().clone();
        let e = t.merge(&nbk()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot merge NBK (values against KZT) into ECB (values against EUR): the numbers mean different things"
        );
        assert_eq!(t.source_name(), "ECB");
        let mut n = nbk();
        assert!(n.merge(ecb()).is_err());
    }

    /// Publication days of GBP in the bundled table after which the next day is a Saturday with
    /// no publication until the following Monday or later.
    fn fridays_before_a_quiet_weekend() -> Vec<NaiveDate> {
        use chrono::{Datelike, Weekday};
        let t = ecb();
        let (_, last) = t.coverage().unwrap();
        t.usd_publication_days(cur("GBP"))
            .windows(2)
            .filter(|w| w[0].weekday() == Weekday::Fri && (w[1] - w[0]).num_days() >= 3)
            .map(|w| w[0])
            .filter(|f| *f + chrono::Days::new(2) <= last)
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn published_rates_are_positive_and_hold_until_the_next_publication(
            pick in 0usize..100_000,
            cents in 1i64..100_000_000_000,
            later in 0u64..8,
        ) {
            let t = ecb();
            let fresh: Vec<_> = ["GBP", "JPY", "CHF", "TRY", "ZAR", "EUR"].map(cur).to_vec();
            let currency = fresh[pick % fresh.len()];
            let days = t.usd_publication_days(currency);
            let i = pick % days.len();
            let day = days[i];
            let rate = t.usd_rate(currency, day).unwrap();
            prop_assert_eq!(rate.date, day);
            prop_assert!(rate.usd_per_unit > Decimal::ZERO);
            prop_assert!(Decimal::new(cents, 2) * rate.usd_per_unit > Decimal::ZERO);
            let asked = day + chrono::Days::new(later);
            let next = days.get(i + 1).copied();
            if next.is_none_or(|n| asked < n) && asked <= t.coverage().unwrap().1 {
                prop_assert_eq!(t.usd_rate(currency, asked).unwrap(), rate);
            }
        }

        #[test]
        fn saturday_and_sunday_use_the_friday_rate(pick in 0usize..100_000, currency in prop::sample::select(vec!["GBP", "JPY", "USD", "EUR", "CHF"])) {
            let fridays = fridays_before_a_quiet_weekend();
            let friday = fridays[pick % fridays.len()];
            let currency = cur(currency);
            let on_friday = ecb().usd_rate(currency, friday).unwrap();
            for offset in [1u64, 2] {
                let weekend = ecb().usd_rate(currency, friday + chrono::Days::new(offset)).unwrap();
                if currency == CurrencyCode::USD {
                    prop_assert_eq!(weekend.usd_per_unit, Decimal::ONE);
                } else {
                    prop_assert_eq!(&weekend, &on_friday);
                }
            }
        }

        #[test]
        fn a_rendered_table_reads_back_with_the_same_cross_rates(
            rows in prop::collection::btree_map(0u32..400, (1u64..10_000_000, 1u64..10_000_000_000, prop::bool::ANY), 1..30),
            newest_first in prop::bool::ANY,
            trailing_comma in prop::bool::ANY,
        ) {
            let base = d("2020-01-01");
            let comma = if trailing_comma { "," } else { "" };
            let mut lines: Vec<String> = rows.iter().map(|(day, (usd, other, published))| {
                let other = if *published { Decimal::new(*other as i64, 4).to_string() } else { "N/A".into() };
                format!("{},{},{other}{comma}", base + chrono::Days::new(u64::from(*day)), Decimal::new(*usd as i64, 4))
            }).collect();
            if newest_first {
                lines.reverse();
            }
            let text = format!("Date,USD,XAU{comma}\n{}\n", lines.join("\n"));
            let t = RateTable::from_ecb_csv(&text, "gen").unwrap();
            for (day, (usd, other, published)) in &rows {
                let date = base + chrono::Days::new(u64::from(*day));
                let got = t.usd_rate(cur("XAU"), date);
                if *published {
                    let expect = (Decimal::new(*usd as i64, 4) / Decimal::new(*other as i64, 4))
                        .round_dp_with_strategy(10, RoundingStrategy::MidpointAwayFromZero);
                    let got = got.unwrap();
                    prop_assert_eq!((got.usd_per_unit, got.date), (expect, date));
                } else {
                    prop_assert!(got.map(|r| r.date < date).unwrap_or(true));
                }
                prop_assert_eq!(t.usd_rate(CurrencyCode::EUR, date).unwrap().usd_per_unit, Decimal::new(*usd as i64, 4));
            }
        }
    }
}
