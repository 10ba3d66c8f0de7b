//! TLC configurations (`.cfg`) for a profile, bounds and budget. The files in
//! `tla/` are this function's output (`dcverify tlc --write-config`), never
//! edited by hand.

use dcverify_model::DcModel;
use dcverify_trace::model_file_stem;

/// The configuration of `model`'s profile, bounds and server budget checking
/// `invariants` (when `None`, the properties the model reports: the honest
/// ones with an honest server, the security ones against a hostile one).
pub fn config_text(model: &DcModel, invariants: Option<&[&str]>) -> String {
    let all = model.property_names();
    let invariants = invariants.unwrap_or(&all);
    let (profile, bounds) = (model.profile, model.bounds);
    let mut budget = match model.attacks {
        0 => "an honest server".to_string(),
        n => format!("a hostile server with {n} step(s)"),
    };
    if model.compromises > 0 {
        budget.push_str(&format!(", {} compromise(s)", model.compromises));
    }
    let mut s = format!(
        "\\* DC.tla, profile {profile}, {} users (founder included), at most {} leaves, {budget}.\n\
         \\* Written by `dcverify tlc --write-config`; run TLC with -deadlock: bounded runs end in states with no successor.\n\
         CONSTANTS\n{}\nINIT Init\nNEXT Next\n\n",
        bounds.users,
        bounds.leaves,
        constants(model)
    );
    for name in invariants {
        s.push_str(&format!("INVARIANT {name}\n"));
    }
    s
}

/// The `CONSTANTS` block's assignments, one per line.
pub fn constants(model: &DcModel) -> String {
    format!(
        "    Profile = \"{}\"\n    MaxUsers = {}\n    MaxLeaves = {}\n    Attacks = {}\n    Compromises = {}\n",
        model.profile, model.bounds.users, model.bounds.leaves, model.attacks, model.compromises
    )
}

/// The name of the committed configuration for a model, named like its
/// counterexample traces (`orange-u3-l1-a1.cfg`).
pub fn config_file_name(model: &DcModel) -> String {
    format!("{}.cfg", model_file_stem(model))
}
