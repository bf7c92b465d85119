//! Runs every scenario under `law/scenarios/`: one YAML file per case, written so that a lawyer
//! can read it. A scenario starts from a base application (`law/scenarios/bases/NAME.yaml`),
//! applies `change` as a JSON merge patch (objects merge, `null` removes a field, lists
//! replace), assesses it with the bundled law, calendar and ECB rates, and checks `expect`:
//! every key given there must match the assessment; every finding or document listed must be
//! found (by the fields given; `message_contains` checks part of the sentence).
//! `expect_error` instead checks that the input is rejected, naming a field.

use std::path::{Path, PathBuf};

use neonomad_calendar::Calendar;
use neonomad_law::Law;
use neonomad_rates::RateTable;
use neonomad_rules::{assess, Application, Context};
use serde_json::Value;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    base: String,
    #[serde(default)]
    change: Option<Value>,
    #[serde(default)]
    expect: Option<Value>,
    #[serde(default)]
    expect_error: Option<ExpectError>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectError {
    path: String,
    #[serde(default)]
    message_contains: Option<String>,
}

fn scenario_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../law/scenarios")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "bases") {
                files(&p, out);
            }
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

fn merge_patch(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// Checks that `expected` is found in `actual`; pushes one line per mismatch.
fn matches(expected: &Value, actual: &Value, path: &str, errors: &mut Vec<String>) {
    match expected {
        Value::Object(e) => {
            let Some(a) = actual.as_object() else {
                errors.push(format!("{path}: expected an object, got {actual}"));
                return;
            };
            for (k, v) in e {
                if k == "message_contains" {
                    let msg = a.get("message").and_then(Value::as_str).unwrap_or("");
                    let want = v.as_str().unwrap_or("");
                    if !msg.contains(want) {
                        errors.push(format!("{path}.message: {msg:?} does not contain {want:?}"));
                    }
                    continue;
                }
                match a.get(k) {
                    Some(av) => matches(v, av, &format!("{path}.{k}"), errors),
                    None if v.is_null() => {}
                    None => errors.push(format!("{path}.{k}: missing in the assessment")),
                }
            }
        }
        Value::Array(e) => {
            let Some(a) = actual.as_array() else {
                errors.push(format!("{path}: expected a list, got {actual}"));
                return;
            };
            for (i, item) in e.iter().enumerate() {
                let found = a.iter().any(|candidate| {
                    let mut errs = Vec::new();
                    matches(item, candidate, path, &mut errs);
                    errs.is_empty()
                });
                if !found {
                    let key = |v: &Value, k: &str| v.get(k).cloned();
                    let near: Vec<String> = a
                        .iter()
                        .filter(|c| {
                            (key(item, "rule").is_some() && key(c, "rule") == key(item, "rule"))
                                || (key(item, "id").is_some() && key(c, "id") == key(item, "id"))
                                || (key(item, "month").is_some()
                                    && key(c, "month") == key(item, "month"))
                        })
                        .map(|c| c.to_string())
                        .collect();
                    errors.push(format!(
                        "{path}[{i}]: no element matches {item}{}",
                        if near.is_empty() {
                            String::new()
                        } else {
                            format!("\n      candidates: {}", near.join("\n                  "))
                        }
                    ));
                }
            }
        }
        _ => {
            if expected != actual {
                errors.push(format!("{path}: expected {expected}, got {actual}"));
            }
        }
    }
}

#[test]
fn every_scenario_holds() {
    let root = scenario_root();
    let mut paths = Vec::new();
    files(&root, &mut paths);
    assert!(
        paths.len() >= 80,
        "expected at least 80 scenarios under {}, found {}",
        root.display(),
        paths.len()
    );
    let ctx = Context {
        law: Law::bundled(),
        calendar: Calendar::bundled(),
        rates: RateTable::bundled_ecb(),
    };
    let mut failures = Vec::new();
    let mut names = std::collections::HashSet::new();
    // One writer for all scenarios, as in a batch: what it remembers from one assessment
    // must never leak into the next.
    let mut writer = neonomad_rules::AssessmentWriter::new();
    for path in &paths {
        let rel = path.strip_prefix(&root).unwrap().display().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let scenario: Scenario = match serde_yaml::from_str(&text) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{rel}: not a scenario file: {e}"));
                continue;
            }
        };
        if !names.insert(scenario.name.clone()) {
            failures.push(format!(
                "{rel}: duplicate scenario name {:?}",
                scenario.name
            ));
        }
        let base_path = root.join("bases").join(format!("{}.yaml", scenario.base));
        let base_text = match std::fs::read_to_string(&base_path) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{rel}: base {:?}: {e}", scenario.base));
                continue;
            }
        };
        let mut app: Value = serde_yaml::from_str(&base_text).unwrap();
        if let Some(change) = &scenario.change {
            merge_patch(&mut app, change);
        }
        let json = app.to_string();
        let parsed =
            Application::from_json(&json, &rel).and_then(|a| a.check(ctx.law, &rel).map(|()| a));
        let name = &scenario.name;
        match (&scenario.expect_error, parsed) {
            (Some(want), Err(e)) => {
                if e.path != want.path {
                    failures.push(format!(
                        "{rel} ({name}): error at {:?}, expected at {:?}: {e}",
                        e.path, want.path
                    ));
                }
                if let Some(m) = &want.message_contains {
                    if !e.message.contains(m.as_str()) {
                        failures.push(format!(
                            "{rel} ({name}): error {:?} does not contain {m:?}",
                            e.message
                        ));
                    }
                }
            }
            (Some(want), Ok(_)) => failures.push(format!(
                "{rel} ({name}): accepted, expected an error at {:?}",
                want.path
            )),
            (None, Err(e)) => failures.push(format!("{rel} ({name}): rejected: {e}")),
            (None, Ok(app)) => {
                let assessment = match assess(&app, &ctx) {
                    Ok(a) => a,
                    Err(e) => {
                        failures.push(format!("{rel} ({name}): cannot assess: {e}"));
                        continue;
                    }
                };
                let actual = serde_json::to_value(&assessment).unwrap();
                // The batch path's direct writer must give serde's bytes exactly.
                let mut direct = Vec::new();
                writer.write(&assessment, &mut direct);
                if direct != serde_json::to_vec(&assessment).unwrap() {
                    failures.push(format!(
                        "{rel} ({name}): Assessment::write_json differs from serde_json"
                    ));
                }
                let Some(expect) = &scenario.expect else {
                    failures.push(format!("{rel}: neither expect nor expect_error"));
                    continue;
                };
                let mut errors = Vec::new();
                matches(expect, &actual, "", &mut errors);
                if !errors.is_empty() {
                    failures.push(format!("{rel} ({name}):\n    {}", errors.join("\n    ")));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n  {}",
        failures.len(),
        paths.len(),
        failures.join("\n  ")
    );
    println!("{} scenarios hold", paths.len());
}
