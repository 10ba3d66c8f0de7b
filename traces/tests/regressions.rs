//! Every failure of `orange` written up in `docs/failures/` is a regression
//! test: its committed counterexample violates the property under `orange`,
//! and under `fixed` the same steps are either impossible (unreachable) or
//! end where the property holds (harmless); `fixed` also satisfies the
//! property at the counterexample's bounds exhaustively.

use dcverify_model::properties::by_name;
use dcverify_model::{Bounds, DcModel, Profile, State};
use dcverify_trace::Trace;
use stateright::{Checker, Model};
use std::path::PathBuf;

/// The failures of docs/failures/, each with the properties that catch it.
const FAILURES: [(&str, &[&str]); 4] = [
    ("stranded-joiner", &["AllAdmitted", "JoinsWelcomed", "NothingPending"]),
    ("orphan-welcome", &["WelcomesAdded"]),
    ("fork-after-lost-add", &["OneEpoch", "RosterIsRoom", "NoFailure"]),
    ("no-committer-after-fork", &["OneCommitter"]),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What the counterexample's steps do under `fixed`.
#[derive(Debug, PartialEq)]
enum UnderFixed {
    Unreachable { at: usize },
    Harmless,
    StillFails,
}

fn under_fixed(trace: &Trace, property: &str) -> UnderFixed {
    let model =
        DcModel::new(Profile::Fixed, Bounds { users: trace.meta.users, leaves: trace.meta.leaves })
            .unwrap();
    let mut state = State::initial();
    for (i, step) in trace.steps.iter().enumerate().skip(1) {
        let action = step.action.unwrap();
        match model.step(&state, action) {
            Some(next) => state = next,
            None => return UnderFixed::Unreachable { at: i },
        }
    }
    if by_name(property).unwrap().check(&state) {
        UnderFixed::Harmless
    } else {
        UnderFixed::StillFails
    }
}

#[test]
fn every_documented_failure_is_caught_under_orange_and_gone_under_fixed() {
    let mut bounds = std::collections::BTreeSet::new();
    for (page, properties) in FAILURES {
        let doc = std::fs::read_to_string(root().join(format!("docs/failures/{page}.md")))
            .unwrap_or_else(|e| panic!("docs/failures/{page}.md: {e}"));
        for property in properties {
            assert!(doc.contains(property), "{page}.md does not name {property}");
            let file = root().join(format!("traces/orange/counterexamples/{property}.itf.json"));
            let trace = Trace::read(&file).unwrap();
            assert_eq!(trace.meta.violates.as_deref(), Some(*property));
            let last = &trace.steps.last().unwrap().state;
            assert!(
                !by_name(property).unwrap().check(last),
                "{property}: the orange counterexample does not violate it"
            );
            let fixed = under_fixed(&trace, property);
            println!("{page}: {property} under fixed: {fixed:?}");
            assert_ne!(
                fixed,
                UnderFixed::StillFails,
                "{property}: the counterexample still fails under fixed"
            );
            bounds.insert((trace.meta.users, trace.meta.leaves));
        }
    }
    // And no other path reaches a violation at these bounds.
    for (users, leaves) in bounds {
        let checker = DcModel::new(Profile::Fixed, Bounds { users, leaves })
            .unwrap()
            .checker()
            .spawn_bfs()
            .join();
        assert!(
            checker.discoveries().is_empty(),
            "fixed violates {:?} at {users}/{leaves}",
            checker.discoveries().keys()
        );
    }
}

/// The traces of the causes `check --unexplained` found after the first
/// four (`traces/orange/causes/`, `docs/failures/README.md`): each violates
/// its property under `orange`, and under `fixed` the same steps are
/// impossible or harmless.
#[test]
fn every_later_cause_is_caught_under_orange_and_gone_under_fixed() {
    let files = dcverify_trace::trace_files(&root().join("traces/orange/causes")).unwrap();
    assert!(files.len() >= 2, "{files:?}");
    for file in files {
        let trace = Trace::read(&file).unwrap();
        let property = trace.meta.violates.clone().unwrap();
        let last = &trace.steps.last().unwrap().state;
        assert!(!by_name(&property).unwrap().check(last), "{}", file.display());
        let fixed = under_fixed(&trace, &property);
        println!("{}: {property} under fixed: {fixed:?}", file.display());
        assert_ne!(fixed, UnderFixed::StillFails, "{}", file.display());
    }
}
