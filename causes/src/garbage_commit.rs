//! `docs/attacks/garbage-commit.md`: the server appends a commit no key
//! opens on a member's epoch number, and the member's client stops.

use crate::cause::Cause;
use crate::read_entries::read_entries;
use dcverify_model::{Entry, Local, State, Uid};

pub const GARBAGE_COMMIT: Cause = Cause {
    name: "garbage-commit",
    page: "docs/attacks/garbage-commit.md",
    breaks: &["NoPermanentFailure"],
    classify: None,
    stops: Some(stops),
};

/// It has read the server's garbage on the epoch number it holds (a failed
/// client keeps the node it failed in).
fn stops(state: &State, _: Uid, local: &Local) -> bool {
    let number = local.group.as_ref().map(|g| g.number());
    read_entries(state, local).iter().any(|e| matches!(e, Entry::Garbage(n) if Some(*n) == number))
}
