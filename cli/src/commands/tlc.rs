//! `dcverify tlc`: TLC on the TLA+ spec, reported like `dcverify check`.

use super::verdict_exit;
use crate::args::{threads, SmallModel};
use clap::Args;
use dcverify_model::DcModel;
use dcverify_tlc::check::{report_trace, tlc_check_in, TlcMode, TlcReport};
use dcverify_tlc::config::{config_file_name, config_text};
use dcverify_tlc::distributed::{free_port, server_host, worker_command, Distributed};
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
    /// Run TLC's distributed mode: a TLC server on this machine, which
    /// workers here (--local-workers) and on other hosts join; the command
    /// for another host is printed on stderr (README, "When one machine is
    /// not enough").
    #[arg(long)]
    pub distributed: bool,
    /// With --distributed: worker processes to start on this machine.
    #[arg(long, default_value_t = 1, value_name = "N", requires = "distributed")]
    pub local_workers: usize,
    /// With --distributed: the server's RMI port (a free one if not given).
    #[arg(long, value_name = "PORT", requires = "distributed")]
    pub port: Option<u16>,
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
    let mode = if args.distributed {
        let port = match args.port.map_or_else(free_port, Ok) {
            Ok(p) => p,
            Err(e) => return fail(e),
        };
        let host = server_host();
        let note = if host == "localhost" {
            " (set DCVERIFY_TLC_HOST to this machine's address for workers on other hosts)"
        } else {
            ""
        };
        eprintln!(
            "dcverify tlc: TLC server on port {port} with {} local worker(s){note}; on another host, for each round:\n  {}",
            args.local_workers,
            worker_command(&jar, &host, port)
        );
        TlcMode::Distributed(Distributed { port, local_workers: args.local_workers })
    } else {
        TlcMode::Single { workers: args.workers }
    };
    let report = match tlc_check_in(&jar, &model, mode) {
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
    if report.distributed && !violated.is_empty() {
        // Its "behaviour up to this point" starts mid-way, at a state it
        // labels the initial one: no trace to convert.
        eprintln!("dcverify tlc: TLC 2.15's distributed server prints only the last states of an error trace; `dcverify check` (or `dcverify tlc` without --distributed) writes the counterexamples");
    }
    for v in violated.iter().filter(|_| !report.distributed) {
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
        "dcverify tlc: profile {}, {} users, {} leaves{server}, {}",
        r.profile,
        r.users,
        r.leaves,
        if r.distributed {
            format!("distributed ({} local worker process(es), others from other hosts)", r.workers)
        } else {
            format!("{} worker(s)", r.workers)
        }
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
