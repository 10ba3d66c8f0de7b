//! The named attack and fault scenarios (`dcverify attack NAME`), as data:
//! the room before the attack, what happens once it starts, the delivery
//! service's and the SFU's faults, and the outcome it must have
//! (`docs/attacks.md`). `run.rs` carries them out.

use super::assess::Signal;
use crate::room::delivery::{Entries, LogFault, Part, Readers, Rule};
use crate::room::JoinAs;
use crate::sfu::Faults;
use dcverify_protocol::{EntryKind, Uid};
use serde::Serialize;

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

impl Expected {
    /// The outcome in a few words.
    pub fn describe(self) -> String {
        match self {
            Expected::Agreement => "members agree, nothing lost".into(),
            Expected::Detected(signals) => {
                let names: Vec<String> = signals.iter().map(|s| s.to_string()).collect();
                format!("detected: {}", names.join(" + "))
            }
            Expected::LostUnnoticed => {
                "members agree; losses go unnoticed (the SFU is trusted for liveness)".into()
            }
        }
    }
}

/// What happens in the room once the attack starts, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A user joins.
    Join(JoinAs),
    /// The server announces that a user left (it did not).
    AnnounceLeft(Uid),
    /// The server announces a joiner who is nobody, with a KeyPackage of its own.
    AnnounceJoined(Uid),
}

pub struct Scenario {
    pub name: &'static str,
    pub what: &'static str,
    /// Users in the room (founder included), settled honestly, before the attack.
    pub room: usize,
    pub events: &'static [Event],
    /// The delivery service's plan from the attack's start.
    pub log_faults: &'static [Rule],
    /// Frames exchanged among the members through an SFU with these faults.
    pub sfu_faults: Option<Faults>,
    pub expected: Expected,
}

const JOIN: &[Event] = &[Event::Join(JoinAs::Honest)];
const COMMITS: Entries = Entries::kinds(&[EntryKind::Commit]);
const WELCOMES: Entries = Entries::kinds(&[EntryKind::Welcome]);
const WELCOMES_AND_COMMITS: Entries = Entries::kinds(&[EntryKind::Welcome, EntryKind::Commit]);

const fn rule(readers: Readers, entries: Entries, fault: LogFault) -> Rule {
    Rule { readers, entries, fault }
}

const fn log(
    name: &'static str,
    what: &'static str,
    events: &'static [Event],
    log_faults: &'static [Rule],
    expected: Expected,
) -> Scenario {
    Scenario { name, what, room: 3, events, log_faults, sfu_faults: None, expected }
}

const fn frames(
    name: &'static str,
    what: &'static str,
    faults: Faults,
    expected: Expected,
) -> Scenario {
    Scenario {
        name,
        what,
        room: 3,
        events: &[],
        log_faults: &[],
        sfu_faults: Some(faults),
        expected,
    }
}

const NO_FAULTS: Faults =
    Faults { drop: 0.0, duplicate: 0.0, reorder: 0.0, delay: 0.0, corrupt: 0.0 };

