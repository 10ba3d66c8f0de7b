//! The simulated delivery service (PROTOCOL.md, "Users and the log"): the
//! ordered log, each user's cursor and outbox, joins that create real
//! clients, and leaves or crashes that drop the client and its outbox.
//! It takes the model's steps (`Join`, `Leave(u)`, `Read(u)`, `Send(u)`).

use dcverify_impl::wire::batch_len;
use dcverify_impl::{Client, ClientView, Message, Mutant, ReadOutcome, WireEntry};
use dcverify_model::{Action, Profile, Uid};
use std::collections::VecDeque;
use std::fmt;
use std::time::{Duration, Instant};

/// An alive user as the delivery service holds it.
pub struct Seat {
    pub client: Client,
    pub cursor: usize,
    pub outbox: VecDeque<Message>,
}

pub enum Slot {
    Alive(Box<Seat>),
    Left,
}

/// Why a step could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DsError {
    /// The step is not enabled here (e.g. reading past the end of the log).
    NotEnabled { action: Action, why: String },
    /// The client rejected the entry it read (it is unchanged; the cursor did not move).
    Read { uid: Uid, position: usize, error: String },
    /// Creating a client failed.
    Create { uid: Uid, error: String },
}

impl fmt::Display for DsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DsError::NotEnabled { action, why } => write!(f, "{action} is not enabled: {why}"),
            DsError::Read { uid, position, error } => {
                write!(f, "user {uid} rejected log[{position}]: {error}")
            }
            DsError::Create { uid, error } => write!(f, "creating user {uid}: {error}"),
        }
    }
}

impl std::error::Error for DsError {}

pub struct DeliveryService {
    profile: Profile,
    log: Vec<WireEntry>,
    users: Vec<Slot>,
    mutant: Option<Mutant>,
    /// Time spent inside clients (OpenMLS and the client's own bookkeeping).
    client_time: Duration,
}

impl DeliveryService {
    /// A room founded by user 1, as in the model's initial state.
    pub fn new(profile: Profile) -> Result<Self, DsError> {
        DeliveryService::with_mutant(profile, None)
    }

    /// Like [`DeliveryService::new`], every client made wrong on purpose.
    pub fn with_mutant(profile: Profile, mutant: Option<Mutant>) -> Result<Self, DsError> {
        let mut ds = DeliveryService {
            profile,
            log: Vec::new(),
            users: Vec::new(),
            mutant,
            client_time: Duration::ZERO,
        };
        let founder = ds.create(1, true)?;
        ds.users.push(Slot::Alive(Box::new(Seat {
            client: founder,
            cursor: 0,
            outbox: VecDeque::new(),
        })));
        Ok(ds)
    }

    fn create(&mut self, uid: Uid, founds: bool) -> Result<Client, DsError> {
        let start = Instant::now();
        let room = self.alive().map(|(u, _)| u).collect();
        let made = if founds {
            Client::founder(uid, self.profile)
        } else {
            Client::joiner_in_room(uid, self.profile, room)
        };
        let mut client = made.map_err(|e| DsError::Create { uid, error: e.to_string() })?;
        client.set_mutant(self.mutant);
        self.client_time += start.elapsed();
        Ok(client)
    }

