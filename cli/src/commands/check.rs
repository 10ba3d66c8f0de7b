//! `dcverify check`.

use super::{verdict_exit, EXIT_COULD_NOT_RUN};
use crate::args::{threads, CheckModel};
use crate::interrupt;
use crate::progress::Progress;
use clap::Args;
use dcverify_causes::Known;
use dcverify_model::check::{
    available_memory_bytes, rss_bytes, run_check, CheckOptions, CheckReport, Search, Stopped,
    Strategy,
};
use dcverify_model::describe::describe_step;
use dcverify_model::{Action, DcModel, EpochNames};
use dcverify_trace::{
    counterexample_trace, exposure_trace, model_counterexample_file_name, model_file_stem,
};
use std::path::PathBuf;
use std::process::ExitCode;

/// A check stopped at its memory limit.
const EXIT_MEMORY_LIMIT: u8 = 4;
/// `--validate`: reduced and full checks disagree on some property.
const EXIT_REDUCTION_DISAGREES: u8 = 5;
/// A check interrupted by a signal (128 + SIGINT, as shells report it).
const EXIT_INTERRUPTED: u8 = 130;
/// Below this a run is too short for its rate to mean anything.
const MIN_SECONDS_FOR_A_RATE: f64 = 0.2;

/// `--counterexamples`: see [`Search`].
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum CounterexampleSearch {
    Shortest,
    ShortestReduced,
    FirstFound,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub model: CheckModel,
    /// Checker threads (at least 1).
    #[arg(long, default_value = "1", value_parser = threads)]
    pub threads: usize,
    /// The hostile delivery service's budget: how many of its steps a run may
    /// take (docs/threat-model.md). With N > 0 the security properties are
    /// checked instead of the honest ones; 0 is the honest server.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub attacks: usize,
    /// How many members' states the attacker may steal (docs/pcs.md). With
    /// N > 0 forward secrecy and healing are checked too, and the report
    /// gives the worst exposure with a shortest path to it.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub compromises: usize,
    /// Partial-order reduction (docs/reduction.md), on by default for the
    /// honest model: where a user can read and the read changes nothing a
    /// property observes, explore that read alone. Same verdicts, far fewer
    /// states; counterexamples are still shortest ones (see
    /// --counterexamples). Not with --attacks or --compromises, where the
    /// check explores every interleaving.
    #[arg(long, conflicts_with = "full")]
    pub reduce: bool,
    /// Explore every interleaving: no partial-order reduction (the state
    /// counts of docs/protocol.md and of the TLC agreement).
    #[arg(long)]
    pub full: bool,
    /// How to find each violated property's counterexample: `shortest` is a
    /// shortest path in the full state space (the breadth-first check meets
    /// each property's first violation at the least depth, so it costs
    /// nothing more; with --reduce or --dfs a breadth-first search of the
    /// full space runs after the check, and can cost far more than it);
    /// `shortest-reduced` searches the reduced space (a shortest path among
    /// those the reduction keeps); `first-found` prints the checker's own.
    #[arg(long, value_enum, default_value = "shortest", value_name = "HOW")]
    pub counterexamples: CounterexampleSearch,
    /// Also run the full check (no reduction) after the reduced one and
    /// compare every property's verdict (docs/reduction.md).
    #[arg(long, conflicts_with = "full")]
    pub validate: bool,
    /// Look only for violations no known cause explains (docs/failures/README.md):
    /// a property counts as holding where it holds or where a cause of the
    /// catalogue explains why not, so a violated property is a new kind of
    /// failure and its counterexample a shortest new one.
    #[arg(long)]
    pub unexplained: bool,
    /// With --unexplained: treat this cause (a page name of docs/failures/ or
    /// docs/attacks/, e.g. `fork-after-lost-add`) as unknown, to find its
    /// shortest trace. Repeatable.
    #[arg(long, value_name = "CAUSE")]
    pub forget: Vec<String>,
    /// Depth-first instead of breadth-first search.
    #[arg(long)]
    pub dfs: bool,
    /// Print one JSON report on stdout instead of text.
    #[arg(long)]
    pub json: bool,
    /// Folder for counterexample traces (`.itf.json`).
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Stop cleanly with a partial report when this process's resident memory
    /// reaches this: a size (`512M`, `8G`) or a share of the memory available
    /// at the start (`50%`).
    #[arg(long, default_value = "80%", value_name = "SIZE|PERCENT")]
    pub max_memory: String,
}

