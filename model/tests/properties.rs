//! Each property can fail: a hand-built state that violates it is detected,
//! and a healthy room satisfies all of them.

use dcverify_model::properties::{at_quiescence, by_name, PROPERTIES};
use dcverify_model::*;

fn root() -> Epoch {
    Epoch::root(1)
}

fn member(group: &Epoch, before_me: &[Uid], cursor: usize) -> Local {
    Local {
        group: Some(group.clone()),
        before_me: before_me.iter().copied().collect(),
        ..Local::joiner(cursor)
    }
}

/// A quiescent room of 1 and 2 in epoch 1 after 1 added 2.
fn healthy() -> State {
    let e1 = root().child(Leaf::user(1), Op::Add(Leaf::user(2)));
    State {
        log: vec![
            Entry::Joined(Leaf::user(2)),
            Entry::Welcome { from: 1, to: 2, epoch: e1.clone() },
            Entry::Commit { from: 1, epoch: e1.clone() },
        ]
        .into(),
        users: vec![User::alive(member(&e1, &[], 3)), User::alive(member(&e1, &[1], 3))],
        ..State::initial()
    }
}

/// The log changed in a way no step would.
fn edit(log: &Log, f: impl FnOnce(&mut Vec<Entry>)) -> Log {
    let mut entries = log.to_vec();
    f(&mut entries);
    entries.into()
}

fn violated(state: &State) -> Vec<&'static str> {
    PROPERTIES.iter().filter(|p| !p.check(state)).map(|p| p.name).collect()
}

fn assert_violates(state: &State, name: &str) {
    let p = by_name(name).unwrap();
    assert!(!p.check(state), "{name} should be violated in {state:#?}");
}

#[test]
fn a_healthy_room_satisfies_every_property() {
    let s = healthy();
    assert!(at_quiescence(&s));
    assert_eq!(violated(&s), Vec::<&str>::new());
}

#[test]
fn at_most_one_committer_can_fail() {
    let mut s = healthy();
    if let User::Alive(l) = &mut s.users[1] {
        let l = std::sync::Arc::make_mut(l);
        l.left_seen.insert(1);
    }
    assert_violates(&s, "AtMostOneCommitter");
}

#[test]
fn welcome_before_add_can_fail() {
    let mut s = healthy();
    s.log = edit(&s.log, |l| l.swap(1, 2));
    assert_violates(&s, "WelcomeBeforeAdd");
    let mut s = healthy();
    // A Welcome into another epoch does not count.
    s.log = edit(&s.log, |l| {
        l[1] = Entry::Welcome {
            from: 1,
            to: 2,
            epoch: root().child(Leaf::user(1), Op::Add(Leaf::user(3))),
        }
    });
    assert_violates(&s, "WelcomeBeforeAdd");
}

#[test]
fn unique_add_remove_can_fail() {
    let mut s = healthy();
    let e1 = root().child(Leaf::user(1), Op::Add(Leaf::user(2)));
    s.log.push(Entry::Commit { from: 1, epoch: e1.child(Leaf::user(1), Op::Add(Leaf::user(2))) });
    assert_violates(&s, "UniqueAddRemove");
    let mut s = healthy();
    let r = |e: &Epoch| e.child(Leaf::user(1), Op::Remove(UidSet::single(2)));
    let e2 = r(&root().child(Leaf::user(1), Op::Add(Leaf::user(2))));
    s.log.push(Entry::Commit { from: 1, epoch: e2.clone() });
    s.log.push(Entry::Commit { from: 1, epoch: r(&e2) });
    assert_violates(&s, "UniqueAddRemove");
}

#[test]
fn epochs_increase_can_fail() {
    let mut s = healthy();
    s.log.push(Entry::Commit {
        from: 1,
        epoch: root().child(Leaf::user(1), Op::Add(Leaf::user(3))),
    });
    assert_violates(&s, "EpochsIncrease");
}

#[test]
fn unique_pendings_can_fail() {
    let mut s = healthy();
    if let User::Alive(l) = &mut s.users[1] {
        let l = std::sync::Arc::make_mut(l);
        l.pending_removes = vec![3, 3];
    }
    assert_violates(&s, "UniquePendings");
}

