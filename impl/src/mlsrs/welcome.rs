//! Joining from a Welcome and the ratchet tree beside it, on mls-rs.

use super::MlsRsBackend;
use crate::backend::Joined;
use dcverify_protocol::{Cause, WelcomeError};
use mls_rs::error::MlsError;
use mls_rs::group::ExportedTree;
use mls_rs::{MlsMessage, WireFormat};

impl MlsRsBackend {
    pub(super) fn join_from_welcome(
        &mut self,
        welcome: &[u8],
        ratchet_tree: &[u8],
    ) -> Result<Joined, WelcomeError> {
        let message =
            MlsMessage::from_bytes(welcome).map_err(|e| WelcomeError::Malformed(Cause::new(e)))?;
        if message.wire_format() != WireFormat::Welcome {
            return Err(WelcomeError::NotAWelcome);
        }
        let tree = ExportedTree::from_bytes(ratchet_tree)
            .map_err(|e| WelcomeError::MalformedRatchetTree(Cause::new(e)))?;
        match self.client.join_group(Some(tree), &message, None) {
            Ok((group, _)) => {
                self.group = Some(group);
                Ok(Joined::Joined)
            }
            // Made for a KeyPackage it does not hold: someone else's.
            Err(MlsError::WelcomeKeyPackageNotFound) => Ok(Joined::NotMine),
            Err(e) => Err(WelcomeError::Rejected(Cause::new(e))),
        }
    }
}
