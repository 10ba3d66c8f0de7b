//! The named attack and fault scenarios (`dcverify attack NAME`), as data:
//! the room before the attack, what happens once it starts, the delivery
//! service's and the SFU's faults, the outcome it must have under each
//! profile's display, and how the model's server steps express it
//! (`docs/attacks.md`). `run.rs` carries them out.

use super::assess::Signal;
use crate::room::delivery::{Entries, LogFault, Part, Readers, Rule};
use crate::room::JoinAs;
use crate::sfu::Faults;
use dcverify_protocol::{EntryKind, Profile, Uid};
use serde::Serialize;

/// What a scenario must end in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expected {
    /// Members stay in agreement and nothing is lost.
    Agreement,
    /// The attack is noticed: these signals are on someone's screen.
    Detected(&'static [Signal]),
    /// The clients record these signals, but nothing on anyone's screen
    /// shows the attack (the profile's display does not show them).
    Unnoticed(&'static [Signal]),
    /// Members agree, but what the attacker withheld is lost without notice:
    /// the SFU is trusted for liveness only.
    LostUnnoticed,
}

fn names(signals: &[Signal]) -> String {
    signals.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ")
}

impl Expected {
    /// The outcome in a few words.
    pub fn describe(self) -> String {
        self.markdown().replace('`', "")
    }

    /// The outcome as `docs/attacks.md` writes it.
    pub fn markdown(self) -> String {
        match self {
            Expected::Agreement => "members stay in agreement, nothing is lost".into(),
            Expected::Detected(signals) => format!("detected: {}", names(signals)),
            Expected::Unnoticed(signals) => {
                format!("unnoticed: {} recorded, nothing on screen", names(signals))
            }
            Expected::LostUnnoticed => {
                "members agree; losses go unnoticed (the SFU is trusted for liveness)".into()
            }
        }
    }
}

/// The outcome a scenario must have under each profile: what people notice
/// depends on what the profile's app shows (`dcverify_model::display`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    pub orange: Expected,
    pub fixed: Expected,
    pub guarded: Expected,
    /// `healing` shows what `fixed` shows and answers the server as it
    /// does; its log also carries Update proposals, which can change what
    /// a fault that moves entries lands on.
    pub healing: Expected,
}

impl Outcomes {
    /// The same outcome under every profile.
    pub const fn all(expected: Expected) -> Self {
        Outcomes { orange: expected, fixed: expected, guarded: expected, healing: expected }
    }

    /// One outcome under `orange` and `fixed` (which keeps orange's
    /// display), another under `guarded`.
    pub const fn guarded_differs(orange_and_fixed: Expected, guarded: Expected) -> Self {
        Outcomes {
            orange: orange_and_fixed,
            fixed: orange_and_fixed,
            guarded,
            healing: orange_and_fixed,
        }
    }

    /// The outcome under `profile`.
    pub fn of(self, profile: Profile) -> Expected {
        match profile {
            Profile::Orange => self.orange,
            Profile::Fixed => self.fixed,
            Profile::Guarded => self.guarded,
            Profile::Healing => self.healing,
        }
    }
}

