//! Evidence an applicant hands in, parsed without I/O: passport and visa MRZ lines under `mrz`,
//! bank statements (camt.053, MT940, OFX, CSV) under `statement`. Callers read the bytes; this
//! crate only interprets them and reports what it could not read with the file, line and field.

pub mod mrz;
pub mod statement;
