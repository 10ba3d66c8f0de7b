//! Short, stable names for epoch nodes over a whole trace: `e3a`, `e3b` for
//! the first and second node of epoch 3 met in the trace, so two forks of one
//! epoch number read apart at a glance.

use dcverify_model::{Entry, Epoch, State};
use dcverify_trace::Trace;
use std::collections::{BTreeMap, HashMap};

#[derive(Default)]
pub struct EpochNames {
    names: HashMap<Epoch, (String, usize)>,
    per_number: BTreeMap<usize, usize>,
}

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
    pub fn for_trace(trace: &Trace) -> Self {
        let mut names = EpochNames::default();
        for step in &trace.steps {
            names.visit_state(&step.state);
        }
        names
    }

    fn visit_state(&mut self, state: &State) {
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

    fn add(&mut self, e: &Epoch) {
        if self.names.contains_key(e) {
            return;
        }
        let n = e.number();
        let k = self.per_number.entry(n).or_default();
        let order = self.names.len();
        self.names.insert(e.clone(), (format!("e{n}{}", letters(*k)), order));
        *k += 1;
    }

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

    /// A log entry with node names.
    pub fn entry(&self, e: &Entry) -> String {
        match e {
            Entry::Joined(v) => format!("Joined({v})"),
            Entry::Left(v) => format!("Left({v})"),
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
    #[test]
    fn letters_continue_past_z() {
        assert_eq!(
            (super::letters(0), super::letters(25), super::letters(26), super::letters(27)),
            ("a".into(), "z".into(), "aa".into(), "ab".into())
        );
    }
}
