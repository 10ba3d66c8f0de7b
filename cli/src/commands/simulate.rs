//! `dcverify simulate` and `dcverify record`: random walks through the model,
//! and random schedules of the implementation checked against the model.

use super::{replay::MutantArg, EXIT_COULD_NOT_RUN, EXIT_DIVERGED};
use crate::args::ImplChoice;
use crate::args::WalkModel;
use crate::shard::Shard;
use crate::walk_report::{RunResult, WalkReport};
use clap::Args;
use dcverify_conformance::record::record;
use dcverify_conformance::replay::{replay, ReplayOptions};
use dcverify_model::random_walk::{random_walk, run_seed};
use dcverify_model::DcModel;
use dcverify_protocol::Rng;
use dcverify_trace::walk_trace;
use std::path::PathBuf;
use std::process::ExitCode;

/// What `simulate` and `record` share: the model and the runs.
#[derive(Args, Debug)]
pub struct WalkArgs {
    #[command(flatten)]
    pub model: WalkModel,
    /// Seed of run 0 (run i uses seed + i); a fresh one, printed, if not given.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Number of runs.
    #[arg(long, default_value_t = 10)]
    pub runs: u64,
    /// Maximum steps per run.
    #[arg(long, default_value_t = 200)]
    pub depth: usize,
    /// Folder for the traces.
    #[arg(long, default_value = "out/walks")]
    pub out: PathBuf,
    /// Take only shard K of N of the batch: runs K-1, K-1+N, ... (needs
    /// --seed, so that every shard walks the same batch; `dcverify merge`
    /// joins their --report files).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Write a JSON report of every run here (for `dcverify merge`).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

impl WalkArgs {
    /// The runs of the batch this invocation takes.
    fn runs(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.runs).filter(|&i| self.shard.is_none_or(|s| s.takes(i)))
    }

    fn report(&self, command: &str, model: &DcModel, seed: u64) -> WalkReport {
        WalkReport {
            command: command.into(),
            profile: model.profile.name().into(),
            users: model.bounds.users,
            leaves: model.bounds.leaves,
            attacks: model.attacks,
            compromises: model.compromises,
            seed,
            runs: self.runs,
            depth: self.depth,
            shard: self.shard.map(|s| s.to_string()),
            results: Vec::new(),
        }
    }

    /// Writes `report` to `--report`, if given.
    fn write_report(&self, what: &str, report: &WalkReport) -> Result<(), ExitCode> {
        let Some(file) = &self.report else { return Ok(()) };
        let text = serde_json::to_string_pretty(report).unwrap_or_default();
        std::fs::write(file, text).map_err(|e| {
            eprintln!("dcverify {what}: writing {}: {e}", file.display());
            ExitCode::from(EXIT_COULD_NOT_RUN)
        })
    }
}

#[derive(Args, Debug)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Also replay each walk on the implementation.
    #[arg(long)]
    pub replay: bool,
    /// The hostile delivery service's budget per walk (docs/threat-model.md);
    /// with N > 0 walks may take the server's steps and the security
    /// properties are checked.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub attacks: usize,
    /// How many members' states the attacker may steal per walk
    /// (docs/pcs.md); with `--replay` the runner's stolen copies must read
    /// what the model's read.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub compromises: usize,
    /// With --replay, the implementation the walks are replayed on.
    #[command(flatten)]
    pub implementation: ImplChoice,
}

#[derive(Args, Debug)]
pub struct RecordArgs {
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Run a deliberately wrong client (to see the model catch it).
    #[arg(long)]
    pub mutant: Option<MutantArg>,
    #[command(flatten)]
    pub implementation: ImplChoice,
}

fn setup(
    args: &WalkArgs,
    what: &str,
    attacks: usize,
    compromises: usize,
) -> Result<(DcModel, u64), ExitCode> {
    let model = DcModel::new(args.model.profile, args.model.bounds())
        .map_err(|e| {
            eprintln!("dcverify {what}: {e}");
            ExitCode::from(EXIT_COULD_NOT_RUN)
        })?
        .with_attacks(attacks)
        .with_compromises(compromises);
    if let Some(note) = args.model.note() {
        eprintln!("dcverify {what}: {note}");
    }
    std::fs::create_dir_all(&args.out).map_err(|e| {
        eprintln!("dcverify {what}: creating {}: {e}", args.out.display());
        ExitCode::from(EXIT_COULD_NOT_RUN)
    })?;
    if args.shard.is_some() && args.seed.is_none() {
        eprintln!("dcverify {what}: --shard needs --seed: every shard must walk the same batch");
        return Err(ExitCode::from(EXIT_COULD_NOT_RUN));
    }
    let seed = args.seed.unwrap_or_else(Rng::fresh_seed);
    let shard = args.shard.map_or(String::new(), |s| format!(" (shard {s})"));
    println!(
        "dcverify {what}: seed {seed}, {} runs{shard} of at most {} steps, {} users, {} leaves, profile {}; traces in {}",
        args.runs,
        args.depth,
        args.model.users,
        args.model.leaves,
        args.model.profile,
        args.out.display()
    );
    Ok((model, seed))
}

