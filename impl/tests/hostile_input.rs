//! Every input from the log, another client or the SFU may be malformed,
//! replayed, out of epoch or forged. Random bytes and random mutations of
//! valid messages never panic the client; an input it rejects (an `Err`)
//! leaves it exactly as it was. Under profile `orange` an undecryptable commit
//! for the client's own epoch number is a fork (rule 5) and makes it fail:
//! that is the protocol's answer, visible in the state, not a rejection.
//!
//! The same cases run on each MLS library: 2,500 per input kind, 15,000 per
//! library.

use dcverify_impl::fixture::{self, Fixture};
use dcverify_protocol::{Branch, Client, ClientView, FrameKind, Message, Profile, WireEntry};
use proptest::prelude::*;

const CASES: u32 = 2_500;

/// A change to a valid message.
#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: usize, mask: u8 },
    Truncate { to: usize },
    Insert { at: usize, byte: u8 },
    Replace(Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 1u8..=255).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        1 => any::<usize>().prop_map(|to| Mutation::Truncate { to }),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        2 => proptest::collection::vec(any::<u8>(), 0..300).prop_map(Mutation::Replace),
    ]
}

fn apply(m: &Mutation, valid: &[u8]) -> Vec<u8> {
    let mut v = valid.to_vec();
    match m {
        Mutation::Flip { at, mask } if !v.is_empty() => {
            let i = at % v.len();
            v[i] ^= mask;
        }
        Mutation::Flip { .. } => {}
        Mutation::Truncate { to } => v.truncate(to % (valid.len().max(1))),
        Mutation::Insert { at, byte } => v.insert(at % (v.len() + 1), *byte),
        Mutation::Replace(bytes) => v = bytes.clone(),
    }
    v
}

/// Checks the no-panic and unchanged-on-error contract for one read.
fn check_read(client: &mut dyn Client, entry: &WireEntry) -> Result<Vec<Branch>, ()> {
    let before: ClientView = client.view();
    match client.read(entry) {
        Err(_) => {
            assert_eq!(client.view(), before, "a rejected {} changed the client", entry.kind());
            Err(())
        }
        Ok(outcome) => Ok(outcome.branches),
    }
}

