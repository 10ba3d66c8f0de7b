//! The TLA+ spec and the stateright model agree: equal state counts and
//! verdicts at several bounds, equal sets of reachable states at a small one,
//! and each side's counterexamples are behaviours of the other.
//!
//! These tests need Java and TLC; the README's test command installs TLC. If
//! either is missing they fail and say how to install it.

use dcverify_model::check::{run_check, CheckOptions, CheckReport};
use dcverify_model::{Bounds, DcModel, Profile, State};
use dcverify_tlc::check::{report_trace, spec_follows, tlc_check, tlc_reachable_states};
use dcverify_tlc::config::{config_file_name, config_text};
use dcverify_tlc::run::{check_java, locate_jar};
use stateright::{Checker, Model, StateRecorder};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Bounds compared for every profile; the largest takes TLC well under a minute.
const BOUNDS: [Bounds; 3] = [
    Bounds { users: 2, leaves: 1 },
    Bounds { users: 3, leaves: 1 },
    Bounds { users: 3, leaves: 2 },
];

fn jar() -> PathBuf {
    if let Err(e) = check_java() {
        panic!("{e}");
    }
    locate_jar().unwrap_or_else(|e| panic!("{e}"))
}

fn stateright(model: &DcModel) -> CheckReport {
    let opts = CheckOptions {
        attacks: model.attacks,
        compromises: model.compromises,
        ..CheckOptions::new(model.profile, model.bounds)
    };
    run_check(&opts, &mut |_| None).unwrap()
}

fn model(profile: Profile, bounds: Bounds, attacks: usize) -> DcModel {
    DcModel::new(profile, bounds).unwrap().with_attacks(attacks)
}

/// TLC and stateright explore `model`'s space: equal distinct and generated
/// counts, equal verdicts, shortest counterexamples of equal length, and
/// TLC's counterexamples are paths of the model ending in a violation.
fn assert_counts_and_verdicts_agree(jar: &std::path::Path, model: &DcModel) {
    let (profile, bounds) = (model.profile, model.bounds);
    let sr = stateright(model);
    let tlc = tlc_check(jar, model, 1).unwrap_or_else(|e| panic!("{profile} {bounds:?}: {e}"));
    let at = format!(
        "{profile} users {} leaves {} attacks {} compromises {}",
        bounds.users, bounds.leaves, model.attacks, model.compromises
    );
    assert_eq!(tlc.distinct_states, sr.unique_states as u64, "{at}: distinct states");
    assert_eq!(tlc.generated_states, sr.generated_states as u64, "{at}: generated states");
    assert_eq!(sr.properties.len(), tlc.verdicts.len(), "{at}: properties reported");
    for (s, t) in sr.properties.iter().zip(&tlc.verdicts) {
        assert_eq!((s.name, s.holds), (t.name, t.holds), "{at}: verdict");
        if t.holds {
            continue;
        }
        // TLC's trace, replayed through the model step by step, ends in a violation.
        let trace =
            report_trace(&tlc, model, t.name).unwrap().unwrap_or_else(|e| panic!("{at}: {e}"));
        let last = &trace.steps.last().unwrap().state;
        assert_eq!(
            model.holds(t.name, last),
            Some(false),
            "{at}: TLC's trace for {} ends where the model says it holds",
            t.name
        );
        // Both BFS checkers find shortest counterexamples of the same length.
        assert_eq!(t.trace_steps, s.counterexample_steps, "{at}: shortest {}", t.name);
    }
}

#[test]
fn counts_verdicts_and_counterexamples_agree() {
    let jar = jar();
    for profile in Profile::ALL {
        for bounds in BOUNDS {
            assert_counts_and_verdicts_agree(&jar, &model(profile, bounds, 0));
        }
    }
}

/// Bounds compared with a hostile server of budget 1, for every profile:
/// every server step is enabled somewhere at both, and each profile's
/// attacks (docs/attacks/) show at the larger.
const HOSTILE_BOUNDS: [Bounds; 2] =
    [Bounds { users: 2, leaves: 0 }, Bounds { users: 2, leaves: 1 }];

#[test]
fn counts_verdicts_and_counterexamples_agree_against_a_hostile_server() {
    let jar = jar();
    for profile in Profile::ALL {
        for bounds in HOSTILE_BOUNDS {
            assert_counts_and_verdicts_agree(&jar, &model(profile, bounds, 1));
        }
    }
}

/// Bounds compared with one compromise, for every profile: a Compromise
/// step everywhere it is enabled, forward secrecy and healing checked.
const COMPROMISE_BOUNDS: [Bounds; 2] =
    [Bounds { users: 2, leaves: 1 }, Bounds { users: 3, leaves: 1 }];

#[test]
fn counts_verdicts_and_counterexamples_agree_with_a_compromise() {
    let jar = jar();
    for profile in Profile::ALL {
        for bounds in COMPROMISE_BOUNDS {
            assert_counts_and_verdicts_agree(&jar, &model(profile, bounds, 0).with_compromises(1));
        }
    }
}

