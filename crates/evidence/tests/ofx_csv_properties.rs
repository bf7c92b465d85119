//! Properties of the OFX and CSV importers: generated statements with random amounts are read
//! back to the cent (in every notation the importers accept) and their balances hold; arbitrary
//! bytes and tag or cell soup never panic either importer.

use neonomad_core::Decimal;
use neonomad_evidence::statement::csv::{self, builtin_profile, Column, CsvProfile};
use neonomad_evidence::statement::{detect, import_as, Format, Severity};
use proptest::prelude::*;

fn signed(cents: u64, credit: bool) -> Decimal {
    let d = Decimal::new(cents as i64, 2);
    if credit {
        d
    } else {
        -d
    }
}

/// `1234567` cents as `12345.67`, or with a decimal comma `12345,67`.
fn plain(d: Decimal, comma: bool) -> String {
    let s = d.to_string();
    if comma {
        s.replace('.', ",")
    } else {
        s
    }
}

/// German notation with dot thousands: `-1.234.567,89`.
fn german(d: Decimal) -> String {
    let s = format!("{:.2}", d.abs());
    let (int, frac) = s.split_once('.').expect("two decimals");
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped},{frac}")
}

fn ofx(amounts: &[(u64, bool)], xml: bool, comma: bool) -> (String, Decimal) {
    let mut sum = Decimal::ZERO;
    let mut body = String::new();
    for (i, &(cents, credit)) in amounts.iter().enumerate() {
        let a = signed(cents, credit);
        sum += a;
        let (trntype, amount) = (if credit { "CREDIT" } else { "DEBIT" }, plain(a, comma));
        if xml {
            body.push_str(&format!(
                "<STMTTRN><TRNTYPE>{trntype}</TRNTYPE><DTPOSTED>202501{:02}120000.000[-5:EST]</DTPOSTED>\
                 <TRNAMT>{amount}</TRNAMT><FITID>{i}</FITID><NAME>n {i}</NAME></STMTTRN>\n",
                i % 28 + 1
            ));
        } else {
            body.push_str(&format!(
                "<STMTTRN><TRNTYPE>{trntype}<DTPOSTED>202501{:02}<TRNAMT>{amount}<FITID>{i}<NAME>n {i}</STMTTRN>\n",
                i % 28 + 1
            ));
        }
    }
    let ledger = plain(sum, comma);
    let text = if xml {
        format!(
            "<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS>\
             <STMTRS><CURDEF>EUR</CURDEF><BANKACCTFROM><BANKID>1</BANKID><ACCTID>A</ACCTID></BANKACCTFROM>\n\
             <BANKTRANLIST><DTSTART>20250101</DTSTART><DTEND>20250131</DTEND>\n{body}</BANKTRANLIST>\
             <LEDGERBAL><BALAMT>{ledger}</BALAMT><DTASOF>20250131</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
        )
    } else {
        format!(
            "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nCHARSET:1252\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\
             <BANKACCTFROM><BANKID>1<ACCTID>A</BANKACCTFROM>\n<BANKTRANLIST><DTSTART>20250101<DTEND>20250131\n{body}\
             </BANKTRANLIST><LEDGERBAL><BALAMT>{ledger}<DTASOF>20250131</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
        )
    };
    (text, sum)
}

/// A German export with a running balance, newest first when `newest_first`.
fn german_csv(opening: Decimal, amounts: &[(u64, bool)], newest_first: bool) -> (String, Decimal) {
    let mut balance = opening;
    let mut rows = Vec::new();
    for (i, &(cents, credit)) in amounts.iter().enumerate() {
        let a = signed(cents, credit);
        balance += a;
        rows.push(format!(
            "{:02}.01.2025;\"Zweck {i}; mit Semikolon\";{};EUR;{}",
            i % 28 + 1,
            german(a),
            german(balance)
        ));
    }
    if newest_first {
        rows.reverse();
    }
    let text = format!(
        "Konto;DE89370400440532013000\n\nBuchungstag;Verwendungszweck;Betrag;W\u{e4}hrung;Saldo\n{}\n",
        rows.join("\n")
    );
    (text, balance)
}

