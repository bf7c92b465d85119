//! The application as the interchange contract defines it: JSON or YAML, strict.
//!
//! Unknown fields are errors (a typo must not pass silently). A fact that is absent or `null`
//! is *missing*: the engine reports it, it never guesses a default.

use chrono::NaiveDate;
use neonomad_core::{Amount, CountryCode, CurrencyCode};
use serde::{Deserialize, Deserializer, Serialize};

use crate::input_error::InputError;

/// A B12-1 application, first or extension, with its family members.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// First application or extension of a current visa; absent means `initial`.
    #[serde(default)]
    pub kind: Kind,
    /// The assessment (submission) date.
    #[serde(default, with = "crate::iso_date::option")]
    pub as_of: Option<NaiveDate>,
    /// Country of the consulate where the application is made.
    #[serde(default)]
    pub apply_in: Option<CountryCode>,
    /// The main applicant.
    pub applicant: Applicant,
    /// The applicant's passport.
    #[serde(default)]
    pub passport: Option<Passport>,
    /// The requested visa period.
    #[serde(default)]
    pub visa: Option<VisaRequest>,
    /// Income payments (one per payment or per month).
    #[serde(default)]
    pub income: Option<Vec<IncomeEntry>>,
    /// Medical insurance period.
    #[serde(default)]
    pub insurance: Option<Insurance>,
    /// The invitation from a licensed Kazakh travel company, if any.
    #[serde(default)]
    pub invitation: Option<Invitation>,
    /// For extensions: the visa being extended.
    #[serde(default)]
    pub current_visa: Option<CurrentVisa>,
    /// Ids of the documents the applicant provides.
    #[serde(default)]
    pub documents: Vec<DocumentId>,
    /// Spouse and children applying for accompanying visas.
    #[serde(default)]
    pub family: Vec<FamilyMember>,
}

/// First application or extension.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A first application at a consulate.
    #[default]
    Initial,
    /// Extension of a current B12-1 visa.
    Extension,
}

impl Kind {
    /// The contract word.
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Initial => "initial",
            Kind::Extension => "extension",
        }
    }
}

/// The main applicant's personal facts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Applicant {
    /// Full name as in the passport.
    #[serde(default)]
    pub name: Option<String>,
    /// Date of birth.
    #[serde(default, with = "crate::iso_date::option")]
    pub birth_date: Option<NaiveDate>,
    /// Country of citizenship.
    #[serde(default)]
    pub citizenship: Option<CountryCode>,
    /// Country of permanent residence.
    #[serde(default)]
    pub residence: Option<CountryCode>,
    /// Proof of long-term residence, when applying in the country of residence.
    #[serde(default)]
    pub residence_proof: Option<ResidenceProof>,
    /// Whether there is a criminal record (`null` = not stated).
    #[serde(default)]
    pub criminal_record: Option<bool>,
    /// Whether the applicant intends to take a job in Kazakhstan.
    #[serde(default)]
    pub intends_to_work_in_kz: Option<bool>,
}

/// Proof of long-term residence in the country of application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResidenceProof {
    /// A residence permit.
    ResidencePermit,
    /// A work visa.
    WorkVisa,
    /// A student visa.
    StudentVisa,
}

/// A passport as the applicant or a family member describes it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Passport {
    /// Passport number.
    #[serde(default)]
    pub number: Option<String>,
    /// Issuing country.
    #[serde(default)]
    pub issuing_country: Option<CountryCode>,
    /// Expiry date.
    #[serde(default, with = "crate::iso_date::option")]
    pub expiry: Option<NaiveDate>,
    /// Blank visa pages left.
    #[serde(default)]
    pub blank_pages: Option<u32>,
    /// Added entries, corrections, erasures, marks, torn or stitched pages.
    #[serde(default)]
    pub altered: Option<bool>,
    /// A mark showing the passport's validity was extended.
    #[serde(default)]
    pub extension_marks: Option<bool>,
    /// The machine-readable zone: its lines, as a list or as one text with line breaks.
    #[serde(
        default,
        deserialize_with = "mrz_lines",
        skip_serializing_if = "Option::is_none"
    )]
    pub mrz: Option<String>,
}

