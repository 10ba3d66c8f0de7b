//! Reading a Welcome for this client while it has no group: it joins the
//! epoch the Welcome brings it into (with the ratchet tree beside it).

use super::DcClient;
use crate::backend::{Joined, MlsBackend};
use dcverify_protocol::{Branch, WelcomeError};
use std::time::Instant;

impl<M: MlsBackend> DcClient<M> {
    pub(super) fn join(
        &mut self,
        welcome: &[u8],
        ratchet_tree: &[u8],
        now: Instant,
    ) -> Result<Branch, WelcomeError> {
        match self.mls.join(welcome, ratchet_tree)? {
            // Made for a KeyPackage it does not hold (the server's, labelled
            // with its uid): a Welcome for someone else.
            Joined::NotMine => Ok(Branch::ReadWelcomeOther),
            Joined::Joined => {
                self.on_welcomed(&self.roster());
                self.refresh_media(now);
                Ok(Branch::ReadWelcomeJoins)
            }
        }
    }
}
