//! An exhaustive stateright run (`dcverify check`): its measurements, a
//! verdict per property, and a shortest counterexample for each violated one.

use crate::bfs::Bfs;
use crate::model::Excuse;
use crate::properties::Kind;
use crate::shortest::{shortest_counterexamples, shortest_paths, Goal};
use crate::{Action, Bounds, BoundsError, DcModel, Profile};
use serde::Serialize;
use stateright::{Checker, Model};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    Bfs,
    Dfs,
}

#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub profile: Profile,
    pub bounds: Bounds,
    pub threads: usize,
    pub strategy: Strategy,
    /// The hostile server's budget (0: an honest server).
    pub attacks: usize,
    /// How many users' states the attacker may steal (`docs/pcs.md`).
    pub compromises: usize,
    /// Partial-order reduction (`docs/reduction.md`; honest model only).
    pub reduce: bool,
    /// How each violated property's counterexample is found after the check.
    pub counterexamples: Search,
    /// Known causes (`dcverify check --unexplained`): a violation this
    /// explains counts as none, so the check finds only new ones.
    pub excuse: Option<Excuse>,
}

impl CheckOptions {
    /// An honest check of `profile` at `bounds`: one thread, breadth-first,
    /// no reduction, shortest counterexamples (what `dcverify check` does by
    /// default).
    pub fn new(profile: Profile, bounds: Bounds) -> Self {
        CheckOptions {
            profile,
            bounds,
            threads: 1,
            strategy: Strategy::Bfs,
            attacks: 0,
            compromises: 0,
            reduce: false,
            counterexamples: Search::Shortest,
            excuse: None,
        }
    }
}

/// How a check finds the counterexample it prints for a violated property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Search {
    /// A breadth-first search of the full state space: a shortest one.
    Shortest,
    /// A breadth-first search of the reduced state space (`docs/reduction.md`):
    /// a shortest one among the paths the reduction keeps, much cheaper.
    ShortestReduced,
    /// No search: the path the checker found first.
    FirstFound,
}

/// Where a running check is, reported about ten times a second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckProgress {
    pub unique: usize,
    pub generated: usize,
    /// States found but not yet expanded.
    pub queue: usize,
    pub depth: usize,
}

/// Why a check stopped before it had explored every state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Stopped {
    /// The user interrupted it (Ctrl-C, or a signal from a timeout).
    Interrupted,
    /// The process reached its memory limit.
    MemoryLimit { limit_bytes: u64, rss_bytes: u64 },
}

#[derive(Clone, Debug, Serialize)]
pub struct PropertyVerdict {
    pub name: &'static str,
    pub kind: &'static str,
    /// No reachable state violates it (of the states explored, if the check stopped).
    pub holds: bool,
    /// A path to a violating state, when the property is violated: a
    /// shortest one, unless the check stopped early (`CheckReport::stopped`;
    /// then the first found).
    #[serde(skip)]
    pub counterexample: Option<Vec<Action>>,
    pub counterexample_steps: Option<usize>,
    /// How the counterexample was found: by `Search::Shortest` it is a
    /// shortest one (when the check ran to the end).
    pub counterexample_search: Option<Search>,
    /// Where the caller wrote the counterexample, if it did.
    pub counterexample_file: Option<PathBuf>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    pub profile: String,
    pub users: usize,
    pub leaves: usize,
    /// The hostile server's budget; with one, the security properties are checked.
    pub attacks: usize,
    /// The attacker's budget of stolen states; with one, forward secrecy
    /// and healing are checked and the exposure is measured.
    pub compromises: usize,
    /// Whether the checker explored with partial-order reduction.
    pub reduced: bool,
    /// Whether violations a known cause explains were counted as none
    /// (`--unexplained`): a violated property then has a new failure.
    pub unexplained_only: bool,
    /// With compromises, and when the check ran to the end: the most epochs
    /// a stolen copy reads beyond the one it was stolen with, and a shortest path to it.
    pub exposure: Option<Exposure>,
    pub strategy: Strategy,
    pub threads: usize,
    pub unique_states: usize,
    pub generated_states: usize,
    pub max_depth: usize,
    /// The whole run: the check and the counterexample search.
    pub elapsed_seconds: f64,
    /// The state-space exploration alone.
    pub check_seconds: f64,
    pub unique_states_per_second: f64,
    /// Time spent finding shortest counterexamples (and the exposure's
    /// path), after the check itself.
    pub counterexample_seconds: f64,
    /// Whether such a search ran: a breadth-first check that ran to the end
    /// found shortest paths itself, so without `--reduce` none runs.
    pub searched_after_check: bool,
    /// Set when the check stopped before exploring every state: the counts
    /// are then what it reached, and a property that "holds" was not
    /// violated in the states explored.
    pub stopped: Option<Stopped>,
    /// Peak resident memory of this process, where the OS tells it.
    pub peak_rss_bytes: Option<u64>,
    pub properties: Vec<PropertyVerdict>,
}

