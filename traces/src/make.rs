//! Traces made from paths through the model: counterexamples, random walks,
//! and any path with the metadata its maker gives.

use crate::document::{Meta, Source, Trace, TraceStep};
use dcverify_model::random_walk::RandomWalk;
use dcverify_model::{Action, Bounds, DcModel, Path, Profile, WalkError};

/// A trace of `path`, with `meta`.
pub fn path_trace(meta: Meta, path: &Path) -> Trace {
    let first = TraceStep { action: None, state: path.initial.clone() };
    let rest =
        path.steps.iter().map(|s| TraceStep { action: Some(s.action), state: s.state.clone() });
    Trace { meta, steps: std::iter::once(first).chain(rest).collect() }
}

/// The metadata of a trace stateright made for `model`.
pub fn model_meta(model: &DcModel) -> Meta {
    let mut meta = Meta::new(
        Source::Stateright,
        model.profile.name(),
        model.bounds.users,
        model.bounds.leaves,
    );
    meta.attacks = model.attacks;
    meta.compromises = model.compromises;
    meta
}

/// The trace of a counterexample to `property` that takes `actions`.
pub fn counterexample_trace(
    model: &DcModel,
    property: &str,
    actions: &[Action],
) -> Result<Trace, WalkError> {
    let path = model.walk_actions(actions)?;
    let mut meta = model_meta(model);
    meta.violates = Some(property.to_string());
    meta.description =
        Some(format!("shortest counterexample to {property} found by dcverify check"));
    Ok(path_trace(meta, &path))
}

/// The trace of a shortest path to a worst exposure (`dcverify check
/// --compromises`), `what` saying which.
pub fn exposure_trace(model: &DcModel, what: &str, actions: &[Action]) -> Result<Trace, WalkError> {
    let path = model.walk_actions(actions)?;
    let mut meta = model_meta(model);
    meta.description =
        Some(format!("shortest path to the worst case at these bounds: {what} (dcverify check)"));
    Ok(path_trace(meta, &path))
}

/// How files made for `model` start their names: profile and bounds, the
/// budget when the server is hostile, the compromises when there are any
/// (`orange-u3-l1`, `orange-u3-l1-a1`, `orange-u3-l1-c1`).
pub fn model_file_stem(model: &DcModel) -> String {
    let (p, b) = (model.profile.name(), model.bounds);
    let mut stem = format!("{p}-u{}-l{}", b.users, b.leaves);
    if model.attacks > 0 {
        stem.push_str(&format!("-a{}", model.attacks));
    }
    if model.compromises > 0 {
        stem.push_str(&format!("-c{}", model.compromises));
    }
    stem
}

/// The file name of a counterexample trace of `model`.
pub fn model_counterexample_file_name(model: &DcModel, property: &str) -> String {
    format!("{}-{property}.itf.json", model_file_stem(model))
}

/// The file name of a counterexample trace.
pub fn counterexample_file_name(profile: Profile, bounds: Bounds, property: &str) -> String {
    format!("{}-u{}-l{}-{}.itf.json", profile.name(), bounds.users, bounds.leaves, property)
}

/// The trace of a random walk, its seed and violations in the metadata.
pub fn walk_trace(model: &DcModel, walk: &RandomWalk) -> Trace {
    let seed = walk.seed;
    let mut meta = model_meta(model);
    meta.seed = Some(seed);
    // The properties the last state violates, as for any counterexample.
    let last = walk.path.last_state();
    let at_end = model.violated(last);
    meta.violates = (!at_end.is_empty()).then(|| at_end.join(", "));
    meta.description = Some(if walk.violations.is_empty() {
        format!("random walk (seed {seed}); no property violated")
    } else {
        let v: Vec<String> =
            walk.violations.iter().map(|(n, i)| format!("{n} at state {i}")).collect();
        format!("random walk (seed {seed}); violates {}", v.join(", "))
    });
    path_trace(meta, &walk.path)
}
