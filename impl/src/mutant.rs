//! Deliberate bugs, for showing that conformance catches a wrong
//! implementation (`dcverify replay --mutant`, `dcverify record --mutant`,
//! and traces whose metadata names a mutant).

/// A deliberate bug of the client. Never set outside tests and demonstrations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutant {
    /// *Commit pendings* forgets the first pending remove.
    SkipOnePendingRemove,
}

/// A mutant name no client knows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown mutant `{name}` (known: {})", Mutant::ALL.map(Mutant::name).join(", "))]
pub struct UnknownMutant {
    pub name: String,
}

impl Mutant {
    pub const ALL: [Mutant; 1] = [Mutant::SkipOnePendingRemove];

    /// The name traces and the command line use.
    pub fn name(self) -> &'static str {
        match self {
            Mutant::SkipOnePendingRemove => "skip-one-pending-remove",
        }
    }

    pub fn from_name(name: &str) -> Result<Mutant, UnknownMutant> {
        Mutant::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| UnknownMutant { name: name.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for m in Mutant::ALL {
            assert_eq!(Mutant::from_name(m.name()), Ok(m));
        }
        let e = Mutant::from_name("skip-everything").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown mutant `skip-everything` (known: skip-one-pending-remove)"
        );
    }
}
