use std::process::ExitCode;

fn main() -> ExitCode {
    dcverify::cli::main()
}
