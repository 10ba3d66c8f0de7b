//! The client's MLS library as mls-rs 0.57 with its RustCrypto provider
//! ([`MlsBackend`]), ciphersuite 1 like OpenMLS: a signature key, its own
//! KeyPackage store, and at most one group. One operation per file:
//! KeyPackages (`key_package.rs`), Welcomes (`welcome.rs`), commits
//! (`commit.rs`), Update proposals (`proposal.rs`), the rules every member
//! applies (`rules.rs`).
//!
//! mls-rs draws its randomness from the operating system, so only the
//! signature key comes from the client's seed: a seeded replay makes the
//! same safety numbers with OpenMLS only (`docs/implementations.md`).

mod commit;
mod identity;
mod key_package;
mod proposal;
mod rules;
mod welcome;

use crate::backend::{CommitRead, Joined, MlsBackend, ProposalRead, StepFailure};
use crate::identity::{identity, uid_of_identity};
use dcverify_protocol::{
    Cause, CommitError, CreateError, KeyPackageError, Message, ProposalError, Uid, WelcomeError,
};
use mls_rs::client_builder::{
    BaseConfig, IntoConfigOutput, WithCryptoProvider, WithIdentityProvider, WithKeyPackageRepo,
    WithMlsRules,
};
use mls_rs::crypto::{SignaturePublicKey, SignatureSecretKey};
use mls_rs::identity::basic::BasicCredential;
use mls_rs::identity::SigningIdentity;
use mls_rs::storage_provider::in_memory::InMemoryKeyPackageStorage;
use mls_rs::storage_provider::KeyPackageData;
use mls_rs::{CipherSuite, Client, Group, MlsMessage};
use mls_rs_crypto_rustcrypto::RustCryptoProvider;
use rand_core::{RngCore, SeedableRng};
use std::collections::BTreeSet;

pub use rules::DcRules;

/// Ciphersuite 1, `MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519`.
pub const CIPHER_SUITE: CipherSuite = CipherSuite::CURVE25519_AES128;

type Builder = WithMlsRules<
    DcRules,
    WithIdentityProvider<
        identity::LeafIdentity,
        WithCryptoProvider<
            RustCryptoProvider,
            WithKeyPackageRepo<InMemoryKeyPackageStorage, BaseConfig>,
        >,
    >,
>;
/// The configuration of every client.
pub type MlsRsConfig = IntoConfigOutput<Builder>;

/// One client's mls-rs state.
pub struct MlsRsBackend {
    client: Client<MlsRsConfig>,
    key_packages: InMemoryKeyPackageStorage,
    signer: SignatureSecretKey,
    signing_identity: SigningIdentity,
    rules: DcRules,
    group: Option<Group<MlsRsConfig>>,
    /// Seals media frames (`frame.rs`): the AEAD and HKDF of ciphersuite 1.
    frames: openmls_rust_crypto::RustCrypto,
}

/// The whole state: the signature key, a copy of the KeyPackage store (the
/// private keys of every KeyPackage made) and the group (an mls-rs group is
/// a complete copy of its state: the suite never writes groups to storage).
#[derive(Clone)]
pub struct MlsRsState {
    signer: SignatureSecretKey,
    signing_identity: SigningIdentity,
    key_packages: Vec<(Vec<u8>, KeyPackageData)>,
    group: Option<Group<MlsRsConfig>>,
}

fn client(
    key_packages: InMemoryKeyPackageStorage,
    rules: DcRules,
    signer: SignatureSecretKey,
    signing_identity: SigningIdentity,
) -> Client<MlsRsConfig> {
    Client::builder()
        .key_package_repo(key_packages)
        .crypto_provider(RustCryptoProvider::new())
        .identity_provider(identity::LeafIdentity)
        .mls_rules(rules)
        .signing_identity(signing_identity, signer, CIPHER_SUITE)
        .build()
}

/// The room's group id, as the OpenMLS client names it.
fn group_id(founder: Uid) -> Vec<u8> {
    crate::group_config::group_id(founder).as_slice().to_vec()
}

fn failed<E: std::error::Error + Send + Sync + 'static>(
    step: &'static str,
) -> impl FnOnce(E) -> StepFailure {
    move |e| (step, Cause::new(e))
}

impl MlsRsBackend {
    fn group_mut(&mut self) -> Result<&mut Group<MlsRsConfig>, StepFailure> {
        self.group.as_mut().ok_or(("group", Cause::from_text("no group".into())))
    }

    /// The uid of the member at `leaf`.
    fn uid_at(group: &Group<MlsRsConfig>, leaf: u32) -> Option<Uid> {
        group
            .roster()
            .members()
            .into_iter()
            .find(|m| m.index == leaf)
            .and_then(|m| m.signing_identity.credential.as_basic().map(|b| b.identifier().to_vec()))
            .and_then(|id| uid_of_identity(&id))
    }
}

