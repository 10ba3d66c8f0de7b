//! Joins and leaves with real MLS: members end in one epoch with equal
//! authenticators and open each other's frames; a removed member cannot.

mod common;

use common::{vp8_delta_frame, Room};
use dcverify_impl::{FrameError, FrameKind, SafetyNumber};

#[test]
fn joins_end_in_one_epoch_and_media_flows() {
    let mut room = Room::new();
    for _ in 0..3 {
        room.join();
    }
    room.settle();
    room.assert_agreement();
    assert_eq!(room.views()[0].epoch, Some(3), "one Add commit per joiner");
    assert!(room.views()[0].believes_dc, "the founder is DC");
    room.assert_media_flows();
    let numbers: Vec<SafetyNumber> =
        room.views().iter().map(|v| v.safety_number().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[0] == w[1]), "equal safety numbers");
}

#[test]
fn a_leaver_is_removed_and_cannot_open_later_frames() {
    let mut room = Room::new();
    for _ in 0..3 {
        room.join();
    }
    room.settle();
    let mut gone = room.leave(3);
    room.settle();
    room.assert_agreement();
    assert_eq!(room.views()[0].epoch, Some(4));
    room.assert_media_flows();
    let sealed = room.client(2).seal_frame(FrameKind::Opus, b"after removal").unwrap();
    assert_eq!(
        gone.open_frame(FrameKind::Opus, &sealed),
        Err(FrameError::UnknownEpoch { epoch: 4 })
    );
}

#[test]
fn when_the_dc_leaves_the_next_member_takes_over() {
    let mut room = Room::new();
    room.join();
    room.join();
    room.settle();
    let mut founder = room.leave(1);
    room.settle();
    room.assert_agreement();
    assert!(room.client(2).view().believes_dc, "user 2 was next");
    let late = room.join();
    room.settle();
    room.assert_agreement();
    assert_eq!(room.client(late).view().before_me, [2, 3].into_iter().collect());
    room.assert_media_flows();
    let sealed = room.client(3).seal_frame(FrameKind::Vp8, &vp8_delta_frame(7)).unwrap();
    assert!(
        founder.open_frame(FrameKind::Vp8, &sealed).is_err(),
        "the old DC cannot open frames of later epochs"
    );
}

#[test]
fn a_room_emptied_and_refounded_starts_a_new_group() {
    let mut room = Room::new();
    room.leave(1);
    let founder = room.join();
    room.join();
    room.settle();
    room.assert_agreement();
    assert!(room.client(founder).view().believes_dc);
    room.assert_media_flows();
}

#[test]
fn frames_of_the_previous_epoch_open_during_the_grace_window_only() {
    let mut room = Room::new();
    room.join();
    room.settle();
    let first = room.client(1).seal_frame(FrameKind::Opus, b"epoch 1, first").unwrap();
    let second = room.client(1).seal_frame(FrameKind::Opus, b"epoch 1, second").unwrap();
    let late = room.join();
    room.settle();
    assert_eq!(room.client(2).view().epoch, Some(2));
    let now = std::time::Instant::now();
    assert_eq!(
        room.client(2).open_frame_at(FrameKind::Opus, &first, now).unwrap().frame,
        b"epoch 1, first"
    );
    assert_eq!(
        room.client(2).open_frame_at(FrameKind::Opus, &first, now),
        Err(FrameError::Replayed { epoch: 1, sender: 1, counter: 0 })
    );
    let after_grace = now + dcverify_impl::GRACE + std::time::Duration::from_millis(500);
    assert_eq!(
        room.client(2).open_frame_at(FrameKind::Opus, &second, after_grace),
        Err(FrameError::GraceExpired { epoch: 1 })
    );
    assert_eq!(
        room.client(late).open_frame_at(FrameKind::Opus, &second, now),
        Err(FrameError::UnknownEpoch { epoch: 1 }),
        "a joiner never had epoch 1"
    );
}

#[test]
fn altered_frames_do_not_open() {
    let mut room = Room::new();
    room.join();
    room.settle();
    let video = common::vp8_key_frame(3);
    let sealed = room.client(1).seal_frame(FrameKind::Vp8, &video).unwrap();
    for i in [0, 5, 9, 10, 20, sealed.len() - 1] {
        let mut bad = sealed.clone();
        bad[i] ^= 0x40;
        assert!(
            room.client(2).open_frame(FrameKind::Vp8, &bad).is_err(),
            "byte {i} altered, in the clear header or not"
        );
    }
    assert_eq!(room.client(2).open_frame(FrameKind::Vp8, &sealed).unwrap().frame, video);
}

#[test]
fn a_checkpoint_rolls_the_client_back() {
    let mut room = Room::new();
    room.join();
    room.settle();
    let snapshot = room.client(1).checkpoint();
    let before = room.client(1).view();
    room.join();
    room.settle();
    assert_ne!(room.client(1).view(), before);
    room.client(1).rollback(&snapshot);
    assert_eq!(room.client(1).view(), before);
    // The rolled-back group still works: it can seal frames its peer at that epoch can open.
    let sealed = room.client(1).seal_frame(FrameKind::Opus, b"old epoch").unwrap();
    assert_eq!(sealed[..8], 1u64.to_be_bytes());
}
