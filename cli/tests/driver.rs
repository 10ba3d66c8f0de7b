//! `--impl cmd:'dcverify driver'`: the OpenMLS client out of process, over
//! the driver protocol, does what it does in process — the whole corpus as
//! its metadata expects (mutant traces still diverge), seeded byte for byte,
//! record and the attack scenarios — and a driver that cannot start is
//! reported, not hung on.

mod common;
use common::{json, run, DCVERIFY};

fn driver() -> String {
    format!("cmd:{DCVERIFY} driver")
}

fn replay_json(implementation: &str) -> serde_json::Value {
    json(&["replay", "traces", "--seed", "11", "--json", "--impl", implementation])
}

/// Each trace's path and outcome (without timings).
fn outcomes(report: &serde_json::Value) -> Vec<(String, String, serde_json::Value)> {
    report["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["path"].to_string(), r["expected"].to_string(), r["outcome"].clone()))
        .collect()
}

#[test]
fn the_corpus_replays_through_the_driver_as_in_process() {
    let inside = replay_json("openmls");
    let through = replay_json(&driver());
    assert_eq!(outcomes(&through), outcomes(&inside));
    let diverged = outcomes(&through)
        .iter()
        .filter(|(_, expected, outcome)| {
            expected == "\"diverge\"" && outcome["outcome"] == "diverged"
        })
        .count();
    assert!(diverged >= 1, "the mutant traces diverge through the driver too");
    assert_eq!(through["traces"].as_u64(), Some(79));
}

#[test]
fn record_and_attacks_run_through_the_driver() {
    let out = run(&[
        "record",
        "--runs",
        "2",
        "--seed",
        "4",
        "--users",
        "4",
        "--leaves",
        "2",
        "--out",
        &std::env::temp_dir().join("dcverify-driver-record").display().to_string(),
        "--impl",
        &driver(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(text.matches("every step allowed by the model").count(), 2, "{text}");

    let out = run(&[
        "attack",
        "all",
        "--profile",
        "guarded",
        "--seed",
        "2",
        "--json",
        "--impl",
        &driver(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let through: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let out = run(&["attack", "all", "--profile", "guarded", "--seed", "2", "--json"]);
    let inside: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let verdicts = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| format!("{} {} {}", s["name"], s["as_expected"], s["assessment"]["signals"]))
            .collect()
    };
    assert_eq!(verdicts(&through), verdicts(&inside));
    assert!(verdicts(&through).len() >= 19);
}

#[test]
fn a_driver_that_cannot_start_is_reported() {
    let out = run(&[
        "replay",
        "traces/hand/join-and-add.itf.json",
        "--impl",
        "cmd:no-such-driver-program",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(
        text.contains("no-such-driver-program") && text.contains("did not start a session"),
        "{text}"
    );
    // A driver that closes its input: writing to it is a broken pipe,
    // which must be an error, not a SIGPIPE that kills dcverify.
    let closed = "cmd:sh -c 'exec 0<&-; sleep 1'";
    let out = run(&["replay", "traces/hand/join-and-add.itf.json", "--impl", closed]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let out = run(&["replay", "traces", "--impl", "openmls-but-wrong"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown implementation"));
}
