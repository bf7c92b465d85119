//! Totals of an imported file without keeping its transactions: per statement the balances,
//! count and booked movement; per month of value date the credits in each currency.

use std::collections::BTreeMap;

use neonomad_core::{CurrencyCode, Decimal, Month};
use serde::Serialize;

use super::{
    balanced, continuity, Balance, Diagnostic, Format, Sink, Statement, Status, Transaction,
};

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
            id: statement.id.clone(),
            account: statement.account.clone(),
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

/// A sink that keeps totals only, so memory does not grow with the number of transactions.
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
        self.diagnostics.extend(found);
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
                *self
                    .credits_by_month
                    .entry(month)
                    .or_default()
                    .entry(currency)
                    .or_default() += tx.amount;
            }
        }
    }

    fn statement(&mut self, statement: Statement) {
        let count = std::mem::take(&mut self.current_count);
        let movement = std::mem::replace(&mut self.current_movement, Decimal::ZERO);
        self.statements
            .push(StatementSummary::from_parts(&statement, count, movement));
    }

    fn diagnostic(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}
