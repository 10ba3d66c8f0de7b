//! Replaying many traces: files, and folders searched for `.itf.json`.

use crate::replay::{replay, ReplayOptions, ReplayReport};
use dcverify_protocol::Implementation;
use dcverify_trace::{trace_files, Meta, Trace};
use std::path::PathBuf;

/// A path that holds no trace, or cannot be listed.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("{}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: no .itf.json traces", path.display())]
    NoTraces { path: PathBuf },
}

/// The implementation a trace is replayed on, chosen from its metadata (a
/// trace may name a deliberately wrong client); an error names why none fits.
pub type ImplementationFor<'a> = dyn Fn(&Meta) -> Result<Box<dyn Implementation>, String> + 'a;

/// Replays every trace under `paths`; a file that cannot be read, or whose
/// implementation cannot be made, becomes a could-not-run report.
pub fn replay_paths(
    paths: &[PathBuf],
    implementation_for: &ImplementationFor,
    opts: ReplayOptions,
) -> Result<Vec<ReplayReport>, BatchError> {
    let mut reports = Vec::new();
    for path in paths {
        let files = trace_files(path)
            .map_err(|source| BatchError::Unreadable { path: path.clone(), source })?;
        if files.is_empty() {
            return Err(BatchError::NoTraces { path: path.clone() });
        }
        for file in files {
            let trace = Trace::read(&file).map_err(|e| e.to_string());
            let run = trace.and_then(|t| implementation_for(&t.meta).map(|i| (t, i)));
            reports.push(match run {
                Ok((trace, implementation)) => {
                    replay(&trace, Some(file), implementation.as_ref(), opts)
                }
                Err(reason) => ReplayReport::could_not_run(Some(file), reason),
            });
        }
    }
    Ok(reports)
}
