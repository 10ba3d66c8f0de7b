//! The driver protocol (`docs/driver-protocol.md`): the conformance runner
//! speaks to an implementation under test running as a child process, one
//! JSON object per line on its standard input and output, so a client
//! written in any language, on any MLS library, can be replayed against
//! the model.
//!
//! Both ends are here: [`DriverImplementation`] is the runner's side, an
//! [`Implementation`](dcverify_protocol::Implementation) whose clients live
//! in the child; [`serve`] is a driver's side for any in-process
//! implementation (the `dcverify driver` command serves OpenMLS with it).

pub mod message;
pub mod pipe;
pub mod process;
pub mod serve;

pub use message::{DriverError, Op, Request, Response, PROTOCOL_VERSION};
pub use process::{DriverImplementation, StartError};
pub use serve::serve;
