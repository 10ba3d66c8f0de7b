//! One line per step, for people: what the step did to the log and to the
//! user who took it.

use crate::{EpochNames, State};
use dcverify_protocol::{Action, Branch};

/// What `action` did, going from `before` to `after` by `branches`, with
/// epoch nodes called by their `names`.
pub fn describe_step(
    before: &State,
    action: Action,
    branches: &[Branch],
    after: &State,
    names: &EpochNames,
) -> String {
    let appended =
        || after.log.get(before.log.len()).map(|e| format!("appends {}", names.entry(e)));
    match action {
        Action::Join => {
            let mut s = appended().unwrap_or_default();
            if branches.contains(&Branch::JoinFounds) {
                let uid = after.joined_count();
                s.push_str(&format!(" (nobody alive: {uid} founds a new group)"));
            }
            s
        }
        Action::Leave(u) => {
            let lost = before.local(u).map_or(0, |l| l.outbox.len());
            let mut s = appended().unwrap_or_default();
            if lost > 0 {
                s.push_str(&format!(" ({lost} unsent message(s) lost)"));
            }
            s
        }
        Action::Send(_) => appended().unwrap_or_default(),
        Action::Read(u) => {
            let (Some(b), Some(a)) = (before.local(u), after.local(u)) else {
                return String::new();
            };
            let Some(entry) = before.log.get(b.cursor) else { return String::new() };
            let mut effects = Vec::new();
            if a.group != b.group {
                match &a.group {
                    Some(g) => effects.push(format!("now in {}", names.name(g))),
                    None => effects.push("lost its group".into()),
                }
            }
            let queued = a.outbox.len().saturating_sub(b.outbox.len());
            if queued > 0 {
                let names: Vec<String> =
                    a.outbox[a.outbox.len() - queued..].iter().map(|e| names.entry(e)).collect();
                effects.push(format!("commits pendings, queues {}", names.join(", ")));
            }
            if a.failed && !b.failed {
                effects.push("FAILS (fork)".into());
            }
            if a.believes_dc() && !b.believes_dc() {
                effects.push("now believes it is DC".into());
            }
            if a.pending_adds != b.pending_adds || a.pending_removes != b.pending_removes {
                effects.push(format!(
                    "pending adds {:?}, removes {:?}",
                    a.pending_adds, a.pending_removes
                ));
            }
            if effects.is_empty() {
                effects.push("no effect".into());
            }
            format!("reads log[{}] {}: {}", b.cursor, names.entry(entry), effects.join("; "))
        }
    }
}
