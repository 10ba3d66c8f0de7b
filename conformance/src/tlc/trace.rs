//! TLC error traces as model traces, and model traces as TLC's input.
//!
//! A TLC trace becomes an `.itf.json` trace by converting each state to the
//! model's and recovering the step between consecutive states: the one
//! enabled model action that leads from one to the next. That recovery is the
//! check that each TLC step is a step the stateright model allows.
//!
//! The other way, a model trace is written into a module that extends `DC`
//! and lets TLC take only `Next` steps that land on the trace's states; TLC
//! reaching the last state proves every step is a step of the spec.

use super::output::TraceState;
use super::state::{from_tla, to_tla, ShapeError};
use crate::trace::{Meta, Source, Trace, TraceStep};
use dcverify_model::{Action, DcModel, State};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecoveryError {
    /// A state's variables do not have the spec's shapes.
    Shape { state: usize, error: ShapeError },
    /// The first state is not the model's initial state.
    NotInitial,
    /// No model action leads from state `state - 1` to state `state`.
    NoStep { state: usize, label: String },
}

impl std::fmt::Display for RecoveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecoveryError::Shape { state, error } => write!(f, "TLC trace state {state}: {error}"),
            RecoveryError::NotInitial => {
                write!(f, "TLC trace state 1 is not the model's initial state")
            }
            RecoveryError::NoStep { state, label } => {
                write!(f, "TLC trace state {state} ({label}) is not reached by any step of the stateright model from state {}", state - 1)
            }
        }
    }
}

impl std::error::Error for RecoveryError {}

/// The model action that leads from `from` to `to`, if any.
pub fn recover_action(model: &DcModel, from: &State, to: &State) -> Option<Action> {
    let mut actions = Vec::new();
    model.enabled(from, &mut actions);
    actions.into_iter().find(|&a| model.step(from, a).as_ref() == Some(to))
}

/// A TLC error trace as a model trace with each step recovered.
pub fn model_trace(
    model: &DcModel,
    invariant: &str,
    tlc: &[TraceState],
) -> Result<Trace, RecoveryError> {
    let mut steps: Vec<TraceStep> = Vec::with_capacity(tlc.len());
    for (i, ts) in tlc.iter().enumerate() {
        let state =
            from_tla(&ts.vars).map_err(|error| RecoveryError::Shape { state: i + 1, error })?;
        let action = match steps.last() {
            None if state == State::initial() => None,
            None => return Err(RecoveryError::NotInitial),
            Some(prev) => {
                Some(recover_action(model, &prev.state, &state).ok_or_else(|| {
                    RecoveryError::NoStep { state: i + 1, label: ts.label.clone() }
                })?)
            }
        };
        steps.push(TraceStep { action, state });
    }
    let mut meta =
        Meta::new(Source::Tlc, model.profile.name(), model.bounds.users, model.bounds.leaves);
    meta.violates = Some(invariant.to_string());
    meta.description = Some(format!(
        "TLC error trace for invariant {invariant}, steps recovered through the stateright model"
    ));
    Ok(Trace { meta, steps })
}

/// Name of the invariant that [`trace_module`] makes TLC violate when it follows the whole trace.
pub const TRACE_FOLLOWED: &str = "TraceNotFollowed";

/// A module that constrains `DC` to the states of `states`: TLC violates
/// `TraceNotFollowed` exactly when it follows every state with `Init` and
/// `Next` and the last state violates `property` (when one is given).
pub fn trace_module(states: &[State], property: Option<&str>) -> String {
    let trace: Vec<String> = states.iter().map(to_tla).collect();
    let at_end = property.map_or_else(|| "FALSE".to_string(), |p| p.to_string());
    format!(
        "---- MODULE DCTrace ----\n\
         \\* Written by dcverify: DC constrained to one trace.\n\
         EXTENDS DC\n\
         VARIABLE i\n\
         Trace == <<\n{}\n>>\n\
         TraceInit == /\\ i = 1 /\\ Init /\\ log = Trace[1].log /\\ users = Trace[1].users\n\
         TraceNext == /\\ i < Len(Trace) /\\ Next /\\ i' = i + 1\n\
         \x20            /\\ log' = Trace[i + 1].log /\\ users' = Trace[i + 1].users\n\
         \\* Violated once the whole trace is followed and its last state violates the property.\n\
         {TRACE_FOLLOWED} == i < Len(Trace) \\/ {at_end}\n\
         ====\n",
        trace.join(",\n")
    )
}
