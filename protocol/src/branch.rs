//! The branches of the protocol's rules (`docs/protocol.md`, "Steps"): which
//! rule a step took. The model reports them for every step, an
//! implementation for every `Read`, and the conformance runner compares the
//! two; trace corpora must cover each one.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub enum Branch {
    Join,
    /// `Join` while nobody is alive: the joiner founds a new group.
    JoinFounds,
    /// A user with no group outlived everyone before it and founds a group (`fixed`).
    Refounds,
    Leave,
    Send,
    ReadJoined,
    ReadLeft,
    /// `Welcome` for the reader while it has no group: it joins.
    ReadWelcomeJoins,
    /// A `Welcome` for someone else: no effect.
    ReadWelcomeOther,
    /// A second `Welcome` for a reader that already has a group: no effect.
    ReadWelcomeSecond,
    /// Commit rule 1: the reader's own commit, merged when it was made.
    CommitOwn,
    /// Commit rule 2: the reader has no group.
    CommitNoGroup,
    /// Commit rule 3: the commit's parent is the reader's epoch node; applied.
    CommitApplied,
    /// Commit rule 4: its parent's number is not the reader's epoch number; ignored.
    CommitWrongEpoch,
    /// Commit rule 5: same number, another node (a fork).
    CommitFork,
    /// *Commit pendings* with adds and a remove, adds only, a remove only, or
    /// no commit at all (nothing pending, or no pending remove is a member).
    PendingsAddsAndRemove,
    PendingsAddsOnly,
    PendingsRemoveOnly,
    PendingsNoCommit,
    /// *Commit pendings* skipped a pending remove that is not a member.
    PendingsSkipsNonMember,
    /// A `Left` announcing the reader itself: only a hostile server writes
    /// one, and the reader, which knows it is present, ignores it.
    ReadLeftSelf,
    /// Commit rule 3 for a commit that removes the reader: it is out of the
    /// group, knows it, and takes no further step.
    CommitRemovesMe,
    /// Commit rule 5 under a profile that ignores a commit it cannot open
    /// (a fork, or a corrupted commit) instead of failing.
    CommitUnreadable,
    /// `healing` (`docs/pcs.md`): an Update proposal for the reader's epoch,
    /// from someone still in the room, recorded in `pending_updates`.
    ReadProposal,
    /// `healing`: a proposal it ignores (its own, for another epoch, or from
    /// someone whose `Left` it has read).
    ReadProposalIgnored,
    /// `healing`: after applying someone else's commit, the reader is due to
    /// refresh its leaf and queues an Update proposal for its new epoch.
    ProposesUpdate,
    /// `healing`: *commit pendings* first commits the Update proposals it
    /// holds (and refreshes the DC's own leaf).
    PendingsUpdates,
}

impl Branch {
    /// Every branch a run with an honest server can take: the corpus covers each one.
    pub const HONEST: [Branch; 20] = [
        Branch::Join,
        Branch::JoinFounds,
        Branch::Refounds,
        Branch::Leave,
        Branch::Send,
        Branch::ReadJoined,
        Branch::ReadLeft,
        Branch::ReadWelcomeJoins,
        Branch::ReadWelcomeOther,
        Branch::ReadWelcomeSecond,
        Branch::CommitOwn,
        Branch::CommitNoGroup,
        Branch::CommitApplied,
        Branch::CommitWrongEpoch,
        Branch::CommitFork,
        Branch::PendingsAddsAndRemove,
        Branch::PendingsAddsOnly,
        Branch::PendingsRemoveOnly,
        Branch::PendingsNoCommit,
        Branch::PendingsSkipsNonMember,
    ];

    /// The branches that only a hostile server's entries or deliveries lead to.
    pub const UNDER_ATTACK: [Branch; 3] =
        [Branch::ReadLeftSelf, Branch::CommitRemovesMe, Branch::CommitUnreadable];

    /// The branches only the profile with updates takes (`docs/pcs.md`).
    pub const HEALING: [Branch; 4] = [
        Branch::ReadProposal,
        Branch::ReadProposalIgnored,
        Branch::ProposesUpdate,
        Branch::PendingsUpdates,
    ];

    /// Whether a read taking this branch leaves the reader as it was (its
    /// cursor aside): the entry is ignored.
    pub fn ignores_entry(self) -> bool {
        matches!(
            self,
            Branch::ReadWelcomeOther
                | Branch::ReadWelcomeSecond
                | Branch::ReadLeftSelf
                | Branch::CommitUnreadable
                | Branch::CommitOwn
                | Branch::CommitNoGroup
                | Branch::CommitWrongEpoch
                | Branch::ReadProposalIgnored
        )
    }
}

impl fmt::Display for Branch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A list of branches as people read it: `ReadJoined, PendingsAddsOnly`.
pub fn list(branches: &[Branch]) -> String {
    let names: Vec<String> = branches.iter().map(Branch::to_string).collect();
    names.join(", ")
}
