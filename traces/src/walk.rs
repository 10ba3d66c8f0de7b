//! A trace as a behaviour of the model it names: its `#meta` gives the
//! profile and bounds, and every step is followed by the model's trace
//! walker, which checks each state and recovers each step's branches.

use crate::document::Trace;
use dcverify_model::{BoundsError, DcModel, EpochNames, Expected, Path, WalkError};
use dcverify_protocol::UnknownProfile;
use std::fmt;

/// Why a trace is not a behaviour of the model its metadata names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotABehaviour {
    Profile(UnknownProfile),
    Bounds(BoundsError),
    Walk(WalkError),
}

impl fmt::Display for NotABehaviour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotABehaviour::Profile(e) => write!(f, "#meta.profile: {e}"),
            NotABehaviour::Bounds(e) => write!(f, "#meta bounds: {e}"),
            NotABehaviour::Walk(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for NotABehaviour {}

impl Trace {
    /// The model the trace's metadata names (profile and bounds).
    pub fn model(&self) -> Result<DcModel, NotABehaviour> {
        crate::document::model_of(&self.meta)
    }

    /// The short names of every epoch node of the trace, in the order met.
    pub fn epoch_names(&self) -> EpochNames {
        EpochNames::for_states(self.steps.iter().map(|s| &s.state))
    }

    /// The trace followed through its model, step by step.
    pub fn walk(&self) -> Result<(DcModel, Path), NotABehaviour> {
        let model = self.model()?;
        let (first, rest) =
            self.steps.split_first().ok_or(NotABehaviour::Walk(WalkError::NotInitial))?;
        let expected = rest.iter().map(|s| Expected { action: s.action, state: Some(&s.state) });
        let path = model.walk(Some(&first.state), expected).map_err(NotABehaviour::Walk)?;
        Ok((model, path))
    }
}
