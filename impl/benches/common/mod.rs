//! What the client benches share.

use dcverify_impl::backend::MlsBackend;
use dcverify_impl::DcClient;
use dcverify_protocol::{Client, Message, Profile, Uid, WireEntry};
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

/// A group of `n` members with DC 1 and member 2 in sync, the next joiner,
/// and the DC's Welcome and Add commit for it.
// Not every bench builds a group (updates.rs builds a healing room).
#[allow(dead_code)]
pub struct Group<M: MlsBackend> {
    pub dc: DcClient<M>,
    pub member: DcClient<M>,
    pub joiner: DcClient<M>,
    pub joined: WireEntry,
    pub welcome: WireEntry,
    pub commit: WireEntry,
}

#[allow(dead_code)]
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

#[allow(dead_code)]
pub fn group<M: MlsBackend>(n: usize) -> Group<M> {
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
