//! What each user reads: the room server's delivery plan. An honest server
//! hands every user each log entry once, in log order. A hostile one follows
//! a plan of faults given as data ([`LogFaults`]): rules that say, for some
//! readers and some entries, what the reader gets instead. Faults act only
//! on entries at or after the position where the attack starts; every
//! random choice comes from the plan's seed.

use dcverify_protocol::{EntryKind, Rng, Uid, WireEntry};
use std::collections::{BTreeMap, BTreeSet};

/// Who a rule applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readers {
    All,
    Only(Uid),
    AllBut(Uid),
}

impl Readers {
    fn include(self, reader: Uid) -> bool {
        match self {
            Readers::All => true,
            Readers::Only(u) => reader == u,
            Readers::AllBut(u) => reader != u,
        }
    }
}

/// Which entries a rule applies to: all of these conditions hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entries {
    /// Entry kinds (any kind when empty).
    pub kinds: &'static [EntryKind],
    /// Only Welcomes and commits sent by this user.
    pub sender: Option<Uid>,
    /// Only the entries the server wrote on its own.
    pub announced: bool,
}

impl Entries {
    pub const fn kinds(kinds: &'static [EntryKind]) -> Self {
        Entries { kinds, sender: None, announced: false }
    }

    pub const fn sent_by(sender: Uid, kinds: &'static [EntryKind]) -> Self {
        Entries { kinds, sender: Some(sender), announced: false }
    }

    pub const ANNOUNCED: Entries = Entries { kinds: &[], sender: None, announced: true };

    fn include(&self, entry: &WireEntry, announced: bool) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&entry.kind()))
            && self.sender.is_none_or(|s| entry.sender() == Some(s))
            && (!self.announced || announced)
    }
}

/// The part of a message a corruption flips a bit in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Welcome,
    RatchetTree,
    Commit,
}

/// What the reader gets instead of a matching entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFault {
    /// Nothing: the reader never reads it.
    Withhold,
    /// The entry twice.
    Duplicate,
    /// Matching entries in swapped pairs: the first is held back and
    /// delivered right after the second (the third after the fourth, ...).
    Reorder,
    /// The entry only after the reader has read `positions` more log
    /// positions (never, if the log ends first).
    Delay { positions: usize },
    /// With the first entry of the attack, every earlier matching entry again.
    Replay,
    /// The entry with one bit of `Part` flipped.
    Corrupt(Part),
}

/// One rule of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub readers: Readers,
    pub entries: Entries,
    pub fault: LogFault,
}

/// A delivery plan: for each delivered entry the first rule that applies
/// decides (no rule: delivered as it is).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFaults(pub Vec<Rule>);

/// A plan at work: the rules, where the attack started, the plan's
/// generator, and what it holds back.
pub struct Delivery {
    faults: LogFaults,
    start: usize,
    rng: Rng,
    /// Per reader and `Reorder` rule, the entry waiting for its partner.
    waiting: BTreeMap<(Uid, usize), WireEntry>,
    /// Delayed entries: reader, the position whose read releases it, entry.
    delayed: Vec<(Uid, usize, WireEntry)>,
}

impl Delivery {
    /// Every entry to every reader, once, in log order.
    pub fn honest() -> Self {
        Delivery::new(LogFaults::default(), 0, 0)
    }

    pub fn new(faults: LogFaults, start: usize, seed: u64) -> Self {
        Delivery {
            faults,
            start,
            rng: Rng::new(seed),
            waiting: BTreeMap::new(),
            delayed: Vec::new(),
        }
    }

    /// What `reader` gets when it reads log position `position`; `announced`
    /// are the positions of the server's own entries.
    pub fn deliver(
        &mut self,
        reader: Uid,
        position: usize,
        log: &[WireEntry],
        announced: &BTreeSet<usize>,
    ) -> Vec<WireEntry> {
        let Some(entry) = log.get(position) else { return Vec::new() };
        if position < self.start {
            return vec![entry.clone()];
        }
        let is_announced = announced.contains(&position);
        let rule = self.faults.0.iter().enumerate().find(|(_, r)| {
            r.fault != LogFault::Replay
                && r.readers.include(reader)
                && r.entries.include(entry, is_announced)
        });
        let mut out = match rule.map(|(i, r)| (i, r.fault)) {
            None => vec![entry.clone()],
            Some((_, LogFault::Withhold)) => Vec::new(),
            Some((_, LogFault::Duplicate)) => vec![entry.clone(), entry.clone()],
            Some((i, LogFault::Reorder)) => match self.waiting.remove(&(reader, i)) {
                Some(first) => vec![entry.clone(), first],
                None => {
                    self.waiting.insert((reader, i), entry.clone());
                    Vec::new()
                }
            },
            Some((_, LogFault::Delay { positions })) => {
                self.delayed.push((reader, position + positions, entry.clone()));
                Vec::new()
            }
            Some((_, LogFault::Corrupt(part))) => vec![corrupt(entry, part, &mut self.rng)],
            Some((_, LogFault::Replay)) => vec![entry.clone()],
        };
        if position == self.start {
            for r in self
                .faults
                .0
                .iter()
                .filter(|r| r.fault == LogFault::Replay && r.readers.include(reader))
            {
                let earlier = log[..self.start]
                    .iter()
                    .enumerate()
                    .filter(|(p, e)| r.entries.include(e, announced.contains(p)));
                out.extend(earlier.map(|(_, e)| e.clone()));
            }
        }
        let due = |(r, at, _): &(Uid, usize, WireEntry)| *r == reader && *at <= position;
        let (released, kept): (Vec<_>, Vec<_>) = self.delayed.drain(..).partition(due);
        self.delayed = kept;
        out.extend(released.into_iter().map(|(_, _, e)| e));
        out
    }
}

