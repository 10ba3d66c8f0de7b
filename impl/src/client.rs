//! The designated-committer client on OpenMLS: PROTOCOL.md's `Read` and
//! *commit pendings*, with real MLS groups, for each profile of the model.
//!
//! The client is fed log entries one at a time ([`Client::read`]) and returns
//! the messages it wants appended to the log, in order. Its bookkeeping
//! (`before_me`, `left_seen`, `pending_adds`, `pending_removes`, `failed`) is
//! the model's; its epoch is an OpenMLS group, whose epoch authenticator
//! witnesses which node of the model's commit tree it holds.

use crate::error::{CreateError, FrameError, ReadError};
use crate::frame::{FrameKind, MediaKeys, OpenedFrame};
use crate::identity::{identity, uid_of};
use crate::view::ClientView;
use crate::wire::{Message, WireEntry};
use dcverify_model::{Profile, Uid};
use openmls::prelude::tls_codec::{Deserialize as _, Serialize as _};
use openmls::prelude::*;
use openmls_basic_credential::SignatureKeyPair;
use openmls_rust_crypto::OpenMlsRustCrypto;
use std::collections::BTreeSet;
use std::collections::HashMap;
use std::time::Instant;

/// The ciphersuite of PROTOCOL.md.
pub const CIPHERSUITE: Ciphersuite = Ciphersuite::MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

/// Exporter label of the epoch's media secret (see `frame.rs`).
const MEDIA_LABEL: &str = "dcverify media";

/// What reading one entry did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `Joined(v)` or `Left(v)` recorded in the pending lists.
    Recorded,
    /// Recorded, and (profile `fixed`) the client outlived everyone before it and founded a group.
    Refounded,
    /// This client's own `Joined`, which it never reads in the protocol.
    OwnJoined,
    /// A Welcome brought the client into the group at this epoch.
    JoinedGroup { epoch: u64 },
    /// A commit was applied (rule 3); the group is now at this epoch.
    Applied { epoch: u64 },
    /// The entry has no effect on this client, and why.
    Ignored(Ignored),
    /// A fork commit (rule 5) made the client fail (profile `orange`).
    Failed { detail: String },
}

/// Why an entry had no effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ignored {
    /// A Welcome for someone else.
    OtherWelcome,
    /// A second Welcome for a user that already has a group.
    SecondWelcome,
    /// Rule 1: its own commit, merged when it was made.
    OwnCommit,
    /// Rule 2: no group to apply a commit to.
    NoGroup,
    /// Rule 4: the commit's parent epoch number is not the client's.
    WrongEpoch { commit: u64, mine: u64 },
}

/// The effect of a read and the messages the client wants sent, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOutcome {
    pub effect: Effect,
    pub outgoing: Vec<Message>,
}

/// A deliberate bug, for showing that conformance catches a wrong
/// implementation. Never set outside tests.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutant {
    /// *Commit pendings* forgets the first pending remove.
    SkipOnePendingRemove,
}

/// A pending add: the joiner and the KeyPackage its `Joined` carried.
#[derive(Clone)]
struct PendingAdd {
    uid: Uid,
    key_package: KeyPackage,
}

/// One user's client.
pub struct Client {
    uid: Uid,
    profile: Profile,
    provider: OpenMlsRustCrypto,
    signer: SignatureKeyPair,
    credential: CredentialWithKey,
    group: Option<MlsGroup>,
    book: Bookkeeping,
    media: MediaKeys,
    mutant: Option<Mutant>,
}

/// The model's per-user fields that are not the MLS group itself.
#[derive(Clone, Default)]
struct Bookkeeping {
    before_me: BTreeSet<Uid>,
    left_seen: BTreeSet<Uid>,
    pending_adds: Vec<PendingAdd>,
    pending_removes: Vec<Uid>,
    failed: bool,
}

fn create_config() -> MlsGroupCreateConfig {
    MlsGroupCreateConfig::builder()
        .ciphersuite(CIPHERSUITE)
        .use_ratchet_tree_extension(false)
        .build()
}

fn join_config() -> MlsGroupJoinConfig {
    MlsGroupJoinConfig::builder().use_ratchet_tree_extension(false).build()
}

