//! The stable rule ids of the spec: outputs, tests, logs and UI texts refer to rules by them.

use serde::{Serialize, Serializer};

/// A rule of the B12-1 spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    /// Where the application is made.
    WhereConsulate,
    /// Whether an invitation is needed and present.
    CitizenshipInvitation,
    /// No employment in Kazakhstan.
    WorkProhibited,
    /// No criminal record.
    CriminalRecordNone,
    /// Six months of foreign income above the threshold.
    IncomeThreshold,
    /// Kazakhstan-source income does not count.
    IncomeForeignSource,
    /// At most one year of validity.
    VisaMaxValidity,
    /// Extension requested in time and starting the day after the current visa.
    ExtensionTiming,
    /// Passport valid long enough after the visa's end.
    PassportValidity,
    /// Enough blank visa pages.
    PassportBlankPages,
    /// No alterations.
    PassportCondition,
    /// No validity-extension marks.
    PassportNoExtensionMarks,
    /// The passport's MRZ checks out and matches the form.
    PassportMrzConsistency,
    /// Insurance covers every day of the visa.
    InsuranceCoverage,
    /// Spouse or child under 18.
    FamilyRelation,
    /// Family visas share the applicant's period.
    FamilyValidity,
    /// Legalization of marriage or birth certificates.
    FamilyLegalization,
    /// The consular fee.
    FeeConsular,
    /// When the decision comes.
    TimelineDecision,
}

impl RuleId {
    /// The id as written in the spec, e.g. `income.threshold`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RuleId::WhereConsulate => "where.consulate",
            RuleId::CitizenshipInvitation => "citizenship.invitation",
            RuleId::WorkProhibited => "work.prohibited",
            RuleId::CriminalRecordNone => "criminal_record.none",
            RuleId::IncomeThreshold => "income.threshold",
            RuleId::IncomeForeignSource => "income.foreign_source",
            RuleId::VisaMaxValidity => "visa.max_validity",
            RuleId::ExtensionTiming => "extension.timing",
            RuleId::PassportValidity => "passport.validity",
            RuleId::PassportBlankPages => "passport.blank_pages",
            RuleId::PassportCondition => "passport.condition",
            RuleId::PassportNoExtensionMarks => "passport.no_extension_marks",
            RuleId::PassportMrzConsistency => "passport.mrz_consistency",
            RuleId::InsuranceCoverage => "insurance.coverage",
            RuleId::FamilyRelation => "family.relation",
            RuleId::FamilyValidity => "family.validity",
            RuleId::FamilyLegalization => "family.legalization",
            RuleId::FeeConsular => "fee.consular",
            RuleId::TimelineDecision => "timeline.decision",
        }
    }

    /// Every rule id, in report order.
    pub const ALL: [RuleId; 19] = [
        RuleId::WhereConsulate,
        RuleId::CitizenshipInvitation,
        RuleId::WorkProhibited,
        RuleId::CriminalRecordNone,
        RuleId::IncomeThreshold,
        RuleId::IncomeForeignSource,
        RuleId::VisaMaxValidity,
        RuleId::ExtensionTiming,
        RuleId::PassportValidity,
        RuleId::PassportBlankPages,
        RuleId::PassportCondition,
        RuleId::PassportNoExtensionMarks,
        RuleId::PassportMrzConsistency,
        RuleId::InsuranceCoverage,
        RuleId::FamilyRelation,
        RuleId::FamilyValidity,
        RuleId::FamilyLegalization,
        RuleId::FeeConsular,
        RuleId::TimelineDecision,
    ];
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
