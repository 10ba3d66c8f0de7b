//! Partial-order reduction (`docs/reduction.md`): the conditions its
//! argument rests on, checked on every reachable state at small bounds, and
//! what it must preserve — equal verdicts, equal quiescent states, and
//! every combination of the log and what the properties observe of each
//! user — measured against the full state space.

use dcverify_model::check::{run_check, CheckOptions};
use dcverify_model::properties::unique_pendings_of;
use dcverify_model::properties::{Kind, NamedProperty};
use dcverify_model::reduction::{after_read, ample_read, covers};
use dcverify_model::{Action, Bounds, DcModel, Log, Profile, State, Uid, PROPERTIES};
use stateright::{Checker, Model};
use std::collections::{BTreeMap, HashSet};

fn model(profile: Profile, users: usize, leaves: usize) -> DcModel {
    DcModel::new(profile, Bounds { users, leaves }).unwrap()
}

/// Every state reachable from the initial one, taking at each state the
/// steps `choose` gives.
fn reachable(model: &DcModel, choose: impl Fn(&State, &mut Vec<Action>)) -> HashSet<State> {
    let init = State::initial();
    let mut seen = HashSet::from([init.clone()]);
    let mut todo = vec![init];
    let mut actions = Vec::new();
    while let Some(state) = todo.pop() {
        actions.clear();
        choose(&state, &mut actions);
        for &a in &actions {
            let next = model.step(&state, a).expect("an enabled step has a next state");
            if seen.insert(next.clone()) {
                todo.push(next);
            }
        }
    }
    seen
}

fn full(model: &DcModel) -> HashSet<State> {
    reachable(model, |s, out| model.enabled(s, out))
}

fn reduced(model: &DcModel) -> HashSet<State> {
    let reducing = model.clone().with_reduction(true);
    reachable(model, |s, out| reducing.actions(s, out))
}

/// What the properties can tell of a state: the log, who is alive, and
/// what the safety properties read of each user (written out here, not
/// taken from `Observed`, so that a weaker `Observed` fails the test).
fn projection(state: &State) -> (Log, Vec<(Uid, bool, bool)>) {
    let users = state.alive().map(|(u, l)| (u, l.believes_dc(), unique_pendings_of(l)));
    (state.log.clone(), users.collect())
}

/// Small bounds of every profile where the full space is enumerable in a test.
fn small_bounds() -> Vec<(Profile, usize, usize)> {
    let mut out = Vec::new();
    for profile in Profile::ALL {
        out.extend([(profile, 2, 1), (profile, 3, 1), (profile, 3, 2)]);
    }
    out
}

#[test]
fn every_safety_property_reads_only_what_the_reduction_observes() {
    assert!(covers(&PROPERTIES));
    // A safety property the argument does not know is refused.
    let new = NamedProperty { name: "SomethingNew", kind: Kind::Safety, holds: |_| true };
    assert!(!covers(&[PROPERTIES[0], new]));
    let at_quiescence = NamedProperty { kind: Kind::Quiescence, ..new };
    assert!(covers(&[PROPERTIES[0], at_quiescence]));
}

