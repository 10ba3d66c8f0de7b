//! `dcverify tlc`: TLC's counts and a verdict for every invariant.
//!
//! TLC reports, per violating state, only the first invariant (in
//! configuration order) that the state violates, even with `-continue`. So a
//! property whose violations always come with an earlier one's is never named.
//! The check therefore runs in rounds, each with the invariants not yet found
//! violated, stopping at its first violation: with one worker TLC's search
//! is breadth-first, so that violation's trace is a shortest one for its
//! invariant. A round that ends with no violation explored everything and
//! proves the rest hold; its counts are the report's. (One round with
//! `-continue` would need fewer runs, but TLC then prints a whole trace for
//! every violating state: under `orange` with a hostile server, hundreds of
//! thousands of them.)

use crate::config::{config_text, constants};
use crate::distributed::{run_tlc_distributed, Distributed};
use crate::output::{TraceState, Violation};
use crate::run::{run_tlc, TlcError, TlcRun, Workdir};
use crate::trace::{model_trace, trace_data_module, RecoveryError, TRACE_FOLLOWED, TRACE_SPEC};
use dcverify_model::{DcModel, State};
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
    /// The hostile server's budget (0: honest).
    pub attacks: usize,
    /// How many users' states the attacker may steal (docs/pcs.md).
    pub compromises: usize,
    /// Worker threads; in distributed mode, the worker processes started here.
    pub workers: usize,
    /// Whether TLC ran in distributed mode.
    pub distributed: bool,
    pub distinct_states: u64,
    pub generated_states: u64,
    pub depth: u64,
    /// Wall-clock time of the complete round (the last: the whole space
    /// explored with the invariants that hold), JVM start included.
    pub elapsed_seconds: f64,
    /// TLC's own time for the complete round, as it reports it.
    pub tlc_seconds: f64,
    pub distinct_states_per_second: f64,
    pub rounds: usize,
    pub total_seconds: f64,
    pub verdicts: Vec<TlcVerdict>,
    #[serde(skip)]
    pub traces: BTreeMap<&'static str, Vec<TraceState>>,
}

/// How TLC runs: one process with worker threads, or TLC's distributed
/// mode (a server here, worker processes here and elsewhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlcMode {
    Single { workers: usize },
    Distributed(Distributed),
}

/// Runs TLC on `model`'s profile, bounds and budget in rounds until every
/// property the model reports has a verdict.
pub fn tlc_check(jar: &Path, model: &DcModel, workers: usize) -> Result<TlcReport, TlcError> {
    tlc_check_in(jar, model, TlcMode::Single { workers })
}

/// [`tlc_check`], run the way `mode` says. In distributed mode each round
/// is a server of its own: workers from other hosts must connect again
/// for each (README, "When one machine is not enough").
pub fn tlc_check_in(jar: &Path, model: &DcModel, mode: TlcMode) -> Result<TlcReport, TlcError> {
    let names = model.property_names();
    let mut remaining = names.clone();
    let mut traces: BTreeMap<&'static str, Vec<TraceState>> = BTreeMap::new();
    let mut rounds = 0;
    let mut total = Duration::ZERO;
    let complete: TlcRun = loop {
        let dir = Workdir::new()?;
        let cfg = dir.write("check.cfg", &config_text(model, Some(&remaining)))?;
        let run = match mode {
            TlcMode::Single { workers } => run_tlc(jar, &dir, "DC.tla", &cfg, workers, false, &[])?,
            TlcMode::Distributed(how) => run_tlc_distributed(jar, &dir, "DC.tla", &cfg, how)?,
        };
        rounds += 1;
        total += run.elapsed;
        let Some(Violation { invariant, trace }) = run.output.violations.first() else {
            break run;
        };
        let invariant = match invariant.as_str() {
            "" => name_violation(model, &remaining, trace)?,
            named => named.to_string(),
        };
        let Some(pos) = remaining.iter().position(|n| *n == invariant) else {
            return Err(TlcError::Tlc {
                errors: vec![format!("TLC reported invariant {invariant}, which was not checked")],
            });
        };
        traces.insert(remaining.remove(pos), trace.clone());
    };
    let out = &complete.output;
    let tlc_seconds =
        out.finished_ms.map_or(complete.elapsed.as_secs_f64(), |ms| ms as f64 / 1000.0);
    let distinct = out.distinct.unwrap_or(0);
    let verdicts = names
        .iter()
        .map(|&name| TlcVerdict {
            name,
            holds: !traces.contains_key(name),
            trace_steps: traces.get(name).map(|t| t.len().saturating_sub(1)),
        })
        .collect();
    Ok(TlcReport {
        profile: model.profile.name().into(),
        users: model.bounds.users,
        leaves: model.bounds.leaves,
        attacks: model.attacks,
        compromises: model.compromises,
        workers: match mode {
            TlcMode::Single { workers } => workers,
            TlcMode::Distributed(how) => how.local_workers,
        },
        distributed: matches!(mode, TlcMode::Distributed(_)),
        distinct_states: distinct,
        generated_states: out.generated.unwrap_or(0),
        depth: out.depth.unwrap_or(0),
        elapsed_seconds: complete.elapsed.as_secs_f64(),
        tlc_seconds,
        distinct_states_per_second: distinct as f64 / tlc_seconds.max(1e-9),
        rounds,
        total_seconds: total.as_secs_f64(),
        verdicts,
        traces,
    })
}

/// The invariant an unnamed violation breaks (TLC's distributed server
/// prints the behaviour only): the first of `remaining`, in configuration
/// order as TLC checks them, that the model says the trace's last state
/// violates.
fn name_violation(
    model: &DcModel,
    remaining: &[&'static str],
    trace: &[TraceState],
) -> Result<String, TlcError> {
    let unreadable = |why: String| TlcError::Tlc { errors: vec![why] };
    let last = trace.last().ok_or_else(|| unreadable("an empty error trace".into()))?;
    let state = crate::state::from_tla(&last.vars)
        .map_err(|e| unreadable(format!("the last state of an unnamed violation: {e}")))?;
    remaining
        .iter()
        .find(|name| model.holds(name, &state) == Some(false))
        .map(|name| name.to_string())
        .ok_or_else(|| {
            unreadable(
                "TLC reported a violation whose last state violates no invariant checked".into(),
            )
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
/// spec's `Init` and `Next` (for `model`'s profile, bounds and budget) and
/// finds `property` violated in the last.
pub fn spec_follows(
    jar: &Path,
    model: &DcModel,
    states: &[State],
    property: Option<&str>,
) -> Result<bool, TlcError> {
    let dir = Workdir::new()?;
    dir.write("DCTrace.tla", TRACE_SPEC)?;
    dir.write("DCTraceData.tla", &trace_data_module(states))?;
    // The property, or (with none) the invariant violated once the whole trace is followed.
    let invariant = property.unwrap_or(TRACE_FOLLOWED);
    let cfg = format!(
        "CONSTANTS\n{}INIT TraceInit\nNEXT TraceNext\nINVARIANT {invariant}\n",
        constants(model)
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
pub fn tlc_reachable_states(jar: &Path, model: &DcModel) -> Result<Vec<State>, TlcError> {
    let dir = Workdir::new()?;
    let cfg = dir.write("dump.cfg", &config_text(model, Some(&[])))?;
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
