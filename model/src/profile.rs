//! Profiles: the places where the algorithm's variants differ (PROTOCOL.md,
//! "Profiles"). Everything else is shared by all profiles; a new profile is a
//! new variant and its arm in each function here.

use crate::epoch::Op;
use crate::log::Entry;
use crate::steps::Branch;
use crate::uid::{Uid, UidSet};
use crate::user::Local;
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Profile {
    /// The algorithm as deployed in Orange Meets.
    Orange,
}

impl Profile {
    pub const ALL: [Profile; 1] = [Profile::Orange];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Orange => "orange",
        }
    }

    /// *Commit pendings*, run by `u` (which believes it is DC) on `local`:
    /// commits on top of its own epoch, merged at once, messages queued in the
    /// outbox.
    /// Returns the branches it took.
    pub fn commit_pendings(self, u: Uid, local: &mut Local) -> Vec<Branch> {
        let mut branches = Vec::new();
        match self {
            Profile::Orange => {
                let Some(mut epoch) = local.group.take() else { return branches };
                let adds = !local.pending_adds.is_empty();
                // Adds first, in arrival order: Welcome(v) then Commit(Add(v)).
                for &v in &local.pending_adds {
                    let next = epoch.child(u, Op::Add(v));
                    local.outbox.push(Entry::Welcome { from: u, to: v, epoch: next.clone() });
                    local.outbox.push(Entry::Commit { from: u, epoch: next.clone() });
                    epoch = next;
                }
                // Then one Remove of the pending removes that are members now.
                let roster = epoch.roster();
                let removed: UidSet =
                    local.pending_removes.iter().copied().filter(|&v| roster.contains(v)).collect();
                if removed.len() < local.pending_removes.len() {
                    branches.push(Branch::PendingsSkipsNonMember);
                }
                if !removed.is_empty() {
                    let next = epoch.child(u, Op::Remove(removed));
                    local.outbox.push(Entry::Commit { from: u, epoch: next.clone() });
                    epoch = next;
                }
                branches.push(match (adds, !removed.is_empty()) {
                    (true, true) => Branch::PendingsAddsAndRemove,
                    (true, false) => Branch::PendingsAddsOnly,
                    (false, true) => Branch::PendingsRemoveOnly,
                    (false, false) => Branch::PendingsNoCommit,
                });
                local.pending_adds.clear();
                local.pending_removes.clear();
                local.group = Some(epoch);
            }
        }
        branches
    }

    /// `Read` of a `Welcome` for a user that already has a group.
    pub fn on_second_welcome(self, _local: &mut Local) {
        match self {
            // Its KeyPackage was consumed: processing fails and is ignored.
            Profile::Orange => {}
        }
    }

    /// `Read` of a commit on a sibling of the user's epoch node (a fork).
    pub fn on_fork(self, local: &mut Local) {
        match self {
            // OpenMLS cannot process it and the client gives up.
            Profile::Orange => local.failed = true,
        }
    }

    /// Whether a `Read` of this entry may run *commit pendings* afterwards.
    pub fn commits_after(self, entry: &Entry) -> bool {
        match self {
            Profile::Orange => matches!(entry, Entry::Joined(_) | Entry::Left(_)),
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A profile name that is not one of [`Profile::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownProfile(pub String);

impl fmt::Display for UnknownProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<_> = Profile::ALL.iter().map(|p| p.name()).collect();
        write!(f, "unknown profile `{}` (known: {})", self.0, known.join(", "))
    }
}

impl std::error::Error for UnknownProfile {}

impl FromStr for Profile {
    type Err = UnknownProfile;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| UnknownProfile(s.to_string()))
    }
}
