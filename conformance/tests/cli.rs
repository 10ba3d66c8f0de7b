//! The `dcverify` binary end to end.

use std::process::Command;

fn dcverify() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dcverify"))
}

#[test]
fn check_json_reports_counts_verdicts_and_files() {
    let out = std::env::temp_dir().join(format!("dcverify-cli-{}", std::process::id()));
    let output = dcverify()
        .args(["check", "--users", "3", "--leaves", "1", "--json", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "a violation exits 1");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["unique_states"], 3963);
    let props = report["properties"].as_array().unwrap();
    assert_eq!(props.len(), 13);
    let one_epoch = props.iter().find(|p| p["name"] == "OneEpoch").unwrap();
    assert_eq!(one_epoch["holds"], false);
    let file = one_epoch["counterexample_file"].as_str().unwrap();
    assert!(std::path::Path::new(file).exists());
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn check_text_shows_each_property_and_the_steps() {
    let out = std::env::temp_dir().join(format!("dcverify-cli-text-{}", std::process::id()));
    let output = dcverify().args(["check", "--users", "2", "--leaves", "1", "--out"]).arg(&out).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("unique states     61"), "{text}");
    assert!(text.contains("AtMostOneCommitter  safety      holds"), "{text}");
    assert!(text.contains("Counterexample to AllAdmitted (3 steps):"), "{text}");
    assert!(text.contains("Leave(1)  appends Left(1)"), "{text}");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_holding_check_exits_zero() {
    let status = dcverify().args(["check", "--users", "3", "--leaves", "0", "--json"]).output().unwrap().status;
    assert_eq!(status.code(), Some(0));
}

#[test]
fn bad_arguments_are_named() {
    let output = dcverify().args(["check", "--profile", "purple"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("unknown profile `purple`"), "{err}");
    let output = dcverify().args(["check", "--users", "40"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("limit of 31"));
}
