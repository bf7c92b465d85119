//! One module per subcommand; each exposes its clap arguments and a `run` returning the exit code.

pub mod assess;
pub mod calendar;
pub mod fee;
pub mod income;
pub mod law;
pub mod mrz;
pub mod rates;
pub mod statement;