/// The worst exposure at the bounds (`docs/pcs.md`, "Exposure").
#[derive(Clone, Debug, Serialize)]
pub struct Exposure {
    /// The most epochs a stolen copy reads beyond the one it was stolen with.
    pub worst: usize,
    /// A shortest path to a state where a copy has read that many.
    #[serde(skip)]
    pub path: Vec<Action>,
    pub path_steps: usize,
    /// Where the caller wrote the path as a trace, if it did.
    pub path_file: Option<PathBuf>,
}

impl CheckReport {
    pub fn violated(&self) -> impl Iterator<Item = &PropertyVerdict> {
        self.properties.iter().filter(|p| !p.holds)
    }
}

/// "safety" or "quiescence", as reports print a property's kind.
fn property_kind(name: &str) -> &'static str {
    let at_quiescence = match crate::properties::by_name(name) {
        Some(p) => p.kind == Kind::Quiescence,
        None => crate::security::by_name(name).is_some_and(|p| p.at_quiescence),
    };
    if at_quiescence {
        "quiescence"
    } else {
        "safety"
    }
}

/// Runs the check and finds a shortest counterexample for each violated
/// property, telling `progress` where it is about ten times a second. When
/// `progress` answers with a reason to stop, the check stops cleanly and the
/// report says so (partial counts, the counterexamples found so far, no
/// shortest-counterexample search).
pub fn run_check(
    opts: &CheckOptions,
    progress: &mut dyn FnMut(CheckProgress) -> Option<Stopped>,
) -> Result<CheckReport, BoundsError> {
    let model = DcModel::new(opts.profile, opts.bounds)?
        .with_attacks(opts.attacks)
        .with_compromises(opts.compromises)
        .with_reduction(opts.reduce)
        .with_excuse(opts.excuse.clone());
    let start = Instant::now();
    let threads = opts.threads.max(1);
    let run = match opts.strategy {
        Strategy::Bfs => finish(Bfs::spawn(model.clone(), threads), &model, progress),
        Strategy::Dfs => {
            finish(model.clone().checker().threads(threads).spawn_dfs(), &model, progress)
        }
    };
    let check_seconds = start.elapsed().as_secs_f64();

    let names = model.property_names();
    let violated: Vec<&'static str> =
        names.iter().copied().filter(|n| run.discovered.contains_key(n)).collect();
    let cx_start = Instant::now();
    // A breadth-first check that ran to the end found shortest paths already.
    let bfs_found = opts.strategy == Strategy::Bfs && run.stopped.is_none();
    let search = match opts.counterexamples {
        _ if violated.is_empty() || run.stopped.is_some() => Search::FirstFound,
        Search::Shortest => Search::Shortest,
        // Without reduction the reduced space is the full one.
        Search::ShortestReduced if !opts.reduce => Search::Shortest,
        other => other,
    };
    let mut searched_after_check = false;
    let shortest = match search {
        Search::FirstFound => Default::default(),
        Search::Shortest if bfs_found && !opts.reduce => run.discovered.clone(),
        Search::ShortestReduced if bfs_found => run.discovered.clone(),
        Search::Shortest => {
            searched_after_check = true;
            shortest_counterexamples(&model.clone().with_reduction(false), &violated)
        }
        Search::ShortestReduced => {
            searched_after_check = true;
            shortest_counterexamples(&model, &violated)
        }
    };
    let exposure = (opts.compromises > 0 && run.stopped.is_none()).then(|| {
        searched_after_check = true;
        let worst = model.worst_exposure();
        let goal = Goal::Exposure(worst);
        let path = shortest_paths(&model, &[goal]).remove(&goal).unwrap_or_default();
        Exposure { worst, path_steps: path.len(), path, path_file: None }
    });
    let counterexample_seconds = cx_start.elapsed().as_secs_f64();

    // What the checker's own paths are: level by level, the first violation
    // met is at the least depth of the space it explores.
    let own = match (bfs_found, opts.reduce) {
        (true, false) => Search::Shortest,
        (true, true) => Search::ShortestReduced,
        (false, _) => Search::FirstFound,
    };
    let properties = names
        .into_iter()
        .map(|name| {
            let (cx, how) = match shortest.get(name) {
                Some(path) => (Some(path.clone()), search),
                None => (run.discovered.get(name).cloned(), own),
            };
            PropertyVerdict {
                name,
                kind: property_kind(name),
                holds: !run.discovered.contains_key(&name),
                counterexample_steps: cx.as_ref().map(Vec::len),
                counterexample_search: cx.is_some().then_some(how),
                counterexample: cx,
                counterexample_file: None,
            }
        })
        .collect();
    Ok(CheckReport {
        profile: opts.profile.name().to_string(),
        users: opts.bounds.users,
        leaves: opts.bounds.leaves,
        attacks: opts.attacks,
        compromises: opts.compromises,
        reduced: opts.reduce,
        unexplained_only: opts.excuse.is_some(),
        exposure,
        strategy: opts.strategy,
        threads: opts.threads.max(1),
        unique_states: run.unique,
        generated_states: run.generated,
        max_depth: run.depth,
        elapsed_seconds: check_seconds + counterexample_seconds,
        check_seconds,
        unique_states_per_second: run.unique as f64 / check_seconds.max(1e-9),
        counterexample_seconds,
        searched_after_check,
        stopped: run.stopped,
        peak_rss_bytes: peak_rss_bytes(),
        properties,
    })
}

