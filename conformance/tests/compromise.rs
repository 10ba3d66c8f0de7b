//! A compromised member on real OpenMLS (`docs/pcs.md`): the runner steals
//! the client's whole storage at `Compromise(u)`, the copy reads every later
//! log entry, and after each step its epoch and, at quiescence, the frames
//! it can open are compared with the model's stolen copy.

use dcverify_conformance::replay::{replay, Outcome, ReplayOptions};
use dcverify_impl::OpenMls;
use dcverify_model::{Profile, Uid};
use dcverify_trace::Trace;
use std::path::PathBuf;

mod common;
use common::{Hook, Tampered};

fn pcs_trace(name: &str) -> Trace {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../traces/pcs").join(name);
    Trace::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// What the model says of the trace's last state: how many epochs the copy
/// read beyond the one it was stolen in, and whether it reads the epoch
/// every alive member holds.
fn copy_at_end(trace: &Trace) -> (usize, bool) {
    let last = &trace.steps.last().unwrap().state;
    let copy = &last.stolen[0];
    let nodes: Vec<_> = last.alive().filter_map(|(_, l)| l.group.clone()).collect();
    let reached = copy.nodes_read(last).pop();
    (copy.exposure(last), nodes.iter().all(|n| Some(n) == reached.as_ref()))
}

#[test]
fn under_orange_a_stolen_non_dc_member_keeps_reading_on_openmls() {
    let trace = pcs_trace("orange-copy-keeps-reading.itf.json");
    assert_eq!(trace.meta.profile, "orange");
    // The copy followed the Add and the Remove made after the theft, and
    // reads the room's epoch at the end.
    assert_eq!(copy_at_end(&trace), (2, true));
    let report = replay(&trace, None, &OpenMls::default(), ReplayOptions::default());
    assert_eq!(report.outcome, Outcome::Passed);
    // At the quiescent end the copy opened every member's frame.
    assert!(report.media_checks > 0);
}

#[test]
fn under_healing_the_copy_is_shut_out_by_the_members_update_on_openmls() {
    let trace = pcs_trace("healing-copy-shut-out.itf.json");
    assert_eq!(trace.meta.profile, "healing");
    // It followed the Add (before the member's Update) and nothing after.
    assert_eq!(copy_at_end(&trace), (1, false));
    let report = replay(&trace, None, &OpenMls::default(), ReplayOptions::default());
    assert_eq!(report.outcome, Outcome::Passed);
    // At the quiescent end the copy opened nobody's frame.
    assert!(report.media_checks > 0);
}

/// The attacker does not play the protocol: a joiner's copy, stolen before
/// its Welcome, does not stop at the joiner's own `Left` but opens the
/// Welcome with the stolen KeyPackage key and reads e1 until the Remove.
/// (A client that reads its own `Left` stops; the runner's copy once did.)
#[test]
fn a_stolen_joiner_that_left_still_opens_its_welcome_on_openmls() {
    let trace = pcs_trace("orange-copy-of-a-leaver-opens-its-welcome.itf.json");
    let last = &trace.steps.last().unwrap().state;
    let copy = &last.stolen[0];
    assert_eq!((copy.of, copy.group.clone()), (2, None));
    assert_eq!(copy.exposure(last), 1);
    let report = replay(&trace, None, &OpenMls::default(), ReplayOptions::default());
    assert_eq!(report.outcome, Outcome::Passed);
}

#[test]
fn a_copy_that_does_not_follow_the_real_client_is_a_divergence() {
    // A blind copy (a client that knows nothing of user 2) must be caught:
    // the model's copy reads e3, the blind one holds no group.
    let trace = pcs_trace("orange-copy-keeps-reading.itf.json");
    let blind = Tampered::always(Some(2), Hook::BlindCopy);
    let report = replay(&trace, None, &blind, ReplayOptions::default());
    let Outcome::Diverged { action, diffs, .. } = report.outcome else {
        panic!("a blind copy passed: {:?}", report.outcome)
    };
    assert_eq!(action.as_deref(), Some("Compromise(2)"));
    let stolen: Uid = 2;
    assert!(
        diffs.iter().any(|d| d.uid == Some(stolen) && d.field.starts_with("stolen copy of user 2")),
        "{diffs:?}"
    );
}

#[test]
fn after_its_refresh_a_member_proposes_again_at_the_next_membership_change() {
    // The Remove after the Update makes user 2 due again: its new proposal
    // waits at the DC for the next membership commit (docs/pcs.md).
    let healing = pcs_trace("healing-copy-shut-out.itf.json");
    let last = &healing.steps.last().unwrap().state;
    let dc = last.local(1).unwrap();
    let member = last.local(2).unwrap();
    assert_eq!(dc.group, member.group);
    // User 2 proposed again after the Remove: due, and pending at the DC.
    assert!(member.update_due);
    assert!(dc.pending_updates.contains(2));
    assert_eq!(healing.meta.profile, Profile::Healing.name());
}

#[test]
fn only_the_dc_counts_proposals_and_never_a_leavers() {
    // User 3 reads user 2's proposal and ignores it (not DC); the DC reads
    // it, then user 2's Left, and commits only the Remove.
    let trace = pcs_trace("healing-proposals-only-the-dc-counts.itf.json");
    let report = replay(&trace, None, &OpenMls::default(), ReplayOptions::default());
    assert_eq!(report.outcome, Outcome::Passed);
    let last = &trace.steps.last().unwrap().state;
    assert!(last.local(1).unwrap().pending_updates.contains(3));
}

#[test]
fn the_room_steals_only_an_active_member_once() {
    use dcverify_conformance::room::{Disabled, Room};
    use dcverify_protocol::{Action, ClientView};
    let openmls = OpenMls::default();
    let mut room = Room::new(&openmls, Profile::Orange).unwrap();
    room.apply(Action::Join).unwrap();
    assert_eq!(room.disabled(Action::Compromise(3)), Some(Disabled::NotAlive));
    room.apply(Action::Compromise(2)).unwrap();
    assert_eq!(room.disabled(Action::Compromise(2)), Some(Disabled::StolenAlready));
    assert_eq!(room.disabled(Action::Compromise(1)), None);
    // A member that failed, or was removed, takes no step and is not stolen.
    for hook in [
        Hook::View(|v: &mut ClientView| v.failed = true),
        Hook::View(|v: &mut ClientView| v.removed = true),
    ] {
        let tampered = Tampered::always(Some(1), hook);
        let room = Room::new(&tampered, Profile::Orange).unwrap();
        assert_eq!(room.disabled(Action::Compromise(1)), Some(Disabled::Failed));
    }
}

#[test]
fn the_stolen_copy_opens_the_frames_of_the_epoch_it_holds() {
    use dcverify_conformance::room::Room;
    use dcverify_protocol::{Action, FrameKind};
    // User 2 joins; its copy is stolen in e1; user 1 seals a frame in e1.
    let openmls = OpenMls::default();
    let mut room = Room::new(&openmls, Profile::Orange).unwrap();
    for a in ["Join", "Read(1)", "Send(1)", "Send(1)", "Read(2)", "Compromise(2)"] {
        room.apply(a.parse::<Action>().unwrap()).unwrap();
    }
    let sealed = room.client_mut(1).unwrap().seal_frame(FrameKind::Opus, b"hello").unwrap();
    let copy = &mut room.stolen_mut()[0];
    assert_eq!(copy.of, 2);
    assert_eq!(copy.client.open_frame(FrameKind::Opus, &sealed).unwrap().frame, b"hello");
}
