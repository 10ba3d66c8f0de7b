//! A stateright model of the designated-committer (DC) protocol, written from
//! `shared/PROTOCOL.md` and kept step for step in line with `tla/DC.tla`.
//!
//! The state is the log plus each user's local state ([`state`]); the steps
//! are `Join`, `Leave(u)`, `Read(u)` and `Send(u)` ([`steps`]); the variants
//! of the algorithm live in [`profile`]; the properties in [`properties`].

pub mod describe;
pub mod epoch;
pub mod log;
pub mod model;
pub mod profile;
pub mod properties;
pub mod state;
pub mod steps;
pub mod uid;
pub mod user;

pub use epoch::{CommitStep, Epoch, Op};
pub use log::{Entry, Log};
pub use model::{Bounds, BoundsError, DcModel};
pub use profile::Profile;
pub use properties::{NamedProperty, PROPERTIES};
pub use state::State;
pub use steps::{Action, Branch};
pub use uid::{Uid, UidSet};
pub use user::{Local, User};
