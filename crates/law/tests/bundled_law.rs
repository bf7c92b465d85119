//! The bundled law loads, and every accessor answers as the reference facts say at its boundaries.

use neonomad_core::{parse_date, CountryCode, CurrencyCode, Decimal, NaiveDate};
use neonomad_law::{Comparison, Evidence, IncomeTest, Law, LawError, Legalization, RULE_IDS};

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn c(s: &str) -> CountryCode {
    CountryCode::parse(s).unwrap()
}

fn law() -> &'static Law {
    Law::bundled()
}

#[test]
fn the_bundled_law_loads_from_its_files() {
    // Law::bundled panics on an invalid file; loading the same files again must give no error.
    Law::from_files(&Law::bundled_files()).expect("law/params/ is valid");
    let _ = law();
}

#[test]
fn the_category_exists_from_17_november_2024() {
    let before = law().category_in_force(d("2024-11-16")).unwrap_err();
    assert!(matches!(
        before,
        LawError::NotInForce {
            param: "visa.category_in_force",
            ..
        }
    ));
    assert_eq!(
        before.to_string(),
        "visa.category_in_force has no value in force on 2024-11-16 (values cover 2024-11-17 onwards)"
    );
    let on = law().category_in_force(d("2024-11-17")).unwrap();
    assert_eq!(on.valid_from, d("2024-11-17"));
    assert!(
        on.source.citation.contains("11-1-4/612"),
        "{}",
        on.source.citation
    );
}

#[test]
fn scalar_parameters_have_the_values_of_the_specification() {
    let on = d("2026-03-02");
    let l = law();
    assert_eq!(l.max_validity_months(on).unwrap().value, 12);
    assert_eq!(
        l.entries(on).unwrap().value,
        neonomad_law::Entries::Multiple
    );
    assert_eq!(
        l.income_threshold_usd(on).unwrap().value,
        Decimal::new(300000, 2)
    );
    assert_eq!(
        l.income_threshold_usd(on).unwrap().value.to_string(),
        "3000.00"
    );
    assert_eq!(l.income_months(on).unwrap().value, 6);
    assert_eq!(
        l.income_comparison(on).unwrap().value,
        Comparison::StrictlyGreater
    );
    assert_eq!(l.income_test(on).unwrap().value, IncomeTest::EachMonth);
    assert_eq!(l.passport_margin_months(on).unwrap().value, 3);
    assert_eq!(l.min_blank_pages(on).unwrap().value, 2);
    assert_eq!(l.child_max_age_years(on).unwrap().value, 18);
    assert_eq!(l.fee_mrp(on).unwrap().value, 30);
    assert_eq!(l.decision_business_days(on).unwrap().value, (1, 5));
    let inv = l.invitation_ready(on).unwrap().value;
    assert_eq!((inv.min_business_days, inv.max_calendar_days), (5, 30));
}

#[test]
fn parameters_other_than_the_fee_start_with_the_category() {
    let l = law();
    let day_before = d("2024-11-16");
    assert!(l.income_threshold_usd(day_before).is_err());
    assert!(l.passport_margin_months(day_before).is_err());
    assert!(l.income_threshold_usd(d("2024-11-17")).is_ok());
    // The fee in MRP goes back to 2019 so earlier years can be compared.
    assert!(l.fee_mrp(d("2018-12-31")).is_err());
    assert_eq!(l.fee_mrp(d("2019-01-01")).unwrap().value, 30);
}

#[test]
fn sources_carry_confidence_and_caveats() {
    let fee = law().fee_mrp(d("2026-01-01")).unwrap();
    assert_eq!(fee.source.confidence.as_deref(), Some("low"));
    assert!(fee.source.note.as_deref().unwrap().contains("UNVERIFIED"));
    let cmp = law().income_comparison(d("2026-01-01")).unwrap();
    // A `ref` source with an extra note keeps the named source's citation and adds the note.
    assert!(cmp.source.citation.contains("KPMG"));
    assert!(cmp.source.note.as_deref().unwrap().contains("at_least"));
}

#[test]
fn mrp_changes_mid_2020_and_is_known_2019_to_2026() {
    let l = law();
    let cases = [
        ("2019-01-01", 2525),
        ("2019-12-31", 2525),
        ("2020-01-01", 2651),
        ("2020-03-31", 2651),
        ("2020-04-01", 2778),
        ("2020-12-31", 2778),
        ("2021-06-15", 2917),
        ("2022-06-15", 3063),
        ("2023-06-15", 3450),
        ("2024-06-15", 3692),
        ("2025-01-01", 3932),
        ("2026-12-31", 4325),
    ];
    for (date, kzt) in cases {
        assert_eq!(l.mrp_kzt(d(date)).unwrap().value, kzt, "{date}");
    }
    assert_eq!(l.mrp_coverage(), (d("2019-01-01"), Some(d("2026-12-31"))));
    let err = l.mrp_kzt(d("2027-01-01")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "mrp has no value in force on 2027-01-01 (values cover 2019-01-01 .. 2026-12-31)"
    );
    assert!(l.mrp_kzt(d("2018-12-31")).is_err());
}

