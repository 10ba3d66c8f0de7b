//! The replay runner: every step of a trace is taken by the simulated
//! delivery service and the real clients, and every user's view is compared
//! with the model's state after it. At quiescent states media is exchanged
//! through the SFU (see `media_check.rs`).

use crate::compare::{compare, EpochBinding, FieldDiff};
use crate::delivery_service::DeliveryService;
use crate::experience::{experience, Experience};
use crate::media_check::check_media;
use crate::sfu::Sfu;
use crate::trace::{Expect, Trace};
use dcverify_impl::{Client, Mutant};
use dcverify_model::properties::at_quiescence;
use dcverify_model::{Action, Bounds, DcModel, Profile, Uid};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Clone, Copy, Debug, Default)]
pub struct ReplayOptions {
    /// Make every client wrong on purpose (to show divergences are caught).
    pub mutant: Option<Mutant>,
    /// At the end, record what the people in the call would experience.
    pub experience: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    Passed,
    Diverged {
        /// Index of the first state that differs (0 is the initial state).
        step: usize,
        /// The step that led to it.
        action: Option<String>,
        diffs: Vec<FieldDiff>,
    },
    CouldNotRun {
        reason: String,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct ReplayReport {
    pub path: Option<PathBuf>,
    pub steps: usize,
    pub outcome: Outcome,
    pub expected: Expect,
    pub seconds: f64,
    /// Time inside the clients (OpenMLS and their bookkeeping).
    pub client_seconds: f64,
    /// Quiescent states at which media was exchanged.
    pub media_checks: usize,
    /// What people experience at the end (with `ReplayOptions::experience`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experience: Option<Experience>,
}

impl ReplayReport {
    /// Whether the trace ended as its metadata says.
    pub fn as_expected(&self) -> bool {
        matches!(
            (&self.outcome, self.expected),
            (Outcome::Passed, Expect::Pass) | (Outcome::Diverged { .. }, Expect::Diverge)
        )
    }
}

/// Replays one trace on the implementation.
pub fn replay(trace: &Trace, path: Option<PathBuf>, opts: ReplayOptions) -> ReplayReport {
    let start = Instant::now();
    let mut report = ReplayReport {
        path,
        steps: trace.steps.len().saturating_sub(1),
        outcome: Outcome::Passed,
        expected: trace.meta.expect,
        seconds: 0.0,
        client_seconds: 0.0,
        media_checks: 0,
        experience: None,
    };
    let (outcome, client_seconds, media_checks, experience) = run(trace, opts);
    report.experience = experience;
    report.outcome = outcome;
    report.client_seconds = client_seconds;
    report.media_checks = media_checks;
    report.seconds = start.elapsed().as_secs_f64();
    report
}

type RunResult = (Outcome, f64, usize, Option<Experience>);

fn could_not(reason: impl Into<String>) -> RunResult {
    (Outcome::CouldNotRun { reason: reason.into() }, 0.0, 0, None)
}

fn run(trace: &Trace, opts: ReplayOptions) -> RunResult {
    let profile: Profile = match trace.meta.profile.parse() {
        Ok(p) => p,
        Err(e) => return could_not(format!("#meta.profile: {e}")),
    };
    let model = match DcModel::new(
        profile,
        Bounds { users: trace.meta.users, leaves: trace.meta.leaves },
    ) {
        Ok(m) => m,
        Err(e) => return could_not(format!("#meta bounds: {e}")),
    };
    if let Err(reason) = check_model_trace(&model, trace) {
        return could_not(reason);
    }
    let mut ds = match DeliveryService::with_mutant(profile, opts.mutant) {
        Ok(ds) => ds,
        Err(e) => return could_not(e.to_string()),
    };
    let mut binding = EpochBinding::default();
    let mut graveyard: BTreeMap<Uid, Client> = BTreeMap::new();
    let mut sfu = Sfu::faithful();
    let mut media_checks = 0;
    let client_seconds = |ds: &DeliveryService| ds.client_time().as_secs_f64();
    for (i, step) in trace.steps.iter().enumerate() {
        if let Some(action) = step.action {
            match ds.apply(action) {
                Ok(Some(client)) => {
                    graveyard.insert(client.uid(), client);
                }
                Ok(None) => {}
                Err(e) => {
                    let diffs = vec![FieldDiff {
                        uid: acting(action),
                        field: "step".into(),
                        expected: format!("{action} succeeds"),
                        actual: e.to_string(),
                    }];
                    return (
                        Outcome::Diverged { step: i, action: Some(action.to_string()), diffs },
                        client_seconds(&ds),
                        media_checks,
                        None,
                    );
                }
            }
        }
        let mut diffs = compare(&step.state, &ds, &mut binding);
        if diffs.is_empty() && at_quiescence(&step.state) {
            diffs = check_media(&step.state, &mut ds, &mut graveyard, &mut sfu);
            media_checks += 1;
        }
        if !diffs.is_empty() {
            return (
                Outcome::Diverged { step: i, action: step.action.map(|a| a.to_string()), diffs },
                client_seconds(&ds),
                media_checks,
                None,
            );
        }
    }
    let seconds = client_seconds(&ds);
    let experience = opts.experience.then(|| experience(&mut ds));
    (Outcome::Passed, seconds, media_checks, experience)
}

fn acting(action: Action) -> Option<Uid> {
    match action {
        Action::Join => None,
        Action::Leave(u) | Action::Read(u) | Action::Send(u) => Some(u),
    }
}

/// The trace itself must be a behaviour of the model: its first state is the
/// initial one and each step leads from one state to the next.
pub fn check_model_trace(model: &DcModel, trace: &Trace) -> Result<(), String> {
    let first = trace.steps.first().ok_or("the trace has no states")?;
    if first.state != dcverify_model::State::initial() {
        return Err("state 0 is not the model's initial state".into());
    }
    for (i, pair) in trace.steps.windows(2).enumerate() {
        let action = pair[1].action.ok_or(format!("state {} has no action", i + 1))?;
        match model.step(&pair[0].state, action) {
            None => return Err(format!("state {}: {action} is not enabled in state {i}", i + 1)),
            Some(next) if next != pair[1].state => {
                return Err(format!("state {}: it is not what {action} makes of state {i}", i + 1))
            }
            Some(_) => {}
        }
    }
    Ok(())
}
