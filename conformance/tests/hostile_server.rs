//! The hostile delivery service of `docs/threat-model.md`, carried out on
//! real OpenMLS clients: the shortest attacks the checker finds are the
//! committed ones in `traces/attacks/` and replay as the model says (frames
//! included: the server's clients open exactly the members' frames the model
//! says it reads), and so do seeded random walks with a budget.

use dcverify_conformance::replay::{replay, Outcome, ReplayOptions};
use dcverify_impl::OpenMls;
use dcverify_model::check::{run_check, CheckOptions};
use dcverify_model::random_walk::{random_walk, run_seed};
use dcverify_model::{Bounds, DcModel, Profile};
use dcverify_protocol::{
    Checkpoint, Client, ClientView, CreateError, FrameError, FrameKind, Implementation,
    MemberCommitError, Message, OpenedFrame, ReadError, ReadOutcome, RollbackError, Uid, WireEntry,
};
use dcverify_trace::{counterexample_trace, model_counterexample_file_name, walk_trace, Trace};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

mod common;

fn attacks_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../traces/attacks")
}

/// (profile, users, leaves, budget): the bounds whose shortest attacks are committed.
const BOUNDS: [(Profile, usize, usize, usize); 4] = [
    (Profile::Orange, 3, 1, 1),
    (Profile::Fixed, 3, 1, 1),
    (Profile::Orange, 2, 1, 2),
    (Profile::Fixed, 2, 1, 2),
];

#[test]
fn the_shortest_attacks_are_committed_and_replay_on_openmls() {
    for (profile, users, leaves, attacks) in BOUNDS {
        let opts = CheckOptions { attacks, ..CheckOptions::new(profile, Bounds { users, leaves }) };
        let report = run_check(&opts, &mut |_| None).unwrap();
        let model = DcModel::new(profile, opts.bounds).unwrap().with_attacks(attacks);
        let violated: Vec<&str> = report.violated().map(|p| p.name).collect();
        // Both profiles let the server in silently, and let one step make a member fail.
        assert_eq!(
            violated,
            ["NoSilentEavesdropper", "NoPermanentFailure", "NoHiddenMember"],
            "{profile} {users}/{leaves} with {attacks}"
        );
        for verdict in report.violated() {
            let actions = verdict.counterexample.as_ref().unwrap();
            let trace = counterexample_trace(&model, verdict.name, actions).unwrap();
            let file = attacks_dir().join(model_counterexample_file_name(&model, verdict.name));
            let committed = Trace::read(&file).unwrap_or_else(|e| {
                panic!("{e} (run `dcverify check --profile {profile} --users {users} --leaves {leaves} --attacks {attacks} --out traces/attacks`)")
            });
            assert_eq!(committed, trace, "{} is stale", file.display());
            let seeded = OpenMls::default().with_seed(12);
            let r = replay(&trace, Some(file.clone()), &seeded, ReplayOptions::default());
            assert_eq!(r.outcome, Outcome::Passed, "{}", file.display());
            // A claim at quiescence ends quiescent: frames were exchanged there.
            if verdict.kind == "quiescence" {
                assert!(r.media_checks > 0, "{}: no frames exchanged", file.display());
            }
        }
    }
}

#[test]
fn walks_with_a_hostile_server_replay_on_openmls() {
    let fresh = common::fresh_seed("hostile-server walk");
    for profile in Profile::ALL {
        let model = DcModel::new(profile, Bounds { users: 4, leaves: 2 }).unwrap().with_attacks(3);
        for seed in [1, fresh] {
            for i in 0..40 {
                let walk = random_walk(&model, run_seed(seed, i), 120);
                let trace = walk_trace(&model, &walk);
                let r = replay(&trace, None, &OpenMls::default(), ReplayOptions::default());
                assert_eq!(
                    r.outcome,
                    Outcome::Passed,
                    "{profile}: dcverify simulate --profile {profile} --users 4 --leaves 2 --attacks 3 --depth 120 --runs 1 --seed {} --replay",
                    run_seed(seed, i)
                );
            }
        }
    }
}

/// An implementation whose server-held clients cannot open any frame: the
/// replay must notice that the server does not read what the model says.
struct BlindServer;

struct Blind(Box<dyn Client>);

impl Implementation for BlindServer {
    fn name(&self) -> &str {
        "openmls with a blind server"
    }
    fn founder(&self, uid: Uid, profile: Profile) -> Result<Box<dyn Client>, CreateError> {
        OpenMls::default().founder(uid, profile)
    }
    fn joiner(
        &self,
        uid: Uid,
        profile: Profile,
        room: &BTreeSet<Uid>,
    ) -> Result<Box<dyn Client>, CreateError> {
        OpenMls::default().joiner(uid, profile, room)
    }
    fn server_client(
        &self,
        uid: Uid,
        profile: Profile,
        nth: usize,
    ) -> Result<Box<dyn Client>, CreateError> {
        Ok(Box::new(Blind(OpenMls::default().server_client(uid, profile, nth)?)))
    }
}

