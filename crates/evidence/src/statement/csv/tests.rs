//! CSV importer tests: built-in profiles found from the header, explicit profiles, encodings,
//! balances in either row order, and rows that cannot be read.

use super::*;
use crate::statement::{detect, import_as};

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn day(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, dd)
}

fn errors(r: &ImportResult) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect()
}

/// A German online-banking export: preamble, `;`, dd.mm.yyyy, decimal comma, Windows-1252.
const SPARKASSE: &str = "\"Kontonummer:\";\"DE89370400440532013000\"\n\
\"Zeitraum:\";\"01.01.2025 - 31.01.2025\"\n\
\n\
\"Buchungstag\";\"Valutadatum\";\"Buchungstext\";\"Verwendungszweck\";\"Beguenstigter/Zahlungspflichtiger\";\"Kontonummer/IBAN\";\"BIC (SWIFT-Code)\";\"Betrag\";\"W\u{e4}hrung\"\n\
\"31.01.2025\";\"01.02.2025\";\"GUTSCHRIFT\";\"Gehalt Januar\";\"ACME GmbH\";\"FR76 3000 6000 0112 3456 7890 189\";\"AGRIFRPP\";\"3.600,00\";\"EUR\"\n\
\"15.01.2025\";\"15.01.2025\";\"LASTSCHRIFT\";\"Miete; Januar\";\"Vermieter M\u{fc}ller\";\"DE02100100100006820101\";\"\";\"-1.200,50\";\"EUR\"\n\
\"\";\"\";\"\";\"Kontostand\";\"\";\"\";\"\";\"\";\"\"\n";

fn latin1(text: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
}

#[test]
fn a_german_export_is_recognised_and_read() {
    let bytes = latin1(SPARKASSE);
    assert_eq!(detect(&bytes), Some(Format::Csv));
    let r = import_as("umsatz.csv", Format::Csv, &bytes).unwrap();
    assert!(errors(&r).is_empty(), "{:?}", r.diagnostics);
    let notes: Vec<String> = r.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "umsatz.csv:4: warning: charset: not valid UTF-8; this and later such rows were read as Windows-1252 (set encoding in the profile to be sure)",
            "umsatz.csv:4: warning: header: read with the built-in CSV profile de-semicolon",
            "umsatz.csv:1: warning: header: 2 row(s) before the header row (account details) were not read as transactions",
            "umsatz.csv:7: warning: row: 1 row(s) with neither a date nor an amount (totals, footers) were ignored: line(s) 7",
        ]
    );
    let s = &r.statements[0];
    assert_eq!(s.currency, Some(CurrencyCode::EUR));
    assert_eq!((s.opening.clone(), s.closing.clone()), (None, None));
    let t = &s.transactions;
    assert_eq!(t.len(), 2);
    assert_eq!(t[0].amount, d("3600.00"));
    assert_eq!(t[0].booking_date, day(2025, 1, 31));
    assert_eq!(t[0].value_date, day(2025, 2, 1));
    assert_eq!(
        t[0].month().unwrap().to_string(),
        "2025-02",
        "the value date decides"
    );
    assert_eq!(t[0].description, "GUTSCHRIFT Gehalt Januar");
    assert_eq!(t[0].counterparty.name.as_deref(), Some("ACME GmbH"));
    assert_eq!(
        t[0].counterparty.account.as_deref(),
        Some("FR7630006000011234567890189")
    );
    assert_eq!(t[0].counterparty.bic.as_deref(), Some("AGRIFRPP"));
    assert_eq!(t[0].counterparty.country.unwrap().as_str(), "FR");
    assert_eq!((t[0].line, t[0].id.as_str()), (5, "umsatz.csv#1#1"));
    assert_eq!(t[1].amount, d("-1200.50"));
    assert_eq!(t[1].description, "LASTSCHRIFT Miete; Januar");
    assert_eq!(
        t[1].counterparty.name.as_deref(),
        Some("Vermieter M\u{fc}ller")
    );
}

