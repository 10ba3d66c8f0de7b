#![allow(dead_code)]
//! The fixture every client target starts from: a room of 1 (DC) and 2 at
//! epoch 1, and 3 waiting with the Welcome, ratchet tree and Add commit that
//! 1 made for it. Rebuilt whenever an input was accepted and changed a client.

use dcverify_impl::{Client, Message, WireEntry};
use dcverify_model::Profile;

pub struct Fixture {
    pub dc: Client,
    pub member: Client,
    pub joiner: Client,
    pub key_package: Vec<u8>,
    pub welcome: Vec<u8>,
    pub tree: Vec<u8>,
    pub commit: Vec<u8>,
}

pub fn fixture() -> Fixture {
    let mut dc = Client::founder(1, Profile::Orange).expect("founder");
    let mut member = Client::joiner(2, Profile::Orange).expect("joiner");
    let joiner = Client::joiner(3, Profile::Orange).expect("joiner");
    let joined = WireEntry::Joined { uid: 2, key_package: member.key_package().expect("kp") };
    for m in dc.read(&joined).expect("add 2").outgoing {
        if let Message::Welcome { .. } = m {
            member.read(&WireEntry::from(m)).expect("welcome 2");
        }
    }
    let key_package = joiner.key_package().expect("kp");
    let (mut welcome, mut tree, mut commit) = (Vec::new(), Vec::new(), Vec::new());
    for m in dc.read(&WireEntry::Joined { uid: 3, key_package: key_package.clone() }).expect("add 3").outgoing {
        match m {
            Message::Welcome { welcome: w, ratchet_tree, .. } => (welcome, tree) = (w, ratchet_tree),
            Message::Commit { commit: c, .. } => commit = c,
        }
    }
    Fixture { dc, member, joiner, key_package, welcome, tree, commit }
}

thread_local!(static FIXTURE: std::cell::RefCell<Fixture> = std::cell::RefCell::new(fixture()));

/// Runs `f` on this thread's fixture.
pub fn with<R>(f: impl FnOnce(&mut Fixture) -> R) -> R {
    FIXTURE.with(|cell| f(&mut cell.borrow_mut()))
}

/// Feeds one entry made from the fixture to one of its clients: an entry the
/// client rejects (or ignores) must leave it unchanged; one it accepts
/// starts a fresh fixture for the next input.
pub fn check_read(client: fn(&mut Fixture) -> &mut Client, entry: impl FnOnce(&Fixture) -> WireEntry) {
    with(|f| {
        let entry = entry(f);
        let c = client(f);
        let before = c.view();
        match c.read(&entry) {
            Err(_) | Ok(dcverify_impl::ReadOutcome { effect: dcverify_impl::Effect::Ignored(_), .. }) => {
                assert_eq!(c.view(), before, "a rejected {} changed the client", entry.kind())
            }
            Ok(_) => *f = fixture(),
        }
    });
}
