//! The comparator checks every field it names: one field changed on one side
//! (the model's state or a client's view) is reported as exactly that field,
//! for that user, with the model's value and the implementation's.

use dcverify_conformance::compare::{compare, EpochBinding, FieldDiff};
use dcverify_conformance::room::Room;
use dcverify_impl::OpenMls;
use dcverify_model::{Action, Bounds, DcModel, Entry, Leaf, Op, Profile, State, Uid, User};
use dcverify_protocol::{ClientView, Implementation};

mod common;
use common::{Hook, Tampered};

/// A room of three under `orange` where every compared field has a value
/// worth changing. At the end user 1 is the DC at epoch 2 with an Add of 3
/// in its outbox; user 2 is a member at epoch 1, not DC, with `before_me`
/// {1}, `left_seen` {3}, pending adds [3] and pending removes [3].
const ACTIONS: &str = "Join Read(1) Send(1) Send(1) Read(2) Read(2) Join Read(2) Leave(3) Read(2) \
                       Read(1) Read(1) Read(1)";

static OPENMLS: OpenMls = OpenMls { mutant: None, seed: None };

fn actions() -> Vec<Action> {
    ACTIONS.split_whitespace().map(|a| a.parse().unwrap()).collect()
}

/// The model's last state and a room of `implementation`'s clients that took the same steps.
fn setting(implementation: &dyn Implementation) -> (State, Room<'_>) {
    let model = DcModel::new(Profile::Orange, Bounds { users: 3, leaves: 1 }).unwrap();
    let path = model.walk_actions(&actions()).unwrap();
    let mut room = Room::new(implementation, Profile::Orange).unwrap();
    for action in actions() {
        room.apply(action).unwrap();
    }
    (path.last_state().clone(), room)
}

fn diffs(model: &State, room: &Room) -> Vec<FieldDiff> {
    compare(model, room, &mut EpochBinding::default())
}

#[test]
fn the_setting_agrees_and_has_something_in_every_field() {
    let (model, room) = setting(&OPENMLS);
    assert_eq!(diffs(&model, &room), vec![]);
    let dc = model.local(1).unwrap();
    assert!(dc.believes_dc() && !dc.outbox.is_empty());
    let member = model.local(2).unwrap();
    assert!(!member.believes_dc());
    assert_eq!(
        (member.pending_adds.as_slice(), member.pending_removes.as_slice()),
        (&[Leaf::user(3)][..], &[3][..])
    );
    assert!(!member.before_me.is_empty() && !member.left_seen.is_empty());
    assert_ne!(dc.group, member.group);
}

/// Exactly one difference, in `field` of `uid`, expected `expected` and found `actual`.
fn assert_only(diffs: &[FieldDiff], uid: Option<Uid>, field: &str, expected: &str, actual: &str) {
    assert_eq!(diffs.len(), 1, "{diffs:#?}");
    let d = &diffs[0];
    assert_eq!(
        (d.uid, d.field.as_str(), d.expected.as_str(), d.actual.as_str()),
        (uid, field, expected, actual)
    );
    let shown = d.to_string();
    assert!(shown.contains(field) && shown.contains(expected) && shown.contains(actual), "{shown}");
    if let Some(u) = uid {
        assert!(shown.starts_with(&format!("user {u} ")), "{shown}");
    }
}

/// A client view changed in one field, for user `uid`: that field is reported.
fn view_changed(uid: Uid, change: fn(&mut ClientView), field: &str, expected: &str, actual: &str) {
    let tampered = Tampered::later(Some(uid), Hook::View(change));
    let (model, room) = setting(&tampered);
    tampered.arm();
    assert_only(&diffs(&model, &room), Some(uid), field, expected, actual);
}

#[test]
fn each_view_field_is_compared() {
    view_changed(2, |v| v.has_group = false, "has_group", "true", "false");
    view_changed(2, |v| v.epoch = Some(7), "epoch", "1 (node e1a)", "7");
    view_changed(1, |v| v.epoch = None, "epoch", "2 (node e2a)", "none");
    view_changed(
        2,
        |v| {
            v.roster.insert(9);
        },
        "roster",
        "{1,2}",
        "{1,2,9}",
    );
    view_changed(2, |v| v.before_me.clear(), "before_me", "{1}", "{}");
    view_changed(
        2,
        |v| {
            v.left_seen.insert(1);
        },
        "left_seen",
        "{3}",
        "{1,3}",
    );
    view_changed(2, |v| v.pending_adds.clear(), "pending_adds", "[3]", "[]");
    view_changed(2, |v| v.pending_removes.push(1), "pending_removes", "[3]", "[3,1]");
    view_changed(1, |v| v.believes_dc = false, "believes_dc", "true", "false");
    view_changed(2, |v| v.believes_dc = true, "believes_dc", "false", "true");
    view_changed(2, |v| v.failed = true, "failed", "false", "true");
}

#[test]
fn each_room_field_is_compared() {
    let (model, room) = setting(&OPENMLS);
    let change = |f: fn(&mut State)| {
        let mut m = model.clone();
        f(&mut m);
        diffs(&m, &room)
    };
    let log = "Joined(2) Welcome(1->2) Commit(1) Joined(3) Left(3)";
    let longer = format!("{log} Joined(4)");
    assert_only(&change(|m| m.log.push(Entry::Joined(Leaf::user(4)))), None, "log", &longer, log);
    assert_only(&change(|m| m.users.push(User::Left)), None, "users", "4", "3");
    assert_only(&change(|m| m.users[1] = User::Left), Some(2), "alive", "false", "true");
    assert_only(&change(|m| m.local_mut(2).unwrap().cursor = 3), Some(2), "cursor", "3", "5");
    let outbox = "Welcome(1->3) Commit(1)";
    assert_only(
        &change(|m| {
            m.local_mut(1).unwrap().outbox.pop();
        }),
        Some(1),
        "outbox",
        "Welcome(1->3)",
        outbox,
    );
}

#[test]
fn an_epoch_node_keeps_one_authenticator_and_an_authenticator_one_node() {
    let (model, room) = setting(&OPENMLS);
    let member = model.local(2).unwrap().group.clone().unwrap();
    // The node was seen with another authenticator before.
    let mut binding = EpochBinding::default();
    binding.bind(&member, &[7; 32]).unwrap();
    let d = compare(&model, &room, &mut binding);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!((d[0].uid, d[0].field.as_str()), (Some(2), "epoch_authenticator"));
    assert!(
        d[0].actual.starts_with("node ") && d[0].actual.contains("0707070707070707"),
        "{}",
        d[0]
    );
    // The authenticator was seen for another node before.
    let auth = room.view(2).unwrap().epoch_authenticator.unwrap();
    // A node nobody holds: user 2 adding 3 (user 1 holds 1 adding 3).
    let other = member.child(Leaf::user(2), Op::Add(Leaf::user(3)));
    let mut binding = EpochBinding::default();
    binding.bind(&other, &auth).unwrap();
    let d = compare(&model, &room, &mut binding);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!((d[0].uid, d[0].field.as_str()), (Some(2), "epoch_authenticator"));
    assert!(d[0].actual.contains("already belongs to node"), "{}", d[0]);
    // And the binding made by a clean comparison holds both ways.
    let mut binding = EpochBinding::default();
    assert_eq!(compare(&model, &room, &mut binding), vec![]);
    assert_eq!(binding.authenticator(&member), Some(auth.as_slice()));
    assert_eq!(compare(&model, &room, &mut binding), vec![]);
}
