//! The OpenMLS client in the simulated room: joins and leaves with real MLS
//! end with members in one epoch with equal authenticators, opening each
//! other's frames; a removed member cannot. (These were impl's scenario
//! tests; they run in the one room the runner uses.)

use dcverify_conformance::room::Room;
use dcverify_impl::{OpenMls, GRACE};
use dcverify_protocol::{Client, ClientView, FrameError, FrameKind, Profile, SafetyNumber, Uid};
use std::collections::BTreeSet;

const OPENMLS: OpenMls = OpenMls { mutant: None, seed: None };

fn room() -> Room<'static> {
    Room::new(&OPENMLS, Profile::Orange).unwrap()
}

/// Everyone reads and sends until quiet; nobody rejects anything or fails.
fn settle(room: &mut Room) {
    room.settle();
    assert!(room.rejections().is_empty(), "{:?}", room.rejections());
    for v in views(room) {
        assert!(!v.failed, "user {} failed", v.uid);
    }
}

fn views(room: &Room) -> Vec<ClientView> {
    room.alive().map(|(_, s)| s.client.view()).collect()
}

fn client<'r>(room: &'r mut Room, uid: Uid) -> &'r mut dyn Client {
    room.client_mut(uid).unwrap()
}

/// All members agree: one epoch, one authenticator, roster = room, one DC.
fn assert_agreement(room: &Room) {
    let views = views(room);
    let alive: BTreeSet<Uid> = room.alive().map(|(u, _)| u).collect();
    let first = &views[0];
    for v in &views {
        assert!(v.has_group, "user {} has no group", v.uid);
        assert_eq!(v.epoch, first.epoch, "user {} epoch", v.uid);
        assert_eq!(
            v.epoch_authenticator, first.epoch_authenticator,
            "user {} authenticator",
            v.uid
        );
        assert_eq!(v.roster, alive, "user {} roster", v.uid);
        assert!(
            v.pending_adds.is_empty() && v.pending_removes.is_empty(),
            "user {} has pendings",
            v.uid
        );
    }
    assert_eq!(views.iter().filter(|v| v.believes_dc).count(), 1, "exactly one DC");
}

/// Every member opens every other member's audio and video frames.
fn assert_media_flows(room: &mut Room) {
    let uids: Vec<Uid> = room.alive().map(|(u, _)| u).collect();
    for &from in &uids {
        let video = vp8_key_frame(from);
        let sealed = client(room, from).seal_frame(FrameKind::Vp8, &video).unwrap();
        assert_eq!(&sealed[..10], &video[..10], "the VP8 payload header stays in the clear");
        let audio = format!("opus from {from}").into_bytes();
        let sealed_audio = client(room, from).seal_frame(FrameKind::Opus, &audio).unwrap();
        for &to in uids.iter().filter(|&&u| u != from) {
            let opened = client(room, to).open_frame(FrameKind::Vp8, &sealed).unwrap();
            assert_eq!(opened.frame, video, "{to} opens {from}'s video");
            assert_eq!(
                client(room, to).open_frame(FrameKind::Opus, &sealed_audio).unwrap().frame,
                audio
            );
        }
    }
}

/// A VP8 key frame: a real 10-byte payload header (320x240) and a payload.
fn vp8_key_frame(tag: u8) -> Vec<u8> {
    let mut f = vec![0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00];
    f.extend((0..64).map(|i| i ^ tag));
    f
}

/// A VP8 interframe: bit 0 of the first byte set, 1 byte of header.
fn vp8_delta_frame(tag: u8) -> Vec<u8> {
    let mut f = vec![0x31];
    f.extend((0..32).map(|i| i ^ tag));
    f
}

#[test]
fn joins_end_in_one_epoch_and_media_flows() {
    let mut room = room();
    for _ in 0..3 {
        room.join().unwrap();
    }
    settle(&mut room);
    assert_agreement(&room);
    assert_eq!(views(&room)[0].epoch, Some(3), "one Add commit per joiner");
    assert!(views(&room)[0].believes_dc, "the founder is DC");
    assert_media_flows(&mut room);
    let numbers: Vec<SafetyNumber> =
        views(&room).iter().map(|v| v.safety_number().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[0] == w[1]), "equal safety numbers");
}

#[test]
fn a_leaver_is_removed_and_cannot_open_later_frames() {
    let mut room = room();
    for _ in 0..3 {
        room.join().unwrap();
    }
    settle(&mut room);
    let mut gone = room.leave(3).unwrap();
    settle(&mut room);
    assert_agreement(&room);
    assert_eq!(views(&room)[0].epoch, Some(4));
    assert_media_flows(&mut room);
    let sealed = client(&mut room, 2).seal_frame(FrameKind::Opus, b"after removal").unwrap();
    assert_eq!(
        gone.open_frame(FrameKind::Opus, &sealed),
        Err(FrameError::UnknownEpoch { epoch: 4 })
    );
}

