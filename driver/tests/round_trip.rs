//! Both sides of the driver protocol over a real pipe: the runner's side
//! (`DriverImplementation`) speaking to this very binary, which serves the
//! OpenMLS client (`serve`) when started as a driver. A scripted room gives
//! the same outcomes, views, bytes and errors through the driver as with
//! the client linked in; handles are forgotten when dropped; the session
//! ends on its own when the runner lets go, and a driver that lingers is
//! killed; signals that interrupt a wait do not fail a call.
//!
//! A test without libtest's harness (`harness = false` in Cargo.toml), so
//! that nothing but the protocol reaches standard output when it serves.

use dcverify_driver::{serve, DriverImplementation};
use dcverify_impl::OpenMls;
use dcverify_protocol::{
    Client, FrameKind, Implementation, Message, Profile, RollbackError, Uid, WireEntry,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Set: this binary is the driver, not the test.
const SERVE: &str = "DCVERIFY_ROUND_TRIP_SERVE";
/// Where the driver writes `ended` once its input has ended.
const ENDED: &str = "DCVERIFY_ROUND_TRIP_ENDED";

const SEED: u64 = 5;

fn openmls(seed: Option<u64>, mutant: Option<&str>) -> Result<Box<dyn Implementation>, String> {
    let openmls = OpenMls::named_mutant(mutant).map_err(|e| e.to_string())?;
    Ok(Box::new(OpenMls { seed, ..openmls }))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dcverify-round-trip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// This binary as a driver, writing `ended` to `ended` when its input ends.
fn driver(ended: &Path) -> DriverImplementation {
    let me = std::env::current_exe().unwrap();
    let command = format!("env {SERVE}=1 {ENDED}='{}' '{}'", ended.display(), me.display());
    DriverImplementation::start(&command, Some(SEED), None).unwrap()
}

/// A room run by hand: every client reads the log from its cursor, and
/// what it sends is appended, until nobody has anything left to read.
struct Room {
    log: Vec<WireEntry>,
    clients: Vec<(Box<dyn Client>, usize)>,
    said: Vec<String>,
}

impl Room {
    fn settle(&mut self, now: Instant) {
        let mut progress = true;
        while progress {
            progress = false;
            for (client, cursor) in &mut self.clients {
                while *cursor < self.log.len() {
                    let entry = self.log[*cursor].clone();
                    *cursor += 1;
                    progress = true;
                    let outcome = client.read_at(&entry, now);
                    self.said.push(format!("{} read: {}", client.uid(), shown(&outcome)));
                    self.said.push(format!("{} view: {:?}", client.uid(), client.view()));
                    if let Ok(outcome) = outcome {
                        self.log.extend(outcome.into_messages().into_iter().map(WireEntry::from));
                    }
                }
            }
        }
    }

    fn client(&mut self, uid: Uid) -> &mut Box<dyn Client> {
        &mut self.clients.iter_mut().find(|(c, _)| c.uid() == uid).unwrap().0
    }
}

/// Everything the script sees, in order.
fn script(implementation: &dyn Implementation) -> Vec<String> {
    let t0 = Instant::now();
    let founder = implementation.founder(1, Profile::Orange).unwrap();
    let joiner = implementation.joiner(2, Profile::Orange, &BTreeSet::from([1])).unwrap();
    let mut said = vec![format!("uids {} {}", founder.uid(), joiner.uid())];
    let kp = joiner.key_package().unwrap();
    said.push(format!("key package {kp:?}"));
    let mut room = Room {
        log: vec![WireEntry::Joined { uid: 1, key_package: Vec::new() }],
        clients: vec![(founder, 1), (joiner, 1)],
        said,
    };
    room.log.push(WireEntry::Joined { uid: 2, key_package: kp });
    room.settle(t0);

    // Frames of the epoch before the next Add: one opened at once, one
    // within the grace period after the Add and one after that period.
    let sealed: Vec<Vec<u8>> =
        (0..3).map(|_| room.client(1).seal_frame(FrameKind::Vp8, b"a frame").unwrap()).collect();
    let line = format!("sealed {sealed:?}");
    room.said.push(line);
    let opened = room.client(2).open_frame_at(FrameKind::Vp8, &sealed[0], t0);
    let line = format!("opened {}", shown(&opened));
    room.said.push(line);
    let before_add = room.client(2).checkpoint();
    let third = implementation.joiner(3, Profile::Orange, &BTreeSet::from([1, 2])).unwrap();
    let kp3 = third.key_package().unwrap();
    room.clients.push((third, 2));
    room.log.push(WireEntry::Joined { uid: 3, key_package: kp3 });
    let later = t0 + Duration::from_secs(10);
    room.settle(later);
    for (frame, after) in [(&sealed[1], 1), (&sealed[2], 3)] {
        let at = later + Duration::from_secs(after);
        let opened = room.client(2).open_frame_at(FrameKind::Vp8, frame, at);
        let line = format!("old frame {after}s after the Add: {}", shown(&opened));
        room.said.push(line);
    }

    // A member's own commit (the hostile server's clients make them), then
    // back to before the Add, and the errors of rolling back wrongly.
    let removal = room.client(2).commit_remove(3);
    let line = format!("commit remove: {}", kinds(&removal));
    room.said.push(line);
    let line = format!("after: {:?}", room.client(2).view());
    room.said.push(line);
    room.client(2).rollback(&before_add).unwrap();
    let line = format!("rolled back: {:?}", room.client(2).view());
    room.said.push(line);
    let founders = room.client(1).checkpoint();
    let wrong = room.client(2).rollback(&founders);
    let line = format!("someone else's checkpoint: {}", shown(&wrong));
    room.said.push(line);

    // An Add by a member, a stolen copy and a server client.
    let fourth = implementation.joiner(4, Profile::Orange, &BTreeSet::new()).unwrap();
    let kp4 = fourth.key_package().unwrap();
    let addition = room.client(1).commit_add(4, &kp4);
    room.said.push(format!("commit add: {}", kinds(&addition)));
    let line = format!("after: {:?}", room.client(1).view());
    room.said.push(line);
    let garbage = room.client(1).commit_add(5, b"not a key package");
    room.said.push(format!("commit add of garbage: {}", shown(&garbage)));
    let copy = room.client(1).steal().unwrap();
    room.said.push(format!("stolen copy {}: {:?}", copy.uid(), copy.view()));
    let server = implementation.server_client(2, Profile::Orange, 0).unwrap();
    room.said.push(format!("server client {}: {:?}", server.uid(), server.view()));
    let server_kp = server.key_package().unwrap();
    room.said.push(format!("server key package {}", server_kp.len()));
    room.said
}

/// A result as the runner sees it: errors by their text (a cause crosses
/// the pipe as text).
fn shown<T: std::fmt::Debug, E: std::fmt::Display>(result: &Result<T, E>) -> String {
    match result {
        Ok(value) => format!("Ok({value:?})"),
        Err(e) => format!("Err({e})"),
    }
}

/// The messages' kinds and lengths, or the error.
fn kinds(result: &Result<Vec<Message>, impl std::fmt::Display>) -> String {
    match result {
        Ok(messages) => messages
            .iter()
            .map(|m| match m {
                Message::Welcome { welcome, .. } => format!("welcome {}", welcome.len()),
                Message::Commit { commit, .. } => format!("commit {}", commit.len()),
                Message::Proposal { proposal, .. } => format!("proposal {}", proposal.len()),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Err(e) => format!("Err({e})"),
    }
}

fn the_script_goes_alike_through_the_driver_and_in_process() {
    let ended = scratch("ended-script");
    let linked = OpenMls { seed: Some(SEED), ..OpenMls::named_mutant(None).unwrap() };
    let expected = script(&linked);
    let driven = driver(&ended);
    assert_eq!(driven.driven_name(), linked.name());
    assert_eq!(driven.name(), format!("{} (driver)", linked.name()));
    let got = script(&driven);
    assert_eq!(got.len(), expected.len());
    for (got, want) in got.iter().zip(&expected) {
        assert_eq!(got, want);
    }
    // The script's own checks, so that equal lists cannot both be wrong.
    let has = |text: &str| expected.iter().any(|l| l.contains(text));
    assert!(has("old frame 1s after the Add: Ok"), "{expected:#?}");
    assert!(has("old frame 3s after the Add: Err"), "{expected:#?}");
    assert!(has("someone else's checkpoint: Err("), "{expected:#?}");
    assert!(has("commit remove: commit"), "{expected:#?}");
    assert!(has("commit add: welcome"), "{expected:#?}");
    assert!(has("commit add of garbage: Err"), "{expected:#?}");
}

fn handles_are_forgotten_and_the_session_ends_when_let_go() {
    let ended = scratch("ended-handles");
    let log = scratch("handles.log");
    std::env::set_var("DCVERIFY_DRIVER_LOG", &log);
    let driven = driver(&ended);
    std::env::remove_var("DCVERIFY_DRIVER_LOG");
    let client = driven.founder(1, Profile::Fixed).unwrap();
    let checkpoint = client.checkpoint();
    drop(checkpoint);
    drop(client);
    let other = driver(&scratch("ended-other"));
    let mut elsewhere = other.founder(1, Profile::Fixed).unwrap();
    let here = driven.founder(1, Profile::Fixed).unwrap();
    assert!(matches!(
        elsewhere.rollback(&here.checkpoint()),
        Err(RollbackError::OtherImplementation)
    ));
    drop((here, elsewhere, other));
    assert!(!ended.exists());
    drop(driven);
    assert_eq!(std::fs::read_to_string(&ended).unwrap(), "ended", "the driver ended by itself");
    let log = std::fs::read_to_string(&log).unwrap();
    for op in ["founder", "checkpoint", "forget_checkpoint", "forget_client"] {
        assert!(log.contains(&format!("\"op\":\"{op}\"")), "{op} not in the log:\n{log}");
    }
    assert!(log.lines().all(|l| l.starts_with("> ") || l.starts_with("< ")), "{log}");
}

const STARTED: &str = r#"{"id":1,"ok":{"protocol":1,"implementation":"fake"}}"#;

fn a_driver_that_lingers_is_killed() {
    let pid_file = scratch("lingering.pid");
    let command = format!(
        "sh -c 'echo $$ > {}; read line; echo '\\''{STARTED}'\\''; trap \"\" HUP; while :; do sleep 1; done'",
        pid_file.display()
    );
    let lingering = DriverImplementation::start(&command, None, None).unwrap();
    let pid: i32 = std::fs::read_to_string(&pid_file).unwrap().trim().parse().unwrap();
    // SAFETY: signal 0 only asks whether the process exists.
    assert_eq!(unsafe { libc::kill(pid, 0) }, 0, "the driver runs");
    let start = Instant::now();
    drop(lingering);
    assert!(start.elapsed() < Duration::from_secs(5));
    // SAFETY: as above.
    assert_eq!(unsafe { libc::kill(pid, 0) }, -1, "the lingering driver was killed and reaped");
}

extern "C" fn ignore(_: libc::c_int) {}

fn a_signal_during_a_wait_does_not_fail_the_call() {
    // SAFETY: a handler that does nothing, installed without SA_RESTART,
    // so that a signal interrupts poll(2) with EINTR.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = ignore as extern "C" fn(libc::c_int) as usize;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGUSR1, &action, std::ptr::null_mut());
    }
    // SAFETY: this thread's own handle.
    let me = unsafe { libc::pthread_self() };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopping = std::sync::Arc::clone(&stop);
    let signaller = std::thread::spawn(move || {
        let mut sent = 0;
        while !stopping.load(std::sync::atomic::Ordering::Relaxed) {
            // SAFETY: `me` is the main thread, alive until it stops us.
            unsafe { libc::pthread_kill(me, libc::SIGUSR1) };
            sent += 1;
            std::thread::sleep(Duration::from_millis(2));
        }
        sent
    });
    let slow = format!("sh -c 'read line; sleep 0.5; echo '\\''{STARTED}'\\''; sleep 5'");
    let started = DriverImplementation::start(&slow, None, None);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let sent = signaller.join().unwrap();
    assert!(sent > 10, "only {sent} signals");
    assert_eq!(started.map(|d| d.driven_name()).unwrap(), "fake");
}

fn main() {
    if std::env::var_os(SERVE).is_some() {
        let served = serve(std::io::stdin().lock(), std::io::stdout().lock(), &openmls);
        if let Some(ended) = std::env::var_os(ENDED) {
            std::fs::write(ended, "ended").unwrap();
        }
        std::process::exit(i32::from(served.is_err()));
    }
    let tests: [(&str, fn()); 4] = [
        (
            "the_script_goes_alike_through_the_driver_and_in_process",
            the_script_goes_alike_through_the_driver_and_in_process,
        ),
        (
            "handles_are_forgotten_and_the_session_ends_when_let_go",
            handles_are_forgotten_and_the_session_ends_when_let_go,
        ),
        ("a_driver_that_lingers_is_killed", a_driver_that_lingers_is_killed),
        (
            "a_signal_during_a_wait_does_not_fail_the_call",
            a_signal_during_a_wait_does_not_fail_the_call,
        ),
    ];
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    for (name, test) in tests {
        if filter.iter().all(|f| !name.contains(f.as_str())) && !filter.is_empty() {
            continue;
        }
        println!("test {name} ...");
        test();
        println!("test {name} ... ok");
    }
}
