//! Income candidates from imported bank statements: every credit becomes a payment for the
//! income test, and those that are not income are marked with the reason they are left out
//! (reversal, pending, own transfer, refund, excluded by the user). Kazakhstan-source credits
//! keep their payer facts so that the engine excludes them as `kz_source`.

use neonomad_core::{Amount, CountryCode, CurrencyCode};
use neonomad_evidence::statement::{Statement, Status, Transaction};

use crate::application::IncomeEntry;
use crate::income::ExclusionReason;

/// What the user says about the statements beyond their content.
#[derive(Debug, Clone, Default)]
pub struct StatementIncomeOptions {
    /// Transaction ids to leave out.
    pub exclude: Vec<String>,
    /// Transaction ids to count even though a rule of thumb left them out.
    pub include: Vec<String>,
    /// The applicant's own accounts besides those of the imported statements.
    pub own_accounts: Vec<String>,
    /// The account holder's name(s): a credit from a payer of the same name is an own transfer.
    pub holder_names: Vec<String>,
}

/// Words that mark a credit as money coming back rather than income.
const REFUND_WORDS: &[&str] = &[
    "refund",
    "chargeback",
    "charge back",
    "erstattung",
    "gutschrift retoure",
    "remboursement",
    "reembolso",
    "rimborso",
    "возврат",
    "қайтару",
];

/// Turns every credit of the statements into an income entry, with its exclusion if any.
pub fn income_from_statements(
    statements: &[Statement],
    options: &StatementIncomeOptions,
) -> Vec<IncomeEntry> {
    let own: Vec<String> = statements
        .iter()
        .filter_map(|s| s.account.as_deref())
        .chain(options.own_accounts.iter().map(String::as_str))
        .map(normalize_account)
        .filter(|a| !a.is_empty())
        .collect();
    let mut out = Vec::new();
    for statement in statements {
        for tx in &statement.transactions {
            if tx.amount <= neonomad_core::Decimal::ZERO {
                continue;
            }
            let Some(date) = tx.date() else { continue };
            let currency = tx
                .currency
                .or(statement.currency)
                .unwrap_or_else(|| CurrencyCode::parse("XXX").expect("XXX is a code"));
            let iban = tx
                .counterparty
                .account
                .as_deref()
                .map(normalize_account)
                .filter(|a| looks_like_iban(a));
            let country = tx
                .counterparty
                .country
                .or_else(|| {
                    iban.as_deref()
                        .and_then(|i| CountryCode::parse(&i[..2]).ok())
                })
                .or_else(|| tx.counterparty.bic.as_deref().and_then(bic_country));
            let excluded = if options.include.iter().any(|id| id == &tx.id) {
                None
            } else {
                exclusion(tx, &own, options)
            };
            out.push(IncomeEntry {
                date,
                amount: Amount::from_decimal(tx.amount),
                currency,
                payer_country: country,
                payer_iban: iban,
                payer_checked: true,
                id: Some(tx.id.clone()),
                description: Some(describe(tx)),
                excluded,
            });
        }
    }
    out.sort_by_key(|e| e.date);
    out
}

fn exclusion(
    tx: &Transaction,
    own: &[String],
    options: &StatementIncomeOptions,
) -> Option<ExclusionReason> {
    if options.exclude.iter().any(|id| id == &tx.id) {
        return Some(ExclusionReason::ExcludedByUser);
    }
    if tx.reversal {
        return Some(ExclusionReason::Reversal);
    }
    if tx.status == Status::Pending {
        return Some(ExclusionReason::Pending);
    }
    if let Some(account) = tx.counterparty.account.as_deref() {
        let account = normalize_account(account);
        if !account.is_empty() && own.contains(&account) {
            return Some(ExclusionReason::OwnTransfer);
        }
    }
    if let Some(payer) = tx.counterparty.name.as_deref() {
        let payer = name_key(payer);
        if !payer.is_empty() && options.holder_names.iter().any(|n| name_key(n) == payer) {
            return Some(ExclusionReason::OwnTransfer);
        }
    }
    let text = tx.description.to_lowercase();
    if REFUND_WORDS.iter().any(|w| text.contains(w)) {
        return Some(ExclusionReason::Refund);
    }
    None
}

/// A name reduced to its words, upper-case and sorted, so that "Schmidt, Anna" is "Anna Schmidt".
fn name_key(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect();
    words.sort();
    words
}

fn describe(tx: &Transaction) -> String {
    let mut text = match &tx.counterparty.name {
        Some(name) if !tx.description.contains(name.as_str()) => {
            format!("{name}: {}", tx.description)
        }
        _ => tx.description.clone(),
    };
    if text.chars().count() > 140 {
        text = text.chars().take(139).collect::<String>() + "…";
    }
    text
}