const SIGNED: &str = "Date,Description,Amount,Currency,Balance,Counterparty IBAN,Payer Country\n\
2025-03-01,Opening transfer,100.00,USD,1100.00,,\n\
2025-03-05,\"Invoice 7, March\",2500.00,USD,3600.00,GB29NWBK60161331926819,\n\
2025-03-09,Card,-12.34,usd,3587.66,,\n\
2025-03-10,Client,50.00,USD,3637.66,US12345678,USA\n";

#[test]
fn a_generic_signed_export_gives_balances_from_the_balance_column() {
    let r = import("bank.csv", SIGNED.as_bytes(), None).unwrap();
    assert!(errors(&r).is_empty(), "{:?}", r.diagnostics);
    assert_eq!(
        r.diagnostics[0].message,
        "read with the built-in CSV profile generic-signed"
    );
    let s = &r.statements[0];
    assert_eq!(s.currency.unwrap().as_str(), "USD");
    let opening = s.opening.as_ref().unwrap();
    assert_eq!(
        (opening.date, opening.amount),
        (day(2025, 3, 1).unwrap(), d("1000.00"))
    );
    let closing = s.closing.as_ref().unwrap();
    assert_eq!(
        (closing.date, closing.amount),
        (day(2025, 3, 10).unwrap(), d("3637.66"))
    );
    assert_eq!(s.balanced(), Some(true));
    let t = &s.transactions;
    assert_eq!(t[1].description, "Invoice 7, March");
    assert_eq!(t[1].counterparty.country.unwrap().as_str(), "GB");
    assert_eq!(
        t[3].counterparty.country.unwrap().as_str(),
        "US",
        "alpha-3 is read"
    );
    assert_eq!(t[2].currency.unwrap().as_str(), "USD");
}

#[test]
fn newest_first_exports_balance_too() {
    let mut lines: Vec<&str> = SIGNED.lines().collect();
    lines[1..].reverse();
    let text = lines.join("\n");
    let r = import("rev.csv", text.as_bytes(), None).unwrap();
    let s = &r.statements[0];
    assert_eq!(s.opening.as_ref().unwrap().amount, d("1000.00"));
    assert_eq!(s.closing.as_ref().unwrap().amount, d("3637.66"));
    assert_eq!(s.closing.as_ref().unwrap().date, day(2025, 3, 10).unwrap());
    assert_eq!(s.balanced(), Some(true));
}

#[test]
fn a_balance_column_that_does_not_add_up_is_not_used() {
    let text = SIGNED.replace("3600.00", "3601.00");
    let r = import("bad.csv", text.as_bytes(), None).unwrap();
    let s = &r.statements[0];
    assert_eq!((s.opening.clone(), s.closing.clone()), (None, None));
    let w = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("does not follow the amounts"))
        .unwrap();
    assert_eq!(
        (w.line, w.field.as_str()),
        (Some(3), "column 5 \"Balance\"")
    );
}

#[test]
fn debit_and_credit_columns_give_signed_amounts() {
    let text = "Date,Details,Debit,Credit\n2025-04-01,Salary,,4100.00\n2025-04-02,Rent,900.00,\n\
                2025-04-03,Refund,-5.00,\n2025-04-04,Odd,1.00,2.00\n2025-04-05,Nothing,,\n2025-04-06,Zero,0.00,\n";
    let r = import("dc.csv", text.as_bytes(), None).unwrap();
    assert_eq!(
        errors(&r),
        [
            "dc.csv:5: error: column 3 \"Debit\": amount \"1.00 / 2.00\": both a debit and a credit in one row: expected one of them; row left out",
            "dc.csv:6: error: column 3 \"Debit\": amount \"\": neither a debit nor a credit; row left out",
        ]
    );
    let t = &r.statements[0].transactions;
    let amounts: Vec<Decimal> = t.iter().map(|t| t.amount).collect();
    assert_eq!(amounts, [d("4100.00"), d("-900.00"), d("-5.00"), d("0.00")]);
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.message.contains("generic-debit-credit")));
}

