//! The income test: six full calendar months before the month of assessment, each payment
//! converted to USD at the rate of its own date, Kazakhstan-source income left out.

use std::fmt::Write as _;

use chrono::NaiveDate;
use neonomad_core::{Amount, CountryCode, Decimal, Month, Subject};
use neonomad_law::{Comparison, IncomeTest};
use serde::Serialize;

use crate::application::IncomeEntry;
use crate::assessment::{Finding, IncomeItem, IncomeMonth, IncomeReport, Status};
use crate::engine::{finding, AssessError, Context};
use crate::rule::RuleId;

/// Why a payment does not count toward the income test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// Paid from Kazakhstan (payer country KZ or a KZ IBAN).
    KzSource,
    /// The payer's country is not stated, so the source cannot be told.
    PayerUnknown,
    /// No exchange rate for the currency on that date.
    NoRate,
    /// The bank reversed the payment.
    Reversal,
    /// Not booked yet.
    Pending,
    /// A refund of the applicant's own spending, not income.
    Refund,
    /// A transfer between the applicant's own accounts.
    OwnTransfer,
    /// Left out by the user (adviser or officer) by its id.
    ExcludedByUser,
    /// The same payment in another statement of the same account already given (a file given
    /// twice, or a six-month statement together with the monthly ones).
    Duplicate,
}

impl ExclusionReason {
    /// The contract word, e.g. `kz_source`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ExclusionReason::KzSource => "kz_source",
            ExclusionReason::PayerUnknown => "payer_unknown",
            ExclusionReason::NoRate => "no_rate",
            ExclusionReason::Reversal => "reversal",
            ExclusionReason::Pending => "pending",
            ExclusionReason::Refund => "refund",
            ExclusionReason::OwnTransfer => "own_transfer",
            ExclusionReason::ExcludedByUser => "excluded_by_user",
            ExclusionReason::Duplicate => "duplicate",
        }
    }
}

const KZ: CountryCode = CountryCode::KZ;

/// The income test alone (as `neonomad income` shows it): the report for the months before
/// the month of `as_of` and the `income.threshold` and `income.foreign_source` findings.
pub fn income_report(
    entries: &[IncomeEntry],
    as_of: NaiveDate,
    ctx: &Context<'_>,
) -> Result<(IncomeReport, [Finding; 2]), AssessError> {
    let (report, threshold, foreign) = assess_income(Some(entries), as_of, ctx)?;
    Ok((report, [threshold, foreign]))
}

