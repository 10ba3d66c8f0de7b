//! The designated-committer client on OpenMLS: the third expression of the
//! algorithm (`docs/protocol.md`), beside `tla/DC.tla` and the stateright
//! model, with safety numbers and media frame protection. [`OpenMls`] is the
//! [`Implementation`](dcverify_protocol::Implementation) the conformance
//! runner drives by default; [`OpenMlsClient`] is one user's client.

pub mod backend;
pub mod client;
pub mod fixture;
pub mod frame;
pub mod group_config;
pub mod identity;
pub mod implementation;
pub mod mlsrs;
pub mod mutant;
pub mod openmls;
pub mod seeded;

pub use backend::MlsBackend;
pub use client::{DcClient, OpenMlsClient};
pub use frame::GRACE;
pub use group_config::CIPHERSUITE;
pub use implementation::{MlsRs, OpenMls};
pub use mutant::{Mutant, UnknownMutant};
