//! Each step on hand-built states, one test per branch of docs/protocol.md's `Read`
//! and of *commit pendings*.

use dcverify_model::*;

fn model() -> DcModel {
    DcModel::new(Profile::Orange, Bounds { users: 5, leaves: 3 }).unwrap()
}

fn root() -> Epoch {
    Epoch::root(1)
}

fn add(e: &Epoch, by: Uid, v: Uid) -> Epoch {
    e.child(Leaf::user(by), Op::Add(Leaf::user(v)))
}

fn remove(e: &Epoch, by: Uid, vs: &[Uid]) -> Epoch {
    e.child(Leaf::user(by), Op::Remove(vs.iter().copied().collect()))
}

fn member(group: Epoch, before_me: &[Uid], cursor: usize) -> Local {
    Local {
        group: Some(group),
        before_me: before_me.iter().copied().collect(),
        ..Local::joiner(cursor)
    }
}

fn state(log: Vec<Entry>, users: Vec<User>) -> State {
    State::from_parts(log.into(), users)
}

fn step(s: &State, a: Action) -> State {
    model().step(s, a).unwrap_or_else(|| panic!("{a} not enabled"))
}

fn local(s: &State, u: Uid) -> &Local {
    s.local(u).unwrap()
}

#[test]
fn join_appends_joined_and_reads_after_it() {
    let s = step(&State::initial(), Action::Join);
    assert_eq!(s.log, vec![Entry::Joined(Leaf::user(2))]);
    let l = local(&s, 2);
    assert_eq!(l.cursor, 1);
    assert_eq!(l.group, None);
}

#[test]
fn join_into_an_empty_room_founds_a_new_group() {
    let s = step(&step(&State::initial(), Action::Leave(1)), Action::Join);
    assert_eq!(s.log, vec![Entry::Left(1), Entry::Joined(Leaf::user(2))]);
    let l = local(&s, 2);
    assert_eq!(l.group, Some(Epoch::root(2)));
    assert!(l.believes_dc());
}

#[test]
fn join_respects_the_user_bound() {
    let m = DcModel::new(Profile::Orange, Bounds { users: 1, leaves: 0 }).unwrap();
    let mut actions = Vec::new();
    m.enabled(&State::initial(), &mut actions);
    assert!(actions.is_empty(), "{actions:?}");
    assert_eq!(m.step(&State::initial(), Action::Join), None);
}

#[test]
fn leave_drops_the_outbox_and_forgets_the_user() {
    let mut l = member(root(), &[], 0);
    l.outbox.push(Entry::Joined(Leaf::user(9)));
    let s = state(vec![], vec![User::alive(l)]);
    let s = step(&s, Action::Leave(1));
    assert_eq!(s.users, vec![User::Left]);
    assert_eq!(s.log, vec![Entry::Left(1)]);
    assert_eq!(model().step(&s, Action::Leave(1)), None, "a left user never acts again");
}

#[test]
fn leave_respects_the_leave_bound() {
    let m = DcModel::new(Profile::Orange, Bounds { users: 3, leaves: 0 }).unwrap();
    assert_eq!(m.step(&State::initial(), Action::Leave(1)), None);
}

#[test]
fn send_appends_the_head_of_the_outbox() {
    let mut l = member(root(), &[], 0);
    let e1 = add(&root(), 1, 2);
    l.outbox = vec![
        Entry::Welcome { from: 1, to: 2, epoch: e1.clone() },
        Entry::Commit { from: 1, epoch: e1.clone() },
    ];
    let s = step(&state(vec![], vec![User::alive(l)]), Action::Send(1));
    assert_eq!(s.log, vec![Entry::Welcome { from: 1, to: 2, epoch: e1.clone() }]);
    assert_eq!(local(&s, 1).outbox, vec![Entry::Commit { from: 1, epoch: e1 }]);
}

#[test]
fn read_joined_of_another_user_adds_it_to_pending_adds() {
    // User 2 (not DC: user 1 is before it) reads Joined(3).
    let e1 = add(&root(), 1, 2);
    let s = state(
        vec![Entry::Joined(Leaf::user(3))],
        vec![User::alive(member(e1.clone(), &[], 1)), User::alive(member(e1, &[1], 0))],
    );
    let s = step(&s, Action::Read(2));
    assert_eq!(local(&s, 2).pending_adds, vec![3]);
    assert_eq!(local(&s, 2).cursor, 1);
    assert!(local(&s, 2).outbox.is_empty());
}