/// `entry` with one bit of `part` flipped (unchanged if it has no such part).
fn corrupt(entry: &WireEntry, part: Part, rng: &mut Rng) -> WireEntry {
    let mut entry = entry.clone();
    let bytes = match (&mut entry, part) {
        (WireEntry::Welcome { welcome, .. }, Part::Welcome) => welcome,
        (WireEntry::Welcome { ratchet_tree, .. }, Part::RatchetTree) => ratchet_tree,
        (WireEntry::Commit { commit, .. }, Part::Commit) => commit,
        _ => return entry,
    };
    if !bytes.is_empty() {
        let i = rng.below(bytes.len());
        bytes[i] ^= 1 << rng.below(8);
    }
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> Vec<WireEntry> {
        vec![
            WireEntry::Joined { uid: 2, key_package: vec![1] },
            WireEntry::Commit { from: 1, commit: vec![2] },
            WireEntry::Welcome { from: 1, to: 3, welcome: vec![3], ratchet_tree: vec![4] },
            WireEntry::Commit { from: 1, commit: vec![5] },
            WireEntry::Commit { from: 2, commit: vec![6] },
        ]
    }

    fn run(rules: Vec<Rule>, start: usize, reader: Uid) -> Vec<WireEntry> {
        let log = log();
        let mut d = Delivery::new(LogFaults(rules), start, 7);
        (0..log.len()).flat_map(|p| d.deliver(reader, p, &log, &BTreeSet::new())).collect()
    }

    fn rule(readers: Readers, fault: LogFault) -> Rule {
        Rule { readers, entries: Entries::kinds(&[EntryKind::Commit]), fault }
    }

    #[test]
    fn honest_delivers_each_entry_once_in_order() {
        assert_eq!(run(vec![], 0, 2), log());
    }

    #[test]
    fn each_fault_does_what_it_says_from_the_start_and_to_its_readers_only() {
        let l = log();
        assert_eq!(run(vec![rule(Readers::Only(2), LogFault::Withhold)], 2, 2), l[..3].to_vec());
        assert_eq!(run(vec![rule(Readers::Only(2), LogFault::Withhold)], 2, 3), l);
        assert_eq!(
            run(vec![rule(Readers::All, LogFault::Duplicate)], 4, 2),
            [&l[..], &l[4..]].concat()
        );
        assert_eq!(
            run(vec![rule(Readers::AllBut(3), LogFault::Reorder)], 0, 2),
            vec![l[0].clone(), l[2].clone(), l[3].clone(), l[1].clone()],
            "commit 4 is held for good: it has no partner"
        );
        assert_eq!(
            run(vec![rule(Readers::All, LogFault::Delay { positions: 2 })], 3, 2),
            vec![l[0].clone(), l[1].clone(), l[2].clone()],
            "past the end of the log, delayed entries never arrive"
        );
        let delayed = run(vec![rule(Readers::All, LogFault::Delay { positions: 1 })], 0, 2);
        assert_eq!(delayed, vec![l[0].clone(), l[2].clone(), l[1].clone(), l[3].clone()]);
        let replay = Rule {
            readers: Readers::All,
            entries: Entries::kinds(&[EntryKind::Commit]),
            fault: LogFault::Replay,
        };
        assert_eq!(run(vec![replay], 3, 2), [&l[..4], &l[1..2], &l[4..]].concat());
    }

    #[test]
    fn corruption_flips_one_bit_of_its_part_only() {
        let l = log();
        let corrupted = run(vec![rule(Readers::All, LogFault::Corrupt(Part::Commit))], 0, 2);
        assert_eq!((corrupted[0].clone(), corrupted[2].clone()), (l[0].clone(), l[2].clone()));
        let WireEntry::Commit { commit, .. } = &corrupted[1] else { panic!() };
        assert_eq!((commit[0] ^ 2).count_ones(), 1);
        let welcome = Rule {
            readers: Readers::All,
            entries: Entries::kinds(&[EntryKind::Welcome]),
            fault: LogFault::Corrupt(Part::RatchetTree),
        };
        let WireEntry::Welcome { welcome, ratchet_tree, .. } = &run(vec![welcome], 0, 2)[2] else {
            panic!()
        };
        assert_eq!((welcome.as_slice(), (ratchet_tree[0] ^ 4).count_ones()), (&[3u8][..], 1));
    }

    #[test]
    fn senders_and_announced_entries_select() {
        let l = log();
        let by_2 = Rule {
            readers: Readers::All,
            entries: Entries::sent_by(2, &[EntryKind::Commit]),
            fault: LogFault::Withhold,
        };
        assert_eq!(run(vec![by_2], 0, 3), l[..4].to_vec());
        let mut d = Delivery::new(
            LogFaults(vec![Rule {
                readers: Readers::AllBut(3),
                entries: Entries::ANNOUNCED,
                fault: LogFault::Withhold,
            }]),
            0,
            1,
        );
        let announced = BTreeSet::from([1]);
        assert!(d.deliver(2, 1, &l, &announced).is_empty());
        assert_eq!(d.deliver(3, 1, &l, &announced), vec![l[1].clone()]);
        assert_eq!(d.deliver(2, 3, &l, &announced), vec![l[3].clone()]);
    }
}
