//! `dcverify traces generate`: the coverage corpus and counterexamples;
//! `dcverify trace complete`: a trace written as steps, completed through the model.

use super::EXIT_COULD_NOT_RUN;
use crate::args::CorpusModel;
use clap::{Args, Subcommand};
use dcverify_model::DcModel;
use dcverify_trace::corpus::generate;
use dcverify_trace::Trace;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum TracesCommand {
    /// Write shortest traces covering every branch of Read and commit pendings, and every counterexample.
    Generate(GenerateArgs),
    /// Compute every state of a trace written as steps only (a text file with one step per line, or ITF with only `action`) and write the full ITF trace.
    Complete(CompleteArgs),
}

#[derive(Args, Debug)]
pub struct CompleteArgs {
    /// The steps file (`Join`, `Read(1)`, `Send(1)`, `Leave(2)`, one per line; header lines `profile`, `users`, `leaves`, `violates`, `description` may come first).
    pub file: PathBuf,
    /// Write the full trace here (stdout if not given).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub model: CorpusModel,
    /// Folder to write `coverage/` and `counterexamples/` into.
    #[arg(long, default_value = "out/corpus")]
    pub out: PathBuf,
}

pub fn run(cmd: TracesCommand) -> ExitCode {
    match cmd {
        TracesCommand::Generate(args) => generate_corpus(args),
        TracesCommand::Complete(args) => complete(args),
    }
}

fn complete(args: CompleteArgs) -> ExitCode {
    let (trace, model) = match Trace::read_valid(&args.file) {
        Ok((trace, model, _)) => (trace, model),
        Err(e) => return super::could_not_run("trace complete", e),
    };
    // The properties its model checks: the security ones with a hostile server.
    let failing: Vec<&str> =
        trace.steps.last().map_or(Vec::new(), |last| model.violated(&last.state));
    match &args.output {
        None => println!("{}", trace.to_json_string()),
        Some(file) => {
            if let Err(e) = trace.write(file) {
                return super::could_not_run("trace complete", e);
            }
            eprintln!(
                "dcverify trace complete: {} steps, profile {}, {} users, {} leaves -> {}{}",
                trace.steps.len() - 1,
                trace.meta.profile,
                trace.meta.users,
                trace.meta.leaves,
                file.display(),
                if failing.is_empty() {
                    String::new()
                } else {
                    format!("; its last state violates {}", failing.join(", "))
                }
            );
        }
    }
    ExitCode::SUCCESS
}

fn generate_corpus(args: GenerateArgs) -> ExitCode {
    if let Some(note) = args.model.note() {
        eprintln!("dcverify traces generate: {note}");
    }
    let model = match DcModel::new(args.model.profile, args.model.bounds()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("dcverify traces generate: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
    };
    let corpus = generate(&model);
    let files = match corpus.write(&args.out) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("dcverify traces generate: {e}");
            return ExitCode::from(EXIT_COULD_NOT_RUN);
        }
    };
    for (b, t) in &corpus.coverage {
        println!("covers      {:<24} {:>3} steps", format!("{b:?}"), t.steps.len() - 1);
    }
    for (p, t) in &corpus.counterexamples {
        println!("violates    {p:<24} {:>3} steps", t.steps.len() - 1);
    }
    for b in &corpus.uncovered {
        println!(
            "UNREACHABLE {:<24} (no step takes it at {} users, {} leaves)",
            format!("{b:?}"),
            args.model.users,
            args.model.leaves
        );
    }
    println!("{} traces written under {}", files.len(), args.out.display());
    ExitCode::SUCCESS
}
