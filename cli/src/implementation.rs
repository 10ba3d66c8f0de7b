//! Choosing the implementation under test (`--impl`): the OpenMLS client in
//! this process, or any driver program (`cmd:'PROGRAM ARGS'`,
//! `docs/driver-protocol.md`) — and serving one in-process implementation
//! as a driver (`dcverify driver`).

use dcverify_conformance::mixed::{Assignment, Mixed};
use dcverify_driver::DriverImplementation;
use dcverify_impl::{MlsRs, OpenMls};
use dcverify_protocol::{Implementation, Uid};
use std::collections::BTreeMap;
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

/// What `--mix` names: the implementations, and who runs which.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MixArg {
    pub parts: Vec<ImplArg>,
    pub assignment: Assignment,
}

impl FromStr for MixArg {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let items: Vec<&str> = s.split(',').map(str::trim).collect();
        let per_uid = items.iter().any(|i| i.contains('=') && !i.starts_with("cmd:"));
        if !per_uid {
            let parts = items.iter().map(|i| i.parse()).collect::<Result<Vec<ImplArg>, _>>()?;
            return Ok(MixArg { parts, assignment: Assignment::RoundRobin });
        }
        let mut parts: Vec<ImplArg> = Vec::new();
        let mut map = BTreeMap::new();
        for item in items {
            let Some((uid, name)) = item.split_once('=') else {
                return Err(format!(
                    "`{item}`: write UID=IMPL for every user, or only IMPL,IMPL..."
                ));
            };
            let uid: Uid = uid
                .trim()
                .parse()
                .map_err(|_| format!("`{item}`: `{uid}` is not a uid (1 to 255)"))?;
            let part: ImplArg = name.trim().parse()?;
            let index = match parts.iter().position(|p| *p == part) {
                Some(i) => i,
                None => {
                    parts.push(part);
                    parts.len() - 1
                }
            };
            if map.insert(uid, index).is_some() {
                return Err(format!("user {uid} is named twice"));
            }
        }
        Ok(MixArg { parts, assignment: Assignment::PerUid(map) })
    }
}

impl fmt::Display for MixArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = match &self.assignment {
            Assignment::RoundRobin => self.parts.iter().map(ImplArg::to_string).collect(),
            Assignment::PerUid(map) => {
                map.iter().map(|(u, &i)| format!("{u}={}", self.parts[i])).collect()
            }
        };
        f.write_str(&names.join(","))
    }
}

impl MixArg {
    pub fn make(
        &self,
        seed: Option<u64>,
        mutant: Option<&str>,
    ) -> Result<Box<dyn Implementation>, String> {
        let parts =
            self.parts.iter().map(|p| p.make(seed, mutant)).collect::<Result<Vec<_>, _>>()?;
        Mixed::new(parts, self.assignment.clone())
            .map(|m| Box::new(m) as Box<dyn Implementation>)
            .map_err(|e| e.to_string())
    }
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

    #[test]
    fn mixes_are_lists_or_one_implementation_per_user() {
        let robin: MixArg = "openmls, mls-rs".parse().unwrap();
        assert_eq!(robin.parts, [ImplArg::OpenMls, ImplArg::MlsRs]);
        assert_eq!(robin.assignment, Assignment::RoundRobin);
        assert_eq!(robin.to_string(), "openmls,mls-rs");
        let per: MixArg = "2=mls-rs,1=openmls,3=mls-rs".parse().unwrap();
        assert_eq!(per.parts, [ImplArg::MlsRs, ImplArg::OpenMls]);
        assert_eq!(per.assignment, Assignment::PerUid(BTreeMap::from([(1, 1), (2, 0), (3, 0)])));
        assert_eq!(per.to_string(), "1=openmls,2=mls-rs,3=mls-rs");
        assert!("1=openmls,1=mls-rs".parse::<MixArg>().unwrap_err().contains("named twice"));
        assert!("0x=openmls".parse::<MixArg>().unwrap_err().contains("not a uid"));
        assert!("1=openmls,mls-rs".parse::<MixArg>().unwrap_err().contains("UID=IMPL"));
        assert!("openmls,wolfssl"
            .parse::<MixArg>()
            .unwrap_err()
            .contains("unknown implementation"));
    }
}
