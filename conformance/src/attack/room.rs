//! A room run by a hostile delivery service: every entry each user reads
//! passes through the attacker, which may drop, duplicate, reorder, replace or
//! forge entries for some users only. The clients are the real ones.

use dcverify_impl::{Client, Effect, WireEntry};
use dcverify_model::{Profile, Uid};
use std::collections::BTreeMap;

/// What the attacker does with the entry at `position` on its way to `reader`:
/// the entries the reader gets instead (empty: dropped).
pub type Tamper<'a> = dyn FnMut(Uid, usize, &WireEntry) -> Vec<WireEntry> + 'a;

pub struct HostileRoom {
    pub profile: Profile,
    pub log: Vec<WireEntry>,
    pub clients: BTreeMap<Uid, (Client, usize)>,
    /// Typed errors the clients returned, as (reader, error).
    pub errors: Vec<(Uid, String)>,
    pub failed: Vec<Uid>,
    next_uid: Uid,
}

impl HostileRoom {
    /// A room founded by user 1.
    pub fn new(profile: Profile) -> Self {
        let founder = Client::founder(1, profile).expect("creating the founder");
        HostileRoom {
            profile,
            log: Vec::new(),
            clients: BTreeMap::from([(1, (founder, 0))]),
            errors: Vec::new(),
            failed: Vec::new(),
            next_uid: 2,
        }
    }

    /// The next user joins; its `Joined` carries its KeyPackage (or what `forge` makes of it).
    pub fn join_with(&mut self, forge: impl FnOnce(Vec<u8>) -> Vec<u8>) -> Uid {
        let uid = self.next_uid;
        self.next_uid += 1;
        let room = self.clients.keys().copied().collect();
        let client = Client::joiner_in_room(uid, self.profile, room).expect("creating a joiner");
        let key_package = forge(client.key_package().expect("a KeyPackage"));
        self.log.push(WireEntry::Joined { uid, key_package });
        self.clients.insert(uid, (client, self.log.len()));
        uid
    }

    pub fn join(&mut self) -> Uid {
        self.join_with(|kp| kp)
    }

    /// A user who founds a group of its own although others are in the room.
    pub fn join_as_founder(&mut self) -> Uid {
        let uid = self.next_uid;
        self.next_uid += 1;
        let client = Client::founder(uid, self.profile).expect("creating a founder");
        let key_package = client.key_package().expect("a KeyPackage");
        self.log.push(WireEntry::Joined { uid, key_package });
        self.clients.insert(uid, (client, self.log.len()));
        uid
    }

    /// Every user who really entered the room (the server's forgeries are not users).
    pub fn real_users(&self) -> std::collections::BTreeSet<Uid> {
        (1..self.next_uid).collect()
    }

    pub fn leave(&mut self, uid: Uid) -> Option<Client> {
        self.log.push(WireEntry::Left { uid });
        self.clients.remove(&uid).map(|(c, _)| c)
    }

    pub fn client(&mut self, uid: Uid) -> &mut Client {
        &mut self.clients.get_mut(&uid).expect("an alive user").0
    }

    /// Everyone reads everything through the attacker; what clients send is
    /// appended to the log at once. Stops when nobody has anything to read.
    pub fn settle(&mut self, tamper: &mut Tamper<'_>) {
        for _ in 0..10_000 {
            let mut progressed = false;
            let uids: Vec<Uid> = self.clients.keys().copied().collect();
            for uid in uids {
                let Some((client, cursor)) = self.clients.get_mut(&uid) else { continue };
                if *cursor >= self.log.len() || self.failed.contains(&uid) {
                    continue;
                }
                let position = *cursor;
                *cursor += 1;
                progressed = true;
                for entry in tamper(uid, position, &self.log[position]) {
                    match client.read(&entry) {
                        Ok(outcome) => {
                            if let Effect::Failed { .. } = outcome.effect {
                                self.failed.push(uid);
                            }
                            self.log.extend(outcome.outgoing.into_iter().map(WireEntry::from));
                        }
                        Err(e) => self.errors.push((uid, e.to_string())),
                    }
                }
            }
            if !progressed {
                return;
            }
        }
    }

    /// Settles with an honest delivery service.
    pub fn settle_honestly(&mut self) {
        self.settle(&mut |_, _, e| vec![e.clone()]);
    }
}
