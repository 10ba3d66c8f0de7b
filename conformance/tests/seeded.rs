//! A seed reproduces a real run byte for byte: every KeyPackage, Welcome,
//! ratchet tree and commit on the log, every epoch authenticator (so every
//! safety number) and every media frame. A different seed gives different
//! bytes. The scenario includes a commit removing three members at once,
//! whose path secrets OpenMLS seals in parallel.

use dcverify_conformance::room::Room;
use dcverify_impl::OpenMls;
use dcverify_protocol::{FrameKind, Profile, WireEntry};

/// Everything a run makes: the log's bytes, each member's authenticator and one sealed frame each.
fn run(seed: u64) -> (Vec<WireEntry>, Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let implementation = OpenMls::default().with_seed(seed);
    let mut room = Room::new(&implementation, Profile::Orange).unwrap();
    for _ in 0..5 {
        room.join().unwrap();
    }
    room.settle();
    // Three members leave before the DC reads any of it: one commit removes all three.
    for uid in [2, 4, 5] {
        room.leave(uid).unwrap();
    }
    room.settle();
    assert!(room.rejections().is_empty(), "{:?}", room.rejections());
    let alive: Vec<_> = room.alive().map(|(u, _)| u).collect();
    assert_eq!(alive, vec![1, 3, 6]);
    let auths = alive.iter().map(|&u| room.view(u).unwrap().epoch_authenticator.unwrap()).collect();
    let frames = alive
        .iter()
        .map(|&u| room.client_mut(u).unwrap().seal_frame(FrameKind::Opus, b"same words").unwrap())
        .collect();
    (room.log().to_vec(), auths, frames)
}

/// Several runs, because OpenMLS's parallel seals (rayon) run in an order
/// that need not differ in every pair of runs.
#[test]
fn the_same_seed_makes_the_same_bytes() {
    let (log_a, auth_a, frames_a) = run(42);
    for _ in 0..4 {
        let (log_b, auth_b, frames_b) = run(42);
        assert_eq!(log_a.len(), log_b.len());
        for (k, (a, b)) in log_a.iter().zip(&log_b).enumerate() {
            assert_eq!(a, b, "log[{k}] differs between two runs with seed 42");
        }
        assert_eq!(auth_a, auth_b, "epoch authenticators (safety numbers) differ");
        assert_eq!(frames_a, frames_b, "media frames differ");
    }
    // The three removes are one commit: the last entry, by the DC.
    assert!(matches!(log_a.last(), Some(WireEntry::Commit { from: 1, .. })));
}

#[test]
fn another_seed_makes_other_bytes() {
    let (log_a, auth_a, _) = run(42);
    let (log_b, auth_b, _) = run(43);
    assert_ne!(auth_a, auth_b);
    let key_packages = |log: &[WireEntry]| -> Vec<Vec<u8>> {
        log.iter()
            .filter_map(|e| match e {
                WireEntry::Joined { key_package, .. } => Some(key_package.clone()),
                _ => None,
            })
            .collect()
    };
    assert_ne!(key_packages(&log_a), key_packages(&log_b));
}
