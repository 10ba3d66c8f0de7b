//! How a scenario ended: members in agreement, or the attack noticed and by
//! what — and never members in different groups showing equal safety numbers.
//! What the clients record is one thing; what people see is the profile's
//! display (`dcverify_model::display`, the same rule the model's security
//! properties use): under `orange` a safety-number toast and nothing else,
//! so a ghost in an MLS roster nobody is shown, or a client that stopped,
//! is noticed by no one.

use crate::room::Room;
use dcverify_model::display::{shown, DisplayRules};
use dcverify_protocol::{FrameKind, Uid};
use serde::Serialize;
use std::collections::BTreeSet;

/// Something a person or a client notices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    /// A client rejected an input with a typed error.
    TypedError,
    /// Members show different safety numbers.
    SafetyNumbersDiffer,
    /// A member's roster holds someone who never joined the room.
    GhostInRoster,
    /// An alive user never got into a group.
    NotAdmitted,
    /// A client failed (profile rule 5).
    ClientFailed,
    /// A member was removed while present: its client says so, or its roster
    /// does not include itself.
    RemovedWhilePresent,
    /// A media frame was refused (forged or replayed).
    FrameRejected,
}

/// The signal's name as docs and JSON write it (`safety-numbers-differ`).
impl std::fmt::Display for Signal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = serde_json::to_value(self).ok().and_then(|v| v.as_str().map(String::from));
        f.write_str(&name.unwrap_or_default())
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    /// Every alive user in one group, one safety number, roster = the room.
    pub agreement: bool,
    /// What the clients (or the runner) recorded.
    pub signals: BTreeSet<Signal>,
    /// The signals some person can see on screen under the room's profile
    /// (a subset of `signals`): only these count as detection.
    pub on_screen: BTreeSet<Signal>,
    /// Members with equal safety numbers that cannot decrypt each other: must never happen.
    pub silent_split: bool,
    /// Media frames sent but never delivered (what a dropping SFU withheld).
    pub frames_lost: usize,
    pub details: Vec<String>,
}

/// How the room stands now; `ever_joined` are the users who really entered it.
pub fn assess(room: &mut Room, ever_joined: &BTreeSet<Uid>) -> Assessment {
    let profile = room.profile();
    let mut signals = BTreeSet::new();
    let mut on_screen = BTreeSet::new();
    // Recorded, and on screen when `visible`.
    let mut note = |signal: Signal, visible: bool| {
        signals.insert(signal);
        if visible {
            on_screen.insert(signal);
        }
    };
    let mut details = Vec::new();
    if !room.rejections().is_empty() {
        // A rejected input is in the client's log, not on anyone's screen.
        note(Signal::TypedError, false);
        details.extend(room.rejections().iter().take(3).map(ToString::to_string));
    }
    let alive: BTreeSet<Uid> = room.alive().map(|(u, _)| u).collect();
    let views: Vec<_> = room.alive().map(|(_, seat)| seat.client.view()).collect();
    let failed: Vec<Uid> = views.iter().filter(|v| v.failed).map(|v| v.uid).collect();
    for v in &views {
        let display = shown(profile, v.safety_number(), !v.failed && !v.removed);
        if v.failed {
            note(Signal::ClientFailed, display.shows_trouble);
            details.push(format!("user {} failed", v.uid));
        }
        if !v.has_group {
            note(Signal::NotAdmitted, display.shows_trouble);
            details.push(format!("user {} has no group", v.uid));
        } else if v.removed {
            note(Signal::RemovedWhilePresent, display.shows_trouble);
            details.push(format!("user {} was removed by a commit while present", v.uid));
        } else if !v.roster.contains(&v.uid) {
            note(Signal::RemovedWhilePresent, profile.shows_roster());
            details.push(format!("user {} is not in its own roster {:?}", v.uid, v.roster));
        }
        let ghosts: Vec<&Uid> = v.roster.iter().filter(|u| !ever_joined.contains(u)).collect();
        if !ghosts.is_empty() {
            note(Signal::GhostInRoster, profile.shows_roster());
            details.push(format!("user {}'s roster shows {:?}, who never joined", v.uid, ghosts));
        }
    }
    // Every profile shows each member its safety number (failed ones keep
    // the last they showed).
    let numbers: BTreeSet<_> = views.iter().filter_map(|v| v.safety_number()).collect();
    if numbers.len() > 1 {
        note(Signal::SafetyNumbersDiffer, true);
        details.push(format!("{} different safety numbers", numbers.len()));
    }
    let agreement = views.iter().all(|v| v.has_group && v.roster == alive)
        && numbers.len() == 1
        && failed.is_empty();
    // Equal safety numbers must mean shared keys: every such pair decrypts each other.
    let uids: Vec<Uid> = alive.iter().copied().collect();
    let mut silent_split = false;
    for &a in &uids {
        for &b in &uids {
            let number = |u| room.view(u).and_then(|v| v.safety_number());
            if a == b || number(a).is_none() || number(a) != number(b) {
                continue;
            }
            let sealed =
                room.client_mut(a).map(|c| c.seal_frame(FrameKind::Opus, b"are we together?"));
            let Some(Ok(frame)) = sealed else { continue };
            let opened = room.client_mut(b).map(|c| c.open_frame(FrameKind::Opus, &frame));
            if !matches!(opened, Some(Ok(_))) {
                silent_split = true;
                details.push(format!(
                    "users {a} and {b} show one safety number but cannot decrypt each other"
                ));
            }
        }
    }
    Assessment { agreement, signals, on_screen, silent_split, frames_lost: 0, details }
}
