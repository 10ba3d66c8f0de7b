//! `dcverify attack NAME`: one fault or attack scenario (or all), with its outcome checked.

use super::EXIT_COULD_NOT_RUN;
use crate::attack::scenarios::{by_name, run_scenario, Expected, ScenarioReport, SCENARIOS};
use crate::rng::Rng;
use clap::Args;
use dcverify_model::Profile;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct AttackArgs {
    /// Scenario name, or `all`.
    pub name: String,
    #[arg(long, default_value = "orange")]
    pub profile: Profile,
    /// Seed for the scenario's random choices; a fresh one, printed, if not given.
    #[arg(long)]
    pub seed: Option<u64>,
    #[arg(long)]
    pub json: bool,
    /// Print the scenario table of docs/attacks.md instead of running.
    #[arg(long)]
    pub markdown: bool,
}

pub fn describe_expected(e: Expected) -> String {
    match e {
        Expected::Agreement => "members agree, nothing lost".into(),
        Expected::Detected(signals) => format!(
            "detected: {}",
            signals.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(" + ")
        ),
        Expected::LostUnnoticed => {
            "members agree; losses go unnoticed (the SFU is trusted for liveness)".into()
        }
    }
}

pub fn run(args: AttackArgs) -> ExitCode {
    if args.markdown {
        print!("{}", crate::attack::scenarios::markdown_table());
        return ExitCode::SUCCESS;
    }
    let scenarios: Vec<_> = if args.name == "all" {
        SCENARIOS.iter().collect()
    } else {
        match by_name(&args.name) {
            Some(s) => vec![s],
            None => {
                let names: Vec<&str> = SCENARIOS.iter().map(|s| s.name).collect();
                eprintln!(
                    "dcverify attack: unknown scenario `{}` (known: all, {})",
                    args.name,
                    names.join(", ")
                );
                return ExitCode::from(EXIT_COULD_NOT_RUN);
            }
        }
    };
    let seed = args.seed.unwrap_or_else(Rng::fresh_seed);
    let reports: Vec<ScenarioReport> =
        scenarios.iter().map(|s| run_scenario(s, args.profile, seed)).collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports).unwrap_or_default());
    } else {
        println!("dcverify attack: profile {}, seed {seed}", args.profile);
        for (s, r) in scenarios.iter().zip(&reports) {
            let got: Vec<String> = r.assessment.signals.iter().map(|x| format!("{x:?}")).collect();
            println!(
                "{:<26} {:<4} expected {}; got {}{}",
                s.name,
                if r.as_expected { "ok" } else { "FAIL" },
                describe_expected(s.expected),
                if got.is_empty() {
                    "agreement".to_string()
                } else {
                    format!("detected: {}", got.join(" + "))
                },
                if r.assessment.silent_split { " — SILENT SPLIT" } else { "" }
            );
            for d in &r.assessment.details {
                println!("    {d}");
            }
        }
    }
    if reports.iter().all(|r| r.as_expected) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
