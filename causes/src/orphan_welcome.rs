//! `docs/failures/orphan-welcome.md`: the DC sent a Welcome and left before
//! its Add commit, which was lost with its outbox.

use crate::cause::Cause;
use crate::forks::{apart_by_lost_add, forks, lost_nodes, split};
use dcverify_model::properties::unadded_welcomes;
use dcverify_model::{Entry, State};

pub const ORPHAN_WELCOME: Cause = Cause {
    name: "orphan-welcome",
    page: "docs/failures/orphan-welcome.md",
    breaks: &["WelcomesAdded", "OneEpoch"],
    classify: Some(classify),
    stops: None,
};

/// Every Welcome that no Add follows is a lost add's: its commit never
/// reached the log and its sender has left. Members hold different nodes
/// only where a lost add's joiner is ahead of the others, with no fork
/// between them (that is the fork's).
fn classify(property: &str, state: &State) -> bool {
    let lost = lost_nodes(state);
    match property {
        "WelcomesAdded" => unadded_welcomes(state)
            .all(|w| matches!(w, Entry::Welcome { epoch, .. } if lost.contains(&epoch))),
        "OneEpoch" => {
            let held: Vec<_> = state.alive().filter_map(|(_, l)| l.group.as_ref()).collect();
            let forks = forks(state);
            held.iter().all(|a| {
                held.iter()
                    .all(|b| a == b || (apart_by_lost_add(&lost, a, b) && !split(&forks, a, b)))
            })
        }
        _ => false,
    }
}
