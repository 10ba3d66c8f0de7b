//! The `dcverify` subcommands, a file each: their arguments, what they ask
//! of the library crates, and how they print it.

mod attack;
mod check;
mod replay;
mod show;
mod simulate;
mod tlc;
mod traces;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "dcverify",
    version,
    about = "Verify the designated-committer MLS membership algorithm"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Model-check a profile exhaustively with stateright.
    Check(check::CheckArgs),
    /// Model-check the TLA+ spec (tla/DC.tla) with TLC.
    Tlc(tlc::TlcArgs),
    /// Trace corpora.
    #[command(subcommand)]
    Traces(traces::TracesCommand),
    /// Random walks through the model at bounds too large to exhaust, written as traces.
    Simulate(simulate::WalkArgs),
    /// Replay traces on the real implementation (OpenMLS clients, simulated delivery service and SFU).
    Replay(replay::ReplayArgs),
    /// Run real clients under a random schedule and check every step against the model.
    Record(simulate::WalkArgs),
    /// Show a trace in the terminal (a row per step), one state (--step), two traces' difference (--diff), or an HTML sequence diagram (--html -o FILE).
    Show(show::ShowArgs),
    /// Serve the stateright Explorer for a profile and bounds (or a trace) on localhost.
    Explore(show::ExploreArgs),
    /// Run a fault or attack scenario of a hostile delivery service or SFU (or `all`).
    Attack(attack::AttackArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::check(args),
        Command::Tlc(args) => tlc::tlc(args),
        Command::Traces(cmd) => traces::run(cmd),
        Command::Simulate(args) => simulate::simulate(args),
        Command::Replay(args) => replay::run(args),
        Command::Record(args) => simulate::record_runs(args),
        Command::Show(args) => show::show(args),
        Command::Explore(args) => show::explore(args),
        Command::Attack(args) => attack::run(args),
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

/// Says why `dcverify COMMAND` could not run, and exits accordingly.
fn could_not_run(command: &str, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("dcverify {command}: {message}");
    ExitCode::from(EXIT_COULD_NOT_RUN)
}
/// The implementation diverged from the model (`simulate --replay`).
const EXIT_DIVERGED: u8 = 3;
