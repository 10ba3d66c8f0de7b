//! `docs/attacks/split-stops-client.md`: the server's delivery (a false
//! `Left`, an entry withheld, reordered or delivered twice) makes two users
//! commit on one node, or a joiner found a group of its own; a client that
//! then reads a commit made on another node of its epoch number stops, as
//! on any fork (rule 5 cannot tell the two apart).

use crate::cause::Cause;
use crate::forks::{failed_across, forks};
use crate::read_entries::read_entries;
use dcverify_model::{Entry, Local, State, Uid};

pub const SPLIT_STOPS_CLIENT: Cause = Cause {
    name: "split-stops-client",
    page: "docs/attacks/split-stops-client.md",
    breaks: &["NoPermanentFailure"],
    classify: None,
    stops: Some(stops),
};

/// It read a commit made on another node of the epoch number it holds,
/// and not across the fork of a lost add (that fork needs no server).
fn stops(state: &State, _: Uid, local: &Local) -> bool {
    let Some(held) = &local.group else { return false };
    !failed_across(state, &forks(state), local)
        && read_entries(state, local).iter().any(|e| match e {
            Entry::Commit { epoch, .. } => {
                epoch.parent().is_some_and(|on| on.number() == held.number() && on != *held)
            }
            _ => false,
        })
}
