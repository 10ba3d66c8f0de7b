//! Reading a commit by someone else while the client has a group: rules 3
//! to 5 of `docs/protocol.md` ("Steps", `Read`).

use super::OpenMlsClient;
use crate::identity::uid_of;
use dcverify_protocol::{Branch, Cause, CommitError, ReadError, ReadOutcome, Uid};
use openmls::prelude::tls_codec::Deserialize as _;
use openmls::prelude::*;
use std::collections::BTreeSet;
use std::time::Instant;

impl OpenMlsClient {
    /// Reads `from`'s commit: rules 3 to 5, then, under `healing`, its own
    /// Update proposal if the commit made it due.
    pub(super) fn read_commit(
        &mut self,
        from: Uid,
        bytes: &[u8],
        now: Instant,
    ) -> Result<ReadOutcome, ReadError> {
        let (branch, change) =
            self.apply_commit(bytes, now).map_err(|error| ReadError::Commit { from, error })?;
        let Some(Applied { membership_change, own_update_included }) = change else {
            return Ok(ReadOutcome::only(branch));
        };
        let proposal = self
            .after_commit_applied(membership_change, own_update_included)
            .map_err(|error| ReadError::Proposal { from: self.uid, error })?;
        Ok(match proposal {
            None => ReadOutcome::only(branch),
            Some(p) => ReadOutcome {
                branches: vec![branch, Branch::ProposesUpdate],
                batches: vec![vec![p]],
            },
        })
    }

    /// Rules 3 to 5; for an applied commit, also what it changed.
    fn apply_commit(
        &mut self,
        bytes: &[u8],
        now: Instant,
    ) -> Result<(Branch, Option<Applied>), CommitError> {
        let message = MlsMessageIn::tls_deserialize_exact(bytes)
            .map_err(|e| CommitError::Malformed(Cause::new(e)))?;
        let protocol = message
            .try_into_protocol_message()
            .map_err(|e| CommitError::Malformed(Cause::new(e)))?;
        if protocol.content_type() != ContentType::Commit {
            return Err(CommitError::NotACommit {
                content: format!("{:?}", protocol.content_type()),
            });
        }
        // The caller read rule 2 (no group) already.
        let Some(group) = self.group.as_mut() else { return Ok((Branch::CommitNoGroup, None)) };
        if protocol.epoch() != group.epoch() {
            // Rule 4: OpenMLS would report a wrong epoch.
            return Ok((Branch::CommitWrongEpoch, None));
        }
        let processed = match group.process_message(&self.provider, protocol) {
            Ok(p) => p,
            // Rule 5: same number, another node (or a commit no key
            // opens). Processing left the group unchanged. A stolen copy
            // that cannot follow simply stays where it is.
            Err(e) if is_fork(&e) && self.book.passive => {
                return Ok((Branch::CommitUnreadable, None))
            }
            Err(e) if is_fork(&e) => return Ok((self.on_unreadable_commit(), None)),
            Err(e) => return Err(CommitError::NotApplied(Cause::new(e))),
        };
        let ProcessedMessageContent::StagedCommitMessage(staged) = processed.into_content() else {
            return Err(CommitError::NotACommit { content: "processed non-commit".into() });
        };
        if staged.self_removed() {
            // Rule 3 for a commit that removes it while it is present (a
            // hostile server's doing): it keeps the epoch it held, unmerged.
            self.book.removed = true;
            self.on_removed();
            return Ok((Branch::CommitRemovesMe, None));
        }
        let own = group.own_leaf_index();
        let own_update_included = staged
            .update_proposals()
            .any(|u| matches!(u.sender(), Sender::Member(leaf) if *leaf == own));
        // Rule 3: apply it, and drop what it did from the pending lists.
        let added: BTreeSet<Uid> = staged
            .add_proposals()
            .filter_map(|a| uid_of(a.add_proposal().key_package().leaf_node().credential()))
            .collect();
        let removed: BTreeSet<Uid> = staged
            .remove_proposals()
            .filter_map(|r| group.member(r.remove_proposal().removed()).and_then(uid_of))
            .collect();
        group
            .merge_staged_commit(&self.provider, *staged)
            .map_err(|e| CommitError::NotApplied(Cause::new(e)))?;
        self.book.pending_adds.retain(|p| !added.contains(&p.uid));
        self.book.pending_removes.retain(|v| !removed.contains(v));
        self.refresh_media(now);
        let membership_change = !added.is_empty() || !removed.is_empty();
        Ok((Branch::CommitApplied, Some(Applied { membership_change, own_update_included })))
    }
}

/// What an applied commit changed, for the profile's timing rule.
struct Applied {
    membership_change: bool,
    own_update_included: bool,
}

/// Errors that mean the commit was made on another node with the client's epoch number.
fn is_fork<S: std::fmt::Debug>(e: &ProcessMessageError<S>) -> bool {
    matches!(
        e,
        ProcessMessageError::ValidationError(
            ValidationError::UnableToDecrypt(_)
                | ValidationError::InvalidMembershipTag
                | ValidationError::WrongGroupId
                | ValidationError::InvalidSignature
                | ValidationError::UnknownMember
        ) | ProcessMessageError::InvalidCommit(_)
    )
}
