//! The trace walker's refusals say why: a step that is not enabled names the
//! guard that fails, a wrong state names every differing field with the
//! value the model makes and the value given.

use dcverify_model::{Action, Bounds, DcModel, Expected, Profile, State, WalkError};

fn model(users: usize, leaves: usize) -> DcModel {
    DcModel::new(Profile::Orange, Bounds { users, leaves }).unwrap()
}

/// The state after `actions` from the initial state.
fn after(m: &DcModel, actions: &[Action]) -> State {
    m.walk_actions(actions).unwrap().last_state().clone()
}

#[test]
fn why_a_step_is_disabled() {
    let m = model(2, 1);
    let start = State::initial();
    assert_eq!(m.why_disabled(&start, Action::Join), None);
    assert_eq!(
        m.why_disabled(&start, Action::Read(1)).as_deref(),
        Some("user 1 has read the whole log")
    );
    assert_eq!(
        m.why_disabled(&start, Action::Send(1)).as_deref(),
        Some("user 1's outbox is empty")
    );
    assert_eq!(m.why_disabled(&start, Action::Read(2)).as_deref(), Some("user 2 has not joined"));
    let joined = after(&m, &[Action::Join]);
    assert_eq!(m.why_disabled(&joined, Action::Join).as_deref(), Some("all 2 users have joined"));
    assert_eq!(m.why_disabled(&joined, Action::Read(1)), None);
    let left = after(&m, &[Action::Join, Action::Leave(1)]);
    assert_eq!(m.why_disabled(&left, Action::Send(1)).as_deref(), Some("user 1 has left"));
    assert_eq!(m.why_disabled(&left, Action::Leave(2)).as_deref(), Some("1 leaves have happened"));
    let mut failed = joined.clone();
    if let Some(l) = failed.local_mut(1) {
        l.failed = true;
    }
    assert_eq!(m.why_disabled(&failed, Action::Read(1)).as_deref(), Some("user 1 has failed"));
    // A failed user may still leave: only the leave budget stops it.
    assert_eq!(m.why_disabled(&failed, Action::Leave(1)), None);
    let mut failed_after_leave = left.clone();
    if let Some(l) = failed_after_leave.local_mut(2) {
        l.failed = true;
    }
    assert_eq!(
        m.why_disabled(&failed_after_leave, Action::Leave(2)).as_deref(),
        Some("1 leaves have happened")
    );
}

#[test]
fn a_disabled_step_is_refused_with_its_reason() {
    let m = model(2, 1);
    let e = m.walk_actions(&[Action::Join, Action::Leave(1), Action::Read(1)]).unwrap_err();
    assert_eq!(
        e,
        WalkError::NotEnabled { step: 3, action: Action::Read(1), why: "user 1 has left".into() }
    );
    assert_eq!(e.to_string(), "step 3: Read(1) is not enabled in state 2 (user 1 has left)");
}

#[test]
fn a_wrong_state_is_refused_with_every_differing_field() {
    let m = model(2, 1);
    let good = after(&m, &[Action::Join, Action::Read(1)]);
    let mut wrong = good.clone();
    if let Some(l) = wrong.local_mut(1) {
        l.cursor = 0;
        l.outbox.clear();
    }
    let joined = after(&m, &[Action::Join]);
    let steps = [
        Expected { action: Some(Action::Join), state: Some(&joined) },
        Expected { action: Some(Action::Read(1)), state: Some(&wrong) },
    ];
    let Err(WalkError::WrongState { step, action, diffs }) = m.walk(None, steps) else {
        panic!("a wrong state must be refused")
    };
    assert_eq!((step, action), (2, Action::Read(1)));
    let fields: Vec<(&str, &str, &str)> =
        diffs.iter().map(|d| (d.field.as_str(), d.left.as_str(), d.right.as_str())).collect();
    assert_eq!(
        fields,
        vec![
            ("user 1 cursor", "1", "0"),
            ("user 1 outbox", "[Welcome(1→2, e1a), Commit(1, e1a, Add(2))]", "[]"),
        ]
    );
    let shown = WalkError::WrongState { step, action, diffs }.to_string();
    assert!(shown.starts_with("state 2 is not what step 2 (Read(1)) makes of state 1; user 1 cursor: expected 1, found 0"), "{shown}");
}

#[test]
fn a_path_keeps_its_states_actions_and_choices() {
    let m = model(2, 1);
    let actions = [Action::Join, Action::Leave(1), Action::Read(2)];
    let path = m.walk_actions(&actions).unwrap();
    assert_eq!(path.actions().collect::<Vec<_>>(), actions);
    let states: Vec<&State> = path.states().collect();
    assert_eq!(states.len(), 4);
    assert_eq!(states[0], &State::initial());
    assert_eq!(states[3], path.last_state());
    // Each step's place among the enabled actions (the Explorer's URLs).
    let mut enabled = Vec::new();
    for (before, step) in path.states().zip(&path.steps) {
        enabled.clear();
        m.enabled(before, &mut enabled);
        assert_eq!(enabled[step.choice], step.action);
    }
    assert_eq!(path.steps.iter().map(|s| s.choice).collect::<Vec<_>>(), vec![0, 0, 0]);
}

#[test]
fn states_alone_are_walked_by_recovering_each_action() {
    let m = model(2, 1);
    let actions = [Action::Join, Action::Read(1), Action::Send(1)];
    let path = m.walk_actions(&actions).unwrap();
    let states: Vec<State> = path.states().cloned().collect();
    let recovered = m.walk_states(&states).unwrap();
    assert_eq!(recovered, path);
    let mut skipping = states.clone();
    skipping.remove(1);
    assert_eq!(m.walk_states(&skipping), Err(WalkError::NoStep { step: 1 }));
}

#[test]
fn a_path_must_start_at_the_initial_state() {
    let m = model(2, 1);
    let later = after(&m, &[Action::Join]);
    assert_eq!(m.walk_states(std::slice::from_ref(&later)), Err(WalkError::NotInitial));
    assert_eq!(m.walk(Some(&later), []), Err(WalkError::NotInitial));
    assert!(m.walk(Some(&State::initial()), []).is_ok());
}
