//! Properties of the statement importers: generated statements with random amounts are read
//! back to the cent and balance; arbitrary bytes never panic either importer.

use neonomad_core::Decimal;
use neonomad_evidence::statement::{detect, import_as, Format, Severity};
use proptest::prelude::*;

/// Cents to MT940's decimal-comma notation: 123456 -> "1234,56".
fn mt940_amount(cents: u64) -> String {
    format!("{},{:02}", cents / 100, cents % 100)
}

fn camt_amount(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn signed(cents: u64, credit: bool) -> Decimal {
    let d = Decimal::new(cents as i64, 2);
    if credit {
        d
    } else {
        -d
    }
}

fn mt940_statement(opening: (u64, bool), lines: &[(u64, bool)]) -> (String, Decimal) {
    let mut text = String::from(":20:GEN\r\n:25:DE89370400440532013000\r\n:28C:1/1\r\n");
    let mark = |credit: bool| if credit { "C" } else { "D" };
    text.push_str(&format!(
        ":60F:{}250101EUR{}\r\n",
        mark(opening.1),
        mt940_amount(opening.0)
    ));
    let mut sum = Decimal::ZERO;
    for (i, &(cents, credit)) in lines.iter().enumerate() {
        sum += signed(cents, credit);
        text.push_str(&format!(
            ":61:2501{:02}0101{}{}NTRFREF{i}//B{i}\r\n:86:line {i}\r\n",
            i % 28 + 1,
            mark(credit),
            mt940_amount(cents)
        ));
    }
    let closing = signed(opening.0, opening.1) + sum;
    let closing_text = mt940_amount(closing.abs().mantissa() as u64);
    text.push_str(&format!(
        ":62F:{}250131EUR{closing_text}\r\n-\r\n",
        mark(!closing.is_sign_negative())
    ));
    (text, sum)
}

fn camt_statement(opening: (u64, bool), entries: &[(u64, bool)]) -> (String, Decimal) {
    let cdi = |credit: bool| if credit { "CRDT" } else { "DBIT" };
    let balance = |code: &str, cents: u64, credit: bool, date: &str| {
        format!(
            "<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{}</Amt>\
             <CdtDbtInd>{}</CdtDbtInd><Dt><Dt>{date}</Dt></Dt></Bal>\n",
            camt_amount(cents),
            cdi(credit)
        )
    };
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\
         <BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr><Stmt><Id>S</Id>\
         <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n",
    );
    body.push_str(&balance("OPBD", opening.0, opening.1, "2025-01-01"));
    let mut sum = Decimal::ZERO;
    let mut ntries = String::new();
    for (i, &(cents, credit)) in entries.iter().enumerate() {
        sum += signed(cents, credit);
        ntries.push_str(&format!(
            "<Ntry><Amt Ccy=\"EUR\">{}</Amt><CdtDbtInd>{}</CdtDbtInd><Sts>BOOK</Sts>\
             <ValDt><Dt>2025-01-{:02}</Dt></ValDt></Ntry>\n",
            camt_amount(cents),
            cdi(credit),
            i % 28 + 1
        ));
    }
    let closing = signed(opening.0, opening.1) + sum;
    body.push_str(&balance(
        "CLBD",
        closing.abs().mantissa() as u64,
        !closing.is_sign_negative(),
        "2025-01-31",
    ));
    body.push_str(&ntries);
    body.push_str("</Stmt></BkToCstmrStmt></Document>\n");
    (body, sum)
}

fn amounts() -> impl Strategy<Value = Vec<(u64, bool)>> {
    prop::collection::vec((0u64..100_000_000_000_000, any::<bool>()), 0..40)
}

proptest! {
    #[test]
    fn mt940_amounts_never_lose_a_cent(opening in (0u64..1_000_000_000_000, any::<bool>()), lines in amounts()) {
        let (text, sum) = mt940_statement(opening, &lines);
        let r = import_as("gen.sta", Format::Mt940, text.as_bytes()).unwrap();
        prop_assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let s = &r.statements[0];
        prop_assert_eq!(s.transactions.len(), lines.len());
        for (tx, &(cents, credit)) in s.transactions.iter().zip(&lines) {
            prop_assert_eq!(tx.amount, signed(cents, credit));
        }
        prop_assert_eq!(s.transactions.iter().map(|t| t.amount).sum::<Decimal>(), sum);
        prop_assert_eq!(s.balanced(), Some(true));
    }

    #[test]
    fn camt053_amounts_never_lose_a_cent(opening in (0u64..1_000_000_000_000, any::<bool>()), entries in amounts()) {
        let (text, sum) = camt_statement(opening, &entries);
        let r = import_as("gen.xml", Format::Camt053, text.as_bytes()).unwrap();
        prop_assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let s = &r.statements[0];
        prop_assert_eq!(s.transactions.len(), entries.len());
        for (tx, &(cents, credit)) in s.transactions.iter().zip(&entries) {
            prop_assert_eq!(tx.amount, signed(cents, credit));
        }
        prop_assert_eq!(s.transactions.iter().map(|t| t.amount).sum::<Decimal>(), sum);
        prop_assert_eq!(s.balanced(), Some(true));
        let summary = r.summary("gen.xml");
        let credits: Decimal = summary.credits_by_month.values().flat_map(|m| m.values()).copied().sum();
        let expected: Decimal = entries.iter().filter(|e| e.1).map(|&(c, _)| signed(c, true)).sum();
        prop_assert_eq!(credits, expected);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = detect(&bytes);
        let _ = import_as("fuzz", Format::Mt940, &bytes);
        let _ = import_as("fuzz", Format::Camt053, &bytes);
    }

    #[test]
    fn mt940_shaped_garbage_never_panics(lines in prop::collection::vec(
        (prop::sample::select(vec![":20:", ":25:", ":28C:", ":60F:", ":60M:", ":61:", ":86:", ":62F:", ":62M:", ":64:", ":NS:", ":34F:", "{1:", "{4:", "-}", "-", "?20", ""]),
         "[0-9CDR,A-Z/?{}: ]{0,40}"),
        0..30)) {
        let text: String = lines.iter().map(|(tag, rest)| format!("{tag}{rest}\n")).collect();
        let r = import_as("garbage.sta", Format::Mt940, text.as_bytes()).unwrap();
        for d in &r.diagnostics {
            prop_assert!(d.line.is_some_and(|l| l as usize <= lines.len().max(1)), "{d}");
        }
    }

    #[test]
    fn camt_shaped_garbage_never_panics(parts in prop::collection::vec(
        prop::sample::select(vec!["<Stmt>", "</Stmt>", "<Ntry>", "</Ntry>", "<Bal>", "</Bal>", "<Amt Ccy=\"EUR\">", "</Amt>",
            "<CdtDbtInd>", "</CdtDbtInd>", "CRDT", "1.5", "<ValDt><Dt>", "</Dt></ValDt>", "2025-02-30", "&amp;", "&x;",
            "<TxDtls>", "</TxDtls>", "<NtryDtls>", "</NtryDtls>", "<Sts>", "</Sts>", "BOOK", "<![CDATA[x]]>", "<!-- c -->"]),
        0..60)) {
        let text = format!(
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt>{}</BkToCstmrStmt></Document>",
            parts.concat()
        );
        if let Ok(r) = import_as("garbage.xml", Format::Camt053, text.as_bytes()) {
            prop_assert!(r.diagnostics.iter().all(|d| d.line.is_some() || d.severity == Severity::Warning));
        }
    }
}
