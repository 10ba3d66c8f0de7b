//! `dcverify replay PATH...`: replays traces (files, or folders searched for
//! `.itf.json`) on the implementation, with a summary table.

use super::EXIT_COULD_NOT_RUN;
use crate::args::ImplChoice;
use clap::{Args, ValueEnum};
use dcverify_conformance::batch::replay_paths;
use dcverify_conformance::replay::{Outcome, ReplayOptions, ReplayReport};
use dcverify_impl::Mutant;
use dcverify_protocol::{Implementation, Rng};
use dcverify_trace::Meta;
use std::path::PathBuf;
use std::process::ExitCode;

/// Below this, replays are too quick for a rate to mean anything.
const MIN_SECONDS_FOR_A_RATE: f64 = 0.001;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MutantArg {
    /// Commit pendings forgets the first pending remove.
    SkipOnePendingRemove,
}

impl MutantArg {
    /// The mutant's name and what it gets wrong.
    pub fn describe(self) -> &'static str {
        match self {
            MutantArg::SkipOnePendingRemove => {
                "skip-one-pending-remove: commit pendings forgets the first pending remove"
            }
        }
    }

    /// The mutant's name, as a trace's `#meta.mutant` and a driver's `start` say it.
    pub fn name(self) -> &'static str {
        match self {
            MutantArg::SkipOnePendingRemove => Mutant::SkipOnePendingRemove.name(),
        }
    }
}

#[derive(Args, Debug)]
pub struct ReplayArgs {
    /// Trace files and folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print one JSON report on stdout instead of text.
    #[arg(long)]
    pub json: bool,
    /// Run a deliberately wrong client (to see a divergence report).
    #[arg(long)]
    pub mutant: Option<MutantArg>,
    /// After each trace, show what the people in the call experience.
    #[arg(long)]
    pub experience: bool,
    /// Seed of the clients' randomness (keys, secrets, nonces): the same seed
    /// replays to byte-identical messages and safety numbers. A fresh one,
    /// printed, if not given.
    #[arg(long)]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub implementation: ImplChoice,
}

pub fn run(args: ReplayArgs) -> ExitCode {
    let opts = ReplayOptions { experience: args.experience };
    let seed = args.seed.unwrap_or_else(Rng::fresh_seed);
    // A --mutant given here replaces whatever the traces name.
    let implementation_for = |meta: &Meta| -> Result<Box<dyn Implementation>, String> {
        let mutant = args.mutant.map(MutantArg::name).or(meta.mutant.as_deref());
        args.implementation.make(Some(seed), mutant)
    };
    if let Some(m) = args.mutant {
        eprintln!(
            "dcverify replay: MUTANT ACTIVE: the clients are deliberately wrong ({})",
            m.describe()
        );
    }
    let reports = match replay_paths(&args.paths, &implementation_for, opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dcverify replay: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
    };
    let steps: usize = reports.iter().map(|r| r.steps).sum();
    let seconds: f64 = reports.iter().map(|r| r.seconds).sum();
    let client: f64 = reports.iter().map(|r| r.client_seconds).sum();
    // Rates only mean something over replays that ran for a measurable time.
    let timed = steps > 0 && seconds >= MIN_SECONDS_FOR_A_RATE;
    let rate = |n: usize| timed.then(|| n as f64 / seconds);
    if args.json {
        let summary = serde_json::json!({
            "seed": seed,
            "traces": reports.len(), "steps": steps, "seconds": seconds, "client_seconds": client,
            "steps_per_second": rate(steps), "traces_per_second": rate(reports.len()),
            "reports": reports,
        });
        println!("{}", serde_json::to_string_pretty(&summary).unwrap_or_default());
    } else {
        print_table(&reports);
        let failed = reports.iter().filter(|r| !r.as_expected()).count();
        let tally = if failed == 0 {
            "all as expected".to_string()
        } else {
            format!("{failed} NOT as expected")
        };
        match (rate(steps), rate(reports.len())) {
            (Some(sps), Some(tps)) => println!(
                "\n{} traces ({tally}), {steps} steps in {seconds:.3} s: {sps:.0} steps/s, {tps:.1} traces/s; {:.0}% of the time inside the clients ({})",
                reports.len(),
                100.0 * client / seconds,
                args.implementation
            ),
            _ => println!("\n{} traces ({tally}), {steps} steps in {seconds:.3} s", reports.len()),
        }
        if args.implementation.draws_from_os() {
            println!("MLS randomness seed {seed} (mls-rs draws its randomness from the OS: only OpenMLS clients replay to the same bytes with --seed {seed})");
        } else {
            println!("MLS randomness seed {seed} (--seed {seed} replays to the same bytes and safety numbers)");
        }
    }
    if reports.iter().any(|r| matches!(r.outcome, Outcome::CouldNotRun { .. })) {
        ExitCode::from(EXIT_COULD_NOT_RUN)
    } else if reports.iter().all(ReplayReport::as_expected) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_table(reports: &[ReplayReport]) {
    println!("{:<8} {:>6} {:>9}  trace", "result", "steps", "ms");
    for r in reports {
        let name = r.path.as_ref().map_or("-".to_string(), |p| p.display().to_string());
        let result = match (&r.outcome, r.as_expected()) {
            (Outcome::Passed, true) => "pass",
            (Outcome::Diverged { .. }, true) => "diverge*",
            (Outcome::Passed, false) => "PASS?",
            (Outcome::Diverged { .. }, false) => "DIVERGE",
            (Outcome::CouldNotRun { .. }, _) => "ERROR",
        };
        let steps = if r.steps == r.trace_steps {
            r.steps.to_string()
        } else {
            format!("{}/{}", r.steps, r.trace_steps)
        };
        println!("{result:<8} {steps:>6} {:>9.1}  {name}", r.seconds * 1000.0);
        match &r.outcome {
            Outcome::Diverged { step, action, diffs } if !r.as_expected() => {
                println!(
                    "         first divergence at state {step}, after {}:",
                    action.as_deref().unwrap_or("the start")
                );
                for d in diffs {
                    println!("           {d}");
                }
            }
            Outcome::CouldNotRun { reason } => println!("         could not run: {reason}"),
            _ => {}
        }
        if let Some(e) = &r.experience {
            println!("{e}");
        }
    }
}
