//! Value types every neonomad crate speaks: ISO country and currency codes, decimal money,
//! calendar months and date arithmetic. Each constrained value is a newtype whose only
//! constructor is `parse`, so a value that exists is a valid one ("parse, don't validate").
//!
//! Nothing here does I/O or reads the clock.

mod amount;
mod codes;
mod dates;
mod subject;
mod text_input;
mod text_output;

pub use amount::{Amount, AmountError};
pub use codes::{CodeError, CountryCode, CurrencyCode};
pub use dates::{add_months_clamped, parse_date, DateError, IsoDate, Month};
pub use subject::Subject;
pub use text_input::deserialize_str_with;
pub use text_output::{
    push_date, push_month, push_u64, write_date, write_decimal, write_month, write_u64,
};

/// Re-exported so that every crate names the same date and decimal types.
pub use chrono::NaiveDate;
pub use rust_decimal::Decimal;
