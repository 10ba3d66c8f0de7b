//! Breadth-first search for `dcverify check`, one level at a time, storing
//! per state only what the search needs (`docs/reduction.md`, "Bytes per
//! state").
//!
//! stateright's BFS queues every state with the whole path of action indices
//! that reached it, a set of "eventually" bits and a ring-buffer slot: about
//! 450 bytes a queued state at 5 users, more than the state itself. This one
//! keeps each state's fingerprint with its parent's (to rebuild paths) and
//! queues the state with its fingerprint alone. It explores the same graph
//! (the model's `actions` and `next_state`), so it finds the same states.
//!
//! Level by level, so the first violation met of a property is at the least
//! depth: each path it reports is a shortest one among the paths the model's
//! `actions` take. With one thread the path is the one
//! [`crate::shortest::shortest_paths`] finds.

use crate::{Action, DcModel, State};
use nohash_hasher::BuildNoHashHasher;
use stateright::{Model, Property};
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A state's 64-bit hash, as the search keeps it (stateright's checkers keep
/// the same kind): equal states have equal fingerprints, on every run.
pub fn fingerprint(state: &State) -> u64 {
    let mut h = DefaultHasher::new();
    state.hash(&mut h);
    h.finish()
}

/// What a finished (or stopped) search found.
pub struct BfsResult {
    pub unique: usize,
    /// Successor states computed, duplicates included, plus the initial one
    /// (stateright's `state_count`).
    pub generated: usize,
    /// Levels explored, the initial state's being 1 (stateright's `max_depth`).
    pub depth: usize,
    /// Each violated property with a shortest path to a violating state.
    pub discovered: BTreeMap<&'static str, Vec<Action>>,
}

/// A search running on its own threads.
pub struct Bfs {
    counts: Arc<Counts>,
    handle: JoinHandle<BfsResult>,
}

#[derive(Default)]
struct Counts {
    unique: AtomicUsize,
    generated: AtomicUsize,
    depth: AtomicUsize,
}

impl Bfs {
    /// Starts searching `model` with `threads` workers. It stops early when
    /// every property is violated or when `model.request_stop()` is called.
    pub fn spawn(model: DcModel, threads: usize) -> Bfs {
        let counts = Arc::new(Counts::default());
        let shared = Arc::clone(&counts);
        let handle = std::thread::spawn(move || search(&model, threads.max(1), &shared));
        Bfs { counts, handle }
    }

    pub fn is_done(&self) -> bool {
        self.handle.is_finished()
    }

    pub fn unique_state_count(&self) -> usize {
        self.counts.unique.load(Ordering::Relaxed)
    }

    pub fn state_count(&self) -> usize {
        self.counts.generated.load(Ordering::Relaxed)
    }

    pub fn max_depth(&self) -> usize {
        self.counts.depth.load(Ordering::Relaxed)
    }

