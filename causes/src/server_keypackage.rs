//! `docs/attacks/server-keypackage.md`: the server announces a joiner with a
//! KeyPackage it made, and the DC adds it.

use crate::cause::Cause;
use crate::read_entries::read_commits_under;
use dcverify_model::steps::CommitOn;
use dcverify_model::{Local, Op, State, Uid};

pub const SERVER_KEYPACKAGE: Cause = Cause {
    name: "server-keypackage",
    page: "docs/attacks/server-keypackage.md",
    breaks: &["NoSilentEavesdropper", "NoHiddenMember", "NoPermanentFailure"],
    classify: Some(classify),
    stops: Some(stops),
};

/// It has read, on the node it holds, a commit removing its label while a
/// leaf of the server's has that label too: the DC removes by credential,
/// so removing the server's leaf removes the person of the same name.
fn stops(state: &State, u: Uid, local: &Local) -> bool {
    let Some(held) = &local.group else { return false };
    held.server_leaves().contains(u)
        && !read_commits_under(state, u, local, CommitOn::RemovesReader).is_empty()
}

/// Every node a user holds with a leaf of the server's in it (the way the
/// server reads an epoch, and the member it hides) came through a user's
/// commit adding a KeyPackage of the server's.
fn classify(_: &str, state: &State) -> bool {
    let mut with_server_leaves = state
        .alive()
        .filter_map(|(_, l)| l.group.as_ref())
        .filter(|g| !g.server_leaves().is_empty())
        .peekable();
    with_server_leaves.peek().is_some()
        && with_server_leaves.all(|g| {
            g.path
                .iter()
                .any(|s| !s.committer.by_server() && matches!(s.op, Op::Add(l) if l.by_server()))
        })
}
