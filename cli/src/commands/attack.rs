//! `dcverify attack NAME`: one fault or attack scenario (or all), with its outcome checked.

use super::EXIT_COULD_NOT_RUN;
use crate::args::ImplChoice;
use clap::Args;
use dcverify_conformance::attack::assess::Signal;
use dcverify_conformance::attack::run::{run_scenario, ScenarioReport};
use dcverify_conformance::attack::scenarios::{by_name, markdown_table, SCENARIOS};
use dcverify_protocol::{Profile, Rng};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct AttackArgs {
    /// Scenario name, or `all` (docs/attacks.md lists them).
    #[arg(required_unless_present = "markdown")]
    pub name: Option<String>,
    /// Algorithm profile: `orange` (as deployed), `fixed` (corrected), `guarded` (fixed, hardened against a hostile server) or `healing` (fixed, whose members refresh their leaves: docs/pcs.md); docs/protocol.md defines them.
    #[arg(long, default_value = "orange")]
    pub profile: Profile,
    /// Seed for the scenario's random choices; a fresh one, printed, if not given.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Print one JSON report on stdout instead of text.
    #[arg(long)]
    pub json: bool,
    /// Print the scenario table of docs/attacks.md instead of running (no name needed).
    #[arg(long, conflicts_with_all = ["name", "json", "seed"])]
    pub markdown: bool,
    #[command(flatten)]
    pub implementation: ImplChoice,
}

pub fn run(args: AttackArgs) -> ExitCode {
    if args.markdown {
        print!("{}", markdown_table());
        return ExitCode::SUCCESS;
    }
    let name = args.name.unwrap_or_default();
    let scenarios: Vec<_> = if name == "all" {
        SCENARIOS.iter().collect()
    } else {
        match by_name(&name) {
            Some(s) => vec![s],
            None => {
                let names: Vec<&str> = SCENARIOS.iter().map(|s| s.name).collect();
                eprintln!(
                    "dcverify attack: unknown scenario `{}` (known: all, {})",
                    name,
                    names.join(", ")
                );
                return ExitCode::from(EXIT_COULD_NOT_RUN);
            }
        }
    };
    let seed = args.seed.unwrap_or_else(Rng::fresh_seed);
    // A fresh implementation (a fresh driver) for every scenario: one
    // scenario's clients never meet another's.
    let implementation_for = || args.implementation.make(None, None);
    let mut reports: Vec<ScenarioReport> = Vec::new();
    for s in &scenarios {
        let implementation = match implementation_for() {
            Ok(i) => i,
            Err(e) => {
                eprintln!("dcverify attack: {e}");
                return ExitCode::from(EXIT_COULD_NOT_RUN);
            }
        };
        match run_scenario(s, implementation.as_ref(), args.profile, seed) {
            Ok(report) => reports.push(report),
            Err(e) => {
                eprintln!("dcverify attack: {}: {e}", s.name);
                return ExitCode::from(EXIT_COULD_NOT_RUN);
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports).unwrap_or_default());
    } else {
        println!("dcverify attack: profile {}, seed {seed}", args.profile);
        for (s, r) in scenarios.iter().zip(&reports) {
            let list = |signals: &std::collections::BTreeSet<_>| {
                let names: Vec<String> = signals.iter().map(|x: &Signal| x.to_string()).collect();
                names.join(" + ")
            };
            let a = &r.assessment;
            let got = match (a.signals.is_empty(), a.on_screen.is_empty()) {
                (true, _) => "agreement".to_string(),
                (false, true) => format!("recorded: {}; nothing on screen", list(&a.signals)),
                (false, false) => {
                    format!("recorded: {}; on screen: {}", list(&a.signals), list(&a.on_screen))
                }
            };
            println!(
                "{:<26} {:<4} expected {}; got {got}{}",
                s.name,
                if r.as_expected { "ok" } else { "FAIL" },
                r.expected.describe(),
                if a.silent_split { " — SILENT SPLIT" } else { "" }
            );
            for d in &r.assessment.details {
                println!("    {d}");
            }
        }
        if reports.len() > 1 {
            let ok = reports.iter().filter(|r| r.as_expected).count();
            let splits = reports.iter().filter(|r| r.assessment.silent_split).count();
            println!(
                "\n{} scenarios: {ok} as expected, {} not; {splits} silent split(s)",
                reports.len(),
                reports.len() - ok
            );
        }
    }
    if reports.iter().all(|r| r.as_expected) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
