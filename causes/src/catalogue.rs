//! The catalogue: every known cause, most specific first.

use crate::cause::{stopped_under_attack, Cause, STOPPED_CLIENTS};
use crate::false_left_stops_client::FALSE_LEFT;
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
    Known::all().cause_of(property, state)
}

/// The causes a triage or a check takes as known: the catalogue, or the
/// catalogue with some left out (`--forget`) to see what they explain.
#[derive(Clone, Debug)]
pub struct Known(Vec<&'static Cause>);

/// A `--forget` name that is no cause of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCause(pub String);

impl std::fmt::Display for UnknownCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let all: Vec<&str> = CAUSES.iter().map(|c| c.name).collect();
        write!(f, "no cause is called `{}`; the catalogue has {}", self.0, all.join(", "))
    }
}

impl std::error::Error for UnknownCause {}

impl Known {
    /// Every cause of the catalogue.
    pub fn all() -> Self {
        Known(CAUSES.iter().collect())
    }

    /// Exactly these causes.
    pub fn only(causes: Vec<&'static Cause>) -> Self {
        Known(causes)
    }

    /// The catalogue without the causes called `forgotten`.
    pub fn all_but(forgotten: &[String]) -> Result<Self, UnknownCause> {
        if let Some(name) = forgotten.iter().find(|n| by_name(n).is_none()) {
            return Err(UnknownCause(name.clone()));
        }
        Ok(Known(CAUSES.iter().filter(|c| !forgotten.iter().any(|f| f == c.name)).collect()))
    }

    /// The first known cause that explains why `property` fails in `state`.
    pub fn cause_of(&self, property: &str, state: &State) -> Option<&'static Cause> {
        self.0.iter().copied().find(|c| c.explains(property, state))
    }

    /// Whether the known causes explain why `property` fails in `state`:
    /// one cause does, or (for stopped clients) each stopped client's own
    /// cause does, when several attacks stopped several users.
    pub fn explains(&self, property: &str, state: &State) -> bool {
        self.cause_of(property, state).is_some()
            || (property == STOPPED_CLIENTS
                && stopped_under_attack(state).all(|(u, l)| {
                    self.0.iter().any(|c| c.stops.is_some_and(|stops| stops(state, u, l)))
                }))
    }

    /// Whether every honest property these causes explain is a quiescence
    /// one: then an excused check keeps the reduction's verdicts
    /// (`docs/reduction.md`), since it judges them only at quiescent states,
    /// which the reduction keeps exactly.
    pub fn fits_reduction(&self) -> bool {
        self.0
            .iter()
            .flat_map(|c| c.breaks)
            .all(|name| properties::by_name(name).is_none_or(|p| p.kind == Kind::Quiescence))
    }

    /// These causes as the checker's excuse (`check --unexplained`).
    pub fn excuse(self) -> Excuse {
        Excuse::new(move |property, state| self.explains(property, state))
    }
}
