//! `dcverify triage` and `dcverify check --unexplained` end to end, and the
//! sweep CI runs: every profile, at the bounds that take about a minute in
//! all, finds no violation the catalogue of causes does not explain.

use std::process::Command;

fn dcverify() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dcverify"))
}

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_committed_traces_all_have_a_known_cause() {
    let output =
        dcverify().current_dir(root()).args(["triage", "traces", "--json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let buckets = report["buckets"].as_array().unwrap();
    let causes: std::collections::BTreeSet<&str> =
        buckets.iter().filter_map(|b| b["cause"].as_str()).collect();
    assert_eq!(causes.len(), 11, "{causes:?}");
    assert!(report["violations"].as_array().unwrap().iter().all(|v| v["cause"].is_string()));
}

#[test]
fn a_forgotten_cause_leaves_its_trace_unexplained() {
    let trace = "traces/orange/counterexamples/WelcomesAdded.itf.json";
    let output = dcverify()
        .current_dir(root())
        .args(["triage", trace, "--forget", "orphan-welcome", "--each"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("WelcomesAdded fails after 8 steps: UNEXPLAINED"), "{text}");
    assert!(text.contains("1 violation(s) no known cause explains"), "{text}");
    let output = dcverify().current_dir(root()).args(["triage", trace]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn bad_input_to_triage_and_forget_is_named() {
    let output = dcverify().args(["triage", "no/such/trace.itf.json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/trace.itf.json"));
    let output = dcverify()
        .args(["check", "--unexplained", "--forget", "purple", "--users", "2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("no cause is called `purple`") && err.contains("orphan-welcome"), "{err}");
    let output =
        dcverify().args(["check", "--forget", "orphan-welcome", "--users", "2"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn check_unexplained_finds_the_forgotten_cause_and_only_it() {
    let out = std::env::temp_dir().join(format!("dcverify-unexplained-{}", std::process::id()));
    let run = |forget: &[&str]| {
        let mut cmd = dcverify();
        cmd.args(["check", "--users", "3", "--leaves", "1", "--unexplained", "--json", "--out"])
            .arg(&out);
        for f in forget {
            cmd.args(["--forget", f]);
        }
        let output = cmd.output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let violated: Vec<String> = report["properties"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["holds"] == false)
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        (output.status.code(), report["unexplained_only"].clone(), violated)
    };
    assert_eq!(run(&[]), (Some(0), serde_json::Value::Bool(true), vec![]));
    let (code, _, violated) = run(&["stranded-joiner"]);
    assert_eq!(
        (code, violated),
        (Some(1), vec!["AllAdmitted".to_string(), "NothingPending".into(), "JoinsWelcomed".into()])
    );
    let written = out.join("orange-u3-l1-AllAdmitted.itf.json");
    let triage = dcverify().arg("triage").arg(&written).arg("--json").output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&triage.stdout).unwrap();
    assert_eq!(report["buckets"][0]["cause"], "stranded-joiner");
    std::fs::remove_dir_all(&out).ok();
}

/// The CI sweep: every profile, honest, at 4 users and 4 leaves (with
/// reduction), and against a hostile server at the small budgets, finds
/// nothing the catalogue does not explain.
#[test]
fn no_profile_has_an_unexplained_violation_at_the_sweep_bounds() {
    let honest = ["--users", "4", "--leaves", "4", "--reduce"];
    let hostile: [[&str; 6]; 3] = [
        ["--users", "3", "--leaves", "1", "--attacks", "1"],
        ["--users", "2", "--leaves", "1", "--attacks", "2"],
        ["--users", "2", "--leaves", "0", "--attacks", "3"],
    ];
    for profile in ["orange", "fixed", "guarded", "healing"] {
        let mut runs: Vec<Vec<&str>> = vec![honest.to_vec()];
        runs.extend(hostile.iter().map(|h| h.to_vec()));
        for args in runs {
            let output = dcverify()
                .args([
                    "check",
                    "--profile",
                    profile,
                    "--unexplained",
                    "--counterexamples",
                    "first-found",
                    "--out",
                ])
                .arg(std::env::temp_dir().join("dcverify-sweep"))
                .args(&args)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&output.stdout);
            assert_eq!(output.status.code(), Some(0), "{profile} {args:?}:\n{text}");
            assert!(text.contains("no unexplained violation"), "{profile} {args:?}:\n{text}");
        }
    }
}
