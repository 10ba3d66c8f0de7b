//! `docs/attacks/server-removes-member.md`: once it holds a leaf (its
//! KeyPackage, added by a DC), the server commits as a member and removes
//! someone present, whose client stops.

use crate::cause::Cause;
use crate::read_entries::read_entries;
use dcverify_model::{Entry, Local, Op, State, Uid};

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
    read_entries(state, local).iter().any(|e| match e {
        Entry::Commit { epoch, .. } => {
            epoch.parent() == local.group
                && epoch.last_step().is_some_and(|s| {
                    s.committer.by_server() && matches!(s.op, Op::Remove(vs) if vs.contains(u))
                })
        }
        _ => false,
    })
}
