//! The `dcverify` subcommands, a file each: their arguments, what they ask
//! of the library crates, and how they print it.

mod attack;
mod check;
mod driver;
mod merge;
mod replay;
mod show;
mod simulate;
mod tlc;
mod traces;
mod triage;

use crate::args::*;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "dcverify",
    version,
    about = "Verify the designated-committer MLS membership algorithm",
    after_help = "The algorithm, its state, its steps and every property checked are defined in docs/protocol.md; the trace format in traces/README.md. Each command's --help lists its exit status."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Model-check a profile exhaustively with stateright: a verdict per property of docs/protocol.md, a shortest counterexample trace per violated one.
    #[command(after_help = EXIT_CHECK)]
    Check(check::CheckArgs),
    /// Model-check the TLA+ spec (tla/DC.tla) with TLC.
    #[command(after_help = EXIT_TLC)]
    Tlc(tlc::TlcArgs),
    /// Trace files: generate the corpus, complete a trace written as steps.
    #[command(subcommand, alias = "trace", after_help = EXIT_TRACE)]
    Traces(traces::TracesCommand),
    /// Random walks through the model at bounds too large to exhaust, written as traces.
    #[command(after_help = EXIT_SIMULATE)]
    Simulate(simulate::SimulateArgs),
    /// Join the --report files of a batch's shards (simulate|record --shard K/N) into one report.
    #[command(after_help = EXIT_MERGE)]
    Merge(merge::MergeArgs),
    /// Replay traces on the real implementation (OpenMLS clients, simulated delivery service and SFU).
    #[command(after_help = EXIT_REPLAY)]
    Replay(replay::ReplayArgs),
    /// Run real clients under a random schedule and check every step they take against the model.
    #[command(after_help = EXIT_RECORD)]
    Record(simulate::RecordArgs),
    /// Show a trace in the terminal (a row per step), one state (--step), two traces' difference (--diff), or an HTML sequence diagram (--html -o FILE).
    #[command(after_help = EXIT_SHOW)]
    Show(show::ShowArgs),
    /// Serve the stateright Explorer for a profile and bounds (or a trace) on localhost.
    #[command(after_help = EXIT_SHOW)]
    Explore(show::ExploreArgs),
    /// Sort the violations in traces into the known causes of docs/failures/ and docs/attacks/: a table of cause, property, count and shortest trace.
    #[command(after_help = EXIT_TRIAGE)]
    Triage(triage::TriageArgs),
    /// Run a fault or attack scenario of a hostile delivery service or SFU (or `all`).
    #[command(after_help = EXIT_ATTACK)]
    Attack(attack::AttackArgs),
    /// Serve an in-process implementation over the driver protocol on stdin/stdout (docs/driver-protocol.md), for `--impl cmd:'dcverify driver'`.
    #[command(after_help = EXIT_DRIVER)]
    Driver(driver::DriverArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::check(args),
        Command::Tlc(args) => tlc::tlc(args),
        Command::Traces(cmd) => traces::run(cmd),
        Command::Simulate(args) => simulate::simulate(args),
        Command::Replay(args) => replay::run(args),
        Command::Merge(args) => merge::merge(args),
        Command::Record(args) => simulate::record_runs(args),
        Command::Show(args) => show::show(args),
        Command::Explore(args) => show::explore(args),
        Command::Attack(args) => attack::run(args),
        Command::Triage(args) => triage::triage(args),
        Command::Driver(args) => driver::run(args),
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
/// `triage` or `check --unexplained` found a violation no known cause explains.
const EXIT_UNEXPLAINED: u8 = 1;

/// The threat a report's header names: a hostile server's budget, and how
/// many users' states the attacker may steal (nothing for neither).
fn threat_note(attacks: usize, compromises: usize) -> String {
    let mut note = String::new();
    if attacks > 0 {
        note.push_str(&format!(", hostile server with {attacks} step(s)"));
    }
    if compromises > 0 {
        note.push_str(&format!(", {compromises} compromise(s)"));
    }
    note
}

/// Says why `dcverify COMMAND` could not run, and exits accordingly.
fn could_not_run(command: &str, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("dcverify {command}: {message}");
    ExitCode::from(EXIT_COULD_NOT_RUN)
}
/// The implementation diverged from the model (`simulate --replay`).
const EXIT_DIVERGED: u8 = 3;
