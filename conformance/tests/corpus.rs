//! The committed trace corpus (`traces/`): every trace replays on the real
//! implementation as its metadata says, the generated part is what
//! `dcverify traces generate` writes today, and a fresh seeded batch of
//! random walks and implementation recordings agrees with the model.

use dcverify_conformance::batch::replay_paths;
use dcverify_conformance::record::record;
use dcverify_conformance::replay::{replay, ReplayOptions};
use dcverify_impl::{Mutant, OpenMls};
use dcverify_model::random_walk::{random_walk, run_seed};
use dcverify_model::{Bounds, Branch, DcModel, Profile};
use dcverify_protocol::Rng;
use dcverify_trace::corpus::generate;
use dcverify_trace::{walk_trace, Trace};
use std::path::PathBuf;

fn traces_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../traces")
}

#[test]
fn every_committed_trace_ends_as_its_metadata_says() {
    let reports =
        replay_paths(&[traces_dir()], &OpenMls::default(), ReplayOptions::default()).unwrap();
    assert!(reports.len() >= 26, "only {} traces", reports.len());
    for r in &reports {
        assert!(r.as_expected(), "{}: {:?}", r.path.as_ref().unwrap().display(), r.outcome);
    }
    assert!(reports.iter().any(|r| r.media_checks > 0));
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
    for (name, trace) in corpus
        .coverage
        .iter()
        .map(|(b, t)| (format!("coverage/{b:?}"), t))
        .chain(corpus.counterexamples.iter().map(|(p, t)| (format!("counterexamples/{p}"), t)))
    {
        let file = dir.join(format!("{name}.itf.json"));
        let committed = Trace::read(&file).unwrap_or_else(|e| panic!("{e} (run `dcverify traces generate --profile {profile} --users 4 --leaves 2 --out traces/{profile}`)"));
        assert_eq!(&committed, trace, "{} is stale", file.display());
    }
}

/// A fresh batch each run; the seed is printed so a failure can be replayed
/// (set DCVERIFY_SEED to repeat it).
#[test]
fn a_fresh_random_batch_agrees_with_the_model() {
    let seed = std::env::var("DCVERIFY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(Rng::fresh_seed);
    println!("random batch seed: {seed}");
    eprintln!("random batch seed: {seed}");
    for profile in Profile::ALL {
        fresh_batch(profile, seed);
    }
}

fn fresh_batch(profile: Profile, seed: u64) {
    let model = DcModel::new(profile, Bounds { users: 5, leaves: 3 }).unwrap();
    for i in 0..30 {
        let walk = random_walk(&model, run_seed(seed, i), 200);
        let trace = walk_trace(&model, &walk);
        if profile == Profile::Fixed {
            assert!(walk.violations.is_empty(), "fixed, seed {}: {:?}", walk.seed, walk.violations);
        }
        let report = replay(&trace, None, &OpenMls::default(), ReplayOptions::default());
        assert!(report.as_expected(), "seed {}: {:?}", walk.seed, report.outcome);
    }
    for i in 0..10 {
        let rec = record(&model, &OpenMls::default(), run_seed(seed, i), 200);
        assert!(
            rec.error.is_none() && rec.disallowed.is_none(),
            "seed {}: {:?} {:?}",
            rec.seed,
            rec.error,
            rec.disallowed
        );
    }
}

#[test]
fn recording_catches_a_wrong_implementation() {
    let model = DcModel::new(Profile::Orange, Bounds { users: 4, leaves: 2 }).unwrap();
    let mutant = OpenMls { mutant: Some(Mutant::SkipOnePendingRemove) };
    let caught =
        (0..40).map(|i| record(&model, &mutant, run_seed(11, i), 200)).find_map(|r| r.disallowed);
    let d = caught.expect("40 random schedules never exercised a remove");
    assert!(
        d.diffs.iter().any(|f| f.field == "outbox" || f.field == "roster" || f.field == "epoch"),
        "{d:?}"
    );
}