/// How the model's hostile server (`docs/threat-model.md`) expresses a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InModel {
    /// These server steps (as `ServerStep` names them) do what the scenario
    /// does; `page` is the `docs/attacks/` page of the attack, when the
    /// checker finds one.
    Steps { steps: &'static str, how: &'static str, page: Option<&'static str> },
    /// The model does not cover it, for this reason.
    Not(&'static str),
}

impl InModel {
    /// The table cell of `docs/attacks.md` (links relative to `docs/`).
    pub fn markdown(self) -> String {
        match self {
            InModel::Steps { steps, how, page: Some(page) } => {
                format!("`{steps}`: {how} ([{page}](attacks/{page}))")
            }
            InModel::Steps { steps, how, page: None } => format!("`{steps}`: {how}"),
            InModel::Not(why) => format!("not in the model: {why}"),
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
    pub expected: Outcomes,
    pub model: InModel,
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
    expected: Outcomes,
    model: InModel,
) -> Scenario {
    Scenario { name, what, room: 3, events, log_faults, sfu_faults: None, expected, model }
}

/// Frame faults are the SFU's: the model has no media frames.
const NO_FRAMES: InModel = InModel::Not(
    "the model has no media frames; the SFU touches no epoch and is outside it (docs/threat-model.md)",
);

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
        expected: Outcomes::all(expected),
        model: NO_FRAMES,
    }
}

const fn steps(steps: &'static str, how: &'static str) -> InModel {
    InModel::Steps { steps, how, page: None }
}

const fn attack(steps: &'static str, how: &'static str, page: &'static str) -> InModel {
    InModel::Steps { steps, how, page: Some(page) }
}

/// The joiner stays outside; only guarded's app says so.
const NOT_ADMITTED: Outcomes = Outcomes::guarded_differs(
    Expected::Unnoticed(&[Signal::TypedError, Signal::NotAdmitted]),
    Expected::Detected(&[Signal::NotAdmitted]),
);

/// The joiner stays outside; only guarded's app says so. Whether its client
/// records an error depends on the flipped bit: a flip in the KeyPackage
/// reference makes a Welcome for a KeyPackage the joiner does not hold,
/// which it rightly takes for someone else's and ignores.
const NOT_ADMITTED_ERROR_OR_NOT: Outcomes = Outcomes::guarded_differs(
    Expected::Unnoticed(&[Signal::NotAdmitted]),
    Expected::Detected(&[Signal::NotAdmitted]),
);

const SPLIT_SHOWS: Outcomes = Outcomes::all(Expected::Detected(&[Signal::SafetyNumbersDiffer]));

const NO_FAULTS: Faults =
    Faults { drop: 0.0, duplicate: 0.0, reorder: 0.0, delay: 0.0, corrupt: 0.0 };

pub const SCENARIOS: &[Scenario] = &[
    log(
        "log-drop",
        "the commit adding a joiner never reaches one member",
        JOIN,
        &[rule(Readers::Only(2), COMMITS, LogFault::Withhold)],
        SPLIT_SHOWS,
        steps("Withhold(2)", "user 2 never reads the Add commit; the split shows"),
    ),
    log(
        "log-duplicate",
        "every Welcome and commit is delivered twice",
        JOIN,
        &[rule(Readers::All, WELCOMES_AND_COMMITS, LogFault::Duplicate)],
        Outcomes::all(Expected::Agreement),
        steps("Redeliver(u, k)", "one duplicate per step; the rules ignore it"),
    ),
    log(
        "log-reorder",
        "a member sees two Add commits in the wrong order",
        &[Event::Join(JoinAs::Honest), Event::Join(JoinAs::Honest)],
        &[rule(Readers::Only(2), COMMITS, LogFault::Reorder)],
        SPLIT_SHOWS,
        steps("Reorder(2)", "user 2 reads the later commit first; the split shows"),
    ),
    log(
        "log-delay",
        "a member gets an Add commit after later entries",
        JOIN,
        &[rule(Readers::Only(3), COMMITS, LogFault::Delay { positions: 1 })],
        // Under healing the entry after the Add commit is a member's Update
        // proposal: swapping the two changes nothing.
        Outcomes { healing: Expected::Agreement, ..SPLIT_SHOWS },
        steps("Reorder(3)", "a delay by one position is a swap with the next entry"),
    ),
    log(
        "replay-welcome",
        "old Welcomes are delivered again to everyone",
        JOIN,
        &[rule(Readers::All, WELCOMES, LogFault::Replay)],
        Outcomes::all(Expected::Agreement),
        steps("Redeliver(u, k)", "an earlier Welcome again; a second Welcome is ignored"),
    ),
    log(
        "replay-commit",
        "old commits are delivered again to everyone",
        JOIN,
        &[rule(Readers::All, COMMITS, LogFault::Replay)],
        Outcomes::all(Expected::Agreement),
        steps("Redeliver(u, k)", "an earlier commit again; rule 4 ignores it"),
    ),
    log(
        "corrupt-welcome",
        "a bit of the joiner's Welcome is flipped",
        JOIN,
        &[rule(Readers::All, WELCOMES, LogFault::Corrupt(Part::Welcome))],
        NOT_ADMITTED_ERROR_OR_NOT,
        steps("Withhold(4)", "a Welcome no key opens is, to its joiner, one never delivered"),
    ),
    log(
        "corrupt-ratchet-tree",
        "a bit of the Welcome's ratchet tree is flipped",
        JOIN,
        &[rule(Readers::All, WELCOMES, LogFault::Corrupt(Part::RatchetTree))],
        NOT_ADMITTED,
        steps("Withhold(4)", "a Welcome no key opens is, to its joiner, one never delivered"),
    ),
    log(
        "corrupt-commit",
        "a bit of the Add commit is flipped for everyone",
        JOIN,
        &[rule(Readers::All, COMMITS, LogFault::Corrupt(Part::Commit))],
        // The readers stop (orange, fixed) or stay behind (guarded): their
        // last safety number differs from the DC's. Only guarded also says
        // a client stopped.
        SPLIT_SHOWS,
        attack(
            "Garbage(2)",
            "a commit no key opens, with a Withhold of the real one per reader",
            "garbage-commit.md",
        ),
    ),
    log(
        "false-left",
        "the server announces that a present member left",
        &[Event::AnnounceLeft(3)],
        &[],
        // Under orange and fixed the client stops on reading its own Left
        // (as the deployed one does); under guarded it ignores it and is
        // removed, and says so. Everywhere its safety number is left behind.
        Outcomes::guarded_differs(
            Expected::Detected(&[Signal::SafetyNumbersDiffer]),
            Expected::Detected(&[Signal::SafetyNumbersDiffer, Signal::RemovedWhilePresent]),
        ),
        attack("FalseLeft(3)", "read by user 3 itself", "false-left-stops-client.md"),
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
        SPLIT_SHOWS,
        steps(
            "FalseLeft(1), Withhold(u)",
            "a false Left read by all but its subject; beyond budget 2 as written, its two-user core within",
        ),
    ),
    log(
        "key-package-substitution",
        "the server puts its own KeyPackage in a joiner's Joined",
        &[Event::Join(JoinAs::WithServerKeyPackage)],
        &[],
        // The joiner takes the Welcome made for the server's KeyPackage as
        // someone else's (no key of its own opens it) and stays outside:
        // only guarded says so. The server's leaf is in the group.
        Outcomes::guarded_differs(
            Expected::Unnoticed(&[Signal::NotAdmitted]),
            Expected::Detected(&[Signal::NotAdmitted]),
        ),
        attack(
            "Withhold(1), ServerJoin(4)",
            "the joiner's own Joined withheld from the DC, the server's in its name",
            "server-keypackage.md",
        ),
    ),
    log(
        "ghost-member",
        "the server adds a member who never joined",
        &[Event::AnnounceJoined(9)],
        &[],
        // Only a profile that shows the MLS roster shows the ghost.
        Outcomes::guarded_differs(
            Expected::Unnoticed(&[Signal::GhostInRoster]),
            Expected::Detected(&[Signal::GhostInRoster]),
        ),
        attack("ServerJoin(9)", "the DC adds the server's KeyPackage", "server-keypackage.md"),
    ),
    Scenario {
        name: "two-founders",
        what: "two users are both told they are first in the room",
        room: 2,
        events: &[Event::Join(JoinAs::Founder)],
        log_faults: &[],
        sfu_faults: None,
        expected: SPLIT_SHOWS,
        model: InModel::Not(
            "the server's answer to a joiner about who is in the room is not a server step (Join founds only when nobody is alive); under fixed and guarded FalseLeft(1) read by the joiner splits the room the same way",
        ),
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
        // The client drops a replayed frame; no app says so.
        Expected::Unnoticed(&[Signal::FrameRejected]),
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
        Expected::Unnoticed(&[Signal::FrameRejected]),
    ),
];

pub fn by_name(name: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.name == name)
}

