//! TLC on the TLA+ spec of the protocol: the spec (`DC.tla`), the module
//! that constrains it to one trace (`DCTrace.tla`) and the configurations
//! live beside this crate in `tla/`. It runs TLC ([`run`], or distributed: [`distributed`]), reads its `-tool`
//! output ([`output`], [`value`]), moves states between TLC and the model
//! ([`state`]) and traces between them ([`trace`]), and gives a verdict for
//! every invariant ([`check`]). It knows no MLS.

pub mod check;
pub mod config;
pub mod distributed;
pub mod output;
pub mod run;
pub mod state;
pub mod trace;
pub mod value;
