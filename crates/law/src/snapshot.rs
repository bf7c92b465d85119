//! A serializable picture of everything in force on one date, for `neonomad law` (text and JSON).

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use neonomad_core::{Amount, CountryCode};
use serde::Serialize;

use crate::dated::Timeline;
use crate::source::Source;
use crate::values::{Evidence, InvitationReady};
use crate::{Law, Treaty};

/// Everything in force on a date.
#[derive(Clone, Debug, Serialize)]
pub struct LawSnapshot<'a> {
    /// The date of the picture.
    pub as_of: NaiveDate,
    /// Every parameter in force on the date, grouped by the prefix of its id, then the MRP.
    pub params: Vec<ParamSnapshot<'a>>,
    /// Ids of the parameters with no value on the date.
    pub not_in_force: Vec<&'static str>,
    /// The Appendix 6 list in force, if any.
    pub appendix6: Option<Appendix6Snapshot<'a>>,
    /// Minsk Convention parties in force on the date.
    pub minsk: TreatySnapshot<'a>,
    /// Hague Apostille Convention parties in force on the date.
    pub hague: TreatySnapshot<'a>,
    /// The citation line of every rule id.
    pub rule_sources: &'a BTreeMap<String, String>,
    /// Number of ISO 3166 codes known (with XK).
    pub iso3166_countries: usize,
    /// Number of ISO 4217 codes known.
    pub iso4217_currencies: usize,
}

/// One parameter in force.
#[derive(Clone, Debug, Serialize)]
pub struct ParamSnapshot<'a> {
    /// Parameter id, e.g. `income.threshold_usd`; `mrp` for the MRP.
    pub id: &'static str,
    /// The value.
    pub value: ParamValue,
    /// What the number counts, if anything (`months`, `USD`, `MRP`, `KZT`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'static str>,
    /// First day of the period in force.
    pub valid_from: NaiveDate,
    /// Last day of the period in force, if it ends.
    pub valid_to: Option<NaiveDate>,
    /// Where the value comes from.
    pub source: &'a Source,
}

/// A parameter's value, serialized as its natural JSON form.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// Yes or no.
    Flag(bool),
    /// A count (months, pages, MRP, KZT).
    Number(u32),
    /// Money as a decimal string.
    Money(Amount),
    /// A word from a fixed set (`strictly_greater`, `multiple`, ...).
    Word(String),
    /// A range of business days.
    Range {
        /// Lower bound.
        min: u32,
        /// Upper bound.
        max: u32,
    },
    /// Invitation readiness.
    Invitation(InvitationReady),
}

/// The Appendix 6 list in force.
#[derive(Clone, Debug, Serialize)]
pub struct Appendix6Snapshot<'a> {
    /// First day of this version of the list.
    pub valid_from: NaiveDate,
    /// Last day, if it ends.
    pub valid_to: Option<NaiveDate>,
    /// Source of the list.
    pub source: &'a Source,
    /// Number of countries.
    pub count: usize,
    /// The countries, by code.
    pub countries: Vec<MemberSnapshot<'a>>,
}

/// Parties of a convention in force on the date.
#[derive(Clone, Debug, Serialize)]
pub struct TreatySnapshot<'a> {
    /// Source of the convention itself.
    pub convention: &'a Source,
    /// Number of parties in force.
    pub count: usize,
    /// The parties in force.
    pub parties: Vec<MemberSnapshot<'a>>,
}

/// A country on a list or a party to a convention.
#[derive(Clone, Debug, Serialize)]
pub struct MemberSnapshot<'a> {
    /// The country code.
    pub code: CountryCode,
    /// Its English name.
    pub name: &'a str,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// Last day in force, if it ends.
    pub valid_to: Option<NaiveDate>,
    /// Appendix 6 evidence codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<&'a [Evidence]>,
    /// How sure the membership is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<&'a str>,
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Flag(true) => f.write_str("yes"),
            ParamValue::Flag(false) => f.write_str("no"),
            ParamValue::Number(n) => write!(f, "{}", Amount::from_decimal((*n).into()).grouped()),
            ParamValue::Money(a) => f.write_str(&a.grouped()),
            ParamValue::Word(w) => f.write_str(w),
            ParamValue::Range { min, max } => write!(f, "{min} to {max}"),
            ParamValue::Invitation(i) => write!(
                f,
                "{} business days to {} calendar days",
                i.min_business_days, i.max_calendar_days
            ),
        }
    }
}