/// The group id of the group `founder` founds.
fn group_id(founder: Uid) -> GroupId {
    GroupId::from_slice(format!("dcverify-room-founded-by-{founder}").as_bytes())
}

/// The uids of a group's members (members whose credential is not a dcverify user are left out).
fn roster_of(group: &MlsGroup) -> BTreeSet<Uid> {
    group.members().filter_map(|m| uid_of(&m.credential)).collect()
}

type StorageSnapshot = HashMap<Vec<u8>, Vec<u8>>;

/// A client's whole state at one moment (its MLS storage and its
/// bookkeeping), to go back to: for exploring several continuations of one
/// prefix, and for benchmarks that repeat one step.
#[derive(Clone)]
pub struct ClientSnapshot {
    storage: StorageSnapshot,
    group: Option<GroupId>,
    book: Bookkeeping,
    media: MediaKeys,
}

impl Client {
    fn new_identity(uid: Uid, profile: Profile) -> Result<Client, CreateError> {
        let fail = |detail: String| CreateError { uid, detail };
        let provider = OpenMlsRustCrypto::default();
        let signer = SignatureKeyPair::new(CIPHERSUITE.signature_algorithm())
            .map_err(|e| fail(format!("signature key: {e:?}")))?;
        let credential = CredentialWithKey {
            credential: BasicCredential::new(identity(uid)).into(),
            signature_key: signer.public().into(),
        };
        Ok(Client {
            uid,
            profile,
            provider,
            signer,
            credential,
            group: None,
            book: Bookkeeping::default(),
            media: MediaKeys::default(),
            mutant: None,
        })
    }

    /// A user that founds its own group at epoch 0.
    pub fn founder(uid: Uid, profile: Profile) -> Result<Client, CreateError> {
        let mut client = Client::new_identity(uid, profile)?;
        let group = MlsGroup::new_with_group_id(
            &client.provider,
            &client.signer,
            &create_config(),
            group_id(uid),
            client.credential.clone(),
        )
        .map_err(|e| CreateError { uid, detail: format!("creating the group: {e}") })?;
        client.group = Some(group);
        client.refresh_media(Instant::now());
        Ok(client)
    }

    /// A user with a fresh identity and no group; its `Joined` entry carries [`Client::key_package`].
    pub fn joiner(uid: Uid, profile: Profile) -> Result<Client, CreateError> {
        Client::joiner_in_room(uid, profile, BTreeSet::new())
    }

    /// A joiner told by the delivery service who is in the room (`fixed`
    /// waits for them before founding a group of its own; `orange` ignores it).
    pub fn joiner_in_room(
        uid: Uid,
        profile: Profile,
        room: BTreeSet<Uid>,
    ) -> Result<Client, CreateError> {
        let mut client = Client::new_identity(uid, profile)?;
        if profile == Profile::Fixed {
            client.book.before_me = room;
        }
        Ok(client)
    }

    /// A new KeyPackage (an `MLSMessage`) whose private keys stay in this client's storage.
    pub fn key_package(&self) -> Result<Vec<u8>, CreateError> {
        let fail = |detail: String| CreateError { uid: self.uid, detail };
        let bundle = KeyPackage::builder()
            .build(CIPHERSUITE, &self.provider, &self.signer, self.credential.clone())
            .map_err(|e| fail(format!("KeyPackage: {e}")))?;
        MlsMessageOut::from(bundle.key_package().clone())
            .to_bytes()
            .map_err(|e| fail(format!("encoding the KeyPackage: {e}")))
    }

    /// Makes this client wrong on purpose (see [`Mutant`]).
    #[doc(hidden)]
    pub fn set_mutant(&mut self, mutant: Option<Mutant>) {
        self.mutant = mutant;
    }

    pub fn uid(&self) -> Uid {
        self.uid
    }

    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// It has a group and everyone who was there before it has left.
    pub fn believes_dc(&self) -> bool {
        self.group.is_some() && self.book.before_me.is_subset(&self.book.left_seen)
    }

    /// Reads one log entry now; see [`Client::read_at`].
    pub fn read(&mut self, entry: &WireEntry) -> Result<ReadOutcome, ReadError> {
        self.read_at(entry, Instant::now())
    }

