//! `docs/failures/fork-after-lost-add.md`: a lost add left its joiner in a
//! node whose commit never reached the log; the next DC made a sibling of
//! it, and the group split in two.

use crate::cause::Cause;
use crate::forks::{apart_by_lost_add, failed_across, forks, lost_nodes, split};
use dcverify_model::properties::{off_roster, with_pendings};
use dcverify_model::{Local, State, Uid};

pub const FORK_AFTER_LOST_ADD: Cause = Cause {
    name: "fork-after-lost-add",
    page: "docs/failures/fork-after-lost-add.md",
    breaks: &["OneEpoch", "RosterIsRoom", "NothingPending", "NoFailure", "NoPermanentFailure"],
    classify: Some(classify),
    stops: Some(stops),
};

/// It failed on a commit from across a fork of a lost add (with a hostile
/// server too: the honest fork needs no attack).
fn stops(state: &State, _: Uid, local: &Local) -> bool {
    failed_across(state, &forks(state), local)
}

/// The witnesses are all the fork's: two members hold different nodes only
/// where a fork separates them (or a lost add's joiner is ahead of the
/// other); a member failed, is off the roster or has
/// pendings only because it failed on a commit from across a fork.
fn classify(property: &str, state: &State) -> bool {
    let forks = forks(state);
    if forks.is_empty() {
        return false;
    }
    let across = |l| failed_across(state, &forks, l);
    match property {
        "OneEpoch" => {
            let lost = lost_nodes(state);
            let held: Vec<_> = state.alive().filter_map(|(_, l)| l.group.as_ref()).collect();
            held.iter().all(|a| {
                held.iter().all(|b| a == b || split(&forks, a, b) || apart_by_lost_add(&lost, a, b))
            })
        }
        "NoFailure" => state.alive().filter(|(_, l)| l.failed).all(|(_, l)| across(l)),
        "RosterIsRoom" => off_roster(state).all(|(_, l)| across(l)),
        "NothingPending" => with_pendings(state).all(|(_, l)| across(l)),
        _ => false,
    }
}
