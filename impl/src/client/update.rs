//! Leaf refreshes under `healing` (`docs/pcs.md`, "The profile with
//! updates"): a member's own Update proposal, reading someone else's, and
//! the DC's commit of the proposals it holds. A proposal is valid only in
//! the epoch it was made for: OpenMLS refuses one from another epoch, and
//! clears its proposal store when it merges a commit.

use super::DcClient;
use crate::backend::{MlsBackend, ProposalRead};
use dcverify_protocol::{Branch, CommitPendingsError, Message, ProposalError, Uid};

impl<M: MlsBackend> DcClient<M> {
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

    /// Its own Update proposal for the epoch it holds (the library keeps the
    /// new leaf's private key in this client's storage until a commit uses it).
    pub fn propose_update(&mut self) -> Result<Message, ProposalError> {
        self.mls.propose_update(self.uid)
    }

    /// Reads `from`'s proposal: the branch it takes (`ReadProposal` when the
    /// DC counts it as pending). One for another epoch, or that does not
    /// open, is ignored. Every member keeps a valid one in the library's
    /// store (the commit that includes it refers to it, and processes only
    /// where it is stored); only the DC counts it, and not from a member
    /// whose `Left` it has read.
    pub(super) fn read_proposal(
        &mut self,
        from: Uid,
        bytes: &[u8],
    ) -> Result<Branch, ProposalError> {
        let epoch = self.mls.proposal_epoch(bytes)?;
        if !self.profile_updates() || self.mls.epoch() != Some(epoch) {
            return Ok(Branch::ReadProposalIgnored);
        }
        if from == self.uid {
            // Its own: the library stored it when it was made.
            return Ok(Branch::ReadProposalIgnored);
        }
        // Another node with the same number: it does not open.
        let ProposalRead::Stored { sender } = self.mls.store_proposal(bytes)? else {
            return Ok(Branch::ReadProposalIgnored);
        };
        match sender {
            Some(v) if v == from && !self.book.left_seen.contains(&v) && self.believes_dc() => {
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
        self.mls
            .commit_updates(self.uid, &self.book.pending_updates)
            .map(Some)
            .map_err(|(step, cause)| CommitPendingsError::Step { step: step.into(), cause })
    }

    fn profile_updates(&self) -> bool {
        super::profile::updates(self.profile)
    }
}
