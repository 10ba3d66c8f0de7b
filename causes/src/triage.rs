//! Triage: the properties a trace violates, where each first fails, and
//! which cause explains it.

use crate::catalogue::Known;
use crate::cause::Cause;
use dcverify_model::{DcModel, Path};
use dcverify_trace::{Trace, TraceError};
use std::path::Path as FilePath;

/// What explains one violation.
#[derive(Clone, Copy, Debug)]
pub enum Verdict {
    Explained(&'static Cause),
    /// No cause of the catalogue explains it: a new failure.
    Unexplained,
}

/// One property a trace violates.
#[derive(Clone, Debug)]
pub struct Triaged {
    pub property: &'static str,
    /// How many steps lead to the first state where it fails.
    pub steps: usize,
    pub verdict: Verdict,
}

/// Every property of `model` that `path` violates, each classified by the
/// `known` causes where it first fails.
pub fn triage_path(model: &DcModel, path: &Path, known: &Known) -> Vec<Triaged> {
    model
        .property_names()
        .into_iter()
        .filter_map(|property| {
            let (steps, state) =
                path.states().enumerate().find(|(_, s)| model.holds(property, s) == Some(false))?;
            // Where it first fails one cause suffices: a server step stops
            // at most one client, so stopped clients are explained jointly
            // (`Known::explains`) only in later states.
            let verdict = match known.cause_of(property, state) {
                Some(cause) => Verdict::Explained(cause),
                None => Verdict::Unexplained,
            };
            Some(Triaged { property, steps, verdict })
        })
        .collect()
}

/// Reads a trace (checked against its model first) and triages it.
pub fn triage_trace(file: &FilePath, known: &Known) -> Result<(Trace, Vec<Triaged>), TraceError> {
    let (trace, model, path) = Trace::read_valid(file)?;
    let triaged = triage_path(&model, &path, known);
    Ok((trace, triaged))
}
