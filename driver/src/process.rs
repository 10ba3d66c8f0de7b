//! The runner's side of the protocol: an [`Implementation`] whose clients
//! live in a child process (`cmd:'PROGRAM ARGS'`). Each call is one request
//! line and one response line; a driver that dies, hangs past the timeout
//! or writes nonsense makes the call fail with the protocol's typed
//! `Unavailable` error (and every later call with it too), never a panic.

use crate::message::{CheckpointId, ClientId, DriverError, Op, Reply, Request, Response};
use crate::pipe::{LinePipe, Received};
use crate::PROTOCOL_VERSION;
use dcverify_protocol::{
    Cause, Checkpoint, Client, ClientView, CreateError, FrameError, FrameKind, Implementation,
    MemberCommitError, Message, OpenedFrame, Profile, ReadError, ReadOutcome, RollbackError, Uid,
    WireEntry,
};
use std::cell::RefCell;
use std::collections::{BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a driver may take to answer one request unless
/// `DCVERIFY_DRIVER_TIMEOUT` (seconds) says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// How many of the driver's last standard-error lines an error quotes.
const STDERR_TAIL: usize = 20;

/// Starting a driver failed.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot start the driver `{command}`: {source}")]
    Spawn {
        command: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the driver log {}: {source}", path.display())]
    Log {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the driver `{command}` did not start a session: {reason}")]
    Handshake { command: String, reason: String },
}

/// Why a call got no answer of the protocol.
#[derive(Debug)]
enum CallError {
    /// The driver answered with an error.
    Driver(DriverError),
    /// No answer: the driver died, hung or wrote nonsense.
    Transport(String),
}

impl CallError {
    fn cause(&self) -> Cause {
        match self {
            CallError::Driver(e) => Cause::from_text(format!("unexpected error: {e}")),
            CallError::Transport(why) => Cause::from_text(why.clone()),
        }
    }
}

/// The child process and its pipes.
struct Session {
    command: String,
    name: String,
    child: Child,
    pipe: LinePipe,
    stderr: Arc<Mutex<VecDeque<String>>>,
    next_id: u64,
    /// Set once the driver gave no answer: every later call fails with it.
    broken: Option<String>,
    origin: Instant,
    timeout: Duration,
    /// `DCVERIFY_DRIVER_LOG`: every line sent (`> `) and received (`< `).
    log: Option<std::io::BufWriter<std::fs::File>>,
}

impl Session {
    fn call(&mut self, op: Op) -> Result<Reply, CallError> {
        if let Some(why) = &self.broken {
            return Err(CallError::Transport(why.clone()));
        }
        let result = self.exchange(op);
        if let Err(CallError::Transport(why)) = &result {
            self.broken = Some(why.clone());
        }
        result
    }

    fn exchange(&mut self, op: Op) -> Result<Reply, CallError> {
        let id = self.next_id;
        self.next_id += 1;
        let what = op_name(&op);
        let line = serde_json::to_string(&Request { id, op })
            .map_err(|e| CallError::Transport(format!("cannot encode `{what}`: {e}")))?;
        self.note('>', &line);
        if let Err(e) = self.pipe.send(&line) {
            return Err(
                self.transport(format!("the driver closed its input before `{what}` ({e})"))
            );
        }
        let text = match self.pipe.receive(self.timeout) {
            Received::Line(text) => text,
            Received::Timeout => {
                let _ = self.child.kill();
                return Err(self.transport(format!(
                    "no answer to `{what}` in {} s (DCVERIFY_DRIVER_TIMEOUT)",
                    self.timeout.as_secs()
                )));
            }
            Received::Closed => {
                return Err(self.transport(format!("the driver ended before answering `{what}`")))
            }
            Received::Failed(e) => {
                return Err(self.transport(format!("reading the answer to `{what}`: {e}")))
            }
        };
        self.note('<', &text);
        let response: Response = serde_json::from_str(&text).map_err(|e| {
            self.transport(format!("the answer to `{what}` is not a response ({e}): {text}"))
        })?;
        if response.id != id {
            return Err(self.transport(format!(
                "the answer to `{what}` (request {id}) has id {}",
                response.id
            )));
        }
        match (response.ok, response.error) {
            (_, Some(error)) => Err(CallError::Driver(error)),
            (Some(ok), None) => serde_json::from_value(ok).map_err(|e| {
                self.transport(format!("the answer to `{what}` does not fit its operation: {e}"))
            }),
            (None, None) => {
                Err(self.transport(format!("the answer to `{what}` has neither ok nor error")))
            }
        }
    }

    /// Writes one line to the log, if there is one (a log that fails is dropped).
    fn note(&mut self, direction: char, line: &str) {
        if let Some(log) = self.log.as_mut() {
            if writeln!(log, "{direction} {line}").and_then(|()| log.flush()).is_err() {
                self.log = None;
            }
        }
    }

    /// A transport failure, with the driver's last words on standard error.
    fn transport(&self, why: String) -> CallError {
        let tail: Vec<String> =
            self.stderr.lock().map(|t| t.iter().cloned().collect()).unwrap_or_default();
        if tail.is_empty() {
            CallError::Transport(format!("driver `{}`: {why}", self.command))
        } else {
            CallError::Transport(format!(
                "driver `{}`: {why}; its standard error ended with:\n{}",
                self.command,
                tail.join("\n")
            ))
        }
    }

    fn now_us(&self, now: Instant) -> u64 {
        u64::try_from(now.saturating_duration_since(self.origin).as_micros()).unwrap_or(u64::MAX)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Closing its input ends the session; a driver that lingers goes.
        self.pipe.close_input();
        let deadline = Instant::now() + Duration::from_secs(1);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn op_name(op: &Op) -> String {
    serde_json::to_value(op)
        .ok()
        .and_then(|v| v.get("op").and_then(|o| o.as_str()).map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// Implementations served by a driver process: `command` is run by
/// `sh -c`, so it may hold arguments and quotes as a shell reads them.
#[derive(Clone)]
pub struct DriverImplementation {
    session: Rc<RefCell<Session>>,
    name: String,
}

impl DriverImplementation {
    /// Starts `command` and a session with `seed` and `mutant`, waiting
    /// for each answer as long as `DCVERIFY_DRIVER_TIMEOUT` (seconds) says,
    /// 60 s without it.
    pub fn start(
        command: &str,
        seed: Option<u64>,
        mutant: Option<&str>,
    ) -> Result<DriverImplementation, StartError> {
        let timeout = std::env::var("DCVERIFY_DRIVER_TIMEOUT")
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .map_or(DEFAULT_TIMEOUT, Duration::from_secs);
        Self::start_with_timeout(command, seed, mutant, timeout)
    }

    /// [`DriverImplementation::start`], waiting `timeout` for each answer.
    pub fn start_with_timeout(
        command: &str,
        seed: Option<u64>,
        mutant: Option<&str>,
        timeout: Duration,
    ) -> Result<DriverImplementation, StartError> {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!("exec {command}"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| StartError::Spawn { command: command.into(), source })?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(StartError::Spawn {
                command: command.into(),
                source: std::io::Error::other("no pipes to the driver"),
            });
        };
        let stderr = Arc::new(Mutex::new(VecDeque::new()));
        if let Some(err) = child.stderr.take() {
            let tail = Arc::clone(&stderr);
            std::thread::spawn(move || {
                for line in BufReader::new(err).lines().map_while(Result::ok) {
                    if let Ok(mut t) = tail.lock() {
                        if t.len() == STDERR_TAIL {
                            t.pop_front();
                        }
                        t.push_back(line);
                    }
                }
            });
        }
        let log = match std::env::var_os("DCVERIFY_DRIVER_LOG") {
            Some(path) => Some(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .map(std::io::BufWriter::new)
                    .map_err(|source| StartError::Log { path: path.into(), source })?,
            ),
            None => None,
        };
        let mut session = Session {
            command: command.into(),
            name: String::new(),
            child,
            pipe: LinePipe::new(input, output),
            stderr,
            next_id: 1,
            broken: None,
            origin: Instant::now(),
            timeout,
            log,
        };
        let handshake = |reason: String| StartError::Handshake { command: command.into(), reason };
        let reply = session
            .call(Op::Start {
                protocol: PROTOCOL_VERSION,
                seed,
                mutant: mutant.map(str::to_string),
            })
            .map_err(|e| match e {
                CallError::Driver(e) => handshake(e.to_string()),
                CallError::Transport(why) => handshake(why),
            })?;
        if reply.protocol != Some(PROTOCOL_VERSION) {
            return Err(handshake(format!(
                "it speaks protocol {:?}, not {PROTOCOL_VERSION}",
                reply.protocol
            )));
        }
        session.name = reply.implementation.unwrap_or_else(|| "unnamed".into());
        let name = format!("{} (driver)", session.name);
        Ok(DriverImplementation { session: Rc::new(RefCell::new(session)), name })
    }

    /// The name the driver gave its implementation (`openmls`).
    pub fn driven_name(&self) -> String {
        self.session.borrow().name.clone()
    }

    fn make(&self, uid: Uid, op: Op) -> Result<Box<dyn Client>, CreateError> {
        let reply = self.session.borrow_mut().call(op);
        new_client(&self.session, uid, reply)
    }
}

fn new_client(
    session: &Rc<RefCell<Session>>,
    uid: Uid,
    reply: Result<Reply, CallError>,
) -> Result<Box<dyn Client>, CreateError> {
    let unavailable = |cause| CreateError { uid, step: "driver".into(), cause };
    match reply {
        Ok(Reply { client: Some(id), view: Some(view), .. }) => {
            Ok(Box::new(DriverClient { session: Rc::clone(session), id, uid, view }))
        }
        Ok(_) => Err(unavailable(Cause::from_text("the answer names no client and view".into()))),
        Err(CallError::Driver(DriverError::Create(e))) => Err(e),
        Err(e) => Err(unavailable(e.cause())),
    }
}

impl Implementation for DriverImplementation {
    fn name(&self) -> &str {
        &self.name
    }

    fn founder(&self, uid: Uid, profile: Profile) -> Result<Box<dyn Client>, CreateError> {
        self.make(uid, Op::Founder { uid, profile })
    }

    fn joiner(
        &self,
        uid: Uid,
        profile: Profile,
        room: &BTreeSet<Uid>,
    ) -> Result<Box<dyn Client>, CreateError> {
        self.make(uid, Op::Joiner { uid, profile, room: room.clone() })
    }

    fn server_client(
        &self,
        uid: Uid,
        profile: Profile,
        nth: usize,
    ) -> Result<Box<dyn Client>, CreateError> {
        self.make(uid, Op::ServerClient { uid, profile, nth })
    }
}

/// A client in the driver: its handle, and its view as of the last
/// operation that could change it.
struct DriverClient {
    session: Rc<RefCell<Session>>,
    id: ClientId,
    uid: Uid,
    view: ClientView,
}

/// A checkpoint the driver keeps; forgotten there when dropped here.
struct DriverCheckpoint {
    session: Rc<RefCell<Session>>,
    id: Option<CheckpointId>,
}

impl Drop for DriverCheckpoint {
    fn drop(&mut self) {
        if let (Some(checkpoint), Ok(mut s)) = (self.id, self.session.try_borrow_mut()) {
            let _ = s.call(Op::ForgetCheckpoint { checkpoint });
        }
    }
}

impl Drop for DriverClient {
    fn drop(&mut self) {
        if let Ok(mut s) = self.session.try_borrow_mut() {
            if s.broken.is_none() {
                let _ = s.call(Op::ForgetClient { client: self.id });
            }
        }
    }
}

impl DriverClient {
    fn call(&self, op: Op) -> Result<Reply, CallError> {
        self.session.borrow_mut().call(op)
    }

    /// Takes the view an operation returned.
    fn update(&mut self, reply: &mut Reply) {
        if let Some(view) = reply.view.take() {
            self.view = view;
        }
    }
}

impl Client for DriverClient {
    fn uid(&self) -> Uid {
        self.uid
    }

    fn key_package(&self) -> Result<Vec<u8>, CreateError> {
        let fail = |cause| CreateError { uid: self.uid, step: "driver".into(), cause };
        match self.call(Op::KeyPackage { client: self.id }) {
            Ok(Reply { key_package: Some(kp), .. }) => Ok(kp),
            Ok(_) => Err(fail(Cause::from_text("the answer has no key_package".into()))),
            Err(CallError::Driver(DriverError::Create(e))) => Err(e),
            Err(e) => Err(fail(e.cause())),
        }
    }

    fn read_at(&mut self, entry: &WireEntry, now: Instant) -> Result<ReadOutcome, ReadError> {
        let now_us = self.session.borrow().now_us(now);
        match self.call(Op::Read { client: self.id, entry: entry.clone(), now_us }) {
            Ok(mut reply) => {
                self.update(&mut reply);
                reply.outcome.ok_or_else(|| {
                    ReadError::Unavailable(Cause::from_text("the answer has no outcome".into()))
                })
            }
            Err(CallError::Driver(DriverError::Read(e))) => Err(e),
            Err(e) => Err(ReadError::Unavailable(e.cause())),
        }
    }

    fn view(&self) -> ClientView {
        self.view.clone()
    }

    fn seal_frame(&mut self, kind: FrameKind, frame: &[u8]) -> Result<Vec<u8>, FrameError> {
        match self.call(Op::Seal { client: self.id, frame_kind: kind, frame: frame.to_vec() }) {
            Ok(Reply { sealed: Some(sealed), .. }) => Ok(sealed),
            Ok(_) => {
                Err(FrameError::Unavailable(Cause::from_text("the answer has no sealed".into())))
            }
            Err(CallError::Driver(DriverError::Frame(e))) => Err(e),
            Err(e) => Err(FrameError::Unavailable(e.cause())),
        }
    }

    fn open_frame_at(
        &mut self,
        kind: FrameKind,
        sealed: &[u8],
        now: Instant,
    ) -> Result<OpenedFrame, FrameError> {
        let now_us = self.session.borrow().now_us(now);
        let op = Op::Open { client: self.id, frame_kind: kind, sealed: sealed.to_vec(), now_us };
        match self.call(op) {
            Ok(Reply { opened: Some(opened), .. }) => Ok(opened),
            Ok(_) => {
                Err(FrameError::Unavailable(Cause::from_text("the answer has no opened".into())))
            }
            Err(CallError::Driver(DriverError::Frame(e))) => Err(e),
            Err(e) => Err(FrameError::Unavailable(e.cause())),
        }
    }

    fn checkpoint(&self) -> Checkpoint {
        // A checkpoint the driver could not take has no id: rolling back to
        // it fails with the protocol's error.
        let id = self.call(Op::Checkpoint { client: self.id }).ok().and_then(|r| r.checkpoint);
        Checkpoint::new(
            self.uid,
            (DriverCheckpoint { session: Rc::clone(&self.session), id }, self.view.clone()),
        )
    }

    fn rollback(&mut self, checkpoint: &Checkpoint) -> Result<(), RollbackError> {
        if checkpoint.uid != self.uid {
            return Err(RollbackError::OtherUser { taken_by: checkpoint.uid, uid: self.uid });
        }
        let Some((saved, _)) = checkpoint.state::<(DriverCheckpoint, ClientView)>() else {
            return Err(RollbackError::OtherImplementation);
        };
        if !Rc::ptr_eq(&saved.session, &self.session) {
            return Err(RollbackError::OtherImplementation);
        }
        let Some(id) = saved.id else {
            return Err(RollbackError::Unavailable(Cause::from_text(
                "the driver could not take this checkpoint".into(),
            )));
        };
        match self.call(Op::Rollback { client: self.id, checkpoint: id }) {
            Ok(mut reply) => {
                self.update(&mut reply);
                Ok(())
            }
            Err(CallError::Driver(DriverError::Rollback(e))) => Err(e),
            Err(e) => Err(RollbackError::Unavailable(e.cause())),
        }
    }

    fn commit_remove(&mut self, uid: Uid) -> Result<Vec<Message>, MemberCommitError> {
        let reply = self.call(Op::CommitRemove { client: self.id, uid });
        self.member_commit(reply)
    }

    fn steal(&self) -> Result<Box<dyn Client>, CreateError> {
        let reply = self.call(Op::Steal { client: self.id });
        new_client(&self.session, self.uid, reply)
    }

    fn commit_add(
        &mut self,
        uid: Uid,
        key_package: &[u8],
    ) -> Result<Vec<Message>, MemberCommitError> {
        let op = Op::CommitAdd { client: self.id, uid, key_package: key_package.to_vec() };
        let reply = self.call(op);
        self.member_commit(reply)
    }
}

impl DriverClient {
    fn member_commit(
        &mut self,
        reply: Result<Reply, CallError>,
    ) -> Result<Vec<Message>, MemberCommitError> {
        match reply {
            Ok(mut reply) => {
                self.update(&mut reply);
                reply.messages.ok_or_else(|| {
                    MemberCommitError::Unavailable(Cause::from_text(
                        "the answer has no messages".into(),
                    ))
                })
            }
            Err(CallError::Driver(DriverError::MemberCommit(e))) => Err(e),
            Err(e) => Err(MemberCommitError::Unavailable(e.cause())),
        }
    }
}