    /// `Read`: processes one log entry at time `now` (which starts the
    /// media grace window if the epoch changes). On error the client is unchanged.
    pub fn read_at(&mut self, entry: &WireEntry, now: Instant) -> Result<ReadOutcome, ReadError> {
        if self.book.failed {
            return Err(ReadError::ClientFailed);
        }
        let effect = match entry {
            WireEntry::Joined { uid, .. } if *uid == self.uid => Effect::OwnJoined,
            WireEntry::Joined { uid, key_package } => {
                let key_package = self.decode_key_package(*uid, key_package)?;
                return self.record_then_commit(now, |c| {
                    c.book.pending_adds.push(PendingAdd { uid: *uid, key_package })
                });
            }
            WireEntry::Left { uid } => {
                return self.record_then_commit(now, |c| {
                    if c.records_leave(*uid) {
                        c.book.pending_removes.push(*uid);
                    }
                    c.book.left_seen.insert(*uid);
                })
            }
            WireEntry::Welcome { to, .. } if *to != self.uid => {
                Effect::Ignored(Ignored::OtherWelcome)
            }
            // Its KeyPackage was consumed by the first Welcome: nothing to join with.
            WireEntry::Welcome { .. } if self.group.is_some() => {
                Effect::Ignored(Ignored::SecondWelcome)
            }
            WireEntry::Welcome { from, welcome, ratchet_tree, .. } => {
                self.join(*from, welcome, ratchet_tree, now)?
            }
            WireEntry::Commit { from, .. } if *from == self.uid => {
                Effect::Ignored(Ignored::OwnCommit)
            }
            WireEntry::Commit { .. } if self.group.is_none() => Effect::Ignored(Ignored::NoGroup),
            WireEntry::Commit { from, commit } => self.apply_commit(*from, commit, now)?,
        };
        Ok(ReadOutcome { effect, outgoing: Vec::new() })
    }

    fn decode_key_package(&self, uid: Uid, bytes: &[u8]) -> Result<KeyPackage, ReadError> {
        let malformed = |detail: String| ReadError::MalformedKeyPackage { uid, detail };
        let message =
            MlsMessageIn::tls_deserialize_exact(bytes).map_err(|e| malformed(e.to_string()))?;
        let MlsMessageBodyIn::KeyPackage(kp_in) = message.extract() else {
            return Err(malformed("the message is not a KeyPackage".into()));
        };
        let kp = kp_in
            .validate(self.provider.crypto(), ProtocolVersion::Mls10)
            .map_err(|e| ReadError::InvalidKeyPackage { uid, detail: e.to_string() })?;
        if kp.ciphersuite() != CIPHERSUITE {
            return Err(ReadError::InvalidKeyPackage {
                uid,
                detail: format!("ciphersuite {:?}", kp.ciphersuite()),
            });
        }
        match uid_of(kp.leaf_node().credential()) {
            Some(found) if found == uid => Ok(kp),
            found => Err(ReadError::KeyPackageIdentity { uid, found }),
        }
    }

    /// Records a `Joined` or `Left`, then (under `fixed`) founds a group if it
    /// outlived everyone before it, then runs *commit pendings* if it now
    /// believes it is DC. All or nothing: on error the client is unchanged.
    fn record_then_commit(
        &mut self,
        now: Instant,
        record: impl FnOnce(&mut Self),
    ) -> Result<ReadOutcome, ReadError> {
        let saved = self.book.clone();
        record(self);
        let refound = self.refounds();
        if !refound && !self.believes_dc() {
            return Ok(ReadOutcome { effect: Effect::Recorded, outgoing: Vec::new() });
        }
        let snapshot = self.snapshot();
        let result = if refound { self.found_group() } else { Ok(()) }
            .and_then(|()| self.commit_pendings_unguarded());
        match result {
            Ok(outgoing) => {
                self.book.pending_adds.clear();
                self.book.pending_removes.clear();
                self.refresh_media(now);
                Ok(ReadOutcome {
                    effect: if refound { Effect::Refounded } else { Effect::Recorded },
                    outgoing,
                })
            }
            Err(e) => {
                self.restore(snapshot);
                if refound {
                    self.group = None;
                }
                self.book = saved;
                Err(e)
            }
        }
    }