impl MlsBackend for MlsRsBackend {
    type KeyPackage = MlsMessage;
    type State = MlsRsState;
    const NAME: &'static str = "mls-rs";

    fn new(uid: Uid, seed: u64) -> Result<Self, CreateError> {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let mut secret = [0u8; 32];
        rng.fill_bytes(&mut secret);
        let key = ed25519_dalek::SigningKey::from_bytes(&secret);
        let signer = SignatureSecretKey::new(key.to_keypair_bytes().to_vec());
        let public = SignaturePublicKey::new(key.verifying_key().to_bytes().to_vec());
        let credential = BasicCredential::new(identity(uid)).into_credential();
        let signing_identity = SigningIdentity::new(credential, public);
        let key_packages = InMemoryKeyPackageStorage::new();
        let rules = DcRules::default();
        Ok(MlsRsBackend {
            client: client(
                key_packages.clone(),
                rules.clone(),
                signer.clone(),
                signing_identity.clone(),
            ),
            key_packages,
            signer,
            signing_identity,
            rules,
            group: None,
            frames: openmls_rust_crypto::RustCrypto::default(),
        })
    }

    fn found(&mut self, founder: Uid) -> Result<(), Cause> {
        let group = self
            .client
            .create_group_with_id(group_id(founder), Default::default(), Default::default(), None)
            .map_err(Cause::new)?;
        self.group = Some(group);
        Ok(())
    }

    fn has_group(&self) -> bool {
        self.group.is_some()
    }

    fn key_package(&self, uid: Uid) -> Result<Vec<u8>, CreateError> {
        self.new_key_package(uid)
    }

    fn decode_key_package(&self, uid: Uid, bytes: &[u8]) -> Result<MlsMessage, KeyPackageError> {
        key_package::read(uid, bytes)
    }

    fn join(&mut self, welcome: &[u8], ratchet_tree: &[u8]) -> Result<Joined, WelcomeError> {
        self.join_from_welcome(welcome, ratchet_tree)
    }

    fn epoch(&self) -> Option<u64> {
        self.group.as_ref().map(|g| g.current_epoch())
    }

    fn epoch_authenticator(&self) -> Option<Vec<u8>> {
        self.group.as_ref().and_then(|g| g.epoch_authenticator().ok()).map(|s| s.to_vec())
    }

    fn members(&self) -> Vec<(u32, Uid)> {
        let Some(group) = &self.group else { return Vec::new() };
        group
            .roster()
            .members()
            .into_iter()
            .filter_map(|m| {
                let basic = m.signing_identity.credential.as_basic()?;
                uid_of_identity(basic.identifier()).map(|v| (m.index, v))
            })
            .collect()
    }

    fn export_secret(&self, label: &str) -> Option<Vec<u8>> {
        let group = self.group.as_ref()?;
        group.export_secret(label.as_bytes(), &[], 32).ok().map(|s| s.to_vec())
    }

    fn add(
        &mut self,
        from: Uid,
        to: Uid,
        key_package: &MlsMessage,
    ) -> Result<[Message; 2], StepFailure> {
        self.add_and_merge(from, to, key_package)
    }

    fn remove(&mut self, from: Uid, leaves: &[u32]) -> Result<Message, StepFailure> {
        self.remove_and_merge(from, leaves)
    }

    fn read_commit(&mut self, bytes: &[u8]) -> Result<CommitRead, CommitError> {
        self.process_commit(bytes)
    }

    fn proposal_epoch(&self, bytes: &[u8]) -> Result<u64, ProposalError> {
        proposal::epoch_of(bytes)
    }

    fn store_proposal(&mut self, bytes: &[u8]) -> Result<ProposalRead, ProposalError> {
        self.process_proposal(bytes)
    }

    fn propose_update(&mut self, from: Uid) -> Result<Message, ProposalError> {
        self.own_update(from)
    }

    fn commit_updates(&mut self, from: Uid, keep: &BTreeSet<Uid>) -> Result<Message, StepFailure> {
        self.commit_kept_updates(from, keep)
    }

    fn state(&self) -> MlsRsState {
        MlsRsState {
            signer: self.signer.clone(),
            signing_identity: self.signing_identity.clone(),
            key_packages: self.key_packages.key_packages(),
            group: self.group.clone(),
        }
    }

    fn restore(&mut self, state: &MlsRsState) {
        // A store of its own, so that KeyPackages made later by the client
        // the state came from stay its own.
        let key_packages = InMemoryKeyPackageStorage::new();
        for (id, data) in &state.key_packages {
            key_packages.insert(id.clone(), data.clone());
        }
        self.signer = state.signer.clone();
        self.signing_identity = state.signing_identity.clone();
        self.client = client(
            key_packages.clone(),
            self.rules.clone(),
            self.signer.clone(),
            self.signing_identity.clone(),
        );
        self.key_packages = key_packages;
        self.group = state.group.clone();
    }

    fn frame_crypto(&self) -> &impl openmls_traits::crypto::OpenMlsCrypto {
        &self.frames
    }
}
