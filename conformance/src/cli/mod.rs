//! The `dcverify` command line. Exit codes: 0 every property holds, 1 some
//! property is violated, 2 could not run.

mod attack_cmd;
mod check_cmd;
mod replay_cmd;
mod show_cmd;
mod simulate_cmd;
mod tlc_cmd;
mod traces_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub use attack_cmd::describe_expected;
pub use check_cmd::CheckArgs;
pub use replay_cmd::{replay_paths, trace_files};
pub use show_cmd::explorer_path;
pub use tlc_cmd::TlcArgs;

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
    Check(CheckArgs),
    /// Model-check the TLA+ spec (tla/DC.tla) with TLC.
    Tlc(TlcArgs),
    /// Trace corpora.
    #[command(subcommand)]
    Traces(traces_cmd::TracesCommand),
    /// Random walks through the model at bounds too large to exhaust, written as traces.
    Simulate(simulate_cmd::WalkArgs),
    /// Replay traces on the real implementation (OpenMLS clients, simulated delivery service and SFU).
    Replay(replay_cmd::ReplayArgs),
    /// Run real clients under a random schedule and check every step against the model.
    Record(simulate_cmd::WalkArgs),
    /// Show a trace in the terminal (a row per step), one state (--step), two traces' difference (--diff), or an HTML sequence diagram (--html -o FILE).
    Show(show_cmd::ShowArgs),
    /// Serve the stateright Explorer for a profile and bounds (or a trace) on localhost.
    Explore(show_cmd::ExploreArgs),
    /// Run a fault or attack scenario of a hostile delivery service or SFU (or `all`).
    Attack(attack_cmd::AttackArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check_cmd::check(args),
        Command::Tlc(args) => tlc_cmd::tlc(args),
        Command::Traces(cmd) => traces_cmd::run(cmd),
        Command::Simulate(args) => simulate_cmd::simulate(args),
        Command::Replay(args) => replay_cmd::run(args),
        Command::Record(args) => simulate_cmd::record_runs(args),
        Command::Show(args) => show_cmd::show(args),
        Command::Explore(args) => show_cmd::explore(args),
        Command::Attack(args) => attack_cmd::run(args),
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
