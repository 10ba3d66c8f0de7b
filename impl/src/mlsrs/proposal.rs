//! Update proposals on mls-rs (`healing`, `docs/pcs.md`): its own, someone
//! else's kept in the proposal cache, and the DC's commit of those it
//! counts. mls-rs refuses a proposal from another epoch and clears its
//! cache when a commit is merged, as OpenMLS does.

use super::commit::content_type;
use super::{failed, MlsRsBackend};
use crate::backend::{ProposalRead, StepFailure};
use dcverify_protocol::{Cause, Message, ProposalError, Uid};
use mls_rs::group::{ContentType, ProposalSender, ReceivedMessage};
use mls_rs::MlsMessage;
use std::collections::BTreeSet;

/// The proposal message, decoded and checked to be a proposal.
fn decode(bytes: &[u8]) -> Result<MlsMessage, ProposalError> {
    let message =
        MlsMessage::from_bytes(bytes).map_err(|e| ProposalError::Malformed(Cause::new(e)))?;
    match content_type(&message) {
        Ok(ContentType::Proposal) => Ok(message),
        Ok(other) => Err(ProposalError::NotAProposal { content: format!("{other:?}") }),
        Err(content) => Err(ProposalError::NotAProposal { content }),
    }
}

pub(super) fn epoch_of(bytes: &[u8]) -> Result<u64, ProposalError> {
    let message = decode(bytes)?;
    message.epoch().ok_or_else(|| ProposalError::Malformed(Cause::from_text("no epoch".into())))
}

impl MlsRsBackend {
    /// Its own Update proposal for the epoch it holds.
    pub(super) fn own_update(&mut self, from: Uid) -> Result<Message, ProposalError> {
        let group = self.group.as_mut().ok_or_else(|| {
            ProposalError::Propose(Cause::from_text("no group to propose an Update in".into()))
        })?;
        let message =
            group.propose_update(Vec::new()).map_err(|e| ProposalError::Propose(Cause::new(e)))?;
        let proposal = message.to_bytes().map_err(|e| ProposalError::Propose(Cause::new(e)))?;
        Ok(Message::Proposal { from, proposal })
    }

    /// Processes someone else's proposal for its epoch; mls-rs keeps it.
    pub(super) fn process_proposal(&mut self, bytes: &[u8]) -> Result<ProposalRead, ProposalError> {
        let message = decode(bytes)?;
        let Some(group) = self.group.as_mut() else { return Ok(ProposalRead::Unreadable) };
        let saved = group.clone();
        match group.process_incoming_message(message) {
            Ok(ReceivedMessage::Proposal(description)) => {
                let sender = match description.sender {
                    ProposalSender::Member(leaf) => Self::uid_at(group, leaf),
                    _ => None,
                };
                Ok(ProposalRead::Stored { sender })
            }
            Ok(_) => {
                *group = saved;
                Err(ProposalError::NotAProposal { content: "processed non-proposal".into() })
            }
            Err(_) => {
                *group = saved;
                Ok(ProposalRead::Unreadable)
            }
        }
    }

    /// Commits the cached Update proposals of the members in `keep` (the
    /// rules leave out the others; mls-rs leaves out its own, whose leaf
    /// the commit's path refreshes anyway) and merges the commit.
    pub(super) fn commit_kept_updates(
        &mut self,
        from: Uid,
        keep: &BTreeSet<Uid>,
    ) -> Result<Message, StepFailure> {
        let leaves: BTreeSet<u32> = crate::backend::MlsBackend::members(self)
            .into_iter()
            .filter(|(_, v)| keep.contains(v))
            .map(|(l, _)| l)
            .collect();
        let filter = self.rules.keep_updates_from.clone();
        if let Ok(mut f) = filter.lock() {
            *f = Some(leaves);
        }
        let group = self.group_mut();
        let built = group.and_then(|g| g.commit_builder().build().map_err(failed("update commit")));
        if let Ok(mut f) = filter.lock() {
            *f = None;
        }
        let output = built?;
        self.group_mut()?.apply_pending_commit().map_err(failed("merge update"))?;
        let commit = output.commit_message.to_bytes().map_err(failed("commit"))?;
        Ok(Message::Commit { from, commit })
    }
}
