//! The vocabulary of the designated-committer (DC) protocol (`docs/protocol.md`),
//! shared by every other crate of the suite: user ids, profiles, the four
//! steps and the branches of `Read`, the log entries as the delivery service
//! carries them, and the interface an implementation under test offers to
//! the conformance runner ([`Implementation`], [`Client`]).
//!
//! Nothing here knows the model checker or an MLS library: the model, the
//! TLA+ driver and every implementation build on this crate, never the other
//! way round (`docs/ARCHITECTURE.md`).

pub mod action;
pub mod branch;
pub mod cause;
pub mod client;
pub mod error;
pub mod json;
pub mod media;
pub mod profile;
pub mod rng;
pub mod safety_number;
pub mod server_step;
pub mod uid;
pub mod view;
pub mod wire;

pub use action::{Action, NotAStep};
pub use branch::Branch;
pub use cause::Cause;
pub use client::{Checkpoint, Client, Implementation, ReadOutcome};
pub use error::{
    CommitError, CommitPendingsError, CreateError, FrameError, KeyPackageError, MemberCommitError,
    ProposalError, ReadError, RollbackError, WelcomeError,
};
pub use media::{clear_len, FrameKind, OpenedFrame};
pub use profile::{Profile, UnknownProfile};
pub use rng::Rng;
pub use safety_number::SafetyNumber;
pub use server_step::ServerStep;
pub use uid::Uid;
pub use view::ClientView;
pub use wire::{EntryKind, Message, WireEntry};
