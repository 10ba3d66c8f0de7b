//! Carrying out a scenario: the room settles honestly, the attack starts
//! (the delivery plan is switched on, then the scenario's events happen),
//! the room settles again, frames cross the SFU if the scenario has SFU
//! faults, and the outcome is assessed and judged against what it must be.
//! One seed per run; the delivery plan and the SFU draw from sub-seeds.

use super::assess::{assess, Assessment, Signal};
use super::scenarios::{Event, Expected, Scenario};
use crate::frames::{test_frames, TestFrame};
use crate::room::delivery::LogFaults;
use crate::room::{Room, RoomError};
use crate::sfu::{Faults, Sfu};
use dcverify_protocol::{FrameKind, Implementation, Profile, Rng, Uid, WireEntry};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize)]
pub struct ScenarioReport {
    pub name: &'static str,
    pub profile: String,
    pub seed: u64,
    pub expected: Expected,
    pub assessment: Assessment,
    pub as_expected: bool,
}

/// Runs `scenario` on clients of `implementation`. An error means the room
/// could not even be set up (a client could not be created).
pub fn run_scenario(
    scenario: &Scenario,
    implementation: &dyn Implementation,
    profile: Profile,
    seed: u64,
) -> Result<ScenarioReport, RoomError> {
    let mut room = Room::new(implementation, profile)?;
    for _ in 1..scenario.room {
        room.join()?;
    }
    room.settle();
    room.attack(&LogFaults(scenario.log_faults.to_vec()), Rng::sub_seed(seed, "log"));
    let mut ghosts = Vec::new();
    for event in scenario.events {
        match *event {
            Event::Join(how) => {
                room.join_as(how)?;
            }
            Event::AnnounceLeft(uid) => room.announce(WireEntry::Left { uid }),
            Event::AnnounceJoined(uid) => {
                let key_package = room.server_key_package(uid)?;
                room.announce(WireEntry::Joined { uid, key_package });
                ghosts.push(uid);
            }
        }
    }
    room.settle();
    let frames = scenario
        .sfu_faults
        .map(|faults| exchange_frames(&mut room, faults, Rng::sub_seed(seed, "sfu")));
    let joined = room.joined();
    let mut assessment = assess(&mut room, &joined);
    assessment.details.extend(ghosts.iter().map(|g| format!("user {g} was never in the room")));
    if let Some(f) = frames {
        if f.rejected > 0 {
            assessment.signals.insert(Signal::FrameRejected);
        }
        assessment.frames_lost = f.sent.saturating_sub(f.arrived);
        assessment.details.push(format!(
            "{} frames sent, {} delivered ({} out of order), {} refused",
            f.sent, f.arrived, f.out_of_order, f.rejected
        ));
    }
    let expected = scenario.expected.of(profile);
    let as_expected = judge(expected, &assessment);
    Ok(ScenarioReport {
        name: scenario.name,
        profile: profile.name().into(),
        seed,
        expected,
        assessment,
        as_expected,
    })
}

/// Whether the assessment is the outcome the scenario must have; a silent
/// split is never. Detection counts only what is on someone's screen.
pub fn judge(expected: Expected, a: &Assessment) -> bool {
    let recorded = |signals: &[Signal]| signals.iter().all(|x| a.signals.contains(x));
    !a.silent_split
        && match expected {
            Expected::Agreement => a.agreement && a.signals.is_empty() && a.frames_lost == 0,
            Expected::Detected(signals) => {
                !signals.is_empty()
                    && recorded(signals)
                    && signals.iter().all(|x| a.on_screen.contains(x))
            }
            Expected::Unnoticed(signals) => {
                !signals.is_empty() && recorded(signals) && a.on_screen.is_empty()
            }
            Expected::LostUnnoticed => a.agreement && a.signals.is_empty() && a.frames_lost > 0,
        }
}

/// The frame `from` sends in `round`: one of [`test_frames`], the same kind every round.
fn sent_by(from: Uid, round: u32) -> TestFrame {
    let [key, delta, opus] = test_frames(from, &format!("round {round}"));
    match from % 3 {
        0 => key,
        1 => delta,
        _ => opus,
    }
}

struct FrameCount {
    sent: usize,
    arrived: usize,
    /// Delivered after a frame its sender sealed later (reordered or held).
    out_of_order: usize,
    rejected: usize,
}

