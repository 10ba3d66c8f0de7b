//! The steps `Join`, `Leave(u)`, `Read(u)` and `Send(u)` (`docs/protocol.md`,
//! "Steps"; the actions of the same names in `tla/DC.tla`). Whether a step
//! is enabled is decided once, in [`crate::DcModel::is_enabled`]; these
//! functions compute what an enabled step does, and note the branches of
//! the protocol's rules it takes.

use crate::commit_pendings::commit_pendings;
use crate::epoch::{Epoch, Op};
use crate::leaf::Leaf;
use crate::log::Entry;
use crate::profile::{ProfileRules, Refresh};
use crate::state::State;
use crate::uid_set::UidSet;
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
    let next = match action {
        Action::Join => Some(join(state, profile, log)),
        Action::Leave(u) => leave(state, u, log),
        Action::Read(u) => read(state, profile, u, log),
        Action::Send(u) => send(state, profile, u, log),
        Action::Server(step) => crate::server_steps::take(state, profile, step, log),
        Action::Compromise(u) => crate::compromise::take(state, u),
    }?;
    Some(note_failures_under_attack(state, next))
}

/// Users that fail once the server has taken a step are counted against it
/// (`NoPermanentFailure`); with an honest server nothing is noted.
fn note_failures_under_attack(before: &State, mut next: State) -> State {
    if next.attacks_used == 0 {
        return next;
    }
    let failed_now: Vec<Uid> = next
        .alive()
        .filter(|(u, l)| l.failed && !before.local(*u).is_some_and(|b| b.failed))
        .map(|(u, _)| u)
        .collect();
    for u in failed_now {
        next.failed_under_attack.insert(u);
    }
    next
}

/// `Join`: the next uid joins and `Joined(uid)` is appended. It reads from
/// right after its own entry; if nobody is alive it founds a new group.
fn join(state: &State, profile: Profile, log: &mut impl BranchLog) -> State {
    let mut next = state.clone();
    let uid = (state.joined_count() + 1) as Uid;
    let nobody_alive = state.alive().next().is_none();
    next.log.push(Entry::Joined(Leaf::user(uid)));
    let cursor = next.log.len();
    let local = if nobody_alive {
        log.took(Branch::JoinFounds);
        Local::founder(uid, cursor)
    } else {
        log.took(Branch::Join);
        Local { before_me: profile.room_at_join(state.alive_set()), ..Local::joiner(cursor) }
    };
    next.users.push(User::alive(local));
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
    let next_local = read_local(state, profile, u, log)?;
    let mut next = state.clone();
    next.users[usize::from(u) - 1] = User::alive(next_local);
    Some(next)
}

/// u's state after `Read(u)`: the entry at its cursor processed, the cursor
/// advanced (`None` if u is not alive or has nothing to read). A read
/// changes nothing else (`docs/reduction.md`).
pub fn read_local(
    state: &State,
    profile: Profile,
    u: Uid,
    log: &mut impl BranchLog,
) -> Option<Local> {
    let local = state.local(u)?;
    let entry = state.log.get(local.cursor)?;
    let mut next_local = local.clone();
    next_local.cursor += 1;
    process(profile, u, &mut next_local, entry, log);
    Some(next_local)
}

/// What `u` does with `entry` when it is given it (by `Read`, or out of
/// turn by a hostile server): apply it, then found a group or run *commit
/// pendings* where the rules say so. The cursor is the caller's business.
pub fn process(
    profile: Profile,
    u: Uid,
    next_local: &mut Local,
    entry: &Entry,
    log: &mut impl BranchLog,
) {
    if !next_local.active() {
        // Failed or removed by an earlier entry of the same delivery.
        return;
    }
    let branch = apply_entry(profile, u, next_local, entry);
    log.took(branch);
    if !next_local.active() {
        return;
    }
    if branch == Branch::CommitApplied {
        after_commit_applied(profile, u, next_local, log);
    }
    // News of someone else: an entry about itself (only a hostile server
    // writes one) is not, so it commits nothing on it.
    let membership_news = match entry {
        Entry::Joined(v) => v.uid() != u,
        Entry::Left(v) => *v != u,
        _ => false,
    };
    if membership_news && profile.refounds(next_local) {
        next_local.group = Some(Epoch::root(u));
        log.took(Branch::Refounds);
    }
    if membership_news && next_local.believes_dc() {
        commit_pendings(profile, u, next_local, log);
    }
}

/// After `u` applied someone else's commit: the proposals it held were for
/// the parent epoch (committed or stale now), and under `healing` it may be
/// due to refresh its leaf: it queues an Update proposal for its new epoch
/// (a stale one still in its outbox goes out too, and is ignored: `docs/pcs.md`).
fn after_commit_applied(profile: Profile, u: Uid, local: &mut Local, log: &mut impl BranchLog) {
    local.pending_updates = UidSet::EMPTY;
    let (Some(group), true) = (&local.group, profile.updates()) else { return };
    let Some(step) = group.last_step() else { return };
    match profile.refresh_after_commit(u, step.op) {
        Refresh::Unchanged => {}
        Refresh::Refreshed => local.update_due = false,
        Refresh::Propose => {
            local.update_due = true;
            local.outbox.push(Entry::Propose { from: u, epoch: group.clone() });
            log.took(Branch::ProposesUpdate);
        }
    }
}

