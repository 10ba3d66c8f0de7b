//! One line per step, for people: what the step did to the log and to the
//! user who took it.

use crate::{Entry, EpochNames, State};
use dcverify_protocol::{Action, Branch, ServerStep, Uid};

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
            let Some(b) = before.local(u) else { return String::new() };
            let Some(entry) = before.log.get(b.cursor) else { return String::new() };
            let read = format!("reads log[{}] {}", b.cursor, names.entry(entry));
            format!("{read}: {}", effects(before, after, u, names, std::slice::from_ref(entry)))
        }
        Action::Server(step) => describe_server_step(before, step, after, names),
        Action::Compromise(u) => {
            let node = before.local(u).and_then(|l| l.group.as_ref());
            let held = node
                .map_or("no group yet: it takes the KeyPackage's key".to_string(), |g| {
                    format!("epoch {}", names.name(g))
                });
            format!("the attacker copies user {u}'s whole state ({held}) and reads the log with it")
        }
    }
}

/// What a server step did: what it appended, or what it gave whom.
fn describe_server_step(
    before: &State,
    step: ServerStep,
    after: &State,
    names: &EpochNames,
) -> String {
    let appended: Vec<String> =
        after.log[before.log.len()..].iter().map(|e| names.entry(e)).collect();
    let entry = |k: usize| before.log.get(k).map_or("?".to_string(), |e| names.entry(e));
    let cursor = |u| before.local(u).map_or(0, |l| l.cursor);
    match step {
        ServerStep::Withhold(u) => {
            format!("the server withholds log[{}] {} from user {u}", cursor(u), entry(cursor(u)))
        }
        ServerStep::Reorder(u) => format!(
            "the server gives user {u} log[{}] {} before log[{}] {}: {}",
            cursor(u) + 1,
            entry(cursor(u) + 1),
            cursor(u),
            entry(cursor(u)),
            effects(before, after, u, names, &before.log[cursor(u)..cursor(u) + 2])
        ),
        ServerStep::Redeliver(u, k) => format!(
            "the server delivers log[{k}] {} to user {u} again: {}",
            entry(k),
            effects(before, after, u, names, &before.log[k..=k])
        ),
        _ => format!("the server appends {}", appended.join(", ")),
    }
}

/// What reading `entries` did to user `u`, from `before` to `after`.
fn effects(before: &State, after: &State, u: Uid, names: &EpochNames, entries: &[Entry]) -> String {
    let (Some(b), Some(a)) = (before.local(u), after.local(u)) else {
        return String::new();
    };
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
    if a.removed && !b.removed {
        effects.push("REMOVED while present".into());
    }
    if a.failed && !b.failed {
        effects.push(if entries.contains(&Entry::Left(u)) {
            "FAILS (its own Left)".into()
        } else if entries.iter().any(|e| matches!(e, Entry::Garbage(_))) {
            "FAILS (a commit no key opens)".into()
        } else if a.removed {
            "FAILS (at its next frame)".into()
        } else {
            "FAILS (fork)".into()
        });
    }
    if a.believes_dc() && !b.believes_dc() {
        effects.push("now believes it is DC".into());
    }
    if a.pending_adds != b.pending_adds || a.pending_removes != b.pending_removes {
        effects.push(format!("pending adds {:?}, removes {:?}", a.pending_adds, a.pending_removes));
    }
    if effects.is_empty() {
        effects.push("no effect".into());
    }
    effects.join("; ")
}
