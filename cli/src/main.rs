//! `dcverify`: argument parsing and printing over the suite's crates
//! (`docs/ARCHITECTURE.md`). Exit codes (each command's `--help` lists its
//! own): 0 every property holds (or every trace ended as expected), 1 some
//! property is violated (or a trace did not end as expected), 2 could not
//! run, 3 a simulated walk diverged on the implementation, 4 a check
//! stopped at its memory limit, 130 a check was interrupted.

mod args;
mod commands;
mod implementation;
mod interrupt;
mod progress;
mod shard;
mod walk_report;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Like other Unix tools, end quietly when the reader of our output goes
    // away (`dcverify show ... | head`) instead of panicking on a broken pipe.
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    commands::main()
}
