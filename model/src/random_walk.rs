//! Seeded random walks through the model at bounds too large to exhaust
//! (`dcverify simulate`). Run `i` of seed `S` uses seed `S + i`, so any one
//! walk is reproduced by `--seed S+i --runs 1`.

use crate::walk::{Path, Walked};
use crate::{DcModel, State};
use dcverify_protocol::Rng;

/// One walk and the properties it violated, each at the first state that does.
pub struct RandomWalk {
    pub seed: u64,
    pub path: Path,
    pub violations: Vec<(&'static str, usize)>,
    /// It stopped because no step was enabled (rather than at the depth).
    pub ended: bool,
}

/// The seed of run `i` of a simulation seeded with `seed`.
pub fn run_seed(seed: u64, i: u64) -> u64 {
    seed.wrapping_add(i)
}

/// A random walk of at most `depth` steps, uniformly among the enabled ones.
pub fn random_walk(model: &DcModel, seed: u64, depth: usize) -> RandomWalk {
    let mut rng = Rng::new(seed);
    let mut walk = RandomWalk {
        seed,
        path: Path { initial: State::initial(), steps: Vec::new() },
        violations: Vec::new(),
        ended: false,
    };
    note_violations(model, &mut walk.violations, &walk.path.initial, 0);
    let mut actions = Vec::new();
    for i in 1..=depth + 1 {
        let state = walk.path.last_state();
        actions.clear();
        model.enabled(state, &mut actions);
        walk.ended = actions.is_empty();
        if walk.ended || i > depth {
            break;
        }
        let choice = rng.below(actions.len());
        let action = actions[choice];
        let Some((next, branches)) = model.step_branches(state, action) else { break };
        note_violations(model, &mut walk.violations, &next, i);
        walk.path.steps.push(Walked { action, choice, branches, state: next });
    }
    walk
}

fn note_violations(
    model: &DcModel,
    found: &mut Vec<(&'static str, usize)>,
    state: &State,
    index: usize,
) {
    for name in model.violated(state) {
        if !found.iter().any(|(n, _)| *n == name) {
            found.push((name, index));
        }
    }
}
