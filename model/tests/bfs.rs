//! The lean breadth-first search of `dcverify check` (`model/src/bfs.rs`)
//! against stateright's own: the same states, counted the same way, and
//! paths that are shortest and lead where they say.

use dcverify_model::bfs::Bfs;
use dcverify_model::shortest::shortest_counterexamples;
use dcverify_model::{Bounds, DcModel, Profile};
use stateright::{Checker, Model};
use std::collections::BTreeSet;

fn model(profile: Profile, users: usize, leaves: usize) -> DcModel {
    DcModel::new(profile, Bounds { users, leaves }).unwrap()
}

/// Honest, reduced, hostile and compromised models of every profile.
fn models() -> Vec<(String, DcModel)> {
    let mut all = Vec::new();
    for profile in Profile::ALL {
        let name = profile.name();
        all.push((format!("{name} 3/2"), model(profile, 3, 2)));
        all.push((format!("{name} 4/1 reduced"), model(profile, 4, 1).with_reduction(true)));
        all.push((format!("{name} 2/1 attacks 2"), model(profile, 2, 1).with_attacks(2)));
        all.push((format!("{name} 3/1 compromises 1"), model(profile, 3, 1).with_compromises(1)));
    }
    all
}

#[test]
fn it_finds_the_states_stateright_finds_counted_the_same_way() {
    for (name, m) in models() {
        let theirs = m.clone().checker().spawn_bfs().join();
        for threads in [1, 2] {
            let ours = Bfs::spawn(m.clone(), threads).join();
            assert_eq!(ours.unique, theirs.unique_state_count(), "{name}, {threads} thread(s)");
            assert_eq!(ours.generated, theirs.state_count(), "{name}, {threads} thread(s)");
            assert_eq!(ours.depth, theirs.max_depth(), "{name}, {threads} thread(s)");
            let violated: BTreeSet<_> = ours.discovered.keys().copied().collect();
            let expected: BTreeSet<_> = theirs.discoveries().into_keys().collect();
            assert_eq!(violated, expected, "{name}, {threads} thread(s)");
        }
    }
}

#[test]
fn its_paths_are_shortest_and_reach_a_violating_state() {
    for (name, m) in models() {
        let names: Vec<&'static str> = m.property_names();
        let shortest = shortest_counterexamples(&m, &names);
        for threads in [1, 2] {
            let ours = Bfs::spawn(m.clone(), threads).join();
            for (property, path) in &ours.discovered {
                let mut state = m.init_states().remove(0);
                for &action in path {
                    state = m
                        .next_state(&state, action)
                        .unwrap_or_else(|| panic!("{name}: {action} is not a step"));
                }
                assert_eq!(m.holds(property, &state), Some(false), "{name}: {property}");
                assert_eq!(path.len(), shortest[property].len(), "{name}: {property}");
                if threads == 1 {
                    // One thread meets states in the shortest-path pass's order.
                    assert_eq!(path, &shortest[property], "{name}: {property}");
                }
            }
        }
    }
}

#[test]
fn a_stop_request_ends_it_early() {
    let m = model(Profile::Orange, 3, 1);
    let whole = Bfs::spawn(m.clone(), 1).join();
    m.request_stop();
    let stopped = Bfs::spawn(m.clone(), 2).join();
    m.clear_stop_request();
    assert_eq!(stopped.unique, 1, "only the initial state");
    assert!(whole.unique > 1000);
}

#[test]
fn its_progress_counts_end_at_the_result() {
    // What `dcverify check` polls while the search runs: once it says it is
    // done, the counts are the final ones.
    let search = Bfs::spawn(model(Profile::Orange, 3, 2), 2);
    while !search.is_done() {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let polled = (search.unique_state_count(), search.state_count(), search.max_depth());
    let result = search.join();
    assert_eq!(polled, (result.unique, result.generated, result.depth));
    assert_eq!(result.unique, 8254);
}
