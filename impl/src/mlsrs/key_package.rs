//! KeyPackages on mls-rs: a new one for this client, and reading a
//! `Joined(v)`'s, which must decode, verify, use ciphersuite 1 and be `v`'s.

use super::{identity, MlsRsBackend, CIPHER_SUITE};
use crate::identity::uid_of_identity;
use dcverify_protocol::{Cause, CreateError, KeyPackageError, Uid};
use mls_rs::external_client::ExternalClient;
use mls_rs::{MlsMessage, WireFormat};
use mls_rs_crypto_rustcrypto::RustCryptoProvider;

impl MlsRsBackend {
    pub(super) fn new_key_package(&self, uid: Uid) -> Result<Vec<u8>, CreateError> {
        let fail = |step: &'static str, cause| CreateError { uid, step: step.into(), cause };
        self.client
            .generate_key_package_message(Default::default(), Default::default(), None)
            .map_err(|e| fail("KeyPackage", Cause::new(e)))?
            .to_bytes()
            .map_err(|e| fail("encoding the KeyPackage", Cause::new(e)))
    }
}

pub(super) fn read(uid: Uid, bytes: &[u8]) -> Result<MlsMessage, KeyPackageError> {
    let message =
        MlsMessage::from_bytes(bytes).map_err(|e| KeyPackageError::Malformed(Cause::new(e)))?;
    if message.wire_format() != WireFormat::KeyPackage {
        return Err(KeyPackageError::NotAKeyPackage);
    }
    let checker = ExternalClient::builder()
        .crypto_provider(RustCryptoProvider::new())
        .identity_provider(identity::LeafIdentity)
        .build();
    let kp = checker
        .validate_key_package(message.clone(), None)
        .map_err(|e| KeyPackageError::Invalid(Cause::new(e)))?;
    if kp.cipher_suite() != CIPHER_SUITE {
        return Err(KeyPackageError::Ciphersuite { found: format!("{:?}", kp.cipher_suite()) });
    }
    let found =
        kp.signing_identity().credential.as_basic().and_then(|b| uid_of_identity(b.identifier()));
    match found {
        Some(found) if found == uid => Ok(message),
        found => Err(KeyPackageError::Identity { found }),
    }
}
