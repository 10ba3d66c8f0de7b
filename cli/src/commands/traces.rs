//! `dcverify traces generate`: the coverage corpus and counterexamples.

use super::EXIT_COULD_NOT_RUN;
use clap::{Args, Subcommand};
use dcverify_model::{Bounds, DcModel, Profile};
use dcverify_trace::corpus::generate;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum TracesCommand {
    /// Write shortest traces covering every branch of Read and commit pendings, and every counterexample.
    Generate(GenerateArgs),
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    #[arg(long, default_value = "orange")]
    pub profile: Profile,
    #[arg(long, default_value_t = 3)]
    pub users: usize,
    #[arg(long, default_value_t = 2)]
    pub leaves: usize,
    /// Folder to write `coverage/` and `counterexamples/` into.
    #[arg(long, default_value = "out/corpus")]
    pub out: PathBuf,
}

pub fn run(cmd: TracesCommand) -> ExitCode {
    let TracesCommand::Generate(args) = cmd;
    let model = match DcModel::new(args.profile, Bounds { users: args.users, leaves: args.leaves })
    {
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
            args.users,
            args.leaves
        );
    }
    println!("{} traces written under {}", files.len(), args.out.display());
    ExitCode::SUCCESS
}
