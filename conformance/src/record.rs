//! `dcverify record`: the other direction. The simulated delivery service runs
//! real clients under a seeded random schedule; every step taken is then
//! checked against the model: it must be enabled in the model's state, and the
//! model's next state must match what the clients show. The recording is a
//! trace (source `implementation`) whose states are the model's.

use crate::compare::{compare, EpochBinding, FieldDiff};
use crate::delivery_service::DeliveryService;
use crate::rng::Rng;
use crate::trace::{Meta, Source, Trace, TraceStep};
use dcverify_impl::Mutant;
use dcverify_model::{Action, DcModel, State};
use serde::Serialize;

/// The first step of the implementation the model does not allow.
#[derive(Clone, Debug, Serialize)]
pub struct Disallowed {
    /// Index of the state it leads to.
    pub step: usize,
    pub action: String,
    pub why: String,
    pub diffs: Vec<FieldDiff>,
}

pub struct Recording {
    pub seed: u64,
    pub trace: Trace,
    pub disallowed: Option<Disallowed>,
    pub error: Option<String>,
}

/// Runs the implementation for at most `depth` steps within the model's bounds.
pub fn record(model: &DcModel, seed: u64, depth: usize, mutant: Option<Mutant>) -> Recording {
    let mut meta = Meta::new(
        Source::Implementation,
        model.profile.name(),
        model.bounds.users,
        model.bounds.leaves,
    );
    meta.seed = Some(seed);
    meta.description = Some(format!(
        "real clients under a random schedule (seed {seed}), checked against the model"
    ));
    let mut rec = Recording {
        seed,
        trace: Trace { meta, steps: vec![TraceStep { action: None, state: State::initial() }] },
        disallowed: None,
        error: None,
    };
    let mut ds = match DeliveryService::with_mutant(model.profile, mutant) {
        Ok(ds) => ds,
        Err(e) => {
            rec.error = Some(e.to_string());
            return rec;
        }
    };
    let mut rng = Rng::new(seed);
    let mut binding = EpochBinding::default();
    let mut state = State::initial();
    let mut candidates = Vec::new();
    for step in 1..=depth {
        candidates.clear();
        ds.enabled(&mut candidates);
        // Only the environment's steps are bounded: the users' own steps are what is checked.
        candidates.retain(|a| match a {
            Action::Join => ds.users().len() < model.bounds.users,
            Action::Leave(_) => ds.left_count() < model.bounds.leaves,
            _ => true,
        });
        if candidates.is_empty() {
            break;
        }
        let action = candidates[rng.below(candidates.len())];
        if let Err(e) = ds.apply(action) {
            rec.disallowed = Some(Disallowed {
                step,
                action: action.to_string(),
                why: format!("the implementation could not take it: {e}"),
                diffs: Vec::new(),
            });
            break;
        }
        // `step` is defined exactly on the steps the model allows here.
        let Some(next) = model.step(&state, action) else {
            rec.disallowed = Some(Disallowed {
                step,
                action: action.to_string(),
                why: "the model does not allow this step here".into(),
                diffs: Vec::new(),
            });
            break;
        };
        let diffs = compare(&next, &ds, &mut binding);
        state = next;
        rec.trace.steps.push(TraceStep { action: Some(action), state: state.clone() });
        if !diffs.is_empty() {
            rec.disallowed = Some(Disallowed {
                step,
                action: action.to_string(),
                why: "the implementation's state is not the model's next state".into(),
                diffs,
            });
            break;
        }
    }
    rec
}
