//! What a user has read: the log up to its cursor. (A hostile server may
//! hand a user entries out of order, so the entry that failed a client is
//! among these, not necessarily the last.)

use dcverify_model::{Entry, Local, State};

/// The entries `local` has been given, up to its cursor.
pub fn read_entries<'a>(state: &'a State, local: &Local) -> &'a [Entry] {
    &state.log[..local.cursor.min(state.log.len())]
}
