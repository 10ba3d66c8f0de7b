//! The four steps (`docs/protocol.md`, "Steps"): the environment's `Join` and
//! `Leave(u)`, and each user's `Read(u)` and `Send(u)`. The model, the spec,
//! traces and the simulated room all take steps under these names.

use crate::uid::Uid;
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Action {
    Join,
    Leave(Uid),
    Read(Uid),
    Send(Uid),
}

impl Action {
    /// The user taking the step; `None` for `Join` (the joiner has no uid yet).
    pub fn actor(self) -> Option<Uid> {
        match self {
            Action::Join => None,
            Action::Leave(u) | Action::Read(u) | Action::Send(u) => Some(u),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Join => write!(f, "Join"),
            Action::Leave(u) => write!(f, "Leave({u})"),
            Action::Read(u) => write!(f, "Read({u})"),
            Action::Send(u) => write!(f, "Send({u})"),
        }
    }
}

/// A step that is not written `Join`, `Leave(u)`, `Read(u)` or `Send(u)`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a step (write Join, Leave(u), Read(u) or Send(u), u a uid from 1 to 255)")]
pub struct NotAStep {
    pub text: String,
}

impl std::str::FromStr for Action {
    type Err = NotAStep;

    /// Reads a step as [`Action`]'s `Display` writes it (spaces allowed).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let bad = || NotAStep { text: s.trim().to_string() };
        if text == "Join" {
            return Ok(Action::Join);
        }
        let (name, rest) = text.split_once('(').ok_or_else(bad)?;
        let uid: Uid = rest.strip_suffix(')').and_then(|n| n.parse().ok()).ok_or_else(bad)?;
        if uid == 0 {
            return Err(bad());
        }
        match name {
            "Leave" => Ok(Action::Leave(uid)),
            "Read" => Ok(Action::Read(uid)),
            "Send" => Ok(Action::Send(uid)),
            _ => Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_read_back_as_they_are_written() {
        for a in [Action::Join, Action::Leave(2), Action::Read(13), Action::Send(255)] {
            assert_eq!(a.to_string().parse::<Action>(), Ok(a));
        }
        assert_eq!(" Read( 3 ) ".parse::<Action>(), Ok(Action::Read(3)));
        for bad in ["", "join", "Read", "Read(0)", "Read(256)", "Read(x)", "Jump(1)", "Send(1"] {
            let e = bad.parse::<Action>().unwrap_err();
            assert_eq!(e.text, bad.trim(), "{bad}");
        }
    }
}