    pub fn log(&self) -> &[WireEntry] {
        &self.log
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

    pub fn view(&self, uid: Uid) -> Option<ClientView> {
        self.seat(uid).map(|s| s.client.view())
    }

    pub fn client_mut(&mut self, uid: Uid) -> Option<&mut Client> {
        self.seat_mut(uid).map(|s| &mut s.client)
    }

    pub fn client_time(&self) -> Duration {
        self.client_time
    }

    pub fn left_count(&self) -> usize {
        self.users.iter().filter(|s| matches!(s, Slot::Left)).count()
    }

    /// The steps a user could take now (reads and sends of alive, not failed
    /// users, leaves of alive ones), before any bound; `Join` is always possible.
    pub fn enabled(&self, actions: &mut Vec<Action>) {
        actions.push(Action::Join);
        for (uid, seat) in self.alive() {
            actions.push(Action::Leave(uid));
            let failed = seat.client.view().failed;
            if !failed && seat.cursor < self.log.len() {
                actions.push(Action::Read(uid));
            }
            if !failed && !seat.outbox.is_empty() {
                actions.push(Action::Send(uid));
            }
        }
    }

    /// Takes one step. `Leave` hands back the dropped client (for checking what
    /// a removed member can still open); every other step returns `None`.
    pub fn apply(&mut self, action: Action) -> Result<Option<Client>, DsError> {
        match action {
            Action::Join => self.join().map(|_| None),
            Action::Leave(u) => self.leave(u).map(Some),
            Action::Read(u) => self.read(u).map(|_| None),
            Action::Send(u) => self.send(u).map(|_| None),
        }
    }

    /// `Join`: the next uid enters with a KeyPackage; it founds a group if nobody is alive.
    pub fn join(&mut self) -> Result<Uid, DsError> {
        let uid = Uid::try_from(self.users.len() + 1)
            .map_err(|_| DsError::NotEnabled { action: Action::Join, why: "no uid left".into() })?;
        let founds = self.alive().next().is_none();
        let client = self.create(uid, founds)?;
        let start = Instant::now();
        let key_package =
            client.key_package().map_err(|e| DsError::Create { uid, error: e.to_string() })?;
        self.client_time += start.elapsed();
        self.log.push(WireEntry::Joined { uid, key_package });
        let cursor = self.log.len();
        self.users.push(Slot::Alive(Box::new(Seat { client, cursor, outbox: VecDeque::new() })));
        Ok(uid)
    }

    /// `Leave(u)`: `Left(u)` is appended; the client and its outbox are dropped (and handed back).
    pub fn leave(&mut self, uid: Uid) -> Result<Client, DsError> {
        let not_alive = || DsError::NotEnabled {
            action: Action::Leave(uid),
            why: format!("user {uid} is not alive"),
        };
        let slot = self
            .users
            .get_mut(usize::from(uid).checked_sub(1).ok_or_else(not_alive)?)
            .ok_or_else(not_alive)?;
        let Slot::Alive(seat) = std::mem::replace(slot, Slot::Left) else {
            return Err(not_alive());
        };
        self.log.push(WireEntry::Left { uid });
        Ok(seat.client)
    }

    /// `Read(u)`: `u` reads the entry at its cursor; what it produces goes to its outbox.
    pub fn read(&mut self, uid: Uid) -> Result<ReadOutcome, DsError> {
        let action = Action::Read(uid);
        let log_len = self.log.len();
        let seat = self
            .seat_mut(uid)
            .ok_or(DsError::NotEnabled { action, why: format!("user {uid} is not alive") })?;
        if seat.cursor >= log_len {
            return Err(DsError::NotEnabled {
                action,
                why: format!("user {uid} has read the whole log"),
            });
        }
        let position = seat.cursor;
        let entry = self.log[position].clone();
        let Some(seat) = self.seat_mut(uid) else {
            return Err(DsError::NotEnabled { action, why: "gone".into() });
        };
        let start = Instant::now();
        let result = seat.client.read(&entry);
        let spent = start.elapsed();
        let outcome = result.map_err(|e| DsError::Read { uid, position, error: e.to_string() })?;
        seat.cursor += 1;
        seat.outbox.extend(outcome.outgoing.iter().cloned());
        self.client_time += spent;
        Ok(outcome)
    }

    /// `Send(u)`: the head of `u`'s outbox is appended to the log (under
    /// `fixed`, an Add's Welcome with its commit).
    pub fn send(&mut self, uid: Uid) -> Result<(), DsError> {
        let action = Action::Send(uid);
        let profile = self.profile;
        let seat = self
            .seat_mut(uid)
            .ok_or(DsError::NotEnabled { action, why: format!("user {uid} is not alive") })?;
        if seat.client.view().failed {
            return Err(DsError::NotEnabled { action, why: format!("user {uid} has failed") });
        }
        if seat.outbox.is_empty() {
            return Err(DsError::NotEnabled {
                action,
                why: format!("user {uid}'s outbox is empty"),
            });
        }
        let n = batch_len(profile, seat.outbox.make_contiguous());
        let batch: Vec<Message> = seat.outbox.drain(..n).collect();
        self.log.extend(batch.into_iter().map(WireEntry::from));
        Ok(())
    }
}
