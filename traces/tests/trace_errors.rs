//! Malformed traces get an error naming the file, the state and the field.

use dcverify_model::{Action, Bounds, DcModel, Profile};
use dcverify_trace::{counterexample_trace, Trace, TraceError};
use std::path::Path;

fn valid() -> serde_json::Value {
    let model = DcModel::new(Profile::Orange, Bounds { users: 2, leaves: 1 }).unwrap();
    counterexample_trace(&model, "AllAdmitted", &[Action::Join, Action::Leave(1), Action::Read(2)])
        .unwrap()
        .to_json()
}

fn parse(v: &serde_json::Value) -> Result<Trace, TraceError> {
    Trace::parse(&v.to_string(), Path::new("bad.itf.json"))
}

fn field_error(v: &serde_json::Value) -> (usize, String, String) {
    match parse(v) {
        Err(TraceError::Field { file, state, field, message }) => {
            assert_eq!(file, Path::new("bad.itf.json"));
            (state, field, message)
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn a_valid_trace_parses() {
    let t = parse(&valid()).unwrap();
    assert_eq!(t.steps.len(), 4);
}

#[test]
fn not_json_names_the_file() {
    let e = Trace::parse("{ nope", Path::new("x.itf.json")).unwrap_err();
    assert!(matches!(e, TraceError::Document { .. }));
    assert!(e.to_string().starts_with("x.itf.json: "), "{e}");
}

#[test]
fn a_wrong_type_names_state_and_field() {
    let mut v = valid();
    v["states"][2]["users"]["#map"][1][1]["value"]["cursor"] = serde_json::json!("two");
    let (state, field, _) = field_error(&v);
    assert_eq!(state, 2);
    assert!(field.starts_with("users.#map[1][1].value.cursor"), "{field}");
}

#[test]
fn an_unknown_entry_kind_names_the_log_position() {
    let mut v = valid();
    v["states"][3]["log"][1]["tag"] = serde_json::json!("Kicked");
    let (state, field, message) = field_error(&v);
    assert_eq!(state, 3);
    assert!(field.starts_with("log[1]"), "{field}");
    assert!(message.contains("Kicked"), "{message}");
}

#[test]
fn an_out_of_range_uid_is_rejected() {
    let mut v = valid();
    v["states"][1]["log"][0]["value"]["v"] = serde_json::json!(300);
    let (state, field, message) = field_error(&v);
    assert_eq!((state, field.as_str()), (1, "log[0].value.v"));
    assert!(message.contains("300"), "{message}");
}

#[test]
fn a_missing_variable_is_named() {
    let mut v = valid();
    v["states"][0].as_object_mut().unwrap().remove("users");
    let (state, field, message) = field_error(&v);
    assert_eq!((state, field.as_str(), message.as_str()), (0, "users", "missing"));
}

#[test]
fn a_cursor_past_the_log_is_rejected() {
    let mut v = valid();
    v["states"][0]["users"]["#map"][0][1]["value"]["cursor"] = serde_json::json!(5);
    let (state, field, _) = field_error(&v);
    assert_eq!((state, field.as_str()), (0, "users.#map[0][1].value.cursor"));
}

#[test]
fn bigint_integers_are_accepted() {
    let mut v = valid();
    v["states"][1]["log"][0]["value"]["v"] = serde_json::json!({"#bigint": "2"});
    assert_eq!(parse(&v).unwrap(), parse(&valid()).unwrap());
}

// Steps files (traces/README.md, "Steps only").

fn steps(text: &str) -> Result<Trace, TraceError> {
    Trace::parse(text, Path::new("s.steps"))
}

#[test]
fn a_steps_file_takes_the_smallest_bounds_unless_its_header_says() {
    let t = steps("Join\nJoin\nJoin\nLeave(1)\nRead(2)\n").unwrap();
    assert_eq!((t.meta.profile.as_str(), t.meta.users, t.meta.leaves), ("orange", 4, 1));
    assert_eq!(t.steps.len(), 6);
    assert_eq!(t.meta.violates, None);
    let t = steps(
        "# a comment\nprofile: fixed\nusers 5\nleaves 2\ndescription two joins\nviolates AllAdmitted\nJoin # trailing\n",
    )
    .unwrap();
    assert_eq!(t.meta.violates.as_deref(), Some("AllAdmitted"));
    assert_eq!((t.meta.profile.as_str(), t.meta.users, t.meta.leaves), ("fixed", 5, 2));
    assert_eq!(t.meta.description.as_deref(), Some("two joins"));
}

#[test]
fn a_bad_steps_file_names_the_line() {
    let line_of = |text: &str| match steps(text) {
        Err(TraceError::Steps { line, message, .. }) => (line, message),
        Err(TraceError::Behaviour { line: Some(line), error, .. }) => (line, error.to_string()),
        other => panic!("expected a line error, got {other:?}"),
    };
    assert_eq!(line_of("Join\nusers 3\n").0, 2, "a header after a step");
    let (line, message) = line_of("users three\nJoin\n");
    assert_eq!(line, 1);
    assert!(message.contains("`users` needs a number"), "{message}");
    assert_eq!(line_of("\n\n").0, 2, "no steps at all");
    let (line, message) = line_of("Join\n\nRead(3)\n");
    assert_eq!(line, 3);
    assert!(message.contains("user 3 has not joined"), "{message}");
    let (line, message) = line_of("users 1\nJoin\n");
    assert_eq!(line, 2);
    assert!(message.contains("all 1 users have joined"), "{message}");
}

#[test]
fn a_wrong_state_is_named_by_field_with_expected_and_found() {
    let mut v = valid();
    v["states"][3]["users"]["#map"][1][1]["value"]["pending_removes"] = serde_json::json!([]);
    let t = parse(&v).unwrap();
    let e = t.walk().unwrap_err().to_string();
    assert!(
        e.contains("state 3 is not what step 3 (Read(2)) makes of state 2")
            && e.contains("user 2 pending_removes: expected [1], found []"),
        "{e}"
    );
}