/// The income report and the two income findings.
pub(crate) fn assess_income(
    entries: Option<&[IncomeEntry]>,
    as_of: NaiveDate,
    ctx: &Context<'_>,
) -> Result<(IncomeReport, Finding, Finding), AssessError> {
    let law = ctx.law;
    let threshold = law.income_threshold_usd(as_of)?.value;
    let month_count = law.income_months(as_of)?.value;
    let comparison = law.income_comparison(as_of)?.value;
    let test = law.income_test(as_of)?.value;

    let last = Month::of(as_of).prev();
    let mut first = last;
    for _ in 1..month_count {
        first = first.prev();
    }
    let mut months: Vec<IncomeMonth> = Vec::with_capacity(month_count as usize);
    let mut m = first;
    for _ in 0..month_count {
        months.push(IncomeMonth {
            month: m,
            usd: Amount::ZERO,
            excluded_usd: Amount::ZERO,
            status: Status::Missing,
            items: Vec::new(),
        });
        m = m.next();
    }

    let mut kz_payments: Vec<NaiveDate> = Vec::new();
    let mut kz_usd = Decimal::ZERO;
    let mut unknown_payer: Vec<NaiveDate> = Vec::new();
    let mut rate_problems: Vec<String> = Vec::new();

    let mut sorted: Vec<&IncomeEntry> = entries.unwrap_or_default().iter().collect();
    sorted.sort_by_key(|e| e.date);
    for entry in sorted {
        let month = Month::of(entry.date);
        if month < first || month > last {
            continue;
        }
        let slot = &mut months[month_index(first, month)];
        let kz_source = entry.payer_country == Some(KZ)
            || entry.payer_iban.as_deref().is_some_and(|iban| {
                iban.trim_start()
                    .get(..2)
                    .is_some_and(|p| p.eq_ignore_ascii_case("KZ"))
            });
        let payer_known =
            entry.payer_country.is_some() || entry.payer_iban.is_some() || entry.payer_checked;
        let (rate, rate_date, usd, rate_note) = match ctx.rates.usd_rate(entry.currency, entry.date)
        {
            Ok(r) => {
                let usd = entry
                    .amount
                    .value()
                    .checked_mul(r.usd_per_unit)
                    .ok_or(AssessError::IncomeOverflow { month })?;
                (
                    Some(r.usd_per_unit),
                    Some(r.date),
                    Some(Amount::round_cents(usd)),
                    None,
                )
            }
            Err(e) => (None, None, None, Some(e.to_string())),
        };
        let preset = entry.excluded;
        let kz_source = kz_source && preset.is_none();
        let (counted, reason) = if let Some(r) = preset {
            (false, Some(r))
        } else if kz_source {
            (false, Some(ExclusionReason::KzSource))
        } else if usd.is_none() {
            (false, Some(ExclusionReason::NoRate))
        } else if !payer_known {
            (false, Some(ExclusionReason::PayerUnknown))
        } else {
            (true, None)
        };
        if preset.is_some() {
            if let Some(u) = usd {
                slot.excluded_usd =
                    Amount::from_decimal(checked_sum(slot.excluded_usd.value(), u.value(), month)?);
            }
        } else if kz_source {
            kz_payments.push(entry.date);
            if let Some(u) = usd {
                kz_usd = checked_sum(kz_usd, u.value(), month)?;
                slot.excluded_usd =
                    Amount::from_decimal(checked_sum(slot.excluded_usd.value(), u.value(), month)?);
            }
        } else if !payer_known {
            unknown_payer.push(entry.date);
        }
        if counted {
            let add = usd.map_or(Decimal::ZERO, |u| u.value());
            slot.usd = Amount::from_decimal(checked_sum(slot.usd.value(), add, month)?);
        }
        let note = match (&rate_note, reason) {
            (Some(n), Some(ExclusionReason::NoRate)) => {
                rate_problems.push(format!("{}: {}", entry.date, n));
                Some(n.clone())
            }
            (Some(n), _) => Some(n.clone()),
            (None, Some(ExclusionReason::PayerUnknown)) => {
                Some("payer country not stated: give payer_country or payer_iban".to_owned())
            }
            _ => None,
        };
        slot.items.push(IncomeItem {
            id: entry.id.clone(),
            description: entry.description.clone(),
            date: entry.date,
            amount: entry.amount,
            currency: entry.currency,
            rate,
            rate_date,
            usd,
            counted,
            reason,
            note,
        });
    }

    let exceeds = |usd: Decimal| match comparison {
        Comparison::StrictlyGreater => usd > threshold,
        Comparison::AtLeast => usd >= threshold,
    };
    for month in &mut months {
        // A payment without a rate could be worth anything, so its month cannot be judged.
        let unconverted = month
            .items
            .iter()
            .any(|i| i.reason == Some(ExclusionReason::NoRate));
        // A payment whose payer is unknown may be foreign: the month stays open only if counting
        // it would lift the month over the threshold; otherwise the month fails either way.
        let mut best_case = month.usd.value();
        for item in &month.items {
            if let (Some(ExclusionReason::PayerUnknown), Some(u)) = (item.reason, item.usd) {
                best_case = checked_sum(best_case, u.value(), month.month)?;
            }
        }
        month.status = if month.items.is_empty() {
            Status::Missing
        } else if exceeds(month.usd.value()) {
            Status::Pass
        } else if unconverted || exceeds(best_case) {
            Status::Missing
        } else {
            Status::Fail
        };
    }

    let period = sentence!(first, " .. ", last);
    let threshold_text = sentence!("USD ", Amount::round_cents(threshold).grouped());
    let cmp_word = match comparison {
        Comparison::StrictlyGreater => "exceed",
        Comparison::AtLeast => "reach",
    };
    let shortfall = |usd: Decimal| {
        let target = match comparison {
            Comparison::StrictlyGreater => threshold + Decimal::new(1, 2),
            Comparison::AtLeast => threshold,
        };
        Amount::round_cents(target - usd)
    };

    let threshold_finding = match test {
        IncomeTest::EachMonth => {
            let failed: Vec<&IncomeMonth> =
                months.iter().filter(|m| m.status == Status::Fail).collect();
            let missing: Vec<&IncomeMonth> = months
                .iter()
                .filter(|m| m.status == Status::Missing)
                .collect();
            let mut msg = String::new();
            let status = if !failed.is_empty() {
                if let [one] = failed.as_slice() {
                    msg = sentence!(
                        "Income in ",
                        one.month,
                        " was USD ",
                        one.usd.grouped(),
                        ", USD ",
                        shortfall(one.usd.value()).grouped(),
                        " short: each month ",
                        period,
                        " must ",
                        cmp_word,
                        " ",
                        threshold_text
                    )
                    .into_owned();
                } else {
                    let list: Vec<String> = failed
                        .iter()
                        .map(|m| {
                            format!(
                                "{} USD {} (USD {} short)",
                                m.month,
                                m.usd.grouped(),
                                shortfall(m.usd.value()).grouped()
                            )
                        })
                        .collect();
                    let _ = write!(
                        msg,
                        "Income was too low in {} months: {}; each month {} must {} {}",
                        failed.len(),
                        list.join(", "),
                        period,
                        cmp_word,
                        threshold_text
                    );
                }
                if !missing.is_empty() {
                    let _ = write!(msg, "; also missing: {}", month_list(&missing));
                }
                Status::Fail
            } else if !missing.is_empty() {
                describe_missing(&mut msg, &missing, &rate_problems, &period);
                Status::Missing
            } else {
                let lowest = months.iter().min_by_key(|m| m.usd.value());
                let verb = match comparison {
                    Comparison::StrictlyGreater => "exceeded ",
                    Comparison::AtLeast => "reached ",
                };
                msg = sentence!("Income ", verb, threshold_text, " in each month ", period)
                    .into_owned();
                if let Some(low) = lowest {
                    msg += &sentence!(" (lowest: USD ", low.usd.grouped(), " in ", low.month, ")");
                }
                Status::Pass
            };
            finding(
                ctx,
                RuleId::IncomeThreshold,
                status,
                Subject::Applicant,
                msg,
            )
        }
        IncomeTest::Average => {
            let missing: Vec<&IncomeMonth> = months
                .iter()
                .filter(|m| m.status == Status::Missing && m.items.is_empty())
                .collect();
            let mut msg = String::new();
            let mut total = Decimal::ZERO;
            for m in &months {
                total = checked_sum(total, m.usd.value(), m.month)?;
            }
            let average = Amount::round_cents(total / Decimal::from(month_count.max(1)));
            let status = if !missing.is_empty() {
                describe_missing(&mut msg, &missing, &rate_problems, &period);
                Status::Missing
            } else if exceeds(average.value()) {
                let _ = write!(
                    msg,
                    "Average monthly income {period} was USD {}, above {threshold_text}",
                    average.grouped()
                );
                Status::Pass
            } else {
                let _ = write!(
                    msg,
                    "Average monthly income {period} was USD {}, USD {} short: it must {} {}",
                    average.grouped(),
                    shortfall(average.value()).grouped(),
                    cmp_word,
                    threshold_text
                );
                Status::Fail
            };
            finding(
                ctx,
                RuleId::IncomeThreshold,
                status,
                Subject::Applicant,
                msg,
            )
        }
    };

    let foreign_finding = if !unknown_payer.is_empty() {
        finding(
            ctx,
            RuleId::IncomeForeignSource,
            Status::Missing,
            Subject::Applicant,
            msg!(
                "The payer's country is not stated for {} payment(s) ({}); give payer_country so that Kazakhstan-source income can be left out",
                unknown_payer.len(),
                date_list(&unknown_payer)
            ),
        )
    } else if !kz_payments.is_empty() {
        finding(
            ctx,
            RuleId::IncomeForeignSource,
            Status::Pass,
            Subject::Applicant,
            msg!(
                "USD {} paid from Kazakhstan in {} payment(s) ({}) is excluded from the totals: only foreign income counts",
                Amount::round_cents(kz_usd).grouped(),
                kz_payments.len(),
                date_list(&kz_payments)
            ),
        )
    } else {
        finding(
            ctx,
            RuleId::IncomeForeignSource,
            Status::Pass,
            Subject::Applicant,
            sentence!(
                "No income from Kazakhstan sources in ",
                period,
                "; all income counted is foreign"
            ),
        )
    };

    let report = IncomeReport {
        months,
        threshold_usd: Amount::round_cents(threshold),
        rate_source: ctx.rates.source_name().to_owned(),
    };
    Ok((report, threshold_finding, foreign_finding))
}

