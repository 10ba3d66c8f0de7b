//! What travels on the driver's pipes: a [`Request`] per line from the
//! runner, a [`Response`] per line from the driver, in the same order.

use dcverify_protocol::json::bytes;
use dcverify_protocol::{
    ClientView, CreateError, FrameError, FrameKind, MemberCommitError, Message, OpenedFrame,
    Profile, ReadError, ReadOutcome, RollbackError, Uid, WireEntry,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The version of the protocol this crate speaks; `start` names it and a
/// driver answers with the version it speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// A handle the driver gives a client it made.
pub type ClientId = u64;
/// A handle the driver gives a checkpoint it took.
pub type CheckpointId = u64;

/// One request: an id the response repeats, and the operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub id: u64,
    #[serde(flatten)]
    pub op: Op,
}

/// The operations, one per method of `Implementation` and `Client`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// The first request of a session: the protocol version, the seed every
    /// random byte is drawn from (none: fresh randomness) and the deliberately
    /// wrong client a trace may ask for.
    Start {
        protocol: u32,
        seed: Option<u64>,
        mutant: Option<String>,
    },
    Founder {
        uid: Uid,
        profile: Profile,
    },
    Joiner {
        uid: Uid,
        profile: Profile,
        room: BTreeSet<Uid>,
    },
    ServerClient {
        uid: Uid,
        profile: Profile,
        nth: usize,
    },
    KeyPackage {
        client: ClientId,
    },
    /// `now_us`: microseconds since the session started (the media grace
    /// window runs on this clock).
    Read {
        client: ClientId,
        entry: WireEntry,
        now_us: u64,
    },
    View {
        client: ClientId,
    },
    Seal {
        client: ClientId,
        frame_kind: FrameKind,
        #[serde(with = "bytes")]
        frame: Vec<u8>,
    },
    Open {
        client: ClientId,
        frame_kind: FrameKind,
        #[serde(with = "bytes")]
        sealed: Vec<u8>,
        now_us: u64,
    },
    Checkpoint {
        client: ClientId,
    },
    Rollback {
        client: ClientId,
        checkpoint: CheckpointId,
    },
    CommitRemove {
        client: ClientId,
        uid: Uid,
    },
    CommitAdd {
        client: ClientId,
        uid: Uid,
        #[serde(with = "bytes")]
        key_package: Vec<u8>,
    },
    Steal {
        client: ClientId,
    },
    /// The runner dropped a client or a checkpoint: the driver may free it.
    ForgetClient {
        client: ClientId,
    },
    ForgetCheckpoint {
        checkpoint: CheckpointId,
    },
}

/// One response: the request's id and either `ok` (what the operation
/// returns, [`Reply`]) or `error`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub id: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ok: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<DriverError>,
}

/// What an operation returns, by operation; every operation that can
/// change a client returns its view, so the runner asks for it only after
/// operations that cannot.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reply {
    /// `start`: the version the driver speaks and the implementation's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation: Option<String>,
    /// `founder`, `joiner`, `server_client`, `steal`: the new client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<ClientView>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt")]
    pub key_package: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ReadOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt")]
    pub sealed: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<OpenedFrame>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<CheckpointId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<Message>>,
}

use dcverify_protocol::json::opt_bytes as opt;

/// An operation's error: the protocol's typed error for that operation, or
/// one of the protocol's own.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "error", content = "detail", rename_all = "snake_case")]
pub enum DriverError {
    #[error("{0}")]
    Create(CreateError),
    #[error("{0}")]
    Read(ReadError),
    #[error("{0}")]
    Frame(FrameError),
    #[error("{0}")]
    MemberCommit(MemberCommitError),
    #[error("{0}")]
    Rollback(RollbackError),
    #[error("no client {client} in this session")]
    UnknownClient { client: ClientId },
    #[error("no checkpoint {checkpoint} in this session")]
    UnknownCheckpoint { checkpoint: CheckpointId },
    /// The line is not a request of this protocol (`message` says why).
    #[error("bad request: {message}")]
    BadRequest { message: String },
    /// `start` was refused: another protocol version, an unknown mutant, or
    /// a request before `start`.
    #[error("cannot start: {message}")]
    Start { message: String },
}

#[cfg(test)]
mod tests {
    use super::*;
    use dcverify_protocol::Cause;

    #[test]
    fn requests_are_flat_objects_named_by_op() {
        let read = Request {
            id: 7,
            op: Op::Read { client: 2, entry: WireEntry::Left { uid: 3 }, now_us: 5 },
        };
        let line = serde_json::to_string(&read).unwrap();
        assert_eq!(
            line,
            r#"{"id":7,"op":"read","client":2,"entry":{"kind":"Left","uid":3},"now_us":5}"#
        );
        assert_eq!(serde_json::from_str::<Request>(&line).unwrap(), read);
        let seal = Request {
            id: 8,
            op: Op::Seal { client: 1, frame_kind: FrameKind::Opus, frame: vec![0xff, 0] },
        };
        let line = serde_json::to_string(&seal).unwrap();
        assert!(line.contains(r#""frame_kind":"opus","frame":"/wA=""#), "{line}");
        assert_eq!(serde_json::from_str::<Request>(&line).unwrap(), seal);
    }

    #[test]
    fn errors_keep_their_codes_and_causes() {
        let e = DriverError::Read(ReadError::Commit {
            from: 2,
            error: dcverify_protocol::CommitError::NotApplied(Cause::from_text(
                "wrong epoch".into(),
            )),
        });
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"error":"read","detail":{"code":"commit","detail":{"from":2,"error":{"code":"not_applied","detail":"wrong epoch"}}}}"#
        );
        let back: DriverError = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.to_string(), "read Commit from 2: cannot apply: wrong epoch");
    }

    #[test]
    fn a_bad_base64_field_is_refused_with_its_reason() {
        let line = r#"{"id":1,"op":"key_package","client":1}"#;
        assert!(serde_json::from_str::<Request>(line).is_ok());
        let bad = r#"{"id":1,"op":"commit_add","client":1,"uid":2,"key_package":"%%"}"#;
        let e = serde_json::from_str::<Request>(bad).unwrap_err().to_string();
        assert!(e.contains("not base64"), "{e}");
    }
}
