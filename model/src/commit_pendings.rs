//! *Commit pendings* (`docs/protocol.md`, "Steps"; `CommitPendings` in
//! `tla/DC.tla`), the same under every profile: the DC commits on top of its
//! own epoch, merges each commit at once and queues the messages in its outbox.

use crate::epoch::Op;
use crate::leaf::Leaf;
use crate::log::Entry;
use crate::steps::BranchLog;
use crate::uid_set::UidSet;
use crate::user::Local;
use dcverify_protocol::{Branch, Uid};

/// Runs *commit pendings* for `u`, which believes it is DC, on its state `local`.
pub fn commit_pendings(u: Uid, local: &mut Local, log: &mut impl BranchLog) {
    let Some(mut epoch) = local.group.take() else { return };
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
    local.group = Some(epoch);
}
