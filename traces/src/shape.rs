//! The serde shape of one trace state, field for field the model's state
//! (see `traces/README.md`). Conversion to and from the model, with the
//! checks serde cannot make, is in `convert.rs`.

use crate::itf::{ItfInt, ItfMap, ItfSet, Unit};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tag", content = "value")]
pub enum OpShape {
    Add(ItfInt),
    Remove(ItfSet<ItfInt>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitStepShape {
    pub committer: ItfInt,
    pub op: OpShape,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpochShape {
    pub root: ItfInt,
    /// Redundant with `path`'s length; kept for people and checked on reading.
    pub number: ItfInt,
    pub path: Vec<CommitStepShape>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UidArg {
    pub v: ItfInt,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WelcomeShape {
    pub from: ItfInt,
    pub to: ItfInt,
    pub epoch: EpochShape,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitShape {
    pub from: ItfInt,
    pub epoch: EpochShape,
    /// Redundant with the last step of `epoch`; kept for people and checked on reading.
    pub op: OpShape,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tag", content = "value")]
pub enum EntryShape {
    Joined(UidArg),
    Left(UidArg),
    Welcome(WelcomeShape),
    Commit(CommitShape),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tag", content = "value")]
pub enum GroupShape {
    None(Unit),
    Some(EpochShape),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalShape {
    pub cursor: ItfInt,
    pub group: GroupShape,
    pub before_me: ItfSet<ItfInt>,
    pub left_seen: ItfSet<ItfInt>,
    pub pending_adds: Vec<ItfInt>,
    pub pending_removes: Vec<ItfInt>,
    pub outbox: Vec<EntryShape>,
    pub failed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tag", content = "value")]
pub enum UserShape {
    Alive(LocalShape),
    Left(Unit),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserArg {
    pub u: ItfInt,
}

/// The step that led to a state; `Init` for the first state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tag", content = "value")]
pub enum ActionShape {
    Init(Unit),
    Join(Unit),
    Leave(UserArg),
    Read(UserArg),
    Send(UserArg),
}

pub type UsersShape = ItfMap<ItfInt, UserShape>;
