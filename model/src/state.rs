//! The whole model state: the log and every user (`docs/protocol.md`, "Users
//! and the log").

use crate::compromise::Stolen;
use crate::log::Log;
use crate::uid_set::UidSet;
use crate::user::{Local, User};
use dcverify_protocol::Uid;
use std::sync::Arc;

/// The log and the users; user `u` is `users[u - 1]`. A uid is used once it is
/// in `users`, so the next joiner is `users.len() + 1`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct State {
    pub log: Log,
    pub users: Vec<User>,
    /// How many of the hostile server's steps have been taken (always 0 with
    /// an honest server, so its states are exactly the honest model's).
    pub attacks_used: u8,
    /// Users that failed after the server's first step (`NoPermanentFailure`).
    pub failed_under_attack: UidSet,
    /// The attacker's copies of users' states, in the order it stole them
    /// (always empty without `--compromises`; `docs/pcs.md`).
    pub stolen: Vec<Stolen>,
}

impl State {
    /// User 1 has founded the room: a member at epoch 0, reading from position 0.
    pub fn initial() -> Self {
        State {
            log: Log::new(),
            users: vec![User::alive(Local::founder(1, 0))],
            attacks_used: 0,
            failed_under_attack: UidSet::EMPTY,
            stolen: Vec::new(),
        }
    }

    /// A state with an honest server's history: `log` and `users` only.
    pub fn from_parts(log: Log, users: Vec<User>) -> Self {
        State {
            log,
            users,
            attacks_used: 0,
            failed_under_attack: UidSet::EMPTY,
            stolen: Vec::new(),
        }
    }

    pub fn user(&self, u: Uid) -> Option<&User> {
        self.users.get(usize::from(u).checked_sub(1)?)
    }

    pub fn local(&self, u: Uid) -> Option<&Local> {
        self.user(u).and_then(User::local)
    }

    pub fn local_mut(&mut self, u: Uid) -> Option<&mut Local> {
        match self.users.get_mut(usize::from(u).checked_sub(1)?)? {
            User::Alive(l) => Some(Arc::make_mut(l)),
            User::Left => None,
        }
    }

    /// Alive users (failed ones included) with their uid, in uid order.
    pub fn alive(&self) -> impl Iterator<Item = (Uid, &Local)> {
        self.users.iter().enumerate().filter_map(|(i, user)| Some((i as Uid + 1, user.local()?)))
    }

    pub fn alive_set(&self) -> UidSet {
        self.alive().map(|(u, _)| u).collect()
    }

    /// How many uids have been handed out (founder included).
    pub fn joined_count(&self) -> usize {
        self.users.len()
    }

    pub fn left_count(&self) -> usize {
        self.users.iter().filter(|u| matches!(u, User::Left)).count()
    }

    /// `u` can read: alive, not failed, and an entry it has not read.
    pub fn can_read(&self, u: Uid) -> bool {
        self.local(u).is_some_and(|l| l.can_read(self.log.len()))
    }

    /// `u` can send: alive, not failed, and something in its outbox.
    pub fn can_send(&self, u: Uid) -> bool {
        self.local(u).is_some_and(Local::can_send)
    }

    /// No user can take a step: the room stays as it is unless someone joins or leaves.
    pub fn quiescent(&self) -> bool {
        self.alive().all(|(_, l)| !l.can_read(self.log.len()) && !l.can_send())
    }
}

/// The state in the protocol's own terms (the stateright Explorer shows this).
impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.attacks_used > 0 {
            writeln!(f, "server steps taken: {}", self.attacks_used)?;
        }
        for s in &self.stolen {
            let node = s.group.as_ref().map_or("no group".to_string(), |g| g.to_string());
            writeln!(f, "attacker holds a copy of user {} ({node}, cursor {})", s.of, s.cursor)?;
        }
        writeln!(f, "log:")?;
        for (i, e) in self.log.iter().enumerate() {
            writeln!(f, "  {i:>2}. {e}")?;
        }
        for (i, user) in self.users.iter().enumerate() {
            let uid = i + 1;
            match user {
                User::Left => writeln!(f, "user {uid}: left")?,
                User::Alive(l) => {
                    let group = l
                        .group
                        .as_ref()
                        .map_or("no group".to_string(), |g| format!("epoch {} = {g}", g.number()));
                    let dc = if l.believes_dc() { ", believes it is DC" } else { "" };
                    let failed = if l.failed { ", FAILED" } else { "" };
                    let removed = if l.removed { ", REMOVED while present" } else { "" };
                    writeln!(f, "user {uid}: {group}{dc}{failed}{removed}")?;
                    writeln!(
                        f,
                        "  cursor {}, before_me {}, left_seen {}, pending adds {:?}, pending removes {:?}",
                        l.cursor, l.before_me, l.left_seen, l.pending_adds, l.pending_removes
                    )?;
                    if !l.outbox.is_empty() {
                        let out: Vec<String> = l.outbox.iter().map(|e| e.to_string()).collect();
                        writeln!(f, "  outbox: {}", out.join(", "))?;
                    }
                }
            }
        }
        Ok(())
    }
}
