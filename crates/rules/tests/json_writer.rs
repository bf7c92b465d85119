//! `Assessment::write_json` (the batch path's writer) against serde_json on the fields the
//! scenarios rarely fill: payment ids and bank texts that need escaping, notes for payments
//! without a rate, exclusion reasons, a relation kept as written, a missing fee and timeline.

use neonomad_calendar::Calendar;
use neonomad_law::Law;
use neonomad_rates::RateTable;
use neonomad_rules::{assess, Application, Context};
use serde_json::{json, Value};

fn context() -> Context<'static> {
    Context {
        law: Law::bundled(),
        calendar: Calendar::bundled(),
        rates: RateTable::bundled_ecb(),
    }
}

fn example() -> Value {
    serde_json::from_str(include_str!("../../../examples/anna-schmidt.json")).unwrap()
}

/// Assesses `app` and checks that both writers give the same bytes; returns the JSON.
fn both_writers_agree(app: Value) -> Value {
    let app = Application::from_json(&app.to_string(), "test").unwrap();
    app.check(Law::bundled(), "test").unwrap();
    let assessment = assess(&app, &context()).unwrap();
    let mut direct = Vec::new();
    assessment.write_json(&mut direct);
    let reference = serde_json::to_vec(&assessment).unwrap();
    assert_eq!(
        String::from_utf8(direct).unwrap(),
        String::from_utf8(reference.clone()).unwrap()
    );
    serde_json::from_slice(&reference).unwrap()
}

#[test]
fn ids_texts_notes_and_reasons_are_written_like_serde() {
    let mut app = example();
    app["income"] = json!([
        { "date": "2025-09-30", "amount": "4100.00", "currency": "EUR", "payer_country": "DE",
          "id": "stmt \"Sept\"#1#1", "description": "Gehalt\nSeptember \\ Zürich\t\u{1}" },
        { "date": "2025-10-31", "amount": "4100.5", "currency": "EUR", "payer_country": "DE",
          "id": "x", "excluded": "excluded_by_user" },
        { "date": "2025-11-28", "amount": "15000", "currency": "AED", "payer_country": "AE",
          "description": "Dubai client — «invoice 7»" },
        { "date": "2025-12-30", "amount": "1500000.50", "currency": "KZT", "payer_country": "KZ" },
        { "date": "2026-01-30", "amount": "4100.00", "currency": "EUR" },
        { "date": "2026-02-27", "amount": "654321", "currency": "JPY", "payer_country": "JP" }
    ]);
    app["family"][0]["relation"] = json!("cousin \"twice removed\"");
    let out = both_writers_agree(app);
    let items: Vec<&Value> = out["income"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["items"].as_array().unwrap())
        .collect();
    assert!(items.iter().any(|i| i["note"].is_string()), "{items:?}");
    assert!(items.iter().any(|i| i["reason"] == "kz_source"));
    assert!(items.iter().any(|i| i["id"] == "stmt \"Sept\"#1#1"));
    assert_eq!(out["family"][0]["relation"], "cousin \"twice removed\"");
}

#[test]
fn nulls_and_extensions_are_written_like_serde() {
    let mut app = example();
    app["as_of"] = json!("2027-02-15");
    app["kind"] = json!("extension");
    app["current_visa"] = json!({ "number": "V1", "start": "2026-04-01", "end": "2027-03-31" });
    app["visa"] = json!({ "start": "2027-04-01" });
    app["insurance"] = Value::Null;
    app["applicant"]["criminal_record"] = Value::Null;
    app["apply_in"] = Value::Null;
    let out = both_writers_agree(app);
    assert_eq!(out["kind"], "extension");
    // The MRP of 2027 is not in the law data yet, so the fee is null.
    assert!(out["fee"].is_null());
}

#[test]
fn an_invitation_adds_its_timeline_fields() {
    let mut app = example();
    app["applicant"]["citizenship"] = json!("IN");
    app["applicant"]["residence"] = json!("AE");
    app["applicant"]["residence_proof"] = json!("residence_permit");
    app["apply_in"] = json!("AE");
    app["invitation"] = json!({ "registered_on": "2026-02-20" });
    let out = both_writers_agree(app);
    assert!(
        out["timeline"]["invitation_ready_latest"].is_string(),
        "{out}"
    );
}

#[test]
fn a_reused_writer_notices_a_changed_citation() {
    let app = Application::from_json(&example().to_string(), "test").unwrap();
    let mut assessment = assess(&app, &context()).unwrap();
    let mut writer = neonomad_rules::AssessmentWriter::new();
    let mut first = Vec::new();
    writer.write(&assessment, &mut first);
    assert_eq!(first, serde_json::to_vec(&assessment).unwrap());
    // Another law (e.g. --law-dir) cites differently: the remembered text must not be reused.
    assessment.findings[0].source = "Another \"quoted\" citation";
    let mut second = Vec::new();
    writer.write(&assessment, &mut second);
    assert_eq!(
        String::from_utf8(second).unwrap(),
        String::from_utf8(serde_json::to_vec(&assessment).unwrap()).unwrap()
    );
}