    /// `Read` of `Left(v)`: whether `v` goes into `pending_removes` (under
    /// `fixed` only a member, or a user still to be added).
    fn records_leave(&self, v: Uid) -> bool {
        match (self.profile, &self.group) {
            (Profile::Orange, _) | (Profile::Fixed, None) => true,
            (Profile::Fixed, Some(g)) => {
                roster_of(g).contains(&v) || self.book.pending_adds.iter().any(|p| p.uid == v)
            }
        }
    }

    /// Under `fixed`, a user with no group founds one once everyone who was in
    /// the room when it joined has left.
    fn refounds(&self) -> bool {
        match self.profile {
            Profile::Orange => false,
            Profile::Fixed => {
                self.group.is_none() && self.book.before_me.is_subset(&self.book.left_seen)
            }
        }
    }

    fn found_group(&mut self) -> Result<(), ReadError> {
        let group = MlsGroup::new_with_group_id(
            &self.provider,
            &self.signer,
            &create_config(),
            group_id(self.uid),
            self.credential.clone(),
        )
        .map_err(|e| ReadError::CommitPendings { detail: format!("founding a group: {e}") })?;
        self.group = Some(group);
        Ok(())
    }

    fn snapshot(&self) -> StorageSnapshot {
        self.provider.storage().values.read().map(|v| v.clone()).unwrap_or_default()
    }

    /// Takes a snapshot of the whole client.
    pub fn checkpoint(&self) -> ClientSnapshot {
        ClientSnapshot {
            storage: self.snapshot(),
            group: self.group.as_ref().map(|g| g.group_id().clone()),
            book: self.book.clone(),
            media: self.media.clone(),
        }
    }

    /// Goes back to a snapshot this client took.
    pub fn rollback(&mut self, snapshot: &ClientSnapshot) {
        self.load(snapshot.storage.clone(), snapshot.group.as_ref());
        self.book = snapshot.book.clone();
        self.media = snapshot.media.clone();
    }

    /// The raw OpenMLS group and provider, for measuring the client's own
    /// cost against the OpenMLS calls it makes.
    #[doc(hidden)]
    pub fn raw_parts(&mut self) -> (Option<&mut MlsGroup>, &OpenMlsRustCrypto, &SignatureKeyPair) {
        (self.group.as_mut(), &self.provider, &self.signer)
    }

    /// Puts storage back as it was and reloads the group from it.
    fn restore(&mut self, snapshot: StorageSnapshot) {
        let id = self.group.as_ref().map(|g| g.group_id().clone());
        self.load(snapshot, id.as_ref());
    }

    /// Replaces storage and loads the group `id` (if any) from it.
    fn load(&mut self, storage: StorageSnapshot, id: Option<&GroupId>) {
        if let Ok(mut values) = self.provider.storage().values.write() {
            *values = storage;
        }
        self.group = id.and_then(|id| MlsGroup::load(self.provider.storage(), id).ok().flatten());
    }

