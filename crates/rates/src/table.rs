//! The rate table: euro reference rates per currency and day, merged from one or more sources,
//! and the USD cross rates the rules engine asks for.
//!
//! Cross rates are computed once per table and currency, on the first look-up, into one sorted
//! series; every look-up is then a binary search over dates with no allocation.

use std::fmt;
use std::sync::{Arc, OnceLock};

use neonomad_core::{CurrencyCode, Decimal, NaiveDate};
use rust_decimal::RoundingStrategy;

use crate::ecb_csv::{self, RatesFileError};

/// The ECB history shipped with the program (see `docs/rates.md` for where it comes from).
const BUNDLED_ECB_CSV: &str = include_str!("../../../law/rates/eurofxref-hist.csv");

/// Decimal places of every cross rate.
pub const CROSS_RATE_DECIMAL_PLACES: u32 = 10;

/// A publication older than this many calendar days before the asked date is not used.
pub const MAX_RATE_AGE_DAYS: i64 = 7;

/// Exchange rates by currency and publication day, from the ECB and any extra rates files.
#[derive(Clone)]
pub struct RateTable {
    /// Short name for reports, e.g. "ECB + extra:rates.csv".
    name: Arc<str>,
    /// Label of each contributing source, indexed by `Column::origins`.
    origins: Vec<Arc<str>>,
    /// One column per currency, sorted by currency.
    columns: Vec<Column>,
    /// Position in `columns` of every possible currency code (`NO_COLUMN` when absent), so that
    /// finding a currency is one index rather than a search: the engine asks ~20 times per
    /// assessment.
    slots: Box<[u16]>,
    /// USD per EUR (the USD column uncrossed), computed on first look-up.
    eur: OnceLock<UsdSeries>,
    /// Source description of a USD amount, which needs no rate.
    usd_label: Arc<str>,
    /// First and last publication days over all currencies.
    coverage: Option<(NaiveDate, NaiveDate)>,
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
    #[error(
        "the rates table ({source_name}) has no rates for {currency}; add them with --rates FILE"
    )]
    UnknownCurrency {
        /// The currency asked for.
        currency: CurrencyCode,
        /// The table's short name.
        source_name: Arc<str>,
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
    #[error(
        "no USD rate for {currency} on {date}: the rates table ends {last}; refresh it \
         (scripts/refresh-ecb-rates.sh) or add --rates FILE"
    )]
    AfterCoverage {
        /// The currency asked for.
        currency: CurrencyCode,
        /// The date asked for.
        date: NaiveDate,
        /// The table's last publication day.
        last: NaiveDate,
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

impl RateTable {
    /// Parses the ECB CSV shape; errors name origin, line and column and what was expected.
    ///
    /// The table's source name is `origin`; rename it with [`RateTable::with_source_name`].
    pub fn from_ecb_csv(text: &str, origin: &str) -> Result<RateTable, RatesFileError> {
        Ok(Self::build(
            ecb_csv::parse(text, origin)?,
            origin.into(),
            origin.into(),
        ))
    }

    /// The bundled ECB history (include_str! of law/rates/eurofxref-hist.csv), parsed once (OnceLock).
    pub fn bundled_ecb() -> &'static RateTable {
        static TABLE: OnceLock<RateTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            let columns = ecb_csv::parse(BUNDLED_ECB_CSV, "law/rates/eurofxref-hist.csv")
                // The file is compiled in and a unit test parses it, so this cannot fail at run time.
                .unwrap_or_else(|e| panic!("bundled ECB rates do not parse: {e}"));
            Self::build(columns, "ECB".into(), "ECB euro reference rates".into())
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

    /// Adds/overrides rates from another table (an extra rates file).
    ///
    /// For the same day and currency the other table's value wins; a value the other table does
    /// not publish (`N/A`) leaves this table's value in place.
    pub fn merge(&mut self, other: &RateTable) {
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
                Ok(i) => merge_by_date(&mut self.columns[i], shifted),
                Err(i) => self.columns.insert(i, shifted),
            }
        }
        self.name = format!("{} + {}", self.name, other.name).into();
        self.coverage = coverage_of(&self.columns);
        self.slots = slots_of(&self.columns);
        self.forget_usd_series();
    }

    /// Short name of the source(s) for reports, e.g. "ECB" or "ECB + extra:rates.csv".
    pub fn source_name(&self) -> &str {
        &self.name
    }

    /// USD per one unit of `currency` on `date`: the latest publication on or before `date` on which both the currency and
    /// USD are published; cross rate = (USD per EUR) / (CUR per EUR) rounded half-away-from-zero to 10 decimal places.
    /// USD -> exactly 1 with the date itself. EUR -> the USD column.
    pub fn usd_rate(&self, currency: CurrencyCode, date: NaiveDate) -> Result<UsdRate, RateError> {
        if currency == CurrencyCode::USD {
            return Ok(UsdRate {
                usd_per_unit: Decimal::ONE,
                date,
                source: self.usd_label.clone(),
            });
        }
        let Some(series) = self.usd_series(currency).filter(|s| !s.dates.is_empty()) else {
            return Err(RateError::UnknownCurrency {
                currency,
                source_name: self.name.clone(),
            });
        };
        if let Some((_, last)) = self.coverage {
            if date > last {
                return Err(RateError::AfterCoverage {
                    currency,
                    date,
                    last,
                });
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

    /// The currencies with at least one rate, sorted; EUR included when USD has rates.
    pub fn currencies(&self) -> impl Iterator<Item = CurrencyCode> {
        let published = self.columns.iter().filter(|c| !c.values.is_empty());
        let usd = published.clone().any(|c| c.currency == CurrencyCode::USD);
        let mut all: Vec<CurrencyCode> = published
            .map(|c| c.currency)
            .chain(usd.then_some(CurrencyCode::EUR))
            .collect();
        all.sort_unstable();
        all.into_iter()
    }

    fn build(parsed: Vec<ecb_csv::ParsedColumn>, name: Arc<str>, origin: Arc<str>) -> RateTable {
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
            origins: vec![origin],
            slots: slots_of(&columns),
            coverage: coverage_of(&columns),
            columns,
            eur: OnceLock::new(),
            usd_label: "no conversion (amount in USD)".into(),
        }
    }

    fn column(&self, currency: CurrencyCode) -> Option<&Column> {
        let slot = *self.slots.get(slot_of(currency)?)?;
        (slot != NO_COLUMN).then(|| &self.columns[usize::from(slot)])
    }

    /// The USD series of a currency other than USD, computed on first use and kept: the bundled
    /// history has ~200,000 values and a run of the engine needs the series of only a few.
    fn usd_series(&self, currency: CurrencyCode) -> Option<&UsdSeries> {
        if currency == CurrencyCode::EUR {
            return Some(self.eur.get_or_init(|| self.euro_series()));
        }
        let column = self.column(currency)?;
        Some(column.usd.get_or_init(|| self.cross_series(column)))
    }

    fn euro_series(&self) -> UsdSeries {
        let mut s = UsdSeries::default();
        if let Some(usd) = self.column(CurrencyCode::USD) {
            for ((date, usd_per_eur), origin) in usd.values.iter().zip(&usd.origins) {
                let label = s.label_for((*origin, None), || self.origins[*origin as usize].clone());
                s.push(*date, *usd_per_eur, label);
            }
        }
        s
    }

    fn cross_series(&self, column: &Column) -> UsdSeries {
        let mut s = UsdSeries::default();
        let Some(usd) = self.column(CurrencyCode::USD) else {
            return s;
        };
        let mut u = usd.values.iter().zip(&usd.origins).peekable();
        for ((date, units_per_eur), origin) in column.values.iter().zip(&column.origins) {
            while u.next_if(|((d, _), _)| d < date).is_some() {}
            let Some(((_, usd_per_eur), usd_origin)) = u.next_if(|((d, _), _)| d == date) else {
                continue;
            };
            let Some(rate) = cross_rate(*usd_per_eur, *units_per_eur) else {
                continue;
            };
            let label = s.label_for((*usd_origin, Some(*origin)), || {
                let (usd_source, source) = (
                    &self.origins[*usd_origin as usize],
                    &self.origins[*origin as usize],
                );
                if usd_origin == origin {
                    format!("{source} (crossed through EUR)").into()
                } else {
                    format!(
                        "{source} for {}, {usd_source} for USD (crossed through EUR)",
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
        self.eur = OnceLock::new();
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
        let col = self.column(currency)?;
        let j = col.values.binary_search_by_key(&date, |(d, _)| *d).ok()?;
        Some(col.values[j].1)
    }

    #[cfg(test)]
    pub(crate) fn publication_days(&self, currency: CurrencyCode) -> &[NaiveDate] {
        self.usd_series(currency).map_or(&[], |s| &s.dates)
    }
}

impl fmt::Debug for RateTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The full table has ~200,000 values; show what identifies it instead.
        f.debug_struct("RateTable")
            .field("name", &self.name)
            .field("origins", &self.origins)
            .field("coverage", &self.coverage)
            .field("currencies", &self.currencies().collect::<Vec<_>>())
            .finish()
    }
}

/// The published values of one currency.
#[derive(Clone, Debug)]
struct Column {
    currency: CurrencyCode,
    /// (publication day, units of the currency per 1 EUR), days ascending.
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

/// Merges `theirs` into the date-sorted column `ours`; on the same date their value wins.
fn merge_by_date(ours: &mut Column, theirs: Column) {
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
        mine.next_if(|((d, _), _)| *d == value.0);
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

/// (USD per EUR) / (CUR per EUR), rounded half away from zero to 10 decimal places.
///
/// Computed exactly with integers when the digits allow (always, for values the parser accepts
/// at ECB precision), so the rounding is a single, exact step; falls back to decimal division,
/// which rounds at 28 significant digits first, only for extreme inputs.
fn cross_rate(usd_per_eur: Decimal, units_per_eur: Decimal) -> Option<Decimal> {
    let positive = |d: Decimal| d.is_sign_positive() && !d.is_zero();
    if !positive(usd_per_eur) || !positive(units_per_eur) {
        return None;
    }
    // usd/cur = (a / 10^sa) / (b / 10^sb); scaled by 10^10 that is a * 10^(sb + 10) / (b * 10^sa).
    let (a, sa) = (usd_per_eur.mantissa() as u128, usd_per_eur.scale());
    let (b, sb) = (units_per_eur.mantissa() as u128, units_per_eur.scale());
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
        usd_per_eur.checked_div(units_per_eur).map(|q| {
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
                last
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
        t.merge(&extra);
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
        t.merge(&extra);
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
        t.merge(&again);
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
        t.merge(&b);
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

    /// Publication days of GBP in the bundled table after which the next day is a Saturday with
    /// no publication until the following Monday or later.
    fn fridays_before_a_quiet_weekend() -> Vec<NaiveDate> {
        use chrono::{Datelike, Weekday};
        let t = ecb();
        let (_, last) = t.coverage().unwrap();
        t.publication_days(cur("GBP"))
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
            let days = t.publication_days(currency);
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
