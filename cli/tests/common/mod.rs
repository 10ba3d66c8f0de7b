//! What the tests that run `dcverify` from the project's root share.

use std::process::{Command, Output};

pub const DCVERIFY: &str = env!("CARGO_BIN_EXE_dcverify");

/// `dcverify ARGS`, run from the project's root (where `traces/` is).
pub fn run(args: &[&str]) -> Output {
    Command::new(DCVERIFY)
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .unwrap()
}

/// The JSON report of a `dcverify ARGS` that must exit 0.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = run(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}
