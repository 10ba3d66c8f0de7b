//! The attacker's stolen copy (`docs/pcs.md`): what it reads under the key
//! rule, and the forward-secrecy and healing properties, on the two paths
//! of `traces/pcs/` written as steps.

use dcverify_model::compromise::keeps_reading;
use dcverify_model::pcs::{exposure, forward_secrecy, healing};
use dcverify_model::{
    Action, Bounds, DcModel, Entry, Epoch, Leaf, Local, Log, Op, Profile, State, Stolen, UidSet,
    User,
};

/// User 2 is stolen in e1; user 3 joins and leaves (the steps of
/// `traces/pcs/orange-copy-keeps-reading.steps`).
const ORANGE: &str = "Join Read(1) Send(1) Send(1) Read(2) Read(2) Compromise(2) Join Read(1) Read(1) Read(1) Send(1) Send(1) Read(2) Read(2) Read(2) Read(3) Read(3) Leave(3) Read(1) Read(1) Read(1) Send(1) Read(2) Read(2) Read(1)";

/// The same under healing (`traces/pcs/healing-copy-shut-out.steps`).
const HEALING: &str = "Join Read(1) Send(1) Read(2) Read(2) Compromise(2) Join Read(1) Read(1) Read(1) Send(1) Read(2) Read(2) Read(2) Send(2) Read(3) Read(3) Leave(3) Read(1) Read(1) Read(1) Read(1) Send(1) Send(1) Read(2) Read(2) Read(2) Read(2) Send(2) Read(1) Read(1) Read(1) Read(2)";

fn last_state(profile: Profile, steps: &str) -> State {
    let model = DcModel::new(profile, Bounds { users: 3, leaves: 1 }).unwrap().with_compromises(1);
    let actions: Vec<Action> = steps.split_whitespace().map(|a| a.parse().unwrap()).collect();
    model.walk_actions(&actions).unwrap().last_state().clone()
}

fn numbers(nodes: &[Epoch]) -> Vec<usize> {
    nodes.iter().map(Epoch::number).collect()
}

#[test]
fn under_orange_the_copy_follows_every_commit_that_keeps_its_leaf() {
    let state = last_state(Profile::Orange, ORANGE);
    let copy = &state.stolen[0];
    assert_eq!((copy.of, copy.knows_update), (2, false));
    assert_eq!(numbers(&copy.nodes_read(&state)), [1, 2, 3]);
    assert_eq!(exposure(&state), 2);
    assert!(forward_secrecy(&state) && healing(&state));
}

#[test]
fn under_healing_the_members_update_shuts_the_copy_out() {
    let state = last_state(Profile::Healing, HEALING);
    let copy = &state.stolen[0];
    // e1 when stolen, e2 (the Add of 3), then Update({2}) on e2 shuts it out.
    assert_eq!(numbers(&copy.nodes_read(&state)), [1, 2]);
    assert_eq!(exposure(&state), 1);
    let members = state.local(1).unwrap().group.clone().unwrap();
    assert_eq!(members.number(), 4);
    assert_eq!(members.path[2].op, Op::Update(UidSet::single(2)));
    assert!(forward_secrecy(&state) && healing(&state));
}

#[test]
fn a_theft_before_the_welcome_takes_the_keypackage_key() {
    // User 2 is stolen with no group: the copy joins with the Welcome for it.
    let steps = "Join Compromise(2) Read(1) Send(1) Send(1)";
    let state = last_state(Profile::Orange, steps);
    let copy = &state.stolen[0];
    assert_eq!(copy.group, None);
    assert_eq!(numbers(&copy.nodes_read(&state)), [1]);
    assert_eq!(exposure(&state), 1);
}

#[test]
fn the_key_rule_keeps_a_leaf_until_it_is_replaced_or_removed() {
    let e0 = Epoch::root(1);
    let add3 = e0
        .child(Leaf::user(1), Op::Add(Leaf::user(2)))
        .child(Leaf::user(1), Op::Add(Leaf::user(3)));
    let parent = e0.child(Leaf::user(1), Op::Add(Leaf::user(2)));
    // Someone else's commit keeps user 2's leaf.
    assert!(keeps_reading(2, &add3, false));
    // Its own commit: a path it made after the theft.
    assert!(!keeps_reading(2, &parent.child(Leaf::user(2), Op::Add(Leaf::user(3))), false));
    // Removed: its leaf is blanked.
    assert!(!keeps_reading(2, &parent.child(Leaf::user(1), Op::Remove(UidSet::single(2))), false));
    // Its Update committed: shut out, unless the copy holds that Update's key.
    let update = parent.child(Leaf::user(1), Op::Update(UidSet::single(2)));
    assert!(!keeps_reading(2, &update, false));
    assert!(keeps_reading(2, &update, true));
    // Someone else's Update keeps it.
    let update_in_three = add3.child(Leaf::user(1), Op::Update(UidSet::single(2)));
    assert!(keeps_reading(3, &update_in_three, false));
    // The committer's own copy is shut out of the commit too.
    assert!(!keeps_reading(1, &update, false));
}

