//! Typed errors: each names the operation, the input and the cause. A client
//! that returns one of these is in the state it was in before the call.

use dcverify_model::Uid;
use std::fmt;

/// Creating a founder or a joiner failed (a crypto or storage failure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateError {
    pub uid: Uid,
    pub detail: String,
}

impl fmt::Display for CreateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "creating user {}: {}", self.uid, self.detail)
    }
}

impl std::error::Error for CreateError {}

/// Reading a log entry failed; the client is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The client has failed and takes no step until it leaves.
    ClientFailed,
    /// `Joined(uid)`'s KeyPackage bytes do not decode.
    MalformedKeyPackage {
        uid: Uid,
        detail: String,
    },
    /// `Joined(uid)`'s KeyPackage decodes but does not verify.
    InvalidKeyPackage {
        uid: Uid,
        detail: String,
    },
    /// `Joined(uid)`'s KeyPackage is for another identity (`found`, if it is one of ours).
    KeyPackageIdentity {
        uid: Uid,
        found: Option<Uid>,
    },
    MalformedWelcome {
        from: Uid,
        detail: String,
    },
    MalformedRatchetTree {
        from: Uid,
        detail: String,
    },
    /// A well-formed Welcome for this client that OpenMLS rejects.
    WelcomeRejected {
        from: Uid,
        detail: String,
    },
    MalformedCommit {
        from: Uid,
        detail: String,
    },
    /// A commit that processed but could not be applied.
    CommitNotApplied {
        from: Uid,
        detail: String,
    },
    /// *Commit pendings* could not make its commits (nothing was sent or merged).
    CommitPendings {
        detail: String,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::ClientFailed => {
                write!(f, "read: the client has failed and reads nothing more")
            }
            ReadError::MalformedKeyPackage { uid, detail } => {
                write!(f, "read Joined({uid}): malformed KeyPackage: {detail}")
            }
            ReadError::InvalidKeyPackage { uid, detail } => {
                write!(f, "read Joined({uid}): KeyPackage does not verify: {detail}")
            }
            ReadError::KeyPackageIdentity { uid, found } => match found {
                Some(other) => write!(f, "read Joined({uid}): the KeyPackage is user {other}'s"),
                None => write!(
                    f,
                    "read Joined({uid}): the KeyPackage's credential is not a dcverify user"
                ),
            },
            ReadError::MalformedWelcome { from, detail } => {
                write!(f, "read Welcome from {from}: malformed Welcome: {detail}")
            }
            ReadError::MalformedRatchetTree { from, detail } => {
                write!(f, "read Welcome from {from}: malformed ratchet tree: {detail}")
            }
            ReadError::WelcomeRejected { from, detail } => {
                write!(f, "read Welcome from {from}: rejected: {detail}")
            }
            ReadError::MalformedCommit { from, detail } => {
                write!(f, "read Commit from {from}: malformed commit: {detail}")
            }
            ReadError::CommitNotApplied { from, detail } => {
                write!(f, "read Commit from {from}: cannot apply: {detail}")
            }
            ReadError::CommitPendings { detail } => write!(f, "commit pendings: {detail}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Sealing or opening a media frame failed; nothing was consumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// The client has no group, hence no media keys.
    NoGroup,
    /// The frame is shorter than its clear header and metadata.
    Truncated { needed: usize, got: usize },
    /// A VP8 frame with no payload header at all.
    Empty,
    /// No key for the frame's epoch (a later epoch, or one never held).
    UnknownEpoch { epoch: u64 },
    /// The frame's epoch is the previous one and its grace window has ended.
    GraceExpired { epoch: u64 },
    /// Authentication failed: the frame was altered or sealed with another key.
    Forged { epoch: u64, sender: u32 },
    /// This frame (epoch, sender, counter) was already opened or is too old.
    Replayed { epoch: u64, sender: u32, counter: u64 },
    /// The crypto provider failed.
    Crypto { detail: String },
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::NoGroup => write!(f, "frame: no group, no media keys"),
            FrameError::Truncated { needed, got } => {
                write!(f, "open frame: {got} bytes, at least {needed} needed")
            }
            FrameError::Empty => write!(f, "frame: empty VP8 frame"),
            FrameError::UnknownEpoch { epoch } => write!(f, "open frame: no key for epoch {epoch}"),
            FrameError::GraceExpired { epoch } => {
                write!(f, "open frame: epoch {epoch}'s grace window has ended")
            }
            FrameError::Forged { epoch, sender } => {
                write!(f, "open frame: authentication failed (epoch {epoch}, sender {sender})")
            }
            FrameError::Replayed { epoch, sender, counter } => {
                write!(f, "open frame: replay of epoch {epoch}, sender {sender}, frame {counter}")
            }
            FrameError::Crypto { detail } => write!(f, "frame: crypto failure: {detail}"),
        }
    }
}

impl std::error::Error for FrameError {}
