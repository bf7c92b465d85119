//! Fuzz target: the camt053 statement importer must never panic, whatever the bytes, and what it
//! returns must hold together (every diagnostic names the file; transactions belong to statements).
//! The input is also read through a reader that hands out a few bytes at a time (split inside
//! UTF-8 characters, markup and references) after a first read up to the first `>` (so that the
//! encoding is told from the same XML declaration): the result must be the same as read whole.
#![no_main]

use std::io::{BufReader, Read};

use libfuzzer_sys::fuzz_target;
use neonomad_evidence::statement::{detect, import_as, read_into, Collector, Format};

/// A reader that returns everything up to the first `>` first, then at most `step` bytes per
/// read, `step` cycling through 1 to 7.
struct Trickle<'a> {
    rest: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.step = if self.step == 0 {
            self.rest
                .iter()
                .position(|&b| b == b'>')
                .map_or(self.rest.len(), |at| at + 1)
        } else {
            self.step % 7 + 1
        };
        let n = self.step.min(out.len()).min(self.rest.len());
        out[..n].copy_from_slice(&self.rest[..n]);
        self.rest = &self.rest[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = detect(data);
    let whole = import_as("fuzz", Format::Camt053, data);
    if let Ok(result) = &whole {
        assert!(result.diagnostics.iter().all(|d| d.file == "fuzz"));
        let summary = result.summary("fuzz");
        let counted: usize = summary.statements.iter().map(|s| s.transactions).sum();
        assert_eq!(counted, summary.transactions);
    }
    let mut collector = Collector::default();
    let reader = BufReader::with_capacity(
        data.len().max(1),
        Trickle {
            rest: data,
            step: 0,
        },
    );
    let trickled = read_into("fuzz", Format::Camt053, reader, &mut collector)
        .map(|()| collector.finish("fuzz", Format::Camt053));
    assert_eq!(trickled, whole, "read a few bytes at a time");
});