pub const SCENARIOS: &[Scenario] = &[
    log(
        "log-drop",
        "the commit adding a joiner never reaches one member",
        JOIN,
        &[rule(Readers::Only(2), COMMITS, LogFault::Withhold)],
        Expected::Detected(&[Signal::SafetyNumbersDiffer]),
    ),
    log(
        "log-duplicate",
        "every Welcome and commit is delivered twice",
        JOIN,
        &[rule(Readers::All, WELCOMES_AND_COMMITS, LogFault::Duplicate)],
        Expected::Agreement,
    ),
    log(
        "log-reorder",
        "a member sees two Add commits in the wrong order",
        &[Event::Join(JoinAs::Honest), Event::Join(JoinAs::Honest)],
        &[rule(Readers::Only(2), COMMITS, LogFault::Reorder)],
        Expected::Detected(&[Signal::SafetyNumbersDiffer]),
    ),
    log(
        "log-delay",
        "a member gets an Add commit after later entries",
        JOIN,
        &[rule(Readers::Only(3), COMMITS, LogFault::Delay { positions: 1 })],
        Expected::Detected(&[Signal::SafetyNumbersDiffer]),
    ),
    log(
        "replay-welcome",
        "old Welcomes are delivered again to everyone",
        JOIN,
        &[rule(Readers::All, WELCOMES, LogFault::Replay)],
        Expected::Agreement,
    ),
    log(
        "replay-commit",
        "old commits are delivered again to everyone",
        JOIN,
        &[rule(Readers::All, COMMITS, LogFault::Replay)],
        Expected::Agreement,
    ),
    log(
        "corrupt-welcome",
        "a bit of the joiner's Welcome is flipped",
        JOIN,
        &[rule(Readers::All, WELCOMES, LogFault::Corrupt(Part::Welcome))],
        Expected::Detected(&[Signal::TypedError, Signal::NotAdmitted]),
    ),
    log(
        "corrupt-ratchet-tree",
        "a bit of the Welcome's ratchet tree is flipped",
        JOIN,
        &[rule(Readers::All, WELCOMES, LogFault::Corrupt(Part::RatchetTree))],
        Expected::Detected(&[Signal::TypedError, Signal::NotAdmitted]),
    ),
    log(
        "corrupt-commit",
        "a bit of the Add commit is flipped for everyone",
        JOIN,
        &[rule(Readers::All, COMMITS, LogFault::Corrupt(Part::Commit))],
        Expected::Detected(&[Signal::SafetyNumbersDiffer]),
    ),
    log(
        "false-left",
        "the server announces that a present member left",
        &[Event::AnnounceLeft(3)],
        &[],
        // Under orange and fixed the client stops on reading its own Left
        // (as the deployed one does); under guarded it ignores it and is
        // removed, and says so. Everywhere its safety number is left behind.
        Expected::Detected(&[Signal::SafetyNumbersDiffer]),
    ),
    // The server shows user 3 that 1 and 2 left; 3 takes over and commits for
    // the same epoch as 1; each part of the room sees only its own commits.
    log(
        "split-view",
        "two parts of the room see different commits for one epoch",
        &[Event::AnnounceLeft(1), Event::AnnounceLeft(2), Event::Join(JoinAs::Honest)],
        &[
            rule(Readers::AllBut(3), Entries::ANNOUNCED, LogFault::Withhold),
            rule(
                Readers::AllBut(3),
                Entries::sent_by(3, &[EntryKind::Welcome, EntryKind::Commit]),
                LogFault::Withhold,
            ),
            rule(
                Readers::Only(3),
                Entries::sent_by(1, &[EntryKind::Welcome, EntryKind::Commit]),
                LogFault::Withhold,
            ),
        ],
        Expected::Detected(&[Signal::SafetyNumbersDiffer]),
    ),
    log(
        "key-package-substitution",
        "the server puts its own KeyPackage in a joiner's Joined",
        &[Event::Join(JoinAs::WithServerKeyPackage)],
        &[],
        // The joiner takes the Welcome made for the server's KeyPackage as
        // someone else's (no key of its own opens it) and stays outside.
        Expected::Detected(&[Signal::NotAdmitted]),
    ),
    log(
        "ghost-member",
        "the server adds a member who never joined",
        &[Event::AnnounceJoined(9)],
        &[],
        Expected::Detected(&[Signal::GhostInRoster]),
    ),
    Scenario {
        name: "two-founders",
        what: "two users are both told they are first in the room",
        room: 2,
        events: &[Event::Join(JoinAs::Founder)],
        log_faults: &[],
        sfu_faults: None,
        expected: Expected::Detected(&[Signal::SafetyNumbersDiffer]),
    },
    frames(
        "frame-drop",
        "the SFU drops 20 % of frames",
        Faults { drop: 0.2, ..NO_FAULTS },
        Expected::LostUnnoticed,
    ),
    frames(
        "frame-duplicate",
        "the SFU duplicates 20 % of frames",
        Faults { duplicate: 0.2, ..NO_FAULTS },
        Expected::Detected(&[Signal::FrameRejected]),
    ),
    frames(
        "frame-reorder",
        "the SFU swaps neighbouring frames",
        Faults { reorder: 0.5, ..NO_FAULTS },
        Expected::Agreement,
    ),
    frames(
        "frame-delay",
        "the SFU holds frames back and releases them later",
        Faults { delay: 0.2, ..NO_FAULTS },
        Expected::Agreement,
    ),
    frames(
        "frame-corrupt",
        "the SFU flips a bit in 20 % of frames",
        Faults { corrupt: 0.2, ..NO_FAULTS },
        Expected::Detected(&[Signal::FrameRejected]),
    ),
];

pub fn by_name(name: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.name == name)
}

/// The table of `docs/attacks.md`: every scenario, what the attacker does, and
/// the outcome it must have (checked by `cargo test` for both profiles).
pub fn markdown_table() -> String {
    let mut t = String::from(
        "| scenario | what the attacker does | outcome (checked for `orange`, `fixed` and `guarded`) |\n| --- | --- | --- |\n",
    );
    for s in SCENARIOS {
        let outcome = match s.expected {
            Expected::Agreement => "members stay in agreement, nothing is lost".to_string(),
            Expected::LostUnnoticed => "members stay in agreement; the dropped frames are lost without notice (the SFU is trusted for liveness only)".to_string(),
            Expected::Detected(signals) => format!(
                "detected: {}",
                signals
                    .iter()
                    .map(|x| format!("`{x}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        t.push_str(&format!("| `{}` | {} | {} |\n", s.name, s.what, outcome));
    }
    t
}
