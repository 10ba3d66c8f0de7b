//! What the client benches share.

use dcverify_protocol::Client;
use std::time::{Duration, Instant};

/// Times `step` `iters` times, each from the same snapshot of `client`.
pub fn repeat<C: Client>(client: &mut C, iters: u64, mut step: impl FnMut(&mut C)) -> Duration {
    let snapshot = client.checkpoint();
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        client.rollback(&snapshot).unwrap();
        let start = Instant::now();
        step(client);
        total += start.elapsed();
    }
    client.rollback(&snapshot).unwrap();
    total
}
