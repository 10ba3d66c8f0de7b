//! The properties of docs/protocol.md, each under its own name. Safety properties
//! hold in every reachable state; quiescence properties are checked as
//! `always(quiescent and someone alive => ...)`.

use crate::epoch::Op;
use crate::log::Entry;
use crate::state::State;
use crate::uid_set::UidSet;
use crate::user::Local;
use dcverify_protocol::Uid;

/// Whether a property must hold everywhere or only at quiescence.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Safety,
    Quiescence,
}

/// A named property of docs/protocol.md and the predicate that checks it.
#[derive(Clone, Copy)]
pub struct NamedProperty {
    pub name: &'static str,
    pub kind: Kind,
    /// The claim itself; for quiescence properties, only meaningful at quiescence.
    pub holds: fn(&State) -> bool,
}

impl NamedProperty {
    /// Whether the property holds in `state`, taking its kind into account.
    pub fn check(&self, state: &State) -> bool {
        match self.kind {
            Kind::Safety => (self.holds)(state),
            Kind::Quiescence => !at_quiescence(state) || (self.holds)(state),
        }
    }
}

/// A quiescent state where at least one user is alive.
pub fn at_quiescence(state: &State) -> bool {
    state.alive().next().is_some() && state.quiescent()
}

/// Every property, in docs/protocol.md's order. A safety property that
/// reads users' states must say what it reads in `reduction::Observed`.
pub const PROPERTIES: [NamedProperty; 13] = [
    NamedProperty { name: "AtMostOneCommitter", kind: Kind::Safety, holds: at_most_one_committer },
    NamedProperty { name: "WelcomeBeforeAdd", kind: Kind::Safety, holds: welcome_before_add },
    NamedProperty { name: "UniqueAddRemove", kind: Kind::Safety, holds: unique_add_remove },
    NamedProperty { name: "EpochsIncrease", kind: Kind::Safety, holds: epochs_increase },
    NamedProperty { name: "UniquePendings", kind: Kind::Safety, holds: unique_pendings },
    NamedProperty { name: "AllAdmitted", kind: Kind::Quiescence, holds: all_admitted },
    NamedProperty { name: "OneEpoch", kind: Kind::Quiescence, holds: one_epoch },
    NamedProperty { name: "RosterIsRoom", kind: Kind::Quiescence, holds: roster_is_room },
    NamedProperty { name: "OneCommitter", kind: Kind::Quiescence, holds: one_committer },
    NamedProperty { name: "NothingPending", kind: Kind::Quiescence, holds: nothing_pending },
    NamedProperty { name: "NoFailure", kind: Kind::Quiescence, holds: no_failure },
    NamedProperty { name: "JoinsWelcomed", kind: Kind::Quiescence, holds: joins_welcomed },
    NamedProperty { name: "WelcomesAdded", kind: Kind::Quiescence, holds: welcomes_added },
];

/// The property called `name`.
pub fn by_name(name: &str) -> Option<&'static NamedProperty> {
    PROPERTIES.iter().find(|p| p.name == name)
}

/// At most one alive user believes it is DC.
pub fn at_most_one_committer(state: &State) -> bool {
    state.alive().filter(|(_, l)| l.believes_dc()).count() <= 1
}

/// Every `Commit(Add(v))` is preceded by a Welcome for v from the same
/// committer into the same epoch.
pub fn welcome_before_add(state: &State) -> bool {
    state.log.iter().enumerate().all(|(i, entry)| match (entry, entry.commit_op()) {
        (Entry::Commit { from, epoch }, Some(Op::Add(v))) => state.log[..i].iter().any(|e| {
            matches!(e, Entry::Welcome { from: f, to, epoch: we } if f == from && *to == v.uid() && we == epoch)
        }),
        _ => true,
    })
}

/// No uid is the target of two Adds in the log, nor of two Removes.
pub fn unique_add_remove(state: &State) -> bool {
    let mut added = UidSet::EMPTY;
    let mut removed = UidSet::EMPTY;
    for op in state.log.iter().filter_map(Entry::commit_op) {
        match op {
            Op::Add(v) if added.contains(v.uid()) => return false,
            Op::Add(v) => added.insert(v.uid()),
            Op::Remove(vs) if vs.intersects(removed) => return false,
            Op::Remove(vs) => removed = removed.union(vs),
            Op::Update(_) => {}
        }
    }
    true
}

