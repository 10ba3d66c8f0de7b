//! The HTML view and the Explorer in a real browser: headless Chromium
//! (Debian's `chromium`, installed by the README's test command) renders them
//! and the tests read the DOM it built; screenshots are kept in
//! `target/artifacts/` for CI.

use dcverify_conformance::replay::{replay, Outcome, ReplayOptions};
use dcverify_impl::OpenMls;
use dcverify_model::{Bounds, DcModel, Profile};
use dcverify_trace::{counterexample_trace, Trace};
use dcverify_viewer::html::render_html;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(path.exists(), "{} not found: install it with `apt-get install chromium chromium-driver` (the README's test command does)", path.display());
    path
}

fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs headless Chromium on `url` with `extra` arguments and returns its stdout.
fn chromium_run(url: &str, profile: &str, extra: &[&str]) -> String {
    let profile_dir =
        std::env::temp_dir().join(format!("dcverify-chromium-{profile}-{}", std::process::id()));
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=8000",
        ])
        .arg(format!("--user-data-dir={}", profile_dir.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("running chromium");
    let _ = std::fs::remove_dir_all(&profile_dir);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn dom(url: &str, name: &str) -> String {
    chromium_run(url, name, &["--dump-dom"])
}

fn screenshot(url: &str, name: &str, size: &str) -> PathBuf {
    let file = artifacts().join(format!("{name}.png"));
    let _ = std::fs::remove_file(&file);
    chromium_run(
        url,
        &format!("{name}-shot"),
        &[&format!("--screenshot={}", file.display()), &format!("--window-size={size}")],
    );
    assert!(
        std::fs::metadata(&file).map(|m| m.len() > 10_000).unwrap_or(false),
        "no screenshot at {}",
        file.display()
    );
    file
}

fn write_html(trace: &Trace, name: &str) -> PathBuf {
    let report = replay(
        trace,
        None,
        &OpenMls::default().with_seed(SEED),
        ReplayOptions { experience: true },
    );
    assert_eq!(report.outcome, Outcome::Passed);
    let file = artifacts().join(format!("{name}.html"));
    std::fs::write(&file, render_html(trace, report.experience.as_ref(), name)).unwrap();
    file
}

/// User `uid`'s whole safety number at the end of a seeded replay of `trace`.
fn report_safety_number(trace: &Trace, uid: u8) -> String {
    let report = replay(
        trace,
        None,
        &OpenMls::default().with_seed(SEED),
        ReplayOptions { experience: true },
    );
    let experience = report.experience.unwrap();
    let person = experience.people.iter().find(|p| p.uid == uid).unwrap();
    person.safety_number_full.clone().unwrap()
}

/// The seed of every replay here: the view is the same bytes on every run.
const SEED: u64 = 2026;

fn count(dom: &str, needle: &str) -> usize {
    dom.matches(needle).count()
}

#[test]
fn the_html_view_of_a_counterexample_shows_lanes_arrows_and_the_violation() {
    let trace = Trace::read(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../traces/orange/counterexamples/OneEpoch.itf.json"
    )))
    .unwrap();
    let file = write_html(&trace, "one-epoch-counterexample");
    let url = format!("file://{}", file.display());
    let dom = dom(&url, "html");
    for lane in ["ds", "u1", "u2", "u3"] {
        assert_eq!(count(&dom, &format!("data-lane=\"{lane}\"")), 1, "lane {lane}");
    }
    assert_eq!(count(&dom, "data-lane=\"u4\""), 0, "user 4 never joined in this trace");
    assert_eq!(count(&dom, "class=\"arrow\""), trace.steps.len() - 1, "one arrow per step");
    assert!(dom.contains("data-kind=\"Send\" data-from=\"u1\" data-to=\"ds\""));
    assert!(dom.contains("data-kind=\"Read\" data-from=\"ds\" data-to=\"u3\""));
    assert!(
        dom.contains("class=\"violation\" data-property=\"OneEpoch\" data-step=\"26\""),
        "the violation is marked where it first happens"
    );
    assert!(dom.contains("epoch-name fork"), "the two forks of an epoch are marked");
    assert_eq!(
        count(&dom, "class=\"safety-number\""),
        2,
        "a safety number under each alive user's lane"
    );
    assert!(dom.contains("3 cannot decrypt 2"));
    // One name per node (docs/protocol.md, "Naming epoch nodes"): the fork is
    // visible in the picture (each new node names the node it descends
    // from), the legend names this trace's forks and maps every name to its
    // path, and each safety number is labelled with its full value on hover.
    // User 3 enters e2a (from e1a); user 2 goes straight to e3a, on the other fork e2b.
    assert!(
        dom.contains("e2a ← e1a") && dom.contains("e3a ← e2b"),
        "each lane's node names its parent"
    );
    assert!(
        dom.contains("<code>r1/1:Add(2)/2:Add(3)</code>, child of e1a <b>fork</b>"),
        "the legend gives e2b's parent"
    );
    assert!(dom.contains("epoch 2 forks into e2a, e2b"), "the legend names the real forks");
    assert!(dom.contains("<code>e2b</code> = <code>r1/1:Add(2)/2:Add(3)</code>"));
    assert!(dom.contains(">safety number<"), "the numbers are labelled");
    let full = report_safety_number(&trace, 2);
    assert!(
        dom.contains(&format!("<title>user 2 safety number: {full}</title>")),
        "full number on hover"
    );
    assert!(dom.contains("docs/protocol.md"), "the view says where the terms are defined");
    screenshot(&url, "one-epoch-counterexample", "1500,900");
}

