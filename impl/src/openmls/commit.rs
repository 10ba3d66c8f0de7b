//! Commits on OpenMLS: an Add or a Remove made and merged at once, and
//! reading someone else's commit (rules 3 to 5 of `docs/protocol.md`).

use super::OpenMlsBackend;
use crate::backend::{CommitRead, StepFailure};
use crate::identity::uid_of;
use dcverify_protocol::{Cause, CommitError, Message, Uid};
use openmls::prelude::tls_codec::{Deserialize as _, Serialize as _};
use openmls::prelude::*;
use std::collections::BTreeSet;

fn failed<E: std::error::Error + Send + Sync + 'static>(
    step: &'static str,
) -> impl FnOnce(E) -> StepFailure {
    move |e| (step, Cause::new(e))
}

fn no_group() -> StepFailure {
    ("group", Cause::from_text("no group".into()))
}

impl OpenMlsBackend {
    /// `from` adds `key_package` (user `to`'s) and merges the commit:
    /// `Welcome(from → to)` then `Commit(from)`.
    pub(super) fn add_and_merge(
        &mut self,
        from: Uid,
        to: Uid,
        key_package: &KeyPackage,
    ) -> Result<[Message; 2], StepFailure> {
        let (provider, signer) = (&self.provider, &self.signer);
        let group = self.group.as_mut().ok_or_else(no_group)?;
        let (commit, welcome, _) = group
            .add_members(provider, signer, std::slice::from_ref(key_package))
            .map_err(failed("add"))?;
        group.merge_pending_commit(provider).map_err(failed("merge add"))?;
        let ratchet_tree =
            group.export_ratchet_tree().tls_serialize_detached().map_err(failed("ratchet tree"))?;
        let welcome = welcome.to_bytes().map_err(failed("welcome"))?;
        let commit = commit.to_bytes().map_err(failed("commit"))?;
        Ok([Message::Welcome { from, to, welcome, ratchet_tree }, Message::Commit { from, commit }])
    }

    /// `from` removes the members at `leaves` in one commit and merges it.
    pub(super) fn remove_and_merge(
        &mut self,
        from: Uid,
        leaves: &[u32],
    ) -> Result<Message, StepFailure> {
        let (provider, signer) = (&self.provider, &self.signer);
        let group = self.group.as_mut().ok_or_else(no_group)?;
        let leaves: Vec<LeafNodeIndex> = leaves.iter().map(|&l| LeafNodeIndex::new(l)).collect();
        let (commit, _, _) =
            group.remove_members(provider, signer, &leaves).map_err(failed("remove"))?;
        group.merge_pending_commit(provider).map_err(failed("merge remove"))?;
        let commit = commit.to_bytes().map_err(failed("commit"))?;
        Ok(Message::Commit { from, commit })
    }

    /// Rules 3 to 5 for someone else's commit.
    pub(super) fn process_commit(&mut self, bytes: &[u8]) -> Result<CommitRead, CommitError> {
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
        let Some(group) = self.group.as_mut() else {
            return Err(CommitError::NotApplied(Cause::from_text("no group".into())));
        };
        if protocol.epoch() != group.epoch() {
            // Rule 4: OpenMLS would report a wrong epoch.
            return Ok(CommitRead::WrongEpoch);
        }
        let processed = match group.process_message(&self.provider, protocol) {
            Ok(p) => p,
            // Rule 5; processing left the group unchanged.
            Err(e) if is_fork(&e) => return Ok(CommitRead::Unreadable),
            Err(e) => return Err(CommitError::NotApplied(Cause::new(e))),
        };
        let ProcessedMessageContent::StagedCommitMessage(staged) = processed.into_content() else {
            return Err(CommitError::NotACommit { content: "processed non-commit".into() });
        };
        if staged.self_removed() {
            return Ok(CommitRead::RemovesMe);
        }
        let own = group.own_leaf_index();
        let own_update_included = staged
            .update_proposals()
            .any(|u| matches!(u.sender(), Sender::Member(leaf) if *leaf == own));
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
        Ok(CommitRead::Applied { added, removed, own_update_included })
    }
}

/// Errors that mean the commit was made on another node with the client's epoch number.
pub(super) fn is_fork<S: std::fmt::Debug>(e: &ProcessMessageError<S>) -> bool {
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
