//! The four steps (`docs/protocol.md`, "Steps"): the environment's `Join` and
//! `Leave(u)`, and each user's `Read(u)` and `Send(u)`. The model, the spec,
//! traces and the simulated room all take steps under these names.

use crate::uid::Uid;
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Action {
    Join,
    Leave(Uid),
    Read(Uid),
    Send(Uid),
}

impl Action {
    /// The user taking the step; `None` for `Join` (the joiner has no uid yet).
    pub fn actor(self) -> Option<Uid> {
        match self {
            Action::Join => None,
            Action::Leave(u) | Action::Read(u) | Action::Send(u) => Some(u),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Join => write!(f, "Join"),
            Action::Leave(u) => write!(f, "Leave({u})"),
            Action::Read(u) => write!(f, "Read({u})"),
            Action::Send(u) => write!(f, "Send({u})"),
        }
    }
}