/// Reads `mrz` as a list of lines or as one string.
fn mrz_lines<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Lines {
        Text(String),
        List(Vec<String>),
    }
    Ok(match Option::<Lines>::deserialize(d)? {
        None => None,
        Some(Lines::Text(t)) => Some(t),
        Some(Lines::List(l)) => Some(l.join("\n")),
    })
}

/// The visa period asked for.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VisaRequest {
    /// First day of validity.
    #[serde(default, with = "crate::iso_date::option")]
    pub start: Option<NaiveDate>,
    /// Last day of validity; absent means the longest allowed.
    #[serde(default, with = "crate::iso_date::option")]
    pub end: Option<NaiveDate>,
}

/// One income payment (or one month's income).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IncomeEntry {
    /// Date the money was paid (its rate is the one of this date).
    #[serde(with = "crate::iso_date")]
    pub date: NaiveDate,
    /// Amount received, a decimal string.
    pub amount: Amount,
    /// Currency of the amount.
    pub currency: CurrencyCode,
    /// Country of the payer (`KZ` means a Kazakhstan source, which does not count).
    #[serde(default)]
    pub payer_country: Option<CountryCode>,
    /// The payer's IBAN, when known (a `KZ` IBAN is a Kazakhstan source).
    #[serde(default)]
    pub payer_iban: Option<String>,
    /// True when a bank statement was searched for Kazakhstan indicators (payer IBAN, BIC,
    /// country) and none was found: the payment then counts as foreign without a stated payer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub payer_checked: bool,
    /// An id for the payment (e.g. a bank transaction id), shown in the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The bank's text for the payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Left out of the income test, and why (e.g. `own_transfer`, `refund`, `excluded_by_user`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded: Option<crate::income::ExclusionReason>,
}

/// A medical insurance period.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Insurance {
    /// First covered day.
    #[serde(with = "crate::iso_date")]
    pub start: NaiveDate,
    /// Last covered day.
    #[serde(with = "crate::iso_date")]
    pub end: NaiveDate,
}

/// An invitation registered by a licensed Kazakh travel company.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Invitation {
    /// Registration date; absent means not registered yet (counted as registered on `as_of`).
    #[serde(default, with = "crate::iso_date::option")]
    pub registered_on: Option<NaiveDate>,
    /// The invitation's number, when issued.
    #[serde(default)]
    pub number: Option<String>,
}

/// The visa being extended.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CurrentVisa {
    /// Visa number.
    #[serde(default)]
    pub number: Option<String>,
    /// First day of validity.
    #[serde(with = "crate::iso_date")]
    pub start: NaiveDate,
    /// Last day of validity.
    #[serde(with = "crate::iso_date")]
    pub end: NaiveDate,
}

/// A spouse or child applying for an accompanying visa.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyMember {
    /// Relation to the applicant.
    pub relation: Relation,
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// Date of birth.
    #[serde(default, with = "crate::iso_date::option")]
    pub birth_date: Option<NaiveDate>,
    /// Citizenship.
    #[serde(default)]
    pub citizenship: Option<CountryCode>,
    /// Country that issued the marriage or birth certificate.
    #[serde(default)]
    pub certificate_issued_in: Option<CountryCode>,
    /// The member's passport.
    #[serde(default)]
    pub passport: Option<Passport>,
    /// The member's medical insurance.
    #[serde(default)]
    pub insurance: Option<Insurance>,
    /// Ids of the documents provided for this member.
    #[serde(default)]
    pub documents: Vec<DocumentId>,
}

/// How a family member is related to the applicant. Anything but spouse or child is kept as
/// written, so that the report can say it is not covered rather than reject the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// Husband or wife.
    Spouse,
    /// Son or daughter.
    Child,
    /// Any other relation (not covered by an accompanying visa).
    Other(String),
}

