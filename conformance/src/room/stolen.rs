//! The attacker's stolen copies (`docs/pcs.md`, "The compromised member"):
//! `Compromise(u)` clones user u's whole client ([`Client::steal`]); the
//! copy then reads every log entry as it is appended, passively (what it
//! would send is dropped), so it holds whatever epoch its keys let it reach.

use super::{Disabled, Room, RoomError, Step};
use dcverify_protocol::{Action, Client, Uid};

/// One stolen copy and how far it has read.
pub struct StolenCopy {
    pub of: Uid,
    pub client: Box<dyn Client>,
    pub cursor: usize,
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
        self.stolen.push(StolenCopy { of: u, client, cursor });
        Ok(Step::Stolen)
    }

    /// Every stolen copy reads what was appended since it last read.
    pub(super) fn copies_follow(&mut self) {
        for copy in &mut self.stolen {
            for entry in &self.log[copy.cursor.min(self.log.len())..] {
                // What it cannot read it ignores; what it would send is dropped.
                let _ = copy.client.read(entry);
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
