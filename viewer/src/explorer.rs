//! The stateright Explorer for a profile and bounds, showing states and
//! steps in the protocol's terms (the model's `Debug` and `format_step`).

use dcverify_model::DcModel;
use dcverify_trace::Trace;
use stateright::Model;

/// The Explorer URL path of a trace: each step's index among the actions
/// enabled before it, from the initial state (`0/2/1/...`).
pub fn explorer_path(trace: &Trace) -> Result<String, dcverify_trace::NotABehaviour> {
    let (_, path) = trace.walk()?;
    let mut parts = vec!["0".to_string()];
    parts.extend(path.steps.iter().map(|s| s.choice.to_string()));
    Ok(parts.join("/"))
}

/// Serves the Explorer for `model` on `address` (blocks).
pub fn serve(model: DcModel, address: &str) {
    model.checker().serve(address);
}