/// What rules 3 to 5 make of another member's commit creating `epoch`,
/// read by `u` in `group`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CommitOn {
    /// Rule 3: made on its node, and it stays a member: apply it.
    Applies,
    /// Rule 3 for a commit that removes the reader, who is present: only a
    /// hostile server brings this about.
    RemovesReader,
    /// Rule 4: made on another epoch number: ignored.
    WrongEpoch,
    /// Rule 5: same number, another node: a fork.
    Fork,
}

/// Which of rules 3 to 5 a commit creating `epoch` falls under for `u`,
/// who holds `group` (the causes of `docs/failures/` ask the same).
pub fn commit_on(group: &Epoch, u: Uid, epoch: &Epoch) -> CommitOn {
    if epoch.is_child_of(group) {
        if epoch.leaves().0.contains(u) {
            CommitOn::Applies
        } else {
            CommitOn::RemovesReader
        }
    } else if epoch.parent_number() != Some(group.number()) {
        CommitOn::WrongEpoch
    } else {
        CommitOn::Fork
    }
}

/// The effect of reading one entry, before any *commit pendings*.
fn apply_entry(profile: Profile, u: Uid, local: &mut Local, entry: &Entry) -> Branch {
    match entry {
        Entry::Joined(v) => {
            // A user never reads its own Joined: it starts reading after it
            // (and it ignores one the server writes in its name).
            if v.uid() != u {
                local.pending_adds.push(*v);
            }
            Branch::ReadJoined
        }
        Entry::Left(v) if *v == u => {
            // Only a hostile server announces a present user's leave to itself.
            profile.on_left_self(local);
            Branch::ReadLeftSelf
        }
        Entry::Left(v) => {
            if profile.records_leave(local, *v) {
                local.pending_removes.push(*v);
            }
            local.left_seen.insert(*v);
            // A leaver's Update proposal is not worth a commit.
            local.pending_updates.remove(*v);
            Branch::ReadLeft
        }
        // Its KeyPackage was consumed by the first: processing fails and is ignored.
        Entry::Welcome { to, .. } if *to == u && local.group.is_some() => Branch::ReadWelcomeSecond,
        // Only a Welcome for its own KeyPackage opens (one the server made
        // for its own leaf labelled `u` does not).
        Entry::Welcome { to, epoch, .. }
            if *to == u && epoch.last_step().map(|s| s.op) == Some(Op::Add(Leaf::user(u))) =>
        {
            let roster = epoch.roster();
            let mut earlier = roster;
            earlier.remove(u);
            local.before_me = profile.before_me_on_welcome(local.before_me, earlier);
            local.group = Some(epoch.clone());
            profile.on_welcomed(local, roster, earlier.minus(local.before_me));
            Branch::ReadWelcomeJoins
        }
        Entry::Welcome { .. } => Branch::ReadWelcomeOther,
        Entry::Commit { from, epoch } => {
            // Rule 1: its own commit was merged when it was made.
            if *from == u {
                return Branch::CommitOwn;
            }
            // Rule 2: no group, nothing to apply it to.
            let Some(group) = &local.group else { return Branch::CommitNoGroup };
            match commit_on(group, u, epoch) {
                CommitOn::RemovesReader => {
                    local.removed = true;
                    profile.on_removed(local);
                    return Branch::CommitRemovesMe;
                }
                CommitOn::WrongEpoch => return Branch::CommitWrongEpoch,
                CommitOn::Fork => return profile.on_unreadable_commit(local),
                CommitOn::Applies => {}
            }
            // Rule 3: apply it.
            if let Some(step) = epoch.last_step() {
                match step.op {
                    Op::Add(v) => local.pending_adds.retain(|p| p.uid() != v.uid()),
                    Op::Remove(vs) => local.pending_removes.retain(|&p| !vs.contains(p)),
                    Op::Update(_) => {}
                }
            }
            local.group = Some(epoch.clone());
            Branch::CommitApplied
        }
        Entry::Propose { from, epoch } => {
            // The DC records it while valid: for its epoch, from someone
            // else still in the room; it waits for the DC's next membership
            // commit (`docs/pcs.md`). A member that becomes DC later does
            // not know it: the proposer proposes again after that DC's
            // first membership commit.
            let current = profile.updates() && local.group.as_ref() == Some(epoch);
            if current && *from != u && !local.left_seen.contains(*from) && local.believes_dc() {
                local.pending_updates.insert(*from);
                Branch::ReadProposal
            } else {
                Branch::ReadProposalIgnored
            }
        }
        Entry::Garbage(n) => match &local.group {
            None => Branch::CommitNoGroup,
            Some(group) if group.number() != *n => Branch::CommitWrongEpoch,
            // Nothing tells a commit no key opens from a fork's (rule 5).
            Some(_) => profile.on_unreadable_commit(local),
        },
    }
}
