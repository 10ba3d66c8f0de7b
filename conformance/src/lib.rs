//! dcverify: model checking, traces and conformance for the designated-committer
//! protocol. The protocol itself lives in `dcverify-model` (and `tla/`, `impl/`);
//! this crate only drives it.

pub mod attack;
pub mod check;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod delivery_service;
pub mod experience;
pub mod media_check;
pub mod progress;
pub mod record;
pub mod replay;
pub mod rng;
pub mod sfu;
pub mod shortest;
pub mod show;
pub mod simulate;
pub mod tlc;
pub mod trace;