/// The argument's premises, on every reachable state: a read commutes with
/// every other enabled step but its user's `Leave`, which erases it; it
/// neither enables nor disables another user's step.
#[test]
fn a_read_commutes_with_every_other_step_and_a_leave_erases_it() {
    for (profile, users, leaves) in
        [(Profile::Orange, 3, 2), (Profile::Fixed, 3, 2), (Profile::Healing, 3, 1)]
    {
        let m = model(profile, users, leaves);
        let mut checked = 0;
        for s in full(&m) {
            let mut enabled = Vec::new();
            m.enabled(&s, &mut enabled);
            for &read in enabled.iter().filter(|a| matches!(a, Action::Read(_))) {
                let Action::Read(u) = read else { unreachable!() };
                let after = m.step(&s, read).unwrap();
                // What the reduction computes of the read is the read.
                assert_eq!(
                    after_read(&s, profile, u).as_ref(),
                    after.local(u),
                    "{profile}: {read}"
                );
                let after_read = after;
                for &other in enabled.iter().filter(|&&a| a != read) {
                    let after_other = m.step(&s, other).unwrap();
                    if other == Action::Leave(u) {
                        assert_eq!(
                            m.step(&after_read, other).as_ref(),
                            Some(&after_other),
                            "{profile}: {read} then {other}"
                        );
                        continue;
                    }
                    let one = m.step(&after_read, other);
                    let two = m.step(&after_other, read);
                    assert!(
                        one.is_some() && one == two,
                        "{profile}: {read} and {other} do not commute"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{profile}: only {checked} pairs");
    }
}

/// Where the reduction picks a read, the state is not quiescent and the
/// read is a step of the full model.
#[test]
fn the_reduction_picks_an_enabled_read_or_nothing() {
    let m = model(Profile::Orange, 3, 2);
    for s in full(&m) {
        if let Some(a) = ample_read(&m, &s) {
            assert!(matches!(a, Action::Read(_)) && m.is_enabled(&s, a));
        }
    }
    // With a hostile server or a compromise, it never applies.
    let hostile = model(Profile::Orange, 3, 1).with_attacks(1);
    let stolen = model(Profile::Orange, 3, 1).with_compromises(1);
    for s in full(&model(Profile::Orange, 3, 1)) {
        assert_eq!((ample_read(&hostile, &s), ample_read(&stolen, &s)), (None, None));
    }
}

/// The lemma of `docs/reduction.md`: every combination of the log, the
/// alive users and what each observes that the full model reaches, the
/// reduced one reaches too (and the reduced states are full ones). So are
/// the quiescent states, exactly.
#[test]
fn the_reduced_space_keeps_every_observation_and_every_quiescent_state() {
    for (profile, users, leaves) in small_bounds() {
        let m = model(profile, users, leaves);
        let (all, some) = (full(&m), reduced(&m));
        assert!(
            some.is_subset(&all),
            "{profile} {users}/{leaves}: a reduced state the full model lacks"
        );
        let seen = |states: &HashSet<State>| states.iter().map(projection).collect::<HashSet<_>>();
        assert_eq!(seen(&all), seen(&some), "{profile} {users}/{leaves}: an observation lost");
        let quiescent = |states: &HashSet<State>| {
            states.iter().filter(|s| s.quiescent()).cloned().collect::<HashSet<_>>()
        };
        assert_eq!(
            quiescent(&all),
            quiescent(&some),
            "{profile} {users}/{leaves}: a quiescent state lost"
        );
        if users >= 3 {
            assert!(
                some.len() * 2 < all.len(),
                "{profile} {users}/{leaves}: {} of {} states",
                some.len(),
                all.len()
            );
        }
    }
}

fn verdicts(
    profile: Profile,
    users: usize,
    leaves: usize,
    reduce: bool,
) -> BTreeMap<&'static str, bool> {
    let opts = CheckOptions { reduce, ..CheckOptions::new(profile, Bounds { users, leaves }) };
    let report = run_check(&opts, &mut |_| None).unwrap();
    assert_eq!(report.reduced, reduce);
    report.properties.iter().map(|p| (p.name, p.holds)).collect()
}

/// Reduced and full checks give the same verdict for every property, and
/// they cannot agree vacuously: under `orange` the reduced check finds every
/// property the full one finds violated (7 of 13 at 4 users / 1 leave).
#[test]
fn reduced_and_full_checks_give_the_same_verdicts() {
    for profile in Profile::ALL {
        for (users, leaves) in [(3, 2), (4, 1)] {
            let (f, r) =
                (verdicts(profile, users, leaves, false), verdicts(profile, users, leaves, true));
            assert_eq!(f, r, "{profile} {users}/{leaves}");
        }
    }
    let orange = verdicts(Profile::Orange, 4, 1, true);
    assert_eq!(orange.values().filter(|holds| !**holds).count(), 7, "{orange:?}");
}

/// Every path the reduced checker finds to a violation is a path of the
/// full model ending in a state that violates the property.
#[test]
fn reduced_counterexamples_are_paths_of_the_full_model() {
    let m = model(Profile::Orange, 4, 1);
    let checker = m.clone().with_reduction(true).checker().spawn_bfs().join();
    let discoveries = checker.discoveries();
    assert_eq!(discoveries.len(), 7);
    for (name, path) in discoveries {
        let walked = m.walk_actions(&path.into_actions()).expect("a path of the full model");
        assert_eq!(m.holds(name, walked.last_state()), Some(false), "{name}");
    }
    assert_eq!(PROPERTIES.len(), 13);
}
