//! How a scenario ended: members in agreement, or the attack detected and by
//! what — and never members in different groups showing equal safety numbers.

use super::room::HostileRoom;
use dcverify_impl::FrameKind;
use dcverify_model::Uid;
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
    /// A member's roster does not include itself: it was removed while present.
    RemovedWhilePresent,
    /// A media frame was refused (forged or replayed).
    FrameRejected,
}

#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    /// Every alive user in one group, one safety number, roster = the room.
    pub agreement: bool,
    pub signals: BTreeSet<Signal>,
    /// Members with equal safety numbers that cannot decrypt each other: must never happen.
    pub silent_split: bool,
    /// Media frames sent but never delivered (what a dropping SFU withheld).
    pub frames_lost: usize,
    pub details: Vec<String>,
}

pub fn assess(room: &mut HostileRoom, ever_joined: &BTreeSet<Uid>) -> Assessment {
    let mut signals = BTreeSet::new();
    let mut details = Vec::new();
    if !room.errors.is_empty() {
        signals.insert(Signal::TypedError);
        for (u, e) in room.errors.iter().take(3) {
            details.push(format!("user {u}: {e}"));
        }
    }
    if !room.failed.is_empty() {
        signals.insert(Signal::ClientFailed);
        details.push(format!("failed: {:?}", room.failed));
    }
    let alive: BTreeSet<Uid> = room.clients.keys().copied().collect();
    let views: Vec<_> = room.clients.values().map(|(c, _)| c.view()).collect();
    for v in &views {
        if !v.has_group {
            signals.insert(Signal::NotAdmitted);
            details.push(format!("user {} has no group", v.uid));
        } else if !v.roster.contains(&v.uid) {
            signals.insert(Signal::RemovedWhilePresent);
            details.push(format!("user {} is not in its own roster {:?}", v.uid, v.roster));
        }
        let ghosts: Vec<&Uid> = v.roster.iter().filter(|u| !ever_joined.contains(u)).collect();
        if !ghosts.is_empty() {
            signals.insert(Signal::GhostInRoster);
            details.push(format!("user {}'s roster shows {:?}, who never joined", v.uid, ghosts));
        }
    }
    let numbers: BTreeSet<_> = views.iter().filter_map(|v| v.safety_number()).collect();
    if numbers.len() > 1 {
        signals.insert(Signal::SafetyNumbersDiffer);
        details.push(format!("{} different safety numbers", numbers.len()));
    }
    let agreement = views.iter().all(|v| v.has_group && v.roster == alive)
        && numbers.len() == 1
        && room.failed.is_empty();
    // Equal safety numbers must mean shared keys: every such pair decrypts each other.
    let uids: Vec<Uid> = alive.iter().copied().collect();
    let mut silent_split = false;
    for &a in &uids {
        for &b in &uids {
            let (va, vb) = (room.client(a).view(), room.client(b).view());
            if a == b || va.safety_number().is_none() || va.safety_number() != vb.safety_number() {
                continue;
            }
            let Ok(frame) = room.client(a).seal_frame(FrameKind::Opus, b"are we together?") else {
                continue;
            };
            if room.client(b).open_frame(FrameKind::Opus, &frame).is_err() {
                silent_split = true;
                details.push(format!(
                    "users {a} and {b} show one safety number but cannot decrypt each other"
                ));
            }
        }
    }
    Assessment { agreement, signals, silent_split, frames_lost: 0, details }
}