#[test]
fn consular_fee_is_30_mrp_of_the_payment_date() {
    let l = law();
    let fee = |s| l.consular_fee(d(s)).unwrap().amount_kzt;
    assert_eq!(fee("2025-06-01"), 117_960);
    assert_eq!(fee("2026-03-02"), 129_750);
    assert_eq!(fee("2024-01-01"), 110_760);
    assert_eq!(fee("2020-03-31"), 79_530);
    assert_eq!(fee("2020-04-01"), 83_340);
    let f = l.consular_fee(d("2026-03-02")).unwrap();
    assert_eq!((f.mrp, f.mrp_value_kzt, f.year), (30, 4325, 2026));
    assert!(l.consular_fee(d("2027-01-01")).is_err());
}

#[test]
fn appendix6_has_48_countries_from_the_introduction_of_b12_1() {
    let l = law();
    let on = d("2026-03-02");
    let de = l.appendix6(c("DE"), on).unwrap();
    assert_eq!(de.value.evidence, vec![Evidence::G, Evidence::T]);
    assert_eq!(de.value.confidence, "medium");
    assert_eq!(de.valid_from, d("2024-11-17"));
    assert!(de.source.note.as_deref().unwrap().contains("NOT retrieved"));
    let cz = l.appendix6(c("CZ"), on).unwrap();
    assert_eq!(cz.value.evidence, vec![Evidence::I]);
    assert_eq!(cz.value.confidence, "low");
    assert!(l.appendix6(c("RU"), on).is_none());
    assert!(
        l.appendix6(c("VA"), on).is_none(),
        "the Vatican is not on the reconstructed list"
    );
    assert!(l.appendix6(c("DE"), d("2024-11-16")).is_none());
    assert_eq!(l.snapshot(on).appendix6.unwrap().count, 48);
}

#[test]
fn minsk_ends_for_ukraine_after_28_december_2023() {
    let l = law();
    let (on_last_day, _) = l.legalization(c("UA"), d("2023-12-28"));
    assert_eq!(on_last_day, Legalization::None);
    let (after, source) = l.legalization(c("UA"), d("2023-12-29"));
    assert_eq!(after, Legalization::Apostille);
    assert!(
        source.note.as_deref().unwrap_or("").contains("Ukraine"),
        "{source:?}"
    );
}

#[test]
fn legalization_follows_minsk_then_hague_then_consular() {
    let l = law();
    let on = d("2026-03-02");
    assert_eq!(l.legalization(c("RU"), on).0, Legalization::None);
    assert_eq!(
        l.legalization(c("KG"), on).0,
        Legalization::None,
        "Minsk beats Hague"
    );
    assert_eq!(l.legalization(c("TM"), on).0, Legalization::None);
    assert_eq!(l.legalization(c("DE"), on).0, Legalization::Apostille);
    assert_eq!(l.legalization(c("US"), on).0, Legalization::Apostille);
    let (ae, source) = l.legalization(c("AE"), on);
    assert_eq!(ae, Legalization::Consular);
    assert!(
        source.citation.contains("consular legalisation"),
        "{}",
        source.citation
    );
    assert_eq!(l.legalization(c("QA"), on).0, Legalization::Consular);
}

#[test]
fn a_hague_party_counts_only_from_its_entry_into_force() {
    let l = law();
    // Algeria: in force 2026-07-09; Viet Nam: 2026-09-11.
    assert_eq!(
        l.legalization(c("DZ"), d("2026-07-08")).0,
        Legalization::Consular
    );
    assert_eq!(
        l.legalization(c("DZ"), d("2026-07-09")).0,
        Legalization::Apostille
    );
    assert_eq!(
        l.legalization(c("VN"), d("2026-03-02")).0,
        Legalization::Consular
    );
    assert_eq!(
        l.legalization(c("VN"), d("2026-09-11")).0,
        Legalization::Apostille
    );
    // Canada from 2024-01-11; and nothing is an apostille before Kazakhstan joined (2001-01-30).
    assert_eq!(
        l.legalization(c("CA"), d("2024-01-10")).0,
        Legalization::Consular
    );
    assert_eq!(
        l.legalization(c("CA"), d("2024-01-11")).0,
        Legalization::Apostille
    );
    assert_eq!(
        l.legalization(c("DE"), d("2001-01-29")).0,
        Legalization::Consular
    );
    assert_eq!(
        l.legalization(c("DE"), d("2001-01-30")).0,
        Legalization::Apostille
    );
}

