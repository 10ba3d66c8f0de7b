//! A driver's side of the protocol for any in-process implementation: reads
//! requests line by line, keeps the clients and checkpoints they name, and
//! writes one response per request. `dcverify driver` runs it over OpenMLS,
//! so the protocol is tested against the reference client.

use crate::message::{CheckpointId, ClientId, DriverError, Op, Reply, Request, Response};
use crate::PROTOCOL_VERSION;
use dcverify_protocol::{Checkpoint, Client, Implementation};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

/// What a driver makes its implementation from: the `start` request's seed
/// and mutant; an error refuses the session (an unknown mutant, say).
pub type MakeImplementation<'a> =
    dyn Fn(Option<u64>, Option<&str>) -> Result<Box<dyn Implementation>, String> + 'a;

/// One session's clients and checkpoints.
struct Session {
    implementation: Box<dyn Implementation>,
    clients: BTreeMap<ClientId, Box<dyn Client>>,
    checkpoints: BTreeMap<CheckpointId, Checkpoint>,
    next_handle: u64,
    /// The runner's clock: `now_us` counts from here.
    origin: Instant,
}

/// Serves one session: `start` first, then any requests, until `input`
/// ends. Only a failure to read or write the pipes ends it early; every
/// bad request gets an error response.
pub fn serve(
    input: impl BufRead,
    mut output: impl Write,
    make: &MakeImplementation<'_>,
) -> std::io::Result<()> {
    let mut session: Option<Session> = None;
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let response = match serde_json::from_str::<Request>(&line) {
            Ok(Request { id, op }) => {
                let result = match (&mut session, op) {
                    (Some(_), Op::Start { .. }) => {
                        Err(DriverError::Start { message: "already started".into() })
                    }
                    (None, Op::Start { protocol, seed, mutant }) => {
                        start(protocol, seed, mutant.as_deref(), make).map(|(s, reply)| {
                            session = Some(s);
                            reply
                        })
                    }
                    (Some(s), op) => s.perform(op),
                    (None, _) => Err(DriverError::Start {
                        message: "the first request must be `start`".into(),
                    }),
                };
                respond(id, result)
            }
            Err(e) => Response {
                id: request_id(&line),
                ok: None,
                error: Some(DriverError::BadRequest { message: e.to_string() }),
            },
        };
        let text = serde_json::to_string(&response).map_err(std::io::Error::other)?;
        writeln!(output, "{text}")?;
        output.flush()?;
    }
    Ok(())
}

/// The id of a line that is not a valid request, if it has one (else 0).
fn request_id(line: &str) -> u64 {
    serde_json::from_str::<serde_json::Value>(line)
        .ok()
        .and_then(|v| v.get("id").and_then(serde_json::Value::as_u64))
        .unwrap_or(0)
}

fn respond(id: u64, result: Result<Reply, DriverError>) -> Response {
    match result.and_then(|reply| {
        serde_json::to_value(reply)
            .map_err(|e| DriverError::BadRequest { message: format!("unencodable reply: {e}") })
    }) {
        Ok(ok) => Response { id, ok: Some(ok), error: None },
        Err(error) => Response { id, ok: None, error: Some(error) },
    }
}

fn start(
    protocol: u32,
    seed: Option<u64>,
    mutant: Option<&str>,
    make: &MakeImplementation<'_>,
) -> Result<(Session, Reply), DriverError> {
    if protocol != PROTOCOL_VERSION {
        return Err(DriverError::Start {
            message: format!(
                "protocol {protocol} asked for; this driver speaks {PROTOCOL_VERSION}"
            ),
        });
    }
    let implementation = make(seed, mutant).map_err(|message| DriverError::Start { message })?;
    let reply = Reply {
        protocol: Some(PROTOCOL_VERSION),
        implementation: Some(implementation.name().to_string()),
        ..Reply::default()
    };
    let session = Session {
        implementation,
        clients: BTreeMap::new(),
        checkpoints: BTreeMap::new(),
        next_handle: 1,
        origin: Instant::now(),
    };
    Ok((session, reply))
}

impl Session {
    fn client(&mut self, client: ClientId) -> Result<&mut Box<dyn Client>, DriverError> {
        self.clients.get_mut(&client).ok_or(DriverError::UnknownClient { client })
    }