#[test]
fn read_left_records_it_and_a_new_dc_commits_pendings() {
    // User 2 was welcomed by 1 and has seen 3 join; reading Left(1) makes it DC.
    let e1 = add(&root(), 1, 2);
    let mut l2 = member(e1.clone(), &[1], 0);
    l2.pending_adds = vec![Leaf::user(3)];
    let s = state(
        vec![Entry::Left(1)],
        vec![User::Left, User::alive(l2), User::alive(Local::joiner(0))],
    );
    let s = step(&s, Action::Read(2));
    let l = local(&s, 2);
    assert!(l.left_seen.contains(1));
    assert!(l.believes_dc());
    let e2 = add(&e1, 2, 3);
    let e3 = remove(&e2, 2, &[1]);
    assert_eq!(
        l.outbox,
        vec![
            Entry::Welcome { from: 2, to: 3, epoch: e2.clone() },
            Entry::Commit { from: 2, epoch: e2 },
            Entry::Commit { from: 2, epoch: e3.clone() },
        ]
    );
    assert_eq!(l.group, Some(e3), "the DC merges its commits at once");
    assert!(l.pending_adds.is_empty() && l.pending_removes.is_empty());
}

#[test]
fn commit_pendings_adds_then_removes_a_user_who_joined_and_left() {
    // 2 is still pending (its Joined was read while 1 could not commit) when Left(2) arrives.
    let mut l = member(root(), &[], 0);
    l.pending_adds = vec![Leaf::user(2)];
    let s = state(vec![Entry::Left(2)], vec![User::alive(l), User::Left]);
    let s = step(&s, Action::Read(1));
    let e1 = add(&root(), 1, 2);
    let e2 = remove(&e1, 1, &[2]);
    assert_eq!(
        local(&s, 1).outbox,
        vec![
            Entry::Welcome { from: 1, to: 2, epoch: e1.clone() },
            Entry::Commit { from: 1, epoch: e1 },
            Entry::Commit { from: 1, epoch: e2 },
        ]
    );
}

#[test]
fn commit_pendings_skips_a_remove_of_non_members() {
    // Joined(2) never got added and 2's pending add is gone; Left(2) then has no member to remove.
    let s = state(vec![Entry::Left(2)], vec![User::alive(member(root(), &[], 0)), User::Left]);
    let s = step(&s, Action::Read(1));
    let l = local(&s, 1);
    assert!(l.outbox.is_empty());
    assert_eq!(l.group, Some(root()));
    assert!(l.pending_removes.is_empty(), "both lists are emptied");
}

#[test]
fn a_non_dc_does_not_commit() {
    let e1 = add(&root(), 1, 2);
    let s = state(
        vec![Entry::Joined(Leaf::user(3))],
        vec![User::alive(member(e1.clone(), &[], 1)), User::alive(member(e1, &[1], 0))],
    );
    let s = step(&s, Action::Read(2));
    assert!(local(&s, 2).outbox.is_empty());
    assert!(!local(&s, 2).believes_dc());
}

#[test]
fn read_welcome_for_me_without_group_joins_its_epoch() {
    let e1 = add(&root(), 1, 2);
    let w = Entry::Welcome { from: 1, to: 2, epoch: e1.clone() };
    let s = state(
        vec![Entry::Joined(Leaf::user(2)), w],
        vec![User::alive(member(e1.clone(), &[], 2)), User::alive(Local::joiner(1))],
    );
    let s = step(&s, Action::Read(2));
    let l = local(&s, 2);
    assert_eq!(l.group, Some(e1));
    assert_eq!(l.before_me, UidSet::single(1));
    assert!(!l.believes_dc());
}

#[test]
fn read_welcome_for_someone_else_has_no_effect() {
    let e1 = add(&root(), 1, 3);
    let s = state(
        vec![Entry::Welcome { from: 1, to: 3, epoch: e1 }],
        vec![User::alive(member(root(), &[], 1)), User::alive(Local::joiner(0))],
    );
    let after = step(&s, Action::Read(2));
    assert_eq!(local(&after, 2), &Local { cursor: 1, ..local(&s, 2).clone() });
}