/// Within each group (root), commit epoch numbers strictly increase in log order.
pub fn epochs_increase(state: &State) -> bool {
    let mut last: Vec<(u8, usize)> = Vec::new();
    for entry in state.log.iter() {
        if let Entry::Commit { epoch, .. } = entry {
            match last.iter_mut().find(|(root, _)| *root == epoch.root) {
                Some((_, n)) if epoch.number() <= *n => return false,
                Some((_, n)) => *n = epoch.number(),
                None => last.push((epoch.root, epoch.number())),
            }
        }
    }
    true
}

/// No user's pending lists hold a uid twice.
pub fn unique_pendings(state: &State) -> bool {
    state.alive().all(|(_, l)| unique_pendings_of(l))
}

/// Neither of this user's pending lists holds a uid twice.
pub fn unique_pendings_of(local: &Local) -> bool {
    fn unique(list: impl ExactSizeIterator<Item = u8> + Clone) -> bool {
        let set: UidSet = list.clone().collect();
        set.len() == list.len()
    }
    unique(local.pending_adds.iter().map(|a| a.uid()))
        && unique(local.pending_removes.iter().copied())
}

/// Every alive user has a group.
pub fn all_admitted(state: &State) -> bool {
    state.alive().all(|(_, l)| l.group.is_some())
}

/// All alive users with a group hold the same epoch node.
pub fn one_epoch(state: &State) -> bool {
    let mut groups = state.alive().filter_map(|(_, l)| l.group.as_ref());
    match groups.next() {
        None => true,
        Some(first) => groups.all(|g| g == first),
    }
}

/// Every epoch node held by an alive user has exactly the alive users as roster.
pub fn roster_is_room(state: &State) -> bool {
    off_roster(state).next().is_none()
}

/// The witnesses against `RosterIsRoom`: alive users holding a node whose
/// roster is not the alive users.
pub fn off_roster(state: &State) -> impl Iterator<Item = (Uid, &Local)> {
    let room = state.alive_set();
    state.alive().filter(move |(_, l)| l.group.as_ref().is_some_and(|g| g.roster() != room))
}

/// If some alive, not failed user has a group, exactly one such user believes it is DC.
pub fn one_committer(state: &State) -> bool {
    let mut members = state.alive().filter(|(_, l)| !l.failed && l.group.is_some()).peekable();
    if members.peek().is_none() {
        return true;
    }
    members.filter(|(_, l)| l.believes_dc()).count() == 1
}

/// No alive user has pending adds or removes. (Under `healing`, Update
/// proposals wait for the next membership change by design: `docs/pcs.md`.)
pub fn nothing_pending(state: &State) -> bool {
    with_pendings(state).next().is_none()
}

/// The witnesses against `NothingPending`: alive users with pending adds or removes.
pub fn with_pendings(state: &State) -> impl Iterator<Item = (Uid, &Local)> {
    state.alive().filter(|(_, l)| !l.pending_adds.is_empty() || !l.pending_removes.is_empty())
}

/// No alive user has failed.
pub fn no_failure(state: &State) -> bool {
    state.alive().all(|(_, l)| !l.failed)
}

/// Every `Joined(v)` of an alive v that did not found a group is followed by a Welcome for v.
pub fn joins_welcomed(state: &State) -> bool {
    state.log.iter().enumerate().all(|(i, entry)| match entry {
        Entry::Joined(leaf) => {
            let v = leaf.uid();
            let Some(local) = state.local(v) else { return true };
            let founded = local.group.as_ref().is_some_and(|g| g.root == v);
            founded
                || state.log[i + 1..]
                    .iter()
                    .any(|e| matches!(e, Entry::Welcome { to, .. } if *to == v))
        }
        _ => true,
    })
}

/// Every Welcome whose target is alive is followed by an Add for it.
pub fn welcomes_added(state: &State) -> bool {
    unadded_welcomes(state).next().is_none()
}

/// The witnesses against `WelcomesAdded`: Welcomes to an alive user that no
/// Add for it follows.
pub fn unadded_welcomes(state: &State) -> impl Iterator<Item = &Entry> {
    state.log.iter().enumerate().filter_map(|(i, entry)| match entry {
        Entry::Welcome { to, .. }
            if state.local(*to).is_some()
                && !state.log[i + 1..]
                    .iter()
                    .any(|e| matches!(e.commit_op(), Some(Op::Add(v)) if v.uid() == *to)) =>
        {
            Some(entry)
        }
        _ => None,
    })
}
