//! The assessment as the interchange contract defines it (`neonomad assess --format json`).

use std::borrow::Cow;

use chrono::NaiveDate;
use neonomad_core::{Amount, CurrencyCode, Decimal, Month, Subject};
use neonomad_law::Legalization;
use serde::Serialize;

use crate::application::{DocumentId, Relation};
use crate::income::ExclusionReason;
use crate::rule::RuleId;

/// The verdict for the applicant or one family member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every rule passes and nothing is missing.
    Eligible,
    /// Nothing fails but a fact or document is missing.
    Incomplete,
    /// At least one rule fails.
    Ineligible,
}

impl Outcome {
    /// The contract word.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::Incomplete => "incomplete",
            Outcome::Ineligible => "ineligible",
        }
    }
}

/// The result of one rule for one subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The rule is met.
    Pass,
    /// The rule is not met.
    Fail,
    /// A fact the rule needs is missing.
    Missing,
}

impl Status {
    /// The contract word.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Missing => "missing",
        }
    }
}

/// One rule's result, explained.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The rule id.
    pub rule: RuleId,
    /// Pass, fail or missing.
    pub status: Status,
    /// Whom it is about.
    pub subject: Subject,
    /// One sentence: what was found and, unless it passed, what would fix it.
    pub message: Cow<'static, str>,
    /// The legal provision.
    pub source: &'static str,
}

/// Income per month and the payments behind it.
#[derive(Debug, Clone, Serialize)]
pub struct IncomeReport {
    /// The months tested, oldest first.
    pub months: Vec<IncomeMonth>,
    /// The threshold each month must exceed.
    pub threshold_usd: Amount,
    /// The rate table used, e.g. `ECB`.
    pub rate_source: String,
}

/// One month of the income test.
#[derive(Debug, Clone, Serialize)]
pub struct IncomeMonth {
    /// The month.
    pub month: Month,
    /// Counted foreign income in USD.
    pub usd: Amount,
    /// Income left out (Kazakhstan source, reversals, refunds, own transfers, excluded by the user), in USD.
    pub excluded_usd: Amount,
    /// The month's own result.
    pub status: Status,
    /// Each payment of the month with its conversion.
    pub items: Vec<IncomeItem>,
}

/// One payment converted to USD.
#[derive(Debug, Clone, Serialize)]
pub struct IncomeItem {
    /// The payment's id (a bank transaction id for statement imports).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The bank's text for the payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Payment date.
    #[serde(with = "crate::iso_date")]
    pub date: NaiveDate,
    /// Amount as paid.
    pub amount: Amount,
    /// Currency as paid.
    pub currency: CurrencyCode,
    /// USD per unit of the currency, or null when no rate is available.
    #[serde(serialize_with = "decimal_string_opt")]
    pub rate: Option<Decimal>,
    /// Publication date of the rate used.
    #[serde(with = "crate::iso_date::option")]
    pub rate_date: Option<NaiveDate>,
    /// The amount in USD (rounded to cents), or null without a rate.
    pub usd: Option<Amount>,
    /// Whether it counts toward the month's total.
    pub counted: bool,
    /// Why it does not count (or why its rate is missing).
    pub reason: Option<ExclusionReason>,
    /// A sentence for people when something is off (no rate, unknown payer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn decimal_string_opt<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(&d.normalize()),
        None => s.serialize_none(),
    }
}

/// The visa period decided by the rules.
#[derive(Debug, Clone, Serialize)]
pub struct VisaDates {
    /// First day.
    #[serde(with = "crate::iso_date::option")]
    pub start: Option<NaiveDate>,
    /// Last day (as requested, or the longest allowed when none was requested).
    #[serde(with = "crate::iso_date::option")]
    pub end: Option<NaiveDate>,
    /// The latest end the one-year limit and the passport allow.
    #[serde(with = "crate::iso_date::option")]
    pub latest_end_allowed: Option<NaiveDate>,
    /// Always `multiple` for B12-1.
    pub entries: &'static str,
}

/// The consular fee.
#[derive(Debug, Clone, Serialize)]
pub struct Fee {
    /// Fee in MRP.
    pub mrp: u32,
    /// KZT value of one MRP on the payment date.
    pub mrp_value_kzt: u32,
    /// Year of payment.
    pub year: i32,
    /// Fee in KZT.
    pub amount_kzt: u64,
}

/// When the decision comes, in Kazakhstan business days.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// Earliest decision day.
    #[serde(with = "crate::iso_date")]
    pub earliest_decision: NaiveDate,
    /// Latest decision day.
    #[serde(with = "crate::iso_date")]
    pub latest_decision: NaiveDate,
    /// Registration date of the invitation used (as_of when not yet registered).
    #[serde(
        with = "crate::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub invitation_registered_on: Option<NaiveDate>,
    /// Earliest day the invitation is ready.
    #[serde(
        with = "crate::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub invitation_ready_earliest: Option<NaiveDate>,
    /// Latest day the invitation is ready (NSC approval).
    #[serde(
        with = "crate::iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub invitation_ready_latest: Option<NaiveDate>,
}

/// Whether a checklist document is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    /// Listed in the application's documents.
    Provided,
    /// Required but not listed.
    Missing,
}

/// One line of the document checklist.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentLine {
    /// The document id.
    pub id: DocumentId,
    /// Whose document it is.
    pub subject: Subject,
    /// Provided or missing.
    pub status: DocumentStatus,
    /// Apostille, consular legalization or none.
    pub legalization: Option<Legalization>,
}

/// A family member's own verdict.
#[derive(Debug, Clone, Serialize)]
pub struct FamilyOutcome {
    /// Index in the application's `family` list.
    pub index: usize,
    /// Relation as written.
    pub relation: Relation,
    /// The member's verdict.
    pub outcome: Outcome,
    /// The accompanying visa's period: the applicant's.
    pub visa: VisaDates,
}

/// The full assessment of an application.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// The applicant's verdict.
    pub outcome: Outcome,
    /// Assessment date.
    #[serde(with = "crate::iso_date")]
    pub as_of: NaiveDate,
    /// First application or extension.
    pub kind: crate::application::Kind,
    /// One finding per rule and subject.
    pub findings: Vec<Finding>,
    /// The income test month by month.
    pub income: IncomeReport,
    /// Whether an invitation is required (null when it cannot be told).
    pub invitation_required: Option<bool>,
    /// The visa dates.
    pub visa: VisaDates,
    /// The consular fee.
    pub fee: Option<Fee>,
    /// The decision timeline.
    pub timeline: Option<Timeline>,
    /// The document checklist for everyone.
    pub documents: Vec<DocumentLine>,
    /// Each family member's verdict.
    pub family: Vec<FamilyOutcome>,
}
