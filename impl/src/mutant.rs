//! Deliberate bugs, for showing that conformance catches a wrong
//! implementation (`dcverify replay --mutant`, `dcverify record --mutant`).

/// A deliberate bug of the client. Never set outside tests and demonstrations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutant {
    /// *Commit pendings* forgets the first pending remove.
    SkipOnePendingRemove,
}