fn with_joiner(mut s: State) -> State {
    s.log.push(Entry::Joined(Leaf::user(3)));
    s.users.push(User::alive(Local::joiner(s.log.len())));
    for u in s.users.iter_mut() {
        if let User::Alive(l) = u {
            let l = std::sync::Arc::make_mut(l);
            l.cursor = s.log.len();
        }
    }
    s
}

#[test]
fn all_admitted_and_joins_welcomed_can_fail() {
    let s = with_joiner(healthy());
    assert!(at_quiescence(&s));
    assert_violates(&s, "AllAdmitted");
    assert_violates(&s, "JoinsWelcomed");
    assert_violates(&s, "RosterIsRoom");
}

#[test]
fn one_epoch_can_fail() {
    let mut s = healthy();
    if let User::Alive(l) = &mut s.users[1] {
        let l = std::sync::Arc::make_mut(l);
        l.group = Some(
            root()
                .child(Leaf::user(1), Op::Add(Leaf::user(2)))
                .child(Leaf::user(1), Op::Remove(UidSet::EMPTY)),
        );
    }
    assert_violates(&s, "OneEpoch");
}

#[test]
fn roster_is_room_can_fail() {
    let mut s = healthy();
    s.users.push(User::Left);
    s.log.push(Entry::Left(2));
    s.users[1] = User::Left;
    for u in s.users.iter_mut() {
        if let User::Alive(l) = u {
            let l = std::sync::Arc::make_mut(l);
            l.cursor = s.log.len();
            l.left_seen.insert(2);
        }
    }
    // 1 has read Left(2) but still holds an epoch with 2 in it.
    assert_violates(&s, "RosterIsRoom");
}

#[test]
fn one_committer_can_fail() {
    let mut s = healthy();
    if let User::Alive(l) = &mut s.users[0] {
        let l = std::sync::Arc::make_mut(l);
        l.before_me.insert(2);
    }
    assert_violates(&s, "OneCommitter");
}

#[test]
fn nothing_pending_can_fail() {
    let mut s = healthy();
    if let User::Alive(l) = &mut s.users[1] {
        let l = std::sync::Arc::make_mut(l);
        l.pending_adds.push(Leaf::user(3));
    }
    assert_violates(&s, "NothingPending");
}

#[test]
fn no_failure_can_fail() {
    let mut s = healthy();
    if let User::Alive(l) = &mut s.users[1] {
        let l = std::sync::Arc::make_mut(l);
        l.failed = true;
        l.cursor = 0; // a failed user with unread entries is still quiescent
    }
    assert!(at_quiescence(&s));
    assert_violates(&s, "NoFailure");
}

#[test]
fn welcomes_added_can_fail() {
    let mut s = healthy();
    s.log = edit(&s.log, |l| {
        l.pop();
    });
    for u in s.users.iter_mut() {
        if let User::Alive(l) = u {
            let l = std::sync::Arc::make_mut(l);
            l.cursor = s.log.len();
        }
    }
    assert_violates(&s, "WelcomesAdded");
}

/// `WelcomesAdded` looks only after the Welcome, and only at alive targets.
#[test]
fn welcomes_added_looks_after_the_welcome_at_alive_targets_only() {
    // The Add comes before the Welcome: nothing adds 2 after it.
    let mut s = healthy();
    s.log = edit(&s.log, |l| l.swap(1, 2));
    assert!(at_quiescence(&s));
    assert_violates(&s, "WelcomesAdded");
    // The Welcome's target left before any Add: nobody to add any more.
    let mut s = healthy();
    s.log = edit(&s.log, |l| {
        l.pop();
        l.push(Entry::Left(2));
    });
    s.users = vec![User::alive(member(&root(), &[], 3)), User::Left];
    assert!(at_quiescence(&s));
    assert!(by_name("WelcomesAdded").unwrap().check(&s));
}

#[test]
fn quiescence_properties_are_not_checked_while_someone_can_act() {
    let mut s = with_joiner(healthy());
    if let User::Alive(l) = &mut s.users[0] {
        let l = std::sync::Arc::make_mut(l);
        l.cursor -= 1;
    }
    assert!(!at_quiescence(&s));
    assert!(by_name("AllAdmitted").unwrap().check(&s));
}
