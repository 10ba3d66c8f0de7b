//! Comparing the implementation with the model, field by field: each alive
//! user's view against the model's local state, the log entry by entry, and
//! the binding of model epoch nodes to epoch authenticators (one node always
//! shows the same authenticator; two nodes never the same one).

use crate::room::{Room, Slot};
use dcverify_model::{Entry, Epoch, EpochNames, State, Uid, User};
use dcverify_protocol::branch;
use dcverify_protocol::Branch;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// One field that differs: what the model says and what the implementation shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldDiff {
    /// The user, or `None` for the log and the room.
    pub uid: Option<Uid>,
    pub field: String,
    pub expected: String,
    pub actual: String,
}

impl std::fmt::Display for FieldDiff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.uid {
            Some(u) => write!(
                f,
                "user {u} {}: expected {}, actual {}",
                self.field, self.expected, self.actual
            ),
            None => write!(f, "{}: expected {}, actual {}", self.field, self.expected, self.actual),
        }
    }
}

/// Model epoch nodes bound to the authenticators the implementation shows.
#[derive(Default, Debug)]
pub struct EpochBinding {
    by_node: HashMap<Epoch, Vec<u8>>,
    by_authenticator: HashMap<Vec<u8>, Epoch>,
    /// The nodes' short names, given in the order the compared states
    /// meet them: the same names the trace of these states has.
    pub names: EpochNames,
}

impl EpochBinding {
    /// Binds `node` to `auth`, or reports how that contradicts earlier bindings.
    pub fn bind(&mut self, node: &Epoch, auth: &[u8]) -> Result<(), String> {
        if let Some(known) = self.by_node.get(node) {
            return if known == auth {
                Ok(())
            } else {
                Err(format!(
                    "node {} ({node}) showed {} before, now {}",
                    self.names.name(node),
                    hex(known),
                    hex(auth)
                ))
            };
        }
        if let Some(other) = self.by_authenticator.get(auth) {
            return Err(format!(
                "authenticator {} already belongs to node {} ({other})",
                hex(auth),
                self.names.name(other)
            ));
        }
        self.by_node.insert(node.clone(), auth.to_vec());
        self.by_authenticator.insert(auth.to_vec(), node.clone());
        Ok(())
    }

