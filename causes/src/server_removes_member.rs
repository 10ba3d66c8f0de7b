//! `docs/attacks/server-removes-member.md`: once it holds a leaf (its
//! KeyPackage, added by a DC), the server commits as a member and removes
//! someone present, whose client stops.

use crate::cause::Cause;
use crate::read_entries::read_commits_under;
use dcverify_model::steps::CommitOn;
use dcverify_model::{Local, State, Uid};

pub const SERVER_REMOVES_MEMBER: Cause = Cause {
    name: "server-removes-member",
    page: "docs/attacks/server-removes-member.md",
    breaks: &["NoPermanentFailure"],
    classify: None,
    stops: Some(stops),
};

/// It has read a commit made from a leaf of the server's, on the node it
/// holds, that removes it.
fn stops(state: &State, u: Uid, local: &Local) -> bool {
    read_commits_under(state, u, local, CommitOn::RemovesReader).iter().any(|c| c.by_server())
}
