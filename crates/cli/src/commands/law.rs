//! `neonomad law` (being written).

/// Arguments of `neonomad law`.
#[derive(clap::Args)]
pub struct LawArgs {}

/// Runs the command.
pub fn run(_args: LawArgs) -> anyhow::Result<u8> {
    anyhow::bail!("`neonomad law` is not implemented yet")
}
