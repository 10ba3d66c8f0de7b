//! Leaves of an MLS group as the model tells them apart
//! (`docs/threat-model.md`, "Who holds each leaf"): the uid the leaf is
//! labelled with, and whether its private keys are a user's or the server's.
//! Basic credentials bind no uid to a key, so the server can hold a leaf
//! labelled with any uid.

use dcverify_protocol::Uid;
use std::fmt;

/// A leaf: its uid label and its holder, in one byte (the high bit is the
/// server). A user's leaf is the uid itself, so with an honest server states
/// hash and order exactly as uids did.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Leaf(u8);

/// Written as people read it (`2`, `S2`), also in lists of leaves.
impl fmt::Debug for Leaf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

const SERVER: u8 = 0x80;

impl Leaf {
    /// User `u`'s own leaf.
    pub fn user(u: Uid) -> Leaf {
        debug_assert!(u < SERVER);
        Leaf(u)
    }

    /// A leaf labelled `u` whose keys the server holds.
    pub fn server(u: Uid) -> Leaf {
        debug_assert!(u < SERVER);
        Leaf(u | SERVER)
    }

    /// The uid it is labelled with (what a credential says).
    pub fn uid(self) -> Uid {
        self.0 & !SERVER
    }

    /// Whether the server holds its private keys.
    pub fn by_server(self) -> bool {
        self.0 & SERVER != 0
    }

    /// As traces and the spec write it: the uid, negated for the server's leaf.
    pub fn signed(self) -> i64 {
        let uid = i64::from(self.uid());
        if self.by_server() {
            -uid
        } else {
            uid
        }
    }

    /// The leaf written as [`Leaf::signed`] writes it, if its uid is in `1..=max`.
    pub fn from_signed(n: i64, max: Uid) -> Option<Leaf> {
        let uid = Uid::try_from(n.unsigned_abs()).ok().filter(|&u| u >= 1 && u <= max)?;
        Some(if n < 0 { Leaf::server(uid) } else { Leaf::user(uid) })
    }
}

/// A leaf equals a uid when it is that user's own leaf.
impl PartialEq<Uid> for Leaf {
    fn eq(&self, u: &Uid) -> bool {
        *self == Leaf::user(*u)
    }
}

impl fmt::Display for Leaf {
    /// `2` for user 2's leaf, `S2` for the server's leaf labelled 2.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.by_server() {
            write!(f, "S{}", self.uid())
        } else {
            write!(f, "{}", self.uid())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leaf_keeps_its_label_and_holder() {
        let (mine, theirs) = (Leaf::user(3), Leaf::server(3));
        assert_eq!((mine.uid(), mine.by_server()), (3, false));
        assert_eq!((theirs.uid(), theirs.by_server()), (3, true));
        assert_ne!(mine, theirs);
        assert_eq!((mine.to_string(), theirs.to_string()), ("3".into(), "S3".into()));
        assert_eq!((mine.signed(), theirs.signed()), (3, -3));
        for l in [mine, theirs] {
            assert_eq!(Leaf::from_signed(l.signed(), 31), Some(l));
        }
        assert_eq!(Leaf::from_signed(0, 31), None);
        assert_eq!(Leaf::from_signed(32, 31), None);
        assert_eq!(Leaf::from_signed(-32, 31), None);
    }
}