/// `--max-memory` in bytes.
fn memory_limit(text: &str) -> Result<u64, String> {
    let bad =
        || format!("--max-memory `{text}`: write a size like 512M or 8G, or a percentage like 50%");
    let t = text.trim();
    if let Some(pct) = t.strip_suffix('%') {
        let pct: f64 = pct.trim().parse().map_err(|_| bad())?;
        if !(pct > 0.0 && pct <= 100.0) {
            return Err(bad());
        }
        let available = available_memory_bytes()
            .ok_or("--max-memory as a percentage needs /proc/meminfo; give a size instead")?;
        return Ok((available as f64 * pct / 100.0) as u64);
    }
    let (number, unit) = t.split_at(t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len()));
    let scale: u64 = match unit.to_ascii_uppercase().trim_end_matches("IB").trim_end_matches('B') {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        "T" => 1 << 40,
        _ => return Err(bad()),
    };
    let n: f64 = number.trim().parse().map_err(|_| bad())?;
    if n <= 0.0 {
        return Err(bad());
    }
    Ok((n * scale as f64) as u64)
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

pub fn check(args: CheckArgs) -> ExitCode {
    let bounds = args.model.bounds();
    let limit = match memory_limit(&args.max_memory) {
        Ok(l) => l,
        Err(e) => return super::could_not_run("check", e),
    };
    if let Some(note) = args.model.note() {
        eprintln!("dcverify check: {note}");
    }
    let honest = args.attacks == 0 && args.compromises == 0;
    if (args.reduce || args.validate) && !honest {
        return super::could_not_run(
            "check",
            "--reduce and --validate cover the honest model only: the reduction's argument does not hold for a hostile server's steps or compromises (docs/reduction.md)",
        );
    }
    let known = match Known::all_but(&args.forget) {
        Ok(known) => known,
        Err(e) => return super::could_not_run("check", format!("--forget: {e}")),
    };
    if !args.forget.is_empty() && !args.unexplained {
        return super::could_not_run("check", "--forget only applies with --unexplained");
    }
    let fits = !args.unexplained || known.fits_reduction();
    if (args.reduce || args.validate) && !fits {
        return super::could_not_run(
            "check",
            "--reduce with --unexplained needs every cause to explain quiescence properties only (docs/reduction.md), and one explains a safety property",
        );
    }
    // On by default wherever its argument holds.
    let reduce = !args.full && honest && fits;
    let excuse = args.unexplained.then(|| known.excuse());
    let opts = CheckOptions {
        profile: args.model.profile,
        bounds,
        threads: args.threads,
        strategy: if args.dfs { Strategy::Dfs } else { Strategy::Bfs },
        attacks: args.attacks,
        compromises: args.compromises,
        reduce,
        counterexamples: match args.counterexamples {
            CounterexampleSearch::Shortest => Search::Shortest,
            CounterexampleSearch::ShortestReduced => Search::ShortestReduced,
            CounterexampleSearch::FirstFound => Search::FirstFound,
        },
        excuse,
    };
    let mut progress = Progress::new(!args.json);
    interrupt::catch();
    let result = run_check(&opts, &mut |p| {
        progress.update(p);
        if interrupt::interrupted() {
            return Some(Stopped::Interrupted);
        }
        match rss_bytes() {
            Some(rss) if rss >= limit => {
                Some(Stopped::MemoryLimit { limit_bytes: limit, rss_bytes: rss })
            }
            _ => None,
        }
    });
    progress.clear();
    let mut report = match result {
        Ok(r) => r,
        Err(e) => return super::could_not_run("check", e),
    };
    // run_check validated the bounds, so the model can be built again.
    let Ok(model) = DcModel::new(args.model.profile, bounds) else {
        return ExitCode::from(EXIT_COULD_NOT_RUN);
    };
    let model = model.with_attacks(args.attacks).with_compromises(args.compromises);
    let exposure_path = report.exposure.as_ref().is_some_and(|e| e.worst > 0);
    if report.violated().next().is_some() || exposure_path {
        if let Err(e) = std::fs::create_dir_all(&args.out) {
            return super::could_not_run(
                "check",
                format!("cannot create {}: {e}", args.out.display()),
            );
        }
    }
    for verdict in report.properties.iter_mut() {
        let Some(actions) = &verdict.counterexample else { continue };
        let trace = match counterexample_trace(&model, verdict.name, actions) {
            Ok(trace) => trace,
            Err(e) => {
                return super::could_not_run(
                    "check",
                    format!("counterexample to {}: {e}", verdict.name),
                )
            }
        };
        let file = args.out.join(model_counterexample_file_name(&model, verdict.name));
        if let Err(e) = trace.write(&file) {
            return super::could_not_run("check", e);
        }
        verdict.counterexample_file = Some(file);
    }
    if let Some(exposure) = report.exposure.as_mut().filter(|e| e.worst > 0) {
        let trace = match exposure_trace(
            &model,
            &format!(
                "a stolen copy reads {} epoch(s) beyond the one it was stolen with",
                exposure.worst
            ),
            &exposure.path,
        ) {
            Ok(trace) => trace,
            Err(e) => return super::could_not_run("check", format!("worst exposure: {e}")),
        };
        let file = args.out.join(format!("{}-exposure.itf.json", model_file_stem(&model)));
        if let Err(e) = trace.write(&file) {
            return super::could_not_run("check", e);
        }
        exposure.path_file = Some(file);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        print_report(&report, &model);
    }
    if let (true, None) = (args.validate, report.stopped) {
        let full_opts = CheckOptions { reduce: false, counterexamples: Search::FirstFound, ..opts };
        let full = match run_check(&full_opts, &mut |_| {
            interrupt::interrupted().then_some(Stopped::Interrupted)
        }) {
            Ok(full) => full,
            Err(e) => return super::could_not_run("check", e),
        };
        if full.stopped.is_some() {
            return ExitCode::from(EXIT_INTERRUPTED);
        }
        let differ = differing_verdicts(&report, &full);
        let line = format!(
            "validation: the full check reached {} unique states in {:.3} s ({:.1} times the reduced {}); {}",
            full.unique_states,
            full.check_seconds,
            full.unique_states as f64 / report.unique_states.max(1) as f64,
            report.unique_states,
            if differ.is_empty() {
                "every property has the same verdict".to_string()
            } else {
                format!("VERDICTS DIFFER for {}", differ.join(", "))
            }
        );
        // The JSON report stays the only thing on stdout.
        if args.json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
        if !differ.is_empty() {
            return ExitCode::from(EXIT_REDUCTION_DISAGREES);
        }
    }
    match report.stopped {
        Some(Stopped::Interrupted) => ExitCode::from(EXIT_INTERRUPTED),
        Some(Stopped::MemoryLimit { .. }) => ExitCode::from(EXIT_MEMORY_LIMIT),
        None => verdict_exit(report.violated().next().is_none()),
    }
}

