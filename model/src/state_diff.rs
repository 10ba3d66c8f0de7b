//! Every field in which two model states differ, named as people read them
//! (`log[3]`, `user 2 cursor`): what the trace walker reports when a written
//! state is not what the model makes, and what `show --diff` prints.

use crate::epoch_names::EpochNames;
use crate::state::State;
use crate::user::{Local, User};

/// One differing field: its name and its value in each state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDiff {
    pub field: String,
    pub left: String,
    pub right: String,
}

/// Every field of an alive user, as text, in the order of `docs/protocol.md`.
pub fn local_fields(l: &Local, names: &EpochNames) -> Vec<(&'static str, String)> {
    vec![
        ("cursor", l.cursor.to_string()),
        ("group", l.group.as_ref().map_or("-".into(), |g| names.name(g))),
        ("before_me", l.before_me.to_string()),
        ("left_seen", l.left_seen.to_string()),
        ("pending_adds", format!("{:?}", l.pending_adds)),
        ("pending_removes", format!("{:?}", l.pending_removes)),
        (
            "outbox",
            format!("[{}]", l.outbox.iter().map(|e| names.entry(e)).collect::<Vec<_>>().join(", ")),
        ),
        ("failed", l.failed.to_string()),
    ]
}

fn presence(u: Option<&User>) -> &'static str {
    match u {
        None => "not yet joined",
        Some(User::Left) => "left",
        Some(User::Alive(_)) => "alive",
    }
}

/// The fields in which `left` and `right` differ: the log entry by entry,
/// then each user (whether it is there, then each of its fields).
pub fn state_diff(left: &State, right: &State, names: &EpochNames) -> Vec<FieldDiff> {
    let mut out = Vec::new();
    let entry = |s: &State, k: usize| s.log.get(k).map_or("(none)".to_string(), |e| names.entry(e));
    for k in 0..left.log.len().max(right.log.len()) {
        if left.log.get(k) != right.log.get(k) {
            out.push(FieldDiff {
                field: format!("log[{k}]"),
                left: entry(left, k),
                right: entry(right, k),
            });
        }
    }
    for idx in 0..left.users.len().max(right.users.len()) {
        let uid = idx + 1;
        let (a, b) = (left.users.get(idx), right.users.get(idx));
        match (a.and_then(User::local), b.and_then(User::local)) {
            (Some(la), Some(lb)) => {
                for ((field, va), (_, vb)) in
                    local_fields(la, names).into_iter().zip(local_fields(lb, names))
                {
                    if va != vb {
                        out.push(FieldDiff {
                            field: format!("user {uid} {field}"),
                            left: va,
                            right: vb,
                        });
                    }
                }
                // Only a hostile server removes a present user.
                if la.removed != lb.removed {
                    out.push(FieldDiff {
                        field: format!("user {uid} removed"),
                        left: la.removed.to_string(),
                        right: lb.removed.to_string(),
                    });
                }
                // Only `healing` refreshes leaves (docs/pcs.md).
                if la.pending_updates != lb.pending_updates {
                    out.push(FieldDiff {
                        field: format!("user {uid} pending_updates"),
                        left: la.pending_updates.to_string(),
                        right: lb.pending_updates.to_string(),
                    });
                }
                if la.update_due != lb.update_due {
                    out.push(FieldDiff {
                        field: format!("user {uid} update_due"),
                        left: la.update_due.to_string(),
                        right: lb.update_due.to_string(),
                    });
                }
            }
            (la, lb) if presence(a) != presence(b) => {
                out.push(FieldDiff {
                    field: format!("user {uid}"),
                    left: presence(a).into(),
                    right: presence(b).into(),
                });
                // The alive side's fields, against nothing on the other.
                let fields = |l: Option<&Local>| l.map(|l| local_fields(l, names));
                for (field, value) in fields(la).or(fields(lb)).unwrap_or_default() {
                    let (left, right) =
                        if la.is_some() { (value, "-".into()) } else { ("-".into(), value) };
                    out.push(FieldDiff { field: format!("user {uid} {field}"), left, right });
                }
            }
            _ => {}
        }
    }
    if (left.attacks_used, left.failed_under_attack)
        != (right.attacks_used, right.failed_under_attack)
    {
        out.push(FieldDiff {
            field: "server".into(),
            left: server_fields(left),
            right: server_fields(right),
        });
    }
    if left.stolen != right.stolen {
        out.push(FieldDiff {
            field: "stolen".into(),
            left: stolen_text(left, names),
            right: stolen_text(right, names),
        });
    }
    out
}

