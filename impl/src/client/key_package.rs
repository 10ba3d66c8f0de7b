//! Reading a `Joined(v)`: the KeyPackage it carries must decode, verify, use
//! the protocol's ciphersuite and be `v`'s own.

use super::OpenMlsClient;
use crate::group_config::CIPHERSUITE;
use crate::identity::uid_of;
use dcverify_protocol::{Cause, KeyPackageError, Uid};
use openmls::prelude::tls_codec::Deserialize as _;
use openmls::prelude::*;

impl OpenMlsClient {
    pub(super) fn decode_key_package(
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
