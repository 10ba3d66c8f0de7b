//! The hostile delivery service in the model (`docs/threat-model.md`): each
//! server step does what the page says and nothing more, the budget bounds
//! it, and a budget of 0 is the honest model exactly.

use dcverify_model::*;
use stateright::{Checker, Model};
use std::collections::BTreeSet;

fn model(profile: Profile, users: usize, leaves: usize, attacks: usize) -> DcModel {
    DcModel::new(profile, Bounds { users, leaves }).unwrap().with_attacks(attacks)
}

/// The state after `steps`, each of which must be enabled.
fn after(m: &DcModel, steps: &[&str]) -> State {
    let mut s = State::initial();
    for text in steps {
        let action: Action = text.parse().unwrap();
        assert!(m.is_enabled(&s, action), "{text} not enabled: {:?}", m.why_disabled(&s, action));
        s = m.step(&s, action).unwrap();
    }
    s
}

fn enabled(m: &DcModel, s: &State) -> Vec<Action> {
    let mut out = Vec::new();
    m.enabled(s, &mut out);
    out
}

fn server_steps(m: &DcModel, s: &State) -> Vec<ServerStep> {
    enabled(m, s)
        .into_iter()
        .filter_map(|a| match a {
            Action::Server(step) => Some(step),
            _ => None,
        })
        .collect()
}

#[test]
fn with_no_budget_the_server_takes_no_step() {
    let honest = model(Profile::Orange, 3, 1, 0);
    let s = after(&honest, &["Join", "Read(1)", "Send(1)"]);
    assert!(server_steps(&honest, &s).is_empty());
    let hostile = model(Profile::Orange, 3, 1, 1);
    assert!(!server_steps(&hostile, &s).is_empty());
    let spent = after(&hostile, &["Join", "Read(1)", "Send(1)", "Garbage(1)"]);
    assert_eq!(spent.attacks_used, 1);
    assert!(server_steps(&hostile, &spent).is_empty());
    let why = hostile.why_disabled(&spent, "Garbage(1)".parse().unwrap()).unwrap();
    assert!(why.contains("budget of 1"), "{why}");
}

#[test]
fn a_budget_of_zero_is_the_honest_model() {
    for (profile, users, leaves) in [(Profile::Orange, 3, 1), (Profile::Fixed, 3, 2)] {
        let honest = DcModel::new(profile, Bounds { users, leaves }).unwrap();
        let zero = model(profile, users, leaves, 0);
        assert_eq!(zero.property_names().len(), PROPERTIES.len());
        let a = honest.checker().spawn_bfs().join();
        let b = zero.checker().spawn_bfs().join();
        assert_eq!(a.unique_state_count(), b.unique_state_count());
    }
}

#[test]
fn the_budget_grows_the_state_space_and_checks_the_security_properties() {
    // Pinned: a change to what the server can do shows here.
    let counts = [(Profile::Orange, 1, 609_018), (Profile::Fixed, 1, 128_506)];
    for (profile, attacks, unique) in counts {
        let m = model(profile, 3, 1, attacks);
        assert_eq!(m.property_names().len(), SECURITY_PROPERTIES.len());
        let c = m.checker().spawn_bfs().join();
        assert_eq!(c.unique_state_count(), unique, "{profile} with {attacks}");
        let violated: BTreeSet<&str> = c.discoveries().into_keys().collect();
        let expected: BTreeSet<&str> =
            ["NoSilentEavesdropper", "NoPermanentFailure", "NoHiddenMember"].into();
        assert_eq!(violated, expected, "{profile}");
    }
}

