//! `docs/failures/no-committer-after-fork.md`: a member that failed across a
//! fork stays in the room and in later members' `before_me`, so nobody ever
//! believes it is DC again.

use crate::cause::Cause;
use crate::forks::{failures, forks};
use crate::succession::{gone, nobody_commits, waited_on, waiting_witness};
use dcverify_model::State;

pub const NO_COMMITTER_AFTER_FORK: Cause = Cause {
    name: "no-committer-after-fork",
    page: "docs/failures/no-committer-after-fork.md",
    breaks: &["OneCommitter", "AllAdmitted", "JoinsWelcomed", "RosterIsRoom", "NothingPending"],
    classify: Some(classify),
    stops: None,
};

/// Nobody commits, someone failed and everyone who failed failed across a
/// fork, and the working members wait only on failed members (or on
/// those and on users gone before they joined; or none is left working).
fn classify(property: &str, state: &State) -> bool {
    let failures = failures(state, &forks(state));
    nobody_commits(state)
        && !failures.is_empty()
        && failures.iter().all(|(_, across)| *across)
        && waited_on(state).iter().all(|u| gone(state, u) || failures.iter().any(|(f, _)| *f == u))
        && waiting_witness(property, state)
}
