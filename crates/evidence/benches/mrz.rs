//! MRZ reading speed: a TD3 passport and a TD1 card with a long document number, valid, and a
//! TD3 with OCR faults (the diagnostic path). Target: 1,000,000 reads per second per core.

use neonomad_core::{parse_date, NaiveDate};
use neonomad_evidence::mrz::parse;

fn main() {
    divan::main();
}

const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n";
const TD1: &str = "I<PRT007777779<ZZ92<<<<<<<<<<<\n8303143M3405282PRT<<<<<<<<<<<2\nCACADOR<DE<ARAUJO<<ANDRE<ESTEV\n";
const TD3_OCR: &str =
    "P<UT0ERIK55ON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<\nL898902C36UTO740BIZZF12041S9ZE184226B<<<<<1O\n";

fn as_of() -> NaiveDate {
    parse_date("2025-01-01").unwrap()
}

#[divan::bench(sample_size = 1000, sample_count = 200)]
fn td3(b: divan::Bencher) {
    let as_of = as_of();
    b.counter(divan::counter::ItemsCount::new(1usize))
        .bench(|| parse(divan::black_box(TD3), as_of).map(|m| m.valid()));
}

#[divan::bench(sample_size = 1000, sample_count = 200)]
fn td1_long_number(b: divan::Bencher) {
    let as_of = as_of();
    b.counter(divan::counter::ItemsCount::new(1usize))
        .bench(|| parse(divan::black_box(TD1), as_of).map(|m| m.valid()));
}

#[divan::bench(sample_size = 1000, sample_count = 200)]
fn td3_ocr_faults(b: divan::Bencher) {
    let as_of = as_of();
    b.counter(divan::counter::ItemsCount::new(1usize))
        .bench(|| parse(divan::black_box(TD3_OCR), as_of).map(|m| m.diagnostics.len()));
}
