//! The client's MLS library as OpenMLS 0.9 ([`MlsBackend`]): a seeded
//! provider (`seeded.rs`: every random byte from the client's seed), a
//! signature key, and at most one group. One operation per file: KeyPackages
//! (`key_package.rs`), Welcomes (`welcome.rs`), commits (`commit.rs`),
//! Update proposals (`proposal.rs`).

mod commit;
mod key_package;
mod proposal;
mod welcome;

use crate::backend::MlsBackend;
use crate::group_config::{create_config, group_id, CIPHERSUITE};
use crate::identity::{identity, uid_of};
use crate::seeded::SeededProvider;
use dcverify_protocol::{Cause, CreateError, Uid};
use openmls::prelude::*;
use openmls_basic_credential::SignatureKeyPair;
use std::collections::HashMap;

/// One client's OpenMLS state.
pub struct OpenMlsBackend {
    provider: SeededProvider,
    signer: SignatureKeyPair,
    credential: CredentialWithKey,
    group: Option<MlsGroup>,
}

/// The provider's storage, key by key, with the signature key and the group
/// it holds (a client made afresh becomes a copy that signs as this one).
#[derive(Clone)]
pub struct OpenMlsState {
    storage: HashMap<Vec<u8>, Vec<u8>>,
    signer: SignatureKeyPair,
    credential: CredentialWithKey,
    group: Option<GroupId>,
}

impl OpenMlsBackend {
    /// The raw OpenMLS group and provider, for measuring the client's own
    /// cost against the OpenMLS calls it makes.
    #[doc(hidden)]
    pub fn raw_parts(&mut self) -> (Option<&mut MlsGroup>, &SeededProvider, &SignatureKeyPair) {
        (self.group.as_mut(), &self.provider, &self.signer)
    }

    fn storage(&self) -> HashMap<Vec<u8>, Vec<u8>> {
        self.provider.storage().values.read().map(|v| v.clone()).unwrap_or_default()
    }

    /// Replaces storage and loads the group `id` (if any) from it.
    fn load(&mut self, storage: HashMap<Vec<u8>, Vec<u8>>, id: Option<&GroupId>) {
        if let Ok(mut values) = self.provider.storage().values.write() {
            *values = storage;
        }
        self.group = id.and_then(|id| MlsGroup::load(self.provider.storage(), id).ok().flatten());
    }
}

impl MlsBackend for OpenMlsBackend {
    type KeyPackage = KeyPackage;
    type State = OpenMlsState;
    const NAME: &'static str = "openmls";

    fn new(uid: Uid, seed: u64) -> Result<Self, CreateError> {
        let provider = SeededProvider::new(seed);
        let signer =
            provider.signature_key_pair(CIPHERSUITE.signature_algorithm()).map_err(|e| {
                CreateError { uid, step: "signature key".into(), cause: Cause::from_debug(&e) }
            })?;
        let credential = CredentialWithKey {
            credential: BasicCredential::new(identity(uid)).into(),
            signature_key: signer.public().into(),
        };
        Ok(OpenMlsBackend { provider, signer, credential, group: None })
    }

    fn found(&mut self, founder: Uid) -> Result<(), Cause> {
        let group = MlsGroup::new_with_group_id(
            &self.provider,
            &self.signer,
            &create_config(),
            group_id(founder),
            self.credential.clone(),
        )
        .map_err(Cause::new)?;
        self.group = Some(group);
        Ok(())
    }

    fn has_group(&self) -> bool {
        self.group.is_some()
    }

    fn epoch(&self) -> Option<u64> {
        self.group.as_ref().map(|g| g.epoch().as_u64())
    }

    fn epoch_authenticator(&self) -> Option<Vec<u8>> {
        self.group.as_ref().map(|g| g.epoch_authenticator().as_slice().to_vec())
    }

    fn members(&self) -> Vec<(u32, Uid)> {
        let Some(group) = &self.group else { return Vec::new() };
        group.members().filter_map(|m| uid_of(&m.credential).map(|v| (m.index.u32(), v))).collect()
    }

    fn export_secret(&self, label: &str) -> Option<Vec<u8>> {
        let group = self.group.as_ref()?;
        group.export_secret(self.provider.crypto(), label, &[], 32).ok()
    }

    fn state(&self) -> OpenMlsState {
        OpenMlsState {
            storage: self.storage(),
            signer: self.signer.clone(),
            credential: self.credential.clone(),
            group: self.group.as_ref().map(|g| g.group_id().clone()),
        }
    }

    fn restore(&mut self, state: &OpenMlsState) {
        self.load(state.storage.clone(), state.group.as_ref());
        self.signer = state.signer.clone();
        self.credential = state.credential.clone();
    }

    fn frame_crypto(&self) -> &impl openmls_traits::crypto::OpenMlsCrypto {
        self.provider.crypto()
    }

    fn key_package(&self, uid: Uid) -> Result<Vec<u8>, CreateError> {
        self.new_key_package(uid)
    }

    fn decode_key_package(
        &self,
        uid: Uid,
        bytes: &[u8],
    ) -> Result<KeyPackage, dcverify_protocol::KeyPackageError> {
        self.read_key_package(uid, bytes)
    }

    fn join(
        &mut self,
        welcome: &[u8],
        ratchet_tree: &[u8],
    ) -> Result<crate::backend::Joined, dcverify_protocol::WelcomeError> {
        self.join_from_welcome(welcome, ratchet_tree)
    }

    fn add(
        &mut self,
        from: Uid,
        to: Uid,
        key_package: &KeyPackage,
    ) -> Result<[dcverify_protocol::Message; 2], crate::backend::StepFailure> {
        self.add_and_merge(from, to, key_package)
    }

    fn remove(
        &mut self,
        from: Uid,
        leaves: &[u32],
    ) -> Result<dcverify_protocol::Message, crate::backend::StepFailure> {
        self.remove_and_merge(from, leaves)
    }

    fn read_commit(
        &mut self,
        bytes: &[u8],
    ) -> Result<crate::backend::CommitRead, dcverify_protocol::CommitError> {
        self.process_commit(bytes)
    }

    fn proposal_epoch(&self, bytes: &[u8]) -> Result<u64, dcverify_protocol::ProposalError> {
        proposal::epoch_of(bytes)
    }

    fn store_proposal(
        &mut self,
        bytes: &[u8],
    ) -> Result<crate::backend::ProposalRead, dcverify_protocol::ProposalError> {
        self.process_proposal(bytes)
    }

    fn propose_update(
        &mut self,
        from: Uid,
    ) -> Result<dcverify_protocol::Message, dcverify_protocol::ProposalError> {
        self.own_update(from)
    }

    fn commit_updates(
        &mut self,
        from: Uid,
        keep: &std::collections::BTreeSet<Uid>,
    ) -> Result<dcverify_protocol::Message, crate::backend::StepFailure> {
        self.commit_kept_updates(from, keep)
    }
}
