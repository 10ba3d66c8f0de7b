//! Commits on mls-rs: an Add or a Remove made and merged at once, and
//! reading someone else's commit (rules 3 to 5 of `docs/protocol.md`).

use super::{failed, MlsRsBackend};
use crate::backend::{CommitRead, StepFailure};
use crate::identity::uid_of_identity;
use dcverify_protocol::{Cause, CommitError, Message, Uid};
use mls_rs::error::MlsError;
use mls_rs::group::proposal::Proposal;
use mls_rs::group::{CommitEffect, ContentType, ReceivedMessage, Sender};
use mls_rs::{MlsMessage, MlsMessageDescription};
use std::collections::BTreeSet;

/// The content type of a handshake message, or what else it is.
pub(super) fn content_type(message: &MlsMessage) -> Result<ContentType, String> {
    match message.description() {
        MlsMessageDescription::PublicProtocolMessage { content_type, .. }
        | MlsMessageDescription::PrivateProtocolMessage { content_type, .. } => Ok(content_type),
        _ => Err(format!("{:?}", message.wire_format())),
    }
}

impl MlsRsBackend {
    /// `from` adds `key_package` (user `to`'s) and merges the commit:
    /// `Welcome(from → to)` then `Commit(from)`.
    pub(super) fn add_and_merge(
        &mut self,
        from: Uid,
        to: Uid,
        key_package: &MlsMessage,
    ) -> Result<[Message; 2], StepFailure> {
        let group = self.group_mut()?;
        let output = group
            .commit_builder()
            .add_member(key_package.clone())
            .map_err(failed("add"))?
            .build()
            .map_err(failed("add"))?;
        group.apply_pending_commit().map_err(failed("merge add"))?;
        let missing = |what: &'static str| (what, Cause::from_text(format!("no {what}")));
        let welcome = output
            .welcome_messages
            .first()
            .ok_or_else(|| missing("welcome"))?
            .to_bytes()
            .map_err(failed("welcome"))?;
        let ratchet_tree = output
            .ratchet_tree
            .as_ref()
            .ok_or_else(|| missing("ratchet tree"))?
            .to_bytes()
            .map_err(failed("ratchet tree"))?;
        let commit = output.commit_message.to_bytes().map_err(failed("commit"))?;
        Ok([Message::Welcome { from, to, welcome, ratchet_tree }, Message::Commit { from, commit }])
    }

    /// `from` removes the members at `leaves` in one commit and merges it.
    pub(super) fn remove_and_merge(
        &mut self,
        from: Uid,
        leaves: &[u32],
    ) -> Result<Message, StepFailure> {
        let group = self.group_mut()?;
        let mut builder = group.commit_builder();
        for &leaf in leaves {
            builder = builder.remove_member(leaf).map_err(failed("remove"))?;
        }
        let output = builder.build().map_err(failed("remove"))?;
        group.apply_pending_commit().map_err(failed("merge remove"))?;
        let commit = output.commit_message.to_bytes().map_err(failed("commit"))?;
        Ok(Message::Commit { from, commit })
    }

    /// Rules 3 to 5 for someone else's commit; the group is as it was
    /// unless the commit is applied.
    pub(super) fn process_commit(&mut self, bytes: &[u8]) -> Result<CommitRead, CommitError> {
        let message =
            MlsMessage::from_bytes(bytes).map_err(|e| CommitError::Malformed(Cause::new(e)))?;
        match content_type(&message) {
            Ok(ContentType::Commit) => {}
            Ok(other) => return Err(CommitError::NotACommit { content: format!("{other:?}") }),
            Err(content) => return Err(CommitError::NotACommit { content }),
        }
        let before = crate::backend::MlsBackend::members(self);
        let Some(group) = self.group.as_mut() else {
            return Err(CommitError::NotApplied(Cause::from_text("no group".into())));
        };
        if message.epoch() != Some(group.current_epoch()) {
            // Rule 4: mls-rs would report an invalid epoch.
            return Ok(CommitRead::WrongEpoch);
        }
        let own = group.current_member_index();
        let saved = group.clone();
        let result = match group.process_incoming_message(message) {
            Ok(ReceivedMessage::Commit(description)) => match description.effect {
                CommitEffect::NewEpoch(new_epoch) => {
                    let mut added = BTreeSet::new();
                    let mut removed = BTreeSet::new();
                    let mut own_update_included = false;
                    for p in &new_epoch.applied_proposals {
                        match &p.proposal {
                            Proposal::Add(add) => {
                                let identity = add.signing_identity().credential.as_basic();
                                added
                                    .extend(identity.and_then(|b| uid_of_identity(b.identifier())));
                            }
                            Proposal::Remove(r) => removed.extend(
                                before.iter().filter(|(l, _)| *l == r.to_remove()).map(|(_, v)| *v),
                            ),
                            Proposal::Update(_) => {
                                own_update_included |= p.sender == Sender::Member(own);
                            }
                            _ => {}
                        }
                    }
                    return Ok(CommitRead::Applied { added, removed, own_update_included });
                }
                // Rule 3 for a commit that removes it: it keeps the epoch it held.
                CommitEffect::Removed { .. } => Ok(CommitRead::RemovesMe),
                CommitEffect::ReInit(_) => {
                    Err(CommitError::NotApplied(Cause::from_text("a ReInit commit".into())))
                }
            },
            Ok(_) => Err(CommitError::NotACommit { content: "processed non-commit".into() }),
            // Rule 5: same number, another node (or a commit no key opens).
            Err(e) if is_fork(&e) => Ok(CommitRead::Unreadable),
            Err(e) => Err(CommitError::NotApplied(Cause::new(e))),
        };
        *group = saved;
        result
    }
}

/// Errors that mean the commit was made on another node with the client's
/// epoch number (or is one no key of this epoch opens).
pub(super) fn is_fork(e: &MlsError) -> bool {
    matches!(
        e,
        MlsError::CryptoProviderError(_)
            | MlsError::GroupIdMismatch
            | MlsError::InvalidSignature
            | MlsError::InvalidMembershipTag
            | MlsError::InvalidConfirmationTag
            | MlsError::KeyMissing(_)
            | MlsError::InvalidFutureGeneration(_)
            | MlsError::MemberNotFound
            | MlsError::InvalidSender
            | MlsError::SerializationError(_)
    )
}
