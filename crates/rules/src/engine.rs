//! Runs every rule of the spec over an application and gathers the assessment.

use std::borrow::Cow;

use chrono::{Days, NaiveDate};
use neonomad_calendar::{Calendar, CalendarError};
use neonomad_core::{add_months_clamped, CountryCode, IsoDate, Month, Subject};
use neonomad_law::{Law, LawError, Legalization};
use neonomad_rates::RateTable;

use crate::application::{
    Application, DocumentId, FamilyMember, Insurance, Kind, Passport, Relation,
};
use crate::assessment::{
    Assessment, DocumentLine, DocumentStatus, FamilyOutcome, Fee, Finding, Outcome, Status,
    Timeline, VisaDates,
};
use crate::income::assess_income;
use crate::mrz_check::{mrz_consistency, Holder};
use crate::rule::RuleId;

/// What the engine needs besides the application: the law, the calendar and the rates.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The law (lives for the whole process: findings borrow its citations).
    pub law: &'static Law,
    /// The Kazakhstan business-day calendar.
    pub calendar: &'a Calendar,
    /// Exchange rates to USD.
    pub rates: &'a RateTable,
}

/// Why an application could not be assessed at all (as opposed to a negative verdict).
#[derive(Debug, thiserror::Error)]
pub enum AssessError {
    /// Neither the application nor the caller gave an assessment date.
    #[error("field `as_of`: the assessment date is missing (give it in the file or with --as-of)")]
    NoAssessmentDate,
    /// The law data has no value in force on the date.
    #[error(transparent)]
    Law(#[from] LawError),
    /// The calendar has no data for a year the timeline reaches.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A month's income adds up to more than decimal arithmetic holds (about 7.9e28).
    #[error("field `income`: the payments of {month} add up to more than can be computed (about 7.9e28); check the amounts")]
    IncomeOverflow {
        /// The month whose total overflowed.
        month: Month,
    },
}

/// Builds a finding with the rule's legal source.
pub(crate) fn finding(
    ctx: &Context<'_>,
    rule: RuleId,
    status: Status,
    subject: Subject,
    message: impl Into<Cow<'static, str>>,
) -> Finding {
    Finding {
        rule,
        status,
        subject,
        message: message.into(),
        source: ctx.law.rule_source(rule.as_str()),
    }
}

/// Assesses an application as of its `as_of` date.
pub fn assess(app: &Application, ctx: &Context<'_>) -> Result<Assessment, AssessError> {
    let as_of = app.as_of.ok_or(AssessError::NoAssessmentDate)?;
    ctx.law.category_in_force(as_of)?;
    let mut findings: Vec<Finding> = Vec::with_capacity(20 + 8 * app.family.len());
    let a = Subject::Applicant;
    let f = |rule, status, message: Cow<'static, str>| finding(ctx, rule, status, a, message);

    // Where and with which invitation.
    let citizenship = app.applicant.citizenship;
    let residence = app.applicant.residence;
    let appendix6 = citizenship.and_then(|c| ctx.law.appendix6(c, as_of).map(|_| c));
    let in_kz_extension = app.kind == Kind::Extension && app.apply_in == Some(CountryCode::KZ);
    let invitation_required: Option<bool> = match (citizenship, app.apply_in) {
        (Some(c), _) if in_kz_extension => Some(appendix6 != Some(c)),
        (Some(c), Some(at)) => Some(!(appendix6 == Some(c) && at == c)),
        _ => None,
    };
    findings.push(where_consulate(app, ctx, as_of));
    findings.push(match (invitation_required, &app.invitation) {
        (None, _) => f(
            RuleId::CitizenshipInvitation,
            Status::Missing,
            "Citizenship or the country of application is not given, so whether an invitation is needed cannot be told".into(),
        ),
        (Some(false), _) => f(
            RuleId::CitizenshipInvitation,
            Status::Pass,
            sentence!(
                "No invitation needed: a citizen of ", citizenship.as_ref().map_or("", CountryCode::as_str),
                " (Appendix 6) applying in the country of citizenship"
            ),
        ),
        (Some(true), Some(inv)) => f(
            RuleId::CitizenshipInvitation,
            Status::Pass,
            sentence!(
                "An invitation is required (", invitation_reason(citizenship, appendix6.is_some()), ") and one is given",
                inv.registered_on.map(|d| sentence!(", registered on ", d)).unwrap_or_else(|| ", not yet registered".into())
            ),
        ),
        (Some(true), None) => f(
            RuleId::CitizenshipInvitation,
            Status::Missing,
            msg!(
                "An invitation is required ({}): ask a licensed Kazakh travel company to register one",
                invitation_reason(citizenship, appendix6.is_some())
            ),
        ),
    });

    // Personal conduct.
    findings.push(match app.applicant.intends_to_work_in_kz {
        Some(false) => f(RuleId::WorkProhibited, Status::Pass, "No intention to take employment in Kazakhstan".into()),
        Some(true) => f(
            RuleId::WorkProhibited,
            Status::Fail,
            "The applicant intends to work for an employer in Kazakhstan, which B12-1 does not allow; a work visa and permit are the route for that".into(),
        ),
        None => f(RuleId::WorkProhibited, Status::Missing, "Not stated whether the applicant intends to work in Kazakhstan (intends_to_work_in_kz)".into()),
    });
    findings.push(match app.applicant.criminal_record {
        Some(false) => f(
            RuleId::CriminalRecordNone,
            Status::Pass,
            "No criminal record declared; the certificate of no criminal record confirms it".into(),
        ),
        Some(true) => f(
            RuleId::CriminalRecordNone,
            Status::Fail,
            "A criminal record is declared, which makes the applicant ineligible for B12-1".into(),
        ),
        None => f(
            RuleId::CriminalRecordNone,
            Status::Missing,
            "Not stated whether the applicant has a criminal record (criminal_record)".into(),
        ),
    });

    // Income.
    let (income, threshold_finding, foreign_finding) =
        assess_income(app.income.as_deref(), as_of, ctx)?;
    findings.push(threshold_finding);
    findings.push(foreign_finding);

    // Visa period.
    let visa = visa_dates(app, ctx, as_of)?;
    findings.push(visa.max_validity);
    if app.kind == Kind::Extension {
        findings.push(extension_timing(app, ctx, as_of, visa.dates.start));
    }
    let end = visa.dates.end;
    let start = visa.dates.start;

    // Passport and insurance of the applicant.
    let holder = Holder {
        name: app.applicant.name.as_deref(),
        birth_date: app.applicant.birth_date,
        citizenship: app.applicant.citizenship,
    };
    passport_findings(
        ctx,
        a,
        app.passport.as_ref(),
        &holder,
        end,
        visa.no_visa_possible,
        as_of,
        &mut findings,
    )?;
    findings.push(insurance_finding(
        ctx,
        a,
        app.insurance.as_ref(),
        start,
        end,
    ));

    // Fee and timeline.
    // Data that ends (an MRP not yet published, a calendar year not yet in the data) leaves
    // the fee or the timeline unknown and says so: the rest of the assessment still stands.
    let fee = match fee(ctx, as_of) {
        Ok(fee) => {
            findings.push(f(
                RuleId::FeeConsular,
                Status::Pass,
                sentence!(
                    "Consular fee ",
                    fee.mrp,
                    " MRP x ",
                    group(fee.mrp_value_kzt as u64),
                    " KZT = ",
                    group(fee.amount_kzt),
                    " KZT (MRP of ",
                    fee.year,
                    ")"
                ),
            ));
            Some(fee)
        }
        Err(e) => {
            findings.push(f(
                RuleId::FeeConsular,
                Status::Missing,
                msg!("The fee cannot be computed yet: {e}"),
            ));
            None
        }
    };
    let with_invitation = invitation_required == Some(true) || app.invitation.is_some();
    let registered = with_invitation.then(|| {
        app.invitation
            .as_ref()
            .and_then(|i| i.registered_on)
            .unwrap_or(as_of)
    });
    let timeline = match timeline(ctx, as_of, registered) {
        Ok(timeline) => {
            findings.push(f(
                RuleId::TimelineDecision,
                Status::Pass,
                match registered {
                    None => sentence!(
                        "Decision expected between ",
                        timeline.earliest_decision,
                        " and ",
                        timeline.latest_decision,
                        " (1 to 5 Kazakhstan business days after ",
                        as_of,
                        ")"
                    ),
                    Some(reg) => sentence!(
                        "Decision expected between ",
                        timeline.earliest_decision,
                        " and ",
                        timeline.latest_decision,
                        ": the invitation registered on ",
                        reg,
                        " is ready between ",
                        timeline.invitation_ready_earliest.unwrap_or(reg),
                        " and ",
                        timeline.invitation_ready_latest.unwrap_or(reg),
                        " (NSC approval), then 1 to 5 Kazakhstan business days",
                    ),
                },
            ));
            Some(timeline)
        }
        Err(e) => {
            findings.push(f(
                RuleId::TimelineDecision,
                Status::Missing,
                msg!("The decision dates cannot be computed: {e}"),
            ));
            None
        }
    };

    // Documents of the applicant.
    let mut documents: Vec<DocumentLine> = Vec::with_capacity(9 + 4 * app.family.len());
    let mut required = vec![
        DocumentId::ApplicationForm,
        DocumentId::PassportOriginal,
        DocumentId::BankStatements6m,
        DocumentId::TaxReturn,
        DocumentId::CriminalRecordCertificate,
        DocumentId::MedicalInsurance,
        DocumentId::ConsularFeeReceipt,
    ];
    if invitation_required == Some(true) {
        required.push(DocumentId::Invitation);
    }
    if app.apply_in.is_some()
        && app.apply_in != citizenship
        && app.apply_in == residence
        && !in_kz_extension
    {
        required.push(DocumentId::ResidenceProof);
    }
    checklist(
        a,
        &required,
        &app.documents,
        Some(Legalization::None),
        &mut documents,
    );

    // Family.
    let mut family = Vec::with_capacity(app.family.len());
    for (index, member) in app.family.iter().enumerate() {
        let subject = Subject::Family(index);
        let first = findings.len();
        family_findings(ctx, subject, member, as_of, start, end, &mut findings)?;
        let legalization = member
            .certificate_issued_in
            .map(|c| ctx.law.legalization(c, as_of).0);
        let mut docs = vec![
            DocumentId::ApplicationForm,
            DocumentId::PassportOriginal,
            DocumentId::MedicalInsurance,
        ];
        match member.relation {
            Relation::Spouse => docs.push(DocumentId::MarriageCertificate),
            Relation::Child => docs.push(DocumentId::BirthCertificate),
            Relation::Other(_) => {}
        }
        let doc_first = documents.len();
        checklist(
            subject,
            &docs[..3],
            &member.documents,
            Some(Legalization::None),
            &mut documents,
        );
        checklist(
            subject,
            &docs[3..],
            &member.documents,
            legalization,
            &mut documents,
        );
        let outcome = outcome_of(&findings[first..], &documents[doc_first..]);
        family.push(FamilyOutcome {
            index,
            relation: member.relation.clone(),
            outcome,
            visa: VisaDates {
                start,
                end,
                latest_end_allowed: None,
                entries: "multiple",
            },
        });
    }

    let applicant_findings: Vec<&Finding> = findings.iter().filter(|x| x.subject == a).collect();
    let outcome = outcome_from(
        applicant_findings.iter().map(|x| x.status),
        documents
            .iter()
            .filter(|d| d.subject == a)
            .map(|d| d.status),
    );
    Ok(Assessment {
        outcome,
        as_of,
        kind: app.kind,
        findings,
        income,
        invitation_required,
        visa: visa.dates,
        fee,
        timeline,
        documents,
        family,
    })
}

fn invitation_reason(citizenship: Option<CountryCode>, on_appendix6: bool) -> String {
    match citizenship {
        Some(c) if on_appendix6 => sentence!(
            "a citizen of ",
            c,
            " (Appendix 6) applying outside the country of citizenship"
        )
        .into_owned(),
        Some(c) => sentence!(c, " is not one of the 48 countries of Appendix 6").into_owned(),
        None => "citizenship unknown".into(),
    }
}

fn where_consulate(app: &Application, ctx: &Context<'_>, _as_of: NaiveDate) -> Finding {
    let a = Subject::Applicant;
    let f = |status, message: Cow<'static, str>| {
        finding(ctx, RuleId::WhereConsulate, status, a, message)
    };
    let citizenship = app.applicant.citizenship;
    let residence = app.applicant.residence;
    let Some(at) = app.apply_in else {
        return f(
            Status::Missing,
            "The country where the application is made is not given (apply_in)".into(),
        );
    };
    if app.kind == Kind::Extension && at == CountryCode::KZ {
        return f(
            Status::Pass,
            "Extension requested in Kazakhstan, where the current visa is held".into(),
        );
    }
    if at == CountryCode::KZ {
        return f(
            Status::Fail,
            "A first B12-1 application is made at a Kazakhstan embassy or consulate abroad, not inside Kazakhstan: apply in the country of citizenship or of permanent residence".into(),
        );
    }
    let Some(cit) = citizenship else {
        return f(
            Status::Missing,
            "Citizenship is not given, so the place of application cannot be checked".into(),
        );
    };
    if at == cit {
        return f(
            Status::Pass,
            sentence!("Application made in ", at, ", the country of citizenship"),
        );
    }
    match residence {
        Some(res) if res == at => {
            let mut gaps = Vec::new();
            if app.applicant.residence_proof.is_none() {
                gaps.push("proof of long-term residence (residence permit, work or student visa)");
            }
            if app.invitation.is_none() {
                gaps.push("an invitation");
            }
            if gaps.is_empty() {
                f(
                    Status::Pass,
                    sentence!("Application made in ", at, ", the country of permanent residence, with an invitation and proof of long-term residence"),
                )
            } else {
                f(
                    Status::Missing,
                    msg!("Applying in {at}, the country of permanent residence, also needs {}", gaps.join(" and ")),
                )
            }
        }
        None => f(
            Status::Missing,
            msg!("Application made in {at}, not the country of citizenship {cit}; the country of permanent residence is not given"),
        ),
        Some(res) => f(
            Status::Fail,
            msg!(
                "Application made in {at}, which is neither the country of citizenship ({cit}) nor of permanent residence ({res}): apply at a Kazakhstan embassy or consulate in {cit}, or in {res} with an invitation and proof of residence"
            ),
        ),
    }
}