#[test]
fn withhold_moves_the_cursor_and_nothing_else() {
    let m = model(Profile::Orange, 2, 0, 1);
    let before = after(&m, &["Join", "Read(1)", "Send(1)"]);
    let s = m.step(&before, "Withhold(2)".parse().unwrap()).unwrap();
    let (b, a) = (before.local(2).unwrap(), s.local(2).unwrap());
    assert_eq!(a.cursor, b.cursor + 1);
    assert_eq!(a.group, b.group);
    assert_eq!(s.log, before.log);
    // User 2 never gets its Welcome: it reads on past it.
    let s = m.step(&s, "Read(1)".parse().unwrap()).unwrap();
    assert!(!s.can_read(2));
    assert_eq!(s.local(2).unwrap().group, None);
}

#[test]
fn reorder_gives_the_two_next_entries_swapped() {
    // Two Adds committed back to back: user 2 gets the second first.
    let m = model(Profile::Orange, 3, 0, 1);
    let s = after(
        &m,
        &[
            "Join", "Read(1)", "Send(1)", "Send(1)", "Read(2)", "Read(2)", "Read(1)", "Read(1)",
            "Join", "Read(1)", "Send(1)", "Send(1)",
        ],
    );
    assert_eq!(s.local(2).unwrap().cursor, 3);
    // Entries 3.. are Joined(3), Welcome(1→3), Commit(Add(3)): once user 2
    // has read Joined(3), the server gives it the commit before the Welcome.
    let s = m.step(&s, "Read(2)".parse().unwrap()).unwrap();
    let reordered = m.step(&s, "Reorder(2)".parse().unwrap()).unwrap();
    let l = reordered.local(2).unwrap();
    assert_eq!(l.cursor, 6);
    // The commit came first (applied), the Welcome for 3 after it (no effect).
    assert_eq!(l.group, reordered.local(1).unwrap().group);
    let mut branches = Vec::new();
    let (_, b) = m.step_branches(&s, "Reorder(2)".parse().unwrap()).unwrap();
    branches.extend(b);
    assert_eq!(branches, [Branch::CommitApplied, Branch::ReadWelcomeOther]);
}

#[test]
fn a_redelivered_commit_is_ignored_as_a_wrong_epoch() {
    let m = model(Profile::Orange, 2, 0, 1);
    let s = after(&m, &["Join", "Read(1)", "Send(1)", "Send(1)", "Read(2)"]);
    let (next, branches) = m.step_branches(&s, "Redeliver(2, 1)".parse().unwrap()).unwrap();
    assert_eq!(branches, [Branch::ReadWelcomeSecond]);
    assert_eq!(next.local(2).unwrap().cursor, s.local(2).unwrap().cursor);
    // Only Welcomes and commits are redelivered; a Joined is the server's false announcement.
    assert!(!m.is_enabled(&s, "Redeliver(2, 0)".parse().unwrap()));
    let s = m.step(&s, "Read(2)".parse().unwrap()).unwrap();
    let (_, branches) = m.step_branches(&s, "Redeliver(2, 2)".parse().unwrap()).unwrap();
    assert_eq!(branches, [Branch::CommitWrongEpoch]);
}

#[test]
fn a_false_left_makes_orange_fail_and_the_others_remove_the_user() {
    let m = model(Profile::Orange, 2, 0, 1);
    let s = after(&m, &["Join", "Read(1)", "Send(1)", "Send(1)", "Read(2)", "Read(2)"]);
    let s = after_from(&m, s, &["FalseLeft(2)", "Read(1)", "Read(1)", "Read(1)", "Send(1)"]);
    assert_eq!(s.local(1).unwrap().group.as_ref().unwrap().roster(), UidSet::single(1));
    // User 2 reads its own Left and stops (the deployed client panics).
    let (s2, branches) = m.step_branches(&s, "Read(2)".parse().unwrap()).unwrap();
    assert_eq!(branches, [Branch::ReadLeftSelf]);
    assert!(s2.local(2).unwrap().failed);
    assert!(s2.failed_under_attack.contains(2));
    assert!(!security::no_permanent_failure(Profile::Orange, &s2));
}

