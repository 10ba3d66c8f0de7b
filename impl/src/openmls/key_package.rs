//! KeyPackages on OpenMLS: a new one for this client, and reading a
//! `Joined(v)`'s, which must decode, verify, use the protocol's
//! ciphersuite and be `v`'s own.

use super::OpenMlsBackend;
use crate::group_config::{fixed_lifetime, CIPHERSUITE};
use crate::identity::uid_of;
use dcverify_protocol::{Cause, CreateError, KeyPackageError, Uid};
use openmls::prelude::tls_codec::Deserialize as _;
use openmls::prelude::*;

impl OpenMlsBackend {
    pub(super) fn new_key_package(&self, uid: Uid) -> Result<Vec<u8>, CreateError> {
        let fail = |step: &'static str, cause| CreateError { uid, step: step.into(), cause };
        // A lifetime fixed rather than read off the clock: the same seed
        // then gives the same KeyPackage bytes.
        let bundle = KeyPackage::builder()
            .key_package_lifetime(fixed_lifetime())
            .build(CIPHERSUITE, &self.provider, &self.signer, self.credential.clone())
            .map_err(|e| fail("KeyPackage", Cause::new(e)))?;
        MlsMessageOut::from(bundle.key_package().clone())
            .to_bytes()
            .map_err(|e| fail("encoding the KeyPackage", Cause::new(e)))
    }

    pub(super) fn read_key_package(
        &self,
        uid: Uid,
        bytes: &[u8],
    ) -> Result<KeyPackage, KeyPackageError> {
        let message = MlsMessageIn::tls_deserialize_exact(bytes)
            .map_err(|e| KeyPackageError::Malformed(Cause::new(e)))?;
        let MlsMessageBodyIn::KeyPackage(kp_in) = message.extract() else {
            return Err(KeyPackageError::NotAKeyPackage);
        };
        let kp = kp_in
            .validate(self.provider.crypto(), ProtocolVersion::Mls10)
            .map_err(|e| KeyPackageError::Invalid(Cause::new(e)))?;
        if kp.ciphersuite() != CIPHERSUITE {
            return Err(KeyPackageError::Ciphersuite { found: format!("{:?}", kp.ciphersuite()) });
        }
        match uid_of(kp.leaf_node().credential()) {
            Some(found) if found == uid => Ok(kp),
            found => Err(KeyPackageError::Identity { found }),
        }
    }
}
