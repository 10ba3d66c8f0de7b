//! One Add commit, made and merged at once, with the messages it sends: the
//! Welcome (with the ratchet tree beside it) and the commit. The DC makes it
//! in *commit pendings*; a hostile server makes it through a leaf it holds.

use crate::seeded::SeededProvider;
use dcverify_protocol::{Cause, Message, Uid};
use openmls::prelude::tls_codec::Serialize as _;
use openmls::prelude::*;
use openmls_basic_credential::SignatureKeyPair;

/// The step that failed and why: callers wrap it in their own error type.
pub(super) type AddFailure = (&'static str, Cause);

fn failed<E: std::error::Error + Send + Sync + 'static>(
    step: &'static str,
) -> impl FnOnce(E) -> AddFailure {
    move |e| (step, Cause::new(e))
}

/// `from` adds `key_package` (user `to`'s) to `group` and merges the commit:
/// `Welcome(from → to)` then `Commit(from)`.
pub(super) fn add_and_merge(
    group: &mut MlsGroup,
    provider: &SeededProvider,
    signer: &SignatureKeyPair,
    from: Uid,
    to: Uid,
    key_package: &KeyPackage,
) -> Result<[Message; 2], AddFailure> {
    let (commit, welcome, _) = group
        .add_members(provider, signer, std::slice::from_ref(key_package))
        .map_err(failed("add"))?;
    group.merge_pending_commit(provider).map_err(failed("merge add"))?;
    let ratchet_tree =
        group.export_ratchet_tree().tls_serialize_detached().map_err(failed("ratchet tree"))?;
    let welcome = welcome.to_bytes().map_err(failed("welcome"))?;
    let commit = commit.to_bytes().map_err(failed("commit"))?;
    Ok([Message::Welcome { from, to, welcome, ratchet_tree }, Message::Commit { from, commit }])
}
