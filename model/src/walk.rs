//! The trace walker: the one place where a path given from outside (a list
//! of actions, a trace of states, a TLC error trace) is followed through the
//! model, step by step, recovering what the outside did not say: the action
//! (from two states), the state (from an action), the branches each step
//! took, and each action's place among the enabled ones (the stateright
//! Explorer's URLs count those). Replays, TLC traces, counterexamples,
//! corpora and the viewer all walk through here.

use crate::epoch_names::EpochNames;
use crate::model::DcModel;
use crate::state::State;
use crate::state_diff::{state_diff, FieldDiff};
use dcverify_protocol::{Action, Branch};
use std::fmt;

/// What is known of one step of a path: its action, the state it leads to, or both.
#[derive(Clone, Copy, Debug)]
pub struct Expected<'a> {
    pub action: Option<Action>,
    pub state: Option<&'a State>,
}

/// One step the model took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walked {
    pub action: Action,
    /// The action's index among those enabled in the state before it.
    pub choice: usize,
    pub branches: Vec<Branch>,
    pub state: State,
}

/// A path through the model from its initial state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub initial: State,
    pub steps: Vec<Walked>,
}

impl Path {
    /// The states, the initial one first.
    pub fn states(&self) -> impl Iterator<Item = &State> {
        std::iter::once(&self.initial).chain(self.steps.iter().map(|s| &s.state))
    }

    pub fn actions(&self) -> impl Iterator<Item = Action> + '_ {
        self.steps.iter().map(|s| s.action)
    }

    pub fn last_state(&self) -> &State {
        self.steps.last().map_or(&self.initial, |s| &s.state)
    }
}

/// Why a path is not a behaviour of the model. `step` counts from 1: step
/// `i` leads from state `i - 1` to state `i`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WalkError {
    /// The first state is not the model's initial state.
    NotInitial,
    /// The step says neither its action nor its state.
    Unknown { step: usize },
    /// The action is not enabled where it is taken, and why.
    NotEnabled { step: usize, action: Action, why: String },
    /// The action is enabled but does not lead to the given state: every
    /// field that differs, `left` what the model makes, `right` what was given.
    WrongState { step: usize, action: Action, diffs: Vec<FieldDiff> },
    /// No enabled action leads to the given state.
    NoStep { step: usize },
}

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WalkError::NotInitial => write!(f, "state 0 is not the model's initial state"),
            WalkError::Unknown { step } => write!(f, "state {step} has no action and no state"),
            WalkError::NotEnabled { step, action, why } => {
                write!(f, "step {step}: {action} is not enabled in state {} ({why})", step - 1)
            }
            WalkError::WrongState { step, action, diffs } => {
                write!(
                    f,
                    "state {step} is not what step {step} ({action}) makes of state {}",
                    step - 1
                )?;
                for d in diffs {
                    write!(f, "; {}: expected {}, found {}", d.field, d.left, d.right)?;
                }
                Ok(())
            }
            WalkError::NoStep { step } => {
                write!(
                    f,
                    "state {step} is not reached by any step of the model from state {}",
                    step - 1
                )
            }
        }
    }
}

impl std::error::Error for WalkError {}

impl DcModel {
    /// Follows `steps` from the initial state (which `initial`, when given,
    /// must be).
    pub fn walk<'a>(
        &self,
        initial: Option<&State>,
        steps: impl IntoIterator<Item = Expected<'a>>,
    ) -> Result<Path, WalkError> {
        let start = State::initial();
        if initial.is_some_and(|s| *s != start) {
            return Err(WalkError::NotInitial);
        }
        let mut path = Path { initial: start, steps: Vec::new() };
        let mut enabled = Vec::new();
        for (i, expected) in steps.into_iter().enumerate() {
            let step = i + 1;
            let before = path.last_state();
            enabled.clear();
            self.enabled(before, &mut enabled);
            let walked = match (expected.action, expected.state) {
                (None, None) => return Err(WalkError::Unknown { step }),
                (Some(action), wanted) => {
                    let not_enabled = || WalkError::NotEnabled {
                        step,
                        action,
                        why: self.why_disabled(before, action).unwrap_or_default(),
                    };
                    let choice =
                        enabled.iter().position(|&a| a == action).ok_or_else(not_enabled)?;
                    let (state, branches) =
                        self.step_branches(before, action).ok_or_else(not_enabled)?;
                    if let Some(wanted) = wanted.filter(|w| **w != state) {
                        let names = EpochNames::for_states([before, &state, wanted]);
                        let diffs = state_diff(&state, wanted, &names);
                        return Err(WalkError::WrongState { step, action, diffs });
                    }
                    Walked { action, choice, branches, state }
                }
                (None, Some(wanted)) => enabled
                    .iter()
                    .enumerate()
                    .find_map(|(choice, &action)| {
                        let (state, branches) = self.step_branches(before, action)?;
                        (state == *wanted).then_some(Walked { action, choice, branches, state })
                    })
                    .ok_or(WalkError::NoStep { step })?,
            };
            path.steps.push(walked);
        }
        Ok(path)
    }

    /// The path that takes `actions` from the initial state.
    pub fn walk_actions(&self, actions: &[Action]) -> Result<Path, WalkError> {
        self.walk(None, actions.iter().map(|&a| Expected { action: Some(a), state: None }))
    }

    /// The path through `states`, the first of which is the initial state,
    /// with each step's action recovered.
    pub fn walk_states(&self, states: &[State]) -> Result<Path, WalkError> {
        let (first, rest) = states.split_first().ok_or(WalkError::NotInitial)?;
        self.walk(Some(first), rest.iter().map(|s| Expected { action: None, state: Some(s) }))
    }
}