impl Serialize for Relation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Relation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match s.as_str() {
            "spouse" => Relation::Spouse,
            "child" => Relation::Child,
            "" => {
                return Err(serde::de::Error::custom(
                    "relation is empty: write \"spouse\" or \"child\"",
                ))
            }
            _ => Relation::Other(s),
        })
    }
}

impl Relation {
    /// The relation as written.
    pub fn as_str(&self) -> &str {
        match self {
            Relation::Spouse => "spouse",
            Relation::Child => "child",
            Relation::Other(s) => s,
        }
    }
}

macro_rules! document_ids {
    ($($variant:ident => $id:literal, $label:literal;)*) => {
        /// A document of the B12-1 checklist, by its contract id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DocumentId { $(#[doc = $label] $variant,)* }

        impl DocumentId {
            /// Every document id.
            pub const ALL: &'static [DocumentId] = &[$(DocumentId::$variant,)*];

            /// The contract id, e.g. `tax_return`.
            pub fn as_str(&self) -> &'static str {
                match self { $(DocumentId::$variant => $id,)* }
            }

            /// A short label for people.
            pub fn label(&self) -> &'static str {
                match self { $(DocumentId::$variant => $label,)* }
            }

            /// Looks an id up.
            pub fn parse(id: &str) -> Option<DocumentId> {
                match id { $($id => Some(DocumentId::$variant),)* _ => None }
            }
        }
    };
}

document_ids! {
    ApplicationForm => "application_form", "Visa application form";
    PassportOriginal => "passport_original", "Original passport";
    BankStatements6m => "bank_statements_6m", "Bank statements for the last 6 months";
    TaxReturn => "tax_return", "Tax return from the country of citizenship";
    CriminalRecordCertificate => "criminal_record_certificate", "Certificate of no criminal record";
    MedicalInsurance => "medical_insurance", "Medical insurance for the whole visa period";
    ConsularFeeReceipt => "consular_fee_receipt", "Consular fee receipt";
    Invitation => "invitation", "Invitation registered by a licensed Kazakh travel company";
    ResidenceProof => "residence_proof", "Proof of long-term residence (permit, work or student visa)";
    MarriageCertificate => "marriage_certificate", "Marriage certificate";
    BirthCertificate => "birth_certificate", "Birth certificate";
}

impl Serialize for DocumentId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DocumentId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        neonomad_core::deserialize_str_with(d, |s| {
            DocumentId::parse(s).ok_or_else(|| {
                let known: Vec<&str> = DocumentId::ALL.iter().map(|d| d.as_str()).collect();
                format!("unknown document id {s:?}; known ids: {}", known.join(", "))
            })
        })
    }
}

impl Application {
    /// Parses a JSON application; errors name `origin`, the field path and what is wrong.
    pub fn from_json(text: &str, origin: &str) -> Result<Application, InputError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let app: Application = serde_path_to_error::deserialize(de)
            .map_err(|e| InputError::from_path_error(origin, e))?;
        // Trailing garbage after the object is a bad file, not an ignorable extra.
        let mut de = serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
        de.next();
        if de.next().is_some() {
            return Err(InputError::new(
                origin,
                "",
                "unexpected content after the application object",
            ));
        }
        Ok(app)
    }

    /// Parses a YAML application; errors name `origin`, the field path and what is wrong.
    pub fn from_yaml(text: &str, origin: &str) -> Result<Application, InputError> {
        let de = serde_yaml::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| InputError::from_path_error(origin, e))
    }

    /// Parses JSON, or YAML when `origin` ends in `.yaml` or `.yml`.
    pub fn from_text(text: &str, origin: &str) -> Result<Application, InputError> {
        let lower = origin.to_ascii_lowercase();
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Application::from_yaml(text, origin)
        } else {
            Application::from_json(text, origin)
        }
    }
}
