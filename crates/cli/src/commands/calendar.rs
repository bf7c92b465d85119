//! `neonomad calendar` (being written).

/// Subcommands of `neonomad calendar`.
#[derive(clap::Subcommand)]
pub enum CalendarCommand {}

/// Runs the command.
pub fn run(_cmd: CalendarCommand) -> anyhow::Result<u8> {
    anyhow::bail!("`neonomad calendar` is not implemented yet")
}
