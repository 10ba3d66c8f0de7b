//! At a quiescent state every alive member sends a VP8 key frame, a VP8
//! delta frame and an Opus frame ([`test_frames`]) through the SFU; each
//! sealed frame must keep exactly its header in the clear. Members in the sender's model epoch node must open them
//! (`MediaFlows`); members in another node must not (`AuthenticatorWitnessesEpoch`:
//! different nodes, different keys); members who left and were removed from
//! the sender's node must not either. A hostile server opens a member's
//! frames exactly when the model says it reads that member's epoch node
//! (`ServerReads`), and a stolen copy exactly when the model's copy read it:
//! an attacker keeps every epoch it reached ([`crate::room::keyring`]). A frame from the epoch
//! just before the receiver's, on its branch, is in the receiver's grace
//! window: it may or may not open, and is not judged.

use crate::compare::{roster, FieldDiff};
use crate::frames::{test_frames, TestFrame};
use crate::room::Room;
use crate::sfu::Sfu;
use dcverify_model::{State, Uid};
use dcverify_protocol::Client;
use std::collections::BTreeMap;

/// Exchanges frames among the alive members and the removed ones in `graveyard`.
pub fn check_media(
    model: &State,
    room: &mut Room,
    graveyard: &mut BTreeMap<Uid, Box<dyn Client>>,
    sfu: &mut Sfu,
) -> Vec<FieldDiff> {
    let mut diffs = Vec::new();
    let nodes: BTreeMap<Uid, Option<dcverify_model::Epoch>> =
        model.alive().map(|(u, l)| (u, l.group.clone())).collect();
    let alive: Vec<Uid> = nodes.keys().copied().collect();
    for (&from, node) in &nodes {
        let Some(node) = node else { continue };
        let members_now = roster(node);
        let receivers: Vec<Uid> =
            alive.iter().copied().filter(|&u| u != from).chain(graveyard.keys().copied()).collect();
        for frame in test_frames(from, "media check") {
            let (kind, plain) = (frame.kind, &frame.bytes);
            let Some(sender) = room.client_mut(from) else { continue };
            let sealed = match sender.seal_frame(kind, plain) {
                Ok(s) => s,
                Err(e) => {
                    diffs.push(FieldDiff {
                        uid: Some(from),
                        field: "MediaFlows".into(),
                        expected: "can seal a frame".into(),
                        actual: e.to_string(),
                    });
                    continue;
                }
            };
            if let Err(why) = frame.check_sealed(&sealed) {
                diffs.push(FieldDiff {
                    uid: Some(from),
                    field: "MediaFlows".into(),
                    expected: format!(
                        "a sealed {kind:?} frame with its {}-byte header in the clear",
                        frame.clear
                    ),
                    actual: why,
                });
                continue;
            }
            for delivery in sfu.forward(from, &sealed, &receivers) {
                let to = delivery.to;
                let (opened, should_open, property) = match room.client_mut(to) {
                    Some(receiver) => {
                        let theirs = nodes.get(&to).and_then(|n| n.as_ref());
                        let same_node = theirs == Some(node);
                        // The sender is one epoch behind the receiver on its
                        // branch (it missed, or was removed by, the commit the
                        // receiver applied): the receiver keeps that epoch's
                        // key for its grace window, so either outcome is right.
                        if theirs.is_some_and(|t| t.is_child_of(node)) {
                            continue;
                        }
                        let property =
                            if same_node { "MediaFlows" } else { "AuthenticatorWitnessesEpoch" };
                        (receiver.open_frame(kind, &delivery.frame), same_node, property)
                    }
                    None => match graveyard.get_mut(&to) {
                        // Left but still in the sender's epoch (not removed yet): nothing to check.
                        Some(_) if members_now.contains(&to) => continue,
                        Some(gone) => (gone.open_frame(kind, &delivery.frame), false, "MediaFlows"),
                        None => continue,
                    },
                };
                match (opened, should_open) {
                    (Ok(f), true) if &f.frame == plain => {}
                    (Ok(_), true) => diffs.push(FieldDiff {
                        uid: Some(to),
                        field: property.into(),
                        expected: format!("opens {from}'s frame"),
                        actual: "opened other bytes".into(),
                    }),
                    (Err(e), true) => diffs.push(FieldDiff {
                        uid: Some(to),
                        field: property.into(),
                        expected: format!("opens {from}'s {kind:?} frame"),
                        actual: e.to_string(),
                    }),
                    (Ok(_), false) => diffs.push(FieldDiff {
                        uid: Some(to),
                        field: property.into(),
                        expected: format!("cannot open {from}'s frame (not in its epoch node)"),
                        actual: "opened it".into(),
                    }),
                    (Err(_), false) => {}
                }
            }
        }
    }
    // The attacker's checks share one frame per member; with no attacker
    // (no client of the server's, nothing stolen) there is nothing to open.
    room.server_follows();
    if room.has_server_clients() || !room.stolen().is_empty() {
        let sealed = seal_one_each(&nodes, room);
        diffs.extend(check_server_reads(model, &sealed, room));
        diffs.extend(check_stolen_reads(model, &sealed, room));
    }
    diffs
}

