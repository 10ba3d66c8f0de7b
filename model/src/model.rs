//! The stateright model: profile and bounds as parameters, the four steps as
//! actions, and every property of PROTOCOL.md as an `always` property.

use crate::profile::Profile;
use crate::properties::PROPERTIES;
use crate::state::State;
use crate::steps::{self, Action, Branch};
use crate::uid::{Uid, MAX_UID};
use stateright::{Model, Property};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The bounds of a check: total users (founder included) and maximum leaves.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Bounds {
    pub users: usize,
    pub leaves: usize,
}

/// Bounds the model cannot represent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoundsError {
    NoUsers,
    TooManyUsers { users: usize },
}

impl fmt::Display for BoundsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BoundsError::NoUsers => write!(f, "--users must be at least 1 (the founder)"),
            BoundsError::TooManyUsers { users } => {
                write!(f, "--users {users} is more than the model's limit of {MAX_UID}")
            }
        }
    }
}

impl std::error::Error for BoundsError {}

/// The designated-committer protocol for one profile and bounds.
#[derive(Clone, Debug)]
pub struct DcModel {
    pub profile: Profile,
    pub bounds: Bounds,
    /// States expanded so far, for progress reports (queue = unique - expanded).
    expanded: Arc<AtomicUsize>,
}

impl DcModel {
    pub fn new(profile: Profile, bounds: Bounds) -> Result<Self, BoundsError> {
        if bounds.users == 0 {
            return Err(BoundsError::NoUsers);
        }
        if bounds.users > usize::from(MAX_UID) {
            return Err(BoundsError::TooManyUsers { users: bounds.users });
        }
        Ok(DcModel { profile, bounds, expanded: Arc::new(AtomicUsize::new(0)) })
    }

    /// How many states the checker has expanded (asked for actions) so far.
    pub fn expanded_count(&self) -> usize {
        self.expanded.load(Ordering::Relaxed)
    }

    /// The actions enabled in `state`, in a fixed order.
    pub fn enabled(&self, state: &State, actions: &mut Vec<Action>) {
        if state.joined_count() < self.bounds.users {
            actions.push(Action::Join);
        }
        let may_leave = state.left_count() < self.bounds.leaves;
        for (u, local) in state.alive() {
            if may_leave {
                actions.push(Action::Leave(u));
            }
            if !local.failed && local.cursor < state.log.len() {
                actions.push(Action::Read(u));
            }
            if !local.failed && !local.outbox.is_empty() {
                actions.push(Action::Send(u));
            }
        }
    }

    /// The state after `action`, or `None` when it is not enabled.
    pub fn step(&self, state: &State, action: Action) -> Option<State> {
        match action {
            Action::Join if state.joined_count() < self.bounds.users => {
                Some(steps::join(state, self.profile))
            }
            Action::Join => None,
            Action::Leave(_) if state.left_count() >= self.bounds.leaves => None,
            Action::Leave(u) => steps::leave(state, u),
            Action::Read(u) => steps::read(state, self.profile, u),
            Action::Send(u) => steps::send(state, self.profile, u),
        }
    }

    /// Like [`DcModel::step`], also telling which branches of PROTOCOL.md the step took.
    pub fn step_branches(&self, state: &State, action: Action) -> Option<(State, Vec<Branch>)> {
        let mut branches = Vec::new();
        let next = match action {
            Action::Read(u) => steps::read_branches(state, self.profile, u, &mut branches)?,
            Action::Join => {
                let next = self.step(state, action)?;
                let founds = state.alive().next().is_none();
                branches.push(if founds { Branch::JoinFounds } else { Branch::Join });
                next
            }
            Action::Leave(_) => {
                branches.push(Branch::Leave);
                self.step(state, action)?
            }
            Action::Send(_) => {
                branches.push(Branch::Send);
                self.step(state, action)?
            }
        };
        Some((next, branches))
    }

    /// The uids this model can hand out.
    pub fn uids(&self) -> impl Iterator<Item = Uid> {
        1..=self.bounds.users as Uid
    }
}

/// Property `I` of [`PROPERTIES`] as the plain `fn` stateright wants.
fn property<const I: usize>(_: &DcModel, state: &State) -> bool {
    PROPERTIES[I].check(state)
}

impl Model for DcModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        vec![State::initial()]
    }

    fn actions(&self, state: &State, actions: &mut Vec<Action>) {
        self.expanded.fetch_add(1, Ordering::Relaxed);
        self.enabled(state, actions);
    }

    fn next_state(&self, state: &State, action: Action) -> Option<State> {
        self.step(state, action)
    }

    fn format_action(&self, action: &Action) -> String {
        action.to_string()
    }

    fn format_step(&self, last_state: &State, action: Action) -> Option<String> {
        let next = self.step(last_state, action)?;
        Some(format!("{action}: {}", crate::describe::describe_step(last_state, action, &next)))
    }

    fn properties(&self) -> Vec<Property<Self>> {
        let conditions: [fn(&DcModel, &State) -> bool; PROPERTIES.len()] = [
            property::<0>,
            property::<1>,
            property::<2>,
            property::<3>,
            property::<4>,
            property::<5>,
            property::<6>,
            property::<7>,
            property::<8>,
            property::<9>,
            property::<10>,
            property::<11>,
            property::<12>,
        ];
        PROPERTIES.iter().zip(conditions).map(|(p, c)| Property::always(p.name, c)).collect()
    }
}
