//! The rate table: euro reference rates per currency and day, merged from one or more sources,
//! and the USD cross rates the rules engine asks for.
//!
//! Cross rates are computed once, when a table is built or merged, into one sorted series per
//! currency; a look-up is then a binary search over dates with no allocation.

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
    /// Label of each contributing source, indexed by `Cell::origin`.
    origins: Vec<Arc<str>>,
    /// Units of currency per 1 EUR, one sorted column per currency, currencies sorted.
    columns: Vec<(CurrencyCode, Vec<(NaiveDate, Cell)>)>,
    /// USD per unit of currency on each day both it and USD were published, currencies sorted;
    /// EUR included, USD not (it is always exactly 1).
    series: Vec<(CurrencyCode, UsdSeries)>,
    /// Source descriptions a look-up hands out, indexed by `UsdSeries::label`.
    labels: Vec<(LabelKey, Arc<str>)>,
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
            self.rebuild_series();
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
        for (currency, theirs) in &other.columns {
            let theirs = theirs.iter().map(|(d, c)| {
                (
                    *d,
                    Cell {
                        origin: c.origin + offset,
                        ..*c
                    },
                )
            });
            match self.columns.binary_search_by_key(currency, |(c, _)| *c) {
                Ok(i) => {
                    let ours = std::mem::take(&mut self.columns[i].1);
                    self.columns[i].1 = merge_by_date(ours, theirs);
                }
                Err(i) => self.columns.insert(i, (*currency, theirs.collect())),
            }
        }
        self.name = format!("{} + {}", self.name, other.name).into();
        self.coverage = coverage_of(&self.columns);
        self.rebuild_series();
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
        let series = match self.series.binary_search_by_key(&currency, |(c, _)| *c) {
            Ok(i) if !self.series[i].1.dates.is_empty() => &self.series[i].1,
            _ => {
                return Err(RateError::UnknownCurrency {
                    currency,
                    source_name: self.name.clone(),
                })
            }
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
        if (date - published).num_days() > MAX_RATE_AGE_DAYS {
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
            source: self.labels[series.label[i] as usize].1.clone(),
        })
    }

    /// First and last publication dates in the table.
    pub fn coverage(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.coverage
    }

    /// The currencies with at least one rate, sorted; EUR and USD included when USD has rates.
    pub fn currencies(&self) -> impl Iterator<Item = CurrencyCode> {
        let usd = self.columns.iter().any(|(c, _)| *c == CurrencyCode::USD);
        let mut all: Vec<CurrencyCode> = self
            .columns
            .iter()
            .filter(|(_, col)| !col.is_empty())
            .map(|(c, _)| *c)
            .chain(usd.then_some(CurrencyCode::EUR))
            .collect();
        all.sort_unstable();
        all.into_iter()
    }

    fn build(columns: Vec<ecb_csv::ParsedColumn>, name: Arc<str>, origin: Arc<str>) -> RateTable {
        let mut columns: Vec<(CurrencyCode, Vec<(NaiveDate, Cell)>)> = columns
            .into_iter()
            .map(|(c, values)| {
                let cells = values.into_iter().map(|(d, eur_rate)| {
                    (
                        d,
                        Cell {
                            eur_rate,
                            origin: 0,
                        },
                    )
                });
                (c, cells.collect())
            })
            .collect();
        columns.sort_unstable_by_key(|(c, _)| *c);
        let mut table = RateTable {
            name,
            origins: vec![origin],
            coverage: coverage_of(&columns),
            columns,
            series: Vec::new(),
            labels: Vec::new(),
            usd_label: "no conversion (amount in USD)".into(),
        };
        table.rebuild_series();
        table
    }

    /// Recomputes every USD cross rate from the euro columns.
    fn rebuild_series(&mut self) {
        self.labels.clear();
        let empty = Vec::new();
        let usd = match self
            .columns
            .binary_search_by_key(&CurrencyCode::USD, |(c, _)| *c)
        {
            Ok(i) => &self.columns[i].1,
            Err(_) => &empty,
        };
        let mut series = Vec::with_capacity(self.columns.len() + 1);
        let mut eur = UsdSeries::with_capacity(usd.len());
        for (date, cell) in usd {
            let label = label_index(
                &mut self.labels,
                &self.origins,
                LabelKey::Euro { usd: cell.origin },
            );
            eur.push(*date, cell.eur_rate, label);
        }
        series.push((CurrencyCode::EUR, eur));
        for (currency, column) in &self.columns {
            if *currency == CurrencyCode::USD {
                continue;
            }
            let mut s = UsdSeries::with_capacity(column.len());
            let mut u = usd.iter().peekable();
            for (date, cell) in column {
                while u.next_if(|(d, _)| d < date).is_some() {}
                let Some((_, usd_cell)) = u.next_if(|(d, _)| d == date) else {
                    continue;
                };
                let Some(rate) = cross_rate(usd_cell.eur_rate, cell.eur_rate) else {
                    continue;
                };
                let key = LabelKey::Cross {
                    usd: usd_cell.origin,
                    other: cell.origin,
                    currency: *currency,
                };
                let label = label_index(&mut self.labels, &self.origins, key);
                s.push(*date, rate, label);
            }
            series.push((*currency, s));
        }
        series.sort_unstable_by_key(|(c, _)| *c);
        self.series = series;
    }

    #[cfg(test)]
    pub(crate) fn eur_rate_published(
        &self,
        currency: CurrencyCode,
        date: NaiveDate,
    ) -> Option<Decimal> {
        let i = self
            .columns
            .binary_search_by_key(&currency, |(c, _)| *c)
            .ok()?;
        let col = &self.columns[i].1;
        let j = col.binary_search_by_key(&date, |(d, _)| *d).ok()?;
        Some(col[j].1.eur_rate)
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

/// One published value: units of currency per 1 EUR, and which source gave it.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Cell {
    eur_rate: Decimal,
    origin: u32,
}