struct VisaOutcome {
    dates: VisaDates,
    max_validity: Finding,
    no_visa_possible: bool,
}

/// The last day `end` may take so that `end + margin months <= expiry`.
fn latest_end_for_passport(expiry: NaiveDate, margin: u32) -> NaiveDate {
    let margin = margin as i32;
    let mut end = add_months_clamped(expiry, -margin);
    while let Some(next) = end.succ_opt() {
        if add_months_clamped(next, margin) <= expiry {
            end = next;
        } else {
            break;
        }
    }
    end
}

fn visa_dates(
    app: &Application,
    ctx: &Context<'_>,
    as_of: NaiveDate,
) -> Result<VisaOutcome, AssessError> {
    let a = Subject::Applicant;
    let f = |status, message: Cow<'static, str>| {
        finding(ctx, RuleId::VisaMaxValidity, status, a, message)
    };
    let months = ctx.law.max_validity_months(as_of)?.value;
    let margin = ctx.law.passport_margin_months(as_of)?.value;
    let requested = app.visa.as_ref();
    let start = requested.and_then(|v| v.start).or_else(|| {
        (app.kind == Kind::Extension)
            .then(|| app.current_visa.as_ref().and_then(|c| c.end.succ_opt()))
            .flatten()
    });
    let Some(start) = start else {
        return Ok(VisaOutcome {
            dates: VisaDates {
                start: None,
                end: requested.and_then(|v| v.end),
                latest_end_allowed: None,
                entries: "multiple",
            },
            max_validity: f(
                Status::Missing,
                "The visa's start date is not given (visa.start)".into(),
            ),
            no_visa_possible: false,
        });
    };
    let max_end = add_months_clamped(start, months as i32)
        .pred_opt()
        .unwrap_or(start);
    let expiry = app.passport.as_ref().and_then(|p| p.expiry);
    let latest = match expiry {
        Some(e) => max_end.min(latest_end_for_passport(e, margin)),
        None => max_end,
    };
    let no_visa_possible = latest < start;
    let latest_end_allowed = (!no_visa_possible).then_some(latest);
    let requested_end = requested.and_then(|v| v.end);
    let (end, finding) = match requested_end {
        Some(end) if end > max_end => (
            Some(end),
            f(
                Status::Fail,
                sentence!(
                    "The requested period ",
                    start,
                    " to ",
                    end,
                    " is longer than one year: the visa can run at most to ",
                    max_end
                ),
            ),
        ),
        Some(end) => (
            Some(end),
            f(
                Status::Pass,
                sentence!(
                    "The requested period ",
                    start,
                    " to ",
                    end,
                    " is within one year (at most to ",
                    max_end,
                    ")"
                ),
            ),
        ),
        None if no_visa_possible => (
            None,
            f(
                Status::Pass,
                sentence!(
                    "No end requested; one year from ",
                    start,
                    " would run to ",
                    max_end
                ),
            ),
        ),
        None => (
            Some(latest),
            f(
                Status::Pass,
                if latest == max_end {
                    sentence!(
                        "No end requested: the visa runs the full year, ",
                        start,
                        " to ",
                        latest
                    )
                } else {
                    sentence!(
                        "No end requested: the visa runs ",
                        start,
                        " to ",
                        latest,
                        ", the latest end the passport allows (one year would be ",
                        max_end,
                        ")"
                    )
                },
            ),
        ),
    };
    Ok(VisaOutcome {
        dates: VisaDates {
            start: Some(start),
            end,
            latest_end_allowed,
            entries: "multiple",
        },
        max_validity: finding,
        no_visa_possible,
    })
}

