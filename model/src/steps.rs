//! The steps `Join`, `Leave(u)`, `Read(u)` and `Send(u)` (PROTOCOL.md, "Steps").

use crate::epoch::{Epoch, Op};
use crate::log::Entry;
use crate::profile::Profile;
use crate::state::State;
use crate::uid::Uid;
use crate::user::{Local, User};
use std::fmt;

/// A step of the model, named as in PROTOCOL.md.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Action {
    Join,
    Leave(Uid),
    Read(Uid),
    Send(Uid),
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Join => write!(f, "Join"),
            Action::Leave(u) => write!(f, "Leave({u})"),
            Action::Read(u) => write!(f, "Read({u})"),
            Action::Send(u) => write!(f, "Send({u})"),
        }
    }
}

/// Which rule of PROTOCOL.md a step took: what trace corpora must cover.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Branch {
    Join,
    /// `Join` while nobody is alive: the joiner founds a new group.
    JoinFounds,
    /// A user with no group outlived everyone before it and founds a group (`fixed`).
    Refounds,
    Leave,
    Send,
    ReadJoined,
    ReadLeft,
    /// `Welcome` for the reader while it has no group: it joins.
    ReadWelcomeJoins,
    ReadWelcomeOther,
    ReadWelcomeSecond,
    /// Commit rules 1 to 5.
    CommitOwn,
    CommitNoGroup,
    CommitApplied,
    CommitWrongEpoch,
    CommitFork,
    /// *Commit pendings* with adds and a remove, adds only, a remove only, or
    /// no commit at all (nothing pending, or no pending remove is a member).
    PendingsAddsAndRemove,
    PendingsAddsOnly,
    PendingsRemoveOnly,
    PendingsNoCommit,
    /// *Commit pendings* skipped a pending remove that is not a member.
    PendingsSkipsNonMember,
}

impl Branch {
    pub const ALL: [Branch; 20] = [
        Branch::Join,
        Branch::JoinFounds,
        Branch::Refounds,
        Branch::Leave,
        Branch::Send,
        Branch::ReadJoined,
        Branch::ReadLeft,
        Branch::ReadWelcomeJoins,
        Branch::ReadWelcomeOther,
        Branch::ReadWelcomeSecond,
        Branch::CommitOwn,
        Branch::CommitNoGroup,
        Branch::CommitApplied,
        Branch::CommitWrongEpoch,
        Branch::CommitFork,
        Branch::PendingsAddsAndRemove,
        Branch::PendingsAddsOnly,
        Branch::PendingsRemoveOnly,
        Branch::PendingsNoCommit,
        Branch::PendingsSkipsNonMember,
    ];
}

/// `Join`: the next uid joins and `Joined(uid)` is appended. It reads from
/// right after its own entry; if nobody is alive it founds a new group.
pub fn join(state: &State, profile: Profile) -> State {
    let mut next = state.clone();
    let uid = (state.joined_count() + 1) as Uid;
    let nobody_alive = state.alive().next().is_none();
    next.log.push(Entry::Joined(uid));
    let cursor = next.log.len();
    let local = if nobody_alive {
        Local::founder(uid, cursor)
    } else {
        Local { before_me: profile.room_at_join(state.alive_set()), ..Local::joiner(cursor) }
    };
    next.users.push(User::Alive(local));
    next
}

/// `Leave(u)`: `Left(u)` is appended; `u`'s outbox is lost with it.
pub fn leave(state: &State, u: Uid) -> Option<State> {
    state.local(u)?;
    let mut next = state.clone();
    next.log.push(Entry::Left(u));
    next.users[usize::from(u) - 1] = User::Left;
    Some(next)
}

/// `Send(u)`: the head of `u`'s outbox is appended to the log (under
/// `fixed`, a Welcome together with its commit).
pub fn send(state: &State, profile: Profile, u: Uid) -> Option<State> {
    let local = state.local(u)?;
    if local.failed || local.outbox.is_empty() {
        return None;
    }
    let mut next = state.clone();
    let local = next.local_mut(u)?;
    let n = profile.send_len(&local.outbox);
    let entries: Vec<Entry> = local.outbox.drain(..n).collect();
    for entry in entries {
        next.log.push(entry);
    }
    Some(next)
}

/// `Read(u)`: process the entry at `u`'s cursor, then advance it.
pub fn read(state: &State, profile: Profile, u: Uid) -> Option<State> {
    read_branches(state, profile, u, &mut Vec::new())
}

/// `Read(u)`, also telling which branches it took.
pub fn read_branches(
    state: &State,
    profile: Profile,
    u: Uid,
    branches: &mut Vec<Branch>,
) -> Option<State> {
    let local = state.local(u)?;
    if local.failed {
        return None;
    }
    let entry = state.log.get(local.cursor)?;
    let mut next_local = local.clone();
    branches.push(apply_entry(profile, u, &mut next_local, entry));
    next_local.cursor += 1;
    if profile.commits_after(entry) && profile.refounds(&next_local) {
        next_local.group = Some(Epoch::root(u));
        branches.push(Branch::Refounds);
    }
    if profile.commits_after(entry) && next_local.believes_dc() {
        branches.extend(profile.commit_pendings(u, &mut next_local));
    }
    let mut next = state.clone();
    next.users[usize::from(u) - 1] = User::Alive(next_local);
    Some(next)
}

/// The effect of reading one entry, before any *commit pendings*.
fn apply_entry(profile: Profile, u: Uid, local: &mut Local, entry: &Entry) -> Branch {
    match entry {
        Entry::Joined(v) => {
            // A user never reads its own Joined: it starts reading after it.
            if *v != u {
                local.pending_adds.push(*v);
            }
            Branch::ReadJoined
        }
        Entry::Left(v) => {
            if profile.records_leave(local, *v) {
                local.pending_removes.push(*v);
            }
            local.left_seen.insert(*v);
            Branch::ReadLeft
        }
        Entry::Welcome { to, epoch, .. } if *to == u => match local.group {
            None => {
                let roster = epoch.roster();
                let mut earlier = roster;
                earlier.remove(u);
                local.before_me = profile.before_me_on_welcome(local.before_me, earlier);
                local.group = Some(epoch.clone());
                profile.on_welcomed(local, roster, earlier.minus(local.before_me));
                Branch::ReadWelcomeJoins
            }
            Some(_) => {
                profile.on_second_welcome(local);
                Branch::ReadWelcomeSecond
            }
        },
        Entry::Welcome { .. } => Branch::ReadWelcomeOther,
        Entry::Commit { from, epoch } => {
            // Rule 1: its own commit was merged when it was made.
            if *from == u {
                return Branch::CommitOwn;
            }
            // Rule 2: no group, nothing to apply it to.
            let Some(group) = &local.group else { return Branch::CommitNoGroup };
            if epoch.is_child_of(group) {
                // Rule 3: apply it.
                if let Some(step) = epoch.last_step() {
                    match step.op {
                        Op::Add(v) => local.pending_adds.retain(|&p| p != v),
                        Op::Remove(vs) => local.pending_removes.retain(|&p| !vs.contains(p)),
                    }
                }
                local.group = Some(epoch.clone());
                Branch::CommitApplied
            } else if epoch.parent_number() != Some(group.number()) {
                // Rule 4: wrong epoch, ignored.
                Branch::CommitWrongEpoch
            } else {
                // Rule 5: same number, another node: a fork.
                profile.on_fork(local);
                Branch::CommitFork
            }
        }
    }
}
