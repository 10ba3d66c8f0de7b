//! The MLS group every client makes or joins: the ciphersuite of
//! `docs/protocol.md`, group ids, and the members as uids.

use crate::identity::uid_of;
use dcverify_protocol::Uid;
use openmls::prelude::*;
use std::collections::BTreeSet;

/// The ciphersuite of `docs/protocol.md`.
pub const CIPHERSUITE: Ciphersuite = Ciphersuite::MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

/// Groups carry no ratchet tree extension: a Welcome goes with its ratchet
/// tree as a separate log field.
pub fn create_config() -> MlsGroupCreateConfig {
    MlsGroupCreateConfig::builder()
        .ciphersuite(CIPHERSUITE)
        .lifetime(fixed_lifetime())
        .use_ratchet_tree_extension(false)
        .build()
}

/// The lifetime of every KeyPackage and founder leaf: fixed, not read off
/// the clock, so that a seeded client's messages are the same bytes on every
/// run. It spans every time, as the clock-based default spans months: a call
/// lasts hours, and lifetimes are not what this suite examines.
pub fn fixed_lifetime() -> Lifetime {
    Lifetime::init(0, u64::MAX)
}

pub fn join_config() -> MlsGroupJoinConfig {
    MlsGroupJoinConfig::builder().use_ratchet_tree_extension(false).build()
}

/// The group id of the group `founder` founds.
pub fn group_id(founder: Uid) -> GroupId {
    GroupId::from_slice(format!("dcverify-room-founded-by-{founder}").as_bytes())
}

/// The uids of a group's members (members whose credential is not a dcverify user are left out).
pub fn roster_of(group: &MlsGroup) -> BTreeSet<Uid> {
    group.members().filter_map(|m| uid_of(&m.credential)).collect()
}
