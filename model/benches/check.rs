//! Exhaustive BFS check at a mid-size bound, by the search `dcverify check`
//! uses (`model/src/bfs.rs`) and by stateright's own; criterion's throughput
//! is in unique states per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dcverify_model::bfs::Bfs;
use dcverify_model::{Bounds, DcModel, Profile};
use stateright::{Checker, Model};
use std::hint::black_box;

fn exhaustive(c: &mut Criterion) {
    let bounds = Bounds { users: 4, leaves: 1 };
    let model = DcModel::new(Profile::Orange, bounds).unwrap();
    let unique = model.clone().checker().spawn_bfs().join().unique_state_count();
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    group.throughput(Throughput::Elements(unique as u64));
    group.bench_function("orange-u4-l1-bfs", |b| {
        b.iter(|| black_box(Bfs::spawn(model.clone(), 1).join().unique))
    });
    group.bench_function("orange-u4-l1-stateright-bfs", |b| {
        b.iter(|| black_box(model.clone().checker().spawn_bfs().join().unique_state_count()))
    });
    group.finish();
}

criterion_group!(benches, exhaustive);
criterion_main!(benches);
