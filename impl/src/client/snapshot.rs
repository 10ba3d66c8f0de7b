//! The whole client saved and restored (checkpoints, the stolen copy): the
//! MLS library's state, with its signature key, so that a client made
//! afresh becomes a copy that signs as this one, with randomness of its
//! own; and its bookkeeping and media keys.

use super::{Bookkeeping, DcClient};
use crate::backend::MlsBackend;
use crate::frame::MediaKeys;

/// A client's whole state at one moment.
pub(super) struct ClientSnapshot<M: MlsBackend> {
    mls: M::State,
    book: Bookkeeping<M::KeyPackage>,
    media: MediaKeys,
}

impl<M: MlsBackend> Clone for ClientSnapshot<M> {
    fn clone(&self) -> Self {
        ClientSnapshot { mls: self.mls.clone(), book: self.book.clone(), media: self.media.clone() }
    }
}

impl<M: MlsBackend> DcClient<M> {
    pub(super) fn snapshot_whole(&self) -> ClientSnapshot<M> {
        ClientSnapshot { mls: self.mls.state(), book: self.book.clone(), media: self.media.clone() }
    }

    pub(super) fn restore_whole(&mut self, snapshot: &ClientSnapshot<M>) {
        self.mls.restore(&snapshot.mls);
        self.book = snapshot.book.clone();
        self.media = snapshot.media.clone();
    }
}
