//! The serde shape of one trace state, field for field the model's state
//! (see `traces/README.md`). Conversion to and from the model, with the
//! checks serde cannot make, is in `convert.rs`.

use crate::itf::{ItfInt, ItfMap, ItfSet, ItfSigned, Unit};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tag", content = "value")]
pub enum OpShape {
    /// The leaf added: a uid, negated for a leaf the server holds.
    Add(ItfSigned),
    Remove(ItfSet<ItfInt>),
    /// The uids whose Update proposals the commit includes (`healing`).
    Update(ItfSet<ItfInt>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitStepShape {
    /// The committing leaf: a uid, negated for a leaf the server holds.
    pub committer: ItfSigned,
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
    /// `v` is the KeyPackage's leaf: a uid, negated for the server's.
    Joined(LeafArg),
    Left(UidArg),
    Welcome(WelcomeShape),
    Commit(CommitShape),
    /// A commit no key opens, on top of epoch number `n`.
    Garbage(NumberArg),
    /// An Update proposal for `epoch` (`healing`).
    Propose(ProposeShape),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposeShape {
    pub from: ItfInt,
    pub epoch: EpochShape,
}

/// What the attacker stole from user `of` (`docs/pcs.md`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StolenShape {
    pub of: ItfInt,
    pub cursor: ItfInt,
    pub group: GroupShape,
    /// `of` had proposed an Update for `group` before the theft.
    pub knows_update: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeafArg {
    pub v: ItfSigned,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberArg {
    pub n: ItfInt,
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
    /// Leaves: uids, negated for KeyPackages the server holds.
    pub pending_adds: Vec<ItfSigned>,
    pub pending_removes: Vec<ItfInt>,
    pub outbox: Vec<EntryShape>,
    pub failed: bool,
    /// Removed by a commit while present; only written when true (only a
    /// hostile server causes it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
    /// `healing` only: written when not empty.
    #[serde(default, skip_serializing_if = "ItfSet::is_empty")]
    pub pending_updates: ItfSet<ItfInt>,
    /// `healing` only: written when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub update_due: bool,
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
    Withhold(UserArg),
    Reorder(UserArg),
    Redeliver(RedeliverArg),
    FalseLeft(UidArg),
    ServerJoin(UidArg),
    Garbage(NumberArg),
    ServerRemove(ServerCommitArg),
    ServerAdd(ServerCommitArg),
    Compromise(UserArg),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedeliverArg {
    pub u: ItfInt,
    /// The log position delivered again.
    pub k: ItfInt,
}

/// The server commits from its leaf in the epoch node user `at` holds, on `v`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerCommitArg {
    pub at: ItfInt,
    pub v: ItfInt,
}

pub type UsersShape = ItfMap<ItfInt, UserShape>;