impl Client for Blind {
    fn uid(&self) -> Uid {
        self.0.uid()
    }
    fn key_package(&self) -> Result<Vec<u8>, CreateError> {
        self.0.key_package()
    }
    fn read_at(&mut self, entry: &WireEntry, now: Instant) -> Result<ReadOutcome, ReadError> {
        self.0.read_at(entry, now)
    }
    fn view(&self) -> ClientView {
        self.0.view()
    }
    fn seal_frame(&mut self, kind: FrameKind, frame: &[u8]) -> Result<Vec<u8>, FrameError> {
        self.0.seal_frame(kind, frame)
    }
    fn open_frame_at(
        &mut self,
        _: FrameKind,
        _: &[u8],
        _: Instant,
    ) -> Result<OpenedFrame, FrameError> {
        Err(FrameError::NoGroup)
    }
    fn checkpoint(&self) -> Checkpoint {
        self.0.checkpoint()
    }
    fn rollback(&mut self, checkpoint: &Checkpoint) -> Result<(), RollbackError> {
        self.0.rollback(checkpoint)
    }
    fn commit_remove(&mut self, uid: Uid) -> Result<Vec<Message>, MemberCommitError> {
        self.0.commit_remove(uid)
    }
    fn commit_add(
        &mut self,
        uid: Uid,
        key_package: &[u8],
    ) -> Result<Vec<Message>, MemberCommitError> {
        self.0.commit_add(uid, key_package)
    }
    fn steal(&self) -> Result<Box<dyn Client>, CreateError> {
        // The server keeps its epochs as copies: they are blind too.
        Ok(Box::new(Blind(self.0.steal()?)))
    }
}

#[test]
fn a_server_that_does_not_read_what_the_model_says_diverges() {
    let file = attacks_dir().join("orange-u3-l1-a1-NoSilentEavesdropper.itf.json");
    let trace = Trace::read(&file).unwrap();
    let r = replay(&trace, Some(file), &BlindServer, ReplayOptions::default());
    let Outcome::Diverged { diffs, .. } = &r.outcome else { panic!("{:?}", r.outcome) };
    assert!(diffs.iter().any(|d| d.field == "ServerReads"), "{diffs:?}");
}

/// Every attack committed for `orange`, taken step for step under `guarded`
/// (docs/guarded.md): where its steps can still be taken, the property it
/// broke holds all along, on the model and on OpenMLS.
#[test]
fn guarded_prevents_every_committed_attack() {
    let mut checked = 0;
    for file in dcverify_trace::files::trace_files(&attacks_dir()).unwrap() {
        let trace = Trace::read(&file).unwrap();
        if trace.meta.profile != "orange" {
            continue;
        }
        let property = trace.meta.violates.clone().unwrap();
        let bounds = Bounds { users: trace.meta.users, leaves: trace.meta.leaves };
        let model =
            DcModel::new(Profile::Guarded, bounds).unwrap().with_attacks(trace.meta.attacks);
        let actions: Vec<_> = trace.steps.iter().filter_map(|s| s.action).collect();
        let Ok(path) = model.walk_actions(&actions) else { continue };
        for state in path.states() {
            assert_eq!(model.holds(&property, state), Some(true), "{}", file.display());
        }
        let guarded = dcverify_trace::path_trace(dcverify_trace::make::model_meta(&model), &path);
        let r = replay(&guarded, None, &OpenMls::default(), ReplayOptions::default());
        assert_eq!(r.outcome, Outcome::Passed, "{} under guarded", file.display());
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} attacks could be taken under guarded");
}

/// The hand-written traces with a hostile server (the server committing
/// through its leaf, a commit no key opens) replay as the model says.
#[test]
fn hand_written_attacks_replay_on_openmls() {
    let hand = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../traces/hand");
    let mut replayed = Vec::new();
    for file in dcverify_trace::files::trace_files(&hand).unwrap() {
        let trace = Trace::read(&file).unwrap();
        if trace.meta.attacks == 0 {
            continue;
        }
        let r = replay(&trace, Some(file.clone()), &OpenMls::default(), ReplayOptions::default());
        assert_eq!(r.outcome, Outcome::Passed, "{}", file.display());
        replayed.push(file.file_name().unwrap().to_string_lossy().to_string());
    }
    assert!(replayed.contains(&"orange-server-commits.itf.json".to_string()), "{replayed:?}");
    assert!(replayed.contains(&"orange-garbage-commit.itf.json".to_string()), "{replayed:?}");
    // Found by seeded walks: the server keeps every epoch it reached, once
    // per leaf it holds there (`conformance/src/room/keyring.rs`).
    for kept in ["older-epochs", "each-leafs-epochs"] {
        let name = format!("guarded-server-keeps-{kept}.itf.json");
        assert!(replayed.contains(&name), "{replayed:?}");
    }
}

