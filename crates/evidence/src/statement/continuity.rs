//! Gaps, overlaps and duplicates between consecutive statements of one account: the closing
//! balance of one statement must be the opening balance of the next.
//!
//! Dates alone cannot prove a gap (banks skip weekends and quiet days), so a gap is a
//! difference in amount; an overlap is a statement that opens before the previous one closed.

use std::collections::BTreeMap;

use neonomad_core::CurrencyCode;

use super::{Diagnostic, Severity, StatementSummary};

/// Findings between consecutive statements of the same account, ordered by date; each finding
/// is reported on the later statement. `statements` pairs each statement with its file name.
pub fn continuity(statements: &[(&str, &StatementSummary)]) -> Vec<Diagnostic> {
    // One account number in two currencies is two accounts (sub-accounts, or banks' test data).
    let mut by_account: BTreeMap<(&str, Option<CurrencyCode>), Vec<FileStatement>> =
        BTreeMap::new();
    for &(file, s) in statements {
        if let Some(account) = s.account.as_deref() {
            if sort_date(s).is_some() {
                by_account
                    .entry((account, s.currency))
                    .or_default()
                    .push((file, s));
            }
        }
    }
    let mut found = Vec::new();
    for ((account, _), mut list) in by_account {
        list.sort_by_key(|(_, s)| sort_date(s));
        for pair in list.windows(2) {
            let ((prev_file, prev), (file, next)) = (pair[0], pair[1]);
            if let Some(message) = compare(account, prev_file, prev, next) {
                found.push(Diagnostic {
                    file: file.to_owned(),
                    line: Some(next.line),
                    field: "statement".to_owned(),
                    message,
                    severity: Severity::Warning,
                });
            }
        }
    }
    found
}

/// A statement and the file it came from.
type FileStatement<'a> = (&'a str, &'a StatementSummary);

fn sort_date(s: &StatementSummary) -> Option<neonomad_core::NaiveDate> {
    s.opening.as_ref().or(s.closing.as_ref()).map(|b| b.date)
}

fn compare(
    account: &str,
    prev_file: &str,
    prev: &StatementSummary,
    next: &StatementSummary,
) -> Option<String> {
    let where_prev = format!("{prev_file}:{}", prev.line);
    if prev.opening.is_some()
        && prev.opening == next.opening
        && prev.closing == next.closing
        && prev.transactions == next.transactions
    {
        return Some(format!(
            "account {account}: this statement repeats the one at {where_prev} \
             (same balances and number of transactions); count it once"
        ));
    }
    let (closing, opening) = (prev.closing.as_ref()?, next.opening.as_ref()?);
    if opening.date < closing.date {
        return Some(format!(
            "account {account}: opens on {} before the statement at {where_prev} closed on {}: \
             overlapping statements may count transactions twice",
            opening.date, closing.date
        ));
    }
    if opening.amount != closing.amount || opening.currency != closing.currency {
        let ccy =
            |c: Option<neonomad_core::CurrencyCode>| c.map_or(String::new(), |c| format!(" {c}"));
        return Some(format!(
            "account {account}: opening balance {}{} on {} differs from the closing balance {}{} \
             on {} of the statement at {where_prev}: a statement in between is missing",
            opening.amount,
            ccy(opening.currency),
            opening.date,
            closing.amount,
            ccy(closing.currency),
            closing.date
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statement::Balance;
    use neonomad_core::{parse_date, Decimal};

    fn stmt(line: u64, open: (&str, &str), close: (&str, &str), n: usize) -> StatementSummary {
        let b = |(d, a): (&str, &str)| Balance {
            date: parse_date(d).unwrap(),
            amount: Decimal::from_str_exact(a).unwrap(),
            currency: Some(CurrencyCode::EUR),
        };
        StatementSummary {
            id: None,
            account: Some("DE02100100100006820101".into()),
            currency: Some(CurrencyCode::EUR),
            opening: Some(b(open)),
            closing: Some(b(close)),
            transactions: n,
            booked_movement: Decimal::ZERO,
            balanced: None,
            line,
        }
    }

    #[test]
    fn consecutive_statements_that_chain_are_quiet() {
        let a = stmt(1, ("2025-01-01", "10"), ("2025-01-31", "20"), 2);
        let b = stmt(9, ("2025-01-31", "20.00"), ("2025-02-28", "5"), 1);
        let c = stmt(20, ("2025-03-01", "5"), ("2025-03-31", "5"), 0);
        assert!(continuity(&[("f", &a), ("f", &b), ("f", &c)]).is_empty());
    }

    #[test]
    fn a_balance_jump_is_a_gap_reported_on_the_later_statement() {
        let a = stmt(1, ("2025-01-01", "10"), ("2025-01-31", "20"), 2);
        let b = stmt(9, ("2025-03-01", "70"), ("2025-03-31", "75"), 1);
        let found = continuity(&[("b.xml", &b), ("a.xml", &a)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].file.as_str(), found[0].line), ("b.xml", Some(9)));
        assert!(
            found[0].message.contains(
                "differs from the closing balance 20 EUR on 2025-01-31 of the statement at a.xml:1"
            ),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn opening_before_the_previous_close_is_an_overlap() {
        let a = stmt(1, ("2025-01-01", "10"), ("2025-01-31", "20"), 2);
        let b = stmt(9, ("2025-01-15", "20"), ("2025-02-15", "25"), 1);
        let found = continuity(&[("f", &a), ("f", &b)]);
        assert!(found[0].message.contains("overlapping"), "{found:?}");
    }

    #[test]
    fn the_same_statement_twice_is_a_duplicate() {
        let a = stmt(1, ("2025-01-01", "10"), ("2025-01-01", "20"), 2);
        let found = continuity(&[("f", &a), ("g", &a.clone())]);
        assert!(
            found[0].message.contains("repeats the one at f:1"),
            "{found:?}"
        );
    }

    #[test]
    fn one_account_id_in_two_currencies_is_two_accounts() {
        let a = stmt(1, ("2025-01-01", "10"), ("2025-01-31", "20"), 2);
        let mut b = stmt(9, ("2025-03-01", "70"), ("2025-03-31", "75"), 1);
        b.currency = Some(CurrencyCode::USD);
        assert!(continuity(&[("f", &a), ("f", &b)]).is_empty());
    }

    #[test]
    fn different_accounts_are_not_compared() {
        let a = stmt(1, ("2025-01-01", "10"), ("2025-01-31", "20"), 2);
        let mut b = stmt(9, ("2025-03-01", "70"), ("2025-03-31", "75"), 1);
        b.account = Some("NL91ABNA0417164300".into());
        assert!(continuity(&[("f", &a), ("f", &b)]).is_empty());
    }
}
