//! Shortest paths to goals, by breadth-first search over the model.
//!
//! stateright's BFS keeps the *last* violating path it meets for a property,
//! which need not be the shortest; this pass records the *first* path in
//! depth order to each goal — a state violating a property, or a step taking
//! a branch of the protocol's rules — which is a shortest one.

use crate::bfs::fingerprint;
use crate::{Action, Branch, DcModel, State};
use std::collections::{BTreeMap, HashSet};

/// Something a path can reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Goal {
    /// A state that violates the property.
    Violates(&'static str),
    /// A step that takes the branch.
    Covers(Branch),
    /// A state where a stolen copy has read this many epochs after its
    /// theft (`docs/pcs.md`, "Exposure").
    Exposure(usize),
}

/// A shortest path from the initial state to each reachable goal in `goals`
/// (among the paths a reduced search takes, for a model with reduction).
pub fn shortest_paths(model: &DcModel, goals: &[Goal]) -> BTreeMap<Goal, Vec<Action>> {
    let mut found: BTreeMap<Goal, Vec<Action>> = BTreeMap::new();
    let wanted =
        |g: &Goal, found: &BTreeMap<Goal, Vec<Action>>| goals.contains(g) && !found.contains_key(g);
    // Each discovered state's parent and the action from it, for rebuilding paths.
    let mut tree: Vec<(usize, Option<Action>)> = vec![(0, None)];
    let init = State::initial();
    // Fingerprints, as stateright keeps them: a 64-bit hash per state.
    let mut seen: HashSet<u64> = HashSet::from([fingerprint(&init)]);
    let mut frontier = vec![(init, 0usize)];
    let mut actions = Vec::new();
    while !frontier.is_empty() && found.len() < goals.len() {
        let mut next_frontier = Vec::new();
        for (state, id) in frontier {
            for g in goals {
                let reached = match g {
                    Goal::Violates(name) => model.holds(name, &state) == Some(false),
                    Goal::Exposure(n) => crate::pcs::exposure(&state) >= *n,
                    Goal::Covers(_) => false,
                };
                if reached && wanted(g, &found) {
                    found.insert(*g, path_to(&tree, id));
                }
            }
            actions.clear();
            model.explored(&state, &mut actions);
            for &action in &actions {
                let Some((next, branches)) = model.step_branches(&state, action) else { continue };
                for b in branches {
                    if wanted(&Goal::Covers(b), &found) {
                        let mut path = path_to(&tree, id);
                        path.push(action);
                        found.insert(Goal::Covers(b), path);
                    }
                }
                if seen.insert(fingerprint(&next)) {
                    tree.push((id, Some(action)));
                    next_frontier.push((next, tree.len() - 1));
                }
            }
        }
        frontier = next_frontier;
    }
    found
}

/// For each property in `names` that some reachable state violates, the
/// actions of a shortest path to such a state.
pub fn shortest_counterexamples(
    model: &DcModel,
    names: &[&'static str],
) -> BTreeMap<&'static str, Vec<Action>> {
    let goals: Vec<Goal> = names.iter().map(|n| Goal::Violates(n)).collect();
    shortest_paths(model, &goals)
        .into_iter()
        .filter_map(|(g, path)| match g {
            Goal::Violates(name) => Some((name, path)),
            Goal::Covers(_) | Goal::Exposure(_) => None,
        })
        .collect()
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
