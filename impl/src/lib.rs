//! The designated-committer client on OpenMLS (`shared/PROTOCOL.md`): the
//! third expression of the algorithm, beside `tla/DC.tla` and the stateright
//! model, with safety numbers and media frame protection.

pub mod client;
pub mod error;
pub mod frame;
pub mod identity;
pub mod safety_number;
pub mod view;
pub mod wire;

pub use client::{Client, ClientSnapshot, Effect, Ignored, Mutant, ReadOutcome, CIPHERSUITE};
pub use error::{CreateError, FrameError, ReadError};
pub use frame::{FrameKind, OpenedFrame, GRACE};
pub use safety_number::SafetyNumber;
pub use view::ClientView;
pub use wire::{Message, WireEntry};
