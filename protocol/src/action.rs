//! The four steps (`docs/protocol.md`, "Steps"): the environment's `Join` and
//! `Leave(u)`, and each user's `Read(u)` and `Send(u)`; and a hostile
//! server's steps ([`ServerStep`], `docs/threat-model.md`). The model, the
//! spec, traces and the simulated room all take steps under these names.

use crate::server_step::ServerStep;
use crate::uid::Uid;
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Action {
    Join,
    Leave(Uid),
    Read(Uid),
    Send(Uid),
    /// A step of the hostile delivery service (never taken with a budget of 0).
    Server(ServerStep),
    /// The attacker copies user `u`'s whole state and from then on reads
    /// the log with it, passively (`docs/pcs.md`; never taken with a budget of 0).
    Compromise(Uid),
}

impl Action {
    /// The user taking the step; `None` for `Join` (the joiner has no uid
    /// yet), for the server's steps and for a compromise (the attacker's).
    pub fn actor(self) -> Option<Uid> {
        match self {
            Action::Join | Action::Server(_) | Action::Compromise(_) => None,
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
            Action::Server(s) => write!(f, "{s}"),
            Action::Compromise(u) => write!(f, "Compromise({u})"),
        }
    }
}

/// A step that is not written `Join`, `Leave(u)`, `Read(u)` or `Send(u)`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a step (write Join, Leave(u), Read(u) or Send(u), u a uid from 1 to 255, Compromise(u), or a server step: Withhold(u), Reorder(u), Redeliver(u, k), FalseLeft(v), ServerJoin(v), Garbage(n), ServerRemove(u, v), ServerAdd(u, v))")]
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
        let inner = rest.strip_suffix(')').ok_or_else(bad)?;
        let args: Vec<usize> =
            inner.split(',').map(|n| n.parse().map_err(|_| bad())).collect::<Result<_, _>>()?;
        if let Some(step) = ServerStep::from_parts(name, &args) {
            return Ok(Action::Server(step));
        }
        let uid: Uid = match args[..] {
            [n] => Uid::try_from(n).map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        if uid == 0 {
            return Err(bad());
        }
        match name {
            "Leave" => Ok(Action::Leave(uid)),
            "Read" => Ok(Action::Read(uid)),
            "Send" => Ok(Action::Send(uid)),
            "Compromise" => Ok(Action::Compromise(uid)),
            _ => Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_read_back_as_they_are_written() {
        let server = [
            Action::Server(ServerStep::Redeliver(2, 4)),
            Action::Server(ServerStep::ServerAdd(1, 3)),
            Action::Server(ServerStep::Garbage(0)),
        ];
        let honest = [
            Action::Join,
            Action::Leave(2),
            Action::Read(13),
            Action::Send(255),
            Action::Compromise(4),
        ];
        for a in honest.into_iter().chain(server) {
            assert_eq!(a.to_string().parse::<Action>(), Ok(a));
        }
        assert_eq!(" Read( 3 ) ".parse::<Action>(), Ok(Action::Read(3)));
        for bad in [
            "",
            "join",
            "Read",
            "Read(0)",
            "Read(256)",
            "Read(x)",
            "Jump(1)",
            "Send(1",
            "Read(1,2)",
            "Compromise(0)",
            "Redeliver(0, 1)",
        ] {
            let e = bad.parse::<Action>().unwrap_err();
            assert_eq!(e.text, bad.trim(), "{bad}");
        }
    }
}
