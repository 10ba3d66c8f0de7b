//! A ready-made room for tests, fuzzing and benchmarks: 1 (DC) and 2 at
//! epoch 1, and 3 waiting with the Welcome, ratchet tree and Add commit that
//! 1 made for it: the genuine messages hostile inputs are made from.

use crate::backend::MlsBackend;
use crate::client::DcClient;
use crate::openmls::OpenMlsBackend;
use dcverify_protocol::{Client, CreateError, Message, Profile, ReadError, WireEntry};

/// The clients and the genuine messages the inputs are made from.
pub struct Fixture<M: MlsBackend = OpenMlsBackend> {
    pub dc: DcClient<M>,
    pub member: DcClient<M>,
    pub joiner: DcClient<M>,
    pub key_package: Vec<u8>,
    pub welcome: Vec<u8>,
    pub tree: Vec<u8>,
    pub commit: Vec<u8>,
}

/// Why the fixture could not be made (a bug of the client, reported as such).
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error(transparent)]
    Create(#[from] CreateError),
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("user 1 did not make a Welcome and a commit for user 3")]
    NoMessages,
}

/// The fixture on OpenMLS, under profile `orange`.
pub fn fixture() -> Result<Fixture, FixtureError> {
    fixture_on::<OpenMlsBackend>()
}

/// The fixture on the MLS library `M`, under profile `orange`.
pub fn fixture_on<M: MlsBackend>() -> Result<Fixture<M>, FixtureError> {
    let mut dc = DcClient::<M>::founder(1, Profile::Orange)?;
    let mut member = DcClient::<M>::joiner(2, Profile::Orange)?;
    let joiner = DcClient::<M>::joiner(3, Profile::Orange)?;
    let joined = WireEntry::Joined { uid: 2, key_package: member.key_package()? };
    for m in dc.read(&joined)?.into_messages() {
        if let Message::Welcome { .. } = m {
            member.read(&WireEntry::from(m))?;
        }
    }
    let key_package = joiner.key_package()?;
    let (mut welcome, mut tree, mut commit) = (None, None, None);
    for m in
        dc.read(&WireEntry::Joined { uid: 3, key_package: key_package.clone() })?.into_messages()
    {
        match m {
            Message::Welcome { welcome: w, ratchet_tree, .. } => {
                (welcome, tree) = (Some(w), Some(ratchet_tree))
            }
            Message::Commit { commit: c, .. } => commit = Some(c),
            Message::Proposal { .. } => {}
        }
    }
    let (Some(welcome), Some(tree), Some(commit)) = (welcome, tree, commit) else {
        return Err(FixtureError::NoMessages);
    };
    Ok(Fixture { dc, member, joiner, key_package, welcome, tree, commit })
}
