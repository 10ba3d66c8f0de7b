//! TLC configurations (`.cfg`) for a profile and bounds. The files in `tla/`
//! are this function's output (`dcverify tlc --write-config`), never edited by hand.

use dcverify_model::properties::PROPERTIES;
use dcverify_model::{Bounds, Profile};

/// The configuration checking `invariants` (all properties when `None`).
pub fn config_text(profile: Profile, bounds: Bounds, invariants: Option<&[&str]>) -> String {
    let all: Vec<&str> = PROPERTIES.iter().map(|p| p.name).collect();
    let invariants = invariants.unwrap_or(&all);
    let mut s = format!(
        "\\* DC.tla, profile {profile}, {} users (founder included), at most {} leaves.\n\
         \\* Written by `dcverify tlc --write-config`; run TLC with -deadlock: bounded runs end in states with no successor.\n\
         CONSTANTS\n    Profile = \"{profile}\"\n    MaxUsers = {}\n    MaxLeaves = {}\n\nINIT Init\nNEXT Next\n\n",
        bounds.users, bounds.leaves, bounds.users, bounds.leaves
    );
    for name in invariants {
        s.push_str(&format!("INVARIANT {name}\n"));
    }
    s
}

/// The name of the committed configuration for a profile and bounds.
pub fn config_file_name(profile: Profile, bounds: Bounds) -> String {
    format!("{}-u{}-l{}.cfg", profile.name(), bounds.users, bounds.leaves)
}
