//! Traces for people: a trace in the terminal ([`terminal`]), as a
//! self-contained HTML sequence diagram ([`html`]), or stepped through in
//! the stateright Explorer ([`explorer`]); epoch nodes get the model's short
//! names (`dcverify_model::EpochNames`). It reads the model and traces; the safety numbers the HTML
//! view shows come from a replay the caller ran. It knows no MLS library.

pub mod explorer;
pub mod html;
pub mod terminal;
