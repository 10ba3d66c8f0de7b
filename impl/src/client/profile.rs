//! The points where the profiles differ, as `model/src/profile.rs` and
//! `tla/DC.tla`'s "Profiles" section have them; everything else in the
//! client is shared by all profiles.

use super::DcClient;
use crate::backend::MlsBackend;
use dcverify_protocol::{Branch, Message, Profile, Uid};
use std::collections::BTreeSet;

/// Whether members refresh their leaves with Update proposals (`docs/pcs.md`).
pub(super) fn updates(profile: Profile) -> bool {
    profile == Profile::Healing
}

/// `Join`: what the joiner knows of the room (its initial `before_me`).
/// Under `fixed` the delivery service tells it who is alive.
pub(super) fn before_me_at_join(profile: Profile, room: BTreeSet<Uid>) -> BTreeSet<Uid> {
    match profile {
        Profile::Orange => BTreeSet::new(),
        Profile::Fixed | Profile::Guarded | Profile::Healing => room,
    }
}

/// `Send`: the messages of *commit pendings* in the batches that enter the
/// log together. Under `fixed` an Add's Welcome goes with its commit, so
/// that neither lands without the other.
pub(super) fn batches(profile: Profile, messages: Vec<Message>) -> Vec<Vec<Message>> {
    let mut out: Vec<Vec<Message>> = Vec::new();
    for m in messages {
        let joins_welcome = matches!(profile, Profile::Fixed | Profile::Guarded | Profile::Healing)
            && matches!(m, Message::Commit { .. })
            && out.last().is_some_and(|b| matches!(b.as_slice(), [Message::Welcome { .. }]));
        match out.last_mut() {
            Some(batch) if joins_welcome => batch.push(m),
            _ => out.push(vec![m]),
        }
    }
    out
}

impl<M: MlsBackend> DcClient<M> {
    /// `Read` of `Left(v)`: whether `v` goes into `pending_removes`. Under
    /// `fixed` only a member, or a user still to be added: anyone else would
    /// stay pending forever.
    pub(super) fn records_leave(&self, v: Uid) -> bool {
        match (self.profile, self.mls.has_group()) {
            (Profile::Orange, _)
            | (Profile::Fixed | Profile::Guarded | Profile::Healing, false) => true,
            (Profile::Fixed | Profile::Guarded | Profile::Healing, true) => {
                self.roster().contains(&v) || self.book.pending_adds.iter().any(|p| p.uid == v)
            }
        }
    }

    /// After a `Read` of a `Joined` or `Left`: whether a user with no group
    /// founds one. Under `fixed`, once everyone who was in the room when it
    /// joined has left.
    pub(super) fn refounds(&self) -> bool {
        match self.profile {
            Profile::Orange => false,
            Profile::Fixed | Profile::Guarded | Profile::Healing => {
                !self.mls.has_group() && self.book.before_me.is_subset(&self.book.left_seen)
            }
        }
    }

    /// `Read` of a commit on its epoch number it cannot open (a fork, or a
    /// commit no key opens): rule 5. Orange's client stops on it; `fixed`
    /// keeps that, since nothing tells the two apart.
    /// `guarded` ignores it and keeps its epoch.
    pub(super) fn on_unreadable_commit(&mut self) -> Branch {
        match self.profile {
            Profile::Orange | Profile::Fixed | Profile::Healing => {
                self.book.failed = true;
                Branch::CommitFork
            }
            Profile::Guarded => Branch::CommitUnreadable,
        }
    }

    /// `Read` of a `Left` announcing itself (only a hostile server writes
    /// one): orange's client stops ("cannot remove self"); `fixed` keeps that.
    /// `guarded` knows it is present and ignores it.
    pub(super) fn on_left_self(&mut self) {
        match self.profile {
            Profile::Orange | Profile::Fixed | Profile::Healing => self.book.failed = true,
            Profile::Guarded => {}
        }
    }

    /// `Read` of a commit that removes it while it is present (it is marked
    /// removed and keeps the epoch it held): orange's client stops at its
    /// next frame; `fixed` keeps that.
    /// `guarded` does not fail: it shows that it was removed.
    pub(super) fn on_removed(&mut self) {
        match self.profile {
            Profile::Orange | Profile::Fixed | Profile::Healing => self.book.failed = true,
            Profile::Guarded => {}
        }
    }

    /// `Read` of a Welcome into a group of `roster`: its `before_me`, and
    /// (under `fixed`) its pending lists kept to what that epoch needs.
    pub(super) fn on_welcomed(&mut self, roster: &BTreeSet<Uid>) {
        let mut earlier = roster.clone();
        earlier.remove(&self.uid);
        match self.profile {
            Profile::Orange => self.book.before_me = earlier,
            Profile::Fixed | Profile::Guarded | Profile::Healing => {
                // Members who left before it joined: it never reads their Left,
                // so it does not wait for them and removes them if it becomes DC.
                let room = std::mem::take(&mut self.book.before_me);
                let gone: Vec<Uid> = earlier.difference(&room).copied().collect();
                self.book.before_me = earlier.intersection(&room).copied().collect();
                self.book.pending_adds.retain(|p| !roster.contains(&p.uid));
                let adds: BTreeSet<Uid> = self.book.pending_adds.iter().map(|p| p.uid).collect();
                self.book.pending_removes.retain(|v| roster.contains(v) || adds.contains(v));
                for v in gone {
                    if !self.book.pending_removes.contains(&v) {
                        self.book.pending_removes.push(v);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn welcome(to: Uid) -> Message {
        Message::Welcome { from: 1, to, welcome: vec![], ratchet_tree: vec![] }
    }

    fn commit() -> Message {
        Message::Commit { from: 1, commit: vec![] }
    }

    #[test]
    fn fixed_sends_each_welcome_with_its_commit_and_orange_one_at_a_time() {
        let messages = vec![welcome(2), commit(), welcome(3), commit(), commit()];
        let sizes = |p| batches(p, messages.clone()).iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(sizes(Profile::Fixed), [2, 2, 1]);
        assert_eq!(sizes(Profile::Orange), [1, 1, 1, 1, 1]);
        assert_eq!(batches(Profile::Fixed, messages.clone()).concat(), messages);
    }
}
