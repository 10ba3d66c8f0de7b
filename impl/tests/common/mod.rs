//! A minimal room for the client's own tests: one log, each client reading it
//! in order and sending what it produces at once. (The full simulated
//! delivery service, with outboxes and crashes, is in `conformance/`.)

#![allow(dead_code)]

pub mod fixture;

use dcverify_impl::{Client, ClientView, Effect, FrameKind, WireEntry};
use dcverify_model::{Profile, Uid};
use std::collections::BTreeMap;

pub struct Room {
    pub log: Vec<WireEntry>,
    pub clients: BTreeMap<Uid, (Client, usize)>,
    pub next_uid: Uid,
}

impl Room {
    pub fn new() -> Self {
        let founder = Client::founder(1, Profile::Orange).unwrap();
        Room { log: Vec::new(), clients: BTreeMap::from([(1, (founder, 0))]), next_uid: 2 }
    }

    pub fn join(&mut self) -> Uid {
        let uid = self.next_uid;
        self.next_uid += 1;
        let client = if self.clients.is_empty() {
            Client::founder(uid, Profile::Orange)
        } else {
            Client::joiner(uid, Profile::Orange)
        }
        .unwrap();
        let key_package = client.key_package().unwrap();
        self.log.push(WireEntry::Joined { uid, key_package });
        self.clients.insert(uid, (client, self.log.len()));
        uid
    }

    /// `uid` leaves; its client is handed back so tests can check what it can still do.
    pub fn leave(&mut self, uid: Uid) -> Client {
        self.log.push(WireEntry::Left { uid });
        self.clients.remove(&uid).unwrap().0
    }

    /// Everyone reads everything, sending what they produce right away.
    pub fn settle(&mut self) {
        loop {
            let mut progressed = false;
            let uids: Vec<Uid> = self.clients.keys().copied().collect();
            for uid in uids {
                let (client, cursor) = self.clients.get_mut(&uid).unwrap();
                if *cursor >= self.log.len() || client.view().failed {
                    continue;
                }
                let entry = self.log[*cursor].clone();
                *cursor += 1;
                let outcome = client.read(&entry).unwrap_or_else(|e| panic!("user {uid}: {e}"));
                if let Effect::Failed { detail } = &outcome.effect {
                    panic!("user {uid} failed: {detail}");
                }
                self.log.extend(outcome.outgoing.into_iter().map(WireEntry::from));
                progressed = true;
            }
            if !progressed {
                return;
            }
        }
    }

    pub fn views(&self) -> Vec<ClientView> {
        self.clients.values().map(|(c, _)| c.view()).collect()
    }

    pub fn client(&mut self, uid: Uid) -> &mut Client {
        &mut self.clients.get_mut(&uid).unwrap().0
    }

    /// All members agree: one epoch, one authenticator, roster = room, one DC.
    pub fn assert_agreement(&self) {
        let views = self.views();
        let room: std::collections::BTreeSet<u8> = self.clients.keys().copied().collect();
        let first = &views[0];
        for v in &views {
            assert!(v.has_group, "user {} has no group", v.uid);
            assert_eq!(v.epoch, first.epoch, "user {} epoch", v.uid);
            assert_eq!(
                v.epoch_authenticator, first.epoch_authenticator,
                "user {} authenticator",
                v.uid
            );
            assert_eq!(v.roster, room, "user {} roster", v.uid);
            assert!(
                v.pending_adds.is_empty() && v.pending_removes.is_empty(),
                "user {} has pendings",
                v.uid
            );
        }
        assert_eq!(views.iter().filter(|v| v.believes_dc).count(), 1, "exactly one DC");
    }

    /// Every member opens every other member's audio and video frames.
    pub fn assert_media_flows(&mut self) {
        let uids: Vec<Uid> = self.clients.keys().copied().collect();
        for &from in &uids {
            let video = vp8_key_frame(from);
            let sealed = self.client(from).seal_frame(FrameKind::Vp8, &video).unwrap();
            assert_eq!(&sealed[..10], &video[..10], "the VP8 payload header stays in the clear");
            let audio = format!("opus from {from}").into_bytes();
            let sealed_audio = self.client(from).seal_frame(FrameKind::Opus, &audio).unwrap();
            for &to in uids.iter().filter(|&&u| u != from) {
                assert_eq!(
                    self.client(to).open_frame(FrameKind::Vp8, &sealed).unwrap().frame,
                    video,
                    "{to} opens {from}'s video"
                );
                assert_eq!(
                    self.client(to).open_frame(FrameKind::Opus, &sealed_audio).unwrap().frame,
                    audio
                );
            }
        }
    }
}

/// A VP8 key frame: a real 10-byte payload header (320x240) and a payload.
pub fn vp8_key_frame(tag: u8) -> Vec<u8> {
    let mut f = vec![0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00];
    f.extend((0..64).map(|i| i ^ tag));
    f
}

/// A VP8 interframe: bit 0 of the first byte set, 1 byte of header.
pub fn vp8_delta_frame(tag: u8) -> Vec<u8> {
    let mut f = vec![0x31];
    f.extend((0..32).map(|i| i ^ tag));
    f
}
