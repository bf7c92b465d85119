//! Totals of an imported file without keeping its transactions: per statement the balances,
//! count and booked movement; per month of value date the credits in each currency.

use std::collections::BTreeMap;

use neonomad_core::{CurrencyCode, Decimal, Month};
use serde::Serialize;

use super::{
    balanced, continuity, Balance, Diagnostic, Format, Overflow, Severity, Sink, Statement, Status,
    Transaction,
};

/// Statements listed per file; later ones still count in the totals. A daily statement for 27
/// years is 10,000: more is a hostile or broken file, which must not fill memory.
pub const MAX_STATEMENTS: usize = 10_000;
/// (month, currency) pairs of credits kept per file; a real file has a few dozen.
pub const MAX_CREDIT_MONTHS: usize = 10_000;
/// Longest statement id or account kept (camt ids hold 35 characters, IBANs 34).
const MAX_NAME_CHARS: usize = 256;

/// Currency key for credits whose currency nobody stated: ISO 4217 `XXX`, "no currency".
fn no_currency() -> CurrencyCode {
    CurrencyCode::parse("XXX").expect("XXX has the shape of a currency code")
}

/// One statement reduced to what a reader checks: balances, count, movement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementSummary {
    /// The statement's own id, if given.
    pub id: Option<String>,
    /// Account (IBAN or id as written).
    pub account: Option<String>,
    /// Account currency.
    pub currency: Option<CurrencyCode>,
    /// Opening booked balance.
    pub opening: Option<Balance>,
    /// Closing booked balance.
    pub closing: Option<Balance>,
    /// Number of transactions (booked and pending).
    pub transactions: usize,
    /// Sum of the booked transactions' signed amounts.
    pub booked_movement: Decimal,
    /// opening + booked movement = closing; `None` when a balance is missing.
    pub balanced: Option<bool>,
    /// Line where the statement starts.
    pub line: u64,
}

impl StatementSummary {
    /// Reduces a full statement.
    pub fn of(statement: &Statement) -> StatementSummary {
        let movement = statement
            .transactions
            .iter()
            .filter(|t| t.status == Status::Booked)
            .map(|t| t.amount)
            .sum();
        StatementSummary::from_parts(statement, statement.transactions.len(), movement)
    }

    fn from_parts(statement: &Statement, transactions: usize, movement: Decimal) -> Self {
        StatementSummary {
            id: statement.id.as_deref().map(shortened),
            account: statement.account.as_deref().map(shortened),
            currency: statement.currency,
            opening: statement.opening.clone(),
            closing: statement.closing.clone(),
            transactions,
            booked_movement: movement,
            balanced: balanced(
                statement.opening.as_ref(),
                movement,
                statement.closing.as_ref(),
            ),
            line: statement.line,
        }
    }
}

/// At most [`MAX_NAME_CHARS`] characters of an id, with `…` when cut.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(MAX_NAME_CHARS) {
        Some((at, _)) => format!("{}\u{2026}", &text[..at]),
        None => text.to_owned(),
    }
}

/// A sink that keeps totals only, so memory does not grow with the number of transactions:
/// at most [`MAX_STATEMENTS`] statements, [`MAX_CREDIT_MONTHS`] credit months and
/// [`super::MAX_DIAGNOSTICS`] diagnostics are kept; anything beyond is counted and reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The file name the caller gave.
    pub file: String,
    /// The format the file was read as.
    pub format: Format,
    /// Statements in file order.
    pub statements: Vec<StatementSummary>,
    /// Number of transactions in the file.
    pub transactions: usize,
    /// Booked, non-reversal credits per month of value date (else booking date) and currency.
    pub credits_by_month: BTreeMap<Month, BTreeMap<CurrencyCode, Decimal>>,
    /// Findings, in the order they were made.
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    current_count: usize,
    #[serde(skip)]
    current_movement: Decimal,
    #[serde(skip)]
    credit_pairs: usize,
    #[serde(skip)]
    overflow: Overflow,
    /// Statements read beyond [`MAX_STATEMENTS`] and their first line.
    #[serde(skip)]
    unlisted_statements: (usize, u64),
    /// Credits beyond [`MAX_CREDIT_MONTHS`] pairs, and the first one's line.
    #[serde(skip)]
    uncounted_credits: (usize, u64),
}

impl Summary {
    /// An empty summary for a file.
    pub fn new(file: &str, format: Format) -> Summary {
        Summary {
            file: file.to_owned(),
            format,
            statements: Vec::new(),
            transactions: 0,
            credits_by_month: BTreeMap::new(),
            diagnostics: Vec::new(),
            current_count: 0,
            current_movement: Decimal::ZERO,
            credit_pairs: 0,
            overflow: Overflow::default(),
            unlisted_statements: (0, 0),
            uncounted_credits: (0, 0),
        }
    }

    /// Appends the continuity findings between this file's statements; call once after streaming.
    pub fn finish(mut self) -> Summary {
        let refs: Vec<(&str, &StatementSummary)> = self
            .statements
            .iter()
            .map(|s| (self.file.as_str(), s))
            .collect();
        let found = continuity(&refs);
        for d in found {
            self.diagnostic(d);
        }
        let file = self.file.clone();
        let (count, line) = self.unlisted_statements;
        if count > 0 {
            self.diagnostics.push(Diagnostic {
                file: file.clone(),
                line: Some(line),
                field: "statement".to_owned(),
                message: format!(
                    "{count} more statement(s) from here on were read but not listed or checked for gaps: \
                     only the first {MAX_STATEMENTS} are kept (their transactions are in the totals)"
                ),
                severity: Severity::Error,
            });
        }
        let (count, line) = self.uncounted_credits;
        if count > 0 {
            self.diagnostics.push(Diagnostic {
                file: file.clone(),
                line: Some(line),
                field: "credits".to_owned(),
                message: format!(
                    "{count} credit(s) from here on were not added to credits by month: the file has credits in \
                     more than {MAX_CREDIT_MONTHS} (month, currency) pairs"
                ),
                severity: Severity::Error,
            });
        }
        self.diagnostics.extend(self.overflow.note(&file));
        self
    }
}

impl Sink for Summary {
    fn transaction(&mut self, tx: Transaction) {
        self.transactions += 1;
        self.current_count += 1;
        if tx.status == Status::Booked {
            self.current_movement += tx.amount;
        }
        if tx.is_credit() {
            if let Some(month) = tx.month() {
                let currency = tx.currency.unwrap_or_else(no_currency);
                let known = self
                    .credits_by_month
                    .get(&month)
                    .is_some_and(|m| m.contains_key(&currency));
                if known || self.credit_pairs < MAX_CREDIT_MONTHS {
                    self.credit_pairs += usize::from(!known);
                    *self
                        .credits_by_month
                        .entry(month)
                        .or_default()
                        .entry(currency)
                        .or_default() += tx.amount;
                } else {
                    if self.uncounted_credits.0 == 0 {
                        self.uncounted_credits.1 = tx.line;
                    }
                    self.uncounted_credits.0 += 1;
                }
            }
        }
    }

    fn statement(&mut self, statement: Statement) {
        let count = std::mem::take(&mut self.current_count);
        let movement = std::mem::replace(&mut self.current_movement, Decimal::ZERO);
        if self.statements.len() < MAX_STATEMENTS {
            self.statements
                .push(StatementSummary::from_parts(&statement, count, movement));
        } else {
            if self.unlisted_statements.0 == 0 {
                self.unlisted_statements.1 = statement.line;
            }
            self.unlisted_statements.0 += 1;
        }
    }

    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.overflow.keep(&mut self.diagnostics, diagnostic);
    }
}