#[test]
fn bad_rows_are_errors_naming_line_and_column() {
    let text = "Date,Amount,Currency\n2025-02-30,1.00,EUR\n2025-02-01,1.000,00,EUR\n\"2025-02-02\",\"1,5\",EUR\n2025-02-03,2.00,EURO\n";
    let r = import("rows.csv", text.as_bytes(), None).unwrap();
    let errors = errors(&r);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(
        errors[0],
        "rows.csv:2: error: column 1 \"Date\": date \"2025-02-30\": not a date in the format \"%Y-%m-%d\" (or not a calendar day); row left out"
    );
    assert!(
        errors[1].starts_with("rows.csv:4: error: column 2 \"Amount\": amount \"1,5\": expected a number such as -1234.56; set thousands_separator ','"),
        "{}",
        errors[1]
    );
    let t = &r.statements[0].transactions;
    assert_eq!(
        t.len(),
        2,
        "line 3 splits into four cells: 1.000 is the amount"
    );
    assert_eq!(t[1].currency, None);
    assert!(r.diagnostics.iter().any(|d| d
        .message
        .starts_with("currency \"EURO\" is not a currency code")));
}

#[test]
fn no_matching_header_says_what_each_profile_misses() {
    let text = "Datum,Summe,Text\n01.01.2025,5,x\n";
    let err = import("x.csv", text.as_bytes(), None).unwrap_err();
    assert_eq!((err.line, err.field.as_str()), (Some(1), "header"));
    assert!(
        err.message.starts_with("no header row matches a built-in CSV profile (the row that came closest has \"Datum\", \"Summe\", \"Text\"): generic-signed needs date (\"Date\""),
        "{err}"
    );
    assert!(
        err.message.contains("generic-debit-credit needs date"),
        "{err}"
    );
    assert!(
        err.message
            .contains("de-semicolon needs rows of cells separated by ';'"),
        "{err}"
    );
    assert!(err.message.contains("--csv-profile"), "{err}");
    let mine = CsvProfile::new(
        "mine",
        Column::from_arg("Datum"),
        Column::from_arg("Betrag"),
    );
    let err = import("x.csv", text.as_bytes(), Some(&mine)).unwrap_err();
    assert!(
        err.message.starts_with("no header row with the columns of CSV profile mine in the first 50 rows: missing amount (\"Betrag\")"),
        "{err}"
    );
}

#[test]
fn an_explicit_profile_with_numbers_skip_lines_and_a_fixed_currency() {
    let yaml = "name: headerless\ndelimiter: \"\\t\"\nheader: false\nskip_lines: 2\ndate: 1\ndate_format: \"%m/%d/%Y\"\n\
                amount: 3\ndescription: [2]\nfixed_currency: KZT\ndecimal_separator: \",\"\nthousands_separator: \" \"\n";
    let profile = CsvProfile::from_yaml("headerless", yaml).unwrap();
    let text =
        "Bank export\nGenerated today\n01/31/2025\tSalary\t1 500 000,00\n02/01/2025\tFee\t-500\n";
    let r = import("kz.tsv", text.as_bytes(), Some(&profile)).unwrap();
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let s = &r.statements[0];
    assert_eq!(s.currency.unwrap().as_str(), "KZT");
    assert_eq!(s.transactions[0].amount, d("1500000.00"));
    assert_eq!(s.transactions[0].line, 3);
    assert_eq!(s.transactions[1].description, "Fee");
}

