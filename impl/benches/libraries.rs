//! The client on each MLS library side by side, in groups of 2, 8, 32 and
//! 64: the DC's Add commit, a member processing it, the joiner joining from
//! its Welcome, and sealing and opening a 1 KB frame. Each measured step
//! starts from the same checkpoint (`cargo bench -p dcverify-impl --bench
//! libraries`; docs/implementations.md quotes a run).

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use dcverify_impl::backend::MlsBackend;
use dcverify_impl::mlsrs::MlsRsBackend;
use dcverify_impl::openmls::OpenMlsBackend;
use dcverify_impl::DcClient;
use dcverify_protocol::{Client, FrameKind, Message, Profile, Uid, WireEntry};
use std::hint::black_box;
use std::time::Duration;

mod common;
use common::repeat;

const SIZES: [usize; 4] = [2, 8, 32, 64];

/// A group of `n` members with DC 1 and member 2 in sync, the next joiner,
/// and the DC's Welcome and Add commit for it.
struct Group<M: MlsBackend> {
    dc: DcClient<M>,
    member: DcClient<M>,
    joiner: DcClient<M>,
    joined: WireEntry,
    welcome: WireEntry,
    commit: WireEntry,
}

fn split(out: Vec<Message>) -> (Option<WireEntry>, Option<WireEntry>) {
    let (mut welcome, mut commit) = (None, None);
    for m in out {
        match m {
            Message::Welcome { .. } => welcome = Some(WireEntry::from(m)),
            Message::Commit { .. } => commit = Some(WireEntry::from(m)),
            Message::Proposal { .. } => {}
        }
    }
    (welcome, commit)
}

fn group<M: MlsBackend>(n: usize) -> Group<M> {
    let mut dc = DcClient::<M>::founder(1, Profile::Orange).unwrap();
    let mut member = DcClient::<M>::joiner(2, Profile::Orange).unwrap();
    let joined = WireEntry::Joined { uid: 2, key_package: member.key_package().unwrap() };
    let (welcome, _) = split(dc.read(&joined).unwrap().into_messages());
    member.read(&welcome.unwrap()).unwrap();
    for uid in 3..=n as Uid {
        let other = DcClient::<M>::joiner(uid, Profile::Orange).unwrap();
        let joined = WireEntry::Joined { uid, key_package: other.key_package().unwrap() };
        let (_, commit) = split(dc.read(&joined).unwrap().into_messages());
        member.read(&joined).unwrap();
        member.read(&commit.unwrap()).unwrap();
    }
    let next = n as Uid + 1;
    let joiner = DcClient::<M>::joiner(next, Profile::Orange).unwrap();
    let joined = WireEntry::Joined { uid: next, key_package: joiner.key_package().unwrap() };
    member.read(&joined).unwrap();
    let before = dc.checkpoint();
    let (welcome, commit) = split(dc.read(&joined).unwrap().into_messages());
    dc.rollback(&before).unwrap();
    Group { dc, member, joiner, joined, welcome: welcome.unwrap(), commit: commit.unwrap() }
}

fn library<M: MlsBackend>(c: &mut Criterion) {
    let mut g = c.benchmark_group(format!("libraries/{}", M::NAME));
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    for n in SIZES {
        let mut grp = group::<M>(n);
        let (joined, commit, welcome) =
            (grp.joined.clone(), grp.commit.clone(), grp.welcome.clone());
        g.bench_function(BenchmarkId::new("add_commit", n), |b| {
            b.iter_custom(|iters| {
                repeat(&mut grp.dc, iters, |dc| drop(black_box(dc.read(&joined).unwrap())))
            })
        });
        g.bench_function(BenchmarkId::new("process_commit", n), |b| {
            b.iter_custom(|iters| {
                repeat(&mut grp.member, iters, |m| drop(black_box(m.read(&commit).unwrap())))
            })
        });
        g.bench_function(BenchmarkId::new("join", n), |b| {
            b.iter_custom(|iters| {
                repeat(&mut grp.joiner, iters, |j| drop(black_box(j.read(&welcome).unwrap())))
            })
        });
        // DC and member share the epoch before the Add.
        let mut dc = grp.dc;
        let payload: Vec<u8> = (0..1024).map(|i| (i * 31) as u8 | 1).collect();
        g.bench_function(BenchmarkId::new("seal_1KB", n), |b| {
            b.iter(|| black_box(dc.seal_frame(FrameKind::Vp8, &payload).unwrap()))
        });
        let member = &mut grp.member;
        g.bench_function(BenchmarkId::new("open_1KB", n), |b| {
            b.iter_batched(
                || dc.seal_frame(FrameKind::Vp8, &payload).unwrap(),
                |sealed| black_box(member.open_frame(FrameKind::Vp8, &sealed).unwrap()),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, library::<OpenMlsBackend>, library::<MlsRsBackend>);
criterion_main!(benches);
