//! Effective-dated values: the `valid_from` / `valid_to` periods of the files, their validation
//! (no reversed period, no overlap, optionally no gap) and the lookup of the value on a date.
//!
//! `valid_to` is always the LAST day a value applies (inclusive); `None` means still in force.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use crate::error::LawError;
use crate::source::{InForce, NamedSources, RawSource, Source};

/// One period as written in a file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPeriod<T> {
    #[serde(deserialize_with = "date")]
    pub valid_from: NaiveDate,
    #[serde(default, deserialize_with = "optional_date")]
    pub valid_to: Option<NaiveDate>,
    pub value: T,
    pub source: RawSource,
}

/// A value with its period and resolved source.
#[derive(Clone, Debug)]
pub(crate) struct Dated<T> {
    pub value: T,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub source: Source,
}

impl<T> Dated<T> {
    /// Whether the period contains the date.
    pub fn contains(&self, on: NaiveDate) -> bool {
        self.valid_from <= on && self.valid_to.is_none_or(|end| on <= end)
    }

    /// Borrows as the public [`InForce`] view with another value.
    pub fn in_force<U>(&self, value: U) -> InForce<'_, U> {
        InForce {
            value,
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            source: &self.source,
        }
    }
}

/// Whether the periods of a timeline must follow each other without a gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Continuity {
    /// Every day from the first `valid_from` to the last `valid_to` has a value.
    Required,
    /// Gaps are allowed (treaty membership can lapse and resume).
    GapsAllowed,
}

/// The periods of one value, sorted by start, non-overlapping.
#[derive(Clone, Debug)]
pub(crate) struct Timeline<T> {
    periods: Vec<Dated<T>>,
}

impl<T> Default for Timeline<T> {
    fn default() -> Self {
        Timeline {
            periods: Vec::new(),
        }
    }
}

impl<T> Timeline<T> {
    /// Validates and sorts the periods. `path` names the list (`params.income.months`); each
    /// period's error path is `path[i]` with `i` its position in the file.
    pub fn build<R>(
        raw: Vec<RawPeriod<R>>,
        named: &NamedSources,
        file: &str,
        path: &str,
        continuity: Continuity,
        mut convert: impl FnMut(R, &str) -> Result<T, LawError>,
    ) -> Result<Self, LawError> {
        let mut indexed = Vec::with_capacity(raw.len());
        for (i, period) in raw.into_iter().enumerate() {
            let here = format!("{path}[{i}]");
            let dated = dated_from_raw(period, named, file, &here, &mut convert)?;
            indexed.push((i, dated));
        }
        Self::from_dated(indexed, file, path, continuity)
    }

    /// Validates and sorts already converted periods, each with its index in the file.
    pub fn from_dated(
        mut indexed: Vec<(usize, Dated<T>)>,
        file: &str,
        path: &str,
        continuity: Continuity,
    ) -> Result<Self, LawError> {
        indexed.sort_by_key(|(_, d)| d.valid_from);
        for pair in indexed.windows(2) {
            let ((i, a), (j, b)) = (&pair[0], &pair[1]);
            let overlap = match a.valid_to {
                None => true,
                Some(end) => b.valid_from <= end,
            };
            if overlap {
                return Err(LawError::invalid(
                    file,
                    format!("{path}[{j}]"),
                    format!(
                        "period {} overlaps {path}[{i}] ({}): end the earlier period with a valid_to before {}",
                        describe(b.valid_from, b.valid_to),
                        describe(a.valid_from, a.valid_to),
                        b.valid_from
                    ),
                ));
            }
            if continuity == Continuity::Required {
                let end = a
                    .valid_to
                    .expect("an open period before another overlaps it");
                if end.succ_opt() != Some(b.valid_from) {
                    return Err(LawError::invalid(
                        file,
                        format!("{path}[{j}]"),
                        format!(
                            "gap: {path}[{i}] ends {end} but the next period starts {}; this value must be continuous, so start it on {}",
                            b.valid_from,
                            end.succ_opt().map_or_else(|| "-".to_owned(), |d| d.to_string())
                        ),
                    ));
                }
            }
        }
        Ok(Timeline {
            periods: indexed.into_iter().map(|(_, d)| d).collect(),
        })
    }

    /// The period in force on a date.
    pub fn at(&self, on: NaiveDate) -> Option<&Dated<T>> {
        let after = self.periods.partition_point(|p| p.valid_from <= on);
        let candidate = self.periods.get(after.checked_sub(1)?)?;
        candidate.contains(on).then_some(candidate)
    }

    /// All periods, in date order.
    pub fn periods(&self) -> &[Dated<T>] {
        &self.periods
    }

    /// First day covered and last day covered (`None` = open), if any period exists.
    pub fn span(&self) -> Option<(NaiveDate, Option<NaiveDate>)> {
        let first = self.periods.first()?;
        let last = self.periods.last()?;
        Some((first.valid_from, last.valid_to))
    }

    /// Words for error messages: which dates the timeline covers.
    pub fn covered(&self) -> String {
        match self.span() {
            None => "no period is defined".to_owned(),
            Some((from, None)) => format!("values cover {from} onwards"),
            Some((from, Some(to))) => format!("values cover {from} .. {to}"),
        }
    }
}

fn dated_from_raw<R, T>(
    raw: RawPeriod<R>,
    named: &NamedSources,
    file: &str,
    here: &str,
    convert: &mut impl FnMut(R, &str) -> Result<T, LawError>,
) -> Result<Dated<T>, LawError> {
    check_order(raw.valid_from, raw.valid_to, file, here)?;
    let source = raw.source.resolve(named, file, &format!("{here}.source"))?;
    let value = convert(raw.value, &format!("{here}.value"))?;
    Ok(Dated {
        value,
        valid_from: raw.valid_from,
        valid_to: raw.valid_to,
        source,
    })
}

