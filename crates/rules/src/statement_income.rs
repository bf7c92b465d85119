//! Income candidates from imported bank statements: every credit becomes a payment for the
//! income test, and those that are not income are marked with the reason they are left out
//! (reversal, pending, own transfer, refund, excluded by the user). Kazakhstan-source credits
//! keep their payer facts so that the engine excludes them as `kz_source`.

use std::collections::HashMap;

use neonomad_core::{Amount, CountryCode, CurrencyCode, Decimal, NaiveDate};
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
    let duplicates = duplicates(statements);
    let mut out = Vec::new();
    for (s, statement) in statements.iter().enumerate() {
        for (t, tx) in statement.transactions.iter().enumerate() {
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
            let original = duplicates.get(&(s, t));
            let excluded = if options.include.iter().any(|id| id == &tx.id) {
                None
            } else if original.is_some() && !options.exclude.iter().any(|id| id == &tx.id) {
                Some(ExclusionReason::Duplicate)
            } else {
                exclusion(tx, &own, statement.holder.as_deref(), options)
            };
            let mut description = describe(tx);
            if let Some(original) = original {
                description = format!("same payment as {original}: {description}");
            }
            out.push(IncomeEntry {
                date,
                amount: Amount::from_decimal(tx.amount),
                currency,
                payer_country: country,
                payer_iban: iban,
                payer_checked: true,
                id: Some(tx.id.clone()),
                description: Some(description),
                excluded,
            });
        }
    }
    out.sort_by_key(|e| e.date);
    out
}

/// The credits that repeat a credit of an earlier statement of the same account (same
/// currency, date and amount), keyed by (statement, transaction) index, with the id of the
/// credit they repeat.
///
/// Only statements of one account whose periods overlap are compared, and each earlier credit
/// matches at most one later one, so two equal payments on one day inside one statement both
/// count, while a file given twice, or a six-month statement given with the monthly ones, counts
/// each payment once. The key is loose on purpose: the same account exported as camt.053 and as
/// MT940 words its descriptions differently, but not its dates and amounts.
///
/// Statements that name no account (most CSV exports) are compared with each other too, since
/// nothing tells their accounts apart, but a credit then repeats another only if its text and
/// payer are also the same: two banks' exports rarely word one day's payment identically.
fn duplicates(statements: &[Statement]) -> HashMap<(usize, usize), &str> {
    let mut found = HashMap::new();
    let mut seen: Vec<Earlier<'_>> = Vec::new();
    for (s, statement) in statements.iter().enumerate() {
        let account = statement.account.as_deref().map(normalize_account);
        let Some(period) = period(statement) else {
            continue;
        };
        let mut credits: HashMap<CreditKey, Vec<&str>> = HashMap::new();
        for (t, tx) in statement.transactions.iter().enumerate() {
            let Some(date) = tx.date().filter(|_| tx.amount > Decimal::ZERO) else {
                continue;
            };
            let wording = account.is_none().then(|| {
                let payer = tx.counterparty.name.as_deref().unwrap_or_default();
                format!("{payer}\u{1f}{}", tx.description)
            });
            let key = (
                tx.currency.or(statement.currency),
                date,
                tx.amount.normalize(),
                wording,
            );
            let earlier = seen.iter_mut().find_map(|e| {
                let overlaps = e.account == account && e.from <= period.1 && period.0 <= e.to;
                overlaps
                    .then(|| e.credits.get_mut(&key).and_then(Vec::pop))
                    .flatten()
            });
            match earlier {
                Some(original) => {
                    found.insert((s, t), original);
                }
                None => credits.entry(key).or_default().push(tx.id.as_str()),
            }
        }
        for ids in credits.values_mut() {
            ids.reverse(); // `pop` then matches in file order
        }
        seen.push(Earlier {
            account,
            from: period.0,
            to: period.1,
            credits,
        });
    }
    found
}

