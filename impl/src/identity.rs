//! Users' MLS identities: the basic credential of user `u` is the bytes
//! `dcverify-user:<u>`, so a roster of MLS members reads back as uids.

use dcverify_protocol::Uid;
use openmls::prelude::{BasicCredential, Credential};

const PREFIX: &str = "dcverify-user:";

/// The identity bytes of user `uid`.
pub fn identity(uid: Uid) -> Vec<u8> {
    format!("{PREFIX}{uid}").into_bytes()
}

/// The uid a credential names, if it is one of ours.
pub fn uid_of(credential: &Credential) -> Option<Uid> {
    let basic = BasicCredential::try_from(credential.clone()).ok()?;
    uid_of_identity(basic.identity())
}

/// The uid the identity bytes of a basic credential name, if it is one of ours.
pub fn uid_of_identity(identity: &[u8]) -> Option<Uid> {
    let text = std::str::from_utf8(identity).ok()?;
    let digits = text.strip_prefix(PREFIX)?;
    // Canonical decimal only: no sign, no leading zeros.
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let uid: Uid = digits.parse().ok()?;
    (uid >= 1).then_some(uid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_round_trip_and_reject_others() {
        for u in 1..=Uid::MAX {
            assert_eq!(uid_of(&BasicCredential::new(identity(u)).into()), Some(u));
        }
        for bad in [
            "dcverify-user:0",
            "dcverify-user:07",
            "dcverify-user:256",
            "dcverify-user:+1",
            "user:1",
            "",
        ] {
            assert_eq!(
                uid_of(&BasicCredential::new(bad.as_bytes().to_vec()).into()),
                None,
                "{bad}"
            );
        }
    }
}
