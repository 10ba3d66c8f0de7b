//! Leaf refreshes under `healing` (`docs/pcs.md`, "The profile with
//! updates"): a member's own Update proposal, reading someone else's, and
//! the DC's commit of the proposals it holds. A proposal is valid only in
//! the epoch it was made for: OpenMLS refuses one from another epoch, and
//! clears its proposal store when it merges a commit.

use super::OpenMlsClient;
use crate::identity::uid_of;
use dcverify_protocol::{Branch, Cause, CommitPendingsError, Message, ProposalError, Uid};
use openmls::prelude::tls_codec::Deserialize as _;
use openmls::prelude::*;

impl OpenMlsClient {
    /// After it applied someone else's commit that did (or did not)
    /// include its own Update: the profile's timing rule says whether it is
    /// due now; if so it proposes an Update for its new epoch.
    pub(super) fn after_commit_applied(
        &mut self,
        membership_change: bool,
        own_update_included: bool,
    ) -> Result<Option<Message>, ProposalError> {
        self.book.pending_updates.clear();
        if !self.profile_updates() || self.book.passive {
            return Ok(None);
        }
        if own_update_included {
            self.book.update_due = false;
        }
        if !membership_change {
            return Ok(None);
        }
        self.book.update_due = true;
        self.propose_update().map(Some)
    }

    /// Its own Update proposal for the epoch it holds (OpenMLS keeps the new
    /// leaf's private key in this client's storage until a commit uses it).
    pub fn propose_update(&mut self) -> Result<Message, ProposalError> {
        let group = self.group.as_mut().ok_or_else(|| {
            ProposalError::Propose(Cause::from_debug(&"no group to propose an Update in"))
        })?;
        let (message, _) = group
            .propose_self_update(&self.provider, &self.signer, LeafNodeParameters::default())
            .map_err(|e| ProposalError::Propose(Cause::new(e)))?;
        let proposal = message.to_bytes().map_err(|e| ProposalError::Propose(Cause::new(e)))?;
        Ok(Message::Proposal { from: self.uid, proposal })
    }

    /// Reads `from`'s proposal: the branch it takes (`ReadProposal` when the
    /// DC counts it as pending). One for another epoch, or that does not
    /// open, is ignored. Every member keeps a valid one in OpenMLS's store
    /// (the commit that includes it refers to it, and processes only where
    /// it is stored); only the DC counts it, and not from a member whose
    /// `Left` it has read.
    pub(super) fn read_proposal(
        &mut self,
        from: Uid,
        bytes: &[u8],
    ) -> Result<Branch, ProposalError> {
        let message = MlsMessageIn::tls_deserialize_exact(bytes)
            .map_err(|e| ProposalError::Malformed(Cause::new(e)))?;
        let protocol = message
            .try_into_protocol_message()
            .map_err(|e| ProposalError::Malformed(Cause::new(e)))?;
        if protocol.content_type() != ContentType::Proposal {
            return Err(ProposalError::NotAProposal {
                content: format!("{:?}", protocol.content_type()),
            });
        }
        let updates = self.profile_updates();
        let Some(group) = self.group.as_mut().filter(|_| updates) else {
            return Ok(Branch::ReadProposalIgnored);
        };
        if protocol.epoch() != group.epoch() {
            return Ok(Branch::ReadProposalIgnored);
        }
        if from == self.uid {
            // Its own: OpenMLS stored it when it was made.
            return Ok(Branch::ReadProposalIgnored);
        }
        // Another node with the same number: it does not open.
        let Ok(processed) = group.process_message(&self.provider, protocol) else {
            return Ok(Branch::ReadProposalIgnored);
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
        let dc = self.believes_dc();
        match sender {
            Some(v) if v == from && !self.book.left_seen.contains(&v) && dc => {
                self.book.pending_updates.insert(v);
                Ok(Branch::ReadProposal)
            }
            _ => Ok(Branch::ReadProposalIgnored),
        }
    }

    /// *Commit pendings*' first commit under `healing`, when a membership
    /// commit follows (`changes`): the Update proposals it counts as pending
    /// (the others leave its store first, its own too: the commit's path
    /// refreshes its leaf anyway). `None` when there is nothing to commit
    /// (only `healing` counts proposals as pending).
    pub(super) fn commit_updates(
        &mut self,
        changes: bool,
    ) -> Result<Option<Message>, CommitPendingsError> {
        if !changes || self.book.pending_updates.is_empty() {
            return Ok(None);
        }
        let step = |step: &'static str| {
            move |e: String| CommitPendingsError::Step {
                step: step.into(),
                cause: Cause::from_debug(&e),
            }
        };
        let group = self.group.as_mut().ok_or(CommitPendingsError::NoGroup)?;
        let unwanted: Vec<_> = group
            .pending_proposals()
            .filter(|q| match q.sender() {
                Sender::Member(leaf) => !group
                    .member(*leaf)
                    .and_then(uid_of)
                    .is_some_and(|v| self.book.pending_updates.contains(&v)),
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
        Ok(Some(Message::Commit { from: self.uid, commit }))
    }

    fn profile_updates(&self) -> bool {
        super::profile::updates(self.profile)
    }
}
