//! What a user has read: the log up to its cursor. (A hostile server may
//! hand a user entries out of order, so the entry that failed a client is
//! among these, not necessarily the last.)

use dcverify_model::steps::{commit_on, CommitOn};
use dcverify_model::{Entry, Leaf, Local, State, Uid};

/// The entries `local` has been given, up to its cursor.
pub fn read_entries<'a>(state: &'a State, local: &Local) -> &'a [Entry] {
    &state.log[..local.cursor.min(state.log.len())]
}

/// The commits `local` (user `u`) has read that the model's read rules put
/// under `rule` for the node it holds (a failed client keeps the node it
/// failed in), as the leaves that made them.
pub fn read_commits_under(state: &State, u: Uid, local: &Local, rule: CommitOn) -> Vec<Leaf> {
    let Some(held) = &local.group else { return Vec::new() };
    read_entries(state, local)
        .iter()
        .filter_map(|e| match e {
            Entry::Commit { epoch, .. } if commit_on(held, u, epoch) == rule => {
                epoch.last_step().map(|s| s.committer)
            }
            _ => None,
        })
        .collect()
}
