// The fixture that hostile-input tests and fuzz targets start from: a room of
// 1 (DC) and 2 at epoch 1, and 3 waiting with the Welcome, ratchet tree and
// Add commit that 1 made for it. Plain `//` comments: the fuzz crate
// `include!`s this file.

use dcverify_impl::{Client, Message, WireEntry};
use dcverify_model::Profile;

/// The clients and the genuine messages the inputs are made from.
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
    for m in dc
        .read(&WireEntry::Joined { uid: 3, key_package: key_package.clone() })
        .expect("add 3")
        .outgoing
    {
        match m {
            Message::Welcome { welcome: w, ratchet_tree, .. } => {
                (welcome, tree) = (w, ratchet_tree)
            }
            Message::Commit { commit: c, .. } => commit = c,
        }
    }
    assert_eq!(member.view().epoch, Some(1));
    Fixture { dc, member, joiner, key_package, welcome, tree, commit }
}