#[test]
fn read_second_welcome_has_no_effect_in_orange() {
    let e1 = add(&root(), 1, 2);
    let other = add(&root(), 1, 2).child(Leaf::user(1), Op::Remove(UidSet::single(9)));
    let me = member(e1, &[1], 0);
    let s = state(
        vec![Entry::Welcome { from: 1, to: 2, epoch: other }],
        vec![User::Left, User::alive(me.clone())],
    );
    let after = step(&s, Action::Read(2));
    assert_eq!(local(&after, 2), &Local { cursor: 1, ..me });
}

#[test]
fn read_commit_rule_1_own_commit_has_no_effect() {
    let e1 = add(&root(), 1, 2);
    let me = member(e1.clone(), &[], 0);
    let s = state(vec![Entry::Commit { from: 1, epoch: e1 }], vec![User::alive(me.clone())]);
    assert_eq!(local(&step(&s, Action::Read(1)), 1), &Local { cursor: 1, ..me });
}

#[test]
fn read_commit_rule_2_no_group_has_no_effect() {
    let e1 = add(&root(), 1, 3);
    let s = state(
        vec![Entry::Commit { from: 1, epoch: e1 }],
        vec![User::alive(member(root(), &[], 1)), User::alive(Local::joiner(0))],
    );
    assert_eq!(local(&step(&s, Action::Read(2)), 2), &Local::joiner(1));
}

#[test]
fn read_commit_rule_3_applies_a_child_and_drops_pendings() {
    let e1 = add(&root(), 1, 2);
    let e2 = add(&e1, 1, 3);
    let e3 = remove(&e2, 1, &[4]);
    let mut me = member(e1.clone(), &[1], 0);
    me.pending_adds = vec![Leaf::user(3), Leaf::user(5)];
    me.pending_removes = vec![4];
    let s = state(
        vec![
            Entry::Commit { from: 1, epoch: e2.clone() },
            Entry::Commit { from: 1, epoch: e3.clone() },
        ],
        vec![User::alive(member(e3.clone(), &[], 2)), User::alive(me)],
    );
    let s = step(&s, Action::Read(2));
    assert_eq!(local(&s, 2).group, Some(e2));
    assert_eq!(local(&s, 2).pending_adds, vec![5]);
    let s = step(&s, Action::Read(2));
    assert_eq!(local(&s, 2).group, Some(e3));
    assert!(local(&s, 2).pending_removes.is_empty());
}

#[test]
fn read_commit_rule_4_wrong_epoch_is_ignored() {
    let e1 = add(&root(), 1, 2);
    let e2 = add(&e1, 1, 3);
    let e3 = add(&e2, 1, 4);
    // 2 holds e1 and reads the commit creating e3 (parent number 2 != 1).
    let me = member(e1, &[1], 0);
    let s = state(
        vec![Entry::Commit { from: 1, epoch: e3 }],
        vec![User::alive(member(root(), &[], 1)), User::alive(me.clone())],
    );
    assert_eq!(local(&step(&s, Action::Read(2)), 2), &Local { cursor: 1, ..me });
}

#[test]
fn read_commit_rule_5_fork_fails_the_client_in_orange() {
    let a = add(&root(), 1, 2);
    let b = add(&root(), 1, 3);
    let fork = add(&b, 1, 4);
    let me = member(a, &[1], 0);
    let s = state(
        vec![Entry::Commit { from: 1, epoch: fork }],
        vec![User::alive(member(root(), &[], 1)), User::alive(me)],
    );
    let s = step(&s, Action::Read(2));
    assert!(local(&s, 2).failed);
    // A failed user takes no further step but can still leave.
    let mut actions = Vec::new();
    model().enabled(&s, &mut actions);
    assert!(!actions.contains(&Action::Read(2)) && !actions.contains(&Action::Send(2)));
    assert!(actions.contains(&Action::Leave(2)));
}

#[test]
fn roster_follows_the_commit_tree() {
    let e = remove(&add(&add(&root(), 1, 2), 1, 3), 2, &[1, 3]);
    assert_eq!(e.roster(), UidSet::single(2));
    assert_eq!(e.number(), 3);
}
