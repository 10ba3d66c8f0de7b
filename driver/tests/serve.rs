//! The serving side answers every line, bad ones with typed errors.

use dcverify_driver::{serve, DriverError, Response};
use dcverify_impl::OpenMls;
use dcverify_protocol::Implementation;

fn openmls(seed: Option<u64>, mutant: Option<&str>) -> Result<Box<dyn Implementation>, String> {
    let openmls = OpenMls::named_mutant(mutant).map_err(|e| e.to_string())?;
    Ok(Box::new(OpenMls { seed, ..openmls }))
}

/// The responses to `lines`, in order.
fn session(lines: &[&str]) -> Vec<Response> {
    let input = lines.join("\n") + "\n";
    let mut output = Vec::new();
    serve(input.as_bytes(), &mut output, &openmls).unwrap();
    std::str::from_utf8(&output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn error(r: &Response) -> &DriverError {
    r.error.as_ref().unwrap_or_else(|| panic!("no error: {r:?}"))
}

const START: &str = r#"{"id":1,"op":"start","protocol":1,"seed":3,"mutant":null}"#;

#[test]
fn start_comes_first_speaks_version_1_and_knows_its_mutants() {
    let r = session(&[
        r#"{"id":4,"op":"founder","uid":1,"profile":"fixed"}"#,
        r#"{"id":5,"op":"start","protocol":2,"seed":null,"mutant":null}"#,
        r#"{"id":6,"op":"start","protocol":1,"seed":null,"mutant":"skip-everything"}"#,
        r#"{"id":7,"op":"start","protocol":1,"seed":null,"mutant":"skip-one-pending-remove"}"#,
        r#"{"id":8,"op":"start","protocol":1,"seed":null,"mutant":null}"#,
    ]);
    assert!(
        matches!(error(&r[0]), DriverError::Start { message } if message.contains("first request"))
    );
    assert!(
        matches!(error(&r[1]), DriverError::Start { message } if message.contains("protocol 2"))
    );
    assert!(
        matches!(error(&r[2]), DriverError::Start { message } if message.contains("skip-everything"))
    );
    assert_eq!(r[3].ok.as_ref().unwrap()["implementation"], "openmls");
    assert!(matches!(error(&r[4]), DriverError::Start { message } if message.contains("already")));
    assert_eq!(r.iter().map(|r| r.id).collect::<Vec<_>>(), [4, 5, 6, 7, 8]);
}

#[test]
fn bad_lines_and_unknown_handles_get_typed_errors() {
    let r = session(&[
        START,
        "not json",
        r#"{"id":9,"op":"fly"}"#,
        r#"{"id":10,"op":"view","client":99}"#,
        r#"{"id":11,"op":"founder","uid":1,"profile":"fixed"}"#,
        r#"{"id":12,"op":"rollback","client":1,"checkpoint":42}"#,
        r#"{"id":13,"op":"seal","client":1,"frame_kind":"vp8","frame":""}"#,
        r#"{"id":14,"op":"forget_client","client":1}"#,
        r#"{"id":15,"op":"forget_client","client":1}"#,
        "",
        r#"{"id":16,"op":"commit_add","client":1,"uid":2,"key_package":"%%"}"#,
    ]);
    assert_eq!(r.len(), 10, "an empty line gets no response");
    assert!(matches!(error(&r[1]), DriverError::BadRequest { .. }));
    assert_eq!(r[1].id, 0, "a line without an id is answered as id 0");
    assert!(matches!(error(&r[2]), DriverError::BadRequest { message } if message.contains("fly")));
    assert_eq!(r[2].id, 9);
    assert_eq!(error(&r[3]), &DriverError::UnknownClient { client: 99 });
    let founder = r[4].ok.as_ref().unwrap();
    assert_eq!(founder["client"], 1);
    assert_eq!(founder["view"]["believes_dc"], true);
    assert_eq!(error(&r[5]), &DriverError::UnknownCheckpoint { checkpoint: 42 });
    assert_eq!(error(&r[6]), &DriverError::Frame(dcverify_protocol::FrameError::Empty));
    assert_eq!(r[7].ok, Some(serde_json::json!({})));
    assert_eq!(error(&r[8]), &DriverError::UnknownClient { client: 1 });
    assert!(
        matches!(error(&r[9]), DriverError::BadRequest { message } if message.contains("base64"))
    );
}

#[test]
fn checkpoints_roll_a_client_back_and_are_forgotten() {
    let r = session(&[
        START,
        r#"{"id":2,"op":"founder","uid":1,"profile":"fixed"}"#,
        r#"{"id":3,"op":"joiner","uid":2,"profile":"fixed","room":[1]}"#,
        r#"{"id":4,"op":"checkpoint","client":1}"#,
        r#"{"id":5,"op":"key_package","client":2}"#,
    ]);
    let kp = r[4].ok.as_ref().unwrap()["key_package"].as_str().unwrap().to_string();
    let checkpoint = r[3].ok.as_ref().unwrap()["checkpoint"].as_u64().unwrap();
    let read = format!(
        r#"{{"id":6,"op":"read","client":1,"entry":{{"kind":"Joined","uid":2,"key_package":"{kp}"}},"now_us":0}}"#
    );
    let rollback = format!(r#"{{"id":7,"op":"rollback","client":1,"checkpoint":{checkpoint}}}"#);
    let forget = format!(r#"{{"id":8,"op":"forget_checkpoint","checkpoint":{checkpoint}}}"#);
    let again = format!(r#"{{"id":9,"op":"rollback","client":1,"checkpoint":{checkpoint}}}"#);
    let r = session(&[
        START,
        r#"{"id":2,"op":"founder","uid":1,"profile":"fixed"}"#,
        r#"{"id":3,"op":"joiner","uid":2,"profile":"fixed","room":[1]}"#,
        r#"{"id":4,"op":"checkpoint","client":1}"#,
        &read,
        &rollback,
        &forget,
        &again,
    ]);
    let after_read = &r[4].ok.as_ref().unwrap()["view"];
    assert_eq!(after_read["epoch"], 1, "the founder added user 2: {after_read}");
    assert_eq!(r[4].ok.as_ref().unwrap()["outcome"]["branches"][0], "ReadJoined");
    let rolled_back = &r[5].ok.as_ref().unwrap()["view"];
    assert_eq!(rolled_back["epoch"], 0);
    assert_eq!(rolled_back["roster"], serde_json::json!([1]));
    assert_eq!(r[6].ok, Some(serde_json::json!({})));
    assert_eq!(error(&r[7]), &DriverError::UnknownCheckpoint { checkpoint });
}