    pub fn join(self) -> BfsResult {
        // A worker panics only on a bug in the model; pass it on as it was.
        self.handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

/// The search itself: levels until none is left, or the model is asked to
/// stop, or every property has a violation.
fn search(model: &DcModel, threads: usize, counts: &Counts) -> BfsResult {
    let properties = model.properties();
    let found = Found::new(properties.len());
    let visited = Visited::new();
    let mut level: Vec<(State, u64)> = Vec::new();
    for state in model.init_states() {
        let fp = fingerprint(&state);
        counts.generated.fetch_add(1, Ordering::Relaxed);
        if visited.insert(fp, fp) {
            counts.unique.fetch_add(1, Ordering::Relaxed);
            level.push((state, fp));
        }
    }
    let mut depth = 0;
    while !level.is_empty() && !model.stop_requested() && !found.all() {
        depth += 1;
        counts.depth.store(depth, Ordering::Relaxed);
        let source = Mutex::new(level.into_iter());
        let expand = || expand_some(model, &properties, &source, &visited, &found, counts);
        level = std::thread::scope(|scope| {
            let workers: Vec<_> = (1..threads).map(|_| scope.spawn(expand)).collect();
            let mut next = expand();
            for worker in workers {
                let more = worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                next.extend(more);
            }
            next
        });
    }
    let discovered = found
        .into_states(&properties)
        .into_iter()
        .map(|(name, fp)| (name, path_to(model, &visited, fp)))
        .collect();
    BfsResult {
        unique: counts.unique.load(Ordering::Relaxed),
        generated: counts.generated.load(Ordering::Relaxed),
        depth,
        discovered,
    }
}

/// States are taken from the level this many at a time, so that two workers
/// rarely wait on each other.
const BATCH: usize = 256;

/// One worker's share of a level: it takes batches of states until none is
/// left, checks each state's properties and returns its new successors.
fn expand_some(
    model: &DcModel,
    properties: &[Property<DcModel>],
    source: &Mutex<std::vec::IntoIter<(State, u64)>>,
    visited: &Visited,
    found: &Found,
    counts: &Counts,
) -> Vec<(State, u64)> {
    let mut next = Vec::new();
    let mut actions = Vec::new();
    loop {
        let batch: Vec<(State, u64)> = match source.lock() {
            Ok(mut level) => level.by_ref().take(BATCH).collect(),
            Err(_) => return next, // another worker panicked; the scope passes it on
        };
        if batch.is_empty() {
            return next;
        }
        // A stop request empties `actions`, so the rest of the level is
        // only checked, not expanded.
        for (state, fp) in batch {
            for (i, property) in properties.iter().enumerate() {
                if !found.has(i) && !(property.condition)(model, &state) {
                    found.record(i, fp);
                }
            }
            model.actions(&state, &mut actions);
            for action in actions.drain(..) {
                let Some(succ) = model.next_state(&state, action) else { continue };
                counts.generated.fetch_add(1, Ordering::Relaxed);
                let succ_fp = fingerprint(&succ);
                if visited.insert(succ_fp, fp) {
                    counts.unique.fetch_add(1, Ordering::Relaxed);
                    next.push((succ, succ_fp));
                }
            }
        }
    }
}

/// The actions from the initial state to the state with fingerprint `fp`:
/// the parents' fingerprints back to the root, then each step found again
/// by trying the actions of its state.
fn path_to(model: &DcModel, visited: &Visited, fp: u64) -> Vec<Action> {
    let mut chain = vec![fp];
    let mut at = fp;
    while let Some(parent) = visited.parent(at).filter(|&p| p != at) {
        chain.push(parent);
        at = parent;
    }
    chain.reverse();
    let Some(mut state) = model.init_states().into_iter().find(|s| fingerprint(s) == chain[0])
    else {
        return Vec::new();
    };
    let mut path = Vec::with_capacity(chain.len() - 1);
    let mut actions = Vec::new();
    for &want in &chain[1..] {
        actions.clear();
        model.explored(&state, &mut actions);
        let step = actions.iter().find_map(|&a| {
            let next = model.next_state(&state, a)?;
            (fingerprint(&next) == want).then_some((a, next))
        });
        // Every recorded parent has an action to its child: the search took it.
        let Some((action, next)) = step else { break };
        path.push(action);
        state = next;
    }
    path
}

/// Every state seen, by fingerprint, with its parent's fingerprint (the
/// initial state is its own parent). Sharded so that threads rarely share a
/// lock; the shard is chosen by bits the tables do not index by.
struct Visited {
    shards: Vec<Mutex<HashMap<u64, u64, BuildNoHashHasher<u64>>>>,
}

const SHARDS: usize = 64;

impl Visited {
    fn new() -> Self {
        Visited { shards: (0..SHARDS).map(|_| Mutex::default()).collect() }
    }

    fn shard(
        &self,
        fp: u64,
    ) -> std::sync::MutexGuard<'_, HashMap<u64, u64, BuildNoHashHasher<u64>>> {
        let shard = &self.shards[(fp >> 32) as usize % SHARDS];
        shard.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records `fp` with `parent` unless it was seen; whether it is new.
    fn insert(&self, fp: u64, parent: u64) -> bool {
        let mut shard = self.shard(fp);
        match shard.entry(fp) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(parent);
                true
            }
        }
    }

    fn parent(&self, fp: u64) -> Option<u64> {
        self.shard(fp).get(&fp).copied()
    }
}

/// The first violating state met per property, by property index.
struct Found {
    flags: Vec<AtomicBool>,
    states: Mutex<BTreeMap<usize, u64>>,
}

impl Found {
    fn new(n: usize) -> Self {
        Found { flags: (0..n).map(|_| AtomicBool::new(false)).collect(), states: Mutex::default() }
    }

    fn has(&self, i: usize) -> bool {
        self.flags[i].load(Ordering::Relaxed)
    }

    fn all(&self) -> bool {
        !self.flags.is_empty() && (0..self.flags.len()).all(|i| self.has(i))
    }

    /// Keeps the first state recorded for property `i` (all states of a
    /// level are at the same depth, so any is a shortest).
    fn record(&self, i: usize, fp: u64) {
        let mut states = self.states.lock().unwrap_or_else(|p| p.into_inner());
        states.entry(i).or_insert(fp);
        self.flags[i].store(true, Ordering::Relaxed);
    }

    fn into_states(self, properties: &[Property<DcModel>]) -> Vec<(&'static str, u64)> {
        let states = self.states.into_inner().unwrap_or_else(|p| p.into_inner());
        states.into_iter().map(|(i, fp)| (properties[i].name, fp)).collect()
    }
}
