//! `docs/attacks/false-left-stops-client.md`: the server announces that a
//! present user left, and the user's own client stops on reading it.

use crate::cause::Cause;
use crate::read_entries::read_entries;
use dcverify_model::{Entry, Local, State, Uid};

pub const FALSE_LEFT: Cause = Cause {
    name: "false-left-stops-client",
    page: "docs/attacks/false-left-stops-client.md",
    breaks: &["NoPermanentFailure"],
    classify: None,
    stops: Some(stops),
};

/// It has read its own `Left`, which only the server writes while the
/// user is present, and which stops the client.
fn stops(state: &State, u: Uid, local: &Local) -> bool {
    read_entries(state, local).contains(&Entry::Left(u))
}
