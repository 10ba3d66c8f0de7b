//! `dcverify check`: an exhaustive stateright run, its measurements, a verdict
//! per property, and a shortest counterexample for each violated one.

use crate::progress::Progress;
use crate::shortest::{replay, shortest_counterexamples};
use crate::trace::{Meta, Source, Trace, TraceStep};
use dcverify_model::properties::{Kind, PROPERTIES};
use dcverify_model::{Action, Bounds, DcModel, Profile};
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
    /// Show a progress line on stderr while checking.
    pub progress: bool,
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

/// Runs the check and finds a shortest counterexample for each violated property.
pub fn run_check(opts: &CheckOptions) -> Result<CheckReport, dcverify_model::BoundsError> {
    let model = DcModel::new(opts.profile, opts.bounds)?;
    let start = Instant::now();
    let builder = model.clone().checker().threads(opts.threads.max(1));
    let (unique, generated, depth, discovered) = match opts.strategy {
        Strategy::Bfs => finish(builder.spawn_bfs(), &model, opts.progress),
        Strategy::Dfs => finish(builder.spawn_dfs(), &model, opts.progress),
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

/// Waits for the checker, showing progress, and returns its counts and the
/// names of the properties it found violated.
fn finish<C: Checker<DcModel>>(
    checker: C,
    model: &DcModel,
    show_progress: bool,
) -> (usize, usize, usize, Vec<&'static str>) {
    let mut progress = Progress::new(show_progress);
    while !checker.is_done() {
        let unique = checker.unique_state_count();
        let queue = unique.saturating_sub(model.expanded_count());
        progress.update(unique, checker.state_count(), queue, checker.max_depth());
        std::thread::sleep(Duration::from_millis(100));
    }
    progress.clear();
    let checker = checker.join();
    let discovered = checker.discoveries().into_keys().collect();
    (checker.unique_state_count(), checker.state_count(), checker.max_depth(), discovered)
}

/// The trace of a counterexample, ready to write.
pub fn counterexample_trace(model: &DcModel, property: &str, actions: &[Action]) -> Option<Trace> {
    let states = replay(model, actions)?;
    let mut meta = Meta::new(
        Source::Stateright,
        model.profile.name(),
        model.bounds.users,
        model.bounds.leaves,
    );
    meta.violates = Some(property.to_string());
    meta.description =
        Some(format!("shortest counterexample to {property} found by dcverify check"));
    let steps = states.into_iter().map(|(action, state)| TraceStep { action, state }).collect();
    Some(Trace { meta, steps })
}

/// The file name of a counterexample trace.
pub fn counterexample_file_name(profile: Profile, bounds: Bounds, property: &str) -> String {
    format!("{}-u{}-l{}-{}.itf.json", profile.name(), bounds.users, bounds.leaves, property)
}

fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