#[test]
fn absent_mapped_columns_and_missing_currency_are_warned() {
    let mut profile = CsvProfile::new("p", Column::from_arg("Date"), Column::from_arg("Amount"));
    profile.counterparty = Some(Column::from_arg("Payer"));
    let r = import("p.csv", b"Date,Amount\n2025-01-01,1\n", Some(&profile)).unwrap();
    let notes: Vec<String> = r.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "p.csv:1: warning: header: mapped columns not in the header row, left empty: counterparty (\"Payer\")",
            "p.csv:2: warning: currency: rows without a currency: map a currency column or set fixed_currency (--csv-currency) in the profile; their credits count under XXX",
        ]
    );
}

#[test]
fn utf16_and_bom_files_are_read() {
    let text = "\u{feff}Date;Amount;Currency;Description\n2025-01-01;1,5;EUR;Caf\u{e9}\n";
    let mut profile = CsvProfile::new("semi", Column::from_arg("Date"), Column::from_arg("Amount"));
    profile.delimiter = ';';
    profile.decimal_separator = ',';
    profile.currency = Some(Column::from_arg("Currency"));
    profile.description = vec![Column::from_arg("Description")];
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        text.trim_start_matches('\u{feff}')
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    assert_eq!(detect(&utf16), Some(Format::Csv));
    for bytes in [text.as_bytes().to_vec(), utf16] {
        let r = import("u.csv", &bytes, Some(&profile)).unwrap();
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let t = &r.statements[0].transactions[0];
        assert_eq!((t.amount, t.description.as_str()), (d("1.5"), "Caf\u{e9}"));
    }
    profile.encoding = Some("windows-1252".into());
    let r = import(
        "l.csv",
        &latin1(text.trim_start_matches('\u{feff}')),
        Some(&profile),
    )
    .unwrap();
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.statements[0].transactions[0].description, "Caf\u{e9}");
}

#[test]
fn quoted_line_breaks_keep_line_numbers_right() {
    let text = "Date,Amount,Description\n2025-01-01,1.00,\"two\nlines\"\n2025-01-02,x,bad\n";
    let r = import("q.csv", text.as_bytes(), None).unwrap();
    assert_eq!(r.statements[0].transactions[0].description, "two lines");
    assert_eq!(errors(&r)[0].split(": error").next(), Some("q.csv:4"));
}

#[test]
fn crlf_and_blank_lines_keep_line_numbers_right() {
    let text = "Date,Amount\r\n\r\n2025-01-01,1\r\n\r\n\r\n2025-01-02,x\r\n2025-01-03,y\r\n";
    let r = import("crlf.csv", text.as_bytes(), None).unwrap();
    assert_eq!(r.statements[0].transactions[0].line, 3);
    let lines: Vec<Option<u64>> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, [Some(6), Some(7)]);
}

#[test]
fn an_unusable_profile_is_refused_before_reading() {
    let mut profile = CsvProfile::new("p", Column::from_arg("Date"), Column::from_arg("Amount"));
    profile.debit = Some(Column::Index(3));
    let err = import("p.csv", b"Date,Amount\n", Some(&profile)).unwrap_err();
    assert_eq!(err.field, "amount");
    assert!(err.message.starts_with("CSV profile p: amount:"), "{err}");
}

#[test]
fn only_a_header_is_an_empty_statement_with_a_warning() {
    let r = import("h.csv", b"Date,Amount,Currency\n", None).unwrap();
    assert_eq!(r.statements.len(), 1);
    assert!(r.statements[0].transactions.is_empty());
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.message.contains("no transaction rows")));
}

#[test]
fn several_currencies_leave_the_statement_currency_open() {
    let r = import(
        "m.csv",
        b"Date,Amount,Currency\n2025-01-01,1,EUR\n2025-01-02,2,USD\n2025-01-03,3,EUR\n",
        None,
    )
    .unwrap();
    assert_eq!(r.statements[0].currency, None);
    let summary = r.summary("m.csv");
    let jan = &summary.credits_by_month[&neonomad_core::Month::of(day(2025, 1, 1).unwrap())];
    assert_eq!(jan[&CurrencyCode::EUR], d("4"));
    assert_eq!(jan[&CurrencyCode::USD], d("2"));
}

