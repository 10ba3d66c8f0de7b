//! The runner's side against drivers that misbehave: each failure is a
//! typed error that says what went wrong, and nothing hangs or panics.

use dcverify_driver::{DriverImplementation, StartError};
use dcverify_protocol::{Implementation, Profile};
use std::time::Duration;

/// A driver written in shell: answers `start` (request 1) with `reply`, then runs `then`.
fn fake(reply: &str, then: &str) -> String {
    format!("sh -c 'read line; echo \"{}\"; {then}'", reply.replace('"', "\\\""))
}

/// Whether `reason` says the driver went away at request `op` (it closed
/// its input before the request, or its output before the answer).
fn gone_before(reason: &str, op: &str) -> bool {
    reason.contains(&format!("ended before answering `{op}`"))
        || reason.contains(&format!("closed its input before `{op}`"))
}

const STARTED: &str = r#"{"id":1,"ok":{"protocol":1,"implementation":"fake"}}"#;

fn start(command: &str) -> Result<DriverImplementation, StartError> {
    DriverImplementation::start_with_timeout(command, Some(1), None, Duration::from_secs(2))
}

fn handshake_reason(command: &str) -> String {
    match start(command) {
        Err(StartError::Handshake { reason, .. }) => reason,
        Err(other) => panic!("not a handshake error: {other}"),
        Ok(_) => panic!("{command} started"),
    }
}

#[test]
fn a_missing_program_is_named_with_its_last_words() {
    let reason = handshake_reason("no-such-driver-program --flag");
    assert!(gone_before(&reason, "start"), "{reason}");
}

#[test]
fn a_driver_that_writes_nonsense_or_another_version_is_refused() {
    let reason = handshake_reason(&fake("hello there", "sleep 5"));
    assert!(reason.contains("is not a response"), "{reason}");
    let reason = handshake_reason(&fake(r#"{"id":1,"ok":{"protocol":2}}"#, "sleep 5"));
    assert!(reason.contains("protocol Some(2)"), "{reason}");
    let reason = handshake_reason(&fake(r#"{"id":7,"ok":{"protocol":1}}"#, "sleep 5"));
    assert!(reason.contains("has id 7"), "{reason}");
    let reason = handshake_reason(&fake(
        r#"{"id":1,"error":{"error":"start","detail":{"message":"no such mutant"}}}"#,
        "sleep 5",
    ));
    assert!(reason.contains("no such mutant"), "{reason}");
}

#[test]
fn a_driver_that_dies_or_hangs_fails_the_call_and_every_later_one() {
    let dead = start(&fake(STARTED, "echo dying words >&2; exit 3")).unwrap();
    assert_eq!(dead.name(), "fake (driver)");
    let e = dead.founder(1, Profile::Fixed).err().expect("no driver to make a founder");
    assert_eq!(e.step, "driver");
    assert!(gone_before(&e.cause.to_string(), "founder"), "{e}");
    let e = dead.joiner(2, Profile::Fixed, &Default::default()).err().unwrap();
    assert!(gone_before(&e.cause.to_string(), "founder"), "broken for good: {e}");

    let hung = start(&fake(STARTED, "sleep 30")).unwrap();
    let e = hung.founder(1, Profile::Fixed).err().expect("no answer");
    assert!(e.cause.to_string().contains("no answer to `founder` in 2 s"), "{e}");
}

#[test]
fn an_answer_that_does_not_fit_its_operation_is_refused() {
    let wrong =
        fake(STARTED, r#"read line; echo "{\"id\":2,\"ok\":{\"client\":\"one\"}}"; sleep 5"#);
    let e = start(&wrong).unwrap().founder(1, Profile::Fixed).err().unwrap();
    assert!(e.cause.to_string().contains("does not fit its operation"), "{e}");
    let empty = fake(STARTED, r#"read line; echo "{\"id\":2,\"ok\":{}}"; sleep 5"#);
    let e = start(&empty).unwrap().founder(1, Profile::Fixed).err().unwrap();
    assert!(e.cause.to_string().contains("names no client"), "{e}");
}
