//! Lost adds and the forks they open (`docs/failures/fork-after-lost-add.md`):
//! the facts two causes are built on.

use crate::read_entries::read_entries;
use dcverify_model::{Entry, Epoch, Local, State, Uid, User};

/// The nodes of lost adds: a Welcome reached the log but the commit that
/// makes its node never did, and the committer has left (its outbox, with
/// the commit, was lost). Only those the Welcome brought in hold such a node.
pub fn lost_nodes(state: &State) -> Vec<&Epoch> {
    state
        .log
        .iter()
        .filter_map(|e| match e {
            Entry::Welcome { from, epoch, .. }
                if matches!(state.user(*from), Some(User::Left)) && !committed(state, epoch) =>
            {
                Some(epoch)
            }
            _ => None,
        })
        .collect()
}

/// Whether the log holds the commit that makes `node`.
pub fn committed(state: &State, node: &Epoch) -> bool {
    state.log.iter().any(|e| matches!(e, Entry::Commit { epoch, .. } if epoch == node))
}

/// A fork opened by a lost add: the lost node, and a sibling of it (a child
/// of the same node) whose commit is in the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fork {
    pub lost: Epoch,
    pub sibling: Epoch,
}

impl Fork {
    /// Whether `a` and `b` lie on opposite sides of this fork.
    pub fn separates(&self, a: &Epoch, b: &Epoch) -> bool {
        let (l, s) = (&self.lost, &self.sibling);
        (a.descends_from(l) && b.descends_from(s)) || (a.descends_from(s) && b.descends_from(l))
    }
}

/// Every fork of a lost add in the log.
pub fn forks(state: &State) -> Vec<Fork> {
    let mut out = Vec::new();
    for lost in lost_nodes(state) {
        let Some(parent) = lost.parent() else { continue };
        for entry in state.log.iter() {
            if let Entry::Commit { epoch, .. } = entry {
                let fork = Fork { lost: lost.clone(), sibling: epoch.clone() };
                if epoch != lost && epoch.is_child_of(&parent) && !out.contains(&fork) {
                    out.push(fork);
                }
            }
        }
    }
    out
}

/// Whether one of `a` and `b` lies on a lost add's node (or below it) and
/// the other does not: the joiner of a lost add is ahead of everyone else,
/// in a node whose commit they never read.
pub fn apart_by_lost_add(lost: &[&Epoch], a: &Epoch, b: &Epoch) -> bool {
    lost.iter().any(|l| a.descends_from(l) != b.descends_from(l))
}

/// Whether some fork separates `a` from `b`.
pub fn split(forks: &[Fork], a: &Epoch, b: &Epoch) -> bool {
    forks.iter().any(|f| f.separates(a, b))
}

/// Whether `local` failed on a commit from across a fork: it has read a
/// commit made on a node that a fork separates from the one it holds (a
/// failed client keeps the node it failed in).
pub fn failed_across(state: &State, forks: &[Fork], local: &Local) -> bool {
    let Some(held) = local.group.as_ref() else { return false };
    local.failed
        && read_entries(state, local).iter().any(|e| {
            matches!(e, Entry::Commit { epoch, .. }
                if epoch.parent().is_some_and(|made_on| split(forks, held, &made_on)))
        })
}

/// The alive users that failed, and whether each failed across a fork.
pub fn failures(state: &State, forks: &[Fork]) -> Vec<(Uid, bool)> {
    state
        .alive()
        .filter(|(_, l)| l.failed)
        .map(|(u, l)| (u, failed_across(state, forks, l)))
        .collect()
}
