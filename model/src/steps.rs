//! The steps `Join`, `Leave(u)`, `Read(u)` and `Send(u)` (`docs/protocol.md`,
//! "Steps"; the actions of the same names in `tla/DC.tla`). Whether a step
//! is enabled is decided once, in [`crate::DcModel::is_enabled`]; these
//! functions compute what an enabled step does, and note the branches of
//! the protocol's rules it takes.

use crate::commit_pendings::commit_pendings;
use crate::epoch::{Epoch, Op};
use crate::log::Entry;
use crate::profile::ProfileRules;
use crate::state::State;
use crate::user::{Local, User};
use dcverify_protocol::{Action, Branch, Profile, Uid};

/// Where a step notes the branches it takes. The checker's hot path notes
/// nothing ([`NoLog`]); walks and corpora keep them (`Vec<Branch>`).
pub trait BranchLog {
    fn took(&mut self, branch: Branch);
}

impl BranchLog for Vec<Branch> {
    fn took(&mut self, branch: Branch) {
        self.push(branch);
    }
}

/// Forgets the branches.
pub struct NoLog;

impl BranchLog for NoLog {
    fn took(&mut self, _: Branch) {}
}

/// The state after the enabled step `action` (`None` only if it names a
/// user who is not alive).
pub fn take(
    state: &State,
    profile: Profile,
    action: Action,
    log: &mut impl BranchLog,
) -> Option<State> {
    match action {
        Action::Join => Some(join(state, profile, log)),
        Action::Leave(u) => leave(state, u, log),
        Action::Read(u) => read(state, profile, u, log),
        Action::Send(u) => send(state, profile, u, log),
    }
}

/// `Join`: the next uid joins and `Joined(uid)` is appended. It reads from
/// right after its own entry; if nobody is alive it founds a new group.
fn join(state: &State, profile: Profile, log: &mut impl BranchLog) -> State {
    let mut next = state.clone();
    let uid = (state.joined_count() + 1) as Uid;
    let nobody_alive = state.alive().next().is_none();
    next.log.push(Entry::Joined(uid));
    let cursor = next.log.len();
    let local = if nobody_alive {
        log.took(Branch::JoinFounds);
        Local::founder(uid, cursor)
    } else {
        log.took(Branch::Join);
        Local { before_me: profile.room_at_join(state.alive_set()), ..Local::joiner(cursor) }
    };
    next.users.push(User::Alive(local));
    next
}

/// `Leave(u)`: `Left(u)` is appended; `u`'s outbox is lost with it.
fn leave(state: &State, u: Uid, log: &mut impl BranchLog) -> Option<State> {
    state.local(u)?;
    let mut next = state.clone();
    next.log.push(Entry::Left(u));
    next.users[usize::from(u) - 1] = User::Left;
    log.took(Branch::Leave);
    Some(next)
}

/// `Send(u)`: the head of `u`'s outbox is appended to the log (under
/// `fixed`, a Welcome together with its commit).
fn send(state: &State, profile: Profile, u: Uid, log: &mut impl BranchLog) -> Option<State> {
    let mut next = state.clone();
    let local = next.local_mut(u)?;
    let n = profile.send_len(&local.outbox).min(local.outbox.len());
    let entries: Vec<Entry> = local.outbox.drain(..n).collect();
    for entry in entries {
        next.log.push(entry);
    }
    log.took(Branch::Send);
    Some(next)
}

/// `Read(u)`: process the entry at `u`'s cursor, then advance it; after a
/// `Joined` or `Left`, found a group if the profile says so, then run
/// *commit pendings* if `u` now believes it is DC.
fn read(state: &State, profile: Profile, u: Uid, log: &mut impl BranchLog) -> Option<State> {
    let local = state.local(u)?;
    let entry = state.log.get(local.cursor)?;
    let mut next_local = local.clone();
    log.took(apply_entry(profile, u, &mut next_local, entry));
    next_local.cursor += 1;
    let membership_news = matches!(entry, Entry::Joined(_) | Entry::Left(_));
    if membership_news && profile.refounds(&next_local) {
        next_local.group = Some(Epoch::root(u));
        log.took(Branch::Refounds);
    }
    if membership_news && next_local.believes_dc() {
        commit_pendings(u, &mut next_local, log);
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
            // Its KeyPackage was consumed by the first: processing fails and is ignored.
            Some(_) => Branch::ReadWelcomeSecond,
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
                // Rule 5: same number, another node: a fork. The client cannot
                // process it and gives up, visibly.
                local.failed = true;
                Branch::CommitFork
            }
        }
    }
}
