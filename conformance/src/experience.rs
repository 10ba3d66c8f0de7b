//! What people in the call would experience at the end of a replay: who is
//! in a group, who has failed, each person's safety number, and who can
//! decrypt whom (each member sends a frame; everyone else tries to open it).

use crate::room::Room;
use dcverify_model::{EpochNames, State, Uid};
use dcverify_protocol::FrameKind;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Person {
    pub uid: Uid,
    pub in_a_group: bool,
    pub failed: bool,
    pub epoch: Option<u64>,
    /// The model's name of the epoch node it is in (`e2b`), the name every view uses.
    pub node: Option<String>,
    /// The first two groups of the safety number, enough to tell them apart.
    pub safety_number: Option<String>,
    /// The whole safety number, every group.
    pub safety_number_full: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Experience {
    pub people: Vec<Person>,
    /// (receiver, sender) pairs where the receiver cannot decrypt the sender's media.
    pub cannot_decrypt: Vec<(Uid, Uid)>,
}

/// What the people of `room` experience; `model` is the model's state at the
/// same point, whose epoch nodes `names` names.
pub fn experience(room: &mut Room, model: &State, names: &EpochNames) -> Experience {
    let people: Vec<Person> = room
        .alive()
        .map(|(uid, seat)| {
            let v = seat.client.view();
            Person {
                uid,
                in_a_group: v.has_group,
                failed: v.failed,
                epoch: v.epoch,
                node: model.local(uid).and_then(|l| l.group.as_ref()).map(|g| names.name(g)),
                safety_number: v.safety_number().map(|s| s.groups()[..2].join(" ")),
                safety_number_full: v.safety_number().map(|s| s.groups().join(" ")),
            }
        })
        .collect();
    let uids: Vec<Uid> = people.iter().map(|p| p.uid).collect();
    let mut cannot_decrypt = Vec::new();
    for &from in &uids {
        let sealed =
            room.client_mut(from).and_then(|c| c.seal_frame(FrameKind::Opus, b"hello").ok());
        for &to in uids.iter().filter(|&&u| u != from) {
            let opened = match (&sealed, room.client_mut(to)) {
                (Some(frame), Some(c)) => c.open_frame(FrameKind::Opus, frame).is_ok(),
                _ => false,
            };
            if !opened {
                cannot_decrypt.push((to, from));
            }
        }
    }
    Experience { people, cannot_decrypt }
}

impl std::fmt::Display for Experience {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for p in &self.people {
            let node = p.node.clone().unwrap_or_else(|| format!("epoch {}", p.epoch.unwrap_or(0)));
            let state = match (p.in_a_group, p.failed) {
                (false, _) => "never got into a group".to_string(),
                (true, true) => format!("FAILED in {node}"),
                (true, false) => format!("in {node}"),
            };
            writeln!(
                f,
                "  user {}: {state}, safety number {}",
                p.uid,
                p.safety_number.as_deref().unwrap_or("-")
            )?;
        }
        let members = self.people.iter().filter(|p| p.in_a_group && !p.failed).count();
        if self.people.is_empty() {
            write!(f, "  nobody is in the call")
        } else if members == 0 {
            write!(f, "  nobody has a working group: no media can be decrypted")
        } else if self.cannot_decrypt.is_empty() && members == 1 {
            write!(f, "  only one member: nobody to exchange media with")
        } else if self.cannot_decrypt.is_empty() {
            write!(f, "  everyone decrypts everyone")
        } else {
            let pairs: Vec<String> = self
                .cannot_decrypt
                .iter()
                .map(|(to, from)| format!("{to} cannot decrypt {from}"))
                .collect();
            write!(f, "  {}", pairs.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(uid: Uid, in_a_group: bool, failed: bool, node: Option<&str>) -> Person {
        Person {
            uid,
            in_a_group,
            failed,
            epoch: in_a_group.then_some(2),
            node: node.map(String::from),
            safety_number: in_a_group.then(|| "12345 67890".to_string()),
            safety_number_full: None,
        }
    }

    fn shown(people: Vec<Person>, cannot_decrypt: Vec<(Uid, Uid)>) -> String {
        Experience { people, cannot_decrypt }.to_string()
    }

    #[test]
    fn says_who_is_where_by_node_name() {
        let text = shown(
            vec![
                person(1, true, false, Some("e2b")),
                person(2, true, true, None),
                person(3, false, false, None),
            ],
            vec![(3, 1), (1, 3)],
        );
        assert!(text.contains("user 1: in e2b, safety number 12345 67890"), "{text}");
        assert!(text.contains("user 2: FAILED in epoch 2"), "{text}");
        assert!(text.contains("user 3: never got into a group, safety number -"), "{text}");
        assert!(text.ends_with("3 cannot decrypt 1; 1 cannot decrypt 3"), "{text}");
    }

    #[test]
    fn claims_decryption_only_between_members() {
        assert!(shown(vec![], vec![]).ends_with("nobody is in the call"));
        let no_group = shown(vec![person(2, false, false, None)], vec![]);
        assert!(
            no_group.ends_with("nobody has a working group: no media can be decrypted"),
            "{no_group}"
        );
        let failed = shown(
            vec![person(1, true, true, None), person(2, true, true, None)],
            vec![(1, 2), (2, 1)],
        );
        assert!(
            failed.ends_with("nobody has a working group: no media can be decrypted"),
            "{failed}"
        );
        let alone = shown(vec![person(1, true, false, None)], vec![]);
        assert!(alone.ends_with("only one member: nobody to exchange media with"), "{alone}");
        let two = shown(vec![person(1, true, false, None), person(2, true, false, None)], vec![]);
        assert!(two.ends_with("everyone decrypts everyone"), "{two}");
    }
}
