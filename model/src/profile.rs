//! The points where the profiles differ (`docs/protocol.md`, "Profiles";
//! `tla/DC.tla`'s "Profiles" section has the same operators under the same
//! names). Everything else is shared by all profiles and lives in `steps.rs`
//! and `commit_pendings.rs`; a new profile is one more arm in each rule here.

use crate::epoch::Op;
use crate::log::Entry;
use crate::uid_set::UidSet;
use crate::user::Local;
use dcverify_protocol::Branch;
use dcverify_protocol::{Profile, Uid};

/// The model's rules that depend on the profile.
pub trait ProfileRules {
    /// `Join`: what the joiner knows of the room (its initial `before_me`).
    fn room_at_join(self, alive: UidSet) -> UidSet;
    /// `Send(u)`: how many entries from the head of the outbox enter the log together.
    fn send_len(self, outbox: &[Entry]) -> usize;
    /// `Read` of `Left(v)`: whether `v` goes into `pending_removes`.
    fn records_leave(self, local: &Local, v: Uid) -> bool;
    /// `Read` of a Welcome: the joiner's `before_me`, from what it knew of the
    /// room (`room`) and the members before it in the epoch it joins (`earlier`).
    fn before_me_on_welcome(self, room: UidSet, earlier: UidSet) -> UidSet;
    /// `Read` of a Welcome that brings the user into `roster`'s epoch, where
    /// `gone` are members who left before it joined: its pending lists.
    fn on_welcomed(self, local: &mut Local, roster: UidSet, gone: UidSet);
    /// After a `Read` of a `Joined` or `Left`: whether a user with no group
    /// founds one of its own.
    fn refounds(self, local: &Local) -> bool;
    /// `Read` of a commit on the reader's epoch number that it cannot open (a
    /// fork, or one no key opens): what the client does, as rule 5's branch.
    fn on_unreadable_commit(self, local: &mut Local) -> Branch;
    /// `Read` of a `Left` that announces the reader itself (a hostile server's).
    fn on_left_self(self, local: &mut Local);
    /// `Read` of a commit that removes the reader while it is present (it is
    /// marked `removed` already): whether it also fails.
    fn on_removed(self, local: &mut Local);
    /// Whether members refresh their leaves with Update proposals that the
    /// DC commits (`docs/pcs.md`).
    fn updates(self) -> bool;
    /// After `u` applied someone else's commit with `op`: what becomes of
    /// its leaf refresh (the profile's timing rule).
    fn refresh_after_commit(self, u: Uid, op: Op) -> Refresh;
}

/// What a member does about refreshing its leaf after applying a commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refresh {
    /// Nothing changes.
    Unchanged,
    /// Its Update was committed: it is not due any more.
    Refreshed,
    /// It is due, and proposes an Update for its new epoch.
    Propose,
}

impl ProfileRules for Profile {
    /// Under `fixed` the delivery service tells the joiner who is alive.
    fn room_at_join(self, alive: UidSet) -> UidSet {
        match self {
            Profile::Orange => UidSet::EMPTY,
            Profile::Fixed | Profile::Guarded | Profile::Healing => alive,
        }
    }

    /// Under `fixed` a Welcome goes with the commit after it.
    fn send_len(self, outbox: &[Entry]) -> usize {
        match (self, outbox) {
            (
                Profile::Fixed | Profile::Guarded | Profile::Healing,
                [Entry::Welcome { .. }, Entry::Commit { .. }, ..],
            ) => 2,
            _ => 1,
        }
    }

    /// Under `fixed` only a member, or a user it still has to add, is to be
    /// removed: anyone else would stay pending forever.
    fn records_leave(self, local: &Local, v: Uid) -> bool {
        match self {
            Profile::Orange => true,
            Profile::Fixed | Profile::Guarded | Profile::Healing => match &local.group {
                None => true,
                Some(g) => g.roster().contains(v) || local.pending_add_uids().any(|p| p == v),
            },
        }
    }

    /// Under `fixed` those who left before it joined are not waited for: it
    /// never reads their `Left`.
    fn before_me_on_welcome(self, room: UidSet, earlier: UidSet) -> UidSet {
        match self {
            Profile::Orange => earlier,
            Profile::Fixed | Profile::Guarded | Profile::Healing => earlier.intersection(room),
        }
    }

    /// Under `fixed` its pending lists keep only what that epoch still needs,
    /// and the members gone before it came are to be removed (it will never
    /// read their `Left`).
    fn on_welcomed(self, local: &mut Local, roster: UidSet, gone: UidSet) {
        match self {
            Profile::Orange => {}
            Profile::Fixed | Profile::Guarded | Profile::Healing => {
                local.pending_adds.retain(|v| !roster.contains(v.uid()));
                let adds: UidSet = local.pending_add_uids().collect();
                local.pending_removes.retain(|&v| roster.contains(v) || adds.contains(v));
                for v in gone.iter() {
                    if !local.pending_removes.contains(&v) {
                        local.pending_removes.push(v);
                    }
                }
            }
        }
    }

    /// Under `fixed`, once everyone who was in the room before it has left.
    fn refounds(self, local: &Local) -> bool {
        match self {
            Profile::Orange => false,
            Profile::Fixed | Profile::Guarded | Profile::Healing => {
                local.group.is_none() && local.before_me.is_subset(local.left_seen)
            }
        }
    }

    /// Orange's client stops on any commit it cannot process (it panics);
    /// `fixed` keeps that: nothing tells a fork from a corrupted commit.
    /// `guarded` ignores it and stays in its epoch: a server's garbage then
    /// stops nobody, and a real fork still shows as two safety numbers.
    fn on_unreadable_commit(self, local: &mut Local) -> Branch {
        match self {
            Profile::Orange | Profile::Fixed | Profile::Healing => {
                local.failed = true;
                Branch::CommitFork
            }
            Profile::Guarded => Branch::CommitUnreadable,
        }
    }

    /// Orange's client stops ("cannot remove self"); `fixed` keeps that.
    /// `guarded` knows it is present and ignores it.
    fn on_left_self(self, local: &mut Local) {
        match self {
            Profile::Orange | Profile::Fixed | Profile::Healing => local.failed = true,
            Profile::Guarded => {}
        }
    }

    /// Orange's client merges the commit and stops at its next frame, with
    /// no notice; `fixed` keeps that. Its group stays the node it held (it
    /// gets no secrets of the new one). `guarded` does not fail: it says on
    /// screen that it was removed.
    fn on_removed(self, local: &mut Local) {
        match self {
            Profile::Orange | Profile::Fixed | Profile::Healing => local.failed = true,
            Profile::Guarded => {}
        }
    }

    fn updates(self) -> bool {
        self == Profile::Healing
    }

    /// Under `healing` a member refreshes after every membership change it
    /// applies: it proposes an Update for the new epoch (again, if an
    /// earlier proposal went stale: a proposal is valid only in the epoch it
    /// was made for). Update commits, which the DC makes only just before a
    /// membership commit, start nothing: that keeps the refreshes finite.
    fn refresh_after_commit(self, u: Uid, op: Op) -> Refresh {
        match (self, op) {
            (Profile::Healing, Op::Update(vs)) if vs.contains(u) => Refresh::Refreshed,
            (Profile::Healing, Op::Add(_) | Op::Remove(_)) => Refresh::Propose,
            _ => Refresh::Unchanged,
        }
    }
}
