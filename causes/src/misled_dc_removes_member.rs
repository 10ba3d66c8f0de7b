//! `docs/attacks/misled-dc-removes-member.md`: the server's delivery (a
//! false `Left`, `Joined` entries reordered) misleads a DC into removing a
//! member who is present; the member's client stops at its next frame.

use crate::cause::Cause;
use crate::read_entries::read_commits_under;
use dcverify_model::steps::CommitOn;
use dcverify_model::{Local, State, Uid};

pub const MISLED_DC_REMOVES_MEMBER: Cause = Cause {
    name: "misled-dc-removes-member",
    page: "docs/attacks/misled-dc-removes-member.md",
    breaks: &["NoPermanentFailure"],
    classify: None,
    stops: Some(stops),
};

/// It has read, on the node it holds, a commit from a user's leaf that
/// removes it while it is present (an honest server never lets a DC do
/// that: it removes only users whose `Left` it read), and no leaf of the
/// server's bears its label there (that removal is the server's KeyPackage's).
fn stops(state: &State, u: Uid, local: &Local) -> bool {
    let Some(held) = &local.group else { return false };
    !held.server_leaves().contains(u)
        && read_commits_under(state, u, local, CommitOn::RemovesReader)
            .iter()
            .any(|c| !c.by_server())
}
