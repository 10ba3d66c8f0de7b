//! A stateright model of the designated-committer (DC) protocol, written from
//! `docs/protocol.md` and kept step for step in line with `tla/DC.tla`.
//!
//! The state is the log plus each user's local state ([`state`]); the steps
//! are `Join`, `Leave(u)`, `Read(u)` and `Send(u)` ([`steps`], enabled by
//! [`DcModel::is_enabled`]); where the profiles differ is [`profile`]; the
//! properties are [`properties`]. Paths from outside are followed by the one
//! trace walker ([`walk`]); [`check`], [`shortest`] and [`random_walk`]
//! drive stateright and explore the model.

pub mod bfs;
pub mod check;
pub mod commit_pendings;
pub mod compromise;
pub mod describe;
pub mod display;
pub mod epoch;
pub mod epoch_names;
pub mod excuse;
pub mod leaf;
pub mod log;
pub mod model;
pub mod pcs;
pub mod profile;
pub mod properties;
pub mod random_walk;
pub mod reduction;
pub mod security;
pub mod server_steps;
pub mod shortest;
pub mod state;
pub mod state_diff;
pub mod steps;
pub mod uid_set;
pub mod user;
pub mod walk;

pub use compromise::Stolen;
pub use dcverify_protocol::{Action, Branch, Profile, ServerStep, Uid};
pub use epoch::{CommitStep, Epoch, Op};
pub use epoch_names::EpochNames;
pub use leaf::Leaf;
pub use log::{Entry, Log};
pub use model::{Bounds, BoundsError, DcModel};
pub use pcs::{PcsProperty, PCS_PROPERTIES};
pub use properties::{NamedProperty, PROPERTIES};
pub use security::{SecurityProperty, SECURITY_PROPERTIES};
pub use state::State;
pub use state_diff::{state_diff, FieldDiff};
pub use uid_set::{UidSet, MAX_UID};
pub use user::{Local, User};
pub use walk::{Expected, Path, WalkError, Walked};
