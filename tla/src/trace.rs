//! TLC error traces as model traces, and model traces as TLC's input.
//!
//! A TLC trace becomes an `.itf.json` trace by converting each state to the
//! model's and letting the model's trace walker recover the step between
//! consecutive states: that recovery is the check that each TLC step is a
//! step the stateright model allows.
//!
//! The other way, a model trace is written as the data module
//! `DCTraceData` that the committed `DCTrace.tla` follows: TLC reaching the
//! last state proves every step is a step of the spec.

use crate::output::TraceState;
use crate::state::{from_tla, to_tla, ShapeError};
use dcverify_model::{DcModel, State, WalkError};
use dcverify_trace::{path_trace, Meta, Source, Trace};

/// The module that constrains `DC.tla` to one trace (its data module aside).
pub const TRACE_SPEC: &str = include_str!("../DCTrace.tla");

/// The invariant of `DCTrace.tla` that TLC violates once it followed the whole trace.
pub const TRACE_FOLLOWED: &str = "TraceNotFollowed";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecoveryError {
    /// A state's variables do not have the spec's shapes.
    Shape { state: usize, error: ShapeError },
    /// The model's walker could not follow the trace.
    Walk { error: WalkError, labels: Vec<String> },
}

impl std::fmt::Display for RecoveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecoveryError::Shape { state, error } => write!(f, "TLC trace state {state}: {error}"),
            RecoveryError::Walk { error, labels } => {
                let label = match error {
                    WalkError::NoStep { step } | WalkError::NotEnabled { step, .. } => {
                        labels.get(*step).map(String::as_str).unwrap_or("")
                    }
                    _ => "",
                };
                write!(f, "TLC trace (states counted from 0): {error} {label}")
            }
        }
    }
}

impl std::error::Error for RecoveryError {}

/// A TLC error trace as a model trace with each step recovered.
pub fn model_trace(
    model: &DcModel,
    invariant: &str,
    tlc: &[TraceState],
) -> Result<Trace, RecoveryError> {
    let states = tlc
        .iter()
        .enumerate()
        .map(|(i, ts)| {
            from_tla(&ts.vars).map_err(|error| RecoveryError::Shape { state: i + 1, error })
        })
        .collect::<Result<Vec<State>, _>>()?;
    let path = model.walk_states(&states).map_err(|error| RecoveryError::Walk {
        error,
        labels: tlc.iter().map(|t| t.label.clone()).collect(),
    })?;
    let mut meta =
        Meta::new(Source::Tlc, model.profile.name(), model.bounds.users, model.bounds.leaves);
    meta.attacks = model.attacks;
    meta.violates = Some(invariant.to_string());
    meta.description = Some(format!(
        "TLC error trace for invariant {invariant}, steps recovered through the stateright model"
    ));
    Ok(path_trace(meta, &path))
}

/// The data module `DCTraceData` holding `states` for `DCTrace.tla`.
pub fn trace_data_module(states: &[State]) -> String {
    let trace: Vec<String> = states.iter().map(to_tla).collect();
    format!(
        "---- MODULE DCTraceData ----\n\
         EXTENDS Integers\n\
         \\* Written by dcverify: the states of one trace, for DCTrace.tla\n\
         \\* (Integers: a leaf the server holds is a negated uid).\n\
         TraceStates == <<\n{}\n>>\n\
         ====\n",
        trace.join(",\n")
    )
}
