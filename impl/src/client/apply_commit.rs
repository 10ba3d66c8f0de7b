//! Reading a commit by someone else while the client has a group: rules 3
//! to 5 of `docs/protocol.md` ("Steps", `Read`).

use super::DcClient;
use crate::backend::{CommitRead, MlsBackend};
use dcverify_protocol::{Branch, ReadError, ReadOutcome, Uid};
use std::time::Instant;

impl<M: MlsBackend> DcClient<M> {
    /// Reads `from`'s commit: rules 3 to 5, then, under `healing`, its own
    /// Update proposal if the commit made it due.
    pub(super) fn read_commit(
        &mut self,
        from: Uid,
        bytes: &[u8],
        now: Instant,
    ) -> Result<ReadOutcome, ReadError> {
        let read =
            self.mls.read_commit(bytes).map_err(|error| ReadError::Commit { from, error })?;
        let (membership_change, own_update_included) = match read {
            // Rule 4: the library would report a wrong epoch.
            CommitRead::WrongEpoch => return Ok(ReadOutcome::only(Branch::CommitWrongEpoch)),
            // Rule 5: same number, another node (or a commit no key opens);
            // the group is unchanged. A stolen copy that cannot follow
            // simply stays where it is.
            CommitRead::Unreadable if self.book.passive => {
                return Ok(ReadOutcome::only(Branch::CommitUnreadable))
            }
            CommitRead::Unreadable => return Ok(ReadOutcome::only(self.on_unreadable_commit())),
            // Rule 3 for a commit that removes it while it is present (a
            // hostile server's doing): it keeps the epoch it held, unmerged.
            CommitRead::RemovesMe => {
                self.book.removed = true;
                self.on_removed();
                return Ok(ReadOutcome::only(Branch::CommitRemovesMe));
            }
            // Rule 3: applied; drop what it did from the pending lists.
            CommitRead::Applied { added, removed, own_update_included } => {
                self.book.pending_adds.retain(|p| !added.contains(&p.uid));
                self.book.pending_removes.retain(|v| !removed.contains(v));
                self.refresh_media(now);
                (!added.is_empty() || !removed.is_empty(), own_update_included)
            }
        };
        let proposal = self
            .after_commit_applied(membership_change, own_update_included)
            .map_err(|error| ReadError::Proposal { from: self.uid, error })?;
        Ok(match proposal {
            None => ReadOutcome::only(Branch::CommitApplied),
            Some(p) => ReadOutcome {
                branches: vec![Branch::CommitApplied, Branch::ProposesUpdate],
                batches: vec![vec![p]],
            },
        })
    }
}