#[test]
fn csv_detection_needs_a_delimited_header() {
    assert!(looks_like_csv(b"date;amount\n2025-01-01;3"));
    assert!(looks_like_csv(b"Date\tAmount\n2025-01-01\t3\n"));
    assert!(looks_like_csv(SIGNED.as_bytes()));
    assert!(!looks_like_csv(b"1\n2\n3\n"));
    assert!(!looks_like_csv(b"hello"));
    assert!(!looks_like_csv(b"1,2\n3,4\n"), "no header cell");
    assert!(!looks_like_csv(b"a,b\n\x00\x01,2\n"), "binary");
    assert!(
        !looks_like_csv(b"Date,Amount\n"),
        "a header alone is one line"
    );
}

/// An ING Netherlands export: unsigned amounts, `Af`/`Bij` giving the sign, newest first.
const ING: &str = "\"Datum\";\"Naam / Omschrijving\";\"Rekening\";\"Tegenrekening\";\"Code\";\"Af Bij\";\"Bedrag (EUR)\";\"Mutatiesoort\";\"Mededelingen\";\"Saldo na mutatie\";\"Tag\"\n\
\"20250131\";\"Acme B.V.\";\"NL91INGB0001234567\";\"NL02ABNA0123456789\";\"OV\";\"Bij\";\"3600,00\";\"Overschrijving\";\"Factuur 2025-01\";\"4711,25\";\"\"\n\
\"20250115\";\"Albert Heijn 1083\";\"NL91INGB0001234567\";\"\";\"BA\";\"Af\";\"1.200,50\";\"Betaalautomaat\";\"Pasvolgnr: 001\";\"1111,25\";\"\"\n\
\"20250102\";\"Huur\";\"NL91INGB0001234567\";\"NL20RABO0300065264\";\"IC\";\"Af\";\"0,00\";\"Incasso\";\"\";\"2311,75\";\"\"\n";

#[test]
fn an_ing_af_bij_export_is_recognised_and_signed_by_its_indicator() {
    assert_eq!(detect(ING.as_bytes()), Some(Format::Csv));
    let r = import("ing.csv", ING.as_bytes(), None).unwrap();
    assert!(errors(&r).is_empty(), "{:?}", r.diagnostics);
    assert_eq!(
        r.diagnostics[0].message,
        "read with the built-in CSV profile nl-ing"
    );
    let s = &r.statements[0];
    let amounts: Vec<String> = s
        .transactions
        .iter()
        .map(|t| t.amount.to_string())
        .collect();
    assert_eq!(amounts, ["3600.00", "-1200.50", "0.00"]);
    assert_eq!(s.account.as_deref(), Some("NL91INGB0001234567"));
    assert_eq!(s.currency, Some(CurrencyCode::EUR));
    let t = &s.transactions[0];
    assert_eq!(t.booking_date, day(2025, 1, 31));
    assert_eq!(t.counterparty.name.as_deref(), Some("Acme B.V."));
    assert_eq!(t.counterparty.country.unwrap().as_str(), "NL");
    assert_eq!(t.description, "Overschrijving Factuur 2025-01");
    assert!(t.is_credit());
    assert!(!s.transactions[1].is_credit());
    // Newest first: 2311.75 - 0.00 opens, -1200.50 then +3600.00 lead to 4711.25.
    assert_eq!(s.opening.as_ref().unwrap().amount, d("2311.75"));
    assert_eq!(s.closing.as_ref().unwrap().amount, d("4711.25"));
    assert_eq!(s.balanced(), Some(true));
}

