//! The replay runner: the trace is first followed through its model (the
//! model's trace walker checks every state and says which branches each step
//! takes), then every step is taken by the simulated room and the clients of
//! the implementation under test. After each step every user's view is
//! compared with the model's state, and after each `Read` the branches the
//! client reports with the model's. At quiescent states media is exchanged
//! through the SFU (see `media_check.rs`).

use crate::compare::{compare, compare_branches, EpochBinding, FieldDiff};
use crate::experience::{experience, Experience};
use crate::media_check::check_media;
use crate::room::{Room, Step};
use crate::sfu::Sfu;
use dcverify_model::properties::at_quiescence;
use dcverify_model::Path;
use dcverify_protocol::{Action, Branch, Client, Implementation, Uid};
use dcverify_trace::{Expect, Trace};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Clone, Copy, Debug, Default)]
pub struct ReplayOptions {
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
    /// Steps replayed: all of them, or up to the divergence, or none.
    pub steps: usize,
    /// Steps in the trace.
    pub trace_steps: usize,
    pub outcome: Outcome,
    pub expected: Expect,
    pub seconds: f64,
    /// Time inside the clients (the implementation under test).
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

    /// A report for a trace that could not be replayed at all.
    pub fn could_not_run(path: Option<PathBuf>, reason: String) -> Self {
        ReplayReport {
            path,
            steps: 0,
            trace_steps: 0,
            outcome: Outcome::CouldNotRun { reason },
            expected: Expect::default(),
            seconds: 0.0,
            client_seconds: 0.0,
            media_checks: 0,
            experience: None,
        }
    }
}

/// Replays one trace on clients of `implementation`.
pub fn replay(
    trace: &Trace,
    path: Option<PathBuf>,
    implementation: &dyn Implementation,
    opts: ReplayOptions,
) -> ReplayReport {
    let start = Instant::now();
    let mut report = ReplayReport {
        trace_steps: trace.steps.len().saturating_sub(1),
        expected: trace.meta.expect,
        ..ReplayReport::could_not_run(path, String::new())
    };
    let run = match trace.walk() {
        Ok((model, walked)) => run(&walked, model.profile, implementation, opts),
        Err(e) => Run::could_not(e.to_string()),
    };
    // The steps replayed: up to the divergence, none if it could not run.
    report.steps = match &run.outcome {
        Outcome::Passed => report.trace_steps,
        Outcome::Diverged { step, .. } => *step,
        Outcome::CouldNotRun { .. } => 0,
    };
    report.outcome = run.outcome;
    report.client_seconds = run.client_seconds;
    report.media_checks = run.media_checks;
    report.experience = run.experience;
    report.seconds = start.elapsed().as_secs_f64();
    report
}

/// What one replay found.
struct Run {
    outcome: Outcome,
    client_seconds: f64,
    media_checks: usize,
    experience: Option<Experience>,
}

impl Run {
    fn could_not(reason: String) -> Self {
        Run {
            outcome: Outcome::CouldNotRun { reason },
            client_seconds: 0.0,
            media_checks: 0,
            experience: None,
        }
    }
}

fn run(
    walked: &Path,
    profile: dcverify_protocol::Profile,
    implementation: &dyn Implementation,
    opts: ReplayOptions,
) -> Run {
    let mut room = match Room::new(implementation, profile) {
        Ok(room) => room,
        Err(e) => return Run::could_not(e.to_string()),
    };
    let mut binding = EpochBinding::default();
    let mut graveyard: BTreeMap<Uid, Box<dyn Client>> = BTreeMap::new();
    let mut sfu = Sfu::faithful();
    let mut media_checks = 0;
    let diverged = |step: usize, action: Option<Action>, diffs, room: &Room, media_checks| Run {
        outcome: Outcome::Diverged { step, action: action.map(|a| a.to_string()), diffs },
        client_seconds: room.client_time().as_secs_f64(),
        media_checks,
        experience: None,
    };
    let initial = compare(&walked.initial, &room, &mut binding);
    if !initial.is_empty() {
        return diverged(0, None, initial, &room, 0);
    }
    for (i, step) in walked.steps.iter().enumerate() {
        let index = i + 1;
        let mut diffs = match room.apply(step.action) {
            Ok(done) => {
                let mut diffs = match done {
                    Step::Left(client) => {
                        graveyard.insert(client.uid(), client);
                        Vec::new()
                    }
                    Step::Read(reading) => read_diffs(step.action, &step.branches, reading),
                    Step::Joined(_) | Step::Sent | Step::Stolen => Vec::new(),
                };
                diffs.extend(compare(&step.state, &room, &mut binding));
                diffs
            }
            Err(e) => vec![FieldDiff {
                uid: step.action.actor(),
                field: "step".into(),
                expected: format!("{} succeeds", step.action),
                actual: e.to_string(),
            }],
        };
        if diffs.is_empty() && at_quiescence(&step.state) {
            diffs = check_media(&step.state, &mut room, &mut graveyard, &mut sfu);
            media_checks += 1;
        }
        if !diffs.is_empty() {
            return diverged(index, Some(step.action), diffs, &room, media_checks);
        }
    }
    let client_seconds = room.client_time().as_secs_f64();
    let last = walked.last_state();
    let experience = opts.experience.then(|| experience(&mut room, last, &binding.names));
    Run { outcome: Outcome::Passed, client_seconds, media_checks, experience }
}

/// A `Read` on an honest room delivers one entry: the client must accept it
/// and take the model's branches.
fn read_diffs(action: Action, model: &[Branch], reading: crate::room::Reading) -> Vec<FieldDiff> {
    let uid = action.actor();
    if let Some(rejected) = reading.rejected.first() {
        return vec![FieldDiff {
            uid,
            field: "step".into(),
            expected: format!("{action} succeeds"),
            actual: rejected.to_string(),
        }];
    }
    let reported: Vec<Branch> =
        reading.outcomes.iter().flat_map(|o| o.branches.iter().copied()).collect();
    uid.and_then(|u| compare_branches(u, model, &reported)).into_iter().collect()
}
