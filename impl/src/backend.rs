//! What the designated-committer client needs of an MLS library, and no
//! more: the DC algorithm (`client/`) is written once over this trait, and
//! each library implements it (`openmls/`, `mls_rs/`). A Welcome or commit
//! that fails to process leaves the state as it was; where a commit the
//! client makes fails, the client goes back to the [`MlsBackend::state`] it
//! took before (*commit pendings* is all or nothing).

use dcverify_protocol::{
    Cause, CommitError, CreateError, KeyPackageError, Message, ProposalError, Uid, WelcomeError,
};
use std::collections::BTreeSet;

/// The step of a commit that failed and why (callers wrap it in their own error).
pub type StepFailure = (&'static str, Cause);

/// What reading a Welcome for this client did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joined {
    /// It joined the group the Welcome is for.
    Joined,
    /// The Welcome is for a KeyPackage it does not hold (the server's,
    /// labelled with its uid): it is someone else's.
    NotMine,
}

/// What reading a commit by someone else did to the group it holds (rules
/// 3 to 5 of `docs/protocol.md`, "Steps").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitRead {
    /// Rule 4: made for another epoch number.
    WrongEpoch,
    /// Rule 5: same number, another node, or a commit no key it holds opens.
    Unreadable,
    /// Rule 3 for a commit that removes it: not merged.
    RemovesMe,
    /// Rule 3: applied and merged.
    Applied {
        added: BTreeSet<Uid>,
        removed: BTreeSet<Uid>,
        /// The commit includes this client's own Update proposal.
        own_update_included: bool,
    },
}

/// What reading an Update proposal for the client's epoch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProposalRead {
    /// It does not open (another node with the same epoch number).
    Unreadable,
    /// Kept for the next commit; sent by the member labelled so.
    Stored { sender: Option<Uid> },
}

/// One client's MLS state on one library: its signature key, its key
/// storage and at most one group.
pub trait MlsBackend: Sized + 'static {
    /// A KeyPackage read from a `Joined` entry and checked.
    type KeyPackage: Clone + 'static;
    /// The whole state, to go back to (all-or-nothing reads, checkpoints,
    /// the attacker's stolen copy).
    type State: Clone + 'static;

    /// The library's name in reports (`openmls`, `mls-rs`).
    const NAME: &'static str;

    /// A new identity for user `uid` (a basic credential `dcverify-user:<uid>`),
    /// every random byte drawn from `seed` where the library allows it.
    fn new(uid: Uid, seed: u64) -> Result<Self, CreateError>;
    /// Founds a group at epoch 0 with the group id of `founder`'s room.
    fn found(&mut self, founder: Uid) -> Result<(), Cause>;
    fn has_group(&self) -> bool;
    /// A new KeyPackage (an `MLSMessage`) whose private keys stay here.
    fn key_package(&self, uid: Uid) -> Result<Vec<u8>, CreateError>;
    /// Decodes and checks the KeyPackage of a `Joined(uid)`.
    fn decode_key_package(
        &self,
        uid: Uid,
        bytes: &[u8],
    ) -> Result<Self::KeyPackage, KeyPackageError>;
    /// Joins from a Welcome and the ratchet tree beside it (no group yet).
    fn join(&mut self, welcome: &[u8], ratchet_tree: &[u8]) -> Result<Joined, WelcomeError>;
    fn epoch(&self) -> Option<u64>;
    fn epoch_authenticator(&self) -> Option<Vec<u8>>;
    /// The group's members that are dcverify users: (leaf index, uid).
    fn members(&self) -> Vec<(u32, Uid)>;
    /// The exporter secret labelled `label`, 32 bytes, of the current epoch.
    fn export_secret(&self, label: &str) -> Option<Vec<u8>>;
    /// `from` commits an Add of `key_package` (user `to`'s) and merges it:
    /// `Welcome(from → to)` (with the ratchet tree) then `Commit(from)`.
    fn add(
        &mut self,
        from: Uid,
        to: Uid,
        key_package: &Self::KeyPackage,
    ) -> Result<[Message; 2], StepFailure>;
    /// `from` commits one Remove of the members at `leaves` and merges it.
    fn remove(&mut self, from: Uid, leaves: &[u32]) -> Result<Message, StepFailure>;
    /// Reads someone else's commit while it holds a group.
    fn read_commit(&mut self, bytes: &[u8]) -> Result<CommitRead, CommitError>;
    /// The epoch a proposal was made for (it must decode and be a proposal).
    fn proposal_epoch(&self, bytes: &[u8]) -> Result<u64, ProposalError>;
    /// Processes a proposal for the current epoch and keeps it for a commit.
    fn store_proposal(&mut self, bytes: &[u8]) -> Result<ProposalRead, ProposalError>;
    /// `from`'s own Update proposal for the current epoch (the new leaf's
    /// private key stays here until a commit uses it).
    fn propose_update(&mut self, from: Uid) -> Result<Message, ProposalError>;
    /// `from` commits the stored Update proposals of the members in `keep`
    /// (dropping the others) with a fresh path of its own, and merges it.
    fn commit_updates(&mut self, from: Uid, keep: &BTreeSet<Uid>) -> Result<Message, StepFailure>;
    fn state(&self) -> Self::State;
    /// Goes back to `state` (taken by this client or by another of the same
    /// uid, whose signature key it then uses).
    fn restore(&mut self, state: &Self::State);
    /// The crypto that seals media frames (`frame.rs`).
    fn frame_crypto(&self) -> &impl openmls_traits::crypto::OpenMlsCrypto;
}
