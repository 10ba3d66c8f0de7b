//! The designated-committer client on OpenMLS: the protocol's `Read` and
//! *commit pendings* (`docs/protocol.md`), with real MLS groups, for each
//! profile of the model.
//!
//! The client is fed log entries one at a time ([`Client::read`]) and returns
//! the branches of the protocol's rules it took and the messages it wants
//! appended to the log. Its bookkeeping (`before_me`, `left_seen`,
//! `pending_adds`, `pending_removes`, `failed`) is the model's; its epoch is
//! an OpenMLS group, whose epoch authenticator witnesses which node of the
//! model's commit tree it holds. One operation per file: reading a `Joined`'s
//! KeyPackage (`key_package.rs`), joining from a Welcome (`welcome.rs`),
//! applying a commit (`apply_commit.rs`), *commit pendings*
//! (`commit_pendings.rs`), storage snapshots (`snapshot.rs`); where the
//! profiles differ is `profile.rs`.

mod add_commit;
mod apply_commit;
mod commit_pendings;
mod key_package;
mod member_commit;
mod profile;
mod snapshot;
mod steal;
mod update;
mod welcome;

use crate::frame::MediaKeys;
use crate::group_config::{create_config, fixed_lifetime, group_id, roster_of, CIPHERSUITE};
use crate::identity::identity;
use crate::mutant::Mutant;
use crate::seeded::SeededProvider;
use dcverify_protocol::{
    Branch, Cause, Checkpoint, Client, ClientView, CreateError, FrameError, FrameKind,
    MemberCommitError, Message, OpenedFrame, Profile, ReadError, ReadOutcome, Rng, RollbackError,
    Uid, WireEntry,
};
use openmls::prelude::*;
use openmls_basic_credential::SignatureKeyPair;
use std::collections::BTreeSet;
use std::time::Instant;

/// Exporter label of the epoch's media secret (see `frame.rs`).
const MEDIA_LABEL: &str = "dcverify media";

/// A pending add: the joiner and the KeyPackage its `Joined` carried.
#[derive(Clone)]
struct PendingAdd {
    uid: Uid,
    key_package: KeyPackage,
}

/// The model's per-user fields that are not the MLS group itself.
#[derive(Clone, Default)]
struct Bookkeeping {
    before_me: BTreeSet<Uid>,
    left_seen: BTreeSet<Uid>,
    pending_adds: Vec<PendingAdd>,
    pending_removes: Vec<Uid>,
    failed: bool,
    /// A commit removed it while it was present.
    removed: bool,
    /// `healing`: whose Update proposals for its epoch it counts as pending.
    pending_updates: BTreeSet<Uid>,
    /// `healing`: it is due to refresh its leaf.
    update_due: bool,
    /// The attacker's stolen copy: it applies Welcomes and commits, and
    /// never commits or proposes.
    passive: bool,
}

/// One user's client.
pub struct OpenMlsClient {
    uid: Uid,
    profile: Profile,
    /// Every random byte of this client comes from its seed (`seeded.rs`).
    provider: SeededProvider,
    seed: u64,
    signer: SignatureKeyPair,
    credential: CredentialWithKey,
    group: Option<MlsGroup>,
    book: Bookkeeping,
    media: MediaKeys,
    mutant: Option<Mutant>,
}

impl OpenMlsClient {
    fn new_identity(uid: Uid, profile: Profile, seed: u64) -> Result<OpenMlsClient, CreateError> {
        let provider = SeededProvider::new(seed);
        let signer =
            provider.signature_key_pair(CIPHERSUITE.signature_algorithm()).map_err(|e| {
                CreateError { uid, step: "signature key".into(), cause: Cause::from_debug(&e) }
            })?;
        let credential = CredentialWithKey {
            credential: BasicCredential::new(identity(uid)).into(),
            signature_key: signer.public().into(),
        };
        Ok(OpenMlsClient {
            uid,
            profile,
            provider,
            seed,
            signer,
            credential,
            group: None,
            book: Bookkeeping::default(),
            media: MediaKeys::default(),
            mutant: None,
        })
    }

    /// A user that founds its own group at epoch 0 (randomness from a fresh seed).
    pub fn founder(uid: Uid, profile: Profile) -> Result<OpenMlsClient, CreateError> {
        OpenMlsClient::founder_with_seed(uid, profile, Rng::fresh_seed())
    }

