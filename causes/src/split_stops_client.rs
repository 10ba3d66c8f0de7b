//! `docs/attacks/split-stops-client.md`: the server's delivery (a false
//! `Left`, an entry withheld, reordered or delivered twice) makes two users
//! commit on one node, or a joiner found a group of its own; a client that
//! then reads a commit made on another node of its epoch number stops, as
//! on any fork (rule 5 cannot tell the two apart).

use crate::cause::Cause;
use crate::forks::{failed_across, forks};
use crate::read_entries::read_commits_under;
use dcverify_model::steps::CommitOn;
use dcverify_model::{Local, State, Uid};

pub const SPLIT_STOPS_CLIENT: Cause = Cause {
    name: "split-stops-client",
    page: "docs/attacks/split-stops-client.md",
    breaks: &["NoPermanentFailure"],
    classify: None,
    stops: Some(stops),
};

/// It read a commit made on another node of the epoch number it holds
/// (the model's rule 5), and not across the fork of a lost add (that fork
/// needs no server).
fn stops(state: &State, u: Uid, local: &Local) -> bool {
    !failed_across(state, &forks(state), local)
        && !read_commits_under(state, u, local, CommitOn::Fork).is_empty()
}