/// Refuses a period whose `valid_to` is before its `valid_from`.
pub(crate) fn check_order(
    from: NaiveDate,
    to: Option<NaiveDate>,
    file: &str,
    here: &str,
) -> Result<(), LawError> {
    match to {
        Some(to) if to < from => Err(LawError::invalid(
            file,
            format!("{here}.valid_to"),
            format!(
                "valid_to {to} is before valid_from {from} (valid_to is the last day, inclusive)"
            ),
        )),
        _ => Ok(()),
    }
}

fn describe(from: NaiveDate, to: Option<NaiveDate>) -> String {
    match to {
        Some(to) => format!("{from} .. {to}"),
        None => format!("{from} onwards"),
    }
}

/// Deserializes a strict `YYYY-MM-DD` date.
pub(crate) fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(d)?;
    neonomad_core::parse_date(&text).map_err(serde::de::Error::custom)
}

/// Deserializes an optional strict `YYYY-MM-DD` date (`null` or absent = `None`).
pub(crate) fn optional_date<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => neonomad_core::parse_date(&text)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        neonomad_core::parse_date(s).unwrap()
    }

    fn src() -> Source {
        Source {
            citation: "test".into(),
            url: None,
            confidence: None,
            note: None,
        }
    }

    fn dated(from: &str, to: Option<&str>, value: u32) -> Dated<u32> {
        Dated {
            value,
            valid_from: d(from),
            valid_to: to.map(d),
            source: src(),
        }
    }

    fn timeline(periods: Vec<Dated<u32>>, c: Continuity) -> Result<Timeline<u32>, LawError> {
        Timeline::from_dated(periods.into_iter().enumerate().collect(), "f.yaml", "p", c)
    }

    #[test]
    fn lookup_respects_inclusive_ends() {
        let t = timeline(
            vec![
                dated("2020-01-01", Some("2020-03-31"), 1),
                dated("2020-04-01", None, 2),
            ],
            Continuity::Required,
        )
        .unwrap();
        assert!(t.at(d("2019-12-31")).is_none());
        assert_eq!(t.at(d("2020-01-01")).unwrap().value, 1);
        assert_eq!(t.at(d("2020-03-31")).unwrap().value, 1);
        assert_eq!(t.at(d("2020-04-01")).unwrap().value, 2);
        assert_eq!(t.at(d("2099-01-01")).unwrap().value, 2);
    }

    #[test]
    fn periods_may_be_listed_out_of_order() {
        let t = timeline(
            vec![
                dated("2021-01-01", None, 2),
                dated("2020-01-01", Some("2020-12-31"), 1),
            ],
            Continuity::Required,
        )
        .unwrap();
        assert_eq!(t.at(d("2020-06-01")).unwrap().value, 1);
    }

    #[test]
    fn overlap_is_refused_naming_both_periods() {
        let err = timeline(
            vec![
                dated("2020-01-01", Some("2020-12-31"), 1),
                dated("2020-12-31", None, 2),
            ],
            Continuity::GapsAllowed,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("f.yaml: p[1]: period 2020-12-31 onwards overlaps p[0]"),
            "{text}"
        );
        let open_first = timeline(
            vec![dated("2020-01-01", None, 1), dated("2021-01-01", None, 2)],
            Continuity::GapsAllowed,
        );
        assert!(open_first.unwrap_err().to_string().contains("overlaps"));
    }

    #[test]
    fn gap_is_refused_only_when_continuity_is_required() {
        let periods = || {
            vec![
                dated("2020-01-01", Some("2020-12-30"), 1),
                dated("2021-01-01", None, 2),
            ]
        };
        let err = timeline(periods(), Continuity::Required)
            .unwrap_err()
            .to_string();
        assert!(err.contains("gap: p[0] ends 2020-12-30"), "{err}");
        assert!(err.contains("start it on 2020-12-31"), "{err}");
        let ok = timeline(periods(), Continuity::GapsAllowed).unwrap();
        assert!(ok.at(d("2020-12-31")).is_none());
    }

    #[test]
    fn reversed_period_is_refused() {
        let err =
            check_order(d("2020-02-01"), Some(d("2020-01-31")), "f.yaml", "p[0]").unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.yaml: p[0].valid_to: valid_to 2020-01-31 is before valid_from 2020-02-01 (valid_to is the last day, inclusive)"
        );
        assert!(check_order(d("2020-02-01"), Some(d("2020-02-01")), "f", "p").is_ok());
    }

    proptest! {
        /// Contiguous periods built from random lengths: every day in the span has exactly the
        /// value of the period that contains it, and no day outside has one.
        #[test]
        fn lookup_matches_a_linear_scan(lengths in proptest::collection::vec(1i64..400, 1..8), probe in -30i64..3000) {
            let mut start = d("2019-01-01");
            let mut periods = Vec::new();
            for (i, len) in lengths.iter().enumerate() {
                let end = start + chrono::Duration::days(len - 1);
                periods.push(Dated { value: i as u32, valid_from: start, valid_to: Some(end), source: src() });
                start = end + chrono::Duration::days(1);
            }
            let linear: Vec<Dated<u32>> = periods.clone();
            let t = Timeline::from_dated(periods.into_iter().enumerate().collect(), "f", "p", Continuity::Required).unwrap();
            let day = d("2019-01-01") + chrono::Duration::days(probe);
            let expect = linear.iter().find(|p| p.contains(day)).map(|p| p.value);
            prop_assert_eq!(t.at(day).map(|p| p.value), expect);
        }
    }
}