fn after_from(m: &DcModel, mut s: State, steps: &[&str]) -> State {
    for text in steps {
        let action: Action = text.parse().unwrap();
        assert!(m.is_enabled(&s, action), "{text}: {:?}", m.why_disabled(&s, action));
        s = m.step(&s, action).unwrap();
    }
    s
}

#[test]
fn a_server_keypackage_gives_the_server_a_leaf_the_dc_adds() {
    let m = model(Profile::Orange, 2, 0, 1);
    let s = after(&m, &["ServerJoin(2)", "Read(1)", "Send(1)", "Send(1)", "Read(1)", "Read(1)"]);
    let g = s.local(1).unwrap().group.clone().unwrap();
    assert_eq!(g.server_leaves(), UidSet::single(2));
    assert_eq!(g.leaves().0, UidSet::single(1));
    assert!(s.quiescent());
    assert!(!security::no_silent_eavesdropper(Profile::Orange, &s));
    assert!(!security::no_hidden_member(Profile::Orange, &s));
    // The honest user 2 who joins later cannot open the Welcome made for the server's KeyPackage.
    let m = model(Profile::Orange, 2, 0, 1);
    let s = after(&m, &["Join", "ServerJoin(2)", "Read(1)", "Read(1)"]);
    let s = after_from(&m, s, &["Send(1)", "Send(1)", "Send(1)", "Send(1)", "Read(2)", "Read(2)"]);
    let l2 = s.local(2).unwrap();
    assert_eq!(l2.group.as_ref().unwrap().leaves().0, [1, 2].into_iter().collect());
}

#[test]
fn garbage_fails_readers_on_that_epoch_only() {
    let m = model(Profile::Orange, 2, 0, 1);
    // Nobody holds epoch number 5: no garbage for it.
    assert!(!m.is_enabled(&after(&m, &["Join"]), "Garbage(5)".parse().unwrap()));
    let s = after(&m, &["Join", "Garbage(0)", "Read(1)"]);
    let (s1, b) = m.step_branches(&s, "Read(1)".parse().unwrap()).unwrap();
    assert_eq!(b, [Branch::CommitWrongEpoch]);
    assert!(!s1.local(1).unwrap().failed);
    let (_, b) = m.step_branches(&s, "Read(2)".parse().unwrap()).unwrap();
    assert_eq!(b, [Branch::CommitNoGroup]);
    let m = model(Profile::Fixed, 2, 0, 1);
    let s = after(&m, &["Join", "Read(1)", "Send(1)", "Read(2)", "Read(2)", "Garbage(1)"]);
    let (s2, b) = m.step_branches(&s, "Read(2)".parse().unwrap()).unwrap();
    assert_eq!(b, [Branch::CommitFork]);
    assert!(s2.local(2).unwrap().failed);
    assert!(!security::no_permanent_failure(Profile::Fixed, &s2));
}

#[test]
fn the_server_commits_only_from_a_leaf_it_holds() {
    let m = model(Profile::Orange, 3, 0, 2);
    let s = after(&m, &["Join", "Read(1)", "Send(1)", "Send(1)", "Read(2)", "Read(2)"]);
    // No server leaf in the group: no server commit.
    assert!(!m.is_enabled(&s, "ServerRemove(1, 2)".parse().unwrap()));
    let s = after_from(
        &m,
        s,
        &[
            "ServerJoin(3)",
            "Read(1)",
            "Read(1)",
            "Read(1)",
            "Send(1)",
            "Send(1)",
            "Read(1)",
            "Read(1)",
        ],
    );
    assert_eq!(s.local(1).unwrap().group.as_ref().unwrap().server_leaves(), UidSet::single(3));
    let s = m.step(&s, "ServerRemove(1, 2)".parse().unwrap()).unwrap();
    let Some(Entry::Commit { from, epoch }) = s.log.last() else { panic!("no commit") };
    assert_eq!(*from, 3);
    assert_eq!(epoch.last_step().unwrap().committer, Leaf::server(3));
    assert_eq!(s.attacks_used, 2);
    // User 1 applies it; user 2, removed while present, fails under orange.
    let s = after_from(&m, s, &["Read(1)", "Read(2)", "Read(2)", "Read(2)", "Read(2)"]);
    let l2 = s.local(2).unwrap();
    assert!(l2.removed && l2.failed);
    assert!(!s.local(1).unwrap().group.as_ref().unwrap().roster().contains(2));
}

