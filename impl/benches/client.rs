//! The client's costs: the DC's Add commit, processing a commit, joining from
//! a Welcome (groups of 2, 8, 32 and 64), sealing and opening frames; and, for
//! the first two, the raw OpenMLS calls the client makes, to show what its
//! own bookkeeping costs. Each measured step starts from the same snapshot.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use dcverify_impl::openmls::OpenMlsBackend;
use dcverify_protocol::{Client, FrameKind, WireEntry};
use openmls::prelude::tls_codec::{Deserialize as _, Serialize as _};
use openmls::prelude::*;
use std::hint::black_box;

mod common;
use common::{group, repeat};
use std::time::Duration;

const SIZES: [usize; 4] = [2, 8, 32, 64];

fn membership(c: &mut Criterion) {
    let mut g = c.benchmark_group("membership");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    for n in SIZES {
        let mut grp = group::<OpenMlsBackend>(n);
        let joined = grp.joined.clone();
        g.bench_function(BenchmarkId::new("dc_add_commit", n), |b| {
            b.iter_custom(|iters| {
                repeat(&mut grp.dc, iters, |dc| drop(black_box(dc.read(&joined).unwrap())))
            })
        });
        let WireEntry::Joined { key_package, .. } = &joined else { unreachable!() };
        let MlsMessageBodyIn::KeyPackage(kp_in) =
            MlsMessageIn::tls_deserialize_exact(key_package).unwrap().extract()
        else {
            unreachable!()
        };
        let kp = kp_in
            .validate(&openmls_rust_crypto::RustCrypto::default(), ProtocolVersion::Mls10)
            .unwrap();
        g.bench_function(BenchmarkId::new("raw_openmls_add_commit", n), |b| {
            b.iter_custom(|iters| {
                repeat(&mut grp.dc, iters, |dc| {
                    let (group, provider, signer) = dc.mls_mut().raw_parts();
                    let group = group.unwrap();
                    let (commit, welcome, _) =
                        group.add_members(provider, signer, std::slice::from_ref(&kp)).unwrap();
                    group.merge_pending_commit(provider).unwrap();
                    black_box((
                        commit.to_bytes().unwrap(),
                        welcome.to_bytes().unwrap(),
                        group.export_ratchet_tree().tls_serialize_detached().unwrap(),
                    ));
                })
            })
        });
        let commit = grp.commit.clone();
        g.bench_function(BenchmarkId::new("process_commit", n), |b| {
            b.iter_custom(|iters| {
                repeat(&mut grp.member, iters, |m| drop(black_box(m.read(&commit).unwrap())))
            })
        });
        let WireEntry::Commit { commit: bytes, .. } = &commit else { unreachable!() };
        g.bench_function(BenchmarkId::new("raw_openmls_process_commit", n), |b| {
            b.iter_custom(|iters| {
                repeat(&mut grp.member, iters, |m| {
                    let (group, provider, _) = m.mls_mut().raw_parts();
                    let group = group.unwrap();
                    let pm = MlsMessageIn::tls_deserialize_exact(bytes)
                        .unwrap()
                        .try_into_protocol_message()
                        .unwrap();
                    let ProcessedMessageContent::StagedCommitMessage(staged) =
                        group.process_message(provider, pm).unwrap().into_content()
                    else {
                        unreachable!()
                    };
                    group.merge_staged_commit(provider, *staged).unwrap();
                })
            })
        });
        let welcome = grp.welcome.clone();
        g.bench_function(BenchmarkId::new("join_from_welcome", n), |b| {
            b.iter_custom(|iters| {
                repeat(&mut grp.joiner, iters, |j| drop(black_box(j.read(&welcome).unwrap())))
            })
        });
    }
    g.finish();
}

fn frames(c: &mut Criterion) {
    let mut g = c.benchmark_group("frames");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    // DC and member share the group's epoch.
    let mut grp = group::<OpenMlsBackend>(2);
    for size in [1024usize, 100 * 1024] {
        let payload: Vec<u8> = (0..size).map(|i| (i * 31) as u8 | 1).collect();
        let label = format!("{}KB", size / 1024);
        g.bench_function(BenchmarkId::new("seal_vp8_delta", &label), |b| {
            b.iter(|| black_box(grp.dc.seal_frame(FrameKind::Vp8, &payload).unwrap()))
        });
        let dc = &mut grp.dc;
        let member = &mut grp.member;
        g.bench_function(BenchmarkId::new("open_vp8_delta", &label), |b| {
            b.iter_batched(
                || dc.seal_frame(FrameKind::Vp8, &payload).unwrap(),
                |sealed| black_box(member.open_frame(FrameKind::Vp8, &sealed).unwrap()),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, membership, frames);
criterion_main!(benches);