/// The properties whose verdicts differ between two reports of one model.
fn differing_verdicts(a: &CheckReport, b: &CheckReport) -> Vec<&'static str> {
    a.properties
        .iter()
        .zip(&b.properties)
        .filter(|(x, y)| x.name != y.name || x.holds != y.holds)
        .map(|(x, _)| x.name)
        .collect()
}

/// Each distinct counterexample once, with every property it violates.
fn distinct_counterexamples(report: &CheckReport) -> Vec<(Vec<&'static str>, &Vec<Action>)> {
    let mut out: Vec<(Vec<&'static str>, &Vec<Action>)> = Vec::new();
    for p in report.violated() {
        let Some(actions) = &p.counterexample else { continue };
        match out.iter_mut().find(|(_, a)| *a == actions) {
            Some((names, _)) => names.push(p.name),
            None => out.push((vec![p.name], actions)),
        }
    }
    out
}

fn print_report(report: &CheckReport, model: &DcModel) {
    let server = super::threat_note(report.attacks, report.compromises);
    println!(
        "dcverify check: profile {}, {} users, {} leaves{server}, {}{}, {} thread(s)",
        report.profile,
        report.users,
        report.leaves,
        match report.strategy {
            Strategy::Bfs => "BFS",
            Strategy::Dfs => "DFS",
        },
        if report.reduced { " with partial-order reduction" } else { "" },
        report.threads
    );
    if report.unexplained_only {
        println!(
            "  only violations no known cause explains (--unexplained; docs/failures/README.md)"
        );
    }
    match report.stopped {
        Some(Stopped::Interrupted) => {
            println!("  STOPPED: interrupted; the counts are what the check reached, not the whole state space")
        }
        Some(Stopped::MemoryLimit { limit_bytes, rss_bytes }) => println!(
            "  STOPPED: memory {} reached the limit {} (--max-memory); the counts are what the check reached",
            mib(rss_bytes),
            mib(limit_bytes)
        ),
        None => {}
    }
    println!("  unique states     {}", report.unique_states);
    println!("  generated states  {}", report.generated_states);
    println!("  max depth         {}", report.max_depth);
    if report.searched_after_check {
        println!(
            "  elapsed           {:.3} s (check {:.3} s, shortest paths {:.3} s)",
            report.elapsed_seconds, report.check_seconds, report.counterexample_seconds
        );
    } else {
        println!("  elapsed           {:.3} s", report.elapsed_seconds);
    }
    if report.check_seconds >= MIN_SECONDS_FOR_A_RATE {
        println!("  unique states/s   {:.0}", report.unique_states_per_second);
    } else {
        println!("  unique states/s   - (the check took under {MIN_SECONDS_FOR_A_RATE} s: too short for a rate)");
    }
    if let Some(rss) = report.peak_rss_bytes {
        println!("  peak memory       {}", mib(rss));
    }
    println!();
    let width = report.properties.iter().map(|p| p.name.len()).max().unwrap_or(0);
    for p in &report.properties {
        let verdict = match (p.holds, report.stopped.is_some(), report.unexplained_only) {
            (true, false, false) => "holds",
            (true, false, true) => "no unexplained violation",
            (true, true, _) => "not violated so far",
            (false, _, false) => "VIOLATED",
            (false, _, true) => "UNEXPLAINED violation",
        };
        let detail = match (&p.counterexample_steps, &p.counterexample_file) {
            (Some(n), Some(f)) => {
                let how = match p.counterexample_search {
                    Some(Search::Shortest) => "",
                    Some(Search::ShortestReduced) => " (shortest under reduction)",
                    _ => " (the first found, not a shortest)",
                };
                format!("  {n} steps{how} -> {}", f.display())
            }
            _ => String::new(),
        };
        println!("  {:width$}  {:10}  {verdict}{detail}", p.name, p.kind);
    }
    if let Some(e) = &report.exposure {
        let file = e.path_file.as_ref().map_or(String::new(), |f| format!(" -> {}", f.display()));
        println!(
            "\n  worst exposure    {} epoch(s) read by a stolen copy beyond the one it was stolen with{}",
            e.worst,
            if e.worst > 0 { format!(" ({} steps{file})", e.path_steps) } else { String::new() }
        );
    }
    for (names, actions) in distinct_counterexamples(report) {
        let Ok(path) = model.walk_actions(actions) else { continue };
        let kind = if report.stopped.is_some() {
            "Counterexample (the first found, not necessarily shortest)"
        } else {
            "Counterexample"
        };
        println!("\n{kind} to {} ({} steps):", names.join(", "), actions.len());
        let names = EpochNames::for_states(path.states());
        let befores = path.states();
        for (i, (before, step)) in befores.zip(&path.steps).enumerate() {
            let what = describe_step(before, step.action, &step.branches, &step.state, &names);
            println!("  {:>3}. {:9} {what}", i + 1, step.action.to_string());
        }
        let legend = names.legend();
        if legend.len() > 1 {
            println!("  epoch nodes: {}", legend.join("; "));
        }
    }
}