#[test]
fn kosovo_goes_to_consular_legalization_with_the_caveat() {
    let (x, source) = law().legalization(c("XK"), d("2026-03-02"));
    assert_eq!(x, Legalization::Consular);
    assert!(
        source.citation.contains("manual review"),
        "{}",
        source.citation
    );
}

#[test]
fn iso_lists_answer_membership_and_minor_units() {
    let l = law();
    assert_eq!(l.country_name(c("DE")), Some("Germany"));
    assert_eq!(l.country_name(c("KZ")), Some("Kazakhstan"));
    assert_eq!(l.country_name(c("XK")), Some("Kosovo"));
    assert_eq!(l.country_name(c("ZZ")), None);
    assert_eq!(
        l.country_name(c("UK")),
        None,
        "UK is not an ISO code (GB is)"
    );
    assert_eq!(l.countries().count(), 250);
    let cur = |s| CurrencyCode::parse(s).unwrap();
    assert_eq!(l.currency_minor_units(cur("JPY")), Some(0));
    assert_eq!(l.currency_minor_units(cur("KWD")), Some(3));
    assert_eq!(l.currency_minor_units(cur("EUR")), Some(2));
    assert_eq!(l.currency_minor_units(CurrencyCode::KZT), Some(2));
    assert_eq!(l.currency_minor_units(cur("ABC")), None);
    assert_eq!(
        l.currency_minor_units(cur("XAU")),
        None,
        "gold has no minor unit"
    );
    assert_eq!(l.currency_name(cur("XAU")), Some("Gold"));
    assert_eq!(l.currency_name(cur("ABC")), None);
}

#[test]
fn every_rule_id_has_a_citation_line() {
    for id in RULE_IDS {
        let line = law().rule_source(id);
        assert!(!line.starts_with("(no citation"), "{id}");
        assert!(!line.contains('\n'), "{id}: one line");
    }
    assert!(law().rule_source("income.threshold").contains("USD 3,000"));
    assert!(law()
        .rule_source("no.such_rule")
        .starts_with("(no citation"));
}

#[test]
fn snapshot_lists_what_is_in_force() {
    let s = law().snapshot(d("2026-03-02"));
    assert!(s.not_in_force.is_empty(), "{:?}", s.not_in_force);
    assert_eq!(s.params.len(), 14);
    assert_eq!(
        s.hague.count, 126,
        "128 rows less Algeria and Viet Nam (not yet in force)"
    );
    assert_eq!(s.minsk.count, 11, "12 parties less Ukraine");
    assert_eq!(s.iso3166_countries, 250);
    let json = serde_json::to_value(&s).unwrap();
    let threshold = json["params"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "income.threshold_usd")
        .unwrap();
    assert_eq!(threshold["value"], "3000.00", "money is a decimal string");
    assert_eq!(threshold["valid_from"], "2024-11-17");
    let early = law().snapshot(d("2019-06-01"));
    assert!(early.not_in_force.contains(&"income.threshold_usd"));
    assert!(early.appendix6.is_none());
}

#[test]
fn every_b12_1_parameter_starts_on_17_november_2024() {
    let l = law();
    let (before, first) = (d("2024-11-16"), d("2024-11-17"));
    type Probe = fn(&Law, NaiveDate) -> Result<NaiveDate, LawError>;
    let probes: [(&str, Probe); 11] = [
        ("max_validity_months", |l, on| {
            l.max_validity_months(on).map(|v| v.valid_from)
        }),
        ("entries", |l, on| l.entries(on).map(|v| v.valid_from)),
        ("income_threshold_usd", |l, on| {
            l.income_threshold_usd(on).map(|v| v.valid_from)
        }),
        ("income_months", |l, on| {
            l.income_months(on).map(|v| v.valid_from)
        }),
        ("income_comparison", |l, on| {
            l.income_comparison(on).map(|v| v.valid_from)
        }),
        ("income_test", |l, on| {
            l.income_test(on).map(|v| v.valid_from)
        }),
        ("passport_margin_months", |l, on| {
            l.passport_margin_months(on).map(|v| v.valid_from)
        }),
        ("min_blank_pages", |l, on| {
            l.min_blank_pages(on).map(|v| v.valid_from)
        }),
        ("child_max_age_years", |l, on| {
            l.child_max_age_years(on).map(|v| v.valid_from)
        }),
        ("decision_business_days", |l, on| {
            l.decision_business_days(on).map(|v| v.valid_from)
        }),
        ("invitation_ready", |l, on| {
            l.invitation_ready(on).map(|v| v.valid_from)
        }),
    ];
    for (name, probe) in probes {
        let err = probe(l, before).expect_err(name);
        assert!(err.to_string().contains("2024-11-16"), "{name}: {err}");
        assert_eq!(probe(l, first).expect(name), first, "{name}");
        assert!(probe(l, d("2099-12-31")).is_ok(), "{name} stays in force");
    }
}
