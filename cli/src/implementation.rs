//! Choosing the implementation under test (`--impl`): the OpenMLS client in
//! this process, or any driver program (`cmd:'PROGRAM ARGS'`,
//! `docs/driver-protocol.md`) — and serving one in-process implementation
//! as a driver (`dcverify driver`).

use dcverify_driver::DriverImplementation;
use dcverify_impl::{MlsRs, OpenMls};
use dcverify_protocol::Implementation;
use std::fmt;
use std::str::FromStr;

/// What `--impl` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImplArg {
    /// The project's OpenMLS client, linked in (the default).
    OpenMls,
    /// The same client on mls-rs, linked in.
    MlsRs,
    /// A driver program, run by `sh -c`.
    Command(String),
}

/// The implementations `dcverify driver` can serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InProcess {
    Openmls,
    #[value(name = "mls-rs")]
    MlsRs,
}

impl FromStr for ImplArg {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "openmls" => Ok(ImplArg::OpenMls),
            "mls-rs" => Ok(ImplArg::MlsRs),
            _ => match s.strip_prefix("cmd:") {
                Some(command) if !command.trim().is_empty() => {
                    Ok(ImplArg::Command(command.to_string()))
                }
                Some(_) => Err("`cmd:` needs a program: cmd:'PROGRAM ARGS'".into()),
                None => Err(format!(
                    "unknown implementation `{s}` (known: openmls, mls-rs, cmd:'PROGRAM ARGS')"
                )),
            },
        }
    }
}

impl fmt::Display for ImplArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImplArg::OpenMls => f.write_str("openmls"),
            ImplArg::MlsRs => f.write_str("mls-rs"),
            ImplArg::Command(c) => write!(f, "cmd:{c}"),
        }
    }
}

impl ImplArg {
    /// The implementation, its randomness drawn from `seed` (fresh without
    /// one) and deliberately wrong where `mutant` names a mutant.
    pub fn make(
        &self,
        seed: Option<u64>,
        mutant: Option<&str>,
    ) -> Result<Box<dyn Implementation>, String> {
        match self {
            ImplArg::OpenMls => in_process(InProcess::Openmls, seed, mutant),
            ImplArg::MlsRs => in_process(InProcess::MlsRs, seed, mutant),
            ImplArg::Command(command) => DriverImplementation::start(command, seed, mutant)
                .map(|d| Box::new(d) as Box<dyn Implementation>)
                .map_err(|e| e.to_string()),
        }
    }
}

fn in_process(
    which: InProcess,
    seed: Option<u64>,
    mutant: Option<&str>,
) -> Result<Box<dyn Implementation>, String> {
    Ok(match which {
        InProcess::Openmls => {
            let openmls = OpenMls::named_mutant(mutant).map_err(|e| e.to_string())?;
            Box::new(OpenMls { seed, ..openmls })
        }
        InProcess::MlsRs => {
            let mls_rs = MlsRs::named_mutant(mutant).map_err(|e| e.to_string())?;
            Box::new(MlsRs { seed, ..mls_rs })
        }
    })
}

/// `dcverify driver`: serves `which` on standard input and output.
pub fn serve_driver(which: InProcess) -> std::io::Result<()> {
    let make = |seed: Option<u64>, mutant: Option<&str>| in_process(which, seed, mutant);
    let stdin = std::io::stdin().lock();
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    dcverify_driver::serve(stdin, stdout, &make)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_commands_parse_and_others_are_refused() {
        assert_eq!("openmls".parse(), Ok(ImplArg::OpenMls));
        assert_eq!("mls-rs".parse(), Ok(ImplArg::MlsRs));
        assert_eq!(
            "cmd:dcverify driver --impl openmls".parse(),
            Ok(ImplArg::Command("dcverify driver --impl openmls".into()))
        );
        assert!("cmd:  ".parse::<ImplArg>().unwrap_err().contains("needs a program"));
        assert!("boringssl".parse::<ImplArg>().unwrap_err().contains("unknown implementation"));
        assert_eq!(ImplArg::Command("x y".into()).to_string(), "cmd:x y");
    }
}
