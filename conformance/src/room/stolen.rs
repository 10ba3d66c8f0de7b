//! The attacker's stolen copies (`docs/pcs.md`, "The compromised member"):
//! `Compromise(u)` clones user u's whole client ([`Client::steal`]); the
//! copy then reads every log entry as it is appended, passively (what it
//! would send is dropped), so it holds whatever epoch its keys let it reach,
//! and its keyring keeps every epoch it reached.

use super::keyring::Keyring;
use super::{Disabled, Room, RoomError, Step};
use dcverify_protocol::{Action, Client, Uid, WireEntry};

/// One stolen copy and how far it has read.
pub struct StolenCopy {
    pub of: Uid,
    pub client: Box<dyn Client>,
    pub cursor: usize,
    /// The epochs the copy reached, the one it was stolen in first.
    pub keyring: Keyring,
}

impl Room<'_> {
    /// Why `Compromise(u)` is not enabled: `u` must be alive, still taking
    /// steps, and not stolen already.
    pub(super) fn compromise_disabled(&self, u: Uid) -> Option<Disabled> {
        let Some(seat) = self.seat(u) else { return Some(Disabled::NotAlive) };
        let view = seat.client.view();
        if view.failed || view.removed {
            return Some(Disabled::Failed);
        }
        self.stolen.iter().any(|s| s.of == u).then_some(Disabled::StolenAlready)
    }

    /// `Compromise(u)`: the attacker copies `u`'s client as it is now; the
    /// copy reads on from `u`'s cursor.
    pub(super) fn compromise(&mut self, u: Uid) -> Result<Step, RoomError> {
        self.check(Action::Compromise(u))?;
        let seat = self.seat(u).ok_or(RoomError::NotEnabled {
            action: Action::Compromise(u),
            why: Disabled::NotAlive,
        })?;
        let cursor = seat.cursor;
        let client = seat.client.steal().map_err(|error| RoomError::Create { uid: u, error })?;
        let mut keyring = Keyring::default();
        keyring.keep(0, client.as_ref());
        self.stolen.push(StolenCopy { of: u, client, cursor, keyring });
        Ok(Step::Stolen)
    }

    /// Every stolen copy reads what was appended since it last read.
    pub(super) fn copies_follow(&mut self) {
        for copy in &mut self.stolen {
            for entry in &self.log[copy.cursor.min(self.log.len())..] {
                // Announcements carry no keys and the attacker does not play
                // the protocol: its copy does not stop at a `Left` of its
                // user, it opens the Welcome its KeyPackage key opens.
                if matches!(entry, WireEntry::Joined { .. } | WireEntry::Left { .. }) {
                    continue;
                }
                // What it cannot read it ignores; what it would send is dropped.
                let _ = copy.client.read(entry);
                copy.keyring.keep(0, copy.client.as_ref());
            }
            copy.cursor = self.log.len();
        }
    }

    /// The stolen copies, in the order they were stolen.
    pub fn stolen(&self) -> &[StolenCopy] {
        &self.stolen
    }

    pub fn stolen_mut(&mut self) -> &mut [StolenCopy] {
        &mut self.stolen
    }
}
