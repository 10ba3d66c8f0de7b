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