/// The attacker's stolen copies (docs/pcs.md) and what each reads, as text.
fn stolen_text(state: &State, names: &EpochNames) -> String {
    let copies: Vec<String> = state
        .stolen
        .iter()
        .map(|s| {
            let read: Vec<String> = s.nodes_read(state).iter().map(|n| names.name(n)).collect();
            format!("copy of {} reads [{}]", s.of, read.join(", "))
        })
        .collect();
    if copies.is_empty() {
        "none".into()
    } else {
        copies.join("; ")
    }
}

/// The hostile server's budget spent and whom it made fail, as text.
fn server_fields(s: &State) -> String {
    format!("{} step(s), failed under attack {}", s.attacks_used, s.failed_under_attack)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epoch::{Epoch, Op};
    use crate::leaf::Leaf;
    use crate::log::Entry;

    #[test]
    fn names_every_differing_field_and_only_those() {
        let a = State::initial();
        let mut b = a.clone();
        b.log.push(Entry::Joined(Leaf::user(2)));
        b.users.push(User::alive(Local::joiner(0)));
        if let Some(l) = b.local_mut(1) {
            l.cursor = 1;
            l.pending_adds.push(Leaf::user(2));
            l.group = Some(Epoch::root(1).child(Leaf::user(1), Op::Add(Leaf::user(2))));
        }
        let names = EpochNames::for_states([&a, &b]);
        let fields: Vec<(String, String, String)> =
            state_diff(&a, &b, &names).into_iter().map(|d| (d.field, d.left, d.right)).collect();
        assert_eq!(
            fields,
            vec![
                ("log[0]".into(), "(none)".into(), "Joined(2)".into()),
                ("user 1 cursor".into(), "0".into(), "1".into()),
                ("user 1 group".into(), "e0a".into(), "e1a".into()),
                ("user 1 pending_adds".into(), "[]".into(), "[2]".into()),
                ("user 2".into(), "not yet joined".into(), "alive".into()),
                ("user 2 cursor".into(), "-".into(), "0".into()),
                ("user 2 group".into(), "-".into(), "-".into()),
                ("user 2 before_me".into(), "-".into(), "{}".into()),
                ("user 2 left_seen".into(), "-".into(), "{}".into()),
                ("user 2 pending_adds".into(), "-".into(), "[]".into()),
                ("user 2 pending_removes".into(), "-".into(), "[]".into()),
                ("user 2 outbox".into(), "-".into(), "[]".into()),
                ("user 2 failed".into(), "-".into(), "false".into()),
            ]
        );
        assert!(state_diff(&b, &b, &names).is_empty());
    }

    #[test]
    fn users_gone_from_both_states_are_not_a_difference() {
        let a = State::from_parts(State::initial().log, vec![User::Left, User::Left]);
        let mut b = a.clone();
        b.log.push(Entry::Left(1));
        let diff = state_diff(&a, &b, &EpochNames::default());
        assert_eq!(diff.len(), 1, "{diff:?}");
        assert_eq!(diff[0].field, "log[0]");
    }

    #[test]
    fn a_user_who_left_differs_from_an_alive_one() {
        let a = State::initial();
        let b = State::from_parts(a.log.clone(), vec![User::Left]);
        let diff = state_diff(&a, &b, &EpochNames::default());
        assert_eq!(diff.len(), 9, "{diff:?}");
        assert_eq!((diff[0].left.as_str(), diff[0].right.as_str()), ("alive", "left"));
        assert_eq!(
            (diff[1].field.as_str(), diff[1].left.as_str(), diff[1].right.as_str()),
            ("user 1 cursor", "0", "-")
        );
    }
}
