//! The interface between the conformance runner and an implementation under
//! test. An [`Implementation`] makes clients (a founder, or a joiner told
//! who is in the room); a [`Client`] is one user's client, fed log entries
//! one at a time. The runner, the simulated room and the attack scenarios
//! only ever use these traits, so another MLS library, or a driver talking
//! to a program in another language, plugs in without touching them.

use crate::branch::Branch;
use crate::error::{CreateError, FrameError, MemberCommitError, ReadError, RollbackError};
use crate::media::{FrameKind, OpenedFrame};
use crate::profile::Profile;
use crate::safety_number::SafetyNumber;
use crate::uid::Uid;
use crate::view::ClientView;
use crate::wire::{Message, WireEntry};
use serde::{Deserialize, Serialize};
use std::any::Any;
use std::collections::BTreeSet;
use std::time::Instant;

/// An implementation of the DC client: what makes clients.
pub trait Implementation {
    /// A short name for reports (`openmls`).
    fn name(&self) -> &str;

    /// A user that founds its own group at epoch 0.
    fn founder(&self, uid: Uid, profile: Profile) -> Result<Box<dyn Client>, CreateError>;

    /// A user with no group yet, told by the delivery service who is in the
    /// room (`room`; profiles may ignore it). Its `Joined` entry carries
    /// [`Client::key_package`].
    fn joiner(
        &self,
        uid: Uid,
        profile: Profile,
        room: &BTreeSet<Uid>,
    ) -> Result<Box<dyn Client>, CreateError>;

    /// A client the hostile server makes for itself, labelled `uid` (basic
    /// credentials bind no key to a uid): the server's `nth`, with keys of its
    /// own, never those of user `uid`'s client.
    fn server_client(
        &self,
        uid: Uid,
        profile: Profile,
        nth: usize,
    ) -> Result<Box<dyn Client>, CreateError>;
}

/// One user's client.
pub trait Client {
    fn uid(&self) -> Uid;

    /// A new KeyPackage (an `MLSMessage`) whose private keys stay with this client.
    fn key_package(&self) -> Result<Vec<u8>, CreateError>;

    /// `Read`: processes one log entry at time `now` (which starts the
    /// media grace window if the epoch changes). On error the client is unchanged.
    fn read_at(&mut self, entry: &WireEntry, now: Instant) -> Result<ReadOutcome, ReadError>;

    /// Reads one log entry now.
    fn read(&mut self, entry: &WireEntry) -> Result<ReadOutcome, ReadError> {
        self.read_at(entry, Instant::now())
    }

    /// The client's state, field for field the model's per-user state.
    fn view(&self) -> ClientView;

    /// The safety number of the epoch it holds.
    fn safety_number(&self) -> Option<SafetyNumber> {
        self.view().safety_number()
    }

    /// Seals a media frame from this client for its current epoch.
    fn seal_frame(&mut self, kind: FrameKind, frame: &[u8]) -> Result<Vec<u8>, FrameError>;

    /// Opens a media frame at time `now` (for the previous epoch's grace window).
    fn open_frame_at(
        &mut self,
        kind: FrameKind,
        sealed: &[u8],
        now: Instant,
    ) -> Result<OpenedFrame, FrameError>;

    /// Opens a media frame now.
    fn open_frame(&mut self, kind: FrameKind, sealed: &[u8]) -> Result<OpenedFrame, FrameError> {
        self.open_frame_at(kind, sealed, Instant::now())
    }

    /// The whole client at this moment, to go back to: for exploring several
    /// continuations of one prefix, and for benchmarks that repeat one step.
    fn checkpoint(&self) -> Checkpoint;

    /// Goes back to a checkpoint this client took, or becomes a copy of the
    /// client of the same uid that took it (signing as that one).
    fn rollback(&mut self, checkpoint: &Checkpoint) -> Result<(), RollbackError>;

    /// What any member can do on its own initiative, which an honest client
    /// never does outside *commit pendings*: the hostile server does it
    /// through a client it holds (`docs/threat-model.md`). Commits a Remove
    /// of every member labelled `uid`, merges it, and returns the commit.
    fn commit_remove(&mut self, uid: Uid) -> Result<Vec<Message>, MemberCommitError>;

    /// A copy of this client's whole state (every key in its storage, as an
    /// attacker who compromised the device would have it), that reads the
    /// log passively from now on: it applies Welcomes and commits as this
    /// client would, and never commits or proposes (`docs/pcs.md`).
    fn steal(&self) -> Result<Box<dyn Client>, CreateError>;

    /// Likewise: commits an Add of `key_package` (an `MLSMessage`, user
    /// `uid`'s), merges it, and returns the Welcome (to `uid`) and the commit.
    fn commit_add(
        &mut self,
        uid: Uid,
        key_package: &[u8],
    ) -> Result<Vec<Message>, MemberCommitError>;
}

/// What reading one entry did: the branches of the protocol's rules it took
/// (named as the model names them, in the model's order), and the messages
/// the client wants appended to the log.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReadOutcome {
    pub branches: Vec<Branch>,
    /// In order; each batch is what one `Send` appends (under `fixed` an
    /// Add's Welcome goes with its commit, so neither lands without the other).
    pub batches: Vec<Vec<Message>>,
}

impl ReadOutcome {
    /// An outcome with one branch and nothing to send.
    pub fn only(branch: Branch) -> Self {
        ReadOutcome { branches: vec![branch], batches: Vec::new() }
    }

    /// The messages of every batch, in order.
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.batches.iter().flatten()
    }

    pub fn into_messages(self) -> Vec<Message> {
        self.batches.into_iter().flatten().collect()
    }

    /// Whether the entry was ignored: the client is as it was, cursor aside.
    pub fn ignored(&self) -> bool {
        self.branches.iter().all(|b| b.ignores_entry()) && self.batches.is_empty()
    }
}

/// A client's whole state at one moment, opaque to everyone but the client
/// that took it.
pub struct Checkpoint {
    pub uid: Uid,
    state: Box<dyn Any>,
}

impl Checkpoint {
    pub fn new<T: Any>(uid: Uid, state: T) -> Self {
        Checkpoint { uid, state: Box::new(state) }
    }

    /// The state, if this checkpoint holds a `T`.
    pub fn state<T: Any>(&self) -> Option<&T> {
        self.state.downcast_ref::<T>()
    }
}
