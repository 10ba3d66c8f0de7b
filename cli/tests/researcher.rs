//! Issue 14, "a researcher's afternoon": each finding as a test of the
//! binary. Traces are validated before use, written as steps, diffed in
//! full; epoch nodes have one name; long checks stop with a report; the CLI
//! is consistent; reports do not mislead.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dcverify() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dcverify"))
}

fn run(args: &[&str]) -> Output {
    dcverify().args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus(profile: &str, kind: &str, name: &str) -> String {
    root().join(format!("traces/{profile}/{kind}/{name}.itf.json")).display().to_string()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dcverify-researcher-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The committed OneEpoch counterexample with user 3's `before_me` emptied at `state`.
fn edited_one_epoch(state: usize) -> PathBuf {
    let text = std::fs::read_to_string(corpus("orange", "counterexamples", "OneEpoch")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for pair in v["states"][state]["users"]["#map"].as_array_mut().unwrap() {
        if pair[0] == 3 {
            pair[1]["value"]["before_me"] = serde_json::json!({ "#set": [] });
        }
    }
    let file = scratch(&format!("edited-{state}.itf.json"));
    std::fs::write(&file, v.to_string()).unwrap();
    file
}

// 1. The protocol's reference is in the repository, and the tool says where.

#[test]
fn help_points_at_docs_protocol_md_and_nothing_outside_the_project() {
    let top = stdout(&run(&["--help"]));
    assert!(top.contains("docs/protocol.md"), "{top}");
    for cmd in ["check", "tlc", "simulate", "record", "explore", "attack", "show", "replay"] {
        let help = stdout(&run(&[cmd, "--help"]));
        assert!(!help.contains("../"), "{cmd} --help refers outside the project: {help}");
        if !["show", "replay"].contains(&cmd) {
            assert!(help.contains("docs/protocol.md"), "{cmd} --help: {help}");
        }
    }
}

// 2. Every command that reads a trace validates it through the model first.

#[test]
fn an_edited_state_is_refused_with_state_step_field_expected_and_found() {
    let file = edited_one_epoch(23);
    let file = file.to_str().unwrap();
    let one_epoch = corpus("orange", "counterexamples", "OneEpoch");
    for args in [
        vec!["show", file],
        vec!["show", "--step", "3", file],
        vec!["show", "--diff", file, &one_epoch],
        vec!["show", "--html", "--no-replay", file, "-o", "/dev/null"],
        vec!["explore", "--trace", file, "--address", "127.0.0.1:1"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains("state 23 is not what step 23 (Read(3)) makes of state 22")
                && err.contains("user 3 before_me: expected {1,2}, found {}"),
            "{args:?}: {err}"
        );
        assert!(!stdout(&out).contains("fails from here"), "{args:?}");
    }
}

#[test]
fn a_step_by_a_user_who_left_is_refused_with_its_line_and_reason() {
    let file = scratch("read-after-leave.steps");
    std::fs::write(&file, "Join\nRead(1)\nLeave(2)\nRead(2)\n").unwrap();
    let out = run(&["show", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("read-after-leave.steps:4:")
            && err.contains("Read(2) is not enabled in state 3 (user 2 has left)"),
        "{err}"
    );
}

// 3. Traces written as steps, completed through the model.

/// The `log` and `users` of every state of an ITF trace.
fn states(file: &Path) -> Vec<(serde_json::Value, serde_json::Value)> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    v["states"].as_array().unwrap().iter().map(|s| (s["log"].clone(), s["users"].clone())).collect()
}

#[test]
fn a_steps_file_completes_to_the_committed_counterexample() {
    let steps = scratch("all-admitted.steps");
    std::fs::write(
        &steps,
        "# the founder leaves before welcoming 2\nprofile orange\nusers 4\nleaves 2\nviolates AllAdmitted\nJoin\nLeave(1)   # before its Welcome\nRead(2)\n",
    )
    .unwrap();
    let full = scratch("all-admitted.itf.json");
    let out = run(&["trace", "complete", steps.to_str().unwrap(), "-o", full.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("its last state violates AllAdmitted"), "{}", stderr(&out));
    let committed = PathBuf::from(corpus("orange", "counterexamples", "AllAdmitted"));
    assert_eq!(states(&full), states(&committed));
    // The completed trace is read back as any other.
    assert_eq!(run(&["show", full.to_str().unwrap()]).status.code(), Some(0));
}

#[test]
fn an_itf_trace_of_actions_only_completes_to_the_full_trace() {
    let committed = PathBuf::from(corpus("orange", "counterexamples", "OneEpoch"));
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&committed).unwrap()).unwrap();
    v["vars"] = serde_json::json!(["action"]);
    for s in v["states"].as_array_mut().unwrap() {
        let s = s.as_object_mut().unwrap();
        s.remove("log");
        s.remove("users");
    }
    let actions_only = scratch("one-epoch-actions.itf.json");
    std::fs::write(&actions_only, v.to_string()).unwrap();
    let out = run(&["trace", "complete", actions_only.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let full = scratch("one-epoch-full.itf.json");
    std::fs::write(&full, out.stdout).unwrap();
    assert_eq!(states(&full), states(&committed));
}

#[test]
fn a_line_that_is_not_a_step_is_named() {
    let file = scratch("typo.steps");
    std::fs::write(&file, "Join\nRaed(1)\n").unwrap();
    let out = run(&["trace", "complete", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("typo.steps:2: `Raed(1)` is not a step"), "{}", stderr(&out));
}

// 4. show --diff reports every difference.

#[test]
fn diff_reports_every_differing_field_of_every_user_and_the_metadata() {
    let out = run(&[
        "show",
        "--diff",
        &corpus("orange", "counterexamples", "OneEpoch"),
        &corpus("orange", "counterexamples", "OneCommitter"),
    ]);
    let text = stdout(&out);
    assert!(text.contains("state 19 differs"), "{text}");
    assert!(text.contains("user 2 cursor: 9 | 8"), "user 2's cursor: {text}");
    assert!(text.contains("user 4: not yet joined | alive"), "{text}");
    assert!(text.contains("#meta.violates: OneEpoch | OneCommitter"), "{text}");
    assert!(
        !text.contains("before_me=") && !text.contains("group="),
        "fields, not whole records: {text}"
    );

    let out = run(&[
        "show",
        "--diff",
        &corpus("orange", "coverage", "Send"),
        &corpus("fixed", "coverage", "Send"),
    ]);
    let text = stdout(&out);
    assert!(text.contains("#meta.profile: orange | fixed"), "{text}");
    assert!(!text.contains("identical"), "{text}");

    let same = corpus("orange", "coverage", "Send");
    assert_eq!(stdout(&run(&["show", "--diff", &same, &same])), "the traces are identical\n");
}

// 6. One name per epoch node, with its mapping, everywhere.

#[test]
fn epoch_nodes_have_one_name_everywhere_with_their_full_paths() {
    let one_epoch = corpus("orange", "counterexamples", "OneEpoch");
    let show = stdout(&run(&["show", &one_epoch]));
    assert!(
        show.contains("e2b = r1/1:Add(2)/2:Add(3)   (FORK of epoch 2, child of e1a)"),
        "{show}"
    );
    let out_dir = scratch("check-out");
    let check = stdout(&run(&[
        "check",
        "--users",
        "3",
        "--leaves",
        "1",
        "--out",
        out_dir.to_str().unwrap(),
    ]));
    assert!(
        check.contains("Welcome(2→3, e2b)") && check.contains("e2b = r1/1:Add(2)/2:Add(3)"),
        "{check}"
    );
    assert!(!check.contains("Welcome(2, 3, r1"), "no full paths in steps: {check}");
    let replay = stdout(&run(&["replay", "--experience", "--seed", "1", &one_epoch]));
    assert!(
        replay.contains("user 2: in e3a") && replay.contains("user 3: FAILED in e2a"),
        "{replay}"
    );
}

// 7. Long runs stop with a report.

#[test]
fn an_interrupted_check_prints_what_it_reached() {
    let child = dcverify()
        .args(["check", "--users", "7", "--leaves", "3", "--out"])
        .arg(scratch("interrupted"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    // SAFETY: signalling our own child process.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    let text = stdout(&out);
    assert!(text.contains("STOPPED: interrupted"), "{text}");
    let unique: u64 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("unique states "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(unique > 0, "{text}");
    assert!(text.contains("max depth") && text.contains("not violated so far"), "{text}");
}

#[test]
fn a_check_stops_cleanly_at_its_memory_limit() {
    let out = run(&[
        "check",
        "--users",
        "7",
        "--leaves",
        "3",
        "--max-memory",
        "60M",
        "--json",
        "--out",
        scratch("mem").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["stopped"]["reason"], "memory-limit");
    assert!(report["unique_states"].as_u64().unwrap() > 0);
    let bad = run(&["check", "--max-memory", "lots"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--max-memory `lots`"));
}

#[test]
fn elapsed_includes_the_counterexample_search() {
    let out = run(&[
        "check",
        "--users",
        "3",
        "--leaves",
        "1",
        "--json",
        "--out",
        scratch("elapsed").to_str().unwrap(),
    ]);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let total = r["elapsed_seconds"].as_f64().unwrap();
    let parts =
        r["check_seconds"].as_f64().unwrap() + r["counterexample_seconds"].as_f64().unwrap();
    assert!((total - parts).abs() < 1e-6, "{r}");
    assert!(r["counterexample_seconds"].as_f64().unwrap() > 0.0);
}

// 8. A consistent CLI.

#[test]
fn each_command_has_its_own_flags_descriptions_and_exit_codes() {
    for (cmd, wrong) in [("record", "--replay"), ("simulate", "--mutant")] {
        let out = run(&[cmd, wrong]);
        assert_eq!(out.status.code(), Some(2), "{cmd} {wrong} is refused");
        assert!(stderr(&out).contains("unexpected argument"), "{}", stderr(&out));
    }
    for cmd in
        ["check", "tlc", "simulate", "record", "replay", "show", "explore", "attack", "trace"]
    {
        let help = stdout(&run(&[cmd, "--help"]));
        assert!(help.contains("Exit status:"), "{cmd} --help lists its exit codes: {help}");
    }
    // Each flag's line (or the line after it, when clap wraps) describes it.
    let described = |help: &str, flag: &str, words: &str| {
        let lines: Vec<&str> = help.lines().collect();
        lines.iter().enumerate().any(|(i, l)| {
            l.trim_start().starts_with(flag)
                && (l.contains(words) || lines.get(i + 1).is_some_and(|n| n.contains(words)))
        })
    };
    for cmd in ["simulate", "record", "explore", "attack"] {
        let help = stdout(&run(&[cmd, "--help"]));
        assert!(described(&help, "--profile", "Algorithm profile"), "{cmd}: {help}");
        if cmd != "attack" {
            assert!(described(&help, "--users", "Total users"), "{cmd}: {help}");
            assert!(described(&help, "--leaves", "Maximum number of leaves"), "{cmd}: {help}");
        }
    }
    let simulate = stdout(&run(&["simulate", "--help"]));
    assert!(described(&simulate, "--runs", "Number of runs"), "{simulate}");
    assert!(
        simulate.contains("[default: 6]") && simulate.contains("[default: 3]"),
        "simulate's own defaults: {simulate}"
    );
}

#[test]
fn small_inconsistencies_are_gone() {
    let out = run(&["explore", "--trace", "/nonexistent.itf.json"]);
    assert!(stderr(&out).starts_with("dcverify explore:"), "{}", stderr(&out));
    let out = run(&["attack", "--markdown"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("| scenario |"));
    let out = run(&["check", "--threads", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at least 1"), "{}", stderr(&out));
    let out = run(&[
        "check",
        "--users",
        "3",
        "--leaves",
        "100",
        "--json",
        "--out",
        scratch("note").to_str().unwrap(),
    ]);
    assert!(stderr(&out).contains("at most 3 leaves can happen"), "{}", stderr(&out));
    let out = run(&["show", &corpus("orange", "coverage", "Send"), "-o", "x.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--html"), "{}", stderr(&out));
    let out = run(&["attack", "corrupt-commit", "--seed", "1"]);
    assert!(
        stdout(&out).contains("safety-numbers-differ")
            && !stdout(&out).contains("SafetyNumbersDiffer"),
        "{}",
        stdout(&out)
    );
    let out = run(&[
        "record",
        "--mutant",
        "skip-one-pending-remove",
        "--runs",
        "1",
        "--depth",
        "5",
        "--seed",
        "1",
        "--out",
        scratch("rec").to_str().unwrap(),
    ]);
    assert!(stdout(&out).contains("MUTANT ACTIVE"), "{}", stdout(&out));
}

#[test]
fn attack_all_ends_with_a_tally() {
    let out = run(&["attack", "all", "--seed", "1"]);
    let text = stdout(&out);
    assert!(
        text.lines()
            .last()
            .unwrap_or("")
            .contains("scenarios: 19 as expected, 0 not; 0 silent split(s)"),
        "{text}"
    );
}

// 9. Reports that do not mislead.

#[test]
fn a_counterexample_violating_several_properties_is_printed_once() {
    let text = stdout(&run(&[
        "check",
        "--users",
        "3",
        "--leaves",
        "1",
        "--out",
        scratch("once").to_str().unwrap(),
    ]));
    assert_eq!(text.matches("   26. Read(3)").count(), 1, "{text}");
    assert!(
        text.contains("Counterexample to OneEpoch, RosterIsRoom, NoFailure (26 steps):"),
        "{text}"
    );
    let holding = stdout(&run(&["check", "--users", "3", "--leaves", "0"]));
    assert!(!holding.contains("shortest counterexamples"), "{holding}");
    let tiny = stdout(&run(&["check", "--users", "1", "--leaves", "0"]));
    assert!(tiny.contains("unique states/s   - (the check took under"), "{tiny}");
}

#[test]
fn replay_reports_steps_replayed_and_no_rate_from_nothing() {
    let garbage = scratch("garbage.itf.json");
    std::fs::write(&garbage, "not json").unwrap();
    let out = run(&["replay", garbage.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stdout(&out).contains("traces/s"), "{}", stdout(&out));
    // A mutant client diverges at step 14 of 17: the steps column says how far it got.
    let steps = scratch("remove-then-more.steps");
    std::fs::write(&steps, "Join\nJoin\nRead(1)\nRead(1)\nSend(1)\nSend(1)\nSend(1)\nSend(1)\nLeave(3)\nRead(1)\nRead(1)\nRead(1)\nRead(1)\nRead(1)\nSend(1)\nRead(2)\nRead(2)\n").unwrap();
    let text =
        stdout(&run(&["replay", "--mutant", "skip-one-pending-remove", steps.to_str().unwrap()]));
    let row = text.lines().find(|l| l.starts_with("DIVERGE")).unwrap_or_default();
    assert_eq!(row.split_whitespace().nth(1), Some("14/17"), "{text}");
    assert!(text.contains("first divergence at state 14"), "{text}");
}

#[test]
fn experience_does_not_claim_decryption_without_groups() {
    let file = scratch("no-group.steps");
    std::fs::write(&file, "Join\nLeave(1)\n").unwrap();
    let text = stdout(&run(&["replay", "--experience", file.to_str().unwrap()]));
    assert!(text.contains("user 2: never got into a group"), "{text}");
    assert!(
        text.contains("nobody has a working group") && !text.contains("everyone decrypts everyone"),
        "{text}"
    );
}

#[test]
fn simulate_says_how_each_walk_ended_and_where_it_wrote() {
    let dir = scratch("walks");
    let text = stdout(&run(&[
        "simulate",
        "--users",
        "3",
        "--leaves",
        "1",
        "--runs",
        "4",
        "--depth",
        "8",
        "--seed",
        "11",
        "--out",
        dir.to_str().unwrap(),
    ]));
    assert!(text.contains(&format!("traces in {}", dir.display())), "{text}");
    assert!(text.contains("cut at --depth"), "{text}");
    let text = stdout(&run(&[
        "simulate",
        "--users",
        "2",
        "--leaves",
        "0",
        "--runs",
        "1",
        "--depth",
        "50",
        "--seed",
        "11",
        "--out",
        dir.to_str().unwrap(),
    ]));
    assert!(text.contains("quiescent end"), "{text}");
    let orange = stdout(&run(&[
        "simulate",
        "--users",
        "2",
        "--leaves",
        "1",
        "--runs",
        "30",
        "--depth",
        "50",
        "--seed",
        "3",
        "--out",
        dir.to_str().unwrap(),
    ]));
    let violating =
        orange.lines().find(|l| l.contains("AllAdmitted@")).expect("some walk violates");
    let seed = violating.split_whitespace().nth(3).unwrap();
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("walk-{seed}.itf.json"))).unwrap(),
    )
    .unwrap();
    assert!(
        meta["#meta"]["violates"].as_str().unwrap_or("").contains("AllAdmitted"),
        "{}",
        meta["#meta"]
    );
}

// 5. Reproducible real runs.

#[test]
fn a_seed_reproduces_the_html_view_byte_for_byte() {
    let one_epoch = corpus("orange", "counterexamples", "OneEpoch");
    let render = |seed: &str, name: &str| {
        let file = scratch(name);
        let out =
            run(&["show", "--html", &one_epoch, "-o", file.to_str().unwrap(), "--seed", seed]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).contains(&format!("--seed {seed}")), "the seed is printed");
        std::fs::read_to_string(file).unwrap()
    };
    let (a, b, c) = (render("5", "a.html"), render("5", "b.html"), render("6", "c.html"));
    assert_eq!(a, b, "the same seed, the same view");
    assert_ne!(a, c, "another seed, other safety numbers");
    let replay = stdout(&run(&["replay", &one_epoch]));
    assert!(
        replay.contains("MLS randomness seed "),
        "an unseeded replay prints the seed it drew: {replay}"
    );
}