/// What identifies a credit across statements of one account: currency, date, amount, and for
/// statements without an account number also the payer and the text.
type CreditKey = (Option<CurrencyCode>, NaiveDate, Decimal, Option<String>);

/// An earlier statement's credits not yet matched by a later one, by key, in file order.
struct Earlier<'a> {
    account: Option<String>,
    from: NaiveDate,
    to: NaiveDate,
    credits: HashMap<CreditKey, Vec<&'a str>>,
}

/// The days a statement covers: its balances' dates and its transactions' dates.
fn period(statement: &Statement) -> Option<(NaiveDate, NaiveDate)> {
    let dates = statement
        .opening
        .iter()
        .chain(&statement.closing)
        .map(|b| b.date)
        .chain(statement.transactions.iter().filter_map(Transaction::date));
    dates.fold(None, |acc, d| match acc {
        None => Some((d, d)),
        Some((from, to)) => Some((from.min(d), to.max(d))),
    })
}

/// Why a credit is not income, if it is not: `holder` is the name of the account holder the
/// statement itself gives, an own-transfer name besides the user's.
fn exclusion(
    tx: &Transaction,
    own: &[String],
    holder: Option<&str>,
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
        let mut holders = options
            .holder_names
            .iter()
            .map(String::as_str)
            .chain(holder);
        if !payer.is_empty() && holders.any(|n| name_key(n) == payer) {
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
            holder: None,
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
    fn a_credit_from_the_holder_the_statement_names_is_an_own_transfer() {
        let mut from_me = tx("f#1#1", "1500.00", "Umbuchung", party(None, None));
        from_me.counterparty.name = Some("Anna Schmidt".into());
        let mut elsewhere = tx("g#1#1", "1500.00", "Umbuchung", party(None, None));
        elsewhere.counterparty.name = Some("Anna Schmidt".into());
        let mut mine = statement(vec![from_me]);
        mine.holder = Some("SCHMIDT Anna".into());
        // The holder of one statement says nothing about another's (a spouse's account).
        let other = Statement {
            account: Some("DE02 1203 0000 0000 2020 51".into()),
            ..statement(vec![elsewhere])
        };
        let reasons: Vec<_> = income_from_statements(&[mine, other], &Default::default())
            .iter()
            .map(|e| (e.id.clone().unwrap(), e.excluded))
            .collect();
        assert_eq!(
            reasons,
            vec![
                ("f#1#1".to_owned(), Some(ExclusionReason::OwnTransfer)),
                ("g#1#1".to_owned(), None)
            ]
        );
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

    fn on(mut t: Transaction, date: &str) -> Transaction {
        t.value_date = Some(parse_date(date).unwrap());
        t
    }

    fn reasons(
        statements: &[Statement],
        options: &StatementIncomeOptions,
    ) -> Vec<(String, Option<ExclusionReason>)> {
        let mut found: Vec<_> = income_from_statements(statements, options)
            .into_iter()
            .map(|e| (e.id.unwrap(), e.excluded))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    #[test]
    fn a_statement_given_twice_counts_each_payment_once() {
        // Two equal payments on one day are both income; the copy repeats both of them.
        let payments = |f: &str| {
            vec![
                on(
                    tx(
                        &format!("{f}#1#1"),
                        "500.00",
                        "Invoice 1",
                        party(None, None),
                    ),
                    "2025-10-02",
                ),
                on(
                    tx(
                        &format!("{f}#1#2"),
                        "500.00",
                        "Invoice 2",
                        party(None, None),
                    ),
                    "2025-10-02",
                ),
                on(
                    tx(&format!("{f}#1#3"), "-20.00", "Fee", party(None, None)),
                    "2025-10-03",
                ),
            ]
        };
        let entries = income_from_statements(
            &[statement(payments("a")), statement(payments("copy"))],
            &StatementIncomeOptions::default(),
        );
        let counted: Vec<_> = entries
            .iter()
            .filter(|e| e.excluded.is_none())
            .map(|e| e.id.clone().unwrap())
            .collect();
        assert_eq!(counted, vec!["a#1#1", "a#1#2"]);
        let repeated: Vec<_> = entries
            .iter()
            .filter(|e| e.excluded == Some(ExclusionReason::Duplicate))
            .collect();
        assert_eq!(repeated.len(), 2, "{entries:?}");
        assert!(
            repeated[0]
                .description
                .as_deref()
                .unwrap()
                .starts_with("same payment as a#1#1: "),
            "{repeated:?}"
        );
    }

    #[test]
    fn only_the_overlapping_part_of_a_longer_statement_repeats() {
        // A six-month statement given with the October one: October counts once, November once.
        let long = statement(vec![
            on(
                tx("half#1#1", "4000.00", "Salary 10", party(None, None)),
                "2025-10-31",
            ),
            on(
                tx("half#1#2", "4000.00", "Salary 11", party(None, None)),
                "2025-11-28",
            ),
        ]);
        let october = statement(vec![on(
            tx("oct#1#1", "4000.00", "SALARY OCT", party(None, None)),
            "2025-10-31",
        )]);
        let found = reasons(&[long, october], &StatementIncomeOptions::default());
        assert_eq!(
            found,
            vec![
                ("half#1#1".into(), None),
                ("half#1#2".into(), None),
                ("oct#1#1".into(), Some(ExclusionReason::Duplicate)),
            ]
        );
    }

    #[test]
    fn equal_payments_on_other_accounts_or_days_are_not_duplicates() {
        let a = statement(vec![on(
            tx("a#1#1", "100.00", "x", party(None, None)),
            "2025-10-02",
        )]);
        let mut other_account = statement(vec![on(
            tx("b#1#1", "100.00", "x", party(None, None)),
            "2025-10-02",
        )]);
        other_account.account = Some("GB29NWBK60161331926819".into());
        let other_day = statement(vec![on(
            tx("c#1#1", "100.00", "x", party(None, None)),
            "2025-10-03",
        )]);
        let other_amount = statement(vec![on(
            tx("d#1#1", "100.01", "x", party(None, None)),
            "2025-10-02",
        )]);
        let found = reasons(
            &[a, other_account, other_day, other_amount],
            &StatementIncomeOptions::default(),
        );
        assert!(found.iter().all(|(_, r)| r.is_none()), "{found:?}");
    }

    #[test]
    fn statements_without_an_account_repeat_only_with_the_same_wording() {
        let csv = |f: &str, text: &str| {
            let mut s = statement(vec![on(
                tx(&format!("{f}#1#1"), "900.00", text, party(None, None)),
                "2025-10-02",
            )]);
            s.account = None;
            s
        };
        let found = reasons(
            &[
                csv("a", "Invoice 12"),
                csv("copy", "Invoice 12"),
                csv("other", "Invoice 13"),
            ],
            &StatementIncomeOptions::default(),
        );
        assert_eq!(
            found,
            vec![
                ("a#1#1".into(), None),
                ("copy#1#1".into(), Some(ExclusionReason::Duplicate)),
                ("other#1#1".into(), None),
            ]
        );
    }

    #[test]
    fn include_counts_a_repeated_payment_and_exclude_names_the_user() {
        let a = statement(vec![on(
            tx("a#1#1", "100.00", "x", party(None, None)),
            "2025-10-02",
        )]);
        let b = statement(vec![on(
            tx("b#1#1", "100.00", "x", party(None, None)),
            "2025-10-02",
        )]);
        let include = StatementIncomeOptions {
            include: vec!["b#1#1".into()],
            ..Default::default()
        };
        assert_eq!(
            reasons(&[a.clone(), b.clone()], &include)[1],
            ("b#1#1".into(), None)
        );
        let exclude = StatementIncomeOptions {
            exclude: vec!["b#1#1".into()],
            ..Default::default()
        };
        assert_eq!(
            reasons(&[a, b], &exclude)[1],
            ("b#1#1".into(), Some(ExclusionReason::ExcludedByUser))
        );
    }
}