#[test]
fn the_worst_exposure_paths_are_behaviours_of_the_spec() {
    // The copy's reach is computed from the log on both sides (NodesRead
    // and Stolen::nodes_read); a path through every exposure it reaches
    // must be one the spec takes, stolen copy included.
    let jar = jar();
    for profile in Profile::ALL {
        let model = model(profile, Bounds { users: 3, leaves: 1 }, 0).with_compromises(1);
        let exposure = stateright(&model).exposure.unwrap();
        assert!(exposure.worst >= 2, "{profile}: worst exposure {}", exposure.worst);
        let path = model.walk_actions(&exposure.path).unwrap();
        let states: Vec<State> = path.states().cloned().collect();
        assert!(!states.last().unwrap().stolen.is_empty());
        assert!(spec_follows(&jar, &model, &states, None).unwrap(), "{profile}: exposure path");
    }
}

#[test]
fn reachable_state_sets_are_equal() {
    let jar = jar();
    // Two bounds per profile: a changed rule that keeps the counts at one
    // bound (a reordered commit-pendings check did at 3/1) shows at the other.
    // With a hostile server (budget 1), one bound per profile whose
    // profile hooks differ: orange fails where guarded carries on.
    let cases = [
        (Profile::Orange, Bounds { users: 3, leaves: 1 }, 0, 3963),
        (Profile::Orange, Bounds { users: 3, leaves: 2 }, 0, 8254),
        (Profile::Fixed, Bounds { users: 3, leaves: 1 }, 0, 1479),
        (Profile::Fixed, Bounds { users: 3, leaves: 2 }, 0, 2773),
        (Profile::Orange, Bounds { users: 2, leaves: 1 }, 1, 2598),
        (Profile::Guarded, Bounds { users: 2, leaves: 1 }, 1, 1307),
    ];
    // With one compromise (the last field), for the profile with updates
    // and the deployed one.
    let compromised = [
        (Profile::Healing, Bounds { users: 3, leaves: 1 }, 0, 36454),
        (Profile::Orange, Bounds { users: 2, leaves: 1 }, 0, 371),
    ];
    let cases = cases
        .iter()
        .map(|&(p, b, a, n)| (p, b, a, 0, n))
        .chain(compromised.iter().map(|&(p, b, a, n)| (p, b, a, 1, n)));
    for (profile, bounds, attacks, compromises, count) in cases {
        let model = model(profile, bounds, attacks).with_compromises(compromises);
        let tlc: BTreeSet<State> =
            tlc_reachable_states(&jar, &model).unwrap().into_iter().collect();
        let (recorder, accessor) = StateRecorder::new_with_accessor();
        model.checker().visitor(recorder).spawn_bfs().join();
        let sr: BTreeSet<State> = accessor().into_iter().collect();
        assert_eq!(
            sr.len(),
            count,
            "{profile} {bounds:?} attacks {attacks} compromises {compromises}"
        );
        let only_tlc = tlc.difference(&sr).count();
        let only_sr = sr.difference(&tlc).count();
        assert_eq!(
            (only_tlc, only_sr),
            (0, 0),
            "{profile} {bounds:?} attacks {attacks}: states only TLC reaches / only stateright reaches"
        );
    }
}

#[test]
fn stateright_counterexamples_are_behaviours_of_the_spec() {
    let jar = jar();
    let cases = [(Bounds { users: 3, leaves: 1 }, 0), (Bounds { users: 2, leaves: 1 }, 1)];
    for (bounds, attacks) in cases {
        for profile in Profile::ALL {
            let model = model(profile, bounds, attacks);
            let report = stateright(&model);
            for v in report.violated() {
                let path = model.walk_actions(v.counterexample.as_ref().unwrap()).unwrap();
                let states: Vec<State> = path.states().cloned().collect();
                assert!(
                    spec_follows(&jar, &model, &states, Some(v.name)).unwrap(),
                    "{profile} {bounds:?} attacks {attacks}: TLC does not follow the counterexample to {}",
                    v.name
                );
            }
        }
    }
}

#[test]
fn the_spec_rejects_a_trace_with_a_step_it_does_not_allow() {
    let jar = jar();
    let bounds = Bounds { users: 3, leaves: 1 };
    let model = model(Profile::Orange, bounds, 0);
    let report = stateright(&model);
    let cx = report
        .properties
        .iter()
        .find(|p| p.name == "OneEpoch")
        .unwrap()
        .counterexample
        .clone()
        .unwrap();
    let states: Vec<State> = model.walk_actions(&cx).unwrap().states().cloned().collect();
    // Skipping a state makes one step do two things at once.
    let mut skipped = states.clone();
    skipped.remove(5);
    assert!(!spec_follows(&jar, &model, &skipped, Some("OneEpoch")).unwrap());
    // The full trace does not violate a property that holds at its end.
    assert!(!spec_follows(&jar, &model, &states, Some("AtMostOneCommitter")).unwrap());
}

#[test]
fn committed_configurations_are_generated() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tla");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "cfg") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let found = Profile::ALL
            .iter()
            .flat_map(|&p| {
                (1..=6).flat_map(move |u| {
                    (0..=4).flat_map(move |l| {
                        (0..=2).flat_map(move |a| {
                            (0..=1).map(move |c| {
                                model(p, Bounds { users: u, leaves: l }, a).with_compromises(c)
                            })
                        })
                    })
                })
            })
            .find(|m| config_file_name(m) == name);
        let model = found.unwrap_or_else(|| panic!("{name} is not a name dcverify generates"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            config_text(&model, None),
            "{name} differs from `dcverify tlc --write-config`"
        );
        seen += 1;
    }
    assert!(seen >= 3, "expected the configurations of the agreement bounds in tla/");
}