#[test]
fn server_steps_read_back_from_traces_as_written() {
    for text in [
        "Withhold(2)",
        "Reorder(1)",
        "Redeliver(3, 4)",
        "FalseLeft(2)",
        "ServerJoin(5)",
        "Garbage(2)",
        "ServerRemove(1, 2)",
        "ServerAdd(2, 3)",
    ] {
        let a: Action = text.parse().unwrap();
        assert_eq!(a.to_string(), text);
        assert!(matches!(a, Action::Server(_)));
    }
}

#[test]
fn guarded_takes_fixeds_steps_with_an_honest_server() {
    for (users, leaves) in [(3, 1), (3, 2), (4, 1)] {
        let count = |p| {
            let m = DcModel::new(p, Bounds { users, leaves }).unwrap();
            let c = m.checker().spawn_bfs().join();
            (c.unique_state_count(), c.discoveries().len())
        };
        assert_eq!(count(Profile::Guarded), count(Profile::Fixed), "{users}/{leaves}");
    }
}

#[test]
fn guarded_holds_every_security_property_where_orange_and_fixed_do_not() {
    for (users, leaves, attacks, unique) in [(3, 1, 1, 177_551), (2, 1, 2, 30_785)] {
        let m = model(Profile::Guarded, users, leaves, attacks);
        let c = m.checker().spawn_bfs().join();
        assert_eq!(c.unique_state_count(), unique, "{users}/{leaves} with {attacks}");
        let violated: Vec<&str> = c.discoveries().into_keys().collect();
        assert!(violated.is_empty(), "{users}/{leaves} with {attacks}: {violated:?}");
    }
}

#[test]
fn guarded_ignores_what_stops_orange() {
    let m = model(Profile::Guarded, 2, 0, 1);
    let member = after(&m, &["Join", "Read(1)", "Send(1)", "Read(2)", "Read(2)"]);
    // Garbage on its epoch: ignored, not fatal.
    let s = m.step(&member, "Garbage(1)".parse().unwrap()).unwrap();
    let (s, b) = m.step_branches(&s, "Read(2)".parse().unwrap()).unwrap();
    assert_eq!(b, [Branch::CommitUnreadable]);
    assert!(s.local(2).unwrap().active());
    // Its own Left: ignored; the removal that follows is shown, not fatal.
    let s = after_from(&m, member, &["FalseLeft(2)", "Read(1)", "Read(1)", "Read(1)", "Send(1)"]);
    let (s, b) = m.step_branches(&s, "Read(2)".parse().unwrap()).unwrap();
    assert_eq!(b, [Branch::ReadLeftSelf]);
    assert!(s.local(2).unwrap().active());
    let (s, b) = m.step_branches(&s, "Read(2)".parse().unwrap()).unwrap();
    assert_eq!(b, [Branch::CommitRemovesMe]);
    let l = s.local(2).unwrap();
    assert!(l.removed && !l.failed);
    assert!(display::display(Profile::Guarded, l).shows_trouble);
    assert!(!display::display(Profile::Fixed, l).shows_trouble);
    assert!(security::no_permanent_failure(Profile::Guarded, &s));
}

