//! Typed errors of an implementation under test, one enum per operation as
//! OpenMLS has them: each names the operation, the input and the cause, and
//! keeps the MLS library's own error as its `#[source]` ([`Cause`]). A
//! client that returns one of these is in the state it was in before the call.

use crate::cause::Cause;
use crate::uid::Uid;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use thiserror::Error;

/// Creating a founder or a joiner, or a KeyPackage, failed (a crypto or storage failure).
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[error("creating user {uid}: {step}: {cause}")]
pub struct CreateError {
    pub uid: Uid,
    /// What was being made: `signature key`, `group`, `KeyPackage`, ...
    pub step: Cow<'static, str>,
    #[source]
    pub cause: Cause,
}

/// Reading a log entry failed; the client is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum ReadError {
    /// The implementation under test gave no answer in the protocol: a
    /// driver that died, hung or wrote nonsense (`docs/driver-protocol.md`).
    #[error("the implementation did not answer: {0}")]
    Unavailable(#[source] Cause),
    /// The client has failed and takes no step until it leaves.
    #[error("read: the client has failed and reads nothing more")]
    ClientFailed,
    #[error("read Joined({uid}): {error}")]
    Joined {
        uid: Uid,
        #[source]
        error: KeyPackageError,
    },
    #[error("read Welcome from {from}: {error}")]
    Welcome {
        from: Uid,
        #[source]
        error: WelcomeError,
    },
    #[error("read Commit from {from}: {error}")]
    Commit {
        from: Uid,
        #[source]
        error: CommitError,
    },
    /// *Commit pendings*, run after the read, could not make its commits
    /// (nothing was sent or merged).
    #[error("commit pendings: {0}")]
    CommitPendings(#[source] CommitPendingsError),
    #[error("read Propose from {from}: {error}")]
    Proposal {
        from: Uid,
        #[source]
        error: ProposalError,
    },
}

/// An Update proposal (`healing`, `docs/pcs.md`): one read from the log, or
/// the reader's own, made after it applied a commit.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum ProposalError {
    #[error("malformed proposal: {0}")]
    Malformed(#[source] Cause),
    /// A valid MLS message of another content type.
    #[error("malformed proposal: a {content} message, not a proposal")]
    NotAProposal { content: String },
    /// Keeping it for the next commit failed.
    #[error("cannot store the proposal: {0}")]
    NotStored(#[source] Cause),
    /// Making its own Update proposal failed (after it merged the commit
    /// that made it due).
    #[error("cannot propose an Update: {0}")]
    Propose(#[source] Cause),
}

/// The KeyPackage a `Joined` entry carries.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum KeyPackageError {
    /// The bytes do not decode as an `MLSMessage`.
    #[error("malformed KeyPackage: {0}")]
    Malformed(#[source] Cause),
    #[error("malformed KeyPackage: the message is not a KeyPackage")]
    NotAKeyPackage,
    /// It decodes but does not verify.
    #[error("KeyPackage does not verify: {0}")]
    Invalid(#[source] Cause),
    #[error("KeyPackage does not verify: ciphersuite {found}")]
    Ciphersuite { found: String },
    /// It is for another identity (`found`, if it is a dcverify user).
    #[error("{}", match found {
        Some(other) => format!("the KeyPackage is user {other}'s"),
        None => "the KeyPackage's credential is not a dcverify user".to_string(),
    })]
    Identity { found: Option<Uid> },
}

/// A Welcome (with its ratchet tree) for the reader.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum WelcomeError {
    #[error("malformed Welcome: {0}")]
    Malformed(#[source] Cause),
    #[error("malformed Welcome: the message is not a Welcome")]
    NotAWelcome,
    #[error("malformed ratchet tree: {0}")]
    MalformedRatchetTree(#[source] Cause),
    /// Well-formed, but the MLS library rejects it.
    #[error("rejected: {0}")]
    Rejected(#[source] Cause),
}

/// A commit by someone else.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum CommitError {
    #[error("malformed commit: {0}")]
    Malformed(#[source] Cause),
    /// A valid MLS message of another content type.
    #[error("malformed commit: a {content} message, not a commit")]
    NotACommit { content: String },
    /// It processed but could not be applied.
    #[error("cannot apply: {0}")]
    NotApplied(#[source] Cause),
}

/// *Commit pendings*: making the DC's commits.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum CommitPendingsError {
    #[error("no group")]
    NoGroup,
    /// One of its steps failed: `founding a group`, `add`, `merge add`, `remove`, ...
    #[error("{step}: {cause}")]
    Step {
        step: Cow<'static, str>,
        #[source]
        cause: Cause,
    },
}

/// A commit a member makes on its own initiative failed (the hostile
/// server acting through a leaf it holds, `docs/threat-model.md`); the
/// client is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum MemberCommitError {
    /// The implementation under test gave no answer in the protocol: a
    /// driver that died, hung or wrote nonsense (`docs/driver-protocol.md`).
    #[error("the implementation did not answer: {0}")]
    Unavailable(#[source] Cause),
    #[error("no group")]
    NoGroup,
    #[error("no member of the group is user {uid}")]
    NotAMember { uid: Uid },
    #[error("the KeyPackage for user {uid} cannot be used: {cause}")]
    KeyPackage { uid: Uid, cause: Cause },
    /// One of its steps failed: `remove`, `add`, `merge`, `welcome`, `commit`, ...
    #[error("{step}: {cause}")]
    Step {
        step: Cow<'static, str>,
        #[source]
        cause: Cause,
    },
}

/// Going back to a checkpoint failed; the client is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum RollbackError {
    /// The implementation under test gave no answer in the protocol: a
    /// driver that died, hung or wrote nonsense (`docs/driver-protocol.md`).
    #[error("the implementation did not answer: {0}")]
    Unavailable(#[source] Cause),
    #[error("a checkpoint of user {taken_by} cannot roll back user {uid}")]
    OtherUser { taken_by: Uid, uid: Uid },
    #[error("the checkpoint was taken by another implementation")]
    OtherImplementation,
}

/// Sealing or opening a media frame failed; nothing was consumed.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum FrameError {
    /// The implementation under test gave no answer in the protocol: a
    /// driver that died, hung or wrote nonsense (`docs/driver-protocol.md`).
    #[error("the implementation did not answer: {0}")]
    Unavailable(#[source] Cause),
    /// The client has no group, hence no media keys.
    #[error("frame: no group, no media keys")]
    NoGroup,
    /// The frame is shorter than its clear header and metadata.
    #[error("open frame: {got} bytes, at least {needed} needed")]
    Truncated { needed: usize, got: usize },
    /// A VP8 frame with no payload header at all.
    #[error("frame: empty VP8 frame")]
    Empty,
    /// No key for the frame's epoch (a later epoch, or one never held).
    #[error("open frame: no key for epoch {epoch}")]
    UnknownEpoch { epoch: u64 },
    /// The frame's epoch is the previous one and its grace window has ended.
    #[error("open frame: epoch {epoch}'s grace window has ended")]
    GraceExpired { epoch: u64 },
    /// Authentication failed: the frame was altered or sealed with another key.
    #[error("open frame: authentication failed (epoch {epoch}, sender {sender})")]
    Forged { epoch: u64, sender: u32 },
    /// This frame (epoch, sender, counter) was already opened or is too old.
    #[error("open frame: replay of epoch {epoch}, sender {sender}, frame {counter}")]
    Replayed { epoch: u64, sender: u32, counter: u64 },
    /// The crypto provider failed.
    #[error("frame: crypto failure: {0}")]
    Crypto(#[source] Cause),
}