/// Adds two USD sums; absurd inputs (hundreds of 26-digit amounts) must give an error, not a panic.
fn checked_sum(a: Decimal, b: Decimal, month: Month) -> Result<Decimal, AssessError> {
    a.checked_add(b)
        .ok_or(AssessError::IncomeOverflow { month })
}

fn month_index(first: Month, month: Month) -> usize {
    let diff = (month.year() - first.year()) * 12 + month.month() as i32 - first.month() as i32;
    diff as usize
}

fn month_list(months: &[&IncomeMonth]) -> String {
    months
        .iter()
        .map(|m| m.month.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn date_list(dates: &[NaiveDate]) -> String {
    const SHOWN: usize = 4;
    let mut s = dates
        .iter()
        .take(SHOWN)
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if dates.len() > SHOWN {
        let _ = write!(s, " and {} more", dates.len() - SHOWN);
    }
    s
}

fn describe_missing(
    msg: &mut String,
    missing: &[&IncomeMonth],
    rate_problems: &[String],
    period: &str,
) {
    let empty: Vec<&IncomeMonth> = missing
        .iter()
        .copied()
        .filter(|m| m.items.is_empty())
        .collect();
    let mut parts: Vec<String> = Vec::new();
    if !empty.is_empty() {
        parts.push(format!("no income recorded for {}", month_list(&empty)));
    }
    if !rate_problems.is_empty() {
        parts.push(format!("no exchange rate for {}", rate_problems.join("; ")));
    }
    let undecided: Vec<&IncomeMonth> = missing
        .iter()
        .copied()
        .filter(|m| {
            !m.items.is_empty()
                && m.items
                    .iter()
                    .any(|i| i.reason == Some(ExclusionReason::PayerUnknown))
        })
        .collect();
    if !undecided.is_empty() {
        parts.push(format!(
            "payer country not stated for payments in {}",
            month_list(&undecided)
        ));
    }
    let mut text = parts.join("; ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    let _ = write!(
        msg,
        "{text}: every month {period} needs its income with a known payer and rate"
    );
}

#[cfg(test)]
mod tests {
    use neonomad_calendar::Calendar;
    use neonomad_law::Law;
    use neonomad_rates::RateTable;
    use proptest::prelude::*;

    use crate::application::Application;
    use crate::engine::{assess, AssessError, Context};

    fn ctx() -> Context<'static> {
        Context {
            law: Law::bundled(),
            calendar: Calendar::bundled(),
            rates: RateTable::bundled_ecb(),
        }
    }

    /// A valid application assessed on 2026-03-02 with the given income entries (JSON objects).
    fn application(income: &[String]) -> Application {
        let text = format!(
            r#"{{"as_of": "2026-03-02", "apply_in": "US",
                "applicant": {{"citizenship": "US", "residence": "US"}},
                "visa": {{"start": "2026-04-01"}},
                "income": [{}]}}"#,
            income.join(",")
        );
        let app = Application::from_json(&text, "test").expect("the test application parses");
        app.check(Law::bundled(), "test")
            .expect("the test application is valid");
        app
    }

    fn payment(date: &str, amount: &str, currency: &str) -> String {
        format!(
            r#"{{"date": "{date}", "amount": "{amount}", "currency": "{currency}", "payer_country": "US"}}"#
        )
    }

    #[test]
    fn a_month_too_large_to_add_up_is_an_error_not_a_panic() {
        // Each amount is valid (26 digits), but 800 of them exceed Decimal's ~7.9e28.
        let huge = "99999999999999999999999999";
        let income: Vec<String> = (0..800)
            .map(|_| payment("2025-09-30", huge, "USD"))
            .collect();
        let err = assess(&application(&income), &ctx()).expect_err("the total cannot be computed");
        assert!(
            matches!(err, AssessError::IncomeOverflow { month } if month.to_string() == "2025-09"),
            "unexpected error: {err}"
        );
        assert!(
            err.to_string()
                .contains("field `income`: the payments of 2025-09"),
            "{err}"
        );
    }

    #[test]
    fn kazakh_payments_too_large_to_add_up_are_an_error_too() {
        let huge = "99999999999999999999999999";
        let kz = format!(
            r#"{{"date": "2025-10-15", "amount": "{huge}", "currency": "USD", "payer_country": "KZ"}}"#
        );
        let income = vec![kz; 800];
        let err = assess(&application(&income), &ctx())
            .expect_err("the excluded total cannot be computed");
        assert!(
            matches!(err, AssessError::IncomeOverflow { .. }),
            "unexpected error: {err}"
        );
    }

    #[test]
    fn a_realistic_large_income_still_adds_up() {
        let income: Vec<String> = (0..800)
            .map(|_| payment("2025-09-30", "1000000000.00", "EUR"))
            .collect();
        let assessment = assess(&application(&income), &ctx()).expect("assessable");
        assert_eq!(
            assessment.income.months[0].usd.to_string(),
            "939280000000.00"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Whatever valid amounts are given, assessing never panics: it succeeds or reports an
        /// overflow. Most amounts are the longest allowed (26 digits) so that some cases overflow.
        #[test]
        fn assessing_any_valid_income_never_panics(
            entries in prop::collection::vec(
                (prop_oneof![3 => Just(26u32), 1 => 1u32..=25], 0usize..4, 0usize..2, 1u32..=28),
                0..2400,
            )
        ) {
            let currencies = ["USD", "EUR", "GBP", "JPY"];
            let months = ["2025-09", "2026-02"];
            let income: Vec<String> = entries
                .iter()
                .map(|&(digits, currency, month, day)| {
                    let date = format!("{}-{day:02}", months[month]);
                    payment(&date, &"9".repeat(digits as usize), currencies[currency])
                })
                .collect();
            match assess(&application(&income), &ctx()) {
                Ok(_) | Err(AssessError::IncomeOverflow { .. }) => {}
                Err(other) => prop_assert!(false, "unexpected error: {other}"),
            }
        }
    }
}
