//! What a check may be told about known causes of violations
//! (`dcverify check --unexplained`, `docs/failures/README.md`).

use crate::state::State;
use std::fmt;
use std::sync::Arc;

/// Whether a known cause explains the violation of the property named
/// first in this state (the catalogue of `docs/failures/` and
/// `docs/attacks/`, which lives above the model). It is asked only where
/// the property fails: for a quiescence property, at quiescent states, which
/// the reduction keeps exactly; an excuse that explains a safety property
/// would need the reduction's visibility argument (`docs/reduction.md`).
#[derive(Clone)]
pub struct Excuse(Arc<Explains>);

/// The predicate behind an [`Excuse`]: property name, state.
type Explains = dyn Fn(&str, &State) -> bool + Send + Sync;

impl Excuse {
    pub fn new(explains: impl Fn(&str, &State) -> bool + Send + Sync + 'static) -> Self {
        Excuse(Arc::new(explains))
    }

    /// Whether it explains the violation of `property` in `state`.
    pub fn explains(&self, property: &str, state: &State) -> bool {
        (self.0)(property, state)
    }
}

impl fmt::Debug for Excuse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Excuse")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excuse_answers_for_its_predicate_and_prints_its_kind() {
        let only_one_epoch = Excuse::new(|property, _| property == "OneEpoch");
        assert!(only_one_epoch.explains("OneEpoch", &State::initial()));
        assert!(!only_one_epoch.explains("NoFailure", &State::initial()));
        assert_eq!(format!("{only_one_epoch:?}"), "Excuse");
    }
}
