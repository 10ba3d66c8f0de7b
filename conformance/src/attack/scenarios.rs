//! The named attack and fault scenarios (`dcverify attack NAME`). Each is
//! seeded and reproducible, states the outcome it must have, and is checked.

use super::assess::{assess, Assessment, Signal};
use super::room::HostileRoom;
use crate::rng::Rng;
use crate::sfu::{Faults, Sfu};
use dcverify_impl::{Client, FrameKind, WireEntry};
use dcverify_model::{Profile, Uid};
use serde::Serialize;
use std::collections::BTreeSet;

/// What a scenario must end in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expected {
    /// Members stay in agreement and nothing is lost.
    Agreement,
    /// The attack is noticed, by at least these signals.
    Detected(&'static [Signal]),
    /// Members agree, but what the attacker withheld is lost without notice:
    /// the SFU is trusted for liveness only.
    LostUnnoticed,
}

pub struct Scenario {
    pub name: &'static str,
    pub what: &'static str,
    pub expected: Expected,
    pub run: fn(Profile, u64) -> Assessment,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScenarioReport {
    pub name: &'static str,
    pub profile: String,
    pub seed: u64,
    pub expected: Expected,
    pub assessment: Assessment,
    pub as_expected: bool,
}

pub fn run_scenario(s: &Scenario, profile: Profile, seed: u64) -> ScenarioReport {
    let assessment = (s.run)(profile, seed);
    let as_expected = !assessment.silent_split
        && match s.expected {
            Expected::Agreement => {
                assessment.agreement && assessment.signals.is_empty() && assessment.frames_lost == 0
            }
            Expected::Detected(signals) => {
                !signals.is_empty() && signals.iter().all(|x| assessment.signals.contains(x))
            }
            Expected::LostUnnoticed => {
                assessment.agreement && assessment.signals.is_empty() && assessment.frames_lost > 0
            }
        };
    ScenarioReport {
        name: s.name,
        profile: profile.name().into(),
        seed,
        expected: s.expected,
        assessment,
        as_expected,
    }
}

/// A settled room of `n` users (founder included).
fn room(profile: Profile, n: usize) -> HostileRoom {
    let mut r = HostileRoom::new(profile);
    for _ in 1..n {
        r.join();
    }
    r.settle_honestly();
    r
}

fn finish(mut r: HostileRoom) -> Assessment {
    let real = r.real_users();
    assess(&mut r, &real)
}

fn is_commit(e: &WireEntry) -> bool {
    matches!(e, WireEntry::Commit { .. })
}

fn flip(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = bytes.to_vec();
    if !b.is_empty() {
        let i = rng.below(b.len());
        b[i] ^= 1 << rng.below(8);
    }
    b
}

/// A user joins a settled room of 3 while the attacker works on every read.
fn join_under(
    profile: Profile,
    mut tamper: impl FnMut(Uid, usize, &WireEntry) -> Vec<WireEntry>,
) -> Assessment {
    let mut r = room(profile, 3);
    let start = r.log.len();
    r.join();
    r.settle(&mut |u, pos, e| if pos >= start { tamper(u, pos, e) } else { vec![e.clone()] });
    finish(r)
}

fn log_drop(profile: Profile, seed: u64) -> Assessment {
    // The commit adding user 4 never reaches user 2.
    let _ = seed;
    join_under(profile, |u, _, e| if u == 2 && is_commit(e) { vec![] } else { vec![e.clone()] })
}

fn log_duplicate(profile: Profile, _seed: u64) -> Assessment {
    // Every Welcome and commit is delivered twice.
    join_under(profile, |_, _, e| {
        if matches!(e, WireEntry::Joined { .. } | WireEntry::Left { .. }) {
            vec![e.clone()]
        } else {
            vec![e.clone(), e.clone()]
        }
    })
}

fn log_reorder(profile: Profile, _seed: u64) -> Assessment {
    // Two users join; user 2 sees the second Add before the first.
    let mut r = room(profile, 3);
    let start = r.log.len();
    r.join();
    r.join();
    let mut held: Option<WireEntry> = None;
    r.settle(&mut |u, pos, e| {
        if u != 2 || pos < start || !is_commit(e) {
            return vec![e.clone()];
        }
        match held.take() {
            None => {
                held = Some(e.clone());
                vec![]
            }
            Some(first) => vec![e.clone(), first],
        }
    });
    finish(r)
}

fn log_delay(profile: Profile, _seed: u64) -> Assessment {
    // User 3 gets the Add commit only after the next entry (the new user's Welcome order kept).
    let mut r = room(profile, 3);
    let start = r.log.len();
    r.join();
    let mut held: Option<WireEntry> = None;
    r.settle(&mut |u, pos, e| {
        if u == 3 && pos >= start && is_commit(e) && held.is_none() {
            held = Some(e.clone());
            return vec![];
        }
        let mut out = vec![e.clone()];
        if u == 3 && pos > start + 2 {
            out.extend(held.take());
        }
        out
    });
    // The held commit is delivered at the end if nothing came after it.
    finish(r)
}

fn replay_welcome(profile: Profile, _seed: u64) -> Assessment {
    let mut r = room(profile, 3);
    let old: Vec<WireEntry> =
        r.log.iter().filter(|e| matches!(e, WireEntry::Welcome { .. })).cloned().collect();
    r.join();
    let mut replayed = false;
    r.settle(&mut |_, _, e| {
        let mut out = vec![e.clone()];
        if !replayed {
            replayed = true;
            out.extend(old.iter().cloned());
        }
        out
    });
    finish(r)
}

fn replay_commit(profile: Profile, _seed: u64) -> Assessment {
    let mut r = room(profile, 3);
    let old: Vec<WireEntry> = r.log.iter().filter(|e| is_commit(e)).cloned().collect();
    let start = r.log.len();
    r.join();
    r.settle(&mut |_, pos, e| {
        let mut out = vec![e.clone()];
        if pos == start {
            out.extend(old.iter().cloned());
        }
        out
    });
    finish(r)
}

fn corrupt(profile: Profile, seed: u64, which: &'static str) -> Assessment {
    let mut rng = Rng::new(seed);
    join_under(profile, move |_, _, e| {
        vec![match (which, e) {
            ("welcome", WireEntry::Welcome { from, to, welcome, ratchet_tree }) => {
                WireEntry::Welcome {
                    from: *from,
                    to: *to,
                    welcome: flip(welcome, &mut rng),
                    ratchet_tree: ratchet_tree.clone(),
                }
            }
            ("tree", WireEntry::Welcome { from, to, welcome, ratchet_tree }) => {
                WireEntry::Welcome {
                    from: *from,
                    to: *to,
                    welcome: welcome.clone(),
                    ratchet_tree: flip(ratchet_tree, &mut rng),
                }
            }
            ("commit", WireEntry::Commit { from, commit }) => {
                WireEntry::Commit { from: *from, commit: flip(commit, &mut rng) }
            }
            _ => e.clone(),
        }]
    })
}

fn corrupt_welcome(profile: Profile, seed: u64) -> Assessment {
    corrupt(profile, seed, "welcome")
}

fn corrupt_tree(profile: Profile, seed: u64) -> Assessment {
    corrupt(profile, seed, "tree")
}

fn corrupt_commit(profile: Profile, seed: u64) -> Assessment {
    corrupt(profile, seed, "commit")
}

fn false_left(profile: Profile, _seed: u64) -> Assessment {
    // The server announces that user 3 left; user 3 is still there.
    let mut r = room(profile, 3);
    r.log.push(WireEntry::Left { uid: 3 });
    r.settle_honestly();
    finish(r)
}

fn split_view(profile: Profile, _seed: u64) -> Assessment {
    // The server shows user 3 that 1 and 2 left; 3 takes over and commits for
    // the same epoch as 1; each part of the room sees only its own commits.
    let mut r = room(profile, 3);
    let start = r.log.len();
    r.log.push(WireEntry::Left { uid: 1 });
    r.log.push(WireEntry::Left { uid: 2 });
    let fake = [start, start + 1];
    r.join();
    let mut from_3 = BTreeSet::new();
    r.settle(&mut |u, pos, e| {
        let commit_by_3 =
            matches!(e, WireEntry::Commit { from: 3, .. } | WireEntry::Welcome { from: 3, .. });
        if commit_by_3 {
            from_3.insert(pos);
        }
        let to_3_only = fake.contains(&pos) || commit_by_3;
        let hidden_from_3 =
            matches!(e, WireEntry::Commit { from: 1, .. } | WireEntry::Welcome { from: 1, .. });
        match u {
            3 if hidden_from_3 => vec![],
            3 => vec![e.clone()],
            _ if to_3_only => vec![],
            _ => vec![e.clone()],
        }
    });
    finish(r)
}

fn key_package_substitution(profile: Profile, _seed: u64) -> Assessment {
    // The server replaces joiner 4's KeyPackage with one it made for the same identity.
    let mut r = room(profile, 3);
    let impostor = Client::joiner(4, profile).expect("the server's client");
    let forged = impostor.key_package().expect("the server's KeyPackage");
    r.join_with(|_| forged);
    r.settle_honestly();
    finish(r)
}

fn ghost_member(profile: Profile, _seed: u64) -> Assessment {
    // The server announces a user 9 who never joined, with its own KeyPackage.
    let mut r = room(profile, 3);
    let ghost = Client::joiner(9, profile).expect("the ghost");
    r.log.push(WireEntry::Joined {
        uid: 9,
        key_package: ghost.key_package().expect("a KeyPackage"),
    });
    r.settle_honestly();
    let mut a = finish(r);
    // The ghost is not an alive user of the room: its uid is above everyone who joined.
    a.details.push("user 9 was never in the room".into());
    a
}

fn two_founders(profile: Profile, _seed: u64) -> Assessment {
    // The server tells user 3 that nobody is in the room: it founds its own group.
    let mut r = room(profile, 2);
    r.join_as_founder();
    r.settle_honestly();
    finish(r)
}

/// Frames between three members through a faulty SFU.
fn frames(profile: Profile, seed: u64, faults: Faults) -> Assessment {
    let mut r = room(profile, 3);
    let mut sfu = Sfu::new(faults, seed);
    let mut rejected = 0;
    let (mut sent, mut arrived) = (0, 0);
    for round in 0..50u32 {
        for from in 1..=3u8 {
            let payload = format!("frame {round} from {from}").into_bytes();
            let Ok(sealed) = r.client(from).seal_frame(FrameKind::Opus, &payload) else { continue };
            let to: Vec<Uid> = (1..=3).filter(|&u| u != from).collect();
            let mut delivered = sfu.forward(from, &sealed, &to);
            if round % 5 == 4 {
                delivered.extend(sfu.flush());
            }
            sent += to.len();
            arrived += delivered.len();
            for d in delivered {
                if r.client(d.to).open_frame(FrameKind::Opus, &d.frame).is_err() {
                    rejected += 1;
                }
            }
        }
    }
    let mut a = finish(r);
    if rejected > 0 {
        a.signals.insert(Signal::FrameRejected);
    }
    a.frames_lost = sent.saturating_sub(arrived);
    a.details.push(format!("{sent} frames sent, {arrived} delivered, {rejected} refused"));
    a
}

fn frame_drop(p: Profile, s: u64) -> Assessment {
    frames(p, s, Faults { drop: 0.2, ..Faults::default() })
}
fn frame_duplicate(p: Profile, s: u64) -> Assessment {
    frames(p, s, Faults { duplicate: 0.2, ..Faults::default() })
}
fn frame_reorder(p: Profile, s: u64) -> Assessment {
    frames(p, s, Faults { reorder: 0.5, ..Faults::default() })
}
fn frame_delay(p: Profile, s: u64) -> Assessment {
    frames(p, s, Faults { delay: 0.2, ..Faults::default() })
}
fn frame_corrupt(p: Profile, s: u64) -> Assessment {
    frames(p, s, Faults { corrupt: 0.2, ..Faults::default() })
}

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "log-drop",
        what: "the commit adding a joiner never reaches one member",
        expected: Expected::Detected(&[Signal::SafetyNumbersDiffer]),
        run: log_drop,
    },
    Scenario {
        name: "log-duplicate",
        what: "every Welcome and commit is delivered twice",
        expected: Expected::Agreement,
        run: log_duplicate,
    },
    Scenario {
        name: "log-reorder",
        what: "a member sees two Add commits in the wrong order",
        expected: Expected::Detected(&[Signal::SafetyNumbersDiffer]),
        run: log_reorder,
    },
    Scenario {
        name: "log-delay",
        what: "a member gets an Add commit after later entries",
        expected: Expected::Detected(&[Signal::SafetyNumbersDiffer]),
        run: log_delay,
    },
    Scenario {
        name: "replay-welcome",
        what: "old Welcomes are delivered again to everyone",
        expected: Expected::Agreement,
        run: replay_welcome,
    },
    Scenario {
        name: "replay-commit",
        what: "old commits are delivered again to everyone",
        expected: Expected::Agreement,
        run: replay_commit,
    },
    Scenario {
        name: "corrupt-welcome",
        what: "a bit of the joiner's Welcome is flipped",
        expected: Expected::Detected(&[Signal::TypedError, Signal::NotAdmitted]),
        run: corrupt_welcome,
    },
    Scenario {
        name: "corrupt-ratchet-tree",
        what: "a bit of the Welcome's ratchet tree is flipped",
        expected: Expected::Detected(&[Signal::TypedError, Signal::NotAdmitted]),
        run: corrupt_tree,
    },
    Scenario {
        name: "corrupt-commit",
        what: "a bit of the Add commit is flipped for everyone",
        expected: Expected::Detected(&[Signal::SafetyNumbersDiffer]),
        run: corrupt_commit,
    },
    Scenario {
        name: "false-left",
        what: "the server announces that a present member left",
        expected: Expected::Detected(&[Signal::RemovedWhilePresent, Signal::SafetyNumbersDiffer]),
        run: false_left,
    },
    Scenario {
        name: "split-view",
        what: "two parts of the room see different commits for one epoch",
        expected: Expected::Detected(&[Signal::SafetyNumbersDiffer]),
        run: split_view,
    },
    Scenario {
        name: "key-package-substitution",
        what: "the server puts its own KeyPackage in a joiner's Joined",
        expected: Expected::Detected(&[Signal::TypedError, Signal::NotAdmitted]),
        run: key_package_substitution,
    },
    Scenario {
        name: "ghost-member",
        what: "the server adds a member who never joined",
        expected: Expected::Detected(&[Signal::GhostInRoster]),
        run: ghost_member,
    },
    Scenario {
        name: "two-founders",
        what: "two users are both told they are first in the room",
        expected: Expected::Detected(&[Signal::SafetyNumbersDiffer]),
        run: two_founders,
    },
    Scenario {
        name: "frame-drop",
        what: "the SFU drops 20 % of frames",
        expected: Expected::LostUnnoticed,
        run: frame_drop,
    },
    Scenario {
        name: "frame-duplicate",
        what: "the SFU duplicates 20 % of frames",
        expected: Expected::Detected(&[Signal::FrameRejected]),
        run: frame_duplicate,
    },
    Scenario {
        name: "frame-reorder",
        what: "the SFU swaps neighbouring frames",
        expected: Expected::Agreement,
        run: frame_reorder,
    },
    Scenario {
        name: "frame-delay",
        what: "the SFU holds frames back and releases them later",
        expected: Expected::Agreement,
        run: frame_delay,
    },
    Scenario {
        name: "frame-corrupt",
        what: "the SFU flips a bit in 20 % of frames",
        expected: Expected::Detected(&[Signal::FrameRejected]),
        run: frame_corrupt,
    },
];

pub fn by_name(name: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.name == name)
}

/// The table of `docs/attacks.md`: every scenario, what the attacker does, and
/// the outcome it must have (checked by `cargo test` for both profiles).
pub fn markdown_table() -> String {
    let mut t = String::from("| scenario | what the attacker does | outcome (checked for `orange` and `fixed`) |\n| --- | --- | --- |\n");
    for s in SCENARIOS {
        let outcome = match s.expected {
            Expected::Agreement => "members stay in agreement, nothing is lost".to_string(),
            Expected::LostUnnoticed => "members stay in agreement; the dropped frames are lost without notice (the SFU is trusted for liveness only)".to_string(),
            Expected::Detected(signals) => format!("detected: {}", signals.iter().map(|x| format!("`{}`", serde_json::to_value(x).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default())).collect::<Vec<_>>().join(", ")),
        };
        t.push_str(&format!("| `{}` | {} | {} |\n", s.name, s.what, outcome));
    }
    t
}
