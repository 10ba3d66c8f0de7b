//! The committed corpus is ITF as Informal Systems' own reader understands
//! it (the `itf` crate, what Quint and Apalache users read traces with in
//! Rust): every trace decodes into states typed the way such a user would
//! write them from `traces/README.md` — plain sets, maps and tagged
//! variants, nothing of this suite's — with the values our reader finds.

// Every field is decoded to check that it decodes; not all are compared.
#![allow(dead_code)]

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A state as a Quint/Apalache user would type it.
#[derive(Deserialize, Debug)]
struct State {
    action: Action,
    log: Vec<Entry>,
    users: BTreeMap<u64, User>,
    #[serde(default)]
    attacks_used: Option<u64>,
    #[serde(default)]
    failed_under_attack: Option<BTreeSet<u64>>,
    #[serde(default)]
    stolen: Option<Vec<Stolen>>,
}

#[derive(Deserialize, Debug)]
#[serde(tag = "tag", content = "value")]
enum Action {
    Init,
    Join,
    Leave(UserArg),
    Read(UserArg),
    Send(UserArg),
    Withhold(UserArg),
    Reorder(UserArg),
    Redeliver { u: u64, k: u64 },
    FalseLeft(UidArg),
    ServerJoin(UidArg),
    Garbage { n: u64 },
    ServerRemove { at: u64, v: u64 },
    ServerAdd { at: u64, v: u64 },
    Compromise(UserArg),
}

#[derive(Deserialize, Debug)]
struct UserArg {
    u: u64,
}

#[derive(Deserialize, Debug)]
struct UidArg {
    v: u64,
}

#[derive(Deserialize, Debug)]
#[serde(tag = "tag", content = "value")]
enum Entry {
    /// The leaf: a uid, negated for the server's.
    Joined {
        v: i64,
    },
    Left(UidArg),
    Welcome {
        from: u64,
        to: u64,
        epoch: Epoch,
    },
    Commit {
        from: u64,
        epoch: Epoch,
        op: Op,
    },
    Garbage {
        n: u64,
    },
    Propose {
        from: u64,
        epoch: Epoch,
    },
}

#[derive(Deserialize, Debug)]
struct Epoch {
    root: u64,
    number: u64,
    path: Vec<CommitStep>,
}

#[derive(Deserialize, Debug)]
struct CommitStep {
    committer: i64,
    op: Op,
}

#[derive(Deserialize, Debug)]
#[serde(tag = "tag", content = "value")]
enum Op {
    Add(i64),
    Remove(BTreeSet<u64>),
    Update(BTreeSet<u64>),
}

#[derive(Deserialize, Debug)]
#[serde(tag = "tag", content = "value")]
enum User {
    Alive(Box<Local>),
    Left,
}

#[derive(Deserialize, Debug)]
struct Local {
    cursor: u64,
    group: Group,
    before_me: BTreeSet<u64>,
    left_seen: BTreeSet<u64>,
    pending_adds: Vec<i64>,
    pending_removes: Vec<u64>,
    outbox: Vec<Entry>,
    failed: bool,
    #[serde(default)]
    removed: bool,
    #[serde(default)]
    pending_updates: BTreeSet<u64>,
    #[serde(default)]
    update_due: bool,
}

#[derive(Deserialize, Debug)]
#[serde(tag = "tag", content = "value")]
enum Group {
    None,
    Some(Epoch),
}

#[derive(Deserialize, Debug)]
struct Stolen {
    of: u64,
    cursor: u64,
    group: Group,
    knows_update: bool,
}

#[test]
fn the_itf_crate_reads_every_committed_trace() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = dcverify_trace::files::trace_files(root).unwrap();
    assert!(files.len() > 70, "{} traces", files.len());
    for file in files {
        let name = file.display();
        let text = std::fs::read_to_string(&file).unwrap();
        let trace: itf::Trace<State> =
            itf::trace_from_str(&text).unwrap_or_else(|e| panic!("{name}: itf: {e}"));
        let ours = dcverify_trace::Trace::read(&file).unwrap();
        assert_eq!(trace.meta.other.get("users"), Some(&ours.meta.users.to_string()), "{name}");
        assert_eq!(trace.states.len(), ours.steps.len(), "{name}");
        for (i, (theirs, ours)) in trace.states.iter().zip(&ours.steps).enumerate() {
            let (state, ours) = (&theirs.value, &ours.state);
            assert_eq!(theirs.meta.index, Some(i as u64), "{name} state {i}");
            assert_eq!(state.log.len(), ours.log.len(), "{name} state {i}");
            assert_eq!(state.users.len(), ours.users.len(), "{name} state {i}");
            for (u, user) in &state.users {
                let model = ours.local(*u as u8);
                match user {
                    User::Alive(local) => {
                        let model = model.unwrap_or_else(|| panic!("{name} {i}: user {u}"));
                        assert_eq!(local.cursor as usize, model.cursor, "{name} state {i}");
                        assert_eq!(
                            local.group.as_ref().map(|g| (g.root, g.number, g.path.len())),
                            model
                                .group
                                .as_ref()
                                .map(|g| { (u64::from(g.root), g.number() as u64, g.number()) }),
                            "{name} state {i} user {u}"
                        );
                        let left_seen: BTreeSet<u64> =
                            model.left_seen.iter().map(u64::from).collect();
                        assert_eq!(local.left_seen, left_seen, "{name} state {i} user {u}");
                    }
                    User::Left => assert!(model.is_none(), "{name} state {i} user {u}"),
                }
            }
            let stolen = state.stolen.as_deref().unwrap_or_default();
            assert_eq!(stolen.len(), ours.stolen.len(), "{name} state {i}");
            for (theirs, ours) in stolen.iter().zip(&ours.stolen) {
                assert_eq!((theirs.of, theirs.cursor as usize), (u64::from(ours.of), ours.cursor));
            }
            assert_eq!(state.attacks_used.unwrap_or(0), u64::from(ours.attacks_used), "{name}");
            let failed: BTreeSet<u64> = ours.failed_under_attack.iter().map(u64::from).collect();
            assert_eq!(state.failed_under_attack.clone().unwrap_or_default(), failed, "{name}");
        }
    }
}

impl Group {
    fn as_ref(&self) -> Option<&Epoch> {
        match self {
            Group::None => None,
            Group::Some(e) => Some(e),
        }
    }
}
