//! The committed trace corpus (`traces/`): every trace replays on the real
//! implementation as its metadata says, the generated part is what
//! `dcverify traces generate` writes today, and a fresh seeded batch of
//! random walks and implementation recordings agrees with the model.

use dcverify_conformance::batch::replay_paths;
use dcverify_conformance::record::record;
use dcverify_conformance::replay::{replay, Outcome, ReplayOptions};
use dcverify_impl::{Mutant, OpenMls};
use dcverify_model::random_walk::{random_walk, run_seed};
use dcverify_model::{Bounds, Branch, DcModel, Profile};
use dcverify_protocol::Implementation;
use dcverify_trace::corpus::generate;
use dcverify_trace::{trace_files, walk_trace, Expect, Meta, Trace};
use std::collections::BTreeSet;
use std::path::PathBuf;

mod common;

fn traces_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../traces")
}

/// The correct client, or the deliberately wrong one a trace names.
fn named(meta: &Meta) -> Result<Box<dyn Implementation>, String> {
    Ok(Box::new(OpenMls::named_mutant(meta.mutant.as_deref()).map_err(|e| e.to_string())?))
}

#[test]
fn every_committed_trace_ends_as_its_metadata_says() {
    let reports = replay_paths(&[traces_dir()], &named, ReplayOptions::default()).unwrap();
    assert!(reports.len() >= 26, "only {} traces", reports.len());
    for r in &reports {
        assert!(r.as_expected(), "{}: {:?}", r.path.as_ref().unwrap().display(), r.outcome);
    }
    assert!(reports.iter().any(|r| r.media_checks > 0));
    // At least one trace shows the comparator catching a wrong client.
    let caught: Vec<_> = reports.iter().filter(|r| r.expected == Expect::Diverge).collect();
    assert!(!caught.is_empty(), "no committed trace expects a divergence");
    for r in caught {
        let Outcome::Diverged { diffs, .. } = &r.outcome else { unreachable!() };
        assert!(diffs.iter().any(|d| d.field == "branches"), "{diffs:#?}");
    }
}

