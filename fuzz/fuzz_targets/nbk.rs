//! Fuzz target: the NBK official rates XML reader on arbitrary bytes (lossy UTF-8, as the CLI
//! reads the files) must return, never panic; an error names the file and a line in it, and a
//! table it returns survives the CLI's CSV store unchanged (what is imported can be kept).
#![no_main]

use libfuzzer_sys::fuzz_target;
use neonomad_rates::RateTable;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match RateTable::from_nbk_xml(&text, "fuzz.xml") {
        Ok(table) => {
            let csv = table.to_csv();
            let back = RateTable::from_nbk_csv(&csv, "nbk.csv")
                .unwrap_or_else(|e| panic!("the store refuses an imported table: {e}\n{csv}"));
            assert_eq!(back.to_csv(), csv);
        }
        Err(e) => {
            assert_eq!(e.origin, "fuzz.xml");
            assert!(
                e.line >= 1 && e.line <= text.lines().count().max(1) + 1,
                "{e}"
            );
            let _ = e.to_string();
        }
    }
});