fn normalize_account(account: &str) -> String {
    account
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

fn looks_like_iban(account: &str) -> bool {
    let b = account.as_bytes();
    b.len() >= 15
        && b.len() <= 34
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b.iter().all(u8::is_ascii_alphanumeric)
}

/// The country letters of a BIC (`BBBBCCLL[XXX]`: letters 5 and 6).
fn bic_country(bic: &str) -> Option<CountryCode> {
    let bic = bic.trim();
    if bic.len() != 8 && bic.len() != 11 {
        return None;
    }
    CountryCode::parse(bic.get(4..6)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use neonomad_core::{parse_date, Decimal};
    use neonomad_evidence::statement::Counterparty;

    fn tx(id: &str, amount: &str, description: &str, counterparty: Counterparty) -> Transaction {
        Transaction {
            id: id.into(),
            reference: None,
            booking_date: Some(parse_date("2025-10-01").unwrap()),
            value_date: Some(parse_date("2025-10-02").unwrap()),
            amount: Decimal::from_str_exact(amount).unwrap(),
            currency: None,
            description: description.into(),
            counterparty,
            reversal: false,
            status: Status::Booked,
            line: 1,
        }
    }

    fn statement(transactions: Vec<Transaction>) -> Statement {
        Statement {
            id: None,
            account: Some("DE89 3704 0044 0532 0130 00".into()),
            currency: Some(CurrencyCode::EUR),
            opening: None,
            closing: None,
            transactions,
            line: 1,
        }
    }

    fn party(account: Option<&str>, bic: Option<&str>) -> Counterparty {
        Counterparty {
            name: Some("Client".into()),
            account: account.map(Into::into),
            bic: bic.map(Into::into),
            country: None,
        }
    }

    #[test]
    fn credits_become_payments_and_debits_are_ignored() {
        let s = statement(vec![
            tx(
                "f#1#1",
                "4100.00",
                "Salary October",
                party(Some("GB29NWBK60161331926819"), None),
            ),
            tx("f#1#2", "-50.00", "Groceries", party(None, None)),
        ]);
        let entries = income_from_statements(&[s], &StatementIncomeOptions::default());
        assert_eq!(entries.len(), 1);
        let e = &entries[0];
        assert_eq!(e.amount.to_string(), "4100.00");
        assert_eq!(
            e.currency,
            CurrencyCode::EUR,
            "the statement's currency when the entry has none"
        );
        assert_eq!(
            e.date,
            parse_date("2025-10-02").unwrap(),
            "value date decides"
        );
        assert_eq!(e.payer_country.map(|c| c.to_string()), Some("GB".into()));
        assert_eq!(e.excluded, None);
        assert!(e.payer_checked);
    }

    #[test]
    fn a_credit_from_the_holder_by_name_is_an_own_transfer() {
        let mut from_me = tx("f#1#1", "1500.00", "Umbuchung", party(None, None));
        from_me.counterparty.name = Some("SCHMIDT, Anna".into());
        let mut from_other = tx("f#1#2", "1500.00", "Invoice", party(None, None));
        from_other.counterparty.name = Some("Anna Schmidt-Weber".into());
        let options = StatementIncomeOptions {
            holder_names: vec!["Anna Schmidt".into()],
            ..Default::default()
        };
        let reasons: Vec<_> =
            income_from_statements(&[statement(vec![from_me, from_other])], &options)
                .iter()
                .map(|e| e.excluded)
                .collect();
        assert_eq!(reasons, vec![Some(ExclusionReason::OwnTransfer), None]);
    }

    #[test]
    fn kazakhstan_payers_are_recognised_by_iban_or_bic() {
        let s = statement(vec![
            tx(
                "f#1#1",
                "100.00",
                "Invoice 7",
                party(Some("KZ86125KZT5004100100"), None),
            ),
            tx(
                "f#1#2",
                "100.00",
                "Invoice 8",
                party(None, Some("KCJBKZKX")),
            ),
        ]);
        let entries = income_from_statements(&[s], &StatementIncomeOptions::default());
        assert!(
            entries
                .iter()
                .all(|e| e.payer_country == Some(CountryCode::KZ)),
            "{entries:?}"
        );
    }

    #[test]
    fn non_income_credits_are_marked_with_their_reason() {
        let mut reversal = tx("f#1#1", "10.00", "Payment", party(None, None));
        reversal.reversal = true;
        let mut pending = tx("f#1#2", "10.00", "Payment", party(None, None));
        pending.status = Status::Pending;
        let own = tx(
            "f#1#3",
            "10.00",
            "Savings",
            party(Some("de89370400440532013000"), None),
        );
        let refund = tx("f#1#4", "10.00", "REFUND order 123", party(None, None));
        let mine = tx("f#1#5", "10.00", "Gift", party(None, None));
        let income = tx(
            "f#1#6",
            "10.00",
            "Refund of nothing, really income",
            party(None, None),
        );
        let s = statement(vec![reversal, pending, own, refund, mine, income]);
        let options = StatementIncomeOptions {
            exclude: vec!["f#1#5".into()],
            include: vec!["f#1#6".into()],
            own_accounts: vec![],
            holder_names: vec![],
        };
        let reasons: Vec<_> = income_from_statements(&[s], &options)
            .iter()
            .map(|e| e.excluded)
            .collect();
        assert_eq!(
            reasons,
            vec![
                Some(ExclusionReason::Reversal),
                Some(ExclusionReason::Pending),
                Some(ExclusionReason::OwnTransfer),
                Some(ExclusionReason::Refund),
                Some(ExclusionReason::ExcludedByUser),
                None,
            ]
        );
    }
}
