//! `dcverify check`.

use super::{verdict_exit, EXIT_COULD_NOT_RUN};
use crate::progress::Progress;
use clap::Args;
use dcverify_model::check::{run_check, CheckOptions, CheckReport, Strategy};
use dcverify_model::describe::describe_step;
use dcverify_model::{Bounds, DcModel, Profile};
use dcverify_trace::{counterexample_file_name, counterexample_trace};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Algorithm profile (see docs/protocol.md).
    #[arg(long, default_value = "orange")]
    pub profile: Profile,
    /// Total users, founder included.
    #[arg(long, default_value_t = 4)]
    pub users: usize,
    /// Maximum number of leaves.
    #[arg(long, default_value_t = 1)]
    pub leaves: usize,
    /// Checker threads.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Depth-first instead of breadth-first search.
    #[arg(long)]
    pub dfs: bool,
    /// Print one JSON report on stdout instead of text.
    #[arg(long)]
    pub json: bool,
    /// Folder for counterexample traces (`.itf.json`).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
}

pub fn check(args: CheckArgs) -> ExitCode {
    let bounds = Bounds { users: args.users, leaves: args.leaves };
    let opts = CheckOptions {
        profile: args.profile,
        bounds,
        threads: args.threads,
        strategy: if args.dfs { Strategy::Dfs } else { Strategy::Bfs },
    };
    let mut progress = Progress::new(!args.json);
    let result = run_check(&opts, &mut |p| progress.update(p));
    progress.clear();
    let mut report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dcverify check: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
    };
    // run_check validated the bounds, so the model can be built again.
    let Ok(model) = DcModel::new(args.profile, bounds) else {
        return ExitCode::from(EXIT_COULD_NOT_RUN);
    };
    if report.violated().next().is_some() {
        if let Err(e) = std::fs::create_dir_all(&args.out) {
            eprintln!("dcverify check: cannot create {}: {e}", args.out.display());
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
    }
    for verdict in report.properties.iter_mut() {
        let Some(actions) = &verdict.counterexample else { continue };
        let trace = match counterexample_trace(&model, verdict.name, actions) {
            Ok(trace) => trace,
            Err(e) => {
                eprintln!("dcverify check: counterexample to {}: {e}", verdict.name);
                return ExitCode::from(EXIT_COULD_NOT_RUN);
            }
        };
        let file = args.out.join(counterexample_file_name(args.profile, bounds, verdict.name));
        if let Err(e) = trace.write(&file) {
            eprintln!("dcverify check: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
        verdict.counterexample_file = Some(file);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        print_report(&report, &model);
    }
    let all_hold = report.violated().next().is_none();
    verdict_exit(all_hold)
}

fn print_report(report: &CheckReport, model: &DcModel) {
    println!(
        "dcverify check: profile {}, {} users, {} leaves, {}, {} thread(s)",
        report.profile,
        report.users,
        report.leaves,
        match report.strategy {
            Strategy::Bfs => "BFS",
            Strategy::Dfs => "DFS",
        },
        report.threads
    );
    println!("  unique states     {}", report.unique_states);
    println!("  generated states  {}", report.generated_states);
    println!("  max depth         {}", report.max_depth);
    println!("  elapsed           {:.3} s", report.elapsed_seconds);
    println!("  unique states/s   {:.0}", report.unique_states_per_second);
    if let Some(rss) = report.peak_rss_bytes {
        println!("  peak memory       {:.1} MiB", rss as f64 / (1024.0 * 1024.0));
    }
    println!();
    let width = report.properties.iter().map(|p| p.name.len()).max().unwrap_or(0);
    for p in &report.properties {
        let verdict = if p.holds { "holds".to_string() } else { "VIOLATED".to_string() };
        let detail = match (&p.counterexample_steps, &p.counterexample_file) {
            (Some(n), Some(f)) => format!("  {n} steps -> {}", f.display()),
            _ => String::new(),
        };
        println!("  {:width$}  {:10}  {verdict}{detail}", p.name, p.kind);
    }
    for p in report.violated() {
        let Some(actions) = &p.counterexample else { continue };
        let Ok(path) = model.walk_actions(actions) else { continue };
        println!("\nCounterexample to {} ({} steps):", p.name, actions.len());
        let befores = path.states();
        for (i, (before, step)) in befores.zip(&path.steps).enumerate() {
            let what = describe_step(before, step.action, &step.branches, &step.state);
            println!("  {:>3}. {:9} {what}", i + 1, step.action.to_string());
        }
    }
    if report.counterexample_seconds > 0.0 {
        println!("\n(shortest counterexamples found in {:.3} s)", report.counterexample_seconds);
    }
}
