//! `dcverify merge`: the reports of a batch's shards (`simulate|record
//! --shard K/N --report FILE`) as one batch's report.

use super::EXIT_DIVERGED;
use crate::walk_report::WalkReport;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The shards' `--report` files.
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// Write the merged report here too.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    super::could_not_run("merge", message)
}

pub fn merge(args: MergeArgs) -> ExitCode {
    let mut reports = Vec::new();
    for file in &args.reports {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => return fail(format!("{}: {e}", file.display())),
        };
        match serde_json::from_str::<WalkReport>(&text) {
            Ok(r) => reports.push(r),
            Err(e) => return fail(format!("{}: not a --report file: {e}", file.display())),
        }
    }
    let shards = reports.len();
    let merged = match WalkReport::merge(reports) {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    if let Some(out) = &args.output {
        let text = serde_json::to_string_pretty(&merged).unwrap_or_default();
        if let Err(e) = std::fs::write(out, text) {
            return fail(format!("writing {}: {e}", out.display()));
        }
    }
    println!(
        "dcverify merge: {shards} report(s), one batch: {} --profile {} --users {} --leaves {} --seed {} --runs {}",
        merged.command, merged.profile, merged.users, merged.leaves, merged.seed, merged.runs
    );
    println!(
        "  {} runs, {} steps in all; {} violated a property; {} failed on the implementation",
        merged.results.len(),
        merged.results.iter().map(|r| r.steps).sum::<usize>(),
        merged.violated(),
        merged.failed()
    );
    for r in merged.results.iter().filter(|r| !r.violations.is_empty() || r.failure.is_some()) {
        let what = [r.violations.join(" "), r.failure.clone().unwrap_or_default()].join(" ");
        println!("  run {:>5} seed {:>20}  {}", r.run, r.seed, what.trim());
    }
    if merged.failed() > 0 {
        // As the shards' own exit: a divergence (simulate) or a disallowed step (record).
        ExitCode::from(if merged.command == "simulate" { EXIT_DIVERGED } else { 1 })
    } else if merged.violated() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
