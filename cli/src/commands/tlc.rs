//! `dcverify tlc`: TLC on the TLA+ spec, reported like `dcverify check`.

use super::verdict_exit;
use crate::args::{threads, SmallModel};
use clap::Args;
use dcverify_model::DcModel;
use dcverify_tlc::check::{report_trace, tlc_check, TlcReport};
use dcverify_tlc::config::{config_file_name, config_text};
use dcverify_tlc::run::{check_java, locate_jar};
use dcverify_trace::model_counterexample_file_name;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct TlcArgs {
    #[command(flatten)]
    pub model: SmallModel,
    /// A hostile delivery service with a budget of N steps (`DC.tla`'s
    /// `Attacks`; docs/threat-model.md): the security properties are checked
    /// instead of the honest ones. 0 is the honest server.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub attacks: usize,
    /// How many members' states the attacker may steal (`DC.tla`'s
    /// `Compromises`; docs/pcs.md): forward secrecy and healing are checked too.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub compromises: usize,
    /// TLC worker threads (at least 1).
    #[arg(long, default_value = "1", value_parser = threads)]
    pub workers: usize,
    /// Print one JSON report on stdout instead of text.
    #[arg(long)]
    pub json: bool,
    /// Folder for error traces, converted to `.itf.json`.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Only write the TLC configuration for these bounds into this folder.
    #[arg(long, value_name = "DIR")]
    pub write_config: Option<PathBuf>,
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    super::could_not_run("tlc", message)
}

pub fn tlc(args: TlcArgs) -> ExitCode {
    let bounds = args.model.bounds();
    let profile = args.model.profile;
    if let Some(note) = args.model.note() {
        eprintln!("dcverify tlc: {note}");
    }
    let model = match DcModel::new(profile, bounds) {
        Ok(m) => m.with_attacks(args.attacks).with_compromises(args.compromises),
        Err(e) => return fail(e),
    };
    if let Some(dir) = &args.write_config {
        let file = dir.join(config_file_name(&model));
        return match std::fs::write(&file, config_text(&model, None)) {
            Ok(()) => {
                println!("{}", file.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(format!("writing {}: {e}", file.display())),
        };
    }
    if let Err(e) = check_java() {
        return fail(e);
    }
    let jar = match locate_jar() {
        Ok(j) => j,
        Err(e) => return fail(e),
    };
    if !args.json {
        eprintln!("dcverify tlc: running TLC ({}) ...", jar.display());
    }
    let report = match tlc_check(&jar, &model, args.workers) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let mut files = Vec::new();
    let violated: Vec<_> = report.verdicts.iter().filter(|v| !v.holds).collect();
    if !violated.is_empty() {
        if let Err(e) = std::fs::create_dir_all(&args.out) {
            return fail(format!("creating {}: {e}", args.out.display()));
        }
    }
    for v in &violated {
        let trace = match report_trace(&report, &model, v.name) {
            Some(Ok(t)) => t,
            Some(Err(e)) => return fail(format!("error trace of {}: {e}", v.name)),
            None => continue,
        };
        let file = args.out.join(format!("tlc-{}", model_counterexample_file_name(&model, v.name)));
        if let Err(e) = trace.write(&file) {
            return fail(e);
        }
        files.push((v.name, file));
    }
    if args.json {
        let mut value = serde_json::to_value(&report).unwrap_or_default();
        value["trace_files"] = files
            .iter()
            .map(|(n, f)| (n.to_string(), serde_json::json!(f)))
            .collect::<serde_json::Map<_, _>>()
            .into();
        println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
    } else {
        print_report(&report, &files);
    }
    verdict_exit(violated.is_empty())
}

fn print_report(r: &TlcReport, files: &[(&str, PathBuf)]) {
    let server = super::threat_note(r.attacks, r.compromises);
    println!(
        "dcverify tlc: profile {}, {} users, {} leaves{server}, {} worker(s)",
        r.profile, r.users, r.leaves, r.workers
    );
    println!("  distinct states   {}", r.distinct_states);
    println!("  generated states  {}", r.generated_states);
    println!("  depth             {}", r.depth);
    println!(
        "  TLC time          {:.3} s ({:.3} s with JVM start)",
        r.tlc_seconds, r.elapsed_seconds
    );
    println!("  distinct states/s {:.0}", r.distinct_states_per_second);
    println!("  rounds            {} ({:.3} s in all)", r.rounds, r.total_seconds);
    println!();
    let width = r.verdicts.iter().map(|v| v.name.len()).max().unwrap_or(0);
    for v in &r.verdicts {
        let detail = match (v.trace_steps, files.iter().find(|(n, _)| *n == v.name)) {
            (Some(n), Some((_, f))) => format!("  {n} steps -> {}", f.display()),
            _ => String::new(),
        };
        println!("  {:width$}  {}{detail}", v.name, if v.holds { "holds" } else { "VIOLATED" });
    }
}