fn soll_haben() -> CsvProfile {
    let mut p = CsvProfile::new("sh", Column::from_arg("Datum"), Column::from_arg("Umsatz"));
    p.delimiter = ';';
    p.date_format = DateFormats(vec!["%d.%m.%Y".into()]);
    p.direction = Some(Column::from_arg("S/H"));
    p.decimal_separator = ',';
    p.thousands_separator = Some('.');
    p.fixed_currency = Some(CurrencyCode::EUR);
    p
}

#[test]
fn soll_haben_and_every_default_indicator_give_the_sign() {
    let rows = [
        ("S", "10,00", "-10.00"),
        ("H", "10,00", "10.00"),
        ("d", "1.000,01", "-1000.01"),
        ("C", "0,01", "0.01"),
        ("DR", "2,50", "-2.50"),
        (" cr ", "2,50", "2.50"),
        ("Soll", "-3,00", "-3.00"),
        ("Haben", "+3,00", "3.00"),
        ("Debit", "4,00", "-4.00"),
        ("Credit", "4,00", "4.00"),
        ("AF", "0,00", "0.00"),
        ("bij", "5,55", "5.55"),
    ];
    let mut text = String::from("Datum;Umsatz;S/H\n");
    for (indicator, amount, _) in rows {
        text.push_str(&format!("01.02.2025;{amount};{indicator}\n"));
    }
    let r = import("sh.csv", text.as_bytes(), Some(&soll_haben())).unwrap();
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let got: Vec<String> = r.statements[0]
        .transactions
        .iter()
        .map(|t| t.amount.to_string())
        .collect();
    let want: Vec<&str> = rows.iter().map(|r| r.2).collect();
    assert_eq!(got, want);
}

#[test]
fn an_unknown_or_contradicting_indicator_is_an_error_never_a_guess() {
    let text = "Datum;Umsatz;S/H\n\
                01.02.2025;10,00;X\n\
                02.02.2025;10,00;\n\
                03.02.2025;-10,00;H\n\
                04.02.2025;+10,00;S\n\
                05.02.2025;(10,00);Haben\n\
                06.02.2025;7,00;H\n";
    let r = import("sh.csv", text.as_bytes(), Some(&soll_haben())).unwrap();
    assert_eq!(
        errors(&r),
        [
            "sh.csv:2: error: column 3 \"S/H\": debit/credit indicator \"X\" is neither a credit (C, CR, CRDT, Credit, H, Haben, Bij) nor a debit (D, DR, DBIT, Debit, S, Soll, Af): list it in credit_values or debit_values of the profile (--csv-credit-value, --csv-debit-value); row left out",
            "sh.csv:3: error: column 3 \"S/H\": debit/credit indicator \"\" is neither a credit (C, CR, CRDT, Credit, H, Haben, Bij) nor a debit (D, DR, DBIT, Debit, S, Soll, Af): list it in credit_values or debit_values of the profile (--csv-credit-value, --csv-debit-value); row left out",
            "sh.csv:4: error: column 2 \"Umsatz\": amount \"-10,00\" is written with a minus sign but column 3 \"S/H\" says \"H\" (a credit); row left out",
            "sh.csv:5: error: column 2 \"Umsatz\": amount \"+10,00\" is written with a plus sign but column 3 \"S/H\" says \"S\" (a debit); row left out",
            "sh.csv:6: error: column 2 \"Umsatz\": amount \"(10,00)\" is written with a minus sign but column 3 \"S/H\" says \"Haben\" (a credit); row left out",
        ]
    );
    let t = &r.statements[0].transactions;
    assert_eq!(t.len(), 1);
    assert_eq!((t[0].line, t[0].amount), (7, d("7.00")));
}

#[test]
fn a_profile_with_an_indicator_needs_the_indicator_column_in_the_header() {
    let text = "Datum;Umsatz\n01.02.2025;10,00\n";
    let err = import("sh.csv", text.as_bytes(), Some(&soll_haben())).unwrap_err();
    assert_eq!(err.field, "header");
    assert!(err.message.contains("missing direction (\"S/H\")"), "{err}");
}
