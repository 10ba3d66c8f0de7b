//! The catalogue: every known cause, most specific first.

use crate::cause::{stopped_under_attack, Cause, STOPPED_CLIENTS};
use crate::false_left::FALSE_LEFT;
use crate::fork_after_lost_add::FORK_AFTER_LOST_ADD;
use crate::garbage_commit::GARBAGE_COMMIT;
use crate::joiner_waits_for_gone::JOINER_WAITS_FOR_GONE;
use crate::misled_dc_removes_member::MISLED_DC_REMOVES_MEMBER;
use crate::no_committer_after_fork::NO_COMMITTER_AFTER_FORK;
use crate::orphan_welcome::ORPHAN_WELCOME;
use crate::server_keypackage::SERVER_KEYPACKAGE;
use crate::server_removes_member::SERVER_REMOVES_MEMBER;
use crate::split_stops_client::SPLIT_STOPS_CLIENT;
use crate::stranded_joiner::STRANDED_JOINER;
use dcverify_model::model::Excuse;
use dcverify_model::properties::{self, Kind};
use dcverify_model::State;

/// Every cause, in the order triage tries them: a blocked succession
/// before the fork that blocks it.
pub const CAUSES: [Cause; 11] = [
    NO_COMMITTER_AFTER_FORK,
    JOINER_WAITS_FOR_GONE,
    FORK_AFTER_LOST_ADD,
    ORPHAN_WELCOME,
    STRANDED_JOINER,
    SERVER_KEYPACKAGE,
    FALSE_LEFT,
    GARBAGE_COMMIT,
    SERVER_REMOVES_MEMBER,
    SPLIT_STOPS_CLIENT,
    MISLED_DC_REMOVES_MEMBER,
];

/// The cause called `name`.
pub fn by_name(name: &str) -> Option<&'static Cause> {
    CAUSES.iter().find(|c| c.name == name)
}

/// The first cause that explains why `property` fails in `state`.
pub fn cause_of(property: &str, state: &State) -> Option<&'static Cause> {
    CAUSES.iter().find(|c| c.explains(property, state))
}

/// Whether the catalogue explains why `property` fails in `state`: one
/// cause does, or (for stopped clients) each stopped client's own does.
pub fn explained(property: &str, state: &State) -> bool {
    explained_by(&CAUSES.iter().collect::<Vec<_>>(), property, state)
}

/// Whether `causes` explain why `property` fails in `state`.
fn explained_by(causes: &[&Cause], property: &str, state: &State) -> bool {
    causes.iter().any(|c| c.explains(property, state))
        || (property == STOPPED_CLIENTS && !stoppers(causes, state).is_empty())
}

/// For stopped clients: the causes that stopped them, one per client, if
/// `causes` explain every one (empty otherwise, or if none stopped).
fn stoppers(causes: &[&Cause], state: &State) -> Vec<&'static str> {
    let mut names = Vec::new();
    for (u, l) in stopped_under_attack(state) {
        match causes.iter().find(|c| c.stops.is_some_and(|stops| stops(state, u, l))) {
            Some(c) if names.contains(&c.name) => {}
            Some(c) => names.push(c.name),
            None => return Vec::new(),
        }
    }
    names
}

/// The causes that together explain stopped clients no one cause explains
/// alone (empty if they do not).
pub fn joint_causes(property: &str, state: &State) -> Vec<&'static str> {
    if property != STOPPED_CLIENTS {
        return Vec::new();
    }
    stoppers(&CAUSES.iter().collect::<Vec<_>>(), state)
}

/// The excuse `dcverify check --unexplained` gives the checker: the whole
/// catalogue but the causes named in `forgotten`.
pub fn excuse_all_but(forgotten: &[&str]) -> Excuse {
    let forgotten: Vec<String> = forgotten.iter().map(|s| s.to_string()).collect();
    Excuse::new(move |property, state| {
        let known: Vec<&Cause> =
            CAUSES.iter().filter(|c| !forgotten.iter().any(|f| f == c.name)).collect();
        explained_by(&known, property, state)
    })
}

/// Whether the honest properties the catalogue explains are all quiescence
/// ones: then an excused check keeps the reduction's verdicts
/// (`docs/reduction.md`), since it judges them only at quiescent states,
/// which the reduction keeps exactly.
pub fn fits_reduction() -> bool {
    CAUSES
        .iter()
        .flat_map(|c| c.breaks)
        .all(|name| properties::by_name(name).is_none_or(|p| p.kind == Kind::Quiescence))
}
