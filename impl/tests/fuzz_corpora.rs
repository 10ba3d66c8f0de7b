//! The fuzz targets' corpora (`fuzz/corpus/`), fed to the client on each
//! MLS library as the targets feed them to the OpenMLS one: no panic, and an
//! entry rejected or ignored leaves the client unchanged.

use dcverify_impl::backend::MlsBackend;
use dcverify_impl::fixture::{fixture_on, Fixture};
use dcverify_impl::mlsrs::MlsRsBackend;
use dcverify_impl::openmls::OpenMlsBackend;
use dcverify_impl::DcClient;
use dcverify_protocol::{Client, FrameKind, WireEntry};
use std::path::PathBuf;

/// The inputs of one target's corpus.
fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

type Pick<M> = fn(&mut Fixture<M>) -> &mut DcClient<M>;

/// Feeds `entry` to one client of a fresh fixture, as `fuzz/src/fixture.rs` does.
fn check<M: MlsBackend>(client: Pick<M>, entry: impl FnOnce(&Fixture<M>) -> WireEntry) {
    let mut f = fixture_on::<M>().expect("the fixture");
    let entry = entry(&f);
    let c = client(&mut f);
    let before = c.view();
    match c.read(&entry) {
        Err(_) => assert_eq!(c.view(), before, "a rejected {} changed the client", entry.kind()),
        Ok(o) if o.ignored() => {
            assert_eq!(c.view(), before, "an ignored {} changed the client", entry.kind())
        }
        Ok(_) => {}
    }
}

fn every_corpus<M: MlsBackend>() {
    for data in corpus("commit") {
        check::<M>(|f| &mut f.member, |_| WireEntry::Commit { from: 1, commit: data });
    }
    for data in corpus("key_package") {
        check::<M>(|f| &mut f.member, |_| WireEntry::Joined { uid: 4, key_package: data });
    }
    for data in corpus("welcome") {
        check::<M>(
            |f| &mut f.joiner,
            |f| WireEntry::Welcome { from: 1, to: 3, welcome: data, ratchet_tree: f.tree.clone() },
        );
    }
    for data in corpus("ratchet_tree") {
        check::<M>(
            |f| &mut f.joiner,
            |f| WireEntry::Welcome {
                from: 1,
                to: 3,
                welcome: f.welcome.clone(),
                ratchet_tree: data,
            },
        );
    }
    for data in corpus("frame") {
        let Some((&kind, frame)) = data.split_first() else { continue };
        let kind = if kind & 1 == 0 { FrameKind::Vp8 } else { FrameKind::Opus };
        let mut f = fixture_on::<M>().expect("the fixture");
        // Sealed by another group's keys: it never opens here.
        assert!(f.dc.open_frame(kind, frame).is_err());
    }
}

#[test]
fn the_fuzz_corpora_on_openmls() {
    every_corpus::<OpenMlsBackend>();
}

#[test]
fn the_fuzz_corpora_on_mls_rs() {
    every_corpus::<MlsRsBackend>();
}
