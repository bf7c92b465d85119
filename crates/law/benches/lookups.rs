//! What one assessment asks of the law: about twenty dated lookups. Target: well under 10 µs
//! (100k assessments/s on one core leaves 10 µs for everything).

use divan::black_box;
use neonomad_core::{parse_date, CountryCode, CurrencyCode};
use neonomad_law::Law;

fn main() {
    divan::main();
}

#[divan::bench]
fn one_assessments_worth_of_lookups(bencher: divan::Bencher) {
    let law = Law::bundled();
    let on = parse_date("2026-03-02").unwrap();
    let de = CountryCode::parse("DE").unwrap();
    let ua = CountryCode::parse("UA").unwrap();
    let ae = CountryCode::parse("AE").unwrap();
    let eur = CurrencyCode::EUR;
    bencher.bench(|| {
        let on = black_box(on);
        let mut acc = 0u64;
        acc += u64::from(law.category_in_force(on).is_ok());
        acc += u64::from(law.max_validity_months(on).unwrap().value);
        acc += law.income_threshold_usd(on).unwrap().value.mantissa() as u64;
        acc += u64::from(law.income_months(on).unwrap().value);
        acc += law.income_comparison(on).unwrap().value as u64;
        acc += law.income_test(on).unwrap().value as u64;
        acc += u64::from(law.passport_margin_months(on).unwrap().value);
        acc += u64::from(law.min_blank_pages(on).unwrap().value);
        acc += u64::from(law.child_max_age_years(on).unwrap().value);
        acc += law.consular_fee(on).unwrap().amount_kzt;
        acc += u64::from(law.decision_business_days(on).unwrap().value.1);
        acc += u64::from(law.invitation_ready(on).unwrap().value.max_calendar_days);
        acc += u64::from(law.appendix6(black_box(de), on).is_some());
        acc += u64::from(law.appendix6(black_box(ae), on).is_some());
        acc += law.legalization(black_box(de), on).0 as u64;
        acc += law.legalization(black_box(ua), on).0 as u64;
        acc += law.legalization(black_box(ae), on).0 as u64;
        acc += law.country_name(black_box(de)).map_or(0, str::len) as u64;
        acc += u64::from(law.currency_minor_units(black_box(eur)).unwrap_or(0));
        acc += law.rule_source(black_box("income.threshold")).len() as u64;
        acc
    });
}

#[divan::bench]
fn load_and_validate_all_files() -> Law {
    Law::from_files(&Law::bundled_files()).unwrap()
}
