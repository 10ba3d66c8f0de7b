//! Pins the exhaustive state counts and verdicts of small bounds, so that any
//! change to the model's behaviour shows up here (and in the TLC agreement).

use dcverify_model::*;
use stateright::{Checker, Model};
use std::collections::BTreeSet;

fn check(users: usize, leaves: usize) -> (usize, BTreeSet<&'static str>) {
    let m = DcModel::new(Profile::Orange, Bounds { users, leaves }).unwrap();
    let c = m.checker().spawn_bfs().join();
    (c.unique_state_count(), c.discoveries().into_keys().collect())
}

const QUIESCENCE_FAILURES: [&str; 7] =
    ["AllAdmitted", "JoinsWelcomed", "NoFailure", "NothingPending", "OneEpoch", "RosterIsRoom", "WelcomesAdded"];

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