#[test]
fn the_html_view_stays_readable_at_200_steps_and_8_users() {
    let trace = busy_room(200);
    assert_eq!(trace.steps.len(), 201);
    let file = write_html(&trace, "busy-room-200-steps-8-users");
    let dom = dom(&format!("file://{}", file.display()), "big");
    assert_eq!(count(&dom, "class=\"arrow\""), 200);
    assert_eq!(count(&dom, "class=\"lane\""), 9);
    // Fixed row and lane sizes: the page grows linearly, it never squeezes text.
    let width: f64 = dom
        .split("<svg")
        .nth(1)
        .and_then(|s| s.split("width=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap();
    assert!(width < 2200.0, "svg width {width}");
    screenshot(&format!("file://{}", file.display()), "busy-room-200-steps-8-users", "1600,1200");
}

/// A long trace of a busy room of 8: everyone joins first, then they read and
/// send, and leave only when all is quiet; cut at `steps` steps.
fn busy_room(steps: usize) -> Trace {
    let model = DcModel::new(Profile::Fixed, Bounds { users: 8, leaves: 7 }).unwrap();
    let mut state = dcverify_model::State::initial();
    let mut taken = Vec::new();
    while taken.len() < steps {
        let mut enabled = Vec::new();
        model.enabled(&state, &mut enabled);
        let pick = enabled
            .iter()
            .find(|a| matches!(a, dcverify_model::Action::Join))
            .or_else(|| {
                enabled.iter().find(|a| {
                    matches!(a, dcverify_model::Action::Read(_) | dcverify_model::Action::Send(_))
                })
            })
            .or_else(|| enabled.first())
            .copied()
            .expect("the room goes quiet before 200 steps");
        state = model.step(&state, pick).unwrap();
        taken.push(pick);
    }
    let mut trace = counterexample_trace(&model, "none", &taken).unwrap();
    trace.meta.violates = None;
    trace
}

#[test]
fn the_explorer_serves_a_trace_in_protocol_terms() {
    let trace = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../traces/orange/counterexamples/WelcomesAdded.itf.json"
    );
    let port = 20_000 + (std::process::id() % 20_000) as u16;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dcverify"))
        .args(["explore", "--trace", trace, "--address", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines
        .find_map(|l| l.ok().filter(|l| l.starts_with("http://")))
        .expect("the explorer prints its URL");
    assert!(url.ends_with("#/steps/0/0/2/2/1/2/2/2/2"), "{url}");
    let dom = dom(&url, "explorer");
    let shot = screenshot(&url, "explorer", "1400,1000");
    let _ = child.kill();
    let _ = child.wait();
    assert!(dom.contains("DcModel"), "the model's name");
    assert!(dom.contains("WelcomesAdded"), "its properties by name");
    assert!(dom.contains("Leave(1)") && dom.contains("Send(2)"), "the trace's steps");
    assert!(
        dom.contains("reads log[3] Commit(2, r1/1:Add(2)/2:Remove({1}), Remove({1}))"),
        "the state in protocol terms"
    );
    assert!(shot.exists());
}
