//! The one short name of an epoch node, used by every command and view
//! (`docs/protocol.md`, "Naming epoch nodes"): `e3a`, `e3b` for the first and
//! second node of epoch 3 met along a path (log entries first, then each
//! user's group and outbox, state by state), so two forks of one epoch number
//! read apart at a glance. The legend maps each name to the node's full path
//! (`r1/1:Add(2)/2:Add(3)`), which is the node's identity.

use crate::epoch::Epoch;
use crate::log::Entry;
use crate::state::State;
use std::collections::{BTreeMap, HashMap};

#[derive(Default, Clone, Debug)]
pub struct EpochNames {
    /// Each node met, with its name and the order in which it was met.
    names: HashMap<Epoch, (String, usize)>,
    /// How many nodes of each epoch number were met.
    per_number: BTreeMap<usize, usize>,
    /// The nodes in the order met.
    met: Vec<Epoch>,
}

/// `a`..`z`, then `aa`, `ab`, …
fn letters(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'a' + (i % 26) as u8) as char);
        if i < 26 {
            return s;
        }
        i = i / 26 - 1;
    }
}

impl EpochNames {
    /// Names for every node met in `states`, in order.
    pub fn for_states<'a>(states: impl IntoIterator<Item = &'a State>) -> Self {
        let mut names = EpochNames::default();
        for state in states {
            names.visit_state(state);
        }
        names
    }

    /// Names every node `state` mentions that has no name yet: in its log,
    /// then in each alive user's group and outbox.
    pub fn visit_state(&mut self, state: &State) {
        for e in state.log.iter() {
            self.visit_entry(e);
        }
        for (_, l) in state.alive() {
            if let Some(g) = &l.group {
                self.add(g);
            }
            for e in &l.outbox {
                self.visit_entry(e);
            }
        }
    }

    fn visit_entry(&mut self, e: &Entry) {
        if let Entry::Welcome { epoch, .. } | Entry::Commit { epoch, .. } = e {
            self.add(epoch);
        }
    }

    /// Gives `e` the next free name of its epoch number, if it has none.
    pub fn add(&mut self, e: &Epoch) {
        if self.names.contains_key(e) {
            return;
        }
        let n = e.number();
        let k = self.per_number.entry(n).or_default();
        let order = self.met.len();
        self.names.insert(e.clone(), (format!("e{n}{}", letters(*k)), order));
        *k += 1;
        self.met.push(e.clone());
    }

    /// The node's short name; its full path if it was never met.
    pub fn name(&self, e: &Epoch) -> String {
        self.names.get(e).map_or_else(|| e.to_string(), |(n, _)| n.clone())
    }

    /// The order in which the node was first met (for colours).
    pub fn order(&self, e: &Epoch) -> usize {
        self.names.get(e).map_or(0, |(_, o)| *o)
    }

    /// Whether another node has the same epoch number (a fork).
    pub fn forked(&self, e: &Epoch) -> bool {
        self.per_number.get(&e.number()).is_some_and(|&k| k > 1)
    }

    /// The parent of `e` among the nodes met, by name (`None` for a root or
    /// a node whose parent never appeared).
    pub fn parent_name(&self, e: &Epoch) -> Option<String> {
        self.met.iter().find(|p| e.is_child_of(p)).map(|p| self.name(p))
    }

    /// Every node met, in the order met, with its name.
    pub fn nodes(&self) -> impl Iterator<Item = (String, &Epoch)> {
        self.met.iter().map(|e| (self.name(e), e))
    }

    /// The epoch numbers with more than one node, each with its nodes' names.
    pub fn forks(&self) -> Vec<(usize, Vec<String>)> {
        self.per_number
            .iter()
            .filter(|(_, &k)| k > 1)
            .map(|(&n, _)| {
                (n, self.met.iter().filter(|e| e.number() == n).map(|e| self.name(e)).collect())
            })
            .collect()
    }

    /// One line per node: `e2b = r1/1:Add(2)/2:Add(3)`.
    pub fn legend(&self) -> Vec<String> {
        self.nodes().map(|(name, e)| format!("{name} = {e}")).collect()
    }

    /// A log entry with node names.
    pub fn entry(&self, e: &Entry) -> String {
        match e {
            Entry::Joined(v) => format!("Joined({v})"),
            Entry::Left(v) => format!("Left({v})"),
            Entry::Garbage(n) => format!("Garbage({n})"),
            Entry::Propose { from, epoch } => format!("Propose({from}, {})", self.name(epoch)),
            Entry::Welcome { from, to, epoch } => {
                format!("Welcome({from}→{to}, {})", self.name(epoch))
            }
            Entry::Commit { from, epoch } => match epoch.last_step() {
                Some(s) => format!("Commit({from}, {}, {})", self.name(epoch), s.op),
                None => format!("Commit({from}, {})", self.name(epoch)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epoch::Op;
    use crate::leaf::Leaf;
    use crate::state::State;

    #[test]
    fn letters_continue_past_z() {
        assert_eq!(
            (letters(0), letters(25), letters(26), letters(27)),
            ("a".into(), "z".into(), "aa".into(), "ab".into())
        );
    }

    #[test]
    fn forks_get_letters_in_the_order_met_and_name_their_parent() {
        let root = Epoch::root(1);
        let a = root.child(Leaf::user(1), Op::Add(Leaf::user(2)));
        let b = root.child(Leaf::user(2), Op::Add(Leaf::user(3)));
        let mut names = EpochNames::default();
        for e in [&root, &a, &b, &a] {
            names.add(e);
        }
        assert_eq!(
            (names.name(&root), names.name(&a), names.name(&b)),
            ("e0a".into(), "e1a".into(), "e1b".into())
        );
        assert_eq!(names.forks(), vec![(1, vec!["e1a".to_string(), "e1b".to_string()])]);
        assert!(names.forked(&b) && !names.forked(&root));
        assert_eq!(names.parent_name(&b), Some("e0a".into()));
        assert_eq!(names.parent_name(&root), None);
        assert_eq!(names.legend(), vec!["e0a = r1", "e1a = r1/1:Add(2)", "e1b = r1/2:Add(3)"]);
        assert_eq!(
            names.name(&b.child(Leaf::user(1), Op::Add(Leaf::user(4)))),
            "r1/2:Add(3)/1:Add(4)"
        );
        assert_eq!((names.order(&root), names.order(&a), names.order(&b)), (0, 1, 2));
    }

    #[test]
    fn nodes_only_in_log_entries_and_outboxes_are_named_in_that_order() {
        let root = Epoch::root(1);
        let welcomed = root.child(Leaf::user(1), Op::Add(Leaf::user(2)));
        let queued = welcomed.child(Leaf::user(1), Op::Add(Leaf::user(3)));
        let mut state = State::initial();
        state.log.push(Entry::Welcome { from: 1, to: 2, epoch: welcomed.clone() });
        if let Some(l) = state.local_mut(1) {
            l.outbox.push(Entry::Commit { from: 1, epoch: queued.clone() });
        }
        let names = EpochNames::for_states([&state]);
        // The log first, then user 1's group (the root), then its outbox.
        assert_eq!(
            names.legend(),
            vec!["e1a = r1/1:Add(2)", "e0a = r1", "e2a = r1/1:Add(2)/1:Add(3)"]
        );
        assert_eq!(
            names.entry(&Entry::Commit { from: 1, epoch: queued }),
            "Commit(1, e2a, Add(3))"
        );
    }
}