/// An ING-style export (`;`, yyyymmdd, decimal comma): unsigned amounts, or amounts signed as
/// the indicator says, with an indicator spelled as banks do, and a running balance.
fn indicator_csv(
    opening: Decimal,
    rows: &[(u64, bool, usize, bool)],
    comma: bool,
) -> (String, Decimal) {
    const CREDIT: [&str; 7] = ["Bij", "C", "cr", "H", "HABEN", "Credit", "CRDT"];
    const DEBIT: [&str; 7] = ["Af", "D", "dr", "S", "soll", "Debit", "DBIT"];
    let mut balance = opening;
    let mut lines = vec!["Datum;Omschrijving;Af Bij;Bedrag;Saldo".to_owned()];
    for (i, &(cents, credit, spelling, written_signed)) in rows.iter().enumerate() {
        let a = signed(cents, credit);
        balance += a;
        let amount = if written_signed { a } else { a.abs() };
        let sign = if written_signed && credit { "+" } else { "" };
        let indicator = if credit {
            CREDIT[spelling]
        } else {
            DEBIT[spelling]
        };
        lines.push(format!(
            "202501{:02};Post {i};{indicator};{sign}{};{}",
            i % 28 + 1,
            plain(amount, comma),
            plain(balance, comma)
        ));
    }
    (lines.join("\n"), balance)
}

fn amounts() -> impl Strategy<Value = Vec<(u64, bool)>> {
    prop::collection::vec((0u64..100_000_000_000_000, any::<bool>()), 0..40)
}

