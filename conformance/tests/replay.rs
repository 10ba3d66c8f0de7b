//! Replaying model traces on the real implementation: counterexamples pass,
//! and a client that is wrong in its state, or only in the branch of the
//! protocol it says it took, is caught at the step where it goes wrong.

use dcverify_conformance::replay::{replay, Outcome, ReplayOptions};
use dcverify_impl::{Mutant, OpenMls};
use dcverify_model::check::{run_check, CheckOptions, Search};
use dcverify_model::{Action, Bounds, DcModel, Profile};
use dcverify_protocol::Branch;
use dcverify_trace::{counterexample_trace, Trace};

mod common;
use common::{Hook, Tampered};

fn counterexamples(users: usize, leaves: usize, reduce: bool, search: Search) -> Vec<Trace> {
    let opts = CheckOptions {
        reduce,
        counterexamples: search,
        ..CheckOptions::new(Profile::Orange, Bounds { users, leaves })
    };
    let model = DcModel::new(opts.profile, opts.bounds).unwrap();
    let report = run_check(&opts, &mut |_| None).unwrap();
    report
        .violated()
        .map(|v| counterexample_trace(&model, v.name, v.counterexample.as_ref().unwrap()).unwrap())
        .collect()
}

#[test]
fn counterexamples_replay_on_real_mls() {
    // Shortest ones, and those a reduced check prints without a search
    // (docs/reduction.md): paths of the full model, longer, as real.
    let reduced = counterexamples(4, 1, true, Search::FirstFound);
    assert_eq!(reduced.len(), 7);
    for trace in counterexamples(3, 2, false, Search::Shortest).into_iter().chain(reduced) {
        let report = replay(&trace, None, &OpenMls::default(), ReplayOptions::default());
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

/// 1 and 2 in the room; 2 leaves; DC 1 must remove it.
fn a_leave() -> Trace {
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
    counterexample_trace(&model, "none", &actions).unwrap()
}

#[test]
fn a_client_that_skips_a_pending_remove_is_caught() {
    let trace = a_leave();
    assert_eq!(
        replay(&trace, None, &OpenMls::default(), ReplayOptions::default()).outcome,
        Outcome::Passed
    );
    let mutant = OpenMls { mutant: Some(Mutant::SkipOnePendingRemove), seed: None };
    let report = replay(&trace, None, &mutant, ReplayOptions::default());
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
    let branches = diffs.iter().find(|d| d.field == "branches").unwrap();
    assert_eq!(
        (branches.expected.as_str(), branches.actual.as_str()),
        ("ReadLeft, PendingsRemoveOnly", "ReadLeft, PendingsNoCommit")
    );
}

/// OpenMLS clients that do everything right but say they ignored a Welcome
/// for someone else as a second Welcome of their own.
fn mislabel(branches: &mut [Branch]) {
    for b in branches {
        if *b == Branch::ReadWelcomeOther {
            *b = Branch::ReadWelcomeSecond;
        }
    }
}

#[test]
fn a_client_that_reports_another_branch_is_caught_at_that_read() {
    let mislabelled = Tampered::always(None, Hook::Branches(mislabel));
    let report = replay(&a_leave(), None, &mislabelled, ReplayOptions::default());
    let Outcome::Diverged { step, action, diffs } = &report.outcome else {
        panic!("not caught: {:?}", report.outcome)
    };
    // Step 8: user 1 reads its own Welcome for user 2.
    assert_eq!((*step, action.as_deref()), (8, Some("Read(1)")));
    assert_eq!(diffs.len(), 1, "only the branch is wrong: {diffs:#?}");
    let d = &diffs[0];
    assert_eq!(
        (d.uid, d.field.as_str(), d.expected.as_str(), d.actual.as_str()),
        (Some(1), "branches", "ReadWelcomeOther", "ReadWelcomeSecond")
    );
}

/// What people experience at the end of a replay: where each one is (by the
/// model's node names), and exactly which pairs cannot open each other's media.
#[test]
fn the_experience_of_a_fork_and_of_agreement() {
    let traces = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../traces");
    let opts = ReplayOptions { experience: true };
    let fork = Trace::read(&traces.join("orange/counterexamples/OneEpoch.itf.json")).unwrap();
    let report = replay(&fork, None, &OpenMls::default().with_seed(1), opts);
    let experience = report.experience.unwrap();
    let where_: Vec<(u8, Option<&str>, bool)> =
        experience.people.iter().map(|p| (p.uid, p.node.as_deref(), p.failed)).collect();
    assert_eq!(where_, vec![(2, Some("e3a"), false), (3, Some("e2a"), true)]);
    assert_eq!(experience.cannot_decrypt, vec![(3, 2), (2, 3)]);
    assert!(experience
        .people
        .iter()
        .all(|p| p.safety_number_full.as_ref().is_some_and(|s| s.len() == 71)));

    let agreed = Trace::read(&traces.join("hand/join-and-add.itf.json")).unwrap();
    let experience =
        replay(&agreed, None, &OpenMls::default().with_seed(1), opts).experience.unwrap();
    assert!(
        experience.people.len() >= 2 && experience.people.iter().all(|p| p.in_a_group && !p.failed)
    );
    assert!(experience.cannot_decrypt.is_empty(), "members of one epoch open each other's frames");
}