    /// *Commit pendings*: commits on top of its own epoch, each merged at once;
    /// returns the messages to send (the caller restores the client on error).
    fn commit_pendings_unguarded(&mut self) -> Result<Vec<Message>, ReadError> {
        let fail = |what: &str, e: &dyn std::fmt::Display| ReadError::CommitPendings {
            detail: format!("{what}: {e}"),
        };
        let u = self.uid;
        let (provider, signer) = (&self.provider, &self.signer);
        let group =
            self.group.as_mut().ok_or(ReadError::CommitPendings { detail: "no group".into() })?;
        let mut out = Vec::new();
        match self.profile {
            Profile::Orange | Profile::Fixed => {
                // Adds first, in arrival order: Welcome(v) then Commit(Add(v)).
                for add in &self.book.pending_adds {
                    let (commit, welcome, _) = group
                        .add_members(provider, signer, std::slice::from_ref(&add.key_package))
                        .map_err(|e| fail("add", &e))?;
                    group.merge_pending_commit(provider).map_err(|e| fail("merge add", &e))?;
                    let ratchet_tree = group
                        .export_ratchet_tree()
                        .tls_serialize_detached()
                        .map_err(|e| fail("ratchet tree", &e))?;
                    out.push(Message::Welcome {
                        from: u,
                        to: add.uid,
                        welcome: welcome.to_bytes().map_err(|e| fail("welcome", &e))?,
                        ratchet_tree,
                    });
                    out.push(Message::Commit {
                        from: u,
                        commit: commit.to_bytes().map_err(|e| fail("commit", &e))?,
                    });
                }
                // Then one Remove of the pending removes that are members now.
                let skip = usize::from(self.mutant == Some(Mutant::SkipOnePendingRemove));
                let removes =
                    &self.book.pending_removes[skip.min(self.book.pending_removes.len())..];
                let leaves: Vec<LeafNodeIndex> = group
                    .members()
                    .filter(|m| uid_of(&m.credential).is_some_and(|v| removes.contains(&v)))
                    .map(|m| m.index)
                    .collect();
                if !leaves.is_empty() {
                    let (commit, _, _) = group
                        .remove_members(provider, signer, &leaves)
                        .map_err(|e| fail("remove", &e))?;
                    group.merge_pending_commit(provider).map_err(|e| fail("merge remove", &e))?;
                    out.push(Message::Commit {
                        from: u,
                        commit: commit.to_bytes().map_err(|e| fail("commit", &e))?,
                    });
                }
            }
        }
        Ok(out)
    }

    /// A Welcome for this client while it has no group.
    fn join(
        &mut self,
        from: Uid,
        welcome: &[u8],
        ratchet_tree: &[u8],
        now: Instant,
    ) -> Result<Effect, ReadError> {
        let malformed = |detail: String| ReadError::MalformedWelcome { from, detail };
        let message =
            MlsMessageIn::tls_deserialize_exact(welcome).map_err(|e| malformed(e.to_string()))?;
        let MlsMessageBodyIn::Welcome(welcome) = message.extract() else {
            return Err(malformed("the message is not a Welcome".into()));
        };
        let tree = RatchetTreeIn::tls_deserialize_exact(ratchet_tree)
            .map_err(|e| ReadError::MalformedRatchetTree { from, detail: e.to_string() })?;
        // OpenMLS deletes the KeyPackage before it validates the rest: keep it
        // if the Welcome turns out bad, so a good one can still follow.
        let snapshot = self.snapshot();
        let joined =
            StagedWelcome::new_from_welcome(&self.provider, &join_config(), welcome, Some(tree))
                .and_then(|staged| staged.into_group(&self.provider));
        let group = match joined {
            Ok(g) => g,
            Err(e) => {
                self.restore(snapshot);
                return Err(ReadError::WelcomeRejected { from, detail: e.to_string() });
            }
        };
        let roster = roster_of(&group);
        let mut earlier = roster.clone();
        earlier.remove(&self.uid);
        let epoch = group.epoch().as_u64();
        match self.profile {
            Profile::Orange => self.book.before_me = earlier,
            Profile::Fixed => {
                // Members who left before it joined: it never reads their Left,
                // so it does not wait for them and removes them if it becomes DC.
                let room = std::mem::take(&mut self.book.before_me);
                let gone: Vec<Uid> = earlier.difference(&room).copied().collect();
                self.book.before_me = earlier.intersection(&room).copied().collect();
                self.book.pending_adds.retain(|p| !roster.contains(&p.uid));
                let adds: BTreeSet<Uid> = self.book.pending_adds.iter().map(|p| p.uid).collect();
                self.book.pending_removes.retain(|v| roster.contains(v) || adds.contains(v));
                for v in gone {
                    if !self.book.pending_removes.contains(&v) {
                        self.book.pending_removes.push(v);
                    }
                }
            }
        }
        self.group = Some(group);
        self.refresh_media(now);
        Ok(Effect::JoinedGroup { epoch })
    }