pub(crate) fn take(law: &Law, on: NaiveDate) -> LawSnapshot<'_> {
    let p = &law.params;
    let word = |w: &dyn fmt::Display| ParamValue::Word(w.to_string());
    let number = |v: &u32| ParamValue::Number(*v);
    let all = [
        entry(
            "visa.category_in_force",
            None,
            &p.category_in_force,
            on,
            |v| ParamValue::Flag(*v),
        ),
        entry(
            "visa.max_validity_months",
            Some("months"),
            &p.max_validity_months,
            on,
            number,
        ),
        entry("visa.entries", None, &p.entries, on, |v| word(v)),
        entry(
            "income.threshold_usd",
            Some("USD"),
            &p.threshold_usd,
            on,
            |v| ParamValue::Money(Amount::from_decimal(*v)),
        ),
        entry(
            "income.months",
            Some("months"),
            &p.income_months,
            on,
            number,
        ),
        entry("income.comparison", None, &p.comparison, on, |v| word(v)),
        entry("income.test", None, &p.income_test, on, |v| word(v)),
        entry(
            "passport.validity_margin_months",
            Some("months"),
            &p.passport_margin_months,
            on,
            number,
        ),
        entry(
            "passport.min_blank_pages",
            Some("pages"),
            &p.min_blank_pages,
            on,
            number,
        ),
        entry(
            "family.child_max_age_years",
            Some("years"),
            &p.child_max_age_years,
            on,
            number,
        ),
        entry("fee.consular_mrp", Some("MRP"), &p.fee_mrp, on, number),
        entry(
            "timeline.decision_business_days",
            Some("business days"),
            &p.decision_business_days,
            on,
            |&(min, max)| ParamValue::Range { min, max },
        ),
        entry(
            "timeline.invitation_ready",
            None,
            &p.invitation_ready,
            on,
            |v| ParamValue::Invitation(*v),
        ),
        entry("mrp", Some("KZT"), &law.mrp, on, number),
    ];
    let mut params = Vec::with_capacity(all.len());
    let mut not_in_force = Vec::new();
    for found in all {
        match found {
            Ok(param) => params.push(param),
            Err(id) => not_in_force.push(id),
        }
    }

    let name = |code: CountryCode| law.country_name(code).unwrap_or("?");
    let appendix6 = law.appendix6.at(on).map(|version| Appendix6Snapshot {
        valid_from: version.valid_from,
        valid_to: version.valid_to,
        source: &version.source,
        count: version.value.entries.len(),
        countries: version
            .value
            .entries
            .iter()
            .map(|e| MemberSnapshot {
                code: e.code,
                name: name(e.code),
                valid_from: version.valid_from,
                valid_to: version.valid_to,
                evidence: Some(&e.evidence),
                confidence: Some(&e.confidence),
            })
            .collect(),
    });
    LawSnapshot {
        as_of: on,
        params,
        not_in_force,
        appendix6,
        minsk: treaty(law, &law.minsk, on),
        hague: treaty(law, &law.hague, on),
        rule_sources: &law.rule_sources,
        iso3166_countries: law.country_list.len(),
        iso4217_currencies: law.currencies.len(),
    }
}

fn entry<'a, T>(
    id: &'static str,
    unit: Option<&'static str>,
    timeline: &'a Timeline<T>,
    on: NaiveDate,
    value: impl Fn(&T) -> ParamValue,
) -> Result<ParamSnapshot<'a>, &'static str> {
    let d = timeline.at(on).ok_or(id)?;
    Ok(ParamSnapshot {
        id,
        value: value(&d.value),
        unit,
        valid_from: d.valid_from,
        valid_to: d.valid_to,
        source: &d.source,
    })
}

fn treaty<'a>(law: &'a Law, t: &'a Treaty, on: NaiveDate) -> TreatySnapshot<'a> {
    let mut parties: Vec<MemberSnapshot<'a>> = t
        .order
        .iter()
        .filter_map(|&code| {
            let d = t.member(code, on)?;
            Some(MemberSnapshot {
                code,
                name: law.country_name(code).unwrap_or("?"),
                valid_from: d.valid_from,
                valid_to: d.valid_to,
                evidence: None,
                confidence: d.source.confidence.as_deref(),
            })
        })
        .collect();
    parties.sort_by_key(|m| m.code);
    TreatySnapshot {
        convention: &t.convention,
        count: parties.len(),
        parties,
    }
}