#[test]
fn the_roster_shows_a_server_leaf_as_a_name_twice_or_a_name_nobody_has() {
    // The server's leaf labelled 2 while 2 is not in the room: a name of nobody present.
    let g = model(Profile::Guarded, 2, 0, 1);
    let s = after(&g, &["ServerJoin(2)", "Read(1)", "Send(1)", "Read(1)", "Read(1)"]);
    assert!(s.quiescent());
    assert!(security::something_shows(Profile::Guarded, &s));
    assert!(!security::something_shows(Profile::Fixed, &s));
    // Under its own name while 2 is present: the name twice.
    let g = model(Profile::Guarded, 2, 0, 1);
    let s = after(&g, &["Join", "Read(1)", "Send(1)", "Read(2)", "Read(2)", "ServerJoin(2)"]);
    let s = after_from(
        &g,
        s,
        &[
            "Read(1)", "Read(1)", "Read(1)", "Send(1)", "Read(2)", "Read(2)", "Read(1)", "Read(1)",
            "Read(2)",
        ],
    );
    assert!(s.quiescent(), "{s:?}");
    let roster = s.local(1).unwrap().group.as_ref().unwrap().leaves();
    assert_eq!(roster, (UidSet::from_iter([1, 2]), UidSet::single(2)));
    assert!(security::something_shows(Profile::Guarded, &s));
    // With no server leaf nothing shows.
    let s = after(&g, &["Join", "Read(1)", "Send(1)", "Read(2)", "Read(2)", "Read(1)", "Read(1)"]);
    assert!(s.quiescent());
    assert!(!security::something_shows(Profile::Guarded, &s));
}

/// The security predicates on hand-built states, where each can fail: the
/// checker's runs alone cannot show that, since the model's display makes
/// some of them hold in every reachable state (`docs/threat-model.md`).
mod security_predicates {
    use super::*;

    /// Users 1 and 2 alive, holding `g1` and `g2`; `log` as given.
    fn room(log: Vec<Entry>, g1: Epoch, g2: Epoch) -> State {
        let member = |g: Epoch, cursor| Local { group: Some(g), ..Local::joiner(cursor) };
        let n = log.len();
        State::from_parts(
            Log::from(log),
            vec![User::alive(member(g1, n)), User::alive(member(g2, n))],
        )
    }

    fn e1() -> Epoch {
        Epoch::root(1).child(Leaf::user(1), Op::Add(Leaf::user(2)))
    }

    #[test]
    fn the_names_of_the_security_properties_are_known_to_the_model() {
        let m = model(Profile::Orange, 2, 0, 1);
        let s = State::initial();
        for p in SECURITY_PROPERTIES {
            assert_eq!(security::by_name(p.name).map(|q| q.name), Some(p.name));
            assert_eq!(m.holds(p.name, &s), Some(true), "{}", p.name);
        }
        assert!(security::by_name("NoSuchProperty").is_none());
        assert_eq!(m.holds("NoSuchProperty", &s), None);
    }

    #[test]
    fn a_claim_at_quiescence_waits_for_quiescence() {
        let m = model(Profile::Orange, 2, 0, 1);
        // The DC has added the server's leaf; the Welcome is not even sent.
        let mut s = after(&m, &["ServerJoin(2)", "Read(1)", "Send(1)", "Read(1)"]);
        assert!(!s.quiescent());
        let p = security::by_name("NoSilentEavesdropper").unwrap();
        assert!(p.check(Profile::Orange, &s));
        // The same room at rest: the claim is made, and fails.
        s = after_from(&m, s, &["Send(1)", "Read(1)"]);
        assert!(s.quiescent());
        assert!(!p.check(Profile::Orange, &s));
    }

    #[test]
    fn a_member_that_has_failed_shows_nothing_under_orange() {
        // The server reads 1's node; 2 has failed in another node: under
        // orange a failed client shows nothing, so nothing gives it away.
        let server = e1().child(Leaf::user(1), Op::Add(Leaf::server(3)));
        let welcome = Entry::Welcome { from: 1, to: 3, epoch: server.clone() };
        let mut s = room(vec![welcome], server, e1());
        if let User::Alive(l) = &mut s.users[1] {
            let l = std::sync::Arc::make_mut(l);
            l.failed = true;
        }
        assert!(!security::something_shows(Profile::Orange, &s));
        assert!(!security::no_silent_eavesdropper(Profile::Orange, &s));
        // Under guarded the failed client says so.
        assert!(security::something_shows(Profile::Guarded, &s));
    }