/// What the checker reached.
#[derive(Default)]
struct Run {
    unique: usize,
    generated: usize,
    depth: usize,
    /// Each violated property with the path the checker found to it.
    discovered: BTreeMap<&'static str, Vec<Action>>,
    stopped: Option<Stopped>,
}

/// A checker running on its own threads, as [`finish`] polls it.
trait Running {
    fn is_done(&self) -> bool;
    /// Where it is (`queue` left to [`finish`]).
    fn progress(&self) -> CheckProgress;
    /// Waits for the end: what it reached (not stopped, as far as it knows).
    fn end(self) -> Run;
}

impl Running for Bfs {
    fn is_done(&self) -> bool {
        Bfs::is_done(self)
    }

    fn progress(&self) -> CheckProgress {
        let (unique, generated) = (self.unique_state_count(), self.state_count());
        CheckProgress { unique, generated, queue: 0, depth: self.max_depth() }
    }

    fn end(self) -> Run {
        let r = self.join();
        let (unique, generated, depth) = (r.unique, r.generated, r.depth);
        Run { unique, generated, depth, discovered: r.discovered, stopped: None }
    }
}

/// stateright's own checkers (the depth-first one).
impl<C: Checker<DcModel>> Running for C {
    fn is_done(&self) -> bool {
        Checker::is_done(self)
    }

    fn progress(&self) -> CheckProgress {
        let (unique, generated) = (self.unique_state_count(), self.state_count());
        CheckProgress { unique, generated, queue: 0, depth: self.max_depth() }
    }

    fn end(self) -> Run {
        let checker = self.join();
        let discovered = checker
            .discoveries()
            .into_iter()
            .map(|(name, path)| (name, path.into_actions()))
            .collect();
        Run {
            unique: checker.unique_state_count(),
            generated: checker.state_count(),
            depth: checker.max_depth(),
            discovered,
            stopped: None,
        }
    }
}

/// Waits for the checker, reporting progress and stopping it when asked.
fn finish(
    checker: impl Running,
    model: &DcModel,
    progress: &mut dyn FnMut(CheckProgress) -> Option<Stopped>,
) -> Run {
    let mut stopped = None;
    // Poll quickly at first so that a small check is not timed at the poll
    // interval, then about ten times a second.
    let mut wait = Duration::from_millis(1);
    while !checker.is_done() {
        let now = checker.progress();
        let queue = now.unique.saturating_sub(model.expanded_count());
        if stopped.is_none() {
            stopped = progress(CheckProgress { queue, ..now });
            if stopped.is_some() {
                model.request_stop();
            }
        }
        std::thread::sleep(wait);
        wait = (wait * 2).min(Duration::from_millis(100));
    }
    let run = checker.end();
    model.clear_stop_request();
    Run { stopped, ..run }
}

/// The resident memory of this process now, where the OS tells it.
pub fn rss_bytes() -> Option<u64> {
    proc_status_kb("VmRSS:").map(|kb| kb * 1024)
}

/// Memory the OS could give this process now (`MemAvailable`), where it tells it.
pub fn available_memory_bytes() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn proc_status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn peak_rss_bytes() -> Option<u64> {
    proc_status_kb("VmHWM:").map(|kb| kb * 1024)
}