/// The tests on the MLS library `$backend`.
macro_rules! hostile_input_on {
    ($library:ident, $backend:ty) => {
mod $library {
    use super::*;
    use dcverify_impl::DcClient;

    fn fixture() -> Fixture<$backend> {
        fixture::fixture_on::<$backend>().expect("the fixture")
    }

    /// Under `healing`: DC 1 and member 2 in epoch 1, and 2's Update proposal
    /// for it (docs/pcs.md).
    struct Proposing {
        dc: DcClient<$backend>,
        proposal: Vec<u8>,
    }

    fn proposing() -> Proposing {
        let mut dc = DcClient::<$backend>::founder(1, Profile::Healing).expect("founder");
        let room = std::collections::BTreeSet::from([1]);
        let mut member = DcClient::<$backend>::joiner_in_room(2, Profile::Healing, room).expect("joiner");
        let joined = WireEntry::Joined { uid: 2, key_package: member.key_package().expect("kp") };
        for m in dc.read(&joined).expect("DC reads the Joined").into_messages() {
            if let Message::Welcome { .. } = m {
                member.read(&WireEntry::from(m)).expect("member joins");
            }
        }
        let Message::Proposal { proposal, .. } = member.propose_update().expect("proposal") else {
            panic!("not a proposal")
        };
        Proposing { dc, proposal }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn update_proposals(m in mutation()) {
            thread_local!(static P: std::cell::RefCell<Proposing> = std::cell::RefCell::new(proposing()));
            P.with(|p| {
                let p = &mut *p.borrow_mut();
                let bytes = apply(&m, &p.proposal);
                let entry = WireEntry::Proposal { from: 2, proposal: bytes.clone() };
                match check_read(&mut p.dc, &entry).as_deref() {
                    Err(()) | Ok([Branch::ReadProposalIgnored]) => {}
                    // Only an equivalent encoding is counted; start over.
                    Ok([Branch::ReadProposal]) => {
                        prop_assert!(p.dc.view().pending_updates.contains(&2));
                        *p = proposing();
                    }
                    Ok(other) => prop_assert!(false, "unexpected branches {:?}", other),
                }
                Ok(())
            })?;
        }

        #[test]
        fn key_packages(m in mutation()) {
            thread_local!(static F: std::cell::RefCell<Fixture<$backend>> = std::cell::RefCell::new(fixture()));
            F.with(|f| {
                let f = &mut *f.borrow_mut();
                let bytes = apply(&m, &f.key_package);
                let entry = WireEntry::Joined { uid: 4, key_package: bytes };
                // Only a KeyPackage of user 4 may be accepted: 3's, altered or not, never is.
                prop_assert!(check_read(&mut f.member, &entry).is_err());
                Ok(())
            })?;
        }

        #[test]
        fn welcomes_and_ratchet_trees(m in mutation(), which in 0..2u8) {
            thread_local!(static F: std::cell::RefCell<Fixture<$backend>> = std::cell::RefCell::new(fixture()));
            F.with(|f| {
                let f = &mut *f.borrow_mut();
                let (welcome, tree) = if which == 0 { (apply(&m, &f.welcome), f.tree.clone()) } else { (f.welcome.clone(), apply(&m, &f.tree)) };
                let changed = welcome != f.welcome || tree != f.tree;
                let entry = WireEntry::Welcome { from: 1, to: 3, welcome, ratchet_tree: tree };
                if let Ok(branches) = check_read(&mut f.joiner, &entry) {
                    if f.joiner.view().has_group {
                        // Only an equivalent encoding can join; start over with a fresh joiner.
                        *f = fixture();
                    } else {
                        // One altered so that it names no KeyPackage the joiner
                        // holds is someone else's Welcome: ignored.
                        prop_assert!(changed);
                        prop_assert_eq!(branches, vec![Branch::ReadWelcomeOther]);
                    }
                } else {
                    prop_assert!(changed);
                }
                Ok(())
            })?;
        }

        #[test]
        fn commits(m in mutation()) {
            thread_local!(static F: std::cell::RefCell<Fixture<$backend>> = std::cell::RefCell::new(fixture()));
            F.with(|f| {
                let f = &mut *f.borrow_mut();
                let entry = WireEntry::Commit { from: 1, commit: apply(&m, &f.commit) };
                match check_read(&mut f.member, &entry).as_deref() {
                    Err(()) | Ok([Branch::CommitWrongEpoch]) => {}
                    // An undecryptable commit for its epoch: rule 5, the client fails (orange).
                    Ok([Branch::CommitFork]) => {
                        prop_assert!(f.member.view().failed);
                        *f = fixture();
                    }
                    Ok([Branch::CommitApplied]) => {
                        prop_assert_eq!(f.member.view().epoch, Some(2));
                        prop_assert_eq!(f.member.view().epoch_authenticator, f.dc.view().epoch_authenticator);
                        *f = fixture();
                    }
                    Ok(other) => prop_assert!(false, "unexpected branches {:?}", other),
                }
                Ok(())
            })?;
        }

        #[test]
        fn frames(m in mutation(), kind in prop_oneof![Just(FrameKind::Vp8), Just(FrameKind::Opus)], payload in proptest::collection::vec(any::<u8>(), 10..200)) {
            thread_local!(static F: std::cell::RefCell<Fixture<$backend>> = std::cell::RefCell::new(fixture()));
            F.with(|f| {
                let f = &mut *f.borrow_mut();
                if f.member.view().epoch == Some(1) {
                    // Bring the member to the DC's epoch first.
                    f.member.read(&WireEntry::Commit { from: 1, commit: f.commit.clone() }).unwrap();
                }
                let sealed = f.dc.seal_frame(kind, &payload).unwrap();
                let bad = apply(&m, &sealed);
                if bad != sealed {
                    prop_assert!(f.member.open_frame(kind, &bad).is_err(), "an altered frame opened");
                }
                // The genuine frame still opens once: nothing was consumed by the bad one.
                prop_assert_eq!(f.member.open_frame(kind, &sealed).unwrap().frame, payload);
                prop_assert!(f.member.open_frame(kind, &sealed).is_err(), "a replayed frame opened");
                Ok(())
            })?;
        }
    }

    #[test]
    fn random_bytes_everywhere_are_rejected_without_change() {
        let f = std::cell::RefCell::new(fixture());
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
            cases: CASES,
            ..ProptestConfig::default()
        });
        runner
            .run(&proptest::collection::vec(any::<u8>(), 0..400), |bytes| {
                let f = &mut *f.borrow_mut();
                for entry in [
                    WireEntry::Joined { uid: 5, key_package: bytes.clone() },
                    WireEntry::Welcome {
                        from: 1,
                        to: 3,
                        welcome: bytes.clone(),
                        ratchet_tree: bytes.clone(),
                    },
                    WireEntry::Welcome {
                        from: 1,
                        to: 3,
                        welcome: f.welcome.clone(),
                        ratchet_tree: bytes.clone(),
                    },
                    WireEntry::Commit { from: 1, commit: bytes.clone() },
                ] {
                    let target = if matches!(entry, WireEntry::Welcome { .. }) {
                        &mut f.joiner
                    } else {
                        &mut f.member
                    };
                    prop_assert!(
                        check_read(target, &entry).is_err(),
                        "random bytes accepted as {}",
                        entry.kind()
                    );
                }
                prop_assert!(f.member.open_frame(FrameKind::Opus, &bytes).is_err());
                Ok(())
            })
            .unwrap();
        // After all that, the genuine messages still work: nothing was consumed.
        let mut f = f.into_inner();
        let welcome = WireEntry::Welcome {
            from: 1,
            to: 3,
            welcome: f.welcome.clone(),
            ratchet_tree: f.tree.clone(),
        };
        assert_eq!(f.joiner.read(&welcome).unwrap().branches, [Branch::ReadWelcomeJoins]);
        assert_eq!(f.joiner.view().epoch, Some(2));
        let commit = WireEntry::Commit { from: 1, commit: f.commit.clone() };
        assert_eq!(f.member.read(&commit).unwrap().branches, [Branch::CommitApplied]);
        assert_eq!(f.member.view().epoch, Some(2));
        let views = [f.dc.view(), f.member.view(), f.joiner.view()];
        assert!(views.iter().all(|v| v.epoch_authenticator == views[0].epoch_authenticator));
    }
}
    };
}

hostile_input_on!(openmls, dcverify_impl::openmls::OpenMlsBackend);
hostile_input_on!(mls_rs, dcverify_impl::mlsrs::MlsRsBackend);
