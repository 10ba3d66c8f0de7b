//! A blocked succession: members still in the room, and none of those
//! still working believes it is DC, so nothing is ever committed again.
//! What they wait on tells the causes apart.

use dcverify_model::properties::{off_roster, with_pendings};
use dcverify_model::{Local, State, Uid, UidSet, User};

/// Alive members (with a group) whose client still works.
fn working(state: &State) -> impl Iterator<Item = (Uid, &Local)> {
    state.alive().filter(|(_, l)| !l.failed && l.group.is_some())
}

/// Someone in the room holds a group, and no working member believes it
/// is DC. (With no working member at all, only failed ones, nobody can
/// commit either.)
pub fn nobody_commits(state: &State) -> bool {
    state.alive().any(|(_, l)| l.group.is_some()) && working(state).all(|(_, l)| !l.believes_dc())
}

/// Whom the working members wait on: those in their `before_me` whose
/// `Left` they have not read, other working members aside. At quiescence
/// these are users who failed, or who left before the member's own
/// `Joined` (where it never reads).
pub fn waited_on(state: &State) -> UidSet {
    let working_set: UidSet = working(state).map(|(u, _)| u).collect();
    working(state).fold(UidSet::EMPTY, |acc, (_, l)| {
        acc.union(l.before_me.minus(l.left_seen).minus(working_set))
    })
}

/// Whether `u` has left the room.
pub fn gone(state: &State, u: Uid) -> bool {
    matches!(state.user(u), Some(User::Left))
}

/// Whether the violation of `property` is the blocked succession's own:
/// a working member, or a joiner, waits for a commit that never comes.
/// (Where every witness is a failed member, the failure is the cause.)
pub fn waiting_witness(property: &str, state: &State) -> bool {
    match property {
        "OneCommitter" | "AllAdmitted" | "JoinsWelcomed" => true,
        "RosterIsRoom" => off_roster(state).any(|(_, l)| !l.failed),
        "NothingPending" => with_pendings(state).any(|(_, l)| !l.failed),
        _ => false,
    }
}
