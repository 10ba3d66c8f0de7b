//! The designated-committer client: the protocol's `Read` and *commit
//! pendings* (`docs/protocol.md`), with real MLS groups, for each profile of
//! the model, written once over the MLS library it runs on
//! ([`MlsBackend`]: OpenMLS or mls-rs).
//!
//! The client is fed log entries one at a time ([`Client::read`]) and returns
//! the branches of the protocol's rules it took and the messages it wants
//! appended to the log. Its bookkeeping (`before_me`, `left_seen`,
//! `pending_adds`, `pending_removes`, `failed`) is the model's; its epoch is
//! an MLS group, whose epoch authenticator witnesses which node of the
//! model's commit tree it holds. One operation per file: joining from a
//! Welcome (`welcome.rs`), applying a commit (`apply_commit.rs`), *commit
//! pendings* (`commit_pendings.rs`), commits on its own initiative
//! (`member_commit.rs`), Update proposals (`update.rs`), snapshots
//! (`snapshot.rs`), the stolen copy (`steal.rs`); where the profiles differ
//! is `profile.rs`.

mod apply_commit;
mod commit_pendings;
mod member_commit;
mod profile;
mod snapshot;
mod steal;
mod update;
mod welcome;

use crate::backend::MlsBackend;
use crate::frame::MediaKeys;
use crate::mutant::Mutant;
use crate::openmls::OpenMlsBackend;
use dcverify_protocol::{
    Branch, Checkpoint, Client, ClientView, CreateError, FrameError, FrameKind, MemberCommitError,
    Message, OpenedFrame, Profile, ReadError, ReadOutcome, Rng, RollbackError, Uid, WireEntry,
};
use std::collections::BTreeSet;
use std::time::Instant;

/// Exporter label of the epoch's media secret (see `frame.rs`).
const MEDIA_LABEL: &str = "dcverify media";

/// A pending add: the joiner and the KeyPackage its `Joined` carried.
#[derive(Clone)]
struct PendingAdd<K> {
    uid: Uid,
    key_package: K,
}

/// The model's per-user fields that are not the MLS group itself.
#[derive(Clone)]
struct Bookkeeping<K> {
    before_me: BTreeSet<Uid>,
    left_seen: BTreeSet<Uid>,
    pending_adds: Vec<PendingAdd<K>>,
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

impl<K> Default for Bookkeeping<K> {
    fn default() -> Self {
        Bookkeeping {
            before_me: BTreeSet::new(),
            left_seen: BTreeSet::new(),
            pending_adds: Vec::new(),
            pending_removes: Vec::new(),
            failed: false,
            removed: false,
            pending_updates: BTreeSet::new(),
            update_due: false,
            passive: false,
        }
    }
}

/// One user's client on the MLS library `M`.
pub struct DcClient<M: MlsBackend> {
    uid: Uid,
    profile: Profile,
    seed: u64,
    mls: M,
    book: Bookkeeping<M::KeyPackage>,
    media: MediaKeys,
    mutant: Option<Mutant>,
}

/// The client on OpenMLS.
pub type OpenMlsClient = DcClient<OpenMlsBackend>;

impl<M: MlsBackend> DcClient<M> {
    fn new_identity(uid: Uid, profile: Profile, seed: u64) -> Result<Self, CreateError> {
        Ok(DcClient {
            uid,
            profile,
            seed,
            mls: M::new(uid, seed)?,
            book: Bookkeeping::default(),
            media: MediaKeys::default(),
            mutant: None,
        })
    }

    /// A user that founds its own group at epoch 0 (randomness from a fresh seed).
    pub fn founder(uid: Uid, profile: Profile) -> Result<Self, CreateError> {
        Self::founder_with_seed(uid, profile, Rng::fresh_seed())
    }

    /// A founder whose every random byte comes from `seed`.
    pub fn founder_with_seed(uid: Uid, profile: Profile, seed: u64) -> Result<Self, CreateError> {
        let mut client = Self::new_identity(uid, profile, seed)?;
        client.mls.found(uid).map_err(|cause| CreateError { uid, step: "group".into(), cause })?;
        client.refresh_media(Instant::now());
        Ok(client)
    }

    /// A user with a fresh identity and no group, told nothing of the room.
    pub fn joiner(uid: Uid, profile: Profile) -> Result<Self, CreateError> {
        Self::joiner_in_room(uid, profile, BTreeSet::new())
    }

    /// A joiner told by the delivery service who is in the room (see
    /// `profile.rs` for what each profile makes of it).
    pub fn joiner_in_room(
        uid: Uid,
        profile: Profile,
        room: BTreeSet<Uid>,
    ) -> Result<Self, CreateError> {
        Self::joiner_with_seed(uid, profile, room, Rng::fresh_seed())
    }

    /// A joiner (as [`DcClient::joiner_in_room`]) whose every random byte comes from `seed`.
    pub fn joiner_with_seed(
        uid: Uid,
        profile: Profile,
        room: BTreeSet<Uid>,
        seed: u64,
    ) -> Result<Self, CreateError> {
        let mut client = Self::new_identity(uid, profile, seed)?;
        client.book.before_me = profile::before_me_at_join(profile, room);
        Ok(client)
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
        self.mls.has_group() && self.book.before_me.is_subset(&self.book.left_seen)
    }

    /// The uids of the group's members.
    fn roster(&self) -> BTreeSet<Uid> {
        self.mls.members().into_iter().map(|(_, v)| v).collect()
    }

    /// The MLS library's state, for measuring the client's own cost against
    /// the library calls it makes.
    #[doc(hidden)]
    pub fn mls_mut(&mut self) -> &mut M {
        &mut self.mls
    }

    /// Takes the media secret of the group's current epoch.
    fn refresh_media(&mut self, now: Instant) {
        if let (Some(epoch), Some(secret)) = (self.mls.epoch(), self.mls.export_secret(MEDIA_LABEL))
        {
            self.media.rotate(epoch, secret, now);
        }
    }
}

impl<M: MlsBackend> Client for DcClient<M> {
    fn uid(&self) -> Uid {
        self.uid
    }

    fn key_package(&self) -> Result<Vec<u8>, CreateError> {
        self.mls.key_package(self.uid)
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
                    .mls
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
            WireEntry::Welcome { .. } if self.mls.has_group() => {
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
            WireEntry::Commit { .. } if !self.mls.has_group() => {
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
            has_group: self.mls.has_group(),
            epoch: self.mls.epoch(),
            epoch_authenticator: self.mls.epoch_authenticator(),
            roster: self.roster(),
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
        self.media.seal(self.mls.frame_crypto(), kind, u32::from(self.uid), frame)
    }

    fn open_frame_at(
        &mut self,
        kind: FrameKind,
        sealed: &[u8],
        now: Instant,
    ) -> Result<OpenedFrame, FrameError> {
        self.media.open(self.mls.frame_crypto(), kind, sealed, now)
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
