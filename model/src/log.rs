//! The delivery service's totally ordered log and its four entry kinds
//! (PROTOCOL.md, "Users and the log").

use crate::epoch::{Epoch, Op};
use crate::uid::Uid;
use std::fmt;

/// One log entry.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Entry {
    /// `v` entered the room.
    Joined(Uid),
    /// `v` left or timed out; it never acts again.
    Left(Uid),
    /// `from`'s Welcome bringing `to` into `epoch`, the node `from`'s Add commit creates.
    Welcome { from: Uid, to: Uid, epoch: Epoch },
    /// `from`'s commit creating `epoch`; its op is the last step of `epoch`.
    Commit { from: Uid, epoch: Epoch },
}

impl Entry {
    /// The op of a `Commit` entry.
    pub fn commit_op(&self) -> Option<Op> {
        match self {
            Entry::Commit { epoch, .. } => epoch.last_step().map(|s| s.op),
            _ => None,
        }
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entry::Joined(v) => write!(f, "Joined({v})"),
            Entry::Left(v) => write!(f, "Left({v})"),
            Entry::Welcome { from, to, epoch } => write!(f, "Welcome({from}, {to}, {epoch})"),
            Entry::Commit { from, epoch } => match epoch.last_step() {
                Some(step) => write!(f, "Commit({from}, {epoch}, {})", step.op),
                None => write!(f, "Commit({from}, {epoch}, ?)"),
            },
        }
    }
}
