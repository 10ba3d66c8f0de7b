//! Commits a member makes on its own initiative, outside *commit pendings*:
//! no honest client of the protocol makes them, but any member could, so the
//! hostile server makes them through a client it holds
//! (`docs/threat-model.md`, `ServerRemove` and `ServerAdd`).

use super::add_commit::add_and_merge;
use super::OpenMlsClient;
use crate::identity::uid_of;
use dcverify_protocol::{Cause, MemberCommitError, Message, Uid};
use openmls::prelude::*;

fn step_failed<E: std::error::Error + Send + Sync + 'static>(
    step: &'static str,
) -> impl FnOnce(E) -> MemberCommitError {
    move |e| MemberCommitError::Step { step: step.into(), cause: Cause::new(e) }
}

impl OpenMlsClient {
    /// A Remove of every member labelled `uid`, merged at once.
    pub(super) fn remove_member(&mut self, uid: Uid) -> Result<Vec<Message>, MemberCommitError> {
        let from = self.uid;
        let (provider, signer) = (&self.provider, &self.signer);
        let group = self.group.as_mut().ok_or(MemberCommitError::NoGroup)?;
        let leaves: Vec<LeafNodeIndex> = group
            .members()
            .filter(|m| uid_of(&m.credential) == Some(uid))
            .map(|m| m.index)
            .collect();
        if leaves.is_empty() {
            return Err(MemberCommitError::NotAMember { uid });
        }
        let (commit, _, _) =
            group.remove_members(provider, signer, &leaves).map_err(step_failed("remove"))?;
        group.merge_pending_commit(provider).map_err(step_failed("merge"))?;
        let commit = commit.to_bytes().map_err(step_failed("commit"))?;
        Ok(vec![Message::Commit { from, commit }])
    }

    /// An Add of user `uid`'s KeyPackage, merged at once: its Welcome (with
    /// the ratchet tree) and the commit.
    pub(super) fn add_member(
        &mut self,
        uid: Uid,
        key_package: &[u8],
    ) -> Result<Vec<Message>, MemberCommitError> {
        let key_package = self
            .decode_key_package(uid, key_package)
            .map_err(|e| MemberCommitError::KeyPackage { uid, cause: Cause::new(e) })?;
        let from = self.uid;
        let (provider, signer) = (&self.provider, &self.signer);
        let group = self.group.as_mut().ok_or(MemberCommitError::NoGroup)?;
        let messages = add_and_merge(group, provider, signer, from, uid, &key_package)
            .map_err(|(step, cause)| MemberCommitError::Step { step: step.into(), cause })?;
        Ok(messages.into())
    }
}
