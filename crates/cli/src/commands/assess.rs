//! `neonomad assess` (being written).

/// Arguments of `neonomad assess`.
#[derive(clap::Args)]
pub struct AssessArgs {}

/// Runs the command.
pub fn run(_args: AssessArgs) -> anyhow::Result<u8> {
    anyhow::bail!("`neonomad assess` is not implemented yet")
}
