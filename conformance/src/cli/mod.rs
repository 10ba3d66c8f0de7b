//! The `dcverify` command line. Exit codes: 0 every property holds, 1 some
//! property is violated, 2 could not run.

mod check_cmd;
mod tlc_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub use check_cmd::CheckArgs;
pub use tlc_cmd::TlcArgs;

#[derive(Parser, Debug)]
#[command(name = "dcverify", version, about = "Verify the designated-committer MLS membership algorithm")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Model-check a profile exhaustively with stateright.
    Check(CheckArgs),
    /// Model-check the TLA+ spec (tla/DC.tla) with TLC.
    Tlc(TlcArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check_cmd::check(args),
        Command::Tlc(args) => tlc_cmd::tlc(args),
    }
}

/// Exit code for a finished check.
fn verdict_exit(all_hold: bool) -> ExitCode {
    if all_hold {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

const EXIT_COULD_NOT_RUN: u8 = 2;
