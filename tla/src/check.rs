//! `dcverify tlc`: TLC's counts and a verdict for every invariant.
//!
//! TLC reports, per violating state, only the first invariant (in
//! configuration order) that the state violates, even with `-continue`. So a
//! property whose violations always come with an earlier one's is never named.
//! The check therefore runs in rounds: each round explores everything with
//! `-continue` and the invariants not yet found violated; a round that finds
//! none proves the rest hold.

use crate::config::config_text;
use crate::output::{TraceState, Violation};
use crate::run::{run_tlc, TlcError, TlcRun, Workdir};
use crate::trace::{model_trace, trace_data_module, RecoveryError, TRACE_FOLLOWED, TRACE_SPEC};
use dcverify_model::properties::PROPERTIES;
use dcverify_model::{Bounds, DcModel, Profile, State};
use dcverify_trace::Trace;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

#[derive(Clone, Debug, Serialize)]
pub struct TlcVerdict {
    pub name: &'static str,
    pub holds: bool,
    /// Steps in TLC's (first, hence shortest with one worker) error trace.
    pub trace_steps: Option<usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TlcReport {
    pub profile: String,
    pub users: usize,
    pub leaves: usize,
    pub workers: usize,
    pub distinct_states: u64,
    pub generated_states: u64,
    pub depth: u64,
    /// Wall-clock time of the first round (all invariants), JVM start included.
    pub elapsed_seconds: f64,
    /// TLC's own time for the first round, as it reports it.
    pub tlc_seconds: f64,
    pub distinct_states_per_second: f64,
    pub rounds: usize,
    pub total_seconds: f64,
    pub verdicts: Vec<TlcVerdict>,
    #[serde(skip)]
    pub traces: BTreeMap<&'static str, Vec<TraceState>>,
}

/// Runs TLC in rounds until every invariant has a verdict.
pub fn tlc_check(
    jar: &Path,
    profile: Profile,
    bounds: Bounds,
    workers: usize,
) -> Result<TlcReport, TlcError> {
    let mut remaining: Vec<&'static str> = PROPERTIES.iter().map(|p| p.name).collect();
    let mut traces: BTreeMap<&'static str, Vec<TraceState>> = BTreeMap::new();
    let mut first: Option<TlcRun> = None;
    let mut rounds = 0;
    let mut total = Duration::ZERO;
    while !remaining.is_empty() {
        let dir = Workdir::new()?;
        let cfg = dir.write("check.cfg", &config_text(profile, bounds, Some(&remaining)))?;
        let run = run_tlc(jar, &dir, "DC.tla", &cfg, workers, true, &[])?;
        rounds += 1;
        total += run.elapsed;
        let mut found_new = false;
        for Violation { invariant, trace } in &run.output.violations {
            if let Some(pos) = remaining.iter().position(|n| n == invariant) {
                traces.insert(remaining.remove(pos), trace.clone());
                found_new = true;
            }
        }
        if first.is_none() {
            first = Some(run);
        }
        if !found_new {
            break;
        }
    }
    let first =
        first.unwrap_or_else(|| unreachable!("at least one round runs: there are properties"));
    let out = &first.output;
    let tlc_seconds = out.finished_ms.map_or(first.elapsed.as_secs_f64(), |ms| ms as f64 / 1000.0);
    let distinct = out.distinct.unwrap_or(0);
    let verdicts = PROPERTIES
        .iter()
        .map(|p| TlcVerdict {
            name: p.name,
            holds: !traces.contains_key(p.name),
            trace_steps: traces.get(p.name).map(|t| t.len().saturating_sub(1)),
        })
        .collect();
    Ok(TlcReport {
        profile: profile.name().into(),
        users: bounds.users,
        leaves: bounds.leaves,
        workers,
        distinct_states: distinct,
        generated_states: out.generated.unwrap_or(0),
        depth: out.depth.unwrap_or(0),
        elapsed_seconds: first.elapsed.as_secs_f64(),
        tlc_seconds,
        distinct_states_per_second: distinct as f64 / tlc_seconds.max(1e-9),
        rounds,
        total_seconds: total.as_secs_f64(),
        verdicts,
        traces,
    })
}

/// TLC's error trace for `name` as a model trace (steps recovered).
pub fn report_trace(
    report: &TlcReport,
    model: &DcModel,
    name: &str,
) -> Option<Result<Trace, RecoveryError>> {
    report.traces.get(name).map(|t| model_trace(model, name, t))
}

/// Whether TLC, constrained to `states`, follows every one of them with the
/// spec's `Init` and `Next` and finds `property` violated in the last.
pub fn spec_follows(
    jar: &Path,
    profile: Profile,
    bounds: Bounds,
    states: &[State],
    property: Option<&str>,
) -> Result<bool, TlcError> {
    let dir = Workdir::new()?;
    dir.write("DCTrace.tla", TRACE_SPEC)?;
    dir.write("DCTraceData.tla", &trace_data_module(states))?;
    // The property, or (with none) the invariant violated once the whole trace is followed.
    let invariant = property.unwrap_or(TRACE_FOLLOWED);
    let cfg = format!(
        "CONSTANTS\n    Profile = \"{profile}\"\n    MaxUsers = {}\n    MaxLeaves = {}\nINIT TraceInit\nNEXT TraceNext\nINVARIANT {invariant}\n",
        bounds.users, bounds.leaves
    );
    let cfg = dir.write("DCTrace.cfg", &cfg)?;
    // -continue: a property violated earlier in the trace must not stop TLC
    // before the last state.
    let run = run_tlc(jar, &dir, "DCTrace.tla", &cfg, 1, true, &[])?;
    Ok(run
        .output
        .violations
        .iter()
        .any(|v| v.invariant == invariant && v.trace.len() == states.len()))
}

/// Every distinct state TLC reaches, read from its `-dump` file.
pub fn tlc_reachable_states(
    jar: &Path,
    profile: Profile,
    bounds: Bounds,
) -> Result<Vec<State>, TlcError> {
    let dir = Workdir::new()?;
    let cfg = dir.write("dump.cfg", &config_text(profile, bounds, Some(&[])))?;
    // TLC appends `.dump` to the name it is given.
    let dump = dir.path().join("reachable.dump");
    let dump_arg = dir.path().join("reachable");
    run_tlc(jar, &dir, "DC.tla", &cfg, 1, false, &["-dump", &dump_arg.to_string_lossy()])?;
    let text = std::fs::read_to_string(&dump)
        .map_err(|source| TlcError::Io { what: format!("reading {}", dump.display()), source })?;
    parse_dump(&text)
}

/// Parses a `-dump` file: blocks headed by a `State N:` line, of `/\ var = value` lines.
pub fn parse_dump(text: &str) -> Result<Vec<State>, TlcError> {
    let mut blocks: Vec<String> = Vec::new();
    for line in text.lines() {
        let header = line
            .strip_prefix("State ")
            .and_then(|r| r.strip_suffix(':'))
            .is_some_and(|n| n.parse::<u64>().is_ok());
        match blocks.last_mut() {
            _ if header => blocks.push(String::new()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None if line.trim().is_empty() => {}
            None => return Err(dump_error(0, format!("expected `State 1:`, found `{line}`"))),
        }
    }
    blocks
        .iter()
        .enumerate()
        .map(|(i, block)| {
            let vars = crate::value::parse_state(block)
                .map_err(|e| dump_error(i, format!("dumped state {}: {e}", i + 1)))?;
            crate::state::from_tla(&vars)
                .map_err(|e| dump_error(i, format!("dumped state {}: {e}", i + 1)))
        })
        .collect()
}

fn dump_error(index: usize, message: String) -> TlcError {
    TlcError::Output(crate::output::OutputError { message_index: index, message })
}