/// The server keeps every epoch it reached (`conformance/src/room/keyring.rs`):
/// user 2, removed by the DC after a false `Left`, stays in e2 while the
/// server's leaf follows the DC two epochs further, past any grace window.
/// The model says the server still reads e2; on OpenMLS the server must
/// open user 2's frames there. (Found by a seeded walk in CI.)
#[test]
fn the_server_reads_a_member_left_behind_in_an_older_epoch() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../traces/hand/guarded-server-keeps-older-epochs.itf.json");
    let trace = Trace::read(&file).unwrap();
    let last = &trace.steps.last().unwrap().state;
    let node = |u| last.local(u).and_then(|l| l.group.clone()).unwrap();
    let (behind, newest) = (node(2), node(1));
    assert_eq!(newest.number(), behind.number() + 2);
    assert!(dcverify_model::server_steps::server_reads(last, &behind));
    let r = replay(&trace, Some(file.clone()), &OpenMls::default(), ReplayOptions::default());
    assert_eq!(r.outcome, Outcome::Passed, "{}", file.display());
    assert!(r.media_checks > 0, "no frames exchanged");
}

/// What the room needs to carry a server step out, said with the step: the
/// model decides what is allowed, the room refuses what it cannot do.
#[test]
fn the_room_says_why_it_cannot_take_a_server_step() {
    use dcverify_conformance::room::{Disabled, Room, Step};
    use dcverify_protocol::{Action, ServerStep};
    let openmls = OpenMls::default();
    let mut room = Room::new(&openmls, Profile::Orange).unwrap();
    let why = |room: &Room, s| room.disabled(Action::Server(s));
    assert_eq!(why(&room, ServerStep::Withhold(1)), Some(Disabled::NothingToRead));
    assert_eq!(why(&room, ServerStep::Withhold(2)), Some(Disabled::NotAlive));
    assert_eq!(why(&room, ServerStep::FalseLeft(2)), Some(Disabled::NotAlive));
    assert_eq!(why(&room, ServerStep::ServerRemove(1, 1)), Some(Disabled::NoServerLeaf));
    assert_eq!(why(&room, ServerStep::ServerJoin(2)), None);
    room.apply(Action::Join).unwrap();
    // One entry after the founder's cursor: nothing to swap it with.
    assert_eq!(why(&room, ServerStep::Reorder(1)), Some(Disabled::NoSuchEntry));
    assert_eq!(why(&room, ServerStep::Redeliver(1, 0)), Some(Disabled::NoSuchEntry));
    assert_eq!(why(&room, ServerStep::Withhold(1)), None);
    room.apply(Action::Server(ServerStep::Garbage(0))).unwrap();
    assert_eq!(why(&room, ServerStep::Reorder(1)), None);
    // A step delivers from where the reader is, and says where.
    let Step::Read(reading) = room.apply(Action::Server(ServerStep::Withhold(1))).unwrap() else {
        panic!("a withholding is a reading of nothing")
    };
    assert_eq!((reading.position, reading.outcomes.len()), (0, 0));
    assert_eq!(why(&room, ServerStep::Redeliver(1, 0)), None);
    assert_eq!(why(&room, ServerStep::Redeliver(1, 1)), Some(Disabled::NoSuchEntry));
    let Step::Read(reading) = room.apply(Action::Server(ServerStep::Redeliver(1, 0))).unwrap()
    else {
        panic!("a redelivery is a reading")
    };
    assert_eq!((reading.position, reading.outcomes.len()), (0, 1));
    // Past the Joined, one entry is left: nothing to swap it with.
    assert_eq!(why(&room, ServerStep::Reorder(1)), Some(Disabled::NoSuchEntry));
    // With two more, user 1 is given them swapped, from where it is.
    room.apply(Action::Server(ServerStep::Garbage(1))).unwrap();
    let Step::Read(reading) = room.apply(Action::Server(ServerStep::Reorder(1))).unwrap() else {
        panic!("a reordering is a reading")
    };
    assert_eq!(reading.position, 1);
    let Step::Read(reading) = room.apply(Action::Server(ServerStep::Withhold(2))).unwrap() else {
        panic!("a withholding is a reading of nothing")
    };
    assert_eq!((reading.position, reading.outcomes.len()), (1, 0));
}
