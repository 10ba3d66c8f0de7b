//! `docs/failures/stranded-joiner.md`: every member left before adding a
//! joiner, and a joiner never founds a group of its own, so it waits forever.

use crate::cause::Cause;
use dcverify_model::State;

pub const STRANDED_JOINER: Cause = Cause {
    name: "stranded-joiner",
    page: "docs/failures/stranded-joiner.md",
    breaks: &["AllAdmitted", "JoinsWelcomed", "NothingPending"],
    classify: Some(classify),
    stops: None,
};

/// Someone is in the room and nobody in it holds a group: only a member
/// can commit, so every witness of the three properties (a user without a
/// group, a `Joined` never welcomed, a joiner's pendings) is a joiner left
/// waiting by members who are gone.
fn classify(_: &str, state: &State) -> bool {
    state.alive().next().is_some() && state.alive().all(|(_, l)| l.group.is_none())
}
