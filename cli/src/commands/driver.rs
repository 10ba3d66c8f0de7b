//! `dcverify driver`: an in-process implementation served over the driver
//! protocol on standard input and output (`docs/driver-protocol.md`), so
//! `--impl cmd:'dcverify driver'` runs the reference client out of process.

use super::EXIT_COULD_NOT_RUN;
use crate::implementation::{serve_driver, InProcess};
use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct DriverArgs {
    /// The implementation to serve.
    #[arg(long = "impl", value_name = "IMPL", default_value = "openmls")]
    pub implementation: InProcess,
}

pub fn run(args: DriverArgs) -> ExitCode {
    match serve_driver(args.implementation) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dcverify driver: {e}");
            ExitCode::from(EXIT_COULD_NOT_RUN)
        }
    }
}
