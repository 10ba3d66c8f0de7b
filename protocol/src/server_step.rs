//! The hostile delivery service's steps (`docs/threat-model.md`, "The
//! server's steps"): what the server can do to the log and to what each user
//! is given, each one step of its budget (`--attacks N`). The model, the spec
//! and traces name them as written here.

use crate::uid::Uid;
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum ServerStep {
    /// `u`'s cursor moves past the entry at it: `u` never reads that entry.
    Withhold(Uid),
    /// `u` reads the two entries at its cursor in swapped order, in one step.
    Reorder(Uid),
    /// `u` reads log entry `at` (a Welcome or a commit before its cursor) again.
    Redeliver(Uid, usize),
    /// `Left(v)` is appended while `v` is still in the room.
    FalseLeft(Uid),
    /// `Joined(v)` is appended with a KeyPackage whose private keys the server holds.
    ServerJoin(Uid),
    /// A commit that no key opens is appended, on top of epoch number `n`.
    Garbage(usize),
    /// From its leaf in the epoch node user `at` holds, the server commits
    /// `Remove({v})` (`v` not that leaf's own label: MLS forbids removing oneself).
    ServerRemove(Uid, Uid),
    /// From its leaf in the epoch node user `at` holds, the server adds the
    /// joiner `v` (with the KeyPackage of `v`'s own `Joined`): a Welcome and its commit.
    ServerAdd(Uid, Uid),
}

impl ServerStep {
    /// Every step's name, as written in traces and steps files.
    pub const NAMES: [&'static str; 8] = [
        "Withhold",
        "Reorder",
        "Redeliver",
        "FalseLeft",
        "ServerJoin",
        "Garbage",
        "ServerRemove",
        "ServerAdd",
    ];

    pub fn name(self) -> &'static str {
        match self {
            ServerStep::Withhold(_) => "Withhold",
            ServerStep::Reorder(_) => "Reorder",
            ServerStep::Redeliver(..) => "Redeliver",
            ServerStep::FalseLeft(_) => "FalseLeft",
            ServerStep::ServerJoin(_) => "ServerJoin",
            ServerStep::Garbage(_) => "Garbage",
            ServerStep::ServerRemove(..) => "ServerRemove",
            ServerStep::ServerAdd(..) => "ServerAdd",
        }
    }

    /// The step's arguments, in the order they are written.
    pub fn args(self) -> Vec<usize> {
        match self {
            ServerStep::Withhold(u)
            | ServerStep::Reorder(u)
            | ServerStep::FalseLeft(u)
            | ServerStep::ServerJoin(u) => vec![usize::from(u)],
            ServerStep::Garbage(n) => vec![n],
            ServerStep::Redeliver(u, k) => vec![usize::from(u), k],
            ServerStep::ServerRemove(a, v) | ServerStep::ServerAdd(a, v) => {
                vec![usize::from(a), usize::from(v)]
            }
        }
    }

    /// The step called `name` with `args`, if they fit it (uids from 1 to 255).
    pub fn from_parts(name: &str, args: &[usize]) -> Option<ServerStep> {
        let uid = |i: usize| args.get(i).and_then(|&n| Uid::try_from(n).ok()).filter(|&u| u > 0);
        let arity = match name {
            "Redeliver" | "ServerRemove" | "ServerAdd" => 2,
            _ => 1,
        };
        if args.len() != arity {
            return None;
        }
        Some(match name {
            "Withhold" => ServerStep::Withhold(uid(0)?),
            "Reorder" => ServerStep::Reorder(uid(0)?),
            "Redeliver" => ServerStep::Redeliver(uid(0)?, args[1]),
            "FalseLeft" => ServerStep::FalseLeft(uid(0)?),
            "ServerJoin" => ServerStep::ServerJoin(uid(0)?),
            "Garbage" => ServerStep::Garbage(args[0]),
            "ServerRemove" => ServerStep::ServerRemove(uid(0)?, uid(1)?),
            "ServerAdd" => ServerStep::ServerAdd(uid(0)?, uid(1)?),
            _ => return None,
        })
    }
}

impl fmt::Display for ServerStep {
    /// `Redeliver(2, 5)`: the name, then the arguments.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let args: Vec<String> = self.args().iter().map(usize::to_string).collect();
        write!(f, "{}({})", self.name(), args.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_is_rebuilt_from_its_name_and_arguments() {
        let steps = [
            ServerStep::Withhold(1),
            ServerStep::Reorder(2),
            ServerStep::Redeliver(3, 7),
            ServerStep::FalseLeft(4),
            ServerStep::ServerJoin(5),
            ServerStep::Garbage(0),
            ServerStep::ServerRemove(1, 2),
            ServerStep::ServerAdd(2, 3),
        ];
        for (s, name) in steps.into_iter().zip(ServerStep::NAMES) {
            assert_eq!(s.name(), name);
            assert_eq!(ServerStep::from_parts(s.name(), &s.args()), Some(s), "{s}");
        }
        assert_eq!(ServerStep::Redeliver(3, 7).to_string(), "Redeliver(3, 7)");
        assert_eq!(ServerStep::from_parts("Withhold", &[0]), None);
        assert_eq!(ServerStep::from_parts("Withhold", &[256]), None);
        assert_eq!(ServerStep::from_parts("Withhold", &[1, 2]), None);
        assert_eq!(ServerStep::from_parts("Redeliver", &[1]), None);
        assert_eq!(ServerStep::from_parts("Steal", &[1]), None);
    }
}
