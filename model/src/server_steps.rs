//! The hostile delivery service's steps (`docs/threat-model.md`, "The
//! server's steps"; the actions of the same names in `tla/DC.tla`). Whether
//! one is enabled, budget included, is decided in
//! [`crate::DcModel::is_enabled`]; this computes what an enabled one does.
//! What a user does with an entry it is given is the honest `Read`'s
//! [`steps::process`]: the server only chooses what, when and how often.

use crate::epoch::{Epoch, Op};
use crate::leaf::Leaf;
use crate::log::Entry;
use crate::state::State;
use crate::steps::{self, BranchLog};
use crate::uid_set::UidSet;
use crate::user::User;
use dcverify_protocol::{Profile, ServerStep, Uid};

/// The state after the enabled server step `step`, its budget spent.
pub fn take(
    state: &State,
    profile: Profile,
    step: ServerStep,
    log: &mut impl BranchLog,
) -> Option<State> {
    let mut next = state.clone();
    next.attacks_used += 1;
    match step {
        ServerStep::Withhold(u) => next.local_mut(u)?.cursor += 1,
        ServerStep::Reorder(u) => {
            let mut local = state.local(u)?.clone();
            let (first, second) = (state.log.get(local.cursor + 1)?, state.log.get(local.cursor)?);
            local.cursor += 2;
            steps::process(profile, u, &mut local, first, log);
            steps::process(profile, u, &mut local, second, log);
            next.users[usize::from(u) - 1] = User::alive(local);
        }
        ServerStep::Redeliver(u, at) => {
            let mut local = state.local(u)?.clone();
            steps::process(profile, u, &mut local, state.log.get(at)?, log);
            next.users[usize::from(u) - 1] = User::alive(local);
        }
        ServerStep::FalseLeft(v) => next.log.push(Entry::Left(v)),
        ServerStep::ServerJoin(v) => next.log.push(Entry::Joined(Leaf::server(v))),
        ServerStep::Garbage(n) => next.log.push(Entry::Garbage(n)),
        ServerStep::ServerRemove(at, v) => {
            let (from, epoch) = server_commit(state, at, Op::Remove(UidSet::single(v)))?;
            next.log.push(Entry::Commit { from, epoch });
        }
        ServerStep::ServerAdd(at, v) => {
            let (from, epoch) = server_commit(state, at, Op::Add(Leaf::user(v)))?;
            next.log.push(Entry::Welcome { from, to: v, epoch: epoch.clone() });
            next.log.push(Entry::Commit { from, epoch });
        }
    }
    Some(next)
}

/// The leaf the server commits from in `epoch`: its leaf with the lowest label.
pub fn server_leaf(epoch: &Epoch) -> Option<Uid> {
    epoch.server_leaves().iter().next()
}

/// Whether the server holds the secrets of `epoch`: it has a leaf there,
/// and the log has given it the way in — a Welcome for one of its leaves
/// into `epoch` or an ancestor, then every commit from there down. (A DC
/// merges its commits before they are sent: until then nobody else holds
/// the node.)
pub fn server_reads(state: &State, epoch: &Epoch) -> bool {
    if epoch.server_leaves().is_empty() {
        return false;
    }
    let welcomed_into = |node: &Epoch| {
        state.log.iter().any(|e| {
            matches!(e, Entry::Welcome { epoch: w, .. }
                if w == node && matches!(w.last_step().map(|s| s.op), Some(Op::Add(l)) if l.by_server()))
        })
    };
    let mut node = epoch.clone();
    loop {
        if welcomed_into(&node) {
            return true;
        }
        // One step up, if the commit that made this node reached the log.
        if !state.log.iter().any(|e| matches!(e, Entry::Commit { epoch: c, .. } if *c == node)) {
            return false;
        }
        let Some(parent) = node.parent() else { return false };
        node = parent;
    }
}

/// A commit with `op` from the server's leaf in the node user `at` holds:
/// the sender uid the log shows, and the node it creates.
fn server_commit(state: &State, at: Uid, op: Op) -> Option<(Uid, Epoch)> {
    let group = state.local(at)?.group.as_ref()?;
    let from = server_leaf(group)?;
    Some((from, group.child(Leaf::server(from), op)))
}
