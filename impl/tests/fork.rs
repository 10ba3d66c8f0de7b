//! Commit rule 5 of `docs/protocol.md` with real MLS: the DC dies between a Welcome and its
//! Add commit, its successor re-adds the joiner into another epoch, and the
//! joiner, holding a sibling node, fails on the fork (profile `orange`). This
//! is the model's shortest `OneEpoch` counterexample, step for step.

use dcverify_impl::OpenMlsClient;
use dcverify_protocol::{Branch, Client, Message, Profile, WireEntry};

/// Reads the entry at `cursor`: the branches taken, the epoch after, the messages made.
fn read(
    c: &mut OpenMlsClient,
    log: &[WireEntry],
    cursor: &mut usize,
) -> ((Vec<Branch>, Option<u64>), Vec<Message>) {
    let out = c.read(&log[*cursor]).unwrap_or_else(|e| panic!("user {}: {e}", c.uid()));
    *cursor += 1;
    ((out.branches.clone(), c.view().epoch), out.into_messages())
}

#[test]
fn the_dc_dying_between_welcome_and_add_forks_the_group() {
    let mut c1 = OpenMlsClient::founder(1, Profile::Orange).unwrap();
    let mut c2 = OpenMlsClient::joiner(2, Profile::Orange).unwrap();
    let mut c3 = OpenMlsClient::joiner(3, Profile::Orange).unwrap();
    let mut log = vec![
        WireEntry::Joined { uid: 2, key_package: c2.key_package().unwrap() },
        WireEntry::Joined { uid: 3, key_package: c3.key_package().unwrap() },
    ];
    let (mut k1, mut k2, mut k3) = (0, 1, 2);
    // 1 reads both joins and queues Welcome(2), Add(2), Welcome(3), Add(3).
    let (_, mut outbox) = read(&mut c1, &log, &mut k1);
    outbox.extend(read(&mut c1, &log, &mut k1).1);
    assert_eq!(outbox.len(), 4);
    // It sends three of them and leaves: Add(3) is lost.
    log.extend(outbox.drain(..3).map(WireEntry::from));
    log.push(WireEntry::Left { uid: 1 });
    // 2 joins epoch 1, then takes over: re-adds 3 and removes 1.
    let mut outbox2 = Vec::new();
    while k2 < log.len() {
        outbox2.extend(read(&mut c2, &log, &mut k2).1);
    }
    assert!(c2.view().believes_dc);
    assert_eq!(outbox2.len(), 3, "Welcome(3), Add(3), Remove(1)");
    log.extend(outbox2.into_iter().map(WireEntry::from));
    // 3 joins 1's epoch 2, ignores the second Welcome and 2's Add (epoch 1),
    // and cannot process 2's Remove, made on a sibling epoch 2.
    let mut effects = Vec::new();
    while k3 < log.len() {
        effects.push(read(&mut c3, &log, &mut k3).0);
    }
    assert_eq!(effects[2], (vec![Branch::ReadWelcomeJoins], Some(2)), "{effects:?}");
    assert_eq!(effects[4], (vec![Branch::ReadWelcomeSecond], Some(2)));
    assert_eq!(effects[5], (vec![Branch::CommitWrongEpoch], Some(2)), "2's Add, on epoch 1");
    assert_eq!(effects[6], (vec![Branch::CommitFork], Some(2)), "{effects:?}");
    let (v2, v3) = (c2.view(), c3.view());
    assert!(v3.failed);
    assert_eq!((v2.epoch, v3.epoch), (Some(3), Some(2)));
    assert_ne!(
        v2.safety_number(),
        v3.safety_number(),
        "different groups show different safety numbers"
    );
    // A failed client reads nothing more.
    assert!(c3.read(&log[0]).is_err());
}
