//! `dcverify traces generate`: a corpus of model traces that covers every
//! step kind and every branch of `Read` and *commit pendings* at least once
//! (each by a shortest trace), plus a shortest counterexample to every
//! violated property.

use crate::document::{Trace, TraceError};
use crate::make::{counterexample_trace, model_meta, path_trace};
use dcverify_model::properties::PROPERTIES;
use dcverify_model::shortest::{shortest_paths, Goal};
use dcverify_model::{Action, Branch, DcModel};
use std::path::{Path, PathBuf};

/// The generated traces, and the branches no reachable step takes at these bounds.
pub struct Corpus {
    pub coverage: Vec<(Branch, Trace)>,
    pub counterexamples: Vec<(&'static str, Trace)>,
    pub uncovered: Vec<Branch>,
}

pub fn generate(model: &DcModel) -> Corpus {
    let mut goals: Vec<Goal> = Branch::HONEST.iter().map(|&b| Goal::Covers(b)).collect();
    goals.extend(PROPERTIES.iter().map(|p| Goal::Violates(p.name)));
    let found = shortest_paths(model, &goals);
    let mut corpus =
        Corpus { coverage: Vec::new(), counterexamples: Vec::new(), uncovered: Vec::new() };
    for b in Branch::HONEST {
        match found.get(&Goal::Covers(b)).and_then(|path| coverage_trace(model, b, path)) {
            Some(t) => corpus.coverage.push((b, t)),
            None => corpus.uncovered.push(b),
        }
    }
    for p in PROPERTIES.iter() {
        if let Some(t) = found
            .get(&Goal::Violates(p.name))
            .and_then(|path| counterexample_trace(model, p.name, path).ok())
        {
            corpus.counterexamples.push((p.name, t));
        }
    }
    corpus
}

fn coverage_trace(model: &DcModel, branch: Branch, actions: &[Action]) -> Option<Trace> {
    let path = model.walk_actions(actions).ok()?;
    let mut meta = model_meta(model);
    meta.description = Some(format!("a shortest trace whose last step takes branch {branch:?}"));
    Some(path_trace(meta, &path))
}

impl Corpus {
    /// Writes `coverage/<Branch>.itf.json` and `counterexamples/<Property>.itf.json` under `dir`.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>, TraceError> {
        let mut files = Vec::new();
        for (sub, items) in [
            (
                "coverage",
                self.coverage.iter().map(|(b, t)| (format!("{b:?}"), t)).collect::<Vec<_>>(),
            ),
            (
                "counterexamples",
                self.counterexamples.iter().map(|(n, t)| (n.to_string(), t)).collect(),
            ),
        ] {
            let folder = dir.join(sub);
            std::fs::create_dir_all(&folder)
                .map_err(|source| TraceError::Io { file: folder.clone(), source })?;
            for (name, trace) in items {
                let file = folder.join(format!("{name}.itf.json"));
                trace.write(&file)?;
                files.push(file);
            }
        }
        Ok(files)
    }
}
