//! The `dcverify` binary end to end.

use std::process::Command;

fn dcverify() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dcverify"))
}

/// `dcverify check --json` at `users`/`leaves` with `extra` arguments, its
/// traces written under a scratch folder named by `tag`: the report.
fn check_report(users: &str, leaves: &str, extra: &[&str], tag: &str) -> serde_json::Value {
    let output = dcverify()
        .args(["check", "--users", users, "--leaves", leaves, "--json", "--out"])
        .arg(std::env::temp_dir().join(format!("dcverify-cli-{tag}-{}", std::process::id())))
        .args(extra)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
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
    // Partial-order reduction is on by default for the honest model.
    assert_eq!((&report["reduced"], &report["unique_states"]), (&true.into(), &611.into()));
    let props = report["properties"].as_array().unwrap();
    assert_eq!(props.len(), 13);
    let one_epoch = props.iter().find(|p| p["name"] == "OneEpoch").unwrap();
    assert_eq!(one_epoch["holds"], false);
    let file = one_epoch["counterexample_file"].as_str().unwrap();
    assert!(std::path::Path::new(file).exists());
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn full_and_hostile_checks_explore_every_interleaving() {
    for (args, unique) in
        [(&["--full"][..], 61), (&["--attacks", "1"][..], 2598), (&["--compromises", "1"][..], 371)]
    {
        let report = check_report("2", "1", args, "full");
        assert_eq!(report["reduced"], false, "{args:?}");
        assert_eq!(report["unique_states"], unique, "{args:?}");
    }
    let refused = dcverify()
        .args(["check", "--reduce", "--attacks", "1", "--users", "2", "--leaves", "0"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let refused = dcverify()
        .args(["check", "--validate", "--compromises", "1", "--users", "2", "--leaves", "0"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let refused = dcverify().args(["check", "--full", "--reduce"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn check_text_shows_each_property_and_the_steps() {
    let out = std::env::temp_dir().join(format!("dcverify-cli-text-{}", std::process::id()));
    let output = dcverify()
        .args(["check", "--users", "2", "--leaves", "1", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("unique states     39"), "{text}");
    assert!(text.contains("BFS with partial-order reduction"), "{text}");
    assert!(text.contains("AtMostOneCommitter  safety      holds"), "{text}");
    assert!(
        text.contains("Counterexample to AllAdmitted, NothingPending, JoinsWelcomed (3 steps):"),
        "{text}"
    );
    assert!(text.contains("Leave(1)  appends Left(1)"), "{text}");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn a_holding_check_exits_zero() {
    let status = dcverify()
        .args(["check", "--users", "3", "--leaves", "0", "--json"])
        .output()
        .unwrap()
        .status;
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

fn corpus(name: &str) -> String {
    format!("{}/../traces/orange/counterexamples/{name}.itf.json", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn show_lists_each_step_with_changes_dc_and_first_failures() {
    let output = dcverify().args(["show", &corpus("OneEpoch")]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        text.lines()
            .filter(|l| l.trim_start().chars().next().is_some_and(|c| c.is_ascii_digit()))
            .count(),
        26,
        "a row per step:\n{text}"
    );
    assert!(text.contains("   7  Send(1)   appends Welcome(1→3, e2a)"), "{text}");
    assert!(text.contains("user 2: group e1a → e3a"), "{text}");
    assert!(text.contains("Welcome(2→3, e2b)"), "the fork of epoch 2 is named e2b: {text}");
    assert!(text.contains("DC: nobody") && text.contains("DC: 2"), "{text}");
    assert!(text.contains("✗ OneEpoch fails from here"), "{text}");
    assert!(!text.contains("\x1b["), "no colours when not a terminal");
}

#[test]
fn show_step_and_diff() {
    let output = dcverify().args(["show", "--step", "26", &corpus("OneEpoch")]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("user 3: cursor 9") && text.contains("failed           true"), "{text}");
    assert!(
        text.contains("violated here: OneEpoch, RosterIsRoom, NothingPending, NoFailure"),
        "{text}"
    );
    let output = dcverify()
        .args(["show", "--diff", &corpus("OneEpoch"), &corpus("NoFailure")])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("the traces agree up to state 14; state 15 differs:"), "{text}");
    assert!(text.contains("action: Read(2) | Send(2)"), "{text}");
    let output = dcverify().args(["show", "--step", "99", &corpus("OneEpoch")]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("states 0 to 26"));
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut child = dcverify()
        .args(["show", &corpus("OneEpoch")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before the tool writes: its first line meets a closed pipe.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), None, "ended by SIGPIPE, as Unix tools are");
}

#[test]
fn attack_runs_one_scenario_by_name() {
    let out = dcverify().args(["attack", "ghost-member", "--seed", "3"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("ghost-member")
            && text.contains("ok")
            && text.contains("shows [9], who never joined")
            && text.contains("recorded: ghost-in-roster; nothing on screen"),
        "{text}"
    );
    // guarded lists the roster: there the ghost is on screen.
    let out = dcverify()
        .args(["attack", "ghost-member", "--seed", "3", "--profile", "guarded"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("on screen: ghost-in-roster"), "{text}");
    let out = dcverify().args(["attack", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("unknown scenario `nope`"));
}

#[test]
fn tlc_against_a_hostile_server_reports_security_properties_and_readable_traces() {
    let out = std::env::temp_dir().join(format!("dcverify-cli-tlc-{}", std::process::id()));
    let output = dcverify()
        .args(["tlc", "--users", "2", "--leaves", "0", "--attacks", "1", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "orange's attacks exit 1: {text}");
    assert!(
        text.contains("profile orange, 2 users, 0 leaves, hostile server with 1 step(s)"),
        "{text}"
    );
    assert!(text.contains("distinct states   699"), "{text}");
    assert!(text.contains("NoHiddenMember        VIOLATED  2 steps"), "{text}");
    assert!(text.contains("FalseLeftNoticed      holds"), "{text}");
    // TLC's trace carries the budget: `show` walks it through the hostile model.
    let trace = out.join("tlc-orange-u2-l0-a1-NoHiddenMember.itf.json");
    let shown = dcverify().arg("show").arg(&trace).output().unwrap();
    let shown_text = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.status.success(), "{shown_text}{}", String::from_utf8_lossy(&shown.stderr));
    assert!(shown_text.contains("ServerJoin(2)"), "{shown_text}");
    std::fs::remove_dir_all(&out).ok();
}

/// Shards of a seeded batch (`simulate --shard K/N --report`) merge into
/// the report of the whole batch run at once; a missing shard is named.
#[test]
fn the_shards_of_a_batch_merge_into_the_whole_batch() {
    let dir = std::env::temp_dir().join(format!("dcverify-cli-shards-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |extra: &[&str], report: &str| {
        let status = dcverify()
            .args(["simulate", "--profile", "orange", "--users", "4", "--leaves", "1"])
            .args(["--runs", "12", "--seed", "5", "--depth", "60", "--out"])
            .arg(dir.join("walks"))
            .args(extra)
            .arg("--report")
            .arg(dir.join(report))
            .output()
            .unwrap()
            .status;
        assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
    };
    run(&[], "whole.json");
    for k in 1..=3 {
        run(&["--shard", &format!("{k}/3")], &format!("shard-{k}.json"));
    }
    let merge = |files: &[&str]| {
        dcverify()
            .arg("merge")
            .args(files.iter().map(|f| dir.join(f)))
            .arg("-o")
            .arg(dir.join("merged.json"))
            .output()
            .unwrap()
    };
    let out = merge(&["shard-2.json", "shard-1.json", "shard-3.json"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(f)).unwrap()).unwrap()
    };
    let (whole, merged) = (read("whole.json"), read("merged.json"));
    assert_eq!(whole["results"].as_array().unwrap().len(), 12);
    assert_eq!(whole, merged);
    let out = merge(&["shard-1.json", "shard-3.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("in no report"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn depth_first_finds_the_same_states_and_violations() {
    let report = |extra: &[&str]| check_report("3", "1", extra, "dfs");
    let violated = |r: &serde_json::Value| -> Vec<(String, u64)> {
        let props = r["properties"].as_array().unwrap();
        let failing = props.iter().filter(|p| p["holds"] == false);
        failing
            .map(|p| (p["name"].to_string(), p["counterexample_steps"].as_u64().unwrap()))
            .collect()
    };
    let (bfs, dfs) = (report(&["--full"]), report(&["--full", "--dfs"]));
    assert_eq!(dfs["strategy"], "dfs");
    assert_eq!((&dfs["unique_states"], &bfs["unique_states"]), (&3963.into(), &3963.into()));
    assert_eq!(dfs["generated_states"], bfs["generated_states"]);
    // The same properties fail, and depth-first paths are made shortest after
    // the check (its own are longer here: 5 steps where 3 do).
    assert_eq!(violated(&dfs), violated(&bfs));
    assert!(!violated(&dfs).is_empty());
    let own = report(&["--full", "--dfs", "--counterexamples", "first-found"]);
    assert_ne!(violated(&own), violated(&bfs));
    // Under reduction, shortest among the reduced paths whichever the strategy.
    let reduced = ["--counterexamples", "shortest-reduced"];
    let (bfs, dfs) = (report(&reduced), report(&[&reduced[..], &["--dfs"]].concat()));
    assert_eq!(violated(&dfs), violated(&bfs));
}
