//! The attacker's copy of a compromised client (`docs/pcs.md`, "The
//! compromised member"): a new client loaded with this one's whole state —
//! MLS storage (leaf and path keys, epoch secrets, KeyPackage private keys,
//! its own pending Update's key), signature key, bookkeeping and media keys
//! — that reads passively from then on.

use super::DcClient;
use crate::backend::MlsBackend;
use dcverify_protocol::{Client, CreateError, Rng};

impl<M: MlsBackend> DcClient<M> {
    pub(super) fn stolen_copy(&self) -> Result<Box<dyn Client>, CreateError> {
        let mut copy = DcClient::<M>::new_identity(self.uid, self.profile, Rng::fresh_seed())?;
        copy.restore_whole(&self.snapshot_whole());
        copy.book.passive = true;
        Ok(Box::new(copy))
    }
}