#[test]
fn a_trace_naming_an_unknown_mutant_cannot_run() {
    let mut trace =
        Trace::read(&traces_dir().join("mutants/skip-one-pending-remove.itf.json")).unwrap();
    trace.meta.mutant = Some("skip-everything".into());
    let dir = std::env::temp_dir().join(format!("dcverify-unknown-mutant-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("t.itf.json");
    trace.write(&file).unwrap();
    let reports = replay_paths(&[file], &named, ReplayOptions::default()).unwrap();
    let Outcome::CouldNotRun { reason } = &reports[0].outcome else {
        panic!("{:?}", reports[0].outcome)
    };
    assert!(reason.contains("unknown mutant `skip-everything`"), "{reason}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_generated_corpora_are_current() {
    corpus_is_current(
        Profile::Orange,
        &[Branch::Refounds, Branch::PendingsNoCommit, Branch::PendingsSkipsNonMember],
    );
    // No step of fixed forks the group or welcomes a user twice.
    corpus_is_current(Profile::Fixed, &[Branch::ReadWelcomeSecond, Branch::CommitFork]);
}

fn corpus_is_current(profile: Profile, unreachable: &[Branch]) {
    let model = DcModel::new(profile, Bounds { users: 4, leaves: 2 }).unwrap();
    let corpus = generate(&model);
    assert_eq!(corpus.uncovered, unreachable, "{profile}: reachable branches changed");
    let dir = traces_dir().join(profile.name());
    let mut generated = BTreeSet::new();
    for (name, trace) in corpus
        .coverage
        .iter()
        .map(|(b, t)| (format!("coverage/{b:?}"), t))
        .chain(corpus.counterexamples.iter().map(|(p, t)| (format!("counterexamples/{p}"), t)))
    {
        let file = dir.join(format!("{name}.itf.json"));
        generated.insert(file.clone());
        let committed = Trace::read(&file).unwrap_or_else(|e| panic!("{e} (run `dcverify traces generate --profile {profile} --users 4 --leaves 2 --out traces/{profile}`)"));
        assert_eq!(&committed, trace, "{} is stale", file.display());
    }
    // And the other way: every committed trace of the corpus is still generated.
    for part in ["coverage", "counterexamples"].map(|p| dir.join(p)).iter().filter(|d| d.exists()) {
        for file in trace_files(part).unwrap() {
            assert!(
                generated.contains(&file),
                "{} is committed but no longer generated",
                file.display()
            );
        }
    }
}

/// A fresh batch each run; the seed is printed so a failure can be replayed
/// (set DCVERIFY_SEED to repeat it).
#[test]
fn a_fresh_random_batch_agrees_with_the_model() {
    let seed = common::fresh_seed("random batch");
    eprintln!("random batch seed: {seed}");
    for profile in Profile::ALL {
        fresh_batch(profile, seed);
    }
}

/// What to say when a walk of the batch fails: how to run the batch again.
fn again(batch: u64, profile: Profile, run: u64) -> String {
    format!("batch seed {batch} ({profile}, run {run}; DCVERIFY_SEED={batch} cargo test -p dcverify-conformance --test corpus repeats it)")
}

/// A batch seed gives the same walks and the same recorded schedules every time.
#[test]
fn a_batch_seed_repeats_its_walks_and_schedules() {
    let model = DcModel::new(Profile::Orange, Bounds { users: 4, leaves: 2 }).unwrap();
    for i in 0..3 {
        let s = run_seed(42, i);
        let (a, b) = (random_walk(&model, s, 100), random_walk(&model, s, 100));
        assert_eq!(walk_trace(&model, &a), walk_trace(&model, &b));
        let (a, b) = (
            record(&model, &OpenMls::default(), s, 60),
            record(&model, &OpenMls::default(), s, 60),
        );
        assert_eq!(a.trace, b.trace);
        assert!(a.trace.steps.len() > 1);
    }
    let steps = |s| walk_trace(&model, &random_walk(&model, run_seed(s, 0), 100)).steps;
    assert_ne!(steps(42), steps(43));
}

fn fresh_batch(profile: Profile, seed: u64) {
    let model = DcModel::new(profile, Bounds { users: 5, leaves: 3 }).unwrap();
    for i in 0..30 {
        let walk = random_walk(&model, run_seed(seed, i), 200);
        let trace = walk_trace(&model, &walk);
        if profile == Profile::Fixed {
            assert!(
                walk.violations.is_empty(),
                "{}: {:?}",
                again(seed, profile, i),
                walk.violations
            );
        }
        let report = replay(&trace, None, &OpenMls::default(), ReplayOptions::default());
        assert!(report.as_expected(), "{}: {:?}", again(seed, profile, i), report.outcome);
    }
    // With one compromise: the runner's stolen copy must read what the
    // model's reads, step by step, frames included (docs/pcs.md).
    let compromised = model.clone().with_compromises(1);
    for i in 30..40 {
        let walk = random_walk(&compromised, run_seed(seed, i), 200);
        let trace = walk_trace(&compromised, &walk);
        let report = replay(&trace, None, &OpenMls::default(), ReplayOptions::default());
        assert!(report.as_expected(), "{}: {:?}", again(seed, profile, i), report.outcome);
    }
    for i in 0..10 {
        let rec = record(&model, &OpenMls::default(), run_seed(seed, i), 200);
        assert!(
            rec.error.is_none() && rec.disallowed.is_none(),
            "{}: {:?} {:?}",
            again(seed, profile, i),
            rec.error,
            rec.disallowed
        );
    }
}

#[test]
fn recording_catches_a_wrong_implementation() {
    let model = DcModel::new(Profile::Orange, Bounds { users: 4, leaves: 2 }).unwrap();
    let mutant = OpenMls { mutant: Some(Mutant::SkipOnePendingRemove), seed: None };
    let caught =
        (0..40).map(|i| record(&model, &mutant, run_seed(11, i), 200)).find_map(|r| r.disallowed);
    let d = caught.expect("40 random schedules never exercised a remove");
    assert!(
        d.diffs.iter().any(|f| f.field == "outbox" || f.field == "roster" || f.field == "epoch"),
        "{d:?}"
    );
}
