//! Exchange rates as data: the ECB euro reference rates history (bundled from
//! `law/rates/eurofxref-hist.csv`), extra rates files in the same CSV shape merged on top, the
//! National Bank of Kazakhstan's official rates (its XML, and the CSV store the CLI keeps of
//! them), and the USD rate of any listed currency on any day, crossed through the table's base
//! (EUR or KZT).
//!
//! Pure: the bundled file is compiled in with `include_str!`; reading files is the caller's job
//! (the CLI passes their text to [`RateTable::from_ecb_csv`], [`RateTable::from_nbk_xml`] and
//! [`RateTable::from_nbk_csv`]). See `docs/rates.md`.

mod ecb_csv;
mod nbk_xml;
mod table;

pub use ecb_csv::{ColumnRef, RatesFileError, RatesFileProblem};
pub use nbk_xml::MAX_DEPTH as MAX_NBK_XML_DEPTH;
pub use table::{
    MergeError, MergeSummary, Quote, RateBase, RateError, RateTable, ReplacedRate, UsdRate,
    CROSS_RATE_DECIMAL_PLACES, MAX_RATE_AGE_DAYS, NBK_SOURCE_NAME,
};
