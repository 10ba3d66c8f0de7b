//! Commits a member makes on its own initiative, outside *commit pendings*:
//! no honest client of the protocol makes them, but any member could, so the
//! hostile server makes them through a client it holds
//! (`docs/threat-model.md`, `ServerRemove` and `ServerAdd`).

use super::DcClient;
use crate::backend::{MlsBackend, StepFailure};
use dcverify_protocol::{Cause, MemberCommitError, Message, Uid};

fn step_failed((step, cause): StepFailure) -> MemberCommitError {
    MemberCommitError::Step { step: step.into(), cause }
}

impl<M: MlsBackend> DcClient<M> {
    /// A Remove of every member labelled `uid`, merged at once.
    pub(super) fn remove_member(&mut self, uid: Uid) -> Result<Vec<Message>, MemberCommitError> {
        if !self.mls.has_group() {
            return Err(MemberCommitError::NoGroup);
        }
        let leaves: Vec<u32> =
            self.mls.members().into_iter().filter(|(_, v)| *v == uid).map(|(l, _)| l).collect();
        if leaves.is_empty() {
            return Err(MemberCommitError::NotAMember { uid });
        }
        Ok(vec![self.mls.remove(self.uid, &leaves).map_err(step_failed)?])
    }

    /// An Add of user `uid`'s KeyPackage, merged at once: its Welcome (with
    /// the ratchet tree) and the commit.
    pub(super) fn add_member(
        &mut self,
        uid: Uid,
        key_package: &[u8],
    ) -> Result<Vec<Message>, MemberCommitError> {
        let key_package = self
            .mls
            .decode_key_package(uid, key_package)
            .map_err(|e| MemberCommitError::KeyPackage { uid, cause: Cause::new(e) })?;
        if !self.mls.has_group() {
            return Err(MemberCommitError::NoGroup);
        }
        Ok(self.mls.add(self.uid, uid, &key_package).map_err(step_failed)?.into())
    }
}