/// 50 rounds of every alive member sending a frame to the others through
/// an SFU with `faults` (held frames released every fifth round). Each
/// sender keeps one kind — VP8 key, VP8 delta or Opus, by uid — since held
/// frames arrive in later rounds. A sealed frame whose clear header is
/// wrong counts as refused.
fn exchange_frames(room: &mut Room, faults: Faults, seed: u64) -> FrameCount {
    let mut sfu = Sfu::new(faults, seed);
    let mut count = FrameCount { sent: 0, arrived: 0, out_of_order: 0, rejected: 0 };
    // The round each sealed frame was sent in, and per (sender, receiver)
    // the latest round delivered so far.
    let mut sent_in: BTreeMap<Vec<u8>, u32> = BTreeMap::new();
    let mut latest: BTreeMap<(Uid, Uid), u32> = BTreeMap::new();
    let members: Vec<Uid> = room.alive().map(|(u, _)| u).collect();
    let kinds: BTreeMap<Uid, FrameKind> =
        members.iter().map(|&u| (u, sent_by(u, 0).kind)).collect();
    for round in 0..50u32 {
        for &from in &members {
            let frame = &sent_by(from, round);
            let Some(Ok(sealed)) =
                room.client_mut(from).map(|c| c.seal_frame(frame.kind, &frame.bytes))
            else {
                continue;
            };
            if frame.check_sealed(&sealed).is_err() {
                count.rejected += 1;
                continue;
            }
            let to: Vec<Uid> = members.iter().copied().filter(|&u| u != from).collect();
            sent_in.insert(sealed.clone(), round);
            let mut delivered = sfu.forward(from, &sealed, &to);
            if round % 5 == 4 {
                delivered.extend(sfu.flush());
            }
            count.sent += to.len();
            count.arrived += delivered.len();
            for d in delivered {
                if let Some(&sent) = sent_in.get(&d.frame) {
                    let last = latest.entry((d.from, d.to)).or_insert(sent);
                    if sent < *last {
                        count.out_of_order += 1;
                    }
                    *last = (*last).max(sent);
                }
                let opened = kinds
                    .get(&d.from)
                    .and_then(|&kind| room.client_mut(d.to).map(|c| c.open_frame(kind, &d.frame)));
                if !matches!(opened, Some(Ok(_))) {
                    count.rejected += 1;
                }
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    const SND: Signal = Signal::SafetyNumbersDiffer;
    const GHOST: Signal = Signal::GhostInRoster;

    fn assessment(agreement: bool, signals: &[Signal], on_screen: &[Signal]) -> Assessment {
        Assessment {
            agreement,
            signals: signals.iter().copied().collect(),
            on_screen: on_screen.iter().copied().collect::<BTreeSet<_>>(),
            silent_split: false,
            frames_lost: 0,
            details: Vec::new(),
        }
    }

    fn lost(mut a: Assessment, frames: usize) -> Assessment {
        a.frames_lost = frames;
        a
    }

    #[test]
    fn agreement_needs_agreeing_members_no_signal_and_no_loss() {
        let e = Expected::Agreement;
        assert!(judge(e, &assessment(true, &[], &[])));
        assert!(!judge(e, &assessment(false, &[], &[])));
        assert!(!judge(e, &assessment(true, &[Signal::TypedError], &[])));
        assert!(!judge(e, &lost(assessment(true, &[], &[]), 1)));
    }

    #[test]
    fn detection_needs_every_signal_recorded_and_on_screen() {
        let e = Expected::Detected(&[SND, GHOST]);
        assert!(judge(e, &assessment(false, &[SND, GHOST], &[SND, GHOST])));
        // Recorded, but the ghost is on nobody's screen.
        assert!(!judge(e, &assessment(false, &[SND, GHOST], &[SND])));
        // On screen but not recorded (cannot happen; the judge must not care).
        assert!(!judge(e, &assessment(false, &[SND], &[SND, GHOST])));
        assert!(!judge(Expected::Detected(&[]), &assessment(true, &[], &[])));
    }

    #[test]
    fn unnoticed_needs_the_signals_recorded_and_nothing_on_screen() {
        let e = Expected::Unnoticed(&[GHOST]);
        assert!(judge(e, &assessment(false, &[GHOST], &[])));
        assert!(!judge(e, &assessment(false, &[GHOST], &[GHOST])));
        assert!(!judge(e, &assessment(false, &[GHOST, SND], &[SND])));
        assert!(!judge(e, &assessment(false, &[SND], &[])));
        assert!(!judge(Expected::Unnoticed(&[]), &assessment(true, &[], &[])));
    }

    #[test]
    fn lost_unnoticed_needs_agreement_silence_and_a_loss() {
        let e = Expected::LostUnnoticed;
        assert!(judge(e, &lost(assessment(true, &[], &[]), 3)));
        assert!(!judge(e, &assessment(true, &[], &[])));
        assert!(!judge(e, &lost(assessment(false, &[], &[]), 3)));
        assert!(!judge(e, &lost(assessment(true, &[Signal::FrameRejected], &[]), 3)));
    }

    #[test]
    fn a_silent_split_is_never_the_expected_outcome() {
        let mut a = assessment(false, &[GHOST], &[]);
        a.silent_split = true;
        for e in [Expected::Agreement, Expected::Unnoticed(&[GHOST]), Expected::LostUnnoticed] {
            assert!(!judge(e, &a), "{e:?}");
        }
        let mut shown = assessment(false, &[SND], &[SND]);
        shown.silent_split = true;
        assert!(!judge(Expected::Detected(&[SND]), &shown));
    }
}
