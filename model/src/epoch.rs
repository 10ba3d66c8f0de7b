//! Epoch nodes of the commit tree (docs/protocol.md, "Epochs have identity, not only
//! a number").
//!
//! A node is a value: the uid that founded its group (the root) and the
//! sequence of (committer, op) from the root. Two users are in the same epoch
//! exactly when they hold equal values; numbers alone would hide forks.

use crate::leaf::Leaf;
use crate::uid_set::UidSet;
use dcverify_protocol::Uid;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// What a commit does to the group.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Op {
    /// Adds a leaf (the server's, when its KeyPackage was the server's).
    Add(Leaf),
    /// Removes every leaf labelled with one of these uids (the DC removes by
    /// credential, as the implementation does).
    Remove(UidSet),
    /// Commits the Update proposals of these uids (by reference; `healing`
    /// only, `docs/pcs.md`). Its path refreshes the committer's leaf too.
    Update(UidSet),
}

/// One commit on the way from the root to a node.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct CommitStep {
    /// The leaf that made the commit: a user's, or one the server holds.
    pub committer: Leaf,
    pub op: Op,
}

impl CommitStep {
    /// The step as one integer: committer, op kind, then the op's uid or set.
    fn packed(self) -> u64 {
        let (kind, arg) = match self.op {
            Op::Add(v) => (1u64, u64::from(v.uid()) | server_bit(v)),
            Op::Remove(vs) => (2u64, u64::from(vs.bits())),
            Op::Update(vs) => (3u64, u64::from(vs.bits())),
        };
        let committer = u64::from(self.committer.uid()) | server_bit(self.committer);
        (committer << 40) | (kind << 32) | arg
    }
}

/// The server's leaves set a bit no uid reaches, so a user's leaf packs as its uid.
fn server_bit(leaf: Leaf) -> u64 {
    if leaf.by_server() {
        0x80
    } else {
        0
    }
}

/// Hashing is the model checker's hottest path: one write per step, not four.
impl Hash for CommitStep {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.packed());
    }
}

/// An epoch node: its root and the commits from the root. The path is shared
/// (`Arc`) because every log entry and user holding the node clones it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Epoch {
    pub root: Uid,
    pub path: Arc<[CommitStep]>,
}

impl Epoch {
    /// The root node (number 0) of the group founded by `founder`.
    pub fn root(founder: Uid) -> Self {
        Epoch { root: founder, path: Arc::new([]) }
    }

    /// The epoch number.
    pub fn number(&self) -> usize {
        self.path.len()
    }

    /// A node from its root and path.
    pub fn new(root: Uid, path: Vec<CommitStep>) -> Self {
        Epoch { root, path: path.into() }
    }

    /// The node that a commit from leaf `committer` with `op` creates on top of this one.
    pub fn child(&self, committer: Leaf, op: Op) -> Epoch {
        let mut path = Vec::with_capacity(self.path.len() + 1);
        path.extend_from_slice(&self.path);
        path.push(CommitStep { committer, op });
        Epoch { root: self.root, path: path.into() }
    }

    /// Whether `parent` is this node's parent.
    pub fn is_child_of(&self, parent: &Epoch) -> bool {
        self.root == parent.root
            && self.path.len() == parent.path.len() + 1
            && self.path[..parent.path.len()] == parent.path[..]
    }

    /// Whether this node is `ancestor` or lies below it: its history
    /// starts with `ancestor`'s.
    pub fn descends_from(&self, ancestor: &Epoch) -> bool {
        self.root == ancestor.root && self.path.starts_with(&ancestor.path)
    }

    /// The node this one's last commit was made on (`None` for a root).
    pub fn parent(&self) -> Option<Epoch> {
        let (_, before) = self.path.split_last()?;
        Some(Epoch::new(self.root, before.to_vec()))
    }

    /// The parent's epoch number (`None` for a root).
    pub fn parent_number(&self) -> Option<usize> {
        self.path.len().checked_sub(1)
    }

    /// The last commit on the way to this node (`None` for a root).
    pub fn last_step(&self) -> Option<CommitStep> {
        self.path.last().copied()
    }

    /// The members of the group at this node, as the uids their leaves are
    /// labelled with: the founder, then each Add and Remove on the way.
    pub fn roster(&self) -> UidSet {
        let (users, server) = self.leaves();
        users.union(server)
    }

    /// The leaves of this node, by holder: the uids of users' own leaves,
    /// and the labels of the leaves whose keys the server holds.
    pub fn leaves(&self) -> (UidSet, UidSet) {
        let mut users = UidSet::single(self.root);
        let mut server = UidSet::EMPTY;
        for step in self.path.iter() {
            match step.op {
                Op::Add(v) if v.by_server() => server.insert(v.uid()),
                Op::Add(v) => users.insert(v.uid()),
                Op::Remove(vs) => {
                    users = users.minus(vs);
                    server = server.minus(vs);
                }
                Op::Update(_) => {}
            }
        }
        (users, server)
    }

    /// The labels of the leaves the server holds in this node: with one, it
    /// reads the node's epoch secrets.
    pub fn server_leaves(&self) -> UidSet {
        self.leaves().1
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Add(v) => write!(f, "Add({v})"),
            Op::Remove(vs) => write!(f, "Remove({vs})"),
            Op::Update(vs) => write!(f, "Update({vs})"),
        }
    }
}

impl fmt::Display for Epoch {
    /// `r1/2:Add(2)/1:Remove({2})`: root founder, then committer:op per commit.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "r{}", self.root)?;
        for step in self.path.iter() {
            write!(f, "/{}:{}", step.committer, step.op)?;
        }
        Ok(())
    }
}
