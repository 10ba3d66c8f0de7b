//! What a cause is: a page of the catalogue and the classifier that
//! recognises it.

use dcverify_model::{Local, State, Uid};

/// One root cause: the page that explains it and the predicate that says
/// when it explains a violation.
#[derive(Clone, Copy, Debug)]
pub struct Cause {
    /// Its short name, the file stem of its page: `fork-after-lost-add`.
    pub name: &'static str,
    /// Its page, from the repository's root.
    pub page: &'static str,
    /// The properties whose violations it can explain.
    pub breaks: &'static [&'static str],
    /// Whether it explains why `property` fails in the state: every
    /// witness of the failure (a user, a pair of nodes, a Welcome) is one
    /// this cause produces. Asked only of properties in `breaks`, in a
    /// state where the property fails. `None` for a cause whose only
    /// witnesses are stopped clients (see `stops`).
    pub classify: Option<Classify>,
    /// For a cause that stops clients: whether it stopped this alive user's
    /// client. `NoPermanentFailure` is judged user by user with it, so that
    /// two attacks stopping two users explain the violation together.
    pub stops: Option<Stops>,
}

/// Whether a cause explains why `property` fails in `state`.
pub type Classify = fn(property: &str, state: &State) -> bool;

/// Whether a cause stopped the client of user `u`, whose state is `local`.
pub type Stops = fn(state: &State, u: Uid, local: &Local) -> bool;

/// The property whose witnesses are stopped clients, one by one.
pub const STOPPED_CLIENTS: &str = "NoPermanentFailure";

impl Cause {
    /// Whether this cause explains the violation of `property` in `state`.
    pub fn explains(&self, property: &str, state: &State) -> bool {
        if !self.breaks.contains(&property) {
            return false;
        }
        match (property, self.stops) {
            (STOPPED_CLIENTS, Some(stops)) => {
                let mut stopped = stopped_under_attack(state).peekable();
                stopped.peek().is_some() && stopped.all(|(u, l)| stops(state, u, l))
            }
            _ => self.classify.is_some_and(|classify| classify(property, state)),
        }
    }
}

/// The alive users that failed since the server's first step: the
/// witnesses against `NoPermanentFailure`.
pub fn stopped_under_attack(state: &State) -> impl Iterator<Item = (Uid, &Local)> {
    state.alive().filter(|(u, _)| state.failed_under_attack.contains(*u))
}
