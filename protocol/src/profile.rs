//! Profiles: the variants of the algorithm (`docs/protocol.md`, "Profiles").
//! What each one does differently lives with each expression of the
//! algorithm (`model/src/profile.rs`, `tla/DC.tla`, `impl/src/client/profile.rs`);
//! this is only their names.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The algorithm as deployed in Orange Meets.
    Orange,
    /// The project's correction (`docs/fixed.md`).
    Fixed,
    /// `fixed`, hardened against a hostile delivery service (`docs/guarded.md`).
    Guarded,
    /// `fixed`, whose members refresh their leaves with Update proposals so
    /// that a compromise heals (`docs/pcs.md`).
    Healing,
}

impl Profile {
    pub const ALL: [Profile; 4] =
        [Profile::Orange, Profile::Fixed, Profile::Guarded, Profile::Healing];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Orange => "orange",
            Profile::Fixed => "fixed",
            Profile::Guarded => "guarded",
            Profile::Healing => "healing",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A profile name that is not one of [`Profile::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown profile `{name}` (known: {known})", known = known_names())]
pub struct UnknownProfile {
    pub name: String,
}

fn known_names() -> String {
    Profile::ALL.map(Profile::name).join(", ")
}

impl FromStr for Profile {
    type Err = UnknownProfile;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| UnknownProfile { name: s.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_ones_are_named() {
        for p in Profile::ALL {
            assert_eq!(p.name().parse(), Ok(p));
        }
        let err = "purple".parse::<Profile>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown profile `purple` (known: orange, fixed, guarded, healing)"
        );
    }
}