/// A frame a member sealed for the attacker's checks: the member, its
/// node, the frame and what it seals.
type Sealed = (Uid, dcverify_model::Epoch, TestFrame, Vec<u8>);

/// One frame sealed by each member in an epoch node.
fn seal_one_each(
    nodes: &BTreeMap<Uid, Option<dcverify_model::Epoch>>,
    room: &mut Room,
) -> Vec<Sealed> {
    let mut sealed = Vec::new();
    for (&from, node) in nodes {
        let Some(node) = node else { continue };
        let [frame, ..] = test_frames(from, "attacker check");
        let Some(sender) = room.client_mut(from) else { continue };
        // A member that cannot seal is reported by the members' check.
        if let Ok(bytes) = sender.seal_frame(frame.kind, &frame.bytes) {
            sealed.push((from, node.clone(), frame, bytes));
        }
    }
    sealed
}

/// Each stolen copy opens a member's frame exactly when the member is in
/// an epoch node the copy read (`docs/pcs.md`): the attacker keeps every
/// epoch it reached.
fn check_stolen_reads(model: &State, sealed: &[Sealed], room: &mut Room) -> Vec<FieldDiff> {
    let mut diffs = Vec::new();
    let reads: Vec<(Uid, Vec<dcverify_model::Epoch>)> =
        model.stolen.iter().map(|s| (s.of, s.nodes_read(model))).collect();
    for (from, node, frame, bytes) in sealed {
        for ((of, read), copy) in reads.iter().zip(room.stolen_mut()) {
            let model_reads = read.contains(node);
            let opened = copy.keyring.opens(frame.kind, bytes, &frame.bytes);
            if opened != model_reads {
                let says = |r: bool| if r { "opens" } else { "cannot open" };
                diffs.push(FieldDiff {
                    uid: Some(*of),
                    field: "stolen copy reads".into(),
                    expected: format!("{} user {from}'s frame", says(model_reads)),
                    actual: says(opened).to_string(),
                });
            }
        }
    }
    diffs
}

/// Whether the server opens each member's frame with some epoch it kept,
/// against whether the model says the server reads that member's node.
fn check_server_reads(model: &State, sealed: &[Sealed], room: &mut Room) -> Vec<FieldDiff> {
    let mut diffs = Vec::new();
    for (from, node, frame, bytes) in sealed {
        let model_reads = dcverify_model::server_steps::server_reads(model, node);
        let reads = room.server_keyring_mut().opens(frame.kind, bytes, &frame.bytes);
        if reads != model_reads {
            let says = |r: bool| {
                if r {
                    "the server opens its frames"
                } else {
                    "the server cannot open its frames"
                }
            };
            diffs.push(FieldDiff {
                uid: Some(*from),
                field: "ServerReads".into(),
                expected: says(model_reads).into(),
                actual: says(reads).into(),
            });
        }
    }
    diffs
}
