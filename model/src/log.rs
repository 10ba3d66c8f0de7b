//! The delivery service's totally ordered log and its four entry kinds
//! (docs/protocol.md, "Users and the log").

use crate::epoch::{Epoch, Op};
use crate::leaf::Leaf;
use dcverify_protocol::Uid;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// One log entry.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Entry {
    /// `v` entered the room, with a KeyPackage: `v`'s own, or (only a
    /// hostile server writes it) one whose keys the server holds.
    Joined(Leaf),
    /// `v` left or timed out; it never acts again.
    Left(Uid),
    /// `from`'s Welcome bringing `to` into `epoch`, the node `from`'s Add commit creates.
    Welcome { from: Uid, to: Uid, epoch: Epoch },
    /// `from`'s commit creating `epoch`; its op is the last step of `epoch`.
    Commit { from: Uid, epoch: Epoch },
    /// A commit on top of epoch number `n` that no key opens (only a hostile
    /// server writes it).
    Garbage(usize),
    /// `from`'s Update proposal for `epoch`, the node it holds (`healing`
    /// only, `docs/pcs.md`): valid only in that epoch.
    Propose { from: Uid, epoch: Epoch },
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
            Entry::Garbage(n) => write!(f, "Garbage({n})"),
            Entry::Propose { from, epoch } => write!(f, "Propose({from}, {epoch})"),
            Entry::Left(v) => write!(f, "Left({v})"),
            Entry::Welcome { from, to, epoch } => write!(f, "Welcome({from}, {to}, {epoch})"),
            Entry::Commit { from, epoch } => match epoch.last_step() {
                Some(step) => write!(f, "Commit({from}, {epoch}, {})", step.op),
                None => write!(f, "Commit({from}, {epoch}, ?)"),
            },
        }
    }
}

/// The log as the model state holds it: the entries, shared between states
/// until one appends (most steps only read), and a running digest of them so
/// that hashing a state does not walk the whole log.
#[derive(Clone, Default)]
pub struct Log {
    entries: Arc<Vec<Entry>>,
    /// A function of `entries` only: equal logs have equal digests.
    digest: u64,
}

impl Log {
    pub fn new() -> Self {
        Log::default()
    }

    pub fn push(&mut self, entry: Entry) {
        let mut h = DefaultHasher::new();
        entry.hash(&mut h);
        self.digest =
            (self.digest.rotate_left(17) ^ h.finish()).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        Arc::make_mut(&mut self.entries).push(entry);
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

impl From<Vec<Entry>> for Log {
    fn from(entries: Vec<Entry>) -> Self {
        let mut log = Log::new();
        for e in entries {
            log.push(e);
        }
        log
    }
}

impl Deref for Log {
    type Target = [Entry];
    fn deref(&self) -> &[Entry] {
        &self.entries
    }
}

impl PartialEq for Log {
    fn eq(&self, other: &Self) -> bool {
        self.digest == other.digest && self.entries == other.entries
    }
}

impl Eq for Log {}

impl Hash for Log {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.digest);
        state.write_usize(self.entries.len());
    }
}

impl PartialOrd for Log {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Log {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.entries.cmp(&other.entries)
    }
}

impl fmt::Debug for Log {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.entries.iter()).finish()
    }
}

impl PartialEq<Vec<Entry>> for Log {
    fn eq(&self, other: &Vec<Entry>) -> bool {
        *self.entries == *other
    }
}
