//! `dcverify record`: the other direction. The simulated room runs clients of
//! the implementation under test under a seeded random schedule; every step
//! taken is then checked against the model: it must be enabled in the
//! model's state, a `Read` must take the model's branches, and the model's
//! next state must match what the clients show. The recording is a trace
//! (source `implementation`) whose states are the model's.

use crate::compare::{compare, compare_branches, EpochBinding, FieldDiff};
use crate::room::{Room, Step};
use dcverify_model::{Action, DcModel, State};
use dcverify_protocol::{Implementation, Rng};
use dcverify_trace::{Meta, Source, Trace, TraceStep};
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
pub fn record(
    model: &DcModel,
    implementation: &dyn Implementation,
    seed: u64,
    depth: usize,
) -> Recording {
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
    let mut room = match Room::new(implementation, model.profile) {
        Ok(room) => room,
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
        room.enabled(&mut candidates);
        // Only the environment's steps are bounded: the users' own steps are what is checked.
        candidates.retain(|a| match a {
            Action::Join => room.users().len() < model.bounds.users,
            Action::Leave(_) => room.left_count() < model.bounds.leaves,
            _ => true,
        });
        if candidates.is_empty() {
            break;
        }
        let action = candidates[rng.below(candidates.len())];
        let done = match room.apply(action) {
            Ok(done) => done,
            Err(e) => {
                rec.disallowed = Some(Disallowed {
                    step,
                    action: action.to_string(),
                    why: format!("the implementation could not take it: {e}"),
                    diffs: Vec::new(),
                });
                break;
            }
        };
        // `step_branches` is defined exactly on the steps the model allows here.
        let Some((next, branches)) = model.step_branches(&state, action) else {
            rec.disallowed = Some(Disallowed {
                step,
                action: action.to_string(),
                why: "the model does not allow this step here".into(),
                diffs: Vec::new(),
            });
            break;
        };
        let mut diffs = Vec::new();
        if let (Step::Read(reading), Some(u)) = (&done, action.actor()) {
            diffs.extend(reading.rejected.iter().map(|e| FieldDiff {
                uid: Some(u),
                field: "step".into(),
                expected: format!("{action} succeeds"),
                actual: e.to_string(),
            }));
            let reported: Vec<_> =
                reading.outcomes.iter().flat_map(|o| o.branches.clone()).collect();
            diffs.extend(compare_branches(u, &branches, &reported));
        }
        diffs.extend(compare(&next, &room, &mut binding));
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