    fn handle(&mut self) -> u64 {
        self.next_handle += 1;
        self.next_handle - 1
    }

    /// Keeps a new client and says its handle and view.
    fn keep(&mut self, client: Box<dyn Client>) -> Reply {
        let id = self.handle();
        let view = client.view();
        self.clients.insert(id, client);
        Reply { client: Some(id), view: Some(view), ..Reply::default() }
    }

    fn at(&self, now_us: u64) -> Instant {
        self.origin + Duration::from_micros(now_us)
    }

    fn perform(&mut self, op: Op) -> Result<Reply, DriverError> {
        let view = |c: &dyn Client| Reply { view: Some(c.view()), ..Reply::default() };
        match op {
            Op::Start { .. } => Err(DriverError::Start { message: "already started".into() }),
            Op::Founder { uid, profile } => {
                let c = self.implementation.founder(uid, profile).map_err(DriverError::Create)?;
                Ok(self.keep(c))
            }
            Op::Joiner { uid, profile, room } => {
                let c = self.implementation.joiner(uid, profile, &room);
                Ok(self.keep(c.map_err(DriverError::Create)?))
            }
            Op::ServerClient { uid, profile, nth } => {
                let c = self.implementation.server_client(uid, profile, nth);
                Ok(self.keep(c.map_err(DriverError::Create)?))
            }
            Op::KeyPackage { client } => {
                let kp = self.client(client)?.key_package().map_err(DriverError::Create)?;
                Ok(Reply { key_package: Some(kp), ..Reply::default() })
            }
            Op::Read { client, entry, now_us } => {
                let now = self.at(now_us);
                let c = self.client(client)?;
                let outcome = c.read_at(&entry, now).map_err(DriverError::Read)?;
                Ok(Reply { outcome: Some(outcome), ..view(c.as_ref()) })
            }
            Op::View { client } => Ok(view(self.client(client)?.as_ref())),
            Op::Seal { client, frame_kind, frame } => {
                let sealed = self
                    .client(client)?
                    .seal_frame(frame_kind, &frame)
                    .map_err(DriverError::Frame)?;
                Ok(Reply { sealed: Some(sealed), ..Reply::default() })
            }
            Op::Open { client, frame_kind, sealed, now_us } => {
                let now = self.at(now_us);
                let opened = self
                    .client(client)?
                    .open_frame_at(frame_kind, &sealed, now)
                    .map_err(DriverError::Frame)?;
                Ok(Reply { opened: Some(opened), ..Reply::default() })
            }
            Op::Checkpoint { client } => {
                let checkpoint = self.client(client)?.checkpoint();
                let id = self.handle();
                self.checkpoints.insert(id, checkpoint);
                Ok(Reply { checkpoint: Some(id), ..Reply::default() })
            }
            Op::Rollback { client, checkpoint } => {
                let Some(saved) = self.checkpoints.get(&checkpoint) else {
                    return Err(DriverError::UnknownCheckpoint { checkpoint });
                };
                let c =
                    self.clients.get_mut(&client).ok_or(DriverError::UnknownClient { client })?;
                c.rollback(saved).map_err(DriverError::Rollback)?;
                Ok(view(c.as_ref()))
            }
            Op::CommitRemove { client, uid } => {
                let c = self.client(client)?;
                let messages = c.commit_remove(uid).map_err(DriverError::MemberCommit)?;
                Ok(Reply { messages: Some(messages), ..view(c.as_ref()) })
            }
            Op::CommitAdd { client, uid, key_package } => {
                let c = self.client(client)?;
                let messages =
                    c.commit_add(uid, &key_package).map_err(DriverError::MemberCommit)?;
                Ok(Reply { messages: Some(messages), ..view(c.as_ref()) })
            }
            Op::Steal { client } => {
                let copy = self.client(client)?.steal().map_err(DriverError::Create)?;
                Ok(self.keep(copy))
            }
            Op::ForgetClient { client } => {
                self.clients.remove(&client).ok_or(DriverError::UnknownClient { client })?;
                Ok(Reply::default())
            }
            Op::ForgetCheckpoint { checkpoint } => {
                self.checkpoints
                    .remove(&checkpoint)
                    .ok_or(DriverError::UnknownCheckpoint { checkpoint })?;
                Ok(Reply::default())
            }
        }
    }
}
