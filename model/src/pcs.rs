//! Forward secrecy and post-compromise security (`docs/pcs.md`, "Properties";
//! the invariants of the same names in `tla/DC.tla`), checked when the
//! attacker may steal a member's state (`--compromises N`, N > 0), beside
//! the honest or the security properties; and the exposure measure.

use crate::epoch::{Epoch, Op};
use crate::leaf::Leaf;
use crate::state::State;

/// A named property over the state alone.
#[derive(Clone, Copy)]
pub struct PcsProperty {
    pub name: &'static str,
    pub holds: fn(&State) -> bool,
}

/// Every forward-secrecy and healing property, in `docs/pcs.md`'s order.
pub const PCS_PROPERTIES: [PcsProperty; 2] = [
    PcsProperty { name: "ForwardSecrecy", holds: forward_secrecy },
    PcsProperty { name: "Healing", holds: healing },
];

/// The property called `name`.
pub fn by_name(name: &str) -> Option<&'static PcsProperty> {
    PCS_PROPERTIES.iter().find(|p| p.name == name)
}

/// `ForwardSecrecy`: nobody reads an epoch created after its removal. An
/// alive user holds only nodes it is a member of (a user the server removed
/// keeps the node it had), and every node a stolen copy reads still has
/// the copied user's leaf.
pub fn forward_secrecy(state: &State) -> bool {
    let users = state
        .alive()
        .all(|(u, l)| l.removed || l.group.as_ref().is_none_or(|g| g.leaves().0.contains(u)));
    users
        && state
            .stolen
            .iter()
            .all(|s| s.nodes_read(state).iter().all(|node| node.leaves().0.contains(s.of)))
}

/// `Healing`: once the copied user's leaf has been refreshed with a key
/// made after the theft (an Update of its proposed after the theft and
/// committed, or a commit of its own, whose path it made afresh), the copy
/// reads no later epoch: no node it reads lies beyond such a commit.
pub fn healing(state: &State) -> bool {
    state.stolen.iter().all(|s| {
        let nodes = s.nodes_read(state);
        let Some(base) = nodes.first() else { return true };
        // An Update proposed before the theft, committed on the node the
        // copy was stolen with, uses a key the copy holds: not a refresh.
        let skip_first_update = s.knows_update && s.group.is_some();
        nodes.iter().all(|node| !refreshed_between(s.of, base, node, skip_first_update))
    })
}

/// Whether a commit on the way from `base` down to `node` refreshed `u`'s
/// leaf with a key made after the theft.
fn refreshed_between(u: crate::Uid, base: &Epoch, node: &Epoch, skip_first_update: bool) -> bool {
    node.path.iter().enumerate().skip(base.number()).any(|(i, step)| {
        let known = skip_first_update && i == base.number();
        step.committer == Leaf::user(u)
            || matches!(step.op, Op::Update(vs) if vs.contains(u) && !known)
    })
}

/// The exposure so far: the most epochs any stolen copy reads beyond the
/// one it was stolen with.
pub fn exposure(state: &State) -> usize {
    state.stolen.iter().map(|s| s.exposure(state)).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UidSet;

    #[test]
    fn a_refresh_is_a_commit_of_its_own_or_its_update_after_the_base() {
        let e1 = Epoch::root(1).child(Leaf::user(1), Op::Add(Leaf::user(2)));
        let add3 = e1.child(Leaf::user(1), Op::Add(Leaf::user(3)));
        let update2 = add3.child(Leaf::user(1), Op::Update(UidSet::single(2)));
        let by2 = add3.child(Leaf::user(2), Op::Remove(UidSet::single(3)));
        assert!(!refreshed_between(2, &e1, &add3, false));
        assert!(refreshed_between(2, &e1, &update2, false));
        assert!(refreshed_between(2, &e1, &by2, false));
        // Someone else's Update is not user 2's refresh.
        assert!(!refreshed_between(3, &e1, &update2, false));
        // Before the base does not count.
        assert!(!refreshed_between(2, &update2, &update2, false));
        // An Update proposed before the theft, first after the base: known.
        let known = e1.child(Leaf::user(1), Op::Update(UidSet::single(2)));
        assert!(!refreshed_between(2, &e1, &known, true));
        // Only the first step after the base is excused.
        assert!(refreshed_between(2, &e1, &update2, true));
    }

    #[test]
    fn properties_are_found_by_name() {
        assert_eq!(by_name("Healing").map(|p| p.name), Some("Healing"));
        assert_eq!(by_name("ForwardSecrecy").map(|p| p.name), Some("ForwardSecrecy"));
        assert!(by_name("AllAdmitted").is_none());
    }
}
