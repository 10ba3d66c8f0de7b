//! The client on each MLS library side by side, in groups of 2, 8, 32 and
//! 64: the DC's Add commit, a member processing it, the joiner joining from
//! its Welcome, and sealing and opening a 1 KB frame. Each measured step
//! starts from the same checkpoint (`cargo bench -p dcverify-impl --bench
//! libraries`; docs/implementations.md quotes a run).

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use dcverify_impl::backend::MlsBackend;
use dcverify_impl::mlsrs::MlsRsBackend;
use dcverify_impl::openmls::OpenMlsBackend;
use dcverify_protocol::{Client, FrameKind};
use std::hint::black_box;
use std::time::Duration;

mod common;
use common::{group, repeat};

const SIZES: [usize; 4] = [2, 8, 32, 64];

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
