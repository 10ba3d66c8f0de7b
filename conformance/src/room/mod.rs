//! The simulated room: the delivery service's ordered log, each user's
//! cursor and outbox, joins that create clients of the implementation under
//! test, and leaves or crashes that drop the client and its outbox
//! (`docs/protocol.md`, "Users and the log"). It takes the protocol's steps
//! (`Join`, `Leave(u)`, `Read(u)`, `Send(u)`), one at a time for replays
//! and recordings or until quiet ([`Room::settle`]) for scenarios.
//!
//! What each user reads passes through the room's delivery plan
//! ([`delivery::Delivery`]): honest by default, or a seeded plan of faults
//! given as data ([`delivery::LogFaults`]) for a hostile delivery service,
//! which may also append entries of its own ([`Room::announce`]).

pub mod delivery;
pub mod garbage;
pub mod keyring;
mod server_steps;
pub mod stolen;

use crate::room::delivery::{Delivery, LogFaults};
use dcverify_protocol::{
    Action, Client, ClientView, CreateError, Implementation, Message, Profile, ReadError,
    ReadOutcome, Uid, WireEntry,
};
use std::collections::{BTreeSet, VecDeque};
use std::fmt;
use std::time::{Duration, Instant};

/// An alive user as the delivery service holds it.
pub struct Seat {
    pub client: Box<dyn Client>,
    pub cursor: usize,
    /// What the client produced and has not sent yet, one batch per `Send`.
    pub outbox: VecDeque<Vec<Message>>,
}

pub enum Slot {
    Alive(Box<Seat>),
    Left,
}

/// Why a step is not enabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disabled {
    NotAlive,
    Failed,
    NothingToRead,
    NothingToSend,
    NoUidLeft,
    /// A server step's reader has no entry where the step needs one.
    NoSuchEntry,
    /// A server commit needs a client of the server in the epoch user `at` holds.
    NoServerLeaf,
    /// The attacker has a copy of this user's state already.
    StolenAlready,
}

impl fmt::Display for Disabled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Disabled::NotAlive => "the user is not alive",
            Disabled::Failed => "the user has failed or was removed",
            Disabled::NothingToRead => "the user has read the whole log",
            Disabled::NothingToSend => "the user's outbox is empty",
            Disabled::NoUidLeft => "no uid is left",
            Disabled::NoSuchEntry => "there is no such entry for the user to be given",
            Disabled::NoServerLeaf => "no client of the server holds the epoch the user holds",
            Disabled::StolenAlready => "the attacker holds a copy of the user's state already",
        })
    }
}

/// Why a step could not be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoomError {
    #[error("{action} is not enabled: {why}")]
    NotEnabled { action: Action, why: Disabled },
    #[error("creating user {uid}: {error}")]
    Create {
        uid: Uid,
        #[source]
        error: CreateError,
    },
    /// A client the server holds could not make the commit a server step asks for.
    #[error("{step}: the server's client could not commit: {error}")]
    ServerCommit {
        step: dcverify_protocol::ServerStep,
        #[source]
        error: dcverify_protocol::MemberCommitError,
    },
    /// The client rejected an entry delivered to it (it is unchanged).
    #[error("user {uid} rejected log[{position}]: {error}")]
    Rejected {
        uid: Uid,
        position: usize,
        #[source]
        error: ReadError,
    },
}

/// What a `Read` delivered to the reader and what the client made of it.
#[derive(Debug, Default)]
pub struct Reading {
    pub position: usize,
    /// One outcome per entry the client accepted, in delivery order.
    pub outcomes: Vec<ReadOutcome>,
    /// The entries the client rejected.
    pub rejected: Vec<RoomError>,
}

/// A client the server made and holds: a leaf labelled `label` once a DC
/// adds its KeyPackage. It follows the log's Welcomes and commits (never
/// announcements: it does not play the protocol), so it holds what the
/// server can read.
pub struct ServerClient {
    pub label: Uid,
    pub client: Box<dyn Client>,
    pub cursor: usize,
}

/// How a user enters the room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinAs {
    /// As the protocol says: it founds a group only if nobody is alive.
    Honest,
    /// Told by the server that nobody is in the room: it founds a group.
    Founder,
    /// The server puts a KeyPackage of its own (for the joiner's uid, made
    /// by a client it keeps) in the joiner's `Joined`.
    WithServerKeyPackage,
}

