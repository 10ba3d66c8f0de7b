//! One user's local state (docs/protocol.md, "One user's local state").

use crate::epoch::Epoch;
use crate::leaf::Leaf;
use crate::log::Entry;
use crate::uid_set::UidSet;
use dcverify_protocol::Uid;
use std::sync::Arc;

/// What the model keeps of a user. A user who has left is forgotten: only the
/// fact that it left remains (docs/protocol.md, "Modelling notes").
///
/// The local state is shared (`Arc`) between a state and its successors: a
/// step changes one user, so a successor copies a pointer per other user
/// instead of its whole state (`docs/reduction.md`, "Bytes per state").
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum User {
    Alive(Arc<Local>),
    Left,
}

/// The local state of an alive user.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Local {
    /// Next log position to read (0-based).
    pub cursor: usize,
    /// The epoch node it holds, if it has a group.
    pub group: Option<Epoch>,
    /// Members of the group when it was welcomed, itself excluded.
    pub before_me: UidSet,
    /// Every uid whose `Left` it has read.
    pub left_seen: UidSet,
    /// Joiners it has read, in order, not yet added by a commit it applied:
    /// the leaf each one's KeyPackage makes (the server's, for a KeyPackage
    /// the server injected).
    pub pending_adds: Vec<Leaf>,
    /// Leavers it has read, in order, not yet removed by a commit it applied.
    pub pending_removes: Vec<Uid>,
    /// Produced messages not yet in the log.
    pub outbox: Vec<Entry>,
    /// The client hit a state it cannot handle; it takes no step until it leaves.
    pub failed: bool,
    /// A commit removed it while it was present (only a hostile server causes
    /// it); it knows, and takes no step until it leaves.
    pub removed: bool,
    /// `healing` (`docs/pcs.md`): uids whose Update proposal for its current
    /// epoch it has read, for when it commits as DC.
    pub pending_updates: UidSet,
    /// `healing`: it is due to refresh its leaf (an Update of its own has
    /// not been committed since the last membership change it applied).
    pub update_due: bool,
}

impl Local {
    /// A user with no group yet, reading from `cursor`.
    pub fn joiner(cursor: usize) -> Self {
        Local {
            cursor,
            group: None,
            before_me: UidSet::EMPTY,
            left_seen: UidSet::EMPTY,
            pending_adds: Vec::new(),
            pending_removes: Vec::new(),
            outbox: Vec::new(),
            failed: false,
            removed: false,
            pending_updates: UidSet::EMPTY,
            update_due: false,
        }
    }

    /// A user that founds a group of its own at epoch 0.
    pub fn founder(uid: Uid, cursor: usize) -> Self {
        Local { group: Some(Epoch::root(uid)), ..Local::joiner(cursor) }
    }

    /// It can read (alive and not failed, with entries past its cursor in a
    /// log of `log_len`): half of the one enabling rule of user steps.
    pub fn can_read(&self, log_len: usize) -> bool {
        self.active() && self.cursor < log_len
    }

    /// It can send (alive and not failed, with something in its outbox).
    pub fn can_send(&self) -> bool {
        self.active() && !self.outbox.is_empty()
    }

    /// It still takes steps: neither failed nor removed from its group.
    pub fn active(&self) -> bool {
        !self.failed && !self.removed
    }

    /// The uids of its pending adds, in order.
    pub fn pending_add_uids(&self) -> impl Iterator<Item = Uid> + '_ {
        self.pending_adds.iter().map(|l| l.uid())
    }

    /// It has a group and everyone who was there before it has left.
    pub fn believes_dc(&self) -> bool {
        self.group.is_some() && self.before_me.is_subset(self.left_seen)
    }
}

impl User {
    /// An alive user with this local state.
    pub fn alive(local: Local) -> User {
        User::Alive(Arc::new(local))
    }

    pub fn local(&self) -> Option<&Local> {
        match self {
            User::Alive(l) => Some(l),
            User::Left => None,
        }
    }
}
