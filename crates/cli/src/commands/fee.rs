//! `neonomad fee` (being written).

/// Arguments of `neonomad fee`.
#[derive(clap::Args)]
pub struct FeeArgs {}

/// Runs the command.
pub fn run(_args: FeeArgs) -> anyhow::Result<u8> {
    anyhow::bail!("`neonomad fee` is not implemented yet")
}
