//! dcverify: model checking, traces and conformance for the designated-committer
//! protocol. The protocol itself lives in `dcverify-model` (and `tla/`, `impl/`);
//! this crate only drives it.

pub mod check;
pub mod cli;
pub mod describe;
pub mod progress;
pub mod shortest;
pub mod tlc;
pub mod trace;
