//! The security properties against a hostile delivery service
//! (`docs/threat-model.md`, "Security properties"), each under its own name.
//! They are checked when the server has a budget (`--attacks N`, N > 0);
//! with an honest server they hold trivially and the honest properties of
//! [`crate::properties`] are checked instead.
//!
//! "Honest members" (`H`) are the alive users with a group that still take
//! steps. Claims about what people can tell use the profile's display
//! ([`crate::display`]); the claims about the whole room are checked at
//! quiescence, where the display has settled (the server can always stop
//! delivering, so no claim promises progress).

use crate::display::{display, DisplayRules};
use crate::log::Entry;
use crate::properties::at_quiescence;
use crate::server_steps::server_reads;
use crate::state::State;
use crate::uid_set::UidSet;
use crate::user::Local;
use dcverify_protocol::{Profile, Uid};

/// A named security property and the predicate that checks it.
#[derive(Clone, Copy)]
pub struct SecurityProperty {
    pub name: &'static str,
    /// Whether it is only claimed at quiescence.
    pub at_quiescence: bool,
    pub holds: fn(Profile, &State) -> bool,
}

impl SecurityProperty {
    /// Whether the property holds in `state` under `profile`.
    pub fn check(&self, profile: Profile, state: &State) -> bool {
        (self.at_quiescence && !at_quiescence(state)) || (self.holds)(profile, state)
    }
}

/// Every security property, in `docs/threat-model.md`'s order.
pub const SECURITY_PROPERTIES: [SecurityProperty; 6] = [
    SecurityProperty {
        name: "NoSilentEavesdropper",
        at_quiescence: true,
        holds: no_silent_eavesdropper,
    },
    SecurityProperty { name: "SplitVisible", at_quiescence: true, holds: split_visible },
    SecurityProperty {
        name: "NoPermanentFailure",
        at_quiescence: false,
        holds: no_permanent_failure,
    },
    SecurityProperty { name: "FalseLeftNoticed", at_quiescence: true, holds: false_left_noticed },
    SecurityProperty { name: "NoHiddenMember", at_quiescence: false, holds: no_hidden_member },
    SecurityProperty { name: "NoUnseenRemoval", at_quiescence: true, holds: no_unseen_removal },
];

/// The security property called `name`.
pub fn by_name(name: &str) -> Option<&'static SecurityProperty> {
    SECURITY_PROPERTIES.iter().find(|p| p.name == name)
}

/// The honest members: alive, with a group, still taking steps.
fn honest_members(state: &State) -> impl Iterator<Item = (Uid, &Local)> {
    state.alive().filter(|(_, l)| l.active() && l.group.is_some())
}

/// Something on some alive user's screen gives the server away: two members
/// show different safety numbers, a client says it is in trouble, or (where
/// the roster is shown) a roster entry is not a person in the call, once.
pub fn something_shows(profile: Profile, state: &State) -> bool {
    let mut numbers = honest_members(state).map(|(_, l)| display(profile, l).safety_number_of);
    let first = numbers.next();
    let numbers_differ = first.is_some_and(|f| numbers.any(|n| n != f));
    let trouble = state.alive().any(|(_, l)| display(profile, l).shows_trouble);
    numbers_differ || trouble || (profile.shows_roster() && roster_looks_wrong(state))
}

/// Some honest member's roster, read as people read it (names, not keys),
/// does not match the people in the call: a name twice (a person's own leaf
/// and the server's under the same name), or a name of nobody present.
fn roster_looks_wrong(state: &State) -> bool {
    let present = state.alive_set();
    honest_members(state).filter_map(|(_, l)| l.group.as_ref()).any(|g| {
        let (users, server) = g.leaves();
        users.intersects(server) || !users.union(server).is_subset(present)
    })
}

/// `NoSilentEavesdropper`: at quiescence, if the server reads an honest
/// member's epoch node (holds a leaf of it and has been let in), something
/// on screen shows it.
pub fn no_silent_eavesdropper(profile: Profile, state: &State) -> bool {
    let server_reads = honest_members(state)
        .any(|(_, l)| l.group.as_ref().is_some_and(|g| server_reads(state, g)));
    !server_reads || something_shows(profile, state)
}

/// `SplitVisible`: at quiescence, honest members in different epoch nodes
/// show different safety numbers.
pub fn split_visible(profile: Profile, state: &State) -> bool {
    let members: Vec<&Local> = honest_members(state).map(|(_, l)| l).collect();
    members.iter().all(|a| {
        members.iter().all(|b| {
            a.group == b.group
                || display(profile, a).safety_number_of != display(profile, b).safety_number_of
        })
    })
}

/// `NoPermanentFailure`: no user has failed since the server's first step
/// (a failed client stays failed until it leaves).
pub fn no_permanent_failure(_: Profile, state: &State) -> bool {
    state.alive().all(|(u, _)| !state.failed_under_attack.contains(u))
}

/// Alive users that some honest member's epoch node no longer holds, while
/// they were in the group: `(removed user, member whose node lacks it)`.
fn dropped_from_others(state: &State, only: impl Fn(Uid) -> bool) -> Vec<(Uid, Uid)> {
    let mut out = Vec::new();
    for (u, lu) in state.alive().filter(|(u, l)| l.group.is_some() && only(*u)) {
        for (w, lw) in honest_members(state).filter(|(w, _)| *w != u) {
            let roster = lw.group.as_ref().map_or(UidSet::EMPTY, |g| g.leaves().0);
            let same_group = lw.group.as_ref().map(|g| g.root) == lu.group.as_ref().map(|g| g.root);
            if same_group && !roster.contains(u) {
                out.push((u, w));
            }
        }
    }
    out
}

/// Whether `u` and `w` can tell, by comparing screens, that they are not together.
fn apart_visible(profile: Profile, state: &State, u: Uid, w: Uid) -> bool {
    let (Some(lu), Some(lw)) = (state.local(u), state.local(w)) else { return true };
    let (du, dw) = (display(profile, lu), display(profile, lw));
    du.safety_number_of != dw.safety_number_of || du.shows_trouble || dw.shows_trouble
}

/// `FalseLeftNoticed`: at quiescence, a present user announced as left and
/// dropped from another member's epoch node can tell from its screen or
/// that member's.
pub fn false_left_noticed(profile: Profile, state: &State) -> bool {
    let announced: UidSet = state
        .log
        .iter()
        .filter_map(|e| match e {
            Entry::Left(v) => Some(*v),
            _ => None,
        })
        .collect();
    dropped_from_others(state, |u| announced.contains(u))
        .into_iter()
        .all(|(u, w)| apart_visible(profile, state, u, w))
}

/// `NoUnseenRemoval`: at quiescence, any present user dropped from another
/// member's epoch node (by a false `Left` or by the server's own commit) can
/// tell from its screen or that member's.
pub fn no_unseen_removal(profile: Profile, state: &State) -> bool {
    dropped_from_others(state, |_| true)
        .into_iter()
        .all(|(u, w)| apart_visible(profile, state, u, w))
}

/// `NoHiddenMember` (RFC 9420 §16.4; RFC 9750, membership transparency): no
/// honest member's epoch node holds a server leaf that its screen does not
/// list.
pub fn no_hidden_member(profile: Profile, state: &State) -> bool {
    profile.shows_roster()
        || honest_members(state)
            .all(|(_, l)| l.group.as_ref().is_none_or(|g| g.server_leaves().is_empty()))
}
