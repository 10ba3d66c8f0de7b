//! Who a member is, for mls-rs: a basic credential, as with OpenMLS. mls-rs
//! refuses to add a leaf whose identity another leaf already has, and its
//! stock provider's identity is the credential alone; RFC 9420 (§7.3) asks
//! only that signature and encryption keys be unique. This provider names a
//! leaf by its credential *and* signature key, so that a second leaf
//! labelled with a member's uid (the hostile server's namesake,
//! `docs/threat-model.md`) is accepted as OpenMLS accepts it
//! (`docs/implementations.md`, "A namesake leaf"). A leaf's successor must
//! keep its credential.

use mls_rs::error::IntoAnyError;
use mls_rs::identity::{CredentialType, SigningIdentity};
use mls_rs::time::MlsTime;
use mls_rs::ExtensionList;
use mls_rs_core::identity::{IdentityProvider, MemberValidationContext};

/// A credential that is not a basic one.
#[derive(Debug, thiserror::Error)]
#[error("not a basic credential: {0:?}")]
pub struct NotBasic(CredentialType);

impl IntoAnyError for NotBasic {
    fn into_dyn_error(self) -> Result<Box<dyn std::error::Error + Send + Sync>, Self> {
        Ok(self.into())
    }
}

/// Basic credentials, a leaf named by credential and signature key.
#[derive(Clone, Copy, Debug, Default)]
pub struct LeafIdentity;

fn basic(id: &SigningIdentity) -> Result<&[u8], NotBasic> {
    id.credential
        .as_basic()
        .map(|b| b.identifier())
        .ok_or_else(|| NotBasic(id.credential.credential_type()))
}

impl IdentityProvider for LeafIdentity {
    type Error = NotBasic;

    fn validate_member(
        &self,
        signing_identity: &SigningIdentity,
        _timestamp: Option<MlsTime>,
        _context: MemberValidationContext<'_>,
    ) -> Result<(), NotBasic> {
        basic(signing_identity).map(|_| ())
    }

    fn validate_external_sender(
        &self,
        signing_identity: &SigningIdentity,
        _timestamp: Option<MlsTime>,
        _extensions: Option<&ExtensionList>,
    ) -> Result<(), NotBasic> {
        basic(signing_identity).map(|_| ())
    }

    fn identity(
        &self,
        signing_identity: &SigningIdentity,
        _extensions: &ExtensionList,
    ) -> Result<Vec<u8>, NotBasic> {
        let credential = basic(signing_identity)?;
        let key = signing_identity.signature_key.as_ref();
        // Length-prefixed, so that no two (credential, key) pairs meet.
        let mut id = (credential.len() as u64).to_be_bytes().to_vec();
        id.extend_from_slice(credential);
        id.extend_from_slice(key);
        Ok(id)
    }

    fn valid_successor(
        &self,
        predecessor: &SigningIdentity,
        successor: &SigningIdentity,
        _extensions: &ExtensionList,
    ) -> Result<bool, NotBasic> {
        Ok(basic(predecessor)? == basic(successor)?)
    }

    fn supported_types(&self) -> Vec<CredentialType> {
        vec![CredentialType::BASIC]
    }
}
