//! The B12-1 law as effective-dated data with sources.
//!
//! Every parameter (income threshold, passport margin, fee in MRP, ...), the MRP by period, the
//! Appendix 6 list, the Minsk and Hague Apostille Convention parties and the ISO code lists live in
//! the YAML files of `law/params/`. [`Law::from_files`] reads them from text (this crate never
//! touches the file system or the clock), checks them, and indexes them so that the rules engine
//! can ask "what is in force on this date" cheaply. [`Law::bundled`] is the law compiled into the
//! binary. The file formats are described in `docs/law.md`.
//!
//! Invariants a loaded `Law` keeps: periods of one value never overlap; a parameter and the MRP
//! have no gaps; every parameter is in force whenever the B12-1 category is; every country code
//! is in the ISO 3166 list (XK allowed); every value has a source with a citation.

mod bundled;
mod country_map;
mod dated;
mod error;
mod load;
mod snapshot;
mod source;
mod values;

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use neonomad_core::{CountryCode, CurrencyCode, Decimal};
use serde::Serialize;

use country_map::CountryMap;
use dated::{Dated, Timeline};

pub use error::LawError;
pub use snapshot::{
    Appendix6Snapshot, LawSnapshot, MemberSnapshot, ParamSnapshot, ParamValue, TreatySnapshot,
};
pub use source::{InForce, Source};
pub use values::{
    Appendix6Entry, Comparison, Entries, Evidence, IncomeTest, InvitationReady, Legalization,
};

/// The rule ids of the specification; `sources.yaml` must give a citation line for each.
pub const RULE_IDS: &[&str] = &[
    "visa.max_validity",
    "income.threshold",
    "income.foreign_source",
    "criminal_record.none",
    "citizenship.invitation",
    "where.consulate",
    "passport.validity",
    "passport.blank_pages",
    "passport.condition",
    "passport.no_extension_marks",
    "passport.mrz_consistency",
    "insurance.coverage",
    "family.relation",
    "family.validity",
    "family.legalization",
    "fee.consular",
    "timeline.decision",
    "work.prohibited",
    "extension.timing",
];

/// Kazakhstan, the state every treaty lookup is made against.
fn kazakhstan() -> CountryCode {
    CountryCode::parse("KZ").expect("KZ has the shape of a country code")
}

/// The validated law: every parameter, list and treaty, indexed by date and country.
#[derive(Debug)]
pub struct Law {
    params: Params,
    mrp: Timeline<u32>,
    appendix6: Timeline<Appendix6List>,
    minsk: Treaty,
    hague: Treaty,
    hague_exclusions: Vec<Exclusion>,
    kz_overrides: CountryMap<Timeline<Legalization>>,
    no_treaty: Source,
    countries: CountryMap<usize>,
    country_list: Vec<Country>,
    currencies: HashMap<CurrencyCode, Currency>,
    rule_sources: BTreeMap<String, String>,
}

/// The B12-1 consular fee on a payment date, with the sources of both factors.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ConsularFee<'a> {
    /// The fee in MRP.
    pub mrp: u32,
    /// The MRP in KZT on the payment date.
    pub mrp_value_kzt: u32,
    /// The year of the payment date.
    pub year: i32,
    /// `mrp * mrp_value_kzt`.
    pub amount_kzt: u64,
    /// Source of the fee in MRP.
    #[serde(skip)]
    pub fee_source: &'a Source,
    /// Source of the MRP value.
    #[serde(skip)]
    pub mrp_source: &'a Source,
}

impl Law {
    /// Reads and validates the law from `(file name, text)` pairs, one file of each kind.
    pub fn from_files(files: &[(String, String)]) -> Result<Law, LawError> {
        load::load(files)
    }

