//! The facts the classifiers share, on small states built by hand: where
//! each can fail, it does.

use dcverify_causes::forks::{apart_by_lost_add, committed, forks, lost_nodes, Fork};
use dcverify_causes::succession::nobody_commits;
use dcverify_causes::CAUSES;
use dcverify_model::{Entry, Epoch, Leaf, Local, Log, Op, State, User};

fn add(node: &Epoch, by: u8, v: u8) -> Epoch {
    node.child(Leaf::user(by), Op::Add(Leaf::user(v)))
}

/// Founder 1 (gone or present) welcomed 2 into `e1`; `with_commit` says
/// whether its commit reached the log.
fn welcomed(founder_left: bool, with_commit: bool) -> (State, Epoch) {
    let e1 = add(&Epoch::root(1), 1, 2);
    let mut log =
        vec![Entry::Joined(Leaf::user(2)), Entry::Welcome { from: 1, to: 2, epoch: e1.clone() }];
    if with_commit {
        log.push(Entry::Commit { from: 1, epoch: e1.clone() });
    }
    let founder = if founder_left { User::Left } else { User::alive(Local::founder(1, log.len())) };
    let joiner = Local { group: Some(e1.clone()), cursor: log.len(), ..Local::joiner(1) };
    (State::from_parts(Log::from(log), vec![founder, User::alive(joiner)]), e1)
}

#[test]
fn a_lost_add_is_a_welcome_without_its_commit_from_a_sender_who_left() {
    let (state, e1) = welcomed(true, false);
    assert_eq!(lost_nodes(&state), vec![&e1]);
    assert!(!committed(&state, &e1));
    let (state, e1) = welcomed(true, true);
    assert!(lost_nodes(&state).is_empty());
    assert!(committed(&state, &e1));
    let (state, _) = welcomed(false, false);
    assert!(lost_nodes(&state).is_empty(), "the sender may still send its commit");
}

#[test]
fn a_fork_separates_its_two_sides_only() {
    let root = Epoch::root(1);
    let lost = add(&root, 1, 2);
    let sibling = add(&root, 3, 2);
    let fork = Fork { lost: lost.clone(), sibling: sibling.clone() };
    let below_lost = add(&lost, 2, 4);
    let below_sibling = add(&sibling, 3, 4);
    assert!(fork.separates(&below_lost, &below_sibling));
    assert!(fork.separates(&sibling, &lost));
    assert!(!fork.separates(&lost, &below_lost), "one side");
    assert!(!fork.separates(&sibling, &below_sibling), "the other side");
    assert!(!fork.separates(&root, &lost), "above the fork");
    assert!(!fork.separates(&root, &sibling), "above the fork");
    // Only a committed sibling of a lost node makes a fork.
    let (mut state, e1) = welcomed(true, false);
    assert!(forks(&state).is_empty());
    let other = add(&Epoch::root(1), 2, 3);
    let mut log = state.log.to_vec();
    log.push(Entry::Commit { from: 2, epoch: other.clone() });
    state.log = Log::from(log);
    assert_eq!(forks(&state), vec![Fork { lost: e1, sibling: other }]);
}

#[test]
fn a_lost_adds_joiner_is_apart_from_those_not_below_it() {
    let root = Epoch::root(1);
    let lost = add(&root, 1, 2);
    let below = add(&lost, 2, 3);
    assert!(apart_by_lost_add(&[&lost], &below, &root));
    assert!(apart_by_lost_add(&[&lost], &root, &lost));
    assert!(!apart_by_lost_add(&[&lost], &lost, &below), "both below it");
    assert!(!apart_by_lost_add(&[&lost], &root, &add(&root, 1, 3)), "neither below it");
}

#[test]
fn nobody_commits_only_without_a_dc() {
    // 2 holds a group and everyone before it left: it is DC.
    let (state, _) = welcomed(true, true);
    assert!(!nobody_commits(&state));
    // The founder is still there: 2 waits for it, and the founder is DC.
    let (state, _) = welcomed(false, true);
    assert!(!nobody_commits(&state));
    // 2 waits for 1, who is gone but whose Left it never read.
    let (mut state, e1) = welcomed(true, true);
    state.users[1] = User::alive(Local {
        group: Some(e1),
        before_me: [1].into_iter().collect(),
        cursor: state.log.len(),
        ..Local::joiner(1)
    });
    assert!(nobody_commits(&state));
    // Nobody holds a group: that is no blocked succession.
    let joiner = Local::joiner(0);
    let state = State::from_parts(Log::new(), vec![User::Left, User::alive(joiner)]);
    assert!(!nobody_commits(&state));
}

fn server_keypackage() -> &'static dcverify_causes::Cause {
    CAUSES.iter().find(|c| c.name == "server-keypackage").unwrap()
}

#[test]
fn the_servers_keypackage_is_a_users_add_of_a_server_leaf() {
    let root = Epoch::root(1);
    let by_user = root.child(Leaf::user(1), Op::Add(Leaf::server(2)));
    let member = |node: &Epoch| Local { group: Some(node.clone()), ..Local::founder(1, 0) };
    let state = State::from_parts(Log::new(), vec![User::alive(member(&by_user))]);
    assert!(server_keypackage().explains("NoHiddenMember", &state));
    // A server leaf that only the server's own leaf added is not this cause.
    let by_server = root.child(Leaf::server(3), Op::Add(Leaf::server(2)));
    let state = State::from_parts(Log::new(), vec![User::alive(member(&by_server))]);
    assert!(!server_keypackage().explains("NoHiddenMember", &state));
    // Nor is a node with no server leaf at all.
    let state = State::from_parts(Log::new(), vec![User::alive(member(&root))]);
    assert!(!server_keypackage().explains("NoHiddenMember", &state));
}

#[test]
fn the_namesake_removal_needs_a_removal_of_the_user_on_its_node() {
    // User 2 holds a node with the server's leaf labelled 2 beside its own.
    let root = Epoch::root(1);
    let server_in = root.child(Leaf::user(1), Op::Add(Leaf::server(2)));
    let held = server_in.child(Leaf::user(1), Op::Add(Leaf::user(2)));
    let stopped = |commit: Epoch| {
        let log = Log::from(vec![Entry::Commit { from: 1, epoch: commit }]);
        let local =
            Local { group: Some(held.clone()), cursor: 1, failed: true, ..Local::joiner(0) };
        let mut state =
            State::from_parts(log, vec![User::alive(Local::founder(1, 1)), User::alive(local)]);
        state.attacks_used = 1;
        state.failed_under_attack.insert(2);
        server_keypackage().explains("NoPermanentFailure", &state)
    };
    assert!(stopped(held.child(Leaf::user(1), Op::Remove([2].into_iter().collect()))));
    assert!(
        !stopped(held.child(Leaf::user(1), Op::Remove([3].into_iter().collect()))),
        "not its removal"
    );
    assert!(!stopped(held.child(Leaf::user(1), Op::Add(Leaf::user(3)))), "no removal");
    let elsewhere = server_in.child(Leaf::user(1), Op::Remove([2].into_iter().collect()));
    assert!(!stopped(elsewhere), "not on its node");
}
