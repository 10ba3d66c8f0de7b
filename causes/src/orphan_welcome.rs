//! `docs/failures/orphan-welcome.md`: the DC sent a Welcome and left before
//! its Add commit, which was lost with its outbox.

use crate::cause::Cause;
use crate::forks::lost_nodes;
use dcverify_model::properties::unadded_welcomes;
use dcverify_model::{Entry, State};

pub const ORPHAN_WELCOME: Cause = Cause {
    name: "orphan-welcome",
    page: "docs/failures/orphan-welcome.md",
    breaks: &["WelcomesAdded"],
    classify,
    stops: None,
};

/// Every Welcome that no Add follows is a lost add's: its commit never
/// reached the log and its sender has left.
fn classify(_: &str, state: &State) -> bool {
    let lost = lost_nodes(state);
    unadded_welcomes(state)
        .all(|w| matches!(w, Entry::Welcome { epoch, .. } if lost.contains(&epoch)))
}
