//! `dcverify replay PATH...`: replays traces (files, or folders searched for
//! `.itf.json`) on the implementation, with a summary table.

use super::EXIT_COULD_NOT_RUN;
use clap::{Args, ValueEnum};
use dcverify_conformance::batch::replay_paths;
use dcverify_conformance::replay::{Outcome, ReplayOptions, ReplayReport};
use dcverify_impl::{Mutant, OpenMls};
use dcverify_protocol::Implementation;
use dcverify_trace::Meta;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MutantArg {
    /// Commit pendings forgets the first pending remove.
    SkipOnePendingRemove,
}

impl MutantArg {
    /// The OpenMLS implementation, wrong on purpose when a mutant is asked for.
    pub fn implementation(mutant: Option<MutantArg>) -> OpenMls {
        OpenMls {
            mutant: mutant.map(|MutantArg::SkipOnePendingRemove| Mutant::SkipOnePendingRemove),
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
}

pub fn run(args: ReplayArgs) -> ExitCode {
    let opts = ReplayOptions { experience: args.experience };
    // A --mutant given here replaces whatever the traces name.
    let implementation_for = |meta: &Meta| -> Result<Box<dyn Implementation>, String> {
        match args.mutant {
            Some(m) => Ok(Box::new(MutantArg::implementation(Some(m)))),
            None => Ok(Box::new(
                OpenMls::named_mutant(meta.mutant.as_deref()).map_err(|e| e.to_string())?,
            )),
        }
    };
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
    if args.json {
        let summary = serde_json::json!({
            "traces": reports.len(), "steps": steps, "seconds": seconds, "client_seconds": client,
            "steps_per_second": steps as f64 / seconds.max(1e-9), "traces_per_second": reports.len() as f64 / seconds.max(1e-9),
            "reports": reports,
        });
        println!("{}", serde_json::to_string_pretty(&summary).unwrap_or_default());
    } else {
        print_table(&reports);
        println!(
            "\n{} traces, {steps} steps in {seconds:.3} s: {:.0} steps/s, {:.1} traces/s; {:.0}% of the time inside the clients (OpenMLS)",
            reports.len(),
            steps as f64 / seconds.max(1e-9),
            reports.len() as f64 / seconds.max(1e-9),
            100.0 * client / seconds.max(1e-9)
        );
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
        println!("{result:<8} {:>6} {:>9.1}  {name}", r.steps, r.seconds * 1000.0);
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
