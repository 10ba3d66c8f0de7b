//! An exhaustive stateright run (`dcverify check`): its measurements, a
//! verdict per property, and a shortest counterexample for each violated one.

use crate::properties::{Kind, PROPERTIES};
use crate::shortest::shortest_counterexamples;
use crate::{Action, Bounds, BoundsError, DcModel, Profile};
use serde::Serialize;
use stateright::{Checker, Model};
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

#[derive(Clone, Debug, Serialize)]
pub struct PropertyVerdict {
    pub name: &'static str,
    pub kind: &'static str,
    pub holds: bool,
    /// A shortest path to a violating state, when the property is violated.
    #[serde(skip)]
    pub counterexample: Option<Vec<Action>>,
    pub counterexample_steps: Option<usize>,
    /// Where the caller wrote the counterexample, if it did.
    pub counterexample_file: Option<PathBuf>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    pub profile: String,
    pub users: usize,
    pub leaves: usize,
    pub strategy: Strategy,
    pub threads: usize,
    pub unique_states: usize,
    pub generated_states: usize,
    pub max_depth: usize,
    pub elapsed_seconds: f64,
    pub unique_states_per_second: f64,
    /// Time spent finding shortest counterexamples, after the check itself.
    pub counterexample_seconds: f64,
    /// Peak resident memory of this process, where the OS tells it.
    pub peak_rss_bytes: Option<u64>,
    pub properties: Vec<PropertyVerdict>,
}

impl CheckReport {
    pub fn violated(&self) -> impl Iterator<Item = &PropertyVerdict> {
        self.properties.iter().filter(|p| !p.holds)
    }
}

/// Runs the check and finds a shortest counterexample for each violated
/// property, telling `progress` where it is while it runs.
pub fn run_check(
    opts: &CheckOptions,
    progress: &mut dyn FnMut(CheckProgress),
) -> Result<CheckReport, BoundsError> {
    let model = DcModel::new(opts.profile, opts.bounds)?;
    let start = Instant::now();
    let builder = model.clone().checker().threads(opts.threads.max(1));
    let (unique, generated, depth, discovered) = match opts.strategy {
        Strategy::Bfs => finish(builder.spawn_bfs(), &model, progress),
        Strategy::Dfs => finish(builder.spawn_dfs(), &model, progress),
    };
    let elapsed = start.elapsed();

    let violated: Vec<&'static str> =
        PROPERTIES.iter().map(|p| p.name).filter(|n| discovered.contains(n)).collect();
    let cx_start = Instant::now();
    let shortest = if violated.is_empty() {
        Default::default()
    } else {
        shortest_counterexamples(&model, &violated)
    };
    let counterexample_seconds = cx_start.elapsed().as_secs_f64();

    let properties = PROPERTIES
        .iter()
        .map(|p| {
            let cx = shortest.get(p.name).cloned();
            PropertyVerdict {
                name: p.name,
                kind: match p.kind {
                    Kind::Safety => "safety",
                    Kind::Quiescence => "quiescence",
                },
                holds: !discovered.contains(&p.name),
                counterexample_steps: cx.as_ref().map(Vec::len),
                counterexample: cx,
                counterexample_file: None,
            }
        })
        .collect();
    Ok(CheckReport {
        profile: opts.profile.name().to_string(),
        users: opts.bounds.users,
        leaves: opts.bounds.leaves,
        strategy: opts.strategy,
        threads: opts.threads.max(1),
        unique_states: unique,
        generated_states: generated,
        max_depth: depth,
        elapsed_seconds: elapsed.as_secs_f64(),
        unique_states_per_second: unique as f64 / elapsed.as_secs_f64().max(1e-9),
        counterexample_seconds,
        peak_rss_bytes: peak_rss_bytes(),
        properties,
    })
}

/// Waits for the checker, reporting progress, and returns its counts and the
/// names of the properties it found violated.
fn finish<C: Checker<DcModel>>(
    checker: C,
    model: &DcModel,
    progress: &mut dyn FnMut(CheckProgress),
) -> (usize, usize, usize, Vec<&'static str>) {
    while !checker.is_done() {
        let unique = checker.unique_state_count();
        progress(CheckProgress {
            unique,
            generated: checker.state_count(),
            queue: unique.saturating_sub(model.expanded_count()),
            depth: checker.max_depth(),
        });
        std::thread::sleep(Duration::from_millis(100));
    }
    let checker = checker.join();
    let discovered = checker.discoveries().into_keys().collect();
    (checker.unique_state_count(), checker.state_count(), checker.max_depth(), discovered)
}

fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
