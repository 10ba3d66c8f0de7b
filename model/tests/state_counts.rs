//! Pins the exhaustive state counts and verdicts of small bounds, so that any
//! change to the model's behaviour shows up here (and in the TLC agreement).

use dcverify_model::*;
use stateright::{Checker, Model};
use std::collections::BTreeSet;

fn check(users: usize, leaves: usize) -> (usize, BTreeSet<&'static str>) {
    check_profile(Profile::Orange, users, leaves)
}

fn check_profile(profile: Profile, users: usize, leaves: usize) -> (usize, BTreeSet<&'static str>) {
    let m = DcModel::new(profile, Bounds { users, leaves }).unwrap();
    let c = m.checker().spawn_bfs().join();
    (c.unique_state_count(), c.discoveries().into_keys().collect())
}

const QUIESCENCE_FAILURES: [&str; 7] = [
    "AllAdmitted",
    "JoinsWelcomed",
    "NoFailure",
    "NothingPending",
    "OneEpoch",
    "RosterIsRoom",
    "WelcomesAdded",
];

#[test]
fn orange_three_users_one_leave() {
    let (unique, violated) = check(3, 1);
    assert_eq!(unique, 3963);
    assert_eq!(violated, QUIESCENCE_FAILURES.into_iter().collect());
}

#[test]
fn orange_three_users_two_leaves() {
    let (unique, violated) = check(3, 2);
    assert_eq!(unique, 8254);
    assert_eq!(violated, QUIESCENCE_FAILURES.into_iter().collect());
}

#[test]
fn orange_without_leaves_is_correct() {
    let (unique, violated) = check(4, 0);
    assert_eq!(unique, 36735);
    assert!(violated.is_empty(), "{violated:?}");
}

#[test]
fn fixed_holds_every_property_at_small_bounds() {
    // 4/3 is the smallest bound at which leaving out any part of `fixed`'s
    // rule 4 that matters shows (docs/mutants.md).
    let bounds = [(3, 1, 1479), (3, 2, 2773), (3, 3, 3074), (4, 1, 80183), (4, 3, 316171)];
    for (users, leaves, unique) in bounds {
        let (n, violated) = check_profile(Profile::Fixed, users, leaves);
        assert_eq!(n, unique, "fixed {users}/{leaves}");
        assert!(violated.is_empty(), "fixed {users}/{leaves}: {violated:?}");
    }
}

/// `step` refuses exactly the steps `enabled` leaves out, in every reachable
/// state of both profiles: callers can rely on `step` alone.
#[test]
fn step_is_defined_exactly_on_enabled_actions() {
    use stateright::StateRecorder;
    for profile in Profile::ALL {
        let m = DcModel::new(profile, Bounds { users: 3, leaves: 2 }).unwrap();
        let (recorder, states) = StateRecorder::new_with_accessor();
        m.clone().checker().visitor(recorder).spawn_bfs().join();
        let everything: Vec<Action> = std::iter::once(Action::Join)
            .chain((0..=4).flat_map(|u| [Action::Leave(u), Action::Read(u), Action::Send(u)]))
            .collect();
        for state in states() {
            let mut enabled = Vec::new();
            m.enabled(&state, &mut enabled);
            for &a in &everything {
                assert_eq!(
                    m.step(&state, a).is_some(),
                    enabled.contains(&a),
                    "{profile}: {a} in {state:?}"
                );
            }
        }
    }
}