    /// A founder whose every random byte comes from `seed`.
    pub fn founder_with_seed(
        uid: Uid,
        profile: Profile,
        seed: u64,
    ) -> Result<OpenMlsClient, CreateError> {
        let mut client = OpenMlsClient::new_identity(uid, profile, seed)?;
        let group = client.new_group().map_err(|e| CreateError {
            uid,
            step: "group".into(),
            cause: Cause::new(e),
        })?;
        client.group = Some(group);
        client.refresh_media(Instant::now());
        Ok(client)
    }

    /// A user with a fresh identity and no group, told nothing of the room.
    pub fn joiner(uid: Uid, profile: Profile) -> Result<OpenMlsClient, CreateError> {
        OpenMlsClient::joiner_in_room(uid, profile, BTreeSet::new())
    }

    /// A joiner told by the delivery service who is in the room (see
    /// `profile.rs` for what each profile makes of it).
    pub fn joiner_in_room(
        uid: Uid,
        profile: Profile,
        room: BTreeSet<Uid>,
    ) -> Result<OpenMlsClient, CreateError> {
        OpenMlsClient::joiner_with_seed(uid, profile, room, Rng::fresh_seed())
    }

    /// A joiner (as [`OpenMlsClient::joiner_in_room`]) whose every random byte comes from `seed`.
    pub fn joiner_with_seed(
        uid: Uid,
        profile: Profile,
        room: BTreeSet<Uid>,
        seed: u64,
    ) -> Result<OpenMlsClient, CreateError> {
        let mut client = OpenMlsClient::new_identity(uid, profile, seed)?;
        client.book.before_me = profile::before_me_at_join(profile, room);
        Ok(client)
    }

    /// A new MLS group founded by this client, at epoch 0.
    fn new_group(
        &self,
    ) -> Result<MlsGroup, NewGroupError<openmls_rust_crypto::MemoryStorageError>> {
        MlsGroup::new_with_group_id(
            &self.provider,
            &self.signer,
            &create_config(),
            group_id(self.uid),
            self.credential.clone(),
        )
    }

    /// Makes this client wrong on purpose (see [`Mutant`]).
    pub fn set_mutant(&mut self, mutant: Option<Mutant>) {
        self.mutant = mutant;
    }

    /// The seed of this client's randomness (reproduces its keys and messages).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// It has a group and everyone who was there before it has left.
    pub fn believes_dc(&self) -> bool {
        self.group.is_some() && self.book.before_me.is_subset(&self.book.left_seen)
    }

    /// The raw OpenMLS group and provider, for measuring the client's own
    /// cost against the OpenMLS calls it makes.
    #[doc(hidden)]
    pub fn raw_parts(&mut self) -> (Option<&mut MlsGroup>, &SeededProvider, &SignatureKeyPair) {
        (self.group.as_mut(), &self.provider, &self.signer)
    }

    /// Takes the media secret of the group's current epoch.
    fn refresh_media(&mut self, now: Instant) {
        let Some(group) = &self.group else { return };
        if let Ok(secret) = group.export_secret(self.provider.crypto(), MEDIA_LABEL, &[], 32) {
            self.media.rotate(group.epoch().as_u64(), secret, now);
        }
    }
}

impl Client for OpenMlsClient {
    fn uid(&self) -> Uid {
        self.uid
    }

