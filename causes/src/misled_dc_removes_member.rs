//! `docs/attacks/misled-dc-removes-member.md`: the server's delivery (a
//! false `Left`, `Joined` entries reordered) misleads a DC into removing a
//! member who is present; the member's client stops at its next frame.

use crate::cause::Cause;
use crate::read_entries::read_entries;
use dcverify_model::{Entry, Local, Op, State, Uid};

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
        && read_entries(state, local).iter().any(|e| match e {
            Entry::Commit { epoch, .. } => {
                epoch.parent().as_ref() == Some(held)
                    && epoch.last_step().is_some_and(|s| {
                        !s.committer.by_server() && matches!(s.op, Op::Remove(vs) if vs.contains(u))
                    })
            }
            _ => false,
        })
}