#[test]
fn the_properties_fail_on_a_copy_that_reads_past_its_leaf() {
    // A copy stolen from user 3 of a node that never had user 3's leaf is
    // what a wrong key rule would make: both properties must say so.
    let mut state = last_state(Profile::Orange, ORANGE);
    let e1 = state.local(2).unwrap().group.clone().unwrap();
    let mut bad = state.stolen[0].clone();
    bad.of = 3;
    bad.group = Some(Epoch::new(e1.root, e1.path[..1].to_vec()));
    state.stolen.push(bad);
    assert!(!forward_secrecy(&state));
    // A copy of user 1, the DC, whose every later commit refreshed it.
    let mut state = last_state(Profile::Orange, ORANGE);
    let mut dc = state.stolen[0].clone();
    dc.of = 1;
    dc.group = Some(Epoch::root(1));
    dc.cursor = 0;
    state.stolen = vec![dc];
    // The copy's own rule stops it at the DC's first commit after the
    // theft: healing holds, and the copy read only the root.
    assert_eq!(numbers(&state.stolen[0].nodes_read(&state)), [0]);
    assert!(healing(&state));
}

#[test]
fn a_copy_stolen_before_its_welcome_skips_welcomes_for_others() {
    // User 3 is stolen with no group; the log first has the Welcome of 2.
    let steps = "Join Join Compromise(3) Read(1) Read(1) Send(1) Send(1) Send(1) Send(1)";
    let state = last_state(Profile::Orange, steps);
    assert_eq!(numbers(&state.stolen[0].nodes_read(&state)), [2]);
}

/// A state whose log holds the commits making `nodes` (each on the one
/// before), with user 2 alive in the first.
fn log_of(nodes: &[Epoch]) -> State {
    let entries: Vec<Entry> =
        nodes[1..].iter().map(|e| Entry::Commit { from: 1, epoch: e.clone() }).collect();
    let member = Local { group: Some(nodes[0].clone()), ..Local::joiner(0) };
    State::from_parts(
        Log::from(entries),
        vec![User::alive(Local::founder(1, 0)), User::alive(member)],
    )
}

#[test]
fn an_update_known_at_the_theft_is_excused_only_on_the_stolen_node() {
    let e1 = Epoch::root(1).child(Leaf::user(1), Op::Add(Leaf::user(2)));
    let update_now = e1.child(Leaf::user(1), Op::Update(UidSet::single(2)));
    let add3 = e1.child(Leaf::user(1), Op::Add(Leaf::user(3)));
    let update_later = add3.child(Leaf::user(1), Op::Update(UidSet::single(2)));
    let copy = |knows_update| Stolen { of: 2, cursor: 0, group: Some(e1.clone()), knows_update };
    // The Update it proposed before the theft keeps the copy in...
    let state = log_of(&[e1.clone(), update_now.clone()]);
    assert_eq!(numbers(&copy(true).nodes_read(&state)), [1, 2]);
    assert_eq!(numbers(&copy(false).nodes_read(&state)), [1]);
    // ...but a later one (made after the theft) shuts it out.
    let state = log_of(&[e1.clone(), add3, update_later]);
    assert_eq!(numbers(&copy(true).nodes_read(&state)), [1, 2]);
}

#[test]
fn the_theft_records_a_pending_update_only_after_a_membership_commit_by_another() {
    let e1 = Epoch::root(1).child(Leaf::user(1), Op::Add(Leaf::user(2)));
    let stolen = |node: Epoch, due: bool| {
        let member = Local { group: Some(node), update_due: due, ..Local::joiner(0) };
        let state = State::from_parts(
            Log::new(),
            vec![User::alive(Local::founder(1, 0)), User::alive(member)],
        );
        dcverify_model::compromise::take(&state, 2).unwrap().stolen[0].knows_update
    };
    let by_dc = e1.child(Leaf::user(1), Op::Add(Leaf::user(3)));
    assert!(stolen(by_dc.clone(), true));
    assert!(!stolen(by_dc, false));
    // After an Update commit (stale for it) it has not proposed again.
    assert!(!stolen(e1.child(Leaf::user(1), Op::Update(UidSet::single(3))), true));
    // Its own commit is not one it applied.
    assert!(!stolen(e1.child(Leaf::user(2), Op::Add(Leaf::user(3))), true));
}

#[test]
fn the_model_reports_the_compromise_properties_by_name() {
    let state = last_state(Profile::Orange, ORANGE);
    let model =
        DcModel::new(Profile::Orange, Bounds { users: 3, leaves: 1 }).unwrap().with_compromises(1);
    assert_eq!(model.holds("ForwardSecrecy", &state), Some(true));
    assert_eq!(model.holds("Healing", &state), Some(true));
    assert!(model.property_names().ends_with(&["ForwardSecrecy", "Healing"]));
}

#[test]
fn a_check_with_compromises_reports_both_properties_as_holding() {
    use dcverify_model::check::{run_check, CheckOptions};
    let opts = CheckOptions {
        compromises: 1,
        ..CheckOptions::new(Profile::Healing, Bounds { users: 2, leaves: 1 })
    };
    let report = run_check(&opts, &mut |_| None).unwrap();
    for name in ["ForwardSecrecy", "Healing"] {
        let verdict = report.properties.iter().find(|p| p.name == name).unwrap();
        assert!(verdict.holds, "{name}");
    }
}
