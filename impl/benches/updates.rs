//! What leaf refreshes cost under `healing` (`docs/pcs.md`, "What updates
//! cost"): a member's Update proposal, the DC's membership commit with k
//! proposals committed first (k = 1, 8, 32) beside the same commit with
//! none, and a member processing the Update commit. Sizes on the log are
//! printed once per k. Each measured step starts from the same snapshot.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use dcverify_impl::OpenMlsClient;
use dcverify_protocol::{Branch, Client, Message, Profile, Uid, WireEntry};
use std::collections::BTreeSet;
use std::hint::black_box;

mod common;
use common::repeat;
use std::time::Duration;

const PROPOSALS: [usize; 3] = [1, 8, 32];

/// A `healing` room of DC 1 and members 2..=k+1, all in sync; every member
/// has proposed an Update for the current epoch and everyone has read every
/// proposal; and the `Joined` of the next user, whose commit the DC makes
/// after committing the k proposals.
struct Room {
    dc: OpenMlsClient,
    members: Vec<OpenMlsClient>,
    next_joined: WireEntry,
    proposal_bytes: usize,
}

fn room(k: usize, dc_reads_proposals: bool) -> Room {
    let mut dc = OpenMlsClient::founder(1, Profile::Healing).unwrap();
    let mut members: Vec<OpenMlsClient> = Vec::new();
    for uid in 2..=(k + 1) as Uid {
        // Told who is in the room (as fixed's delivery service does), so
        // that it waits for them before believing it is DC.
        let room: BTreeSet<Uid> = (1..uid).collect();
        let mut joiner = OpenMlsClient::joiner_in_room(uid, Profile::Healing, room).unwrap();
        let joined = WireEntry::Joined { uid, key_package: joiner.key_package().unwrap() };
        let out = dc.read(&joined).unwrap().into_messages();
        for m in &mut members {
            m.read(&joined).unwrap();
        }
        for msg in out {
            let entry = WireEntry::from(msg);
            match entry {
                WireEntry::Welcome { .. } => drop(joiner.read(&entry).unwrap()),
                WireEntry::Commit { .. } => {
                    for m in &mut members {
                        // Each proposes after the Add; those proposals go stale.
                        m.read(&entry).unwrap();
                    }
                }
                _ => {}
            }
        }
        members.push(joiner);
    }
    // Fresh proposals for the current epoch, read by everyone.
    let proposals: Vec<WireEntry> =
        members.iter_mut().map(|m| WireEntry::from(m.propose_update().unwrap())).collect();
    let proposal_bytes = match &proposals[0] {
        WireEntry::Proposal { proposal, .. } => proposal.len(),
        _ => 0,
    };
    for p in &proposals {
        if dc_reads_proposals {
            let outcome = dc.read(p).unwrap();
            assert_eq!(outcome.branches, [Branch::ReadProposal]);
        }
        for m in &mut members {
            m.read(p).unwrap();
        }
    }
    let next = (k + 2) as Uid;
    let joiner = OpenMlsClient::joiner(next, Profile::Healing).unwrap();
    let next_joined = WireEntry::Joined { uid: next, key_package: joiner.key_package().unwrap() };
    for m in &mut members {
        m.read(&next_joined).unwrap();
    }
    Room { dc, members, next_joined, proposal_bytes }
}

fn updates(c: &mut Criterion) {
    let mut g = c.benchmark_group("updates");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    for k in PROPOSALS {
        let mut r = room(k, true);
        let joined = r.next_joined.clone();
        // What the DC sends for the next join: the Update commit first.
        let snapshot = r.dc.checkpoint();
        let out = r.dc.read(&joined).unwrap();
        r.dc.rollback(&snapshot).unwrap();
        assert_eq!(out.branches[1], Branch::PendingsUpdates);
        let messages = out.into_messages();
        let Some(Message::Commit { commit, .. }) = messages.first().cloned() else {
            panic!("no Update commit first")
        };
        eprintln!(
            "k = {k}: Update proposal {} bytes, Update commit of {k} proposal(s) {} bytes",
            r.proposal_bytes,
            commit.len()
        );
        g.bench_function(BenchmarkId::new("member_propose_update", k + 1), |b| {
            b.iter_custom(|iters| {
                repeat(&mut r.members[0], iters, |m| drop(black_box(m.propose_update().unwrap())))
            })
        });
        g.bench_function(BenchmarkId::new("dc_join_commit_with_k_updates", k), |b| {
            b.iter_custom(|iters| {
                repeat(&mut r.dc, iters, |dc| drop(black_box(dc.read(&joined).unwrap())))
            })
        });
        let update_commit = WireEntry::Commit { from: 1, commit };
        g.bench_function(BenchmarkId::new("member_process_update_commit", k), |b| {
            b.iter_custom(|iters| {
                repeat(&mut r.members[0], iters, |m| {
                    drop(black_box(m.read(&update_commit).unwrap()))
                })
            })
        });
    }
    // The same join commit in the same group with no proposal pending at
    // the DC (it never read them), for comparison.
    for k in PROPOSALS {
        let mut r = room(k, false);
        let joined = r.next_joined.clone();
        g.bench_function(BenchmarkId::new("dc_join_commit_without_updates", k), |b| {
            b.iter_custom(|iters| {
                repeat(&mut r.dc, iters, |dc| drop(black_box(dc.read(&joined).unwrap())))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, updates);
criterion_main!(benches);
