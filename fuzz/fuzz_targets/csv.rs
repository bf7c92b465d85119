//! Fuzz target: the CSV statement importer must never panic, whatever the bytes, with the
//! built-in profiles chosen from the header, with header-less profiles (a signed amount, and an
//! unsigned amount with a debit/credit indicator column) and with each built-in profile; what
//! it returns is one statement holding every transaction.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neonomad_evidence::statement::csv::{builtin_profiles, import, Column, CsvProfile};

fuzz_target!(|data: &[u8]| {
    let mut headerless = CsvProfile::new("fuzz", Column::Index(1), Column::Index(2));
    headerless.header = false;
    headerless.balance = Some(Column::Index(3));
    headerless.currency = Some(Column::Index(4));
    let mut indicated = CsvProfile::new("fuzz-indicator", Column::Index(1), Column::Index(2));
    indicated.header = false;
    indicated.direction = Some(Column::Index(3));
    indicated.balance = Some(Column::Index(4));
    let mut profiles = vec![None, Some(headerless), Some(indicated)];
    profiles.extend(builtin_profiles().into_iter().map(Some));
    for profile in &profiles {
        if let Ok(result) = import("fuzz", data, profile.as_ref()) {
            assert_eq!(result.statements.len(), 1);
            assert!(result.diagnostics.iter().all(|d| d.file == "fuzz"));
            let summary = result.summary("fuzz");
            assert_eq!(summary.statements[0].transactions, summary.transactions);
        }
    }
});
