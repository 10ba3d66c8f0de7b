//! Log entries as the delivery service carries them: the four kinds of
//! PROTOCOL.md with the MLS bytes the implementation attaches.

use dcverify_model::{Profile, Uid};

/// A message a client wants appended to the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// An MLS Welcome (an `MLSMessage`) and the ratchet tree of the epoch it welcomes into.
    Welcome { from: Uid, to: Uid, welcome: Vec<u8>, ratchet_tree: Vec<u8> },
    /// An MLS commit (an `MLSMessage`).
    Commit { from: Uid, commit: Vec<u8> },
}

/// One entry of the delivery service's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireEntry {
    /// `uid` entered the room with this KeyPackage (an `MLSMessage`).
    Joined {
        uid: Uid,
        key_package: Vec<u8>,
    },
    Left {
        uid: Uid,
    },
    Welcome {
        from: Uid,
        to: Uid,
        welcome: Vec<u8>,
        ratchet_tree: Vec<u8>,
    },
    Commit {
        from: Uid,
        commit: Vec<u8>,
    },
}

impl From<Message> for WireEntry {
    fn from(m: Message) -> Self {
        match m {
            Message::Welcome { from, to, welcome, ratchet_tree } => {
                WireEntry::Welcome { from, to, welcome, ratchet_tree }
            }
            Message::Commit { from, commit } => WireEntry::Commit { from, commit },
        }
    }
}

impl WireEntry {
    /// The entry's kind, for reports.
    pub fn kind(&self) -> &'static str {
        match self {
            WireEntry::Joined { .. } => "Joined",
            WireEntry::Left { .. } => "Left",
            WireEntry::Welcome { .. } => "Welcome",
            WireEntry::Commit { .. } => "Commit",
        }
    }
}

/// How many messages from the head of an outbox enter the log together:
/// under `fixed` an Add's Welcome goes with its commit, so that neither lands
/// without the other.
pub fn batch_len(profile: Profile, outbox: &[Message]) -> usize {
    match (profile, outbox) {
        (Profile::Fixed, [Message::Welcome { .. }, Message::Commit { .. }, ..]) => 2,
        _ => 1,
    }
}
