//! Fuzz target: the OFX statement importer must never panic, whatever the bytes, and what it
//! returns must hold together (every diagnostic names the file and a line, but for the note
//! counting diagnostics beyond the first thousand; transactions belong to statements).
#![no_main]

use libfuzzer_sys::fuzz_target;
use neonomad_evidence::statement::{detect, import_as, Format};

fuzz_target!(|data: &[u8]| {
    let _ = detect(data);
    if let Ok(result) = import_as("fuzz", Format::Ofx, data) {
        // Every diagnostic names the file and a line, except the one note at the end that
        // counts what was left out beyond the first thousand.
        let listed = match result.diagnostics.split_last() {
            Some((last, listed)) if last.field == "diagnostics" && last.line.is_none() => listed,
            _ => result.diagnostics.as_slice(),
        };
        assert!(listed.iter().all(|d| d.line.is_some()));
        assert!(result.diagnostics.iter().all(|d| d.file == "fuzz"));
        let summary = result.summary("fuzz");
        let counted: usize = summary.statements.iter().map(|s| s.transactions).sum();
        assert_eq!(counted, summary.transactions);
    }
});