pub struct Room<'i> {
    implementation: &'i dyn Implementation,
    profile: Profile,
    log: Vec<WireEntry>,
    /// Positions of the entries the server wrote on its own.
    announced: BTreeSet<usize>,
    users: Vec<Slot>,
    /// Clients the server made for itself (KeyPackage substitutions, ghosts,
    /// a model trace's `ServerJoin`), each following the log from its cursor.
    server_clients: Vec<ServerClient>,
    /// Every epoch the server's clients reached, for reading frames.
    server_keyring: keyring::Keyring,
    delivery: Delivery,
    /// Time spent inside clients (the implementation under test).
    client_time: Duration,
    /// Entries clients rejected while the room settled.
    rejections: Vec<RoomError>,
    /// The attacker's copies of compromised clients (`docs/pcs.md`).
    stolen: Vec<stolen::StolenCopy>,
}

impl<'i> Room<'i> {
    /// A room founded by user 1 (as in the model's initial state), honest.
    pub fn new(
        implementation: &'i dyn Implementation,
        profile: Profile,
    ) -> Result<Self, RoomError> {
        let mut room = Room {
            implementation,
            profile,
            log: Vec::new(),
            announced: BTreeSet::new(),
            users: Vec::new(),
            server_clients: Vec::new(),
            server_keyring: keyring::Keyring::default(),
            delivery: Delivery::honest(),
            client_time: Duration::ZERO,
            rejections: Vec::new(),
            stolen: Vec::new(),
        };
        let founder = room
            .timed(|i| i.founder(1, profile))
            .map_err(|error| RoomError::Create { uid: 1, error })?;
        room.users.push(Slot::Alive(Box::new(Seat {
            client: founder,
            cursor: 0,
            outbox: VecDeque::new(),
        })));
        Ok(room)
    }

    /// From now on, what users read passes through `faults` (positions in
    /// the plan count from the log's current end), drawing from `seed`.
    pub fn attack(&mut self, faults: &LogFaults, seed: u64) {
        self.delivery = Delivery::new(faults.clone(), self.log.len(), seed);
    }

