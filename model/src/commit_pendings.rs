//! *Commit pendings* (`docs/protocol.md`, "Steps"; `CommitPendings` in
//! `tla/DC.tla`), the same under every profile: the DC commits on top of its
//! own epoch, merges each commit at once and queues the messages in its outbox.

use crate::epoch::Op;
use crate::leaf::Leaf;
use crate::log::Entry;
use crate::profile::ProfileRules;
use crate::steps::BranchLog;
use crate::uid_set::UidSet;
use crate::user::Local;
use dcverify_protocol::{Branch, Profile, Uid};

/// Runs *commit pendings* for `u`, which believes it is DC, on its state `local`.
pub fn commit_pendings(profile: Profile, u: Uid, local: &mut Local, log: &mut impl BranchLog) {
    let Some(mut epoch) = local.group.take() else { return };
    let number_before = epoch.number();
    // `healing`: with a membership change to commit, the Update proposals
    // it holds go first, since they are valid only in this epoch. They never
    // make a commit on their own: refreshes ride on membership changes.
    let roster = epoch.roster();
    let changes =
        !local.pending_adds.is_empty() || local.pending_removes.iter().any(|&v| roster.contains(v));
    if profile.updates() && changes && !local.pending_updates.is_empty() {
        let next = epoch.child(Leaf::user(u), Op::Update(local.pending_updates));
        local.outbox.push(Entry::Commit { from: u, epoch: next.clone() });
        epoch = next;
        log.took(Branch::PendingsUpdates);
    }
    local.pending_updates = UidSet::EMPTY;
    let adds = !local.pending_adds.is_empty();
    // Adds first, in arrival order: Welcome(v) then Commit(Add(v)).
    for &v in &local.pending_adds {
        let next = epoch.child(Leaf::user(u), Op::Add(v));
        local.outbox.push(Entry::Welcome { from: u, to: v.uid(), epoch: next.clone() });
        local.outbox.push(Entry::Commit { from: u, epoch: next.clone() });
        epoch = next;
    }
    // Then one Remove of the pending removes that are members now.
    let roster = epoch.roster();
    let removed: UidSet =
        local.pending_removes.iter().copied().filter(|&v| roster.contains(v)).collect();
    if removed.len() < local.pending_removes.len() {
        log.took(Branch::PendingsSkipsNonMember);
    }
    if !removed.is_empty() {
        let next = epoch.child(Leaf::user(u), Op::Remove(removed));
        local.outbox.push(Entry::Commit { from: u, epoch: next.clone() });
        epoch = next;
    }
    log.took(match (adds, !removed.is_empty()) {
        (true, true) => Branch::PendingsAddsAndRemove,
        (true, false) => Branch::PendingsAddsOnly,
        (false, true) => Branch::PendingsRemoveOnly,
        (false, false) => Branch::PendingsNoCommit,
    });
    local.pending_adds.clear();
    local.pending_removes.clear();
    // Every commit of the DC carries a path: its own leaf is fresh now.
    if epoch.number() > number_before {
        local.update_due = false;
    }
    local.group = Some(epoch);
}
