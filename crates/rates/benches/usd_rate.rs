//! How fast the rules engine can ask for USD rates, and how long the bundled history takes to
//! parse. Run with `cargo bench -p neonomad-rates`.

use divan::black_box;
use neonomad_core::{parse_date, CurrencyCode, NaiveDate};
use neonomad_rates::RateTable;

fn main() {
    divan::main();
}

const BUNDLED: &str = include_str!("../../../law/rates/eurofxref-hist.csv");

/// Parsing the whole ECB history (~7,100 rows x 41 currencies); cross rates come later, per
/// currency, on first use.
#[divan::bench]
fn parse_bundled_history() -> RateTable {
    RateTable::from_ecb_csv(black_box(BUNDLED), "bench").expect("bundled file parses")
}

/// One look-up of a crossed currency on a weekday, a weekend and an old date.
#[divan::bench(args = ["GBP", "JPY", "EUR", "USD"])]
fn usd_rate(bencher: divan::Bencher, currency: &str) {
    let table = RateTable::bundled_ecb();
    let currency = CurrencyCode::parse(currency).expect("valid code");
    let dates: Vec<NaiveDate> = ["2025-09-30", "2025-09-27", "2003-05-14", "2026-10-30"]
        .iter()
        .map(|d| parse_date(d).expect("valid date"))
        .collect();
    // The first look-up of a currency computes its USD series; measure the steady state.
    let _ = table.usd_rate(currency, dates[0]);
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % dates.len();
        table.usd_rate(black_box(currency), black_box(dates[i]))
    });
}

/// Twenty look-ups, about what one assessment with six months of mixed-currency income needs.
#[divan::bench]
fn twenty_lookups_per_assessment(bencher: divan::Bencher) {
    let table = RateTable::bundled_ecb();
    let gbp = CurrencyCode::parse("GBP").expect("valid code");
    let start = parse_date("2025-03-03").expect("valid date");
    let _ = table.usd_rate(gbp, start);
    bencher.bench_local(|| {
        (0..20u64)
            .map(|k| table.usd_rate(black_box(gbp), start + chrono::Days::new(k * 9)))
            .filter(Result::is_ok)
            .count()
    });
}

/// The first look-up of a currency in a fresh table: parsing plus computing its USD series.
#[divan::bench]
fn parse_then_first_lookup() -> bool {
    let table = RateTable::from_ecb_csv(black_box(BUNDLED), "bench").expect("bundled file parses");
    let gbp = CurrencyCode::parse("GBP").expect("valid code");
    table
        .usd_rate(gbp, parse_date("2025-09-30").expect("valid date"))
        .is_ok()
}

/// A year of NBK daily documents concatenated (250 days x 40 currencies, synthetic values), as a
/// user importing `cat`-ed downloads would hand it over.
fn nbk_year() -> String {
    let codes: Vec<String> = (0..40u8)
        .map(|i| {
            if i == 0 {
                "USD".to_owned()
            } else {
                let b = [b'A' + i / 26, b'A' + i % 26, b'X'];
                String::from_utf8(b.to_vec()).expect("ASCII")
            }
        })
        .collect();
    let start = parse_date("2025-01-01").expect("valid date");
    let mut out = String::new();
    for day in 0..250u64 {
        let date = start + chrono::Days::new(day);
        out.push_str(&format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rates>\n<generator>bench</generator>\n<date>{}</date>\n",
            date.format("%d.%m.%Y")
        ));
        for (i, code) in codes.iter().enumerate() {
            out.push_str(&format!(
                "<item><fullname>ВАЛЮТА</fullname><title>{code}</title><description>{}.{:02}</description>\
                 <quant>{}</quant><index>UP</index><change>0.1</change></item>\n",
                100 + i,
                day % 100,
                if i % 3 == 0 { 100 } else { 1 }
            ));
        }
        out.push_str("</rates>\n");
    }
    out
}

/// Parsing a year of concatenated NBK daily documents (~10,000 items).
#[divan::bench]
fn parse_nbk_year(bencher: divan::Bencher) {
    let text = nbk_year();
    bencher.bench_local(|| RateTable::from_nbk_xml(black_box(&text), "bench").expect("parses"));
}
