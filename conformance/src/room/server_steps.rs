//! A hostile server's steps from a model trace, carried out with real
//! messages (`docs/threat-model.md`, "The server's steps"): what the room
//! gives a user and when, what it announces, and commits made through the
//! clients it holds (its injected KeyPackages).

use super::garbage::garbage_commit;
use super::{Disabled, Reading, Room, RoomError, ServerClient, Step};
use dcverify_protocol::{Action, Cause, MemberCommitError, Message, ServerStep, Uid, WireEntry};

impl Room<'_> {
    /// Why the server step cannot be carried out here, if it cannot (the
    /// model decides whether it is allowed; this is what the room needs).
    pub(super) fn server_step_disabled(&self, step: ServerStep) -> Option<Disabled> {
        let cursor = |u: Uid| self.seat(u).map(|s| s.cursor);
        match step {
            ServerStep::Withhold(u) => match cursor(u) {
                None => Some(Disabled::NotAlive),
                Some(c) if c >= self.log.len() => Some(Disabled::NothingToRead),
                Some(_) => None,
            },
            ServerStep::Reorder(u) => match cursor(u) {
                None => Some(Disabled::NotAlive),
                Some(c) if c + 1 >= self.log.len() => Some(Disabled::NoSuchEntry),
                Some(_) => None,
            },
            ServerStep::Redeliver(u, k) => match cursor(u) {
                None => Some(Disabled::NotAlive),
                Some(c) if k >= c => Some(Disabled::NoSuchEntry),
                Some(_) => None,
            },
            ServerStep::FalseLeft(v) => cursor(v).is_none().then_some(Disabled::NotAlive),
            ServerStep::ServerJoin(_) | ServerStep::Garbage(_) => None,
            ServerStep::ServerRemove(at, _) | ServerStep::ServerAdd(at, _) => {
                self.server_client_at(at).is_none().then_some(Disabled::NoServerLeaf)
            }
        }
    }

    /// Carries out one server step.
    pub(super) fn server_step(&mut self, step: ServerStep) -> Result<Step, RoomError> {
        // The server's clients catch up first: a commit needs the epoch now.
        self.server_follows();
        self.check(Action::Server(step))?;
        Ok(match step {
            ServerStep::Withhold(u) => {
                if let Some(seat) = self.seat_mut(u) {
                    seat.cursor += 1;
                }
                Step::Read(Reading {
                    position: self.seat(u).map_or(0, |s| s.cursor - 1),
                    ..Reading::default()
                })
            }
            ServerStep::Reorder(u) => {
                let c = self.seat(u).map_or(0, |s| s.cursor);
                let entries = vec![self.log[c + 1].clone(), self.log[c].clone()];
                let reading = self.give(u, c, entries);
                if let Some(seat) = self.seat_mut(u) {
                    seat.cursor += 2;
                }
                Step::Read(reading)
            }
            ServerStep::Redeliver(u, k) => {
                let entry = self.log[k].clone();
                Step::Read(self.give(u, k, vec![entry]))
            }
            ServerStep::FalseLeft(v) => {
                self.announce(WireEntry::Left { uid: v });
                Step::Sent
            }
            ServerStep::ServerJoin(v) => {
                let key_package = self.server_key_package(v)?;
                self.announce(WireEntry::Joined { uid: v, key_package });
                Step::Sent
            }
            ServerStep::Garbage(n) => {
                self.announce(WireEntry::Commit { from: 0, commit: garbage_commit(n as u64) });
                Step::Sent
            }
            ServerStep::ServerRemove(at, v) => {
                let messages = self.server_commit(at, step, |c| c.commit_remove(v))?;
                self.log.extend(messages.into_iter().map(WireEntry::from));
                Step::Sent
            }
            ServerStep::ServerAdd(at, v) => {
                let key_package = self.honest_key_package(v).ok_or(RoomError::NotEnabled {
                    action: Action::Server(step),
                    why: Disabled::NoSuchEntry,
                })?;
                let messages = self.server_commit(at, step, |c| c.commit_add(v, &key_package))?;
                self.log.extend(messages.into_iter().map(WireEntry::from));
                Step::Sent
            }
        })
    }

    /// User `u` is given `entries` (from log position `position` on) out of
    /// the honest order; its cursor is the caller's business.
    fn give(&mut self, u: Uid, position: usize, entries: Vec<WireEntry>) -> Reading {
        let mut reading = Reading { position, ..Reading::default() };
        let Some(seat) = self.seat_mut(u) else { return reading };
        for entry in entries {
            // A client that failed or was removed on the first takes no more.
            let view = seat.client.view();
            if view.failed || view.removed {
                break;
            }
            match seat.client.read(&entry) {
                Ok(outcome) => {
                    seat.outbox.extend(outcome.batches.iter().cloned());
                    reading.outcomes.push(outcome);
                }
                Err(error) => {
                    reading.rejected.push(RoomError::Rejected { uid: u, position, error })
                }
            }
        }
        reading
    }

    /// Every client of the server reads the Welcomes and commits it has not
    /// read yet (the epoch it commits from is its newest one); the server's
    /// keyring then keeps every epoch any of them reached and every epoch
    /// reachable from those through the log.
    pub fn server_follows(&mut self) {
        let log = &self.log;
        for (origin, held) in self.server_clients.iter_mut().enumerate() {
            for entry in &log[held.cursor.min(log.len())..] {
                // A Welcome for someone else or a commit it cannot use: read
                // on. Every commit is read as someone else's: the server is
                // not fooled by a sender uid that is its leaf's label.
                let _ = match entry {
                    WireEntry::Welcome { .. } => held.client.read(entry),
                    WireEntry::Commit { commit, .. } => {
                        held.client.read(&WireEntry::Commit { from: 0, commit: commit.clone() })
                    }
                    WireEntry::Joined { .. }
                    | WireEntry::Left { .. }
                    | WireEntry::Proposal { .. } => continue,
                };
            }
            held.cursor = log.len();
            self.server_keyring.keep(origin, held.client.as_ref());
        }
        self.server_keyring.explore(log);
    }

    /// Whether the server holds any client (it made a KeyPackage of its own).
    pub fn has_server_clients(&self) -> bool {
        !self.server_clients.is_empty()
    }

    /// Every epoch the server can read frames of, one client copy each.
    pub fn server_keyring_mut(&mut self) -> &mut super::keyring::Keyring {
        &mut self.server_keyring
    }

    /// The server's client, with the lowest label, that holds the epoch user
    /// `at` holds (same epoch authenticator), as the model's server commits
    /// from the lowest-labelled server leaf of that node.
    fn server_client_at(&self, at: Uid) -> Option<usize> {
        let wanted = self.seat(at)?.client.view().epoch_authenticator?;
        self.server_clients
            .iter()
            .enumerate()
            .filter(|(_, held)| held.client.view().epoch_authenticator.as_ref() == Some(&wanted))
            .min_by_key(|(_, held)| held.label)
            .map(|(i, _)| i)
    }

    /// A commit made through the server's client in `at`'s epoch.
    fn server_commit(
        &mut self,
        at: Uid,
        step: ServerStep,
        commit: impl FnOnce(
            &mut dyn dcverify_protocol::Client,
        ) -> Result<Vec<Message>, dcverify_protocol::MemberCommitError>,
    ) -> Result<Vec<Message>, RoomError> {
        self.server_follows();
        let not_enabled = |why| RoomError::NotEnabled { action: Action::Server(step), why };
        let i = self.server_client_at(at).ok_or(not_enabled(Disabled::NoServerLeaf))?;
        // The server keeps the epoch it commits from as well as the one its
        // commit makes: it commits through a copy, and the original reads on.
        // A client made afresh (randomness of its own) that becomes a copy.
        let label = self.server_clients[i].label;
        let (profile, nth) = (self.profile, self.server_clients.len());
        let create = |error| RoomError::Create { uid: label, error };
        let mut copy = self.timed(|imp| imp.server_client(label, profile, nth)).map_err(create)?;
        copy.rollback(&self.server_clients[i].client.checkpoint()).map_err(|e| {
            RoomError::ServerCommit {
                step,
                error: MemberCommitError::Step { step: "copy".into(), cause: Cause::new(e) },
            }
        })?;
        let messages =
            commit(&mut *copy).map_err(|error| RoomError::ServerCommit { step, error })?;
        // Its own commit is merged: the copy does not read it again.
        let cursor = self.log.len() + messages.len();
        self.server_clients.push(ServerClient { label, client: copy, cursor });
        Ok(messages)
    }

    /// The KeyPackage of user `v`'s own `Joined` (not one the server wrote).
    fn honest_key_package(&self, v: Uid) -> Option<Vec<u8>> {
        self.log.iter().enumerate().find_map(|(i, e)| match e {
            WireEntry::Joined { uid, key_package } if *uid == v && !self.announced.contains(&i) => {
                Some(key_package.clone())
            }
            _ => None,
        })
    }
}
