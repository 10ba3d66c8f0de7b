//! The client's state saved and restored: the provider's storage (for the
//! reads that must be all or nothing) and the whole client (checkpoints).

use super::{Bookkeeping, OpenMlsClient};
use crate::frame::MediaKeys;
use openmls::prelude::*;
use openmls_basic_credential::SignatureKeyPair;
use std::collections::HashMap;

/// The provider's storage, key by key.
pub(super) type StorageSnapshot = HashMap<Vec<u8>, Vec<u8>>;

/// A client's whole state at one moment: its MLS storage, its signature
/// key (so that a client made afresh becomes a copy that signs as this one,
/// with randomness of its own) and its bookkeeping.
#[derive(Clone)]
pub(super) struct ClientSnapshot {
    storage: StorageSnapshot,
    signer: SignatureKeyPair,
    credential: CredentialWithKey,
    group: Option<GroupId>,
    book: Bookkeeping,
    media: MediaKeys,
}

impl OpenMlsClient {
    pub(super) fn snapshot(&self) -> StorageSnapshot {
        self.provider.storage().values.read().map(|v| v.clone()).unwrap_or_default()
    }

    /// Puts storage back as it was and reloads the group from it.
    pub(super) fn restore(&mut self, snapshot: StorageSnapshot) {
        let id = self.group.as_ref().map(|g| g.group_id().clone());
        self.load(snapshot, id.as_ref());
    }

    pub(super) fn snapshot_whole(&self) -> ClientSnapshot {
        ClientSnapshot {
            storage: self.snapshot(),
            signer: self.signer.clone(),
            credential: self.credential.clone(),
            group: self.group.as_ref().map(|g| g.group_id().clone()),
            book: self.book.clone(),
            media: self.media.clone(),
        }
    }

    pub(super) fn restore_whole(&mut self, snapshot: &ClientSnapshot) {
        self.load(snapshot.storage.clone(), snapshot.group.as_ref());
        self.signer = snapshot.signer.clone();
        self.credential = snapshot.credential.clone();
        self.book = snapshot.book.clone();
        self.media = snapshot.media.clone();
    }

    /// Replaces storage and loads the group `id` (if any) from it.
    fn load(&mut self, storage: StorageSnapshot, id: Option<&GroupId>) {
        if let Ok(mut values) = self.provider.storage().values.write() {
            *values = storage;
        }
        self.group = id.and_then(|id| MlsGroup::load(self.provider.storage(), id).ok().flatten());
    }
}
