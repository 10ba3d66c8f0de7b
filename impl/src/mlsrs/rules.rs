//! The MLS rules every mls-rs client of the suite uses: no ratchet tree in
//! Welcomes (it travels beside them, as with OpenMLS), commits and
//! proposals as PrivateMessages (OpenMLS's default wire-format policy, so
//! the two libraries read each other's), and, while the DC commits the
//! Update proposals it counts (`healing`), only those.

use mls_rs::client_builder::PaddingMode;
use mls_rs::group::proposal::UpdateProposal;
use mls_rs::group::Sender;
use mls_rs::group::{GroupContext, Roster};
use mls_rs::mls_rules::{
    CommitDirection, CommitOptions, CommitSource, EncryptionOptions, ProposalBundle,
};
use mls_rs::MlsRules;
use std::collections::BTreeSet;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

/// The rules, with the leaves whose Update proposals the next commit this
/// client makes may include (`None`: any).
#[derive(Clone, Debug, Default)]
pub struct DcRules {
    pub keep_updates_from: Arc<Mutex<Option<BTreeSet<u32>>>>,
}

impl MlsRules for DcRules {
    type Error = Infallible;

    fn filter_proposals(
        &self,
        direction: CommitDirection,
        _source: CommitSource,
        _roster: &Roster,
        _context: &GroupContext,
        mut proposals: ProposalBundle,
    ) -> Result<ProposalBundle, Infallible> {
        if direction != CommitDirection::Send {
            return Ok(proposals);
        }
        let keep = self.keep_updates_from.lock().ok().and_then(|k| k.clone());
        if let Some(keep) = keep {
            let _ = proposals.retain_by_type::<UpdateProposal, _, Infallible>(|p| {
                Ok(matches!(p.sender, Sender::Member(leaf) if keep.contains(&leaf)))
            });
        }
        Ok(proposals)
    }

    fn commit_options(
        &self,
        _roster: &Roster,
        _context: &GroupContext,
        _proposals: &ProposalBundle,
    ) -> Result<CommitOptions, Infallible> {
        Ok(CommitOptions::new().with_ratchet_tree_extension(false))
    }

    fn encryption_options(
        &self,
        _roster: &Roster,
        _context: &GroupContext,
    ) -> Result<EncryptionOptions, Infallible> {
        Ok(EncryptionOptions::new(true, PaddingMode::None))
    }
}
