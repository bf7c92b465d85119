//! Exchange rates as data: the ECB euro reference rates history (bundled from
//! `law/rates/eurofxref-hist.csv`), extra rates files in the same CSV shape merged on top, and
//! the USD rate of any listed currency on any day, crossed through the euro.
//!
//! Pure: the bundled file is compiled in with `include_str!`; reading extra files is the
//! caller's job (the CLI passes their text to [`RateTable::from_ecb_csv`]). See `docs/rates.md`.

mod ecb_csv;
mod table;

pub use ecb_csv::{ColumnRef, RatesFileError, RatesFileProblem};
pub use table::{RateError, RateTable, UsdRate, CROSS_RATE_DECIMAL_PLACES, MAX_RATE_AGE_DAYS};