    fn key_package(&self) -> Result<Vec<u8>, CreateError> {
        let fail =
            |step: &'static str, cause| CreateError { uid: self.uid, step: step.into(), cause };
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

    fn read_at(&mut self, entry: &WireEntry, now: Instant) -> Result<ReadOutcome, ReadError> {
        if self.book.failed || self.book.removed {
            return Err(ReadError::ClientFailed);
        }
        match entry {
            // Its own Joined, which it never reads in the protocol: nothing to record.
            WireEntry::Joined { uid, .. } if *uid == self.uid => {
                Ok(ReadOutcome::only(Branch::ReadJoined))
            }
            WireEntry::Joined { uid, key_package } => {
                let key_package = self
                    .decode_key_package(*uid, key_package)
                    .map_err(|error| ReadError::Joined { uid: *uid, error })?;
                let uid = *uid;
                self.record_then_commit(Branch::ReadJoined, now, |c| {
                    c.book.pending_adds.push(PendingAdd { uid, key_package })
                })
            }
            // Only a hostile server announces a present user's leave to itself.
            WireEntry::Left { uid } if *uid == self.uid => {
                self.on_left_self();
                Ok(ReadOutcome::only(Branch::ReadLeftSelf))
            }
            WireEntry::Left { uid } => {
                let uid = *uid;
                self.record_then_commit(Branch::ReadLeft, now, |c| {
                    if c.records_leave(uid) {
                        c.book.pending_removes.push(uid);
                    }
                    c.book.left_seen.insert(uid);
                    // A leaver's Update proposal is not worth a commit.
                    c.book.pending_updates.remove(&uid);
                })
            }
            WireEntry::Welcome { to, .. } if *to != self.uid => {
                Ok(ReadOutcome::only(Branch::ReadWelcomeOther))
            }
            // Its KeyPackage was consumed by the first Welcome: nothing to join with.
            WireEntry::Welcome { .. } if self.group.is_some() => {
                Ok(ReadOutcome::only(Branch::ReadWelcomeSecond))
            }
            WireEntry::Welcome { from, welcome, ratchet_tree, .. } => self
                .join(welcome, ratchet_tree, now)
                .map(ReadOutcome::only)
                .map_err(|error| ReadError::Welcome { from: *from, error }),
            // Rule 1: its own commit, merged when it was made.
            WireEntry::Commit { from, .. } if *from == self.uid => {
                Ok(ReadOutcome::only(Branch::CommitOwn))
            }
            // Rule 2: no group to apply it to.
            WireEntry::Commit { .. } if self.group.is_none() => {
                Ok(ReadOutcome::only(Branch::CommitNoGroup))
            }
            WireEntry::Commit { from, commit } => self.read_commit(*from, commit, now),
            // It waits for the DC's next membership commit.
            WireEntry::Proposal { from, proposal } => self
                .read_proposal(*from, proposal)
                .map(ReadOutcome::only)
                .map_err(|error| ReadError::Proposal { from: *from, error }),
        }
    }

    fn view(&self) -> ClientView {
        ClientView {
            uid: self.uid,
            has_group: self.group.is_some(),
            epoch: self.group.as_ref().map(|g| g.epoch().as_u64()),
            epoch_authenticator: self
                .group
                .as_ref()
                .map(|g| g.epoch_authenticator().as_slice().to_vec()),
            roster: self.group.as_ref().map(roster_of).unwrap_or_default(),
            before_me: self.book.before_me.clone(),
            left_seen: self.book.left_seen.clone(),
            pending_adds: self.book.pending_adds.iter().map(|p| p.uid).collect(),
            pending_removes: self.book.pending_removes.clone(),
            believes_dc: self.believes_dc(),
            failed: self.book.failed,
            removed: self.book.removed,
            pending_updates: self.book.pending_updates.clone(),
            update_due: self.book.update_due,
        }
    }

    fn seal_frame(&mut self, kind: FrameKind, frame: &[u8]) -> Result<Vec<u8>, FrameError> {
        self.media.seal(self.provider.crypto(), kind, u32::from(self.uid), frame)
    }

    fn open_frame_at(
        &mut self,
        kind: FrameKind,
        sealed: &[u8],
        now: Instant,
    ) -> Result<OpenedFrame, FrameError> {
        self.media.open(self.provider.crypto(), kind, sealed, now)
    }

    fn checkpoint(&self) -> Checkpoint {
        Checkpoint::new(self.uid, self.snapshot_whole())
    }

    fn commit_remove(&mut self, uid: Uid) -> Result<Vec<Message>, MemberCommitError> {
        let commit = self.remove_member(uid)?;
        self.refresh_media(Instant::now());
        Ok(commit)
    }

    fn commit_add(
        &mut self,
        uid: Uid,
        key_package: &[u8],
    ) -> Result<Vec<Message>, MemberCommitError> {
        let messages = self.add_member(uid, key_package)?;
        self.refresh_media(Instant::now());
        Ok(messages)
    }

    fn steal(&self) -> Result<Box<dyn Client>, CreateError> {
        self.stolen_copy()
    }

    fn rollback(&mut self, checkpoint: &Checkpoint) -> Result<(), RollbackError> {
        if checkpoint.uid != self.uid {
            return Err(RollbackError::OtherUser { taken_by: checkpoint.uid, uid: self.uid });
        }
        let snapshot = checkpoint.state().ok_or(RollbackError::OtherImplementation)?;
        self.restore_whole(snapshot);
        Ok(())
    }
}
