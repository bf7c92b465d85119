//! Tests of the reader as a whole: peers' samples (conformance), bad input with the exact
//! findings, and properties (generated MRZs read back, arbitrary text never panics).

mod bad_input;
mod conformance;
mod properties;