/// The table of `docs/attacks.md`: every scenario, what the attacker does,
/// the outcome it must have under each profile (checked by `cargo test`),
/// and how the model expresses it.
pub fn markdown_table() -> String {
    let mut t = String::from(
        "| scenario | what the attacker does | `orange` | `fixed` | `guarded` | `healing` | in the model |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for s in SCENARIOS {
        let e = s.expected;
        t.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            s.name,
            s.what,
            e.orange.markdown(),
            e.fixed.markdown(),
            e.guarded.markdown(),
            e.healing.markdown(),
            s.model.markdown()
        ));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_described_as_the_cli_and_the_docs_write_them() {
        let ghost = Expected::Unnoticed(&[Signal::GhostInRoster]);
        assert_eq!(ghost.markdown(), "unnoticed: `ghost-in-roster` recorded, nothing on screen");
        assert_eq!(ghost.describe(), "unnoticed: ghost-in-roster recorded, nothing on screen");
        let both = Expected::Detected(&[Signal::SafetyNumbersDiffer, Signal::NotAdmitted]);
        assert_eq!(both.describe(), "detected: safety-numbers-differ, not-admitted");
    }

    #[test]
    fn each_profile_gets_its_own_outcome_and_scenarios_are_found_by_name() {
        let o = Outcomes::guarded_differs(Expected::Agreement, Expected::LostUnnoticed);
        assert_eq!(
            Profile::ALL.map(|p| o.of(p)),
            [
                Expected::Agreement,
                Expected::Agreement,
                Expected::LostUnnoticed,
                // healing answers the server as fixed does
                Expected::Agreement
            ]
        );
        let split = Outcomes {
            orange: Expected::Agreement,
            fixed: Expected::LostUnnoticed,
            guarded: Expected::Agreement,
            healing: Expected::Agreement,
        };
        assert_eq!(split.of(Profile::Fixed), Expected::LostUnnoticed);
        assert_eq!(by_name("ghost-member").map(|s| s.name), Some("ghost-member"));
        assert!(by_name("nope").is_none());
    }
}