    #[test]
    fn a_member_dropped_from_the_others_node_while_showing_their_number_is_unseen() {
        // Unreachable (a member's node always holds its own leaf), so only a
        // hand-built state shows these predicates can fail: 2 holds the node
        // 1 holds, from which 2 has been removed, after a false Left(2).
        let gone = e1().child(Leaf::user(1), Op::Remove(UidSet::single(2)));
        let s = room(vec![Entry::Left(2)], gone.clone(), gone.clone());
        assert!(!security::no_unseen_removal(Profile::Orange, &s));
        assert!(!security::false_left_noticed(Profile::Orange, &s));
        // Without the Left it is no false Left, but still an unseen removal.
        let s = room(vec![], gone.clone(), gone.clone());
        assert!(!security::no_unseen_removal(Profile::Orange, &s));
        assert!(security::false_left_noticed(Profile::Orange, &s));
        // Apart, they see it: 2 still shows the old node's number.
        let s = room(vec![Entry::Left(2)], gone, e1());
        assert!(security::no_unseen_removal(Profile::Orange, &s));
        assert!(security::false_left_noticed(Profile::Orange, &s));
        // In another group (another root) nobody was dropped from anything.
        let other = Epoch::root(2);
        let s = room(
            vec![Entry::Left(2)],
            Epoch::root(1).child(Leaf::user(1), Op::Add(Leaf::user(3))),
            other,
        );
        assert!(security::no_unseen_removal(Profile::Orange, &s));
    }

    #[test]
    fn members_in_different_nodes_show_different_numbers() {
        let s = room(vec![], e1(), Epoch::root(1));
        assert!(security::split_visible(Profile::Orange, &s));
        assert!(security::something_shows(Profile::Orange, &s));
        let s = room(vec![], e1(), e1());
        assert!(!security::something_shows(Profile::Orange, &s));
    }
}

#[test]
fn a_leaf_equals_a_uid_only_as_that_users_own() {
    assert!(Leaf::user(2) == 2);
    assert!(Leaf::server(2) != 2);
    assert!(Leaf::user(3) != 2);
    assert_eq!(Leaf::from_signed(31, 31), Some(Leaf::user(31)));
    assert_eq!(Leaf::from_signed(-31, 31), Some(Leaf::server(31)));
    assert_eq!(Leaf::from_signed(5, 4), None);
}

#[test]
fn a_removal_is_judged_between_two_members_and_one_screen_is_enough() {
    let e1 = Epoch::root(1).child(Leaf::user(1), Op::Add(Leaf::user(2)));
    let gone = e1.child(Leaf::user(1), Op::Remove(UidSet::single(2)));
    let member = |g: &Epoch| Local { group: Some(g.clone()), ..Local::joiner(1) };
    // 1 holds the node without 2, 2 the one with it: nobody is dropped
    // from a node it holds itself, whatever that node lacks.
    let s = State::from_parts(
        Log::from(vec![Entry::Left(2)]),
        vec![User::alive(member(&e1)), User::alive(member(&gone))],
    );
    assert!(security::no_unseen_removal(Profile::Orange, &s));
    // 2 shows 1's number but its screen says it was removed (guarded): seen.
    let mut removed = member(&gone);
    removed.removed = true;
    let s = State::from_parts(
        Log::from(vec![Entry::Left(2)]),
        vec![User::alive(member(&gone)), User::alive(removed)],
    );
    assert!(security::no_unseen_removal(Profile::Guarded, &s));
    assert!(security::false_left_noticed(Profile::Guarded, &s));
    assert!(!security::no_unseen_removal(Profile::Orange, &s));
}
