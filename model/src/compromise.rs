//! The attacker's stolen copies (`docs/pcs.md`, "The compromised member";
//! `Compromise` and `CopyReads` in `tla/DC.tla`). `Compromise(u)` copies
//! user `u`'s whole state; from then on the copy reads the log as `u`'s
//! client would, passively: it never sends. What it reads is a function of
//! the state it was stolen with and of the log, so the model keeps only the
//! former and works the rest out when a property asks.
//!
//! The key rule is RFC 9420's (§7.4, §12.4.2): every commit in this protocol
//! carries an UpdatePath (OpenMLS's `add_members` forces one, a Remove or an
//! Update requires one), whose path secrets are encrypted to the resolution
//! of the committer's copath. The copy holds `u`'s leaf key and the keys of
//! `u`'s direct path, so it decrypts the path secret of any commit that
//! keeps `u`'s leaf; a commit that replaces that leaf (an Update of `u`'s,
//! `u`'s own commit, whose path `u` generated after the theft) or blanks it
//! (`u` removed) encrypts nothing to a key the copy holds, and without that
//! epoch's secrets it can follow no later commit either.

use crate::epoch::{Epoch, Op};
use crate::leaf::Leaf;
use crate::log::Entry;
use crate::state::State;
use dcverify_protocol::Uid;

/// What the attacker stole from `of`: where `of` was reading and the epoch
/// node it held (`None`: no group yet, but the private key of the
/// KeyPackage its `Joined` announced).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Stolen {
    pub of: Uid,
    pub cursor: usize,
    pub group: Option<Epoch>,
    /// `of` had already proposed an Update for `group` (`healing`): the copy
    /// holds the new leaf key too, so a commit of that proposal keeps it in.
    pub knows_update: bool,
}

/// `Compromise(u)`: the attacker copies `u`'s state. Enabled (budget and
/// guard) in [`crate::DcModel::is_enabled`].
pub fn take(state: &State, u: Uid) -> Option<State> {
    let local = state.local(u)?;
    let mut next = state.clone();
    // A member due to refresh proposed for the node it holds if a
    // membership commit made that node (`Refresh::Propose`).
    let membership_node = local.group.as_ref().and_then(|g| g.last_step()).is_some_and(|s| {
        s.committer != Leaf::user(u) && matches!(s.op, Op::Add(_) | Op::Remove(_))
    });
    let knows_update = local.update_due && membership_node;
    next.stolen.push(Stolen {
        of: u,
        cursor: local.cursor,
        group: local.group.clone(),
        knows_update,
    });
    Some(next)
}

/// Whether the copy of `u`'s state, holding the parent of `child`, can
/// process the commit that made `child` (the key rule above). `known_update`:
/// the copy holds the key of `u`'s Update proposal for that parent.
pub fn keeps_reading(u: Uid, child: &Epoch, known_update: bool) -> bool {
    let Some(step) = child.last_step() else { return false };
    let refreshed = match step.op {
        Op::Update(vs) => vs.contains(u) && !known_update,
        Op::Add(_) | Op::Remove(_) => false,
    };
    step.committer != Leaf::user(u) && !refreshed && child.leaves().0.contains(u)
}

impl Stolen {
    /// The epoch nodes the copy reads, in the order it reaches them: the
    /// node it was stolen with, then each node a commit it can process
    /// takes it to. Like `u`'s client it follows the first commit on its
    /// node and ignores others (forks, wrong epochs); once a commit shuts
    /// it out it reads nothing more.
    pub fn nodes_read(&self, state: &State) -> Vec<Epoch> {
        let mut held = self.group.clone();
        let mut read: Vec<Epoch> = held.iter().cloned().collect();
        for entry in state.log.iter().skip(self.cursor) {
            match (entry, &held) {
                // The KeyPackage's private key opens the Welcome for it.
                (Entry::Welcome { to, epoch, .. }, None)
                    if *to == self.of
                        && epoch.last_step().map(|s| s.op) == Some(Op::Add(Leaf::user(*to))) =>
                {
                    held = Some(epoch.clone());
                    read.push(epoch.clone());
                }
                (Entry::Commit { epoch, .. }, Some(node)) if epoch.is_child_of(node) => {
                    let known_update = self.knows_update && Some(node) == self.group.as_ref();
                    if !keeps_reading(self.of, epoch, known_update) {
                        break;
                    }
                    held = Some(epoch.clone());
                    read.push(epoch.clone());
                }
                _ => {}
            }
        }
        read
    }

    /// How many epochs the copy reads beyond the one it was stolen with
    /// (every one it reads, for a copy stolen before its Welcome): the
    /// exposure this compromise causes so far (`docs/pcs.md`, "Exposure").
    pub fn exposure(&self, state: &State) -> usize {
        self.nodes_read(state).len() - usize::from(self.group.is_some())
    }
}
