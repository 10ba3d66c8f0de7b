//! Joining from a Welcome and the ratchet tree beside it, on OpenMLS.

use super::OpenMlsBackend;
use crate::backend::Joined;
use crate::group_config::join_config;
use dcverify_protocol::{Cause, WelcomeError};
use openmls::prelude::tls_codec::Deserialize as _;
use openmls::prelude::*;

impl OpenMlsBackend {
    pub(super) fn join_from_welcome(
        &mut self,
        welcome: &[u8],
        ratchet_tree: &[u8],
    ) -> Result<Joined, WelcomeError> {
        let message = MlsMessageIn::tls_deserialize_exact(welcome)
            .map_err(|e| WelcomeError::Malformed(Cause::new(e)))?;
        let MlsMessageBodyIn::Welcome(welcome) = message.extract() else {
            return Err(WelcomeError::NotAWelcome);
        };
        let tree = RatchetTreeIn::tls_deserialize_exact(ratchet_tree)
            .map_err(|e| WelcomeError::MalformedRatchetTree(Cause::new(e)))?;
        // OpenMLS deletes the KeyPackage before it validates the rest: keep it
        // if the Welcome turns out bad, so a good one can still follow.
        let saved = self.storage();
        let joined =
            StagedWelcome::new_from_welcome(&self.provider, &join_config(), welcome, Some(tree))
                .and_then(|staged| staged.into_group(&self.provider));
        match joined {
            Ok(group) => {
                self.group = Some(group);
                Ok(Joined::Joined)
            }
            Err(openmls::prelude::WelcomeError::NoMatchingKeyPackage) => {
                self.load(saved, None);
                Ok(Joined::NotMine)
            }
            Err(e) => {
                self.load(saved, None);
                Err(WelcomeError::Rejected(Cause::new(e)))
            }
        }
    }
}
