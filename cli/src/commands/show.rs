//! `dcverify show` and `dcverify explore`: reading traces and the state space.

use crate::args::SmallModel;
use clap::Args;
use dcverify_conformance::replay::{replay, Outcome, ReplayOptions};
use dcverify_impl::OpenMls;
use dcverify_model::DcModel;
use dcverify_protocol::Rng;
use dcverify_trace::Trace;
use dcverify_viewer::explorer::{explorer_path, serve};
use dcverify_viewer::html::render_html;
use dcverify_viewer::terminal::{render_diff, render_state, render_trace, Style};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The trace (two with --diff).
    #[arg(required = true, num_args = 1..=2)]
    pub traces: Vec<PathBuf>,
    /// Show one state in full.
    #[arg(long)]
    pub step: Option<usize>,
    /// Compare two traces: where they first differ, and how.
    #[arg(long)]
    pub diff: bool,
    /// Write a self-contained HTML sequence diagram instead (with -o).
    #[arg(long)]
    pub html: bool,
    /// Output file for --html.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Do not replay the trace on the implementation for safety numbers (--html).
    #[arg(long)]
    pub no_replay: bool,
    /// Seed of the replay's MLS randomness (--html): the same seed shows the
    /// same safety numbers. A fresh one, printed, if not given.
    #[arg(long)]
    pub seed: Option<u64>,
    /// No colours, even on a terminal.
    #[arg(long)]
    pub no_color: bool,
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    super::could_not_run("show", message)
}

fn explore_fail(message: impl std::fmt::Display) -> ExitCode {
    super::could_not_run("explore", message)
}

pub fn show(args: ShowArgs) -> ExitCode {
    if args.output.is_some() && !args.html {
        return fail("-o/--output is the file for --html; without --html, show prints to stdout");
    }
    if (args.no_replay || args.seed.is_some()) && !args.html {
        return fail("--no-replay and --seed only apply to --html");
    }
    // Every trace is checked through the model first: a view of an
    // impossible trace would be a view of nothing.
    let mut traces = Vec::new();
    for path in &args.traces {
        match Trace::read_valid(path) {
            Ok((t, _, _)) => traces.push(t),
            Err(e) => return fail(e),
        }
    }
    let style = Style { color: !args.no_color && std::io::stdout().is_terminal() };
    if args.diff {
        let [a, b] = traces.as_slice() else { return fail("--diff needs two traces") };
        print!("{}", render_diff(a, b, &style));
        return ExitCode::SUCCESS;
    }
    let [trace] = traces.as_slice() else { return fail("give one trace (two only with --diff)") };
    if args.html {
        let Some(output) = &args.output else { return fail("--html needs -o FILE") };
        let seed = args.seed.unwrap_or_else(Rng::fresh_seed);
        let experience = if args.no_replay {
            None
        } else {
            let clients = OpenMls::default().with_seed(seed);
            let report = replay(trace, None, &clients, ReplayOptions { experience: true });
            match report.outcome {
                Outcome::Passed => report.experience,
                other => {
                    eprintln!("dcverify show: the replay on the implementation did not pass ({other:?}); no safety numbers");
                    None
                }
            }
        };
        let title = format!(
            "{} ({}){}",
            args.traces[0].display(),
            trace
                .meta
                .violates
                .as_deref()
                .map_or("trace".to_string(), |p| format!("counterexample to {p}")),
            if experience.is_some() {
                format!(", replayed with MLS seed {seed}")
            } else {
                String::new()
            }
        );
        return match std::fs::write(output, render_html(trace, experience.as_ref(), &title)) {
            Ok(()) => {
                if experience.is_some() {
                    println!(
                        "{} (safety numbers from a replay with --seed {seed})",
                        output.display()
                    );
                } else {
                    println!("{}", output.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(format!("writing {}: {e}", output.display())),
        };
    }
    match args.step {
        Some(n) => match render_state(trace, n) {
            Some(text) => print!("{text}"),
            None => return fail(format!("the trace has states 0 to {}", trace.steps.len() - 1)),
        },
        None => print!("{}", render_trace(trace, &style)),
    }
    ExitCode::SUCCESS
}

#[derive(Args, Debug)]
pub struct ExploreArgs {
    #[command(flatten)]
    pub model: SmallModel,
    /// Address to serve on (localhost only by default).
    #[arg(long, default_value = "127.0.0.1:3000")]
    pub address: String,
    /// Open this trace: prints the URL that steps through it (profile and bounds come from the trace).
    #[arg(long)]
    pub trace: Option<PathBuf>,
}

pub fn explore(args: ExploreArgs) -> ExitCode {
    let (profile, bounds, trace) = match &args.trace {
        Some(path) => match Trace::read_valid(path) {
            Ok((t, model, _)) => (model.profile, model.bounds, Some(t)),
            Err(e) => return explore_fail(e),
        },
        None => {
            if let Some(note) = args.model.note() {
                eprintln!("dcverify explore: {note}");
            }
            (args.model.profile, args.model.bounds(), None)
        }
    };
    let model = match DcModel::new(profile, bounds) {
        Ok(m) => m,
        Err(e) => return explore_fail(e),
    };
    let fragment = match &trace {
        Some(t) => match explorer_path(t) {
            Ok(p) => format!("#/steps/{p}"),
            Err(e) => return explore_fail(e),
        },
        None => String::new(),
    };
    println!(
        "dcverify explore: profile {profile}, {} users, {} leaves",
        bounds.users, bounds.leaves
    );
    println!("http://{}/{fragment}", args.address);
    use std::io::Write;
    let _ = std::io::stdout().flush();
    serve(model, args.address.as_str());
    ExitCode::SUCCESS
}
