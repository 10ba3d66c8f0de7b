//! At a quiescent state every alive member sends a VP8 and an Opus frame
//! through the SFU. Members in the sender's model epoch node must open them
//! (`MediaFlows`); members in another node must not (`AuthenticatorWitnessesEpoch`:
//! different nodes, different keys); members who left and were removed from
//! the sender's node must not either.

use crate::compare::{roster, FieldDiff};
use crate::room::Room;
use crate::sfu::Sfu;
use dcverify_model::{State, Uid};
use dcverify_protocol::{Client, FrameKind};
use std::collections::BTreeMap;

/// A VP8 key frame (a real 10-byte payload header) followed by the sender's uid.
fn video(from: Uid) -> Vec<u8> {
    let mut f = vec![0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00];
    f.extend(std::iter::repeat_n(from, 32));
    f
}

fn audio(from: Uid) -> Vec<u8> {
    format!("opus frame from {from}").into_bytes()
}

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
        for (kind, plain) in [(FrameKind::Vp8, video(from)), (FrameKind::Opus, audio(from))] {
            let Some(sender) = room.client_mut(from) else { continue };
            let sealed = match sender.seal_frame(kind, &plain) {
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
            for delivery in sfu.forward(from, &sealed, &receivers) {
                let to = delivery.to;
                let (opened, should_open, property) = match room.client_mut(to) {
                    Some(receiver) => {
                        let same_node = nodes.get(&to).and_then(|n| n.as_ref()) == Some(node);
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
                    (Ok(f), true) if f.frame == plain => {}
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
    diffs
}
