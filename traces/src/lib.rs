//! Traces in the Informal Trace Format (`.itf.json`; the format is
//! `traces/README.md`): each state of a trace is the model's state and the
//! step that led to it. This crate reads and writes them ([`document`],
//! through the serde [`shape`]s and their checked [`convert`]ion), makes them
//! from paths through the model ([`make`]), finds them on disk ([`files`]),
//! generates the committed corpus ([`corpus`]), and follows a trace through
//! the model it names ([`walk`]). It knows no MLS.

pub mod convert;
pub mod corpus;
pub mod document;
pub mod files;
pub mod itf;
pub mod make;
pub mod shape;
pub mod steps;
pub mod walk;

pub use document::{Expect, Meta, Source, Trace, TraceError, TraceStep, VARS};
pub use files::trace_files;
pub use make::{
    counterexample_file_name, counterexample_trace, exposure_trace, model_counterexample_file_name,
    model_file_stem, path_trace, walk_trace,
};
pub use steps::{parse_steps_text, Steps};
pub use walk::NotABehaviour;
