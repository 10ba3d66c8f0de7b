//! Arguments several commands share, with one description each: the model
//! (profile and bounds, defaults per command) and the exit codes their
//! `--help` lists.

use clap::Args;
use dcverify_model::{Bounds, Profile};

/// The model a command works on: a struct per command's default bounds.
/// (Not a generic struct: clap's derive keeps a default's text in a static
/// that every instance of a generic would share.)
macro_rules! model_args {
    ($name:ident, $users:literal, $leaves:literal) => {
        #[derive(Args, Debug, Clone, Copy)]
        pub struct $name {
            /// Algorithm profile: `orange` (as deployed), `fixed` (corrected), `guarded` (fixed, hardened against a hostile server) or `healing` (fixed, whose members refresh their leaves: docs/pcs.md); docs/protocol.md defines them.
            #[arg(long, default_value = "orange")]
            pub profile: Profile,
            /// Total users, founder included (at most 31).
            #[arg(long, default_value_t = $users)]
            pub users: usize,
            /// Maximum number of leaves (at any time, also after the last join).
            #[arg(long, default_value_t = $leaves)]
            pub leaves: usize,
        }

        impl $name {
            pub fn bounds(&self) -> Bounds {
                Bounds { users: self.users, leaves: self.leaves }
            }

            /// A note for bounds that say more than can happen.
            pub fn note(&self) -> Option<String> {
                leaves_note(self.bounds())
            }
        }
    };
}

model_args!(CheckModel, 4, 1);
model_args!(SmallModel, 3, 1);
model_args!(CorpusModel, 3, 2);
model_args!(WalkModel, 6, 3);

/// Every user leaves at most once, so more leaves than users change nothing.
fn leaves_note(b: Bounds) -> Option<String> {
    (b.leaves > b.users).then(|| {
        format!(
            "note: --leaves {} with --users {}: at most {} leaves can happen, so this is the same as --leaves {}",
            b.leaves, b.users, b.users, b.users
        )
    })
}

/// A thread count of at least 1.
pub fn threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

pub const EXIT_CHECK: &str = "Exit status: 0 every property holds; 1 some property is violated (with --unexplained: in a way no known cause explains); 2 could not run (bad arguments or input); 4 stopped at --max-memory before the end (partial report); 5 --validate found a property whose verdict differs between the reduced and the full check; 130 interrupted (Ctrl-C; partial report).";
pub const EXIT_TLC: &str = "Exit status: 0 every invariant holds; 1 some invariant is violated; 2 could not run (no Java, no jar, bad arguments).";
pub const EXIT_SIMULATE: &str = "Exit status: 0 no walk violated a property; 1 some walk did; 2 could not run; 3 a walk replayed on the implementation (--replay) diverged from the model.";
pub const EXIT_MERGE: &str = "Exit status: 0 no run violated a property or failed; 1 some run violated a property (or, for record, took a step the model does not allow); 2 could not (unreadable report, reports of different batches, a run in two reports or in none); 3 a simulate run diverged on the implementation.";
pub const EXIT_TRIAGE: &str = "Exit status: 0 every violation has a known cause (or none is violated); 1 some violation is unexplained; 2 some trace could not be read (or is not a behaviour of its model).";
pub const EXIT_RECORD: &str = "Exit status: 0 every step of every run was allowed by the model; 1 some step was not; 2 could not run.";
pub const EXIT_REPLAY: &str = "Exit status: 0 every trace ended as its #meta.expect says; 1 some trace did not; 2 some trace could not be read or run.";
pub const EXIT_SHOW: &str = "Exit status: 0 shown; 2 could not (unreadable trace, or one that is not a behaviour of the model: the error names the first wrong state, step and field).";
pub const EXIT_ATTACK: &str =
    "Exit status: 0 every scenario ended as expected; 1 some did not; 2 could not run.";
pub const EXIT_TRACE: &str =
    "Exit status: 0 done; 2 could not (the error names the file, line or state, and field).";
pub const EXIT_DRIVER: &str =
    "Exit status: 0 the session ended (its input closed); 2 reading or writing the pipes failed.";

/// The implementation under test: `--impl` or `--mix`, shared by every command that runs clients.
#[derive(Args, Debug, Clone)]
pub struct ImplChoice {
    /// Implementation under test: `openmls` (this project's client on OpenMLS, in process), `mls-rs` (the same client on mls-rs) or `cmd:'PROGRAM ARGS'` (any client speaking docs/driver-protocol.md on its stdin/stdout; `cmd:'dcverify driver'` serves the OpenMLS client that way).
    #[arg(long = "impl", value_name = "IMPL", default_value = "openmls")]
    pub implementation: crate::implementation::ImplArg,
    /// A mixed room: `openmls,mls-rs` gives user u the ((u-1) mod n)-th implementation listed; `1=openmls,2=mls-rs,...` names one per user (users not named run the first listed). Welcomes, commits and frames then cross implementations.
    #[arg(long, value_name = "IMPL,IMPL...", conflicts_with = "implementation")]
    pub mix: Option<crate::implementation::MixArg>,
}

impl ImplChoice {
    /// The implementation (or mix) chosen, seeded and with `mutant` where asked.
    pub fn make(
        &self,
        seed: Option<u64>,
        mutant: Option<&str>,
    ) -> Result<Box<dyn dcverify_protocol::Implementation>, String> {
        match &self.mix {
            Some(mix) => mix.make(seed, mutant),
            None => self.implementation.make(seed, mutant),
        }
    }
}

impl ImplChoice {
    /// Whether some client takes its randomness from the OS, not the seed
    /// (mls-rs offers no way to seed it, `docs/implementations.md`).
    pub fn draws_from_os(&self) -> bool {
        use crate::implementation::ImplArg;
        match &self.mix {
            Some(mix) => mix.parts.contains(&ImplArg::MlsRs),
            None => self.implementation == ImplArg::MlsRs,
        }
    }
}

impl std::fmt::Display for ImplChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.mix {
            Some(mix) => write!(f, "mix {mix}"),
            None => write!(f, "{}", self.implementation),
        }
    }
}