#[test]
fn when_the_dc_leaves_the_next_member_takes_over() {
    let mut room = room();
    room.join().unwrap();
    room.join().unwrap();
    settle(&mut room);
    let mut founder = room.leave(1).unwrap();
    settle(&mut room);
    assert_agreement(&room);
    assert!(room.view(2).unwrap().believes_dc, "user 2 was next");
    let late = room.join().unwrap();
    settle(&mut room);
    assert_agreement(&room);
    assert_eq!(room.view(late).unwrap().before_me, [2, 3].into_iter().collect());
    assert_media_flows(&mut room);
    let sealed = client(&mut room, 3).seal_frame(FrameKind::Vp8, &vp8_delta_frame(7)).unwrap();
    assert!(
        founder.open_frame(FrameKind::Vp8, &sealed).is_err(),
        "the old DC cannot open frames of later epochs"
    );
}

#[test]
fn a_room_emptied_and_refounded_starts_a_new_group() {
    let mut room = room();
    room.leave(1).unwrap();
    let founder = room.join().unwrap();
    room.join().unwrap();
    settle(&mut room);
    assert_agreement(&room);
    assert!(room.view(founder).unwrap().believes_dc);
    assert_media_flows(&mut room);
}

#[test]
fn frames_of_the_previous_epoch_open_during_the_grace_window_only() {
    let mut room = room();
    room.join().unwrap();
    settle(&mut room);
    let first = client(&mut room, 1).seal_frame(FrameKind::Opus, b"epoch 1, first").unwrap();
    let second = client(&mut room, 1).seal_frame(FrameKind::Opus, b"epoch 1, second").unwrap();
    let late = room.join().unwrap();
    settle(&mut room);
    assert_eq!(room.view(2).unwrap().epoch, Some(2));
    let now = std::time::Instant::now();
    let member = client(&mut room, 2);
    assert_eq!(
        member.open_frame_at(FrameKind::Opus, &first, now).unwrap().frame,
        b"epoch 1, first"
    );
    assert_eq!(
        member.open_frame_at(FrameKind::Opus, &first, now),
        Err(FrameError::Replayed { epoch: 1, sender: 1, counter: 0 })
    );
    let after_grace = now + GRACE + std::time::Duration::from_millis(500);
    assert_eq!(
        member.open_frame_at(FrameKind::Opus, &second, after_grace),
        Err(FrameError::GraceExpired { epoch: 1 })
    );
    assert_eq!(
        client(&mut room, late).open_frame_at(FrameKind::Opus, &second, now),
        Err(FrameError::UnknownEpoch { epoch: 1 }),
        "a joiner never had epoch 1"
    );
}

#[test]
fn altered_frames_do_not_open() {
    let mut room = room();
    room.join().unwrap();
    settle(&mut room);
    let video = vp8_key_frame(3);
    let sealed = client(&mut room, 1).seal_frame(FrameKind::Vp8, &video).unwrap();
    for i in [0, 5, 9, 10, 20, sealed.len() - 1] {
        let mut bad = sealed.clone();
        bad[i] ^= 0x40;
        assert!(
            client(&mut room, 2).open_frame(FrameKind::Vp8, &bad).is_err(),
            "byte {i} altered, in the clear header or not"
        );
    }
    assert_eq!(client(&mut room, 2).open_frame(FrameKind::Vp8, &sealed).unwrap().frame, video);
}

#[test]
fn a_checkpoint_rolls_the_client_back() {
    let mut room = room();
    room.join().unwrap();
    settle(&mut room);
    let snapshot = client(&mut room, 1).checkpoint();
    let before = room.view(1).unwrap();
    room.join().unwrap();
    settle(&mut room);
    assert_ne!(room.view(1).unwrap(), before);
    client(&mut room, 1).rollback(&snapshot).unwrap();
    assert_eq!(room.view(1).unwrap(), before);
    // The rolled-back group still works: it can seal frames its peer at that epoch can open.
    let sealed = client(&mut room, 1).seal_frame(FrameKind::Opus, b"old epoch").unwrap();
    assert_eq!(sealed[..8], 1u64.to_be_bytes());
    // A checkpoint belongs to the client that took it.
    assert!(client(&mut room, 2).rollback(&snapshot).is_err());
}