    /// Rules 3 to 5 for a commit by someone else while the client has a group.
    fn apply_commit(&mut self, from: Uid, bytes: &[u8], now: Instant) -> Result<Effect, ReadError> {
        let malformed = |detail: String| ReadError::MalformedCommit { from, detail };
        let message =
            MlsMessageIn::tls_deserialize_exact(bytes).map_err(|e| malformed(e.to_string()))?;
        let protocol = message.try_into_protocol_message().map_err(|e| malformed(e.to_string()))?;
        if protocol.content_type() != ContentType::Commit {
            return Err(malformed(format!(
                "a {:?} message, not a commit",
                protocol.content_type()
            )));
        }
        let Some(group) = self.group.as_mut() else { return Ok(Effect::Ignored(Ignored::NoGroup)) };
        let (theirs, mine) = (protocol.epoch().as_u64(), group.epoch().as_u64());
        if theirs != mine {
            // Rule 4: OpenMLS would report a wrong epoch.
            return Ok(Effect::Ignored(Ignored::WrongEpoch { commit: theirs, mine }));
        }
        let processed = match group.process_message(&self.provider, protocol) {
            Ok(p) => p,
            Err(e) if is_fork(&e) => {
                // Rule 5: same number, another node. Processing left the group unchanged.
                return Ok(self.on_fork(e.to_string()));
            }
            Err(e) => return Err(ReadError::CommitNotApplied { from, detail: e.to_string() }),
        };
        let ProcessedMessageContent::StagedCommitMessage(staged) = processed.into_content() else {
            return Err(malformed("processed to something other than a commit".into()));
        };
        // Rule 3: apply it, and drop what it did from the pending lists.
        let added: BTreeSet<Uid> = staged
            .add_proposals()
            .filter_map(|a| uid_of(a.add_proposal().key_package().leaf_node().credential()))
            .collect();
        let removed: BTreeSet<Uid> = staged
            .remove_proposals()
            .filter_map(|r| group.member(r.remove_proposal().removed()).and_then(uid_of))
            .collect();
        group
            .merge_staged_commit(&self.provider, *staged)
            .map_err(|e| ReadError::CommitNotApplied { from, detail: e.to_string() })?;
        let epoch = group.epoch().as_u64();
        self.book.pending_adds.retain(|p| !added.contains(&p.uid));
        self.book.pending_removes.retain(|v| !removed.contains(v));
        self.refresh_media(now);
        Ok(Effect::Applied { epoch })
    }

    /// Profile behaviour on a fork commit.
    fn on_fork(&mut self, detail: String) -> Effect {
        match self.profile {
            Profile::Orange | Profile::Fixed => {
                self.book.failed = true;
                Effect::Failed { detail }
            }
        }
    }

    /// Takes the media secret of the group's current epoch.
    fn refresh_media(&mut self, now: Instant) {
        let Some(group) = &self.group else { return };
        if let Ok(secret) = group.export_secret(self.provider.crypto(), MEDIA_LABEL, &[], 32) {
            self.media.rotate(group.epoch().as_u64(), secret, now);
        }
    }

    /// Seals a media frame from this client for the current epoch.
    pub fn seal_frame(&mut self, kind: FrameKind, frame: &[u8]) -> Result<Vec<u8>, FrameError> {
        self.media.seal(self.provider.crypto(), kind, u32::from(self.uid), frame)
    }

    /// Opens a media frame now; see [`Client::open_frame_at`].
    pub fn open_frame(
        &mut self,
        kind: FrameKind,
        sealed: &[u8],
    ) -> Result<OpenedFrame, FrameError> {
        self.open_frame_at(kind, sealed, Instant::now())
    }

    /// Opens a media frame at time `now` (for the previous epoch's grace window).
    pub fn open_frame_at(
        &mut self,
        kind: FrameKind,
        sealed: &[u8],
        now: Instant,
    ) -> Result<OpenedFrame, FrameError> {
        self.media.open(self.provider.crypto(), kind, sealed, now)
    }

    /// The client's state, field for field the model's per-user state.
    pub fn view(&self) -> ClientView {
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
        }
    }
}

/// Errors that mean the commit was made on another node with the client's epoch number.
fn is_fork<S: std::fmt::Debug>(e: &ProcessMessageError<S>) -> bool {
    matches!(
        e,
        ProcessMessageError::ValidationError(
            ValidationError::UnableToDecrypt(_)
                | ValidationError::InvalidMembershipTag
                | ValidationError::WrongGroupId
                | ValidationError::InvalidSignature
                | ValidationError::UnknownMember
        ) | ProcessMessageError::InvalidCommit(_)
    )
}