proptest! {
    #[test]
    fn ofx_amounts_never_lose_a_cent(lines in amounts(), xml in any::<bool>(), comma in any::<bool>()) {
        let (text, sum) = ofx(&lines, xml, comma);
        prop_assert_eq!(detect(text.as_bytes()), Some(Format::Ofx));
        let r = import_as("gen.ofx", Format::Ofx, text.as_bytes()).unwrap();
        let problems: Vec<_> = r.diagnostics.iter()
            .filter(|d| !d.message.contains("opposite sign"))
            .collect();
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let s = &r.statements[0];
        prop_assert_eq!(s.transactions.len(), lines.len());
        for (tx, &(cents, credit)) in s.transactions.iter().zip(&lines) {
            prop_assert_eq!(tx.amount, signed(cents, credit));
        }
        prop_assert_eq!(s.transactions.iter().map(|t| t.amount).sum::<Decimal>(), sum);
        prop_assert_eq!(s.closing.as_ref().unwrap().amount, sum);
        let summary = r.summary("gen.ofx");
        let credits: Decimal = summary.credits_by_month.values().flat_map(|m| m.values()).copied().sum();
        let expected: Decimal = lines.iter().filter(|l| l.1).map(|&(c, _)| signed(c, true)).sum();
        prop_assert_eq!(credits, expected);
    }

    #[test]
    fn csv_amounts_never_lose_a_cent(
        opening in 0u64..1_000_000_000_000,
        lines in amounts(),
        newest_first in any::<bool>(),
    ) {
        let opening = Decimal::new(opening as i64, 2);
        let (text, closing) = german_csv(opening, &lines, newest_first);
        let bytes = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
        if !lines.is_empty() {
            // A header row alone is not enough to call a file CSV.
            prop_assert_eq!(detect(&bytes), Some(Format::Csv));
        }
        let r = import_as("gen.csv", Format::Csv, &bytes).unwrap();
        prop_assert!(r.diagnostics.iter().all(|d| d.severity == Severity::Warning), "{:?}", r.diagnostics);
        let s = &r.statements[0];
        prop_assert_eq!(s.transactions.len(), lines.len());
        let mut in_file_order: Vec<Decimal> = lines.iter().map(|&(c, credit)| signed(c, credit)).collect();
        if newest_first {
            in_file_order.reverse();
        }
        let read: Vec<Decimal> = s.transactions.iter().map(|t| t.amount).collect();
        prop_assert_eq!(read, in_file_order);
        if !lines.is_empty() {
            prop_assert_eq!(s.closing.as_ref().map(|b| b.amount), Some(closing));
            prop_assert_eq!(s.opening.as_ref().map(|b| b.amount), Some(opening));
            prop_assert_eq!(s.balanced(), Some(true));
        }
    }

    #[test]
    fn amounts_never_lose_a_cent_with_an_indicator_column(
        opening in 0u64..1_000_000_000_000,
        rows in prop::collection::vec(
            (0u64..100_000_000_000_000, any::<bool>(), 0usize..7, any::<bool>()), 0..40),
        comma in any::<bool>(),
    ) {
        let opening = Decimal::new(opening as i64, 2);
        let (text, closing) = indicator_csv(opening, &rows, comma);
        let mut profile = CsvProfile::new("ind", Column::from_arg("Datum"), Column::from_arg("Bedrag"));
        profile.delimiter = ';';
        profile.date_format = csv::DateFormats(vec!["%Y%m%d".to_owned()]);
        profile.direction = Some(Column::from_arg("Af Bij"));
        profile.balance = Some(Column::from_arg("Saldo"));
        profile.fixed_currency = Some(neonomad_core::CurrencyCode::EUR);
        if comma {
            profile.decimal_separator = ',';
        }
        let r = csv::import("ind.csv", text.as_bytes(), Some(&profile)).unwrap();
        // Only a file without rows has something to say (that it holds no transaction).
        prop_assert_eq!(r.diagnostics.is_empty(), !rows.is_empty(), "{:?}", r.diagnostics);
        let s = &r.statements[0];
        let read: Vec<Decimal> = s.transactions.iter().map(|t| t.amount).collect();
        let want: Vec<Decimal> = rows.iter().map(|&(c, credit, _, _)| signed(c, credit)).collect();
        prop_assert_eq!(read, want);
        let credits: Decimal = r.summary("ind.csv").credits_by_month.values().flat_map(|m| m.values()).copied().sum();
        let expected: Decimal = rows.iter().filter(|r| r.1).map(|&(c, _, _, _)| signed(c, true)).sum();
        prop_assert_eq!(credits, expected);
        if !rows.is_empty() {
            prop_assert_eq!(s.closing.as_ref().map(|b| b.amount), Some(closing));
            prop_assert_eq!(s.balanced(), Some(true));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = detect(&bytes);
        let _ = import_as("fuzz", Format::Ofx, &bytes);
        let _ = import_as("fuzz", Format::Csv, &bytes);
        let mut profile = CsvProfile::new("p", Column::Index(1), Column::Index(2));
        profile.header = false;
        profile.balance = Some(Column::Index(3));
        let _ = csv::import("fuzz", &bytes, Some(&profile));
        let _ = csv::import("fuzz", &bytes, builtin_profile("de-semicolon").as_ref());
    }

    #[test]
    fn ofx_shaped_garbage_never_panics(parts in prop::collection::vec(
        prop::sample::select(vec!["<OFX>", "</OFX>", "<STMTRS>", "</STMTRS>", "<CCSTMTRS>", "<BANKTRANLIST>",
            "</BANKTRANLIST>", "<STMTTRN>", "</STMTTRN>", "<TRNAMT>", "-1,5", "12.", "<DTPOSTED>", "20250230",
            "20250101120000[-5:EST]", "<LEDGERBAL>", "<BALAMT>", "<DTASOF>", "<STATUS>", "<CODE>", "15500",
            "</STATUS>", "<INVSTMTRS>", "</INVSTMTRS>", "<![CDATA[x]]>", "<!-- c -->", "&amp;", "&#x0;", "<?OFX ?>",
            "<CURRENCY><CURSYM>", "usd", "<", ">", "</", "\n", "<BANKTRANLISTP><STMTTRNP>"]),
        0..80)) {
        let text = format!("OFXHEADER:100\n\n{}", parts.concat());
        if let Ok(r) = import_as("garbage.ofx", Format::Ofx, text.as_bytes()) {
            let lines = text.lines().count() as u64 + 1;
            for d in &r.diagnostics {
                prop_assert!(d.line.is_some_and(|l| l >= 1 && l <= lines), "{}", d);
            }
            let summary = r.summary("garbage.ofx");
            let counted: usize = summary.statements.iter().map(|s| s.transactions).sum();
            prop_assert_eq!(counted, summary.transactions);
        }
    }

    #[test]
    fn csv_shaped_garbage_never_panics(rows in prop::collection::vec(
        prop::collection::vec("[0-9.,;\"\\- a-zA-Z]{0,12}", 0..6), 0..30)) {
        let text = format!(
            "Date,Amount,Currency,Balance\n{}",
            rows.iter().map(|r| r.join(",")).collect::<Vec<_>>().join("\n")
        );
        let r = import_as("garbage.csv", Format::Csv, text.as_bytes()).unwrap();
        let lines = text.lines().count() as u64 + 1;
        for d in &r.diagnostics {
            prop_assert!(d.line.is_some_and(|l| l >= 1 && l <= lines), "{}", d);
        }
        prop_assert_eq!(r.statements.len(), 1);
    }
}
