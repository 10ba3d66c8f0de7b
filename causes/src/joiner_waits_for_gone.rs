//! `docs/failures/joiner-waits-for-gone.md`: a DC welcomed a joiner into a
//! roster that still lists members who had left, then left itself before
//! its commits; the joiner waits for those members' `Left`, which precede
//! its own `Joined`, so it never reads them and never takes over.

use crate::cause::Cause;
use crate::forks::{failures, forks};
use crate::succession::{gone, nobody_commits, waited_on, waiting_witness};
use dcverify_model::State;

pub const JOINER_WAITS_FOR_GONE: Cause = Cause {
    name: "joiner-waits-for-gone",
    page: "docs/failures/joiner-waits-for-gone.md",
    breaks: &["OneCommitter", "AllAdmitted", "JoinsWelcomed", "RosterIsRoom", "NothingPending"],
    classify: Some(classify),
    stops: None,
};

/// Nobody commits, and the working members wait only on users who have
/// left (before their own `Joined`, since at quiescence they have read
/// every later entry); anyone who failed failed across a fork.
fn classify(property: &str, state: &State) -> bool {
    let waited = waited_on(state);
    nobody_commits(state)
        && !waited.is_empty()
        && waited.iter().all(|u| gone(state, u))
        && failures(state, &forks(state)).iter().all(|(_, across)| *across)
        && waiting_witness(property, state)
}
