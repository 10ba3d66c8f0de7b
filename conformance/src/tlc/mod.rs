//! TLC: running the TLA+ spec (`tla/DC.tla`), reading its output, and moving
//! traces between TLC and the model.

pub mod check;
pub mod config;
pub mod output;
pub mod run;
pub mod state;
pub mod trace;
pub mod value;
