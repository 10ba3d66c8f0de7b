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
    /// The project's correction (docs/fixed.md): an Add's Welcome and commit
    /// enter the log together, and a joiner that outlives everyone who was in
    /// the room when it joined founds a new group instead of waiting forever.
    Fixed,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Orange, Profile::Fixed];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Orange => "orange",
            Profile::Fixed => "fixed",
        }
    }

    /// `Join`: what the joiner knows of the room (its initial `before_me`).
    /// Under `fixed` the delivery service tells it who is alive.
    pub fn room_at_join(self, alive: UidSet) -> UidSet {
        match self {
            Profile::Orange => UidSet::EMPTY,
            Profile::Fixed => alive,
        }
    }

    /// `Send(u)`: how many entries from the head of the outbox enter the log
    /// together. Under `fixed` a Welcome goes with the commit after it.
    pub fn send_len(self, outbox: &[Entry]) -> usize {
        match (self, outbox) {
            (Profile::Fixed, [Entry::Welcome { .. }, Entry::Commit { .. }, ..]) => 2,
            _ => 1,
        }
    }

    /// `Read` of `Left(v)`: whether `v` goes into `pending_removes`. Under
    /// `fixed` only a member, or a user it still has to add, is to be removed:
    /// anyone else would stay pending forever.
    pub fn records_leave(self, local: &Local, v: Uid) -> bool {
        match self {
            Profile::Orange => true,
            Profile::Fixed => match &local.group {
                None => true,
                Some(g) => g.roster().contains(v) || local.pending_adds.contains(&v),
            },
        }
    }

    /// `Read` of a Welcome: the joiner's `before_me`, from what it knew of the
    /// room (`room`) and the members before it in the epoch it joins
    /// (`earlier`). Under `fixed` those who left before it joined are not
    /// waited for: it never reads their `Left`.
    pub fn before_me_on_welcome(self, room: UidSet, earlier: UidSet) -> UidSet {
        match self {
            Profile::Orange => earlier,
            Profile::Fixed => earlier.intersection(room),
        }
    }

    /// `Read` of a Welcome that brings the user into `roster`'s epoch, where
    /// `gone` are members who left before it joined: under `fixed` its pending
    /// lists keep only what that epoch still needs, and the members gone
    /// before it came are to be removed (it will never read their `Left`).
    pub fn on_welcomed(self, local: &mut Local, roster: UidSet, gone: UidSet) {
        match self {
            Profile::Orange => {}
            Profile::Fixed => {
                local.pending_adds.retain(|&v| !roster.contains(v));
                let adds = &local.pending_adds;
                local.pending_removes.retain(|&v| roster.contains(v) || adds.contains(&v));
                for v in gone.iter() {
                    if !local.pending_removes.contains(&v) {
                        local.pending_removes.push(v);
                    }
                }
            }
        }
    }

    /// After a `Read` of a `Joined` or `Left`: whether a user with no group
    /// founds one of its own (everyone who was in the room before it has left).
    pub fn refounds(self, local: &Local) -> bool {
        match self {
            Profile::Orange => false,
            Profile::Fixed => local.group.is_none() && local.before_me.is_subset(local.left_seen),
        }
    }

    /// *Commit pendings*, run by `u` (which believes it is DC) on `local`:
    /// commits on top of its own epoch, merged at once, messages queued in the
    /// outbox.
    /// Returns the branches it took.
    pub fn commit_pendings(self, u: Uid, local: &mut Local) -> Vec<Branch> {
        let mut branches = Vec::new();
        match self {
            Profile::Orange | Profile::Fixed => {
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
            Profile::Orange | Profile::Fixed => {}
        }
    }

    /// `Read` of a commit on a sibling of the user's epoch node (a fork).
    pub fn on_fork(self, local: &mut Local) {
        match self {
            // OpenMLS cannot process it and the client gives up.
            Profile::Orange | Profile::Fixed => local.failed = true,
        }
    }

    /// Whether a `Read` of this entry may run *commit pendings* afterwards.
    pub fn commits_after(self, entry: &Entry) -> bool {
        match self {
            Profile::Orange | Profile::Fixed => matches!(entry, Entry::Joined(_) | Entry::Left(_)),
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