    pub fn authenticator(&self, node: &Epoch) -> Option<&[u8]> {
        self.by_node.get(node).map(Vec::as_slice)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>()
        + if bytes.len() > 8 { "…" } else { "" }
}

fn set<I: IntoIterator<Item = Uid>>(it: I) -> String {
    let v: Vec<String> = it.into_iter().map(|u| u.to_string()).collect();
    format!("{{{}}}", v.join(","))
}

fn list(v: &[Uid]) -> String {
    let v: Vec<String> = v.iter().map(|u| u.to_string()).collect();
    format!("[{}]", v.join(","))
}

/// A log entry as both sides can show it (the implementation's bytes carry no epoch node).
pub fn model_entry(e: &Entry) -> String {
    match e {
        Entry::Joined(v) => format!("Joined({v})"),
        Entry::Left(v) => format!("Left({v})"),
        Entry::Welcome { from, to, .. } => format!("Welcome({from}->{to})"),
        Entry::Commit { from, .. } => format!("Commit({from})"),
        Entry::Garbage(_) => "Garbage".into(),
        Entry::Propose { from, .. } => format!("Propose({from})"),
    }
}

/// Every difference between the model state and the delivery service with its clients.
pub fn compare(model: &State, room: &Room, binding: &mut EpochBinding) -> Vec<FieldDiff> {
    binding.names.visit_state(model);
    let mut diffs = Vec::new();
    let mut diff = |uid: Option<Uid>, field: &str, expected: String, actual: String| {
        if expected != actual {
            diffs.push(FieldDiff { uid, field: field.to_string(), expected, actual });
        }
    };
    let model_log: Vec<String> = model.log.iter().map(model_entry).collect();
    let room_log: Vec<String> = (0..room.log().len()).map(|i| room.entry_text(i)).collect();
    diff(None, "log", model_log.join(" "), room_log.join(" "));
    diff(None, "users", model.users.len().to_string(), room.users().len().to_string());
    for (i, (m, d)) in model.users.iter().zip(room.users()).enumerate() {
        let uid = i as Uid + 1;
        let (local, seat) = match (m, d) {
            (User::Left, Slot::Left) => continue,
            (User::Alive(l), Slot::Alive(s)) => (l, s),
            (m, _) => {
                let alive = matches!(m, User::Alive(_));
                diff(Some(uid), "alive", alive.to_string(), (!alive).to_string());
                continue;
            }
        };
        let v = seat.client.view();
        let u = Some(uid);
        diff(u, "cursor", local.cursor.to_string(), seat.cursor.to_string());
        diff(u, "has_group", local.group.is_some().to_string(), v.has_group.to_string());
        if let Some(g) = &local.group {
            // The model's node is named where the implementation's number agrees.
            let node = binding.names.name(g);
            let shown = |e: u64| {
                if e == g.number() as u64 {
                    format!("{e} (node {node})")
                } else {
                    e.to_string()
                }
            };
            diff(u, "epoch", shown(g.number() as u64), v.epoch.map_or("none".into(), shown));
            diff(u, "roster", set(g.roster().iter()), set(v.roster.iter().copied()));
            if let Some(auth) = &v.epoch_authenticator {
                if let Err(why) = binding.bind(g, auth) {
                    diff(
                        u,
                        "epoch_authenticator",
                        format!("the authenticator of node {node}"),
                        why,
                    );
                }
            }
        }
        diff(u, "before_me", set(local.before_me.iter()), set(v.before_me.iter().copied()));
        diff(u, "left_seen", set(local.left_seen.iter()), set(v.left_seen.iter().copied()));
        let pending_adds: Vec<Uid> = local.pending_add_uids().collect();
        diff(u, "pending_adds", list(&pending_adds), list(&v.pending_adds));
        diff(u, "pending_removes", list(&local.pending_removes), list(&v.pending_removes));
        diff(u, "believes_dc", local.believes_dc().to_string(), v.believes_dc.to_string());
        diff(u, "failed", local.failed.to_string(), v.failed.to_string());
        diff(u, "removed", local.removed.to_string(), v.removed.to_string());
        diff(
            u,
            "pending_updates",
            set(local.pending_updates.iter()),
            set(v.pending_updates.iter().copied()),
        );
        diff(u, "update_due", local.update_due.to_string(), v.update_due.to_string());
        let mo: Vec<String> = local.outbox.iter().map(model_entry).collect();
        let io: Vec<String> = seat.outbox.iter().flatten().map(ToString::to_string).collect();
        diff(u, "outbox", mo.join(" "), io.join(" "));
    }
    diffs.extend(compare_stolen(model, room, binding));
    diffs
}

/// Each stolen copy holds the epoch the model says it reached (the last
/// node it reads, `docs/pcs.md`): the same node, witnessed by the epoch
/// authenticator, or no group where the model's copy has none.
fn compare_stolen(model: &State, room: &Room, binding: &mut EpochBinding) -> Vec<FieldDiff> {
    let mut diffs = Vec::new();
    let field = |of: Uid| format!("stolen copy of user {of}: epoch");
    diffs.extend((model.stolen.len() != room.stolen().len()).then(|| FieldDiff {
        uid: None,
        field: "stolen copies".into(),
        expected: model.stolen.len().to_string(),
        actual: room.stolen().len().to_string(),
    }));
    for (m, copy) in model.stolen.iter().zip(room.stolen()) {
        let reached = m.nodes_read(model).pop();
        let view = copy.client.view();
        match (&reached, &view.epoch_authenticator) {
            (None, None) => {}
            (Some(node), Some(auth)) => {
                if let Err(why) = binding.bind(node, auth) {
                    let name = binding.names.name(node);
                    diffs.push(FieldDiff {
                        uid: Some(m.of),
                        field: field(m.of),
                        expected: format!("the authenticator of node {name}"),
                        actual: why,
                    });
                }
            }
            (node, _) => diffs.push(FieldDiff {
                uid: Some(m.of),
                field: field(m.of),
                expected: node.as_ref().map_or("no group".into(), |n| binding.names.name(n)),
                actual: view.epoch.map_or("no group".into(), |e| format!("epoch {e}")),
            }),
        }
    }
    diffs
}

/// The branches a user's `Read` took in the model and in the implementation.
pub fn compare_branches(
    uid: Uid,
    model: &[Branch],
    implementation: &[Branch],
) -> Option<FieldDiff> {
    (model != implementation).then(|| FieldDiff {
        uid: Some(uid),
        field: "branches".into(),
        expected: branch::list(model),
        actual: branch::list(implementation),
    })
}

/// The uids in `node`'s roster, as a set, for media checks.
pub fn roster(node: &Epoch) -> BTreeSet<Uid> {
    node.roster().iter().collect()
}

#[cfg(test)]
mod tests {
    use super::hex;

    #[test]
    fn hex_shows_eight_bytes_and_marks_what_it_cuts() {
        assert_eq!(hex(&[0xab; 8]), "abababababababab");
        assert_eq!(hex(&[0xab; 9]), "abababababababab…");
        assert_eq!(hex(&[]), "");
    }
}
