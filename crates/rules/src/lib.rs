//! The B12-1 assessment engine. It takes an [`Application`] (the interchange contract's input),
//! the law, the Kazakhstan calendar and an exchange-rate table, and returns an [`Assessment`]:
//! one finding per rule with its source, the document checklist, the fee, the visa dates and
//! the decision timeline.
//!
//! The engine is pure: "today" is the application's `as_of`, and the law, calendar and rates
//! are arguments. Nothing here reads files or the clock.

/// A finding's sentence built from parts; fixed sentences stay borrowed (`"...".into()`), so
/// most findings allocate nothing for their text.
macro_rules! msg {
    ($($arg:tt)*) => {
        std::borrow::Cow::<'static, str>::Owned(format!($($arg)*))
    };
}

/// A finding's sentence from pieces (`&str`, `String`, dates, `u32`, country codes), written
/// as `format!` with `{}` would write them but without `core::fmt` (see `sentence.rs`).
macro_rules! sentence {
    ($($piece:expr),+ $(,)?) => {{
        let mut text = String::with_capacity(160);
        $( $crate::sentence::Piece::push_to(&$piece, &mut text); )+
        std::borrow::Cow::<'static, str>::Owned(text)
    }};
}

mod application;
mod assessment;
mod assessment_json;
mod engine;
mod income;
mod input_error;
mod iso_date;
mod mrz_check;
mod rule;
mod sentence;
mod statement_income;
mod validate;

pub use application::{
    Applicant, Application, CurrentVisa, DocumentId, FamilyMember, IncomeEntry, Insurance,
    Invitation, Kind, Passport, Relation, ResidenceProof, VisaRequest,
};
pub use assessment::{
    Assessment, DocumentLine, DocumentStatus, FamilyOutcome, Fee, Finding, IncomeItem, IncomeMonth,
    IncomeReport, Outcome, Status, Timeline, VisaDates,
};
pub use assessment_json::AssessmentWriter;
pub use engine::{assess, AssessError, Context};
pub use income::{income_report, ExclusionReason};
pub use input_error::InputError;
pub use rule::RuleId;
pub use statement_income::{income_from_statements, StatementIncomeOptions};
