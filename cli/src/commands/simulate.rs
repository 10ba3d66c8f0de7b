//! `dcverify simulate` and `dcverify record`: random walks through the model,
//! and random schedules of the implementation checked against the model.

use super::{replay::MutantArg, EXIT_COULD_NOT_RUN, EXIT_DIVERGED};
use clap::Args;
use dcverify_conformance::record::record;
use dcverify_conformance::replay::{replay, ReplayOptions};
use dcverify_impl::OpenMls;
use dcverify_model::random_walk::{random_walk, run_seed};
use dcverify_model::{Bounds, DcModel, Profile};
use dcverify_protocol::Rng;
use dcverify_trace::walk_trace;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct WalkArgs {
    #[arg(long, default_value = "orange")]
    pub profile: Profile,
    #[arg(long, default_value_t = 6)]
    pub users: usize,
    #[arg(long, default_value_t = 3)]
    pub leaves: usize,
    /// Seed of run 0 (run i uses seed + i); a fresh one, printed, if not given.
    #[arg(long)]
    pub seed: Option<u64>,
    #[arg(long, default_value_t = 10)]
    pub runs: u64,
    /// Maximum steps per run.
    #[arg(long, default_value_t = 200)]
    pub depth: usize,
    /// Folder for the traces.
    #[arg(long, default_value = "out/walks")]
    pub out: PathBuf,
    /// Also replay each walk on the implementation (simulate only).
    #[arg(long)]
    pub replay: bool,
    /// Run a deliberately wrong client (record only).
    #[arg(long)]
    pub mutant: Option<MutantArg>,
}

fn setup(args: &WalkArgs, what: &str) -> Result<(DcModel, u64), ExitCode> {
    let model = DcModel::new(args.profile, Bounds { users: args.users, leaves: args.leaves })
        .map_err(|e| {
            eprintln!("dcverify {what}: {e}");
            ExitCode::from(EXIT_COULD_NOT_RUN)
        })?;
    std::fs::create_dir_all(&args.out).map_err(|e| {
        eprintln!("dcverify {what}: creating {}: {e}", args.out.display());
        ExitCode::from(EXIT_COULD_NOT_RUN)
    })?;
    let seed = args.seed.unwrap_or_else(Rng::fresh_seed);
    println!("dcverify {what}: seed {seed}, {} runs of at most {} steps, {} users, {} leaves, profile {}", args.runs, args.depth, args.users, args.leaves, args.profile);
    Ok((model, seed))
}

/// Exit codes: 0 no walk violated a property, 1 some did, 2 could not run,
/// 3 a walk replayed on the implementation diverged from the model.
pub fn simulate(args: WalkArgs) -> ExitCode {
    let (model, seed) = match setup(&args, "simulate") {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut violated = false;
    let mut diverged = false;
    for i in 0..args.runs {
        let walk = random_walk(&model, run_seed(seed, i), args.depth);
        let trace = walk_trace(&model, &walk);
        let file = args.out.join(format!("walk-{}.itf.json", walk.seed));
        if let Err(e) = trace.write(&file) {
            eprintln!("dcverify simulate: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
        let found: Vec<String> = walk.violations.iter().map(|(n, s)| format!("{n}@{s}")).collect();
        violated |= !found.is_empty();
        let mut line = format!(
            "run {i:>3} seed {:>20} {:>4} steps  {}",
            walk.seed,
            walk.path.steps.len(),
            if found.is_empty() { "no violation".into() } else { found.join(" ") }
        );
        if args.replay {
            let report =
                replay(&trace, Some(file.clone()), &OpenMls::default(), ReplayOptions::default());
            diverged |= !report.as_expected();
            line.push_str(&format!(
                "  replay: {}",
                if report.as_expected() {
                    "pass".to_string()
                } else {
                    format!("{:?}", report.outcome)
                }
            ));
        }
        println!("{line}");
    }
    if diverged {
        ExitCode::from(EXIT_DIVERGED)
    } else if violated {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn record_runs(args: WalkArgs) -> ExitCode {
    let (model, seed) = match setup(&args, "record") {
        Ok(x) => x,
        Err(code) => return code,
    };
    let implementation = MutantArg::implementation(args.mutant);
    let mut bad = false;
    for i in 0..args.runs {
        let rec = record(&model, &implementation, run_seed(seed, i), args.depth);
        let file = args.out.join(format!("record-{}.itf.json", rec.seed));
        if let Err(e) = rec.trace.write(&file) {
            eprintln!("dcverify record: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
        if let Some(e) = &rec.error {
            eprintln!("dcverify record: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
        match &rec.disallowed {
            None => println!(
                "run {i:>3} seed {:>20} {:>4} steps  every step allowed by the model",
                rec.seed,
                rec.trace.steps.len() - 1
            ),
            Some(d) => {
                bad = true;
                println!(
                    "run {i:>3} seed {:>20}  step {} ({}) is not allowed: {}",
                    rec.seed, d.step, d.action, d.why
                );
                for diff in &d.diffs {
                    println!("      {diff}");
                }
            }
        }
    }
    if bad {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
