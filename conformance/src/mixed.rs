//! A mixed room: each user's client from one of several implementations
//! (`--mix`), so that Welcomes, ratchet trees, commits, proposals and media
//! frames cross libraries — a founder on one adds members on another, a DC
//! on one is succeeded by a DC on another, and every member opens every
//! other member's frames.

use dcverify_protocol::{Client, CreateError, Implementation, Profile, Uid};
use std::collections::{BTreeMap, BTreeSet};

/// Which implementation each user runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assignment {
    /// User `u` runs implementation `(u - 1) mod n`, in the order given.
    RoundRobin,
    /// User `u` runs the implementation named for it; others the first.
    PerUid(BTreeMap<Uid, usize>),
}

/// Several implementations, one per user as `assignment` says.
pub struct Mixed {
    parts: Vec<Box<dyn Implementation>>,
    assignment: Assignment,
    name: String,
}

/// A mix needs at least one implementation, and a per-uid assignment only
/// names implementations it has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MixError {
    #[error("a mix needs at least one implementation")]
    Empty,
    #[error("user {uid} is assigned implementation {index}, but the mix has {count}")]
    NoSuchPart { uid: Uid, index: usize, count: usize },
}

impl Mixed {
    pub fn new(
        parts: Vec<Box<dyn Implementation>>,
        assignment: Assignment,
    ) -> Result<Mixed, MixError> {
        if parts.is_empty() {
            return Err(MixError::Empty);
        }
        if let Assignment::PerUid(map) = &assignment {
            if let Some((&uid, &index)) = map.iter().find(|(_, &i)| i >= parts.len()) {
                return Err(MixError::NoSuchPart { uid, index, count: parts.len() });
            }
        }
        let names: Vec<&str> = parts.iter().map(|p| p.name()).collect();
        let name = names.join("+");
        Ok(Mixed { parts, assignment, name })
    }

    /// The implementation user `uid` runs.
    pub fn part_of(&self, uid: Uid) -> &dyn Implementation {
        let index = match &self.assignment {
            Assignment::RoundRobin => usize::from(uid.saturating_sub(1)) % self.parts.len(),
            Assignment::PerUid(map) => map.get(&uid).copied().unwrap_or(0),
        };
        self.parts[index].as_ref()
    }
}

impl Implementation for Mixed {
    fn name(&self) -> &str {
        &self.name
    }

    fn founder(&self, uid: Uid, profile: Profile) -> Result<Box<dyn Client>, CreateError> {
        self.part_of(uid).founder(uid, profile)
    }

    fn joiner(
        &self,
        uid: Uid,
        profile: Profile,
        room: &BTreeSet<Uid>,
    ) -> Result<Box<dyn Client>, CreateError> {
        self.part_of(uid).joiner(uid, profile, room)
    }

    /// The hostile server's clients labelled `uid` run `uid`'s implementation.
    fn server_client(
        &self,
        uid: Uid,
        profile: Profile,
        nth: usize,
    ) -> Result<Box<dyn Client>, CreateError> {
        self.part_of(uid).server_client(uid, profile, nth)
    }
}
