//! `dcverify simulate`: seeded random walks through the model at bounds too
//! large to exhaust. Run `i` of seed `S` uses seed `S + i`, so any one walk
//! is reproduced by `--seed S+i --runs 1`.

use crate::rng::Rng;
use crate::trace::{Meta, Source, Trace, TraceStep};
use dcverify_model::properties::PROPERTIES;
use dcverify_model::{DcModel, State};

/// One walk and the properties it found violated, each at its first state.
pub struct Walk {
    pub seed: u64,
    pub trace: Trace,
    pub violations: Vec<(&'static str, usize)>,
}

/// The seed of run `i` of a simulation seeded with `seed`.
pub fn run_seed(seed: u64, i: u64) -> u64 {
    seed.wrapping_add(i)
}

/// A random walk of at most `depth` steps, uniformly among the enabled ones.
pub fn random_walk(model: &DcModel, seed: u64, depth: usize) -> Walk {
    let mut rng = Rng::new(seed);
    let mut state = State::initial();
    let mut steps = vec![TraceStep { action: None, state: state.clone() }];
    let mut violations: Vec<(&'static str, usize)> = Vec::new();
    let mut actions = Vec::new();
    let note = |state: &State, index: usize, violations: &mut Vec<(&'static str, usize)>| {
        for p in PROPERTIES.iter() {
            if !violations.iter().any(|(n, _)| *n == p.name) && !p.check(state) {
                violations.push((p.name, index));
            }
        }
    };
    note(&state, 0, &mut violations);
    for i in 1..=depth {
        actions.clear();
        model.enabled(&state, &mut actions);
        if actions.is_empty() {
            break;
        }
        let action = actions[rng.below(actions.len())];
        let Some(next) = model.step(&state, action) else { break };
        state = next;
        note(&state, i, &mut violations);
        steps.push(TraceStep { action: Some(action), state: state.clone() });
    }
    let mut meta = Meta::new(
        Source::Stateright,
        model.profile.name(),
        model.bounds.users,
        model.bounds.leaves,
    );
    meta.seed = Some(seed);
    meta.description = Some(if violations.is_empty() {
        format!("random walk (seed {seed}); no property violated")
    } else {
        let v: Vec<String> = violations.iter().map(|(n, i)| format!("{n} at state {i}")).collect();
        format!("random walk (seed {seed}); violates {}", v.join(", "))
    });
    Walk { seed, trace: Trace { meta, steps }, violations }
}
