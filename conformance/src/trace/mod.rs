//! Traces in the Informal Trace Format (`.itf.json`); see `traces/README.md`.

pub mod convert;
pub mod document;
pub mod itf;
pub mod shape;

pub use document::{Expect, Meta, Source, Trace, TraceError, TraceStep, VARS};
