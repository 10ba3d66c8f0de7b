//! Reading a Welcome for this client while it has no group: it joins the
//! epoch the Welcome brings it into (with the ratchet tree beside it).

use super::OpenMlsClient;
use crate::group_config::{join_config, roster_of};
use dcverify_protocol::{Branch, Cause, WelcomeError};
use openmls::prelude::tls_codec::Deserialize as _;
use openmls::prelude::*;
use std::time::Instant;

impl OpenMlsClient {
    pub(super) fn join(
        &mut self,
        welcome: &[u8],
        ratchet_tree: &[u8],
        now: Instant,
    ) -> Result<Branch, WelcomeError> {
        let message = MlsMessageIn::tls_deserialize_exact(welcome)
            .map_err(|e| WelcomeError::Malformed(Cause::new(e)))?;
        let MlsMessageBodyIn::Welcome(welcome) = message.extract() else {
            return Err(WelcomeError::NotAWelcome);
        };
        let tree = RatchetTreeIn::tls_deserialize_exact(ratchet_tree)
            .map_err(|e| WelcomeError::MalformedRatchetTree(Cause::new(e)))?;
        // OpenMLS deletes the KeyPackage before it validates the rest: keep it
        // if the Welcome turns out bad, so a good one can still follow.
        let snapshot = self.snapshot();
        let joined =
            StagedWelcome::new_from_welcome(&self.provider, &join_config(), welcome, Some(tree))
                .and_then(|staged| staged.into_group(&self.provider));
        let group = match joined {
            Ok(g) => g,
            // Made for a KeyPackage it does not hold (the server's, labelled
            // with its uid): a Welcome for someone else.
            Err(openmls::prelude::WelcomeError::NoMatchingKeyPackage) => {
                self.restore(snapshot);
                return Ok(Branch::ReadWelcomeOther);
            }
            Err(e) => {
                self.restore(snapshot);
                return Err(WelcomeError::Rejected(Cause::new(e)));
            }
        };
        self.on_welcomed(&roster_of(&group));
        self.group = Some(group);
        self.refresh_media(now);
        Ok(Branch::ReadWelcomeJoins)
    }
}
