//! Fuzz target: the OFX statement importer must never panic, whatever the bytes, and what it
//! returns must hold together (every diagnostic names the file and a line; transactions belong
//! to statements).
#![no_main]

use libfuzzer_sys::fuzz_target;
use neonomad_evidence::statement::{detect, import_as, Format};

fuzz_target!(|data: &[u8]| {
    let _ = detect(data);
    if let Ok(result) = import_as("fuzz", Format::Ofx, data) {
        assert!(result
            .diagnostics
            .iter()
            .all(|d| d.file == "fuzz" && d.line.is_some()));
        let summary = result.summary("fuzz");
        let counted: usize = summary.statements.iter().map(|s| s.transactions).sum();
        assert_eq!(counted, summary.transactions);
    }
});
