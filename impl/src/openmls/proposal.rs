//! Update proposals on OpenMLS (`healing`, `docs/pcs.md`): its own, someone
//! else's kept in the proposal store, and the DC's commit of those it
//! counts. OpenMLS refuses a proposal from another epoch, and clears its
//! proposal store when it merges a commit.

use super::OpenMlsBackend;
use crate::backend::{ProposalRead, StepFailure};
use crate::identity::uid_of;
use dcverify_protocol::{Cause, Message, ProposalError, Uid};
use openmls::prelude::tls_codec::Deserialize as _;
use openmls::prelude::*;
use std::collections::BTreeSet;

/// The proposal message, decoded and checked to be a proposal.
fn decode(bytes: &[u8]) -> Result<ProtocolMessage, ProposalError> {
    let message = MlsMessageIn::tls_deserialize_exact(bytes)
        .map_err(|e| ProposalError::Malformed(Cause::new(e)))?;
    let protocol =
        message.try_into_protocol_message().map_err(|e| ProposalError::Malformed(Cause::new(e)))?;
    if protocol.content_type() != ContentType::Proposal {
        return Err(ProposalError::NotAProposal {
            content: format!("{:?}", protocol.content_type()),
        });
    }
    Ok(protocol)
}

pub(super) fn epoch_of(bytes: &[u8]) -> Result<u64, ProposalError> {
    decode(bytes).map(|p| p.epoch().as_u64())
}

impl OpenMlsBackend {
    /// Its own Update proposal for the epoch it holds.
    pub(super) fn own_update(&mut self, from: Uid) -> Result<Message, ProposalError> {
        let group = self.group.as_mut().ok_or_else(|| {
            ProposalError::Propose(Cause::from_text("no group to propose an Update in".into()))
        })?;
        let (message, _) = group
            .propose_self_update(&self.provider, &self.signer, LeafNodeParameters::default())
            .map_err(|e| ProposalError::Propose(Cause::new(e)))?;
        let proposal = message.to_bytes().map_err(|e| ProposalError::Propose(Cause::new(e)))?;
        Ok(Message::Proposal { from, proposal })
    }

    /// Processes someone else's proposal for its epoch and stores it.
    pub(super) fn process_proposal(&mut self, bytes: &[u8]) -> Result<ProposalRead, ProposalError> {
        let protocol = decode(bytes)?;
        let Some(group) = self.group.as_mut() else { return Ok(ProposalRead::Unreadable) };
        let Ok(processed) = group.process_message(&self.provider, protocol) else {
            return Ok(ProposalRead::Unreadable);
        };
        let ProcessedMessageContent::ProposalMessage(queued) = processed.into_content() else {
            return Err(ProposalError::NotAProposal { content: "processed non-proposal".into() });
        };
        let sender = match queued.sender() {
            Sender::Member(leaf) => group.member(*leaf).and_then(uid_of),
            _ => None,
        };
        group
            .store_pending_proposal(self.provider.storage(), *queued)
            .map_err(|e| ProposalError::NotStored(Cause::new(e)))?;
        Ok(ProposalRead::Stored { sender })
    }

    /// Commits the stored Update proposals of the members in `keep` (the
    /// others leave the store first, its own too: the commit's path
    /// refreshes its leaf anyway) and merges the commit.
    pub(super) fn commit_kept_updates(
        &mut self,
        from: Uid,
        keep: &BTreeSet<Uid>,
    ) -> Result<Message, StepFailure> {
        let step = |step: &'static str| move |e: String| (step, Cause::from_text(e));
        let group = self.group.as_mut().ok_or(("group", Cause::from_text("no group".into())))?;
        let unwanted: Vec<_> = group
            .pending_proposals()
            .filter(|q| match q.sender() {
                Sender::Member(leaf) => {
                    !group.member(*leaf).and_then(uid_of).is_some_and(|v| keep.contains(&v))
                }
                _ => true,
            })
            .map(|q| q.proposal_reference_ref().clone())
            .collect();
        for r in unwanted {
            group
                .remove_pending_proposal(self.provider.storage(), &r)
                .map_err(|e| step("dropping a proposal")(format!("{e:?}")))?;
        }
        let bundle = group
            .commit_builder()
            .consume_proposal_store(true)
            .force_self_update(true)
            .load_psks(self.provider.storage())
            .map_err(|e| step("update commit")(format!("{e:?}")))?
            .build(self.provider.rand(), self.provider.crypto(), &self.signer, |_| true)
            .map_err(|e| step("update commit")(format!("{e:?}")))?
            .stage_commit(&self.provider)
            .map_err(|e| step("update commit")(format!("{e:?}")))?;
        let (commit, _, _) = bundle.into_contents();
        group
            .merge_pending_commit(&self.provider)
            .map_err(|e| step("merge update")(format!("{e:?}")))?;
        let commit = commit.to_bytes().map_err(|e| step("commit")(format!("{e:?}")))?;
        Ok(Message::Commit { from, commit })
    }
}
