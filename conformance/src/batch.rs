//! Replaying many traces: files, and folders searched for `.itf.json`.

use crate::replay::{replay, ReplayOptions, ReplayReport};
use dcverify_protocol::Implementation;
use dcverify_trace::{trace_files, Trace};
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

/// Replays every trace under `paths`; a file that cannot be read becomes a
/// could-not-run report.
pub fn replay_paths(
    paths: &[PathBuf],
    implementation: &dyn Implementation,
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
            reports.push(match Trace::read(&file) {
                Ok(trace) => replay(&trace, Some(file), implementation, opts),
                Err(e) => ReplayReport::could_not_run(Some(file), e.to_string()),
            });
        }
    }
    Ok(reports)
}