    fn timed<T>(&mut self, f: impl FnOnce(&'i dyn Implementation) -> T) -> T {
        let start = Instant::now();
        let out = f(self.implementation);
        self.client_time += start.elapsed();
        out
    }

    pub fn profile(&self) -> Profile {
        self.profile
    }

    pub fn log(&self) -> &[WireEntry] {
        &self.log
    }

    /// Log entry `i` as the model writes it: a `Joined` the server wrote
    /// carries its own KeyPackage (`Joined(S2)`), and a commit it wrote from
    /// nobody is garbage.
    pub fn entry_text(&self, i: usize) -> String {
        match &self.log[i] {
            WireEntry::Joined { uid, .. } if self.announced.contains(&i) => {
                format!("Joined(S{uid})")
            }
            WireEntry::Commit { from: 0, .. } if self.announced.contains(&i) => "Garbage".into(),
            entry => entry.to_string(),
        }
    }

    pub fn users(&self) -> &[Slot] {
        &self.users
    }

    pub fn seat(&self, uid: Uid) -> Option<&Seat> {
        match self.users.get(usize::from(uid).checked_sub(1)?)? {
            Slot::Alive(seat) => Some(seat),
            Slot::Left => None,
        }
    }

    fn seat_mut(&mut self, uid: Uid) -> Option<&mut Seat> {
        match self.users.get_mut(usize::from(uid).checked_sub(1)?)? {
            Slot::Alive(seat) => Some(seat),
            Slot::Left => None,
        }
    }

    /// Alive users, in uid order.
    pub fn alive(&self) -> impl Iterator<Item = (Uid, &Seat)> {
        self.users.iter().enumerate().filter_map(|(i, s)| match s {
            Slot::Alive(seat) => Some((i as Uid + 1, &**seat)),
            Slot::Left => None,
        })
    }

    /// Every user who ever joined (the server's own entries name no user).
    pub fn joined(&self) -> BTreeSet<Uid> {
        (1..=self.users.len()).filter_map(|u| Uid::try_from(u).ok()).collect()
    }

    pub fn view(&self, uid: Uid) -> Option<ClientView> {
        self.seat(uid).map(|s| s.client.view())
    }

    pub fn client_mut(&mut self, uid: Uid) -> Option<&mut (dyn Client + 'static)> {
        self.seat_mut(uid).map(|s| &mut *s.client)
    }

    pub fn client_time(&self) -> Duration {
        self.client_time
    }

    pub fn left_count(&self) -> usize {
        self.users.iter().filter(|s| matches!(s, Slot::Left)).count()
    }

    /// The entries clients rejected while the room settled.
    pub fn rejections(&self) -> &[RoomError] {
        &self.rejections
    }

    /// Why `action` is not enabled here, if it is not (the room's own rule:
    /// alive and not failed users read what they have not read and send
    /// what they have; anyone alive may leave; anyone may join).
    pub fn disabled(&self, action: Action) -> Option<Disabled> {
        let user = |u: Uid| self.seat(u).ok_or(Disabled::NotAlive);
        // Failed, or removed from its group while present: it takes no step.
        let stopped = |s: &Seat| {
            let view = s.client.view();
            view.failed || view.removed
        };
        match action {
            Action::Join => Uid::try_from(self.users.len() + 1).err().map(|_| Disabled::NoUidLeft),
            Action::Leave(u) => user(u).err(),
            Action::Read(u) => match user(u) {
                Err(why) => Some(why),
                Ok(s) if stopped(s) => Some(Disabled::Failed),
                Ok(s) if s.cursor >= self.log.len() => Some(Disabled::NothingToRead),
                Ok(_) => None,
            },
            Action::Send(u) => match user(u) {
                Err(why) => Some(why),
                Ok(s) if stopped(s) => Some(Disabled::Failed),
                Ok(s) if s.outbox.is_empty() => Some(Disabled::NothingToSend),
                Ok(_) => None,
            },
            Action::Server(step) => self.server_step_disabled(step),
            Action::Compromise(u) => self.compromise_disabled(u),
        }
    }

    /// The steps that could be taken now, before any bound.
    pub fn enabled(&self, actions: &mut Vec<Action>) {
        let candidates = std::iter::once(Action::Join).chain(
            self.alive().flat_map(|(u, _)| [Action::Leave(u), Action::Read(u), Action::Send(u)]),
        );
        actions.extend(candidates.filter(|&a| self.disabled(a).is_none()));
    }

    fn check(&self, action: Action) -> Result<(), RoomError> {
        match self.disabled(action) {
            Some(why) => Err(RoomError::NotEnabled { action, why }),
            None => Ok(()),
        }
    }

    /// Takes one step. `Leave` hands back the dropped client (for checking
    /// what a removed member can still open); a `Read` what it delivered.
    pub fn apply(&mut self, action: Action) -> Result<Step, RoomError> {
        let step = self.apply_step(action)?;
        self.copies_follow();
        Ok(step)
    }

    fn apply_step(&mut self, action: Action) -> Result<Step, RoomError> {
        Ok(match action {
            Action::Join => Step::Joined(self.join()?),
            Action::Leave(u) => Step::Left(self.leave(u)?),
            Action::Read(u) => Step::Read(self.read(u)?),
            Action::Send(u) => {
                self.send(u)?;
                Step::Sent
            }
            Action::Server(step) => self.server_step(step)?,
            Action::Compromise(u) => self.compromise(u)?,
        })
    }

    /// `Join`: the next uid enters with a KeyPackage; it founds a group if nobody is alive.
    pub fn join(&mut self) -> Result<Uid, RoomError> {
        self.join_as(JoinAs::Honest)
    }

    /// The next uid enters the room as `how` says.
    pub fn join_as(&mut self, how: JoinAs) -> Result<Uid, RoomError> {
        self.check(Action::Join)?;
        let uid = Uid::try_from(self.users.len() + 1).map_err(|_| RoomError::NotEnabled {
            action: Action::Join,
            why: Disabled::NoUidLeft,
        })?;
        let profile = self.profile;
        let founds = how == JoinAs::Founder || self.alive().next().is_none();
        let room: BTreeSet<Uid> = self.alive().map(|(u, _)| u).collect();
        let create = |error| RoomError::Create { uid, error };
        let client = self
            .timed(|i| if founds { i.founder(uid, profile) } else { i.joiner(uid, profile, &room) })
            .map_err(create)?;
        let key_package = match how {
            JoinAs::Honest | JoinAs::Founder => {
                self.timed(|_| client.key_package()).map_err(create)?
            }
            JoinAs::WithServerKeyPackage => self.server_key_package(uid)?,
        };
        self.log.push(WireEntry::Joined { uid, key_package });
        let cursor = self.log.len();
        self.users.push(Slot::Alive(Box::new(Seat { client, cursor, outbox: VecDeque::new() })));
        Ok(uid)
    }

    /// A KeyPackage for `uid` whose private keys the server holds (basic
    /// credentials bind no key to a uid).
    pub fn server_key_package(&mut self, uid: Uid) -> Result<Vec<u8>, RoomError> {
        let profile = self.profile;
        let create = |error| RoomError::Create { uid, error };
        let nth = self.server_clients.len();
        let impostor = self.timed(|i| i.server_client(uid, profile, nth)).map_err(create)?;
        let key_package = impostor.key_package().map_err(create)?;
        let cursor = self.log.len();
        self.server_keyring.wait(nth, impostor.as_ref());
        self.server_clients.push(ServerClient { label: uid, client: impostor, cursor });
        Ok(key_package)
    }

    /// The server appends an entry of its own (a false `Left`, a `Joined`
    /// for nobody, ...).
    pub fn announce(&mut self, entry: WireEntry) {
        self.announced.insert(self.log.len());
        self.log.push(entry);
    }

    /// `Leave(u)`: `Left(u)` is appended; the client and its outbox are dropped (and handed back).
    pub fn leave(&mut self, uid: Uid) -> Result<Box<dyn Client>, RoomError> {
        self.check(Action::Leave(uid))?;
        let index = usize::from(uid) - 1;
        let Slot::Alive(seat) = std::mem::replace(&mut self.users[index], Slot::Left) else {
            return Err(RoomError::NotEnabled {
                action: Action::Leave(uid),
                why: Disabled::NotAlive,
            });
        };
        self.log.push(WireEntry::Left { uid });
        Ok(seat.client)
    }

    /// `Read(u)`: the entry at `u`'s cursor passes through the delivery plan
    /// and `u` reads what arrives; what it produces goes to its outbox.
    pub fn read(&mut self, uid: Uid) -> Result<Reading, RoomError> {
        self.check(Action::Read(uid))?;
        let position = self.seat(uid).map_or(0, |s| s.cursor);
        let delivered = self.delivery.deliver(uid, position, &self.log, &self.announced);
        let mut reading = Reading { position, ..Reading::default() };
        let mut spent = Duration::ZERO;
        if let Some(seat) = self.seat_mut(uid) {
            seat.cursor += 1;
            for entry in delivered {
                let start = Instant::now();
                let result = seat.client.read(&entry);
                spent += start.elapsed();
                match result {
                    Ok(outcome) => {
                        seat.outbox.extend(outcome.batches.iter().cloned());
                        reading.outcomes.push(outcome);
                    }
                    Err(error) => {
                        reading.rejected.push(RoomError::Rejected { uid, position, error })
                    }
                }
            }
        }
        self.client_time += spent;
        Ok(reading)
    }

    /// `Send(u)`: the head batch of `u`'s outbox is appended to the log
    /// (under `fixed`, an Add's Welcome with its commit).
    pub fn send(&mut self, uid: Uid) -> Result<(), RoomError> {
        self.check(Action::Send(uid))?;
        let batch = self.seat_mut(uid).and_then(|s| s.outbox.pop_front()).unwrap_or_default();
        self.log.extend(batch.into_iter().map(WireEntry::from));
        Ok(())
    }

    /// Everyone reads everything there is, sending what they produce right
    /// away, until nobody can read (at most `10_000` rounds). Entries clients
    /// reject are kept in [`Room::rejections`].
    pub fn settle(&mut self) {
        for _ in 0..10_000 {
            let mut progressed = false;
            let uids: Vec<Uid> = self.alive().map(|(u, _)| u).collect();
            for uid in uids {
                let Ok(reading) = self.read(uid) else { continue };
                progressed = true;
                self.rejections.extend(reading.rejected);
                while self.send(uid).is_ok() {}
            }
            if !progressed {
                return;
            }
        }
    }
}

/// What one step did in the room.
pub enum Step {
    Joined(Uid),
    Left(Box<dyn Client>),
    Read(Reading),
    Sent,
    /// The attacker copied a user's client (`Room::stolen`).
    Stolen,
}