    /// The law of `law/params/`, compiled into the binary and loaded once.
    pub fn bundled() -> &'static Law {
        bundled::law()
    }

    /// The `(file name, text)` pairs the bundled law is made of.
    pub fn bundled_files() -> Vec<(String, String)> {
        bundled::files()
    }

    /// Whether the B12-1 category exists on the date.
    pub fn category_in_force(&self, on: NaiveDate) -> Result<InForce<'_, ()>, LawError> {
        let p = &self.params.category_in_force;
        match p.at(on) {
            Some(d) if d.value => Ok(d.in_force(())),
            _ => Err(not_in_force("visa.category_in_force", on, p)),
        }
    }

    /// Longest validity of the visa, in months.
    pub fn max_validity_months(&self, on: NaiveDate) -> Result<InForce<'_, u32>, LawError> {
        lookup(
            &self.params.max_validity_months,
            "visa.max_validity_months",
            on,
        )
    }

    /// Number of entries the visa allows.
    pub fn entries(&self, on: NaiveDate) -> Result<InForce<'_, Entries>, LawError> {
        lookup(&self.params.entries, "visa.entries", on)
    }

    /// Monthly income threshold in USD.
    pub fn income_threshold_usd(&self, on: NaiveDate) -> Result<InForce<'_, Decimal>, LawError> {
        lookup(&self.params.threshold_usd, "income.threshold_usd", on)
    }

    /// Number of months of income the test looks at.
    pub fn income_months(&self, on: NaiveDate) -> Result<InForce<'_, u32>, LawError> {
        lookup(&self.params.income_months, "income.months", on)
    }

    /// Whether income must exceed the threshold or may equal it.
    pub fn income_comparison(&self, on: NaiveDate) -> Result<InForce<'_, Comparison>, LawError> {
        lookup(&self.params.comparison, "income.comparison", on)
    }

    /// Whether each month or the average must pass.
    pub fn income_test(&self, on: NaiveDate) -> Result<InForce<'_, IncomeTest>, LawError> {
        lookup(&self.params.income_test, "income.test", on)
    }

    /// Months the passport must stay valid after the visa ends.
    pub fn passport_margin_months(&self, on: NaiveDate) -> Result<InForce<'_, u32>, LawError> {
        lookup(
            &self.params.passport_margin_months,
            "passport.validity_margin_months",
            on,
        )
    }

    /// Blank visa pages the passport must have.
    pub fn min_blank_pages(&self, on: NaiveDate) -> Result<InForce<'_, u32>, LawError> {
        lookup(&self.params.min_blank_pages, "passport.min_blank_pages", on)
    }

    /// A child is covered while younger than this many years.
    pub fn child_max_age_years(&self, on: NaiveDate) -> Result<InForce<'_, u32>, LawError> {
        lookup(
            &self.params.child_max_age_years,
            "family.child_max_age_years",
            on,
        )
    }

    /// The consular fee in MRP.
    pub fn fee_mrp(&self, on: NaiveDate) -> Result<InForce<'_, u32>, LawError> {
        lookup(&self.params.fee_mrp, "fee.consular_mrp", on)
    }

    /// The MRP in KZT.
    pub fn mrp_kzt(&self, on: NaiveDate) -> Result<InForce<'_, u32>, LawError> {
        lookup(&self.mrp, "mrp", on)
    }

    /// First and last day (inclusive; `None` = open) for which an MRP value is known.
    pub fn mrp_coverage(&self) -> (NaiveDate, Option<NaiveDate>) {
        self.mrp
            .span()
            .expect("the loader refuses an empty MRP list")
    }

    /// The consular fee on a payment date: fee in MRP times the MRP of that date.
    pub fn consular_fee(&self, paid_on: NaiveDate) -> Result<ConsularFee<'_>, LawError> {
        let fee = self.fee_mrp(paid_on)?;
        let mrp = self.mrp_kzt(paid_on)?;
        Ok(ConsularFee {
            mrp: fee.value,
            mrp_value_kzt: mrp.value,
            year: paid_on.year(),
            amount_kzt: u64::from(fee.value) * u64::from(mrp.value),
            fee_source: fee.source,
            mrp_source: mrp.source,
        })
    }

    /// Business days (min, max) from submission to decision.
    pub fn decision_business_days(
        &self,
        on: NaiveDate,
    ) -> Result<InForce<'_, (u32, u32)>, LawError> {
        lookup(
            &self.params.decision_business_days,
            "timeline.decision_business_days",
            on,
        )
    }

    /// When an invitation is ready after registration.
    pub fn invitation_ready(
        &self,
        on: NaiveDate,
    ) -> Result<InForce<'_, InvitationReady>, LawError> {
        lookup(
            &self.params.invitation_ready,
            "timeline.invitation_ready",
            on,
        )
    }

    /// The country's Appendix 6 entry on the date; `None` = not on the list that day.
    pub fn appendix6(
        &self,
        country: CountryCode,
        on: NaiveDate,
    ) -> Option<InForce<'_, &Appendix6Entry>> {
        let version = self.appendix6.at(on)?;
        let i = *version.value.index.get(country)?;
        Some(version.in_force(&version.value.entries[i]))
    }

    /// What a civil-status document issued in a country needs in Kazakhstan on a date: nothing
    /// while the Minsk Convention is in force for both; else an apostille while the Hague
    /// Convention is in force for both (and no objection excludes the pair); else consular
    /// legalisation. A `kz_overrides` entry (Kosovo) replaces the treaty reading.
    pub fn legalization(&self, issued_in: CountryCode, on: NaiveDate) -> (Legalization, &Source) {
        let kz = kazakhstan();
        if let Some(member) = self.minsk.member(issued_in, on) {
            if self.minsk.member(kz, on).is_some() {
                return (Legalization::None, &member.source);
            }
        }
        if let Some(o) = self.kz_overrides.get(issued_in).and_then(|t| t.at(on)) {
            return (o.value, &o.source);
        }
        if let (Some(member), Some(_)) =
            (self.hague.member(issued_in, on), self.hague.member(kz, on))
        {
            if !self.hague_excluded(issued_in, kz, on) {
                return (Legalization::Apostille, &member.source);
            }
        }
        (Legalization::Consular, &self.no_treaty)
    }

    /// The country's English name; `None` = not an ISO 3166 code (XK is allowed).
    pub fn country_name(&self, code: CountryCode) -> Option<&str> {
        self.countries
            .get(code)
            .map(|&i| self.country_list[i].name.as_str())
    }

    /// Digits after the decimal point; `None` = not an ISO 4217 code, or one without minor
    /// units (gold, SDR, test codes).
    pub fn currency_minor_units(&self, code: CurrencyCode) -> Option<u32> {
        self.currencies.get(&code)?.minor_units
    }

    /// The currency's English name; `None` = not an ISO 4217 code.
    pub fn currency_name(&self, code: CurrencyCode) -> Option<&str> {
        self.currencies.get(&code).map(|c| c.name.as_str())
    }

    /// Every ISO 3166 country (and XK) with its English name, by code.
    pub fn countries(&self) -> impl Iterator<Item = (CountryCode, &str)> + '_ {
        self.country_list.iter().map(|c| (c.code, c.name.as_str()))
    }

    /// The citation line a finding of this rule shows.
    pub fn rule_source(&self, rule_id: &str) -> &str {
        self.rule_sources.get(rule_id).map_or(
            "(no citation recorded for this rule in sources.yaml)",
            String::as_str,
        )
    }

    /// Everything in force on a date, for `neonomad law`.
    pub fn snapshot(&self, on: NaiveDate) -> LawSnapshot<'_> {
        snapshot::take(self, on)
    }

    fn hague_excluded(&self, a: CountryCode, b: CountryCode, on: NaiveDate) -> bool {
        self.hague_exclusions
            .iter()
            .any(|x| ((x.a == a && x.b == b) || (x.a == b && x.b == a)) && x.period.contains(on))
    }
}