fn extension_timing(
    app: &Application,
    ctx: &Context<'_>,
    as_of: NaiveDate,
    start: Option<NaiveDate>,
) -> Finding {
    let f = |status, message: Cow<'static, str>| {
        finding(
            ctx,
            RuleId::ExtensionTiming,
            status,
            Subject::Applicant,
            message,
        )
    };
    let Some(current) = &app.current_visa else {
        return f(
            Status::Missing,
            "An extension needs the current visa (current_visa with its start and end)".into(),
        );
    };
    let must_start = current.end.succ_opt().unwrap_or(current.end);
    if as_of > current.end {
        return f(
            Status::Fail,
            msg!(
                "The extension was requested on {}, after the current visa ended on {}: it must be requested on or before the visa's last day; apply for a new visa instead",
                IsoDate(as_of),
                IsoDate(current.end)
            ),
        );
    }
    match start {
        Some(s) if s != must_start => f(
            Status::Fail,
            sentence!(
                "The extension must start on ",
                must_start,
                ", the day after the current visa ends (",
                current.end,
                "), not on ",
                s
            ),
        ),
        _ => f(
            Status::Pass,
            sentence!(
                "Requested on ",
                as_of,
                ", on or before the current visa's last day ",
                current.end,
                "; the new period starts on ",
                must_start
            ),
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn passport_findings(
    ctx: &Context<'_>,
    subject: Subject,
    passport: Option<&Passport>,
    holder: &Holder<'_>,
    end: Option<NaiveDate>,
    no_visa_possible: bool,
    as_of: NaiveDate,
    out: &mut Vec<Finding>,
) -> Result<(), AssessError> {
    let margin = ctx.law.passport_margin_months(as_of)?.value;
    let min_pages = ctx.law.min_blank_pages(as_of)?.value;
    let f = |rule, status, message: Cow<'static, str>| finding(ctx, rule, status, subject, message);
    let expiry = passport.and_then(|p| p.expiry);
    out.push(match (expiry, end) {
        (None, _) => f(RuleId::PassportValidity, Status::Missing, "The passport's expiry date is not given (passport.expiry)".into()),
        (Some(e), _) if no_visa_possible && subject == Subject::Applicant => f(
            RuleId::PassportValidity,
            Status::Fail,
            msg!(
                "No visa is possible: the passport expires {}, and it must stay valid {margin} months after the visa's end; renew the passport",
                IsoDate(e)
            ),
        ),
        (Some(_), None) => f(RuleId::PassportValidity, Status::Missing, "The visa's dates are not known, so the passport's validity cannot be checked".into()),
        (Some(e), Some(end)) => {
            let needed = add_months_clamped(end, margin as i32);
            if e >= needed {
                f(
                    RuleId::PassportValidity,
                    Status::Pass,
                    sentence!("Passport valid to ", e, ", at least ", margin, " months after the visa's end ", end, " (needs ", needed, ")"),
                )
            } else {
                let latest = latest_end_for_passport(e, margin);
                f(
                    RuleId::PassportValidity,
                    Status::Fail,
                    {
                        let mut text = sentence!(
                            "Passport expires ", e, ", less than ", margin, " months after the visa's end ", end,
                            ": a passport valid to at least ", needed, " is needed"
                        );
                        if subject == Subject::Applicant {
                            text += sentence!(", or a visa ending by ", latest);
                        }
                        text
                    },
                )
            }
        }
    });
    out.push(match passport.and_then(|p| p.blank_pages) {
        None => f(
            RuleId::PassportBlankPages,
            Status::Missing,
            "The number of blank visa pages is not given (passport.blank_pages)".into(),
        ),
        Some(n) if n >= min_pages => f(
            RuleId::PassportBlankPages,
            Status::Pass,
            sentence!(n, " blank visa pages (at least ", min_pages, " needed)"),
        ),
        Some(n) => f(
            RuleId::PassportBlankPages,
            Status::Fail,
            sentence!(
                "Only ",
                n,
                " blank visa page(s): at least ",
                min_pages,
                " are needed; a new passport would fix it"
            ),
        ),
    });
    out.push(match passport.and_then(|p| p.altered) {
        None => f(RuleId::PassportCondition, Status::Missing, "Not stated whether the passport has alterations or damage (passport.altered)".into()),
        Some(false) => f(RuleId::PassportCondition, Status::Pass, "No added entries, corrections, erasures or damaged pages".into()),
        Some(true) => f(
            RuleId::PassportCondition,
            Status::Fail,
            "The passport has added entries, corrections, erasures, marks or torn or stitched pages: apply with a new passport".into(),
        ),
    });
    out.push(match passport.and_then(|p| p.extension_marks) {
        None => f(RuleId::PassportNoExtensionMarks, Status::Missing, "Not stated whether the passport carries a validity-extension mark (passport.extension_marks)".into()),
        Some(false) => f(RuleId::PassportNoExtensionMarks, Status::Pass, "No mark extending the passport's validity".into()),
        Some(true) => f(
            RuleId::PassportNoExtensionMarks,
            Status::Fail,
            "The passport's validity was extended by a mark, which is not accepted: apply with a new passport".into(),
        ),
    });
    if let Some(mrz) = passport.and_then(|p| mrz_consistency(ctx, subject, p, holder, as_of)) {
        out.push(mrz);
    }
    Ok(())
}

fn insurance_finding(
    ctx: &Context<'_>,
    subject: Subject,
    insurance: Option<&Insurance>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Finding {
    let f = |status, message: Cow<'static, str>| {
        finding(ctx, RuleId::InsuranceCoverage, status, subject, message)
    };
    let Some(ins) = insurance else {
        return f(
            Status::Missing,
            "No medical insurance given: it must cover every day of the visa".into(),
        );
    };
    let (Some(start), Some(end)) = (start, end) else {
        return f(
            Status::Missing,
            "The visa's dates are not known, so the insurance cannot be checked".into(),
        );
    };
    let mut gaps = Vec::new();
    if ins.start > start {
        let last = ins.start.pred_opt().unwrap_or(start).min(end);
        gaps.push(span(start, last));
    }
    if ins.end < end {
        let first = ins.end.succ_opt().unwrap_or(end).max(start);
        gaps.push(span(first, end));
    }
    if gaps.is_empty() {
        f(
            Status::Pass,
            sentence!(
                "Insurance ",
                ins.start,
                " to ",
                ins.end,
                " covers the whole visa, ",
                start,
                " to ",
                end
            ),
        )
    } else {
        f(
            Status::Fail,
            sentence!(
                "Insurance ",
                ins.start,
                " to ",
                ins.end,
                " leaves days of the visa uncovered: insurance must also cover ",
                gaps.join(" and ")
            ),
        )
    }
}

fn span(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        sentence!(from).into_owned()
    } else {
        sentence!(from, " to ", to).into_owned()
    }
}

fn family_findings(
    ctx: &Context<'_>,
    subject: Subject,
    member: &FamilyMember,
    as_of: NaiveDate,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    out: &mut Vec<Finding>,
) -> Result<(), AssessError> {
    let f = |rule, status, message: Cow<'static, str>| finding(ctx, rule, status, subject, message);
    let max_age = ctx.law.child_max_age_years(as_of)?.value;
    out.push(match &member.relation {
        Relation::Spouse => f(RuleId::FamilyRelation, Status::Pass, "Spouse of the applicant".into()),
        Relation::Child => match member.birth_date {
            None => f(RuleId::FamilyRelation, Status::Missing, msg!("The child's date of birth is not given: children must be under {max_age}")),
            Some(born) => {
                let adult_on = add_months_clamped(born, 12 * max_age as i32);
                if as_of < adult_on {
                    f(RuleId::FamilyRelation, Status::Pass, sentence!("Child under ", max_age, " on ", as_of, " (born ", born, ")"))
                } else {
                    f(
                        RuleId::FamilyRelation,
                        Status::Fail,
                        msg!("The child turned {max_age} on {} (born {}): only children under {max_age} get an accompanying visa; an adult child needs a visa of their own", IsoDate(adult_on), IsoDate(born)),
                    )
                }
            }
        },
        Relation::Other(r) => f(
            RuleId::FamilyRelation,
            Status::Fail,
            msg!("A {r:?} is not covered: an accompanying visa is for the spouse or a child under {max_age}; they need a visa of their own"),
        ),
    });
    out.push(match (start, end) {
        (Some(s), Some(e)) => f(
            RuleId::FamilyValidity,
            Status::Pass,
            sentence!(
                "The accompanying visa has the applicant's period, ",
                s,
                " to ",
                e
            ),
        ),
        _ => f(
            RuleId::FamilyValidity,
            Status::Missing,
            "The applicant's visa dates are not known".into(),
        ),
    });
    let holder = Holder {
        name: member.name.as_deref(),
        birth_date: member.birth_date,
        citizenship: member.citizenship,
    };
    passport_findings(
        ctx,
        subject,
        member.passport.as_ref(),
        &holder,
        end,
        false,
        as_of,
        out,
    )?;
    out.push(insurance_finding(
        ctx,
        subject,
        member.insurance.as_ref(),
        start,
        end,
    ));
    let certificate = match member.relation {
        Relation::Spouse => Some("marriage certificate"),
        Relation::Child => Some("birth certificate"),
        Relation::Other(_) => None,
    };
    if let Some(cert) = certificate {
        out.push(match member.certificate_issued_in {
            None => f(
                RuleId::FamilyLegalization,
                Status::Missing,
                msg!("The country that issued the {cert} is not given (certificate_issued_in), so its legalization cannot be told"),
            ),
            Some(c) => {
                let (legalization, _) = ctx.law.legalization(c, as_of);
                let what = match legalization {
                    Legalization::None => "needs no legalization (Minsk Convention)".to_owned(),
                    Legalization::Apostille => "needs an apostille (Hague Apostille Convention)".to_owned(),
                    Legalization::Consular => "needs consular legalization (neither a Minsk nor an Apostille Convention party for Kazakhstan)".to_owned(),
                };
                f(RuleId::FamilyLegalization, Status::Pass, msg!("The {cert} issued in {c} {what}"))
            }
        });
    }
    Ok(())
}

fn fee(ctx: &Context<'_>, on: NaiveDate) -> Result<Fee, AssessError> {
    use chrono::Datelike;
    let mrp = ctx.law.fee_mrp(on)?.value;
    let value = ctx.law.mrp_kzt(on)?.value;
    Ok(Fee {
        mrp,
        mrp_value_kzt: value,
        year: on.year(),
        amount_kzt: mrp as u64 * value as u64,
    })
}

fn timeline(
    ctx: &Context<'_>,
    as_of: NaiveDate,
    registered: Option<NaiveDate>,
) -> Result<Timeline, AssessError> {
    let (min_bd, max_bd) = ctx.law.decision_business_days(as_of)?.value;
    let cal = ctx.calendar;
    let Some(reg) = registered else {
        return Ok(Timeline {
            earliest_decision: cal.add_business_days(as_of, min_bd)?.date,
            latest_decision: cal.add_business_days(as_of, max_bd)?.date,
            invitation_registered_on: None,
            invitation_ready_earliest: None,
            invitation_ready_latest: None,
        });
    };
    let ready = ctx.law.invitation_ready(as_of)?.value;
    let ready_earliest = cal.add_business_days(reg, ready.min_business_days)?.date;
    let ready_latest = reg
        .checked_add_days(Days::new(ready.max_calendar_days as u64))
        .unwrap_or(reg);
    Ok(Timeline {
        earliest_decision: cal
            .add_business_days(as_of.max(ready_earliest), min_bd)?
            .date,
        latest_decision: cal.add_business_days(as_of.max(ready_latest), max_bd)?.date,
        invitation_registered_on: Some(reg),
        invitation_ready_earliest: Some(ready_earliest),
        invitation_ready_latest: Some(ready_latest),
    })
}

fn checklist(
    subject: Subject,
    required: &[DocumentId],
    provided: &[DocumentId],
    legalization: Option<Legalization>,
    out: &mut Vec<DocumentLine>,
) {
    for id in required {
        out.push(DocumentLine {
            id: *id,
            subject,
            status: if provided.contains(id) {
                DocumentStatus::Provided
            } else {
                DocumentStatus::Missing
            },
            legalization,
        });
    }
}

fn outcome_of(findings: &[Finding], documents: &[DocumentLine]) -> Outcome {
    outcome_from(
        findings.iter().map(|f| f.status),
        documents.iter().map(|d| d.status),
    )
}

fn outcome_from(
    statuses: impl Iterator<Item = Status>,
    documents: impl Iterator<Item = DocumentStatus>,
) -> Outcome {
    let mut missing = false;
    for s in statuses {
        match s {
            Status::Fail => return Outcome::Ineligible,
            Status::Missing => missing = true,
            Status::Pass => {}
        }
    }
    if missing || documents.into_iter().any(|d| d == DocumentStatus::Missing) {
        Outcome::Incomplete
    } else {
        Outcome::Eligible
    }
}

/// Groups thousands: 129750 -> 129,750.
pub(crate) fn group(n: u64) -> String {
    neonomad_core::Amount::from_decimal(n.into()).grouped()
}
