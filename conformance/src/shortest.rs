//! Shortest counterexamples. stateright's BFS keeps the *last* violating path
//! it meets for a property, which need not be the shortest; this breadth-first
//! pass over the same model records the *first* violating state of each
//! property in depth order, which is.

use dcverify_model::properties::by_name;
use dcverify_model::{Action, DcModel, State};
use std::collections::{BTreeMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// For each property in `names` that some reachable state violates, the actions
/// of a shortest path from the initial state to such a state.
pub fn shortest_counterexamples(model: &DcModel, names: &[&'static str]) -> BTreeMap<&'static str, Vec<Action>> {
    let props: Vec<_> = names.iter().filter_map(|n| by_name(n)).collect();
    let mut found: BTreeMap<&'static str, Vec<Action>> = BTreeMap::new();
    // Each discovered state's parent and the action from it, for rebuilding paths.
    let mut tree: Vec<(usize, Option<Action>)> = vec![(0, None)];
    let init = State::initial();
    // Fingerprints, as stateright keeps them: a 64-bit hash per state.
    let mut seen: HashSet<u64> = HashSet::from([fingerprint(&init)]);
    let mut frontier = vec![(init, 0usize)];
    let mut actions = Vec::new();
    while !frontier.is_empty() && found.len() < props.len() {
        let mut next_frontier = Vec::new();
        for (state, id) in frontier {
            for p in &props {
                if !found.contains_key(p.name) && !p.check(&state) {
                    found.insert(p.name, path_to(&tree, id));
                }
            }
            actions.clear();
            model.enabled(&state, &mut actions);
            for &action in &actions {
                if let Some(next) = model.step(&state, action) {
                    if seen.insert(fingerprint(&next)) {
                        tree.push((id, Some(action)));
                        next_frontier.push((next, tree.len() - 1));
                    }
                }
            }
        }
        frontier = next_frontier;
    }
    found
}

fn fingerprint(state: &State) -> u64 {
    let mut h = DefaultHasher::new();
    state.hash(&mut h);
    h.finish()
}

fn path_to(tree: &[(usize, Option<Action>)], mut id: usize) -> Vec<Action> {
    let mut actions = Vec::new();
    while let (parent, Some(action)) = tree[id] {
        actions.push(action);
        id = parent;
    }
    actions.reverse();
    actions
}

/// The states visited by `actions` from the initial state, each with the
/// action that led to it; `None` if some action is not enabled where it is taken.
pub fn replay(model: &DcModel, actions: &[Action]) -> Option<Vec<(Option<Action>, State)>> {
    let mut states = vec![(None, State::initial())];
    for &action in actions {
        let last = &states.last()?.1;
        let mut enabled = Vec::new();
        model.enabled(last, &mut enabled);
        if !enabled.contains(&action) {
            return None;
        }
        let next = model.step(last, action)?;
        states.push((Some(action), next));
    }
    Some(states)
}
