//! Log entries as the delivery service carries them (`docs/protocol.md`,
//! "Users and the log"): the four kinds, with the MLS bytes an
//! implementation attaches.

use crate::uid::Uid;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The four kinds of log entry.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum EntryKind {
    Joined,
    Left,
    Welcome,
    Commit,
    /// An Update proposal (`docs/pcs.md`; only under `healing`).
    Proposal,
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A message a client wants appended to the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Message {
    /// An MLS Welcome (an `MLSMessage`) and the ratchet tree of the epoch it welcomes into.
    Welcome {
        from: Uid,
        to: Uid,
        #[serde(with = "crate::json::bytes")]
        welcome: Vec<u8>,
        #[serde(with = "crate::json::bytes")]
        ratchet_tree: Vec<u8>,
    },
    /// An MLS commit (an `MLSMessage`).
    Commit {
        from: Uid,
        #[serde(with = "crate::json::bytes")]
        commit: Vec<u8>,
    },
    /// `from`'s Update proposal (an MLS message) for its current epoch.
    Proposal {
        from: Uid,
        #[serde(with = "crate::json::bytes")]
        proposal: Vec<u8>,
    },
}

/// One entry of the delivery service's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum WireEntry {
    /// `uid` entered the room with this KeyPackage (an `MLSMessage`).
    Joined {
        uid: Uid,
        #[serde(with = "crate::json::bytes")]
        key_package: Vec<u8>,
    },
    Left {
        uid: Uid,
    },
    Welcome {
        from: Uid,
        to: Uid,
        #[serde(with = "crate::json::bytes")]
        welcome: Vec<u8>,
        #[serde(with = "crate::json::bytes")]
        ratchet_tree: Vec<u8>,
    },
    Commit {
        from: Uid,
        #[serde(with = "crate::json::bytes")]
        commit: Vec<u8>,
    },
    Proposal {
        from: Uid,
        #[serde(with = "crate::json::bytes")]
        proposal: Vec<u8>,
    },
}

impl From<Message> for WireEntry {
    fn from(m: Message) -> Self {
        match m {
            Message::Welcome { from, to, welcome, ratchet_tree } => {
                WireEntry::Welcome { from, to, welcome, ratchet_tree }
            }
            Message::Commit { from, commit } => WireEntry::Commit { from, commit },
            Message::Proposal { from, proposal } => WireEntry::Proposal { from, proposal },
        }
    }
}

impl WireEntry {
    pub fn kind(&self) -> EntryKind {
        match self {
            WireEntry::Joined { .. } => EntryKind::Joined,
            WireEntry::Left { .. } => EntryKind::Left,
            WireEntry::Welcome { .. } => EntryKind::Welcome,
            WireEntry::Commit { .. } => EntryKind::Commit,
            WireEntry::Proposal { .. } => EntryKind::Proposal,
        }
    }

    /// The user who sent a Welcome or commit (`None` for the server's own entries).
    pub fn sender(&self) -> Option<Uid> {
        match self {
            WireEntry::Welcome { from, .. }
            | WireEntry::Commit { from, .. }
            | WireEntry::Proposal { from, .. } => Some(*from),
            WireEntry::Joined { .. } | WireEntry::Left { .. } => None,
        }
    }
}

/// Without the bytes: `Joined(2)`, `Welcome(1->2)`, `Commit(1)`.
impl fmt::Display for WireEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireEntry::Joined { uid, .. } => write!(f, "Joined({uid})"),
            WireEntry::Left { uid } => write!(f, "Left({uid})"),
            WireEntry::Welcome { from, to, .. } => write!(f, "Welcome({from}->{to})"),
            WireEntry::Commit { from, .. } => write!(f, "Commit({from})"),
            WireEntry::Proposal { from, .. } => write!(f, "Propose({from})"),
        }
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Welcome { from, to, .. } => write!(f, "Welcome({from}->{to})"),
            Message::Commit { from, .. } => write!(f, "Commit({from})"),
            Message::Proposal { from, .. } => write!(f, "Propose({from})"),
        }
    }
}