/// USD per unit of one currency on each day it can be computed; three parallel vectors so that
/// the binary search touches only dates.
#[derive(Clone, Debug, Default)]
struct UsdSeries {
    dates: Vec<NaiveDate>,
    usd_per_unit: Vec<Decimal>,
    label: Vec<u32>,
}

impl UsdSeries {
    fn with_capacity(n: usize) -> Self {
        UsdSeries {
            dates: Vec::with_capacity(n),
            usd_per_unit: Vec::with_capacity(n),
            label: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, date: NaiveDate, rate: Decimal, label: u32) {
        self.dates.push(date);
        self.usd_per_unit.push(rate);
        self.label.push(label);
    }
}

/// Which sources a rate was made from; each distinct key gets one shared description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LabelKey {
    Euro {
        usd: u32,
    },
    Cross {
        usd: u32,
        other: u32,
        currency: CurrencyCode,
    },
}

fn label_index(labels: &mut Vec<(LabelKey, Arc<str>)>, origins: &[Arc<str>], key: LabelKey) -> u32 {
    // Mixed sources name the currency, so same-source crosses share one label whatever the currency.
    let key = match key {
        LabelKey::Cross { usd, other, .. } if usd == other => LabelKey::Cross {
            usd,
            other,
            currency: CurrencyCode::USD,
        },
        k => k,
    };
    if let Some(i) = labels.iter().position(|(k, _)| *k == key) {
        return i as u32;
    }
    let text = match key {
        LabelKey::Euro { usd } => origins[usd as usize].to_string(),
        LabelKey::Cross { usd, other, .. } if usd == other => {
            format!("{} (crossed through EUR)", origins[usd as usize])
        }
        LabelKey::Cross {
            usd,
            other,
            currency,
        } => format!(
            "{} for {currency}, {} for USD (crossed through EUR)",
            origins[other as usize], origins[usd as usize]
        ),
    };
    labels.push((key, text.into()));
    (labels.len() - 1) as u32
}

fn coverage_of(
    columns: &[(CurrencyCode, Vec<(NaiveDate, Cell)>)],
) -> Option<(NaiveDate, NaiveDate)> {
    let first = columns
        .iter()
        .filter_map(|(_, c)| c.first())
        .map(|(d, _)| *d)
        .min()?;
    let last = columns
        .iter()
        .filter_map(|(_, c)| c.last())
        .map(|(d, _)| *d)
        .max()?;
    Some((first, last))
}

/// Merges two date-sorted columns; on the same date the value from `theirs` wins.
fn merge_by_date(
    ours: Vec<(NaiveDate, Cell)>,
    theirs: impl Iterator<Item = (NaiveDate, Cell)>,
) -> Vec<(NaiveDate, Cell)> {
    let mut out = Vec::with_capacity(ours.len());
    let mut ours = ours.into_iter().peekable();
    for (date, cell) in theirs {
        while let Some(earlier) = ours.next_if(|(d, _)| *d < date) {
            out.push(earlier);
        }
        ours.next_if(|(d, _)| *d == date);
        out.push((date, cell));
    }
    out.extend(ours);
    out
}

/// (USD per EUR) / (CUR per EUR), rounded half away from zero to 10 decimal places.
///
/// Computed exactly with integers when the digits allow (always, for values the parser accepts
/// at ECB precision), so the rounding is a single, exact step; falls back to decimal division,
/// which rounds at 28 significant digits first, only for extreme inputs.
fn cross_rate(usd_per_eur: Decimal, units_per_eur: Decimal) -> Option<Decimal> {
    if usd_per_eur <= Decimal::ZERO || units_per_eur <= Decimal::ZERO {
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
        assert_eq!(t.coverage(), Some((d("1999-01-04"), d("2026-10-30"))));
        let all: Vec<_> = t.currencies().map(|c| c.to_string()).collect();
        assert_eq!(all.len(), 42, "{all:?}");
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
        let e = ecb().usd_rate(cur("GBP"), d("2026-10-31")).unwrap_err();
        assert_eq!(
            e,
            RateError::AfterCoverage {
                currency: cur("GBP"),
                date: d("2026-10-31"),
                last: d("2026-10-30")
            }
        );
        assert_eq!(
            e.to_string(),
            "no USD rate for GBP on 2026-10-31: the rates table ends 2026-10-30; refresh it (scripts/refresh-ecb-rates.sh) or add --rates FILE"
        );
        assert!(ecb().usd_rate(cur("GBP"), d("2026-10-30")).is_ok());
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
        let s = &t.series[t
            .series
            .binary_search_by_key(&cur("GBP"), |(c, _)| *c)
            .unwrap()]
        .1;
        s.dates
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
            let s = &t.series[t.series.binary_search_by_key(&currency, |(c, _)| *c).unwrap()].1;
            let i = pick % s.dates.len();
            let day = s.dates[i];
            let rate = t.usd_rate(currency, day).unwrap();
            prop_assert_eq!(rate.date, day);
            prop_assert!(rate.usd_per_unit > Decimal::ZERO);
            prop_assert!(Decimal::new(cents, 2) * rate.usd_per_unit > Decimal::ZERO);
            let asked = day + chrono::Days::new(later);
            let next = s.dates.get(i + 1).copied();
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
