//! Replaying model traces on the real implementation.

use dcverify::check::{counterexample_trace, run_check, CheckOptions, Strategy};
use dcverify::replay::{replay, Outcome, ReplayOptions};
use dcverify_impl::Mutant;
use dcverify_model::{Action, Bounds, DcModel, Profile};

fn counterexamples(users: usize, leaves: usize) -> Vec<dcverify::trace::Trace> {
    let opts = CheckOptions {
        profile: Profile::Orange,
        bounds: Bounds { users, leaves },
        threads: 1,
        strategy: Strategy::Bfs,
        progress: false,
    };
    let model = DcModel::new(opts.profile, opts.bounds).unwrap();
    let report = run_check(&opts).unwrap();
    report
        .violated()
        .map(|v| counterexample_trace(&model, v.name, v.counterexample.as_ref().unwrap()).unwrap())
        .collect()
}

#[test]
fn counterexamples_replay_on_real_mls() {
    for trace in counterexamples(3, 2) {
        let report = replay(&trace, None, ReplayOptions::default());
        assert_eq!(
            report.outcome,
            Outcome::Passed,
            "{}: {:?}",
            trace.meta.violates.as_deref().unwrap_or(""),
            report.outcome
        );
        assert!(report.media_checks > 0);
    }
}

#[test]
fn a_client_that_skips_a_pending_remove_is_caught() {
    // 1 and 2 in the room; 2 leaves; DC 1 must remove it.
    let model = DcModel::new(Profile::Orange, Bounds { users: 2, leaves: 1 }).unwrap();
    let actions = [
        Action::Join,
        Action::Read(1),
        Action::Send(1),
        Action::Send(1),
        Action::Read(2),
        Action::Read(2),
        Action::Leave(2),
        Action::Read(1),
        Action::Read(1),
        Action::Read(1),
    ];
    let trace = counterexample_trace(&model, "none", &actions).unwrap();
    assert_eq!(replay(&trace, None, ReplayOptions::default()).outcome, Outcome::Passed);
    let report = replay(
        &trace,
        None,
        ReplayOptions { mutant: Some(Mutant::SkipOnePendingRemove), ..ReplayOptions::default() },
    );
    let Outcome::Diverged { step, action, diffs } = &report.outcome else {
        panic!("not caught: {:?}", report.outcome)
    };
    assert_eq!((*step, action.as_deref()), (10, Some("Read(1)")));
    let fields: Vec<&str> = diffs.iter().map(|d| d.field.as_str()).collect();
    assert!(
        fields.contains(&"outbox") && fields.contains(&"epoch") && fields.contains(&"roster"),
        "{diffs:#?}"
    );
    let roster = diffs.iter().find(|d| d.field == "roster").unwrap();
    assert_eq!(
        (roster.uid, roster.expected.as_str(), roster.actual.as_str()),
        (Some(1), "{1}", "{1,2}")
    );
}
