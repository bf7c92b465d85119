//! Fuzz target: the MRZ reader on arbitrary bytes (lossy UTF-8) must return, never panic, and
//! what it returns must hold together.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neonomad_core::NaiveDate;
use neonomad_evidence::mrz::parse;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let as_of = NaiveDate::from_ymd_opt(2025, 1, 1).expect("a real day");
    if let Ok(mrz) = parse(&text, as_of) {
        // A valid verdict needs every check digit valid; a birth date is never after as_of.
        assert_eq!(mrz.valid(), mrz.check_digits.iter().all(|c| c.valid));
        assert!(mrz.birth_date.date.is_none_or(|d| d <= as_of));
        assert!(mrz.diagnostics.iter().all(|d| d.line >= 1 && d.column >= 1));
    }
});
