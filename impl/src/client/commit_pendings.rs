//! After reading a `Joined` or `Left`: recording it, founding a group where
//! the profile says so, and *commit pendings* (`docs/protocol.md`, "Steps")
//! when the client now believes it is DC, all or nothing.

use super::{profile, DcClient};
use crate::backend::{MlsBackend, StepFailure};
use crate::mutant::Mutant;
use dcverify_protocol::{Branch, CommitPendingsError, Message, ReadError, ReadOutcome, Uid};
use std::collections::BTreeSet;
use std::time::Instant;

fn step_failed((step, cause): StepFailure) -> CommitPendingsError {
    CommitPendingsError::Step { step: step.into(), cause }
}

impl<M: MlsBackend> DcClient<M> {
    /// Records a `Joined` or `Left` (`read` took branch `first`), then founds
    /// a group if the profile says so, then runs *commit pendings* if it now
    /// believes it is DC. All or nothing: on error the client is unchanged.
    pub(super) fn record_then_commit(
        &mut self,
        first: Branch,
        now: Instant,
        record: impl FnOnce(&mut Self),
    ) -> Result<ReadOutcome, ReadError> {
        let saved = self.book.clone();
        record(self);
        let refound = self.refounds();
        if self.book.passive || (!refound && !self.believes_dc()) {
            return Ok(ReadOutcome::only(first));
        }
        let mut branches = vec![first];
        let snapshot = self.mls.state();
        let result = if refound {
            branches.push(Branch::Refounds);
            let uid = self.uid;
            self.mls.found(uid).map_err(|cause| step_failed(("founding a group", cause)))
        } else {
            Ok(())
        }
        .and_then(|()| self.commit_pendings(&mut branches));
        match result {
            Ok(messages) => {
                self.book.pending_adds.clear();
                self.book.pending_removes.clear();
                self.refresh_media(now);
                Ok(ReadOutcome { branches, batches: profile::batches(self.profile, messages) })
            }
            Err(e) => {
                self.mls.restore(&snapshot);
                self.book = saved;
                Err(ReadError::CommitPendings(e))
            }
        }
    }

    /// *Commit pendings*: commits on top of its own epoch, each merged at
    /// once; returns the messages to send (the caller restores the client on
    /// error) and notes the branches it took.
    fn commit_pendings(
        &mut self,
        branches: &mut Vec<Branch>,
    ) -> Result<Vec<Message>, CommitPendingsError> {
        let u = self.uid;
        if !self.mls.has_group() {
            return Err(CommitPendingsError::NoGroup);
        }
        let roster = self.roster();
        let mut out = Vec::new();
        // `healing`: with a membership change to commit, the Update
        // proposals first, valid only in this epoch.
        let changes = !self.book.pending_adds.is_empty()
            || self.book.pending_removes.iter().any(|v| roster.contains(v));
        if let Some(commit) = self.commit_updates(changes)? {
            out.push(commit);
            branches.push(Branch::PendingsUpdates);
        }
        // Adds first, in arrival order: Welcome(v) then Commit(Add(v)).
        for add in &self.book.pending_adds {
            out.extend(self.mls.add(u, add.uid, &add.key_package).map_err(step_failed)?);
        }
        // Then one Remove of the pending removes that are members now.
        let skip = usize::from(self.mutant == Some(Mutant::SkipOnePendingRemove));
        let removes = &self.book.pending_removes[skip.min(self.book.pending_removes.len())..];
        let removed: Vec<(u32, Uid)> =
            self.mls.members().into_iter().filter(|(_, v)| removes.contains(v)).collect();
        let leaves: Vec<u32> = removed.iter().map(|(leaf, _)| *leaf).collect();
        // Per uid, not per leaf: one uid may label two leaves (the server's too).
        let removed_uids: BTreeSet<Uid> = removed.iter().map(|(_, v)| *v).collect();
        if removed_uids.len() < removes.len() {
            branches.push(Branch::PendingsSkipsNonMember);
        }
        if !leaves.is_empty() {
            out.push(self.mls.remove(u, &leaves).map_err(step_failed)?);
        }
        branches.push(match (!self.book.pending_adds.is_empty(), !leaves.is_empty()) {
            (true, true) => Branch::PendingsAddsAndRemove,
            (true, false) => Branch::PendingsAddsOnly,
            (false, true) => Branch::PendingsRemoveOnly,
            (false, false) => Branch::PendingsNoCommit,
        });
        // Every commit of the DC carries a path: its own leaf is fresh now.
        if !out.is_empty() {
            self.book.update_due = false;
        }
        self.book.pending_updates.clear();
        Ok(out)
    }
}