/// Exit codes: 0 no walk violated a property, 1 some did, 2 could not run,
/// 3 a walk replayed on the implementation diverged from the model.
pub fn simulate(args: SimulateArgs) -> ExitCode {
    let (replay_each, attacks, compromises) = (args.replay, args.attacks, args.compromises);
    let implementation = args.implementation.clone();
    let args = args.walk;
    let (model, seed) = match setup(&args, "simulate", attacks, compromises) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut violated = false;
    let mut diverged = false;
    let mut report = args.report("simulate", &model, seed);
    for i in args.runs() {
        let walk = random_walk(&model, run_seed(seed, i), args.depth);
        let trace = walk_trace(&model, &walk);
        let file = args.out.join(format!("walk-{}.itf.json", walk.seed));
        if let Err(e) = trace.write(&file) {
            eprintln!("dcverify simulate: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
        let found: Vec<String> = walk.violations.iter().map(|(n, s)| format!("{n}@{s}")).collect();
        violated |= !found.is_empty();
        let end = if walk.ended { "quiescent end" } else { "cut at --depth" };
        let mut line = format!(
            "run {i:>3} seed {:>20} {:>4} steps, {end:<14}  {}",
            walk.seed,
            walk.path.steps.len(),
            if found.is_empty() { "no violation".into() } else { found.join(" ") }
        );
        let mut failure = None;
        if replay_each {
            // The walk's seed also seeds the clients: one number reproduces both.
            let clients = match implementation.make(Some(walk.seed), None) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("dcverify simulate: {e}");
                    return ExitCode::from(EXIT_COULD_NOT_RUN);
                }
            };
            let replayed =
                replay(&trace, Some(file.clone()), clients.as_ref(), ReplayOptions::default());
            diverged |= !replayed.as_expected();
            failure = (!replayed.as_expected()).then(|| format!("{:?}", replayed.outcome));
            line.push_str(&format!("  replay: {}", failure.as_deref().unwrap_or("pass")));
        }
        println!("{line}");
        report.results.push(RunResult {
            run: i,
            seed: walk.seed,
            steps: walk.path.steps.len(),
            violations: found,
            failure,
        });
    }
    if let Err(code) = args.write_report("simulate", &report) {
        return code;
    }
    if diverged {
        ExitCode::from(EXIT_DIVERGED)
    } else if violated {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn record_runs(args: RecordArgs) -> ExitCode {
    let mutant = args.mutant;
    let implementation = args.implementation;
    let args = args.walk;
    let (model, seed) = match setup(&args, "record", 0, 0) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if let Some(m) = mutant {
        println!("dcverify record: MUTANT ACTIVE: the clients are deliberately wrong ({}); the model should catch them", m.describe());
    }
    let mut bad = false;
    let mut report = args.report("record", &model, seed);
    for i in args.runs() {
        // The run's seed drives the schedule and the clients' randomness.
        let run = run_seed(seed, i);
        let clients = match implementation.make(Some(run), mutant.map(MutantArg::name)) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("dcverify record: {e}");
                return ExitCode::from(EXIT_COULD_NOT_RUN);
            }
        };
        let rec = record(&model, clients.as_ref(), run, args.depth);
        let file = args.out.join(format!("record-{}.itf.json", rec.seed));
        if let Err(e) = rec.trace.write(&file) {
            eprintln!("dcverify record: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
        if let Some(e) = &rec.error {
            eprintln!("dcverify record: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
        let steps = rec.trace.steps.len() - 1;
        let failure = rec
            .disallowed
            .as_ref()
            .map(|d| format!("step {} ({}) is not allowed: {}", d.step, d.action, d.why));
        match (&rec.disallowed, &failure) {
            (Some(d), Some(why)) => {
                bad = true;
                println!("run {i:>3} seed {:>20}  {why}", rec.seed);
                for diff in &d.diffs {
                    println!("      {diff}");
                }
            }
            _ => println!(
                "run {i:>3} seed {:>20} {steps:>4} steps  every step allowed by the model",
                rec.seed
            ),
        }
        report.results.push(RunResult {
            run: i,
            seed: rec.seed,
            steps,
            violations: Vec::new(),
            failure,
        });
    }
    if let Err(code) = args.write_report("record", &report) {
        return code;
    }
    if bad {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
