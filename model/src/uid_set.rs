//! Sets of uids as the model holds them: bitmasks, so that states stay cheap
//! to clone and hash.

use dcverify_protocol::Uid;
use std::fmt;

/// The largest uid a [`UidSet`] can hold.
pub const MAX_UID: Uid = 31;

/// A set of uids, as a bitmask (bit `u` is uid `u`).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UidSet(u32);

impl UidSet {
    pub const EMPTY: UidSet = UidSet(0);

    pub fn single(u: Uid) -> Self {
        let mut s = Self::EMPTY;
        s.insert(u);
        s
    }

    pub fn insert(&mut self, u: Uid) {
        debug_assert!(u <= MAX_UID);
        self.0 |= 1 << u;
    }

    pub fn remove(&mut self, u: Uid) {
        self.0 &= !(1 << u);
    }

    pub fn contains(self, u: Uid) -> bool {
        u <= MAX_UID && self.0 & (1 << u) != 0
    }

    pub fn is_subset(self, other: UidSet) -> bool {
        self.0 & !other.0 == 0
    }

    pub fn intersects(self, other: UidSet) -> bool {
        self.0 & other.0 != 0
    }

    pub fn intersection(self, other: UidSet) -> UidSet {
        UidSet(self.0 & other.0)
    }

    pub fn union(self, other: UidSet) -> UidSet {
        UidSet(self.0 | other.0)
    }

    pub fn minus(self, other: UidSet) -> UidSet {
        UidSet(self.0 & !other.0)
    }

    /// The bitmask itself (bit `u` is uid `u`).
    pub fn bits(self) -> u32 {
        self.0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The uids in increasing order.
    pub fn iter(self) -> impl Iterator<Item = Uid> {
        (0..=MAX_UID).filter(move |&u| self.contains(u))
    }
}

impl FromIterator<Uid> for UidSet {
    fn from_iter<I: IntoIterator<Item = Uid>>(iter: I) -> Self {
        let mut s = UidSet::EMPTY;
        for u in iter {
            s.insert(u);
        }
        s
    }
}

impl fmt::Debug for UidSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for UidSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{")?;
        for (i, u) in self.iter().enumerate() {
            if i > 0 {
                write!(f, ",")?;
            }
            write!(f, "{u}")?;
        }
        write!(f, "}}")
    }
}
