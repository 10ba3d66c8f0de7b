//! A client's state as the model sees a user (`docs/protocol.md`, "One
//! user's local state"): what the conformance runner compares field by field.

use crate::safety_number::SafetyNumber;
use crate::uid::Uid;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Sets of uids are `BTreeSet`s here: an implementation has no bound on
/// group size (the model's bitmask sets stop at uid 31).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientView {
    pub uid: Uid,
    pub has_group: bool,
    /// The MLS epoch number (the model's epoch node number).
    pub epoch: Option<u64>,
    /// The MLS epoch authenticator, the witness of the node's identity.
    #[serde(with = "crate::json::opt_bytes")]
    pub epoch_authenticator: Option<Vec<u8>>,
    /// The uids of the group's members.
    pub roster: BTreeSet<Uid>,
    pub before_me: BTreeSet<Uid>,
    pub left_seen: BTreeSet<Uid>,
    pub pending_adds: Vec<Uid>,
    pub pending_removes: Vec<Uid>,
    pub believes_dc: bool,
    pub failed: bool,
    /// A commit removed it while it was present (only a hostile server's
    /// doing); it takes no further step.
    pub removed: bool,
    /// `healing` (`docs/pcs.md`): whose Update proposals for its current
    /// epoch it holds for when it commits as DC.
    pub pending_updates: BTreeSet<Uid>,
    /// `healing`: it is due to refresh its leaf.
    pub update_due: bool,
}

impl ClientView {
    /// The safety number people compare: the authenticator's first 32 bytes.
    pub fn safety_number(&self) -> Option<SafetyNumber> {
        self.epoch_authenticator.as_deref().and_then(SafetyNumber::from_authenticator)
    }
}
