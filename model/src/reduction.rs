//! Partial-order reduction (`docs/reduction.md`): where a user can read an
//! entry and the read changes nothing a property observes, the checker
//! explores that read alone instead of every enabled step.
//!
//! Why it is sound, in short (the page has the argument): a `Read(u)`
//! depends only on u's own state and the log entry at u's cursor, which no
//! other step changes (the log only grows); it changes only u's state
//! (pushing at the back of u's outbox, which `Send(u)` takes from the
//! front); a `Leave(u)` after it erases everything it did. So every state
//! the full graph reaches is reached after the read too, or is not
//! quiescent and differs from one reached only by the read itself, which
//! the properties cannot tell apart ([`Observed`]). Only for the honest
//! model: a hostile server's steps and compromises share budgets and read
//! users' states.

use crate::properties::{Kind, NamedProperty};
use crate::state::State;
use crate::steps::{read_local, NoLog};
use crate::user::Local;
use crate::{Action, DcModel, Profile, Uid};

/// What the honest model's safety properties read of one user's state
/// (`AtMostOneCommitter` and `UniquePendings`: `docs/protocol.md`); the
/// other safety properties read only the log, and the quiescence ones are
/// only judged where nobody can read. A read that leaves this unchanged is
/// invisible to every property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Observed {
    pub believes_dc: bool,
    pub unique_pendings: bool,
}

impl Observed {
    pub fn of(local: &Local) -> Self {
        Observed {
            believes_dc: local.believes_dc(),
            unique_pendings: crate::properties::unique_pendings_of(local),
        }
    }
}

/// The honest safety properties the argument covers, by name: adding a
/// safety property means checking what it reads against [`Observed`] and
/// listing it here (a test fails until then).
pub const COVERED_SAFETY: [&str; 5] = [
    "AtMostOneCommitter",
    "WelcomeBeforeAdd",
    "UniqueAddRemove",
    "EpochsIncrease",
    "UniquePendings",
];

/// Whether every safety property of `properties` is one the argument
/// covers (a test asks it of [`crate::PROPERTIES`]).
pub fn covers(properties: &[NamedProperty]) -> bool {
    properties.iter().filter(|p| p.kind == Kind::Safety).all(|p| COVERED_SAFETY.contains(&p.name))
}

/// u's state after it reads the entry at its cursor, if it can read.
pub fn after_read(state: &State, profile: Profile, u: Uid) -> Option<Local> {
    state.local(u).filter(|l| l.can_read(state.log.len()))?;
    read_local(state, profile, u, &mut NoLog)
}

/// The one step to explore in `state` when the reduction applies: the read
/// of the lowest uid whose read is invisible. `None`: explore every step.
pub fn ample_read(model: &DcModel, state: &State) -> Option<Action> {
    if model.attacks > 0 || model.compromises > 0 {
        return None;
    }
    state.alive().map(|(u, _)| u).find_map(|u| {
        let before = state.local(u)?;
        let after = after_read(state, model.profile, u)?;
        (Observed::of(before) == Observed::of(&after)).then_some(Action::Read(u))
    })
}