fn lookup<'a, T: Copy>(
    timeline: &'a Timeline<T>,
    param: &'static str,
    on: NaiveDate,
) -> Result<InForce<'a, T>, LawError> {
    match timeline.at(on) {
        Some(d) => Ok(d.in_force(d.value)),
        None => Err(not_in_force(param, on, timeline)),
    }
}

fn not_in_force<T>(param: &'static str, date: NaiveDate, timeline: &Timeline<T>) -> LawError {
    LawError::NotInForce {
        param,
        date,
        covered: timeline.covered(),
    }
}

/// The scalar parameters of `b12-1.yaml`.
#[derive(Debug)]
struct Params {
    category_in_force: Timeline<bool>,
    max_validity_months: Timeline<u32>,
    entries: Timeline<Entries>,
    threshold_usd: Timeline<Decimal>,
    income_months: Timeline<u32>,
    comparison: Timeline<Comparison>,
    income_test: Timeline<IncomeTest>,
    passport_margin_months: Timeline<u32>,
    min_blank_pages: Timeline<u32>,
    child_max_age_years: Timeline<u32>,
    fee_mrp: Timeline<u32>,
    decision_business_days: Timeline<(u32, u32)>,
    invitation_ready: Timeline<InvitationReady>,
}

/// A parameter's first and last day covered.
type Span = Option<(NaiveDate, Option<NaiveDate>)>;

impl Params {
    /// The span of every parameter, by id (the category itself excluded).
    fn spans(&self) -> [(&'static str, Span); 12] {
        [
            ("visa.max_validity_months", self.max_validity_months.span()),
            ("visa.entries", self.entries.span()),
            ("income.threshold_usd", self.threshold_usd.span()),
            ("income.months", self.income_months.span()),
            ("income.comparison", self.comparison.span()),
            ("income.test", self.income_test.span()),
            (
                "passport.validity_margin_months",
                self.passport_margin_months.span(),
            ),
            ("passport.min_blank_pages", self.min_blank_pages.span()),
            (
                "family.child_max_age_years",
                self.child_max_age_years.span(),
            ),
            ("fee.consular_mrp", self.fee_mrp.span()),
            (
                "timeline.decision_business_days",
                self.decision_business_days.span(),
            ),
            ("timeline.invitation_ready", self.invitation_ready.span()),
        ]
    }
}

/// One version of the Appendix 6 list.
#[derive(Debug)]
struct Appendix6List {
    entries: Vec<Appendix6Entry>,
    index: CountryMap<usize>,
}

/// The parties of a convention, each with its periods in force.
#[derive(Debug)]
struct Treaty {
    convention: Source,
    members: CountryMap<Timeline<()>>,
    /// Codes in file order, each once.
    order: Vec<CountryCode>,
}

impl Treaty {
    fn member(&self, code: CountryCode, on: NaiveDate) -> Option<&Dated<()>> {
        self.members.get(code)?.at(on)
    }
}

/// Two Hague parties between which the Convention does not apply (Art. 12 objection).
#[derive(Debug)]
struct Exclusion {
    a: CountryCode,
    b: CountryCode,
    period: Dated<()>,
}

/// An ISO 3166 country.
#[derive(Debug)]
struct Country {
    code: CountryCode,
    name: String,
}

/// An ISO 4217 currency.
#[derive(Debug)]
struct Currency {
    name: String,
    minor_units: Option<u32>,
}
