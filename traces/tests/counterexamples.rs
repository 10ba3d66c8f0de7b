//! `dcverify check`'s counterexamples: written as ITF, read back unchanged,
//! and their steps, replayed through the model, reach a violating state.

use dcverify_model::check::{run_check, CheckOptions, CheckReport, Strategy};
use dcverify_model::properties::by_name;
use dcverify_model::{Bounds, DcModel, Profile};
use dcverify_trace::{counterexample_file_name, counterexample_trace, Trace};

fn options(users: usize, leaves: usize) -> CheckOptions {
    CheckOptions::new(Profile::Orange, Bounds { users, leaves })
}

fn check(opts: &CheckOptions) -> CheckReport {
    run_check(opts, &mut |_| None).unwrap()
}

#[test]
fn every_counterexample_file_replays_to_a_violation() {
    let opts = options(3, 2);
    let report = check(&opts);
    let model = DcModel::new(opts.profile, opts.bounds).unwrap();
    let dir = std::env::temp_dir().join(format!("dcverify-cx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    for verdict in report.violated() {
        let actions =
            verdict.counterexample.as_ref().expect("violated property without counterexample");
        let trace = counterexample_trace(&model, verdict.name, actions).unwrap();
        let file = dir.join(counterexample_file_name(opts.profile, opts.bounds, verdict.name));
        trace.write(&file).unwrap();

        let read = Trace::read(&file).unwrap();
        assert_eq!(read, trace, "{} does not round-trip", file.display());
        assert_eq!(read.meta.violates.as_deref(), Some(verdict.name));
        // Replay every step through the model from the first state.
        assert_eq!(read.steps[0].state, dcverify_model::State::initial());
        for pair in read.steps.windows(2) {
            let action = pair[1].action.expect("a step without action");
            assert_eq!(
                model.step(&pair[0].state, action).as_ref(),
                Some(&pair[1].state),
                "{action} does not lead to the next state"
            );
        }
        let last = &read.steps.last().unwrap().state;
        let property = by_name(verdict.name).unwrap();
        assert!(!property.check(last), "{} holds at the end of its counterexample", verdict.name);
        // Shortest: no earlier state of the path violates it.
        assert!(read.steps[..read.steps.len() - 1].iter().all(|s| property.check(&s.state)));
        checked += 1;
    }
    assert_eq!(checked, 7);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn shortest_counterexamples_have_known_lengths() {
    let report = check(&options(3, 1));
    let lengths: Vec<(&str, usize)> =
        report.violated().map(|v| (v.name, v.counterexample_steps.unwrap())).collect();
    assert_eq!(
        lengths,
        vec![
            ("AllAdmitted", 3),
            ("OneEpoch", 26),
            ("RosterIsRoom", 26),
            ("NothingPending", 3),
            ("NoFailure", 26),
            ("JoinsWelcomed", 3),
            ("WelcomesAdded", 8),
        ]
    );
    assert_eq!(report.unique_states, 3963);
    assert_eq!(report.generated_states, 10022);
}

#[test]
fn dfs_finds_the_same_verdicts_and_states() {
    let bfs = check(&options(3, 2));
    let dfs = check(&CheckOptions { strategy: Strategy::Dfs, ..options(3, 2) });
    assert_eq!(bfs.unique_states, dfs.unique_states);
    let verdicts =
        |r: &CheckReport| r.properties.iter().map(|p| (p.name, p.holds)).collect::<Vec<_>>();
    assert_eq!(verdicts(&bfs), verdicts(&dfs));
}
