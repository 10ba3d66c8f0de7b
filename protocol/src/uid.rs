//! User ids (`docs/protocol.md`, "Users and the log"): 1 for the founder,
//! then handed out in join order. A uid is never reused.

/// A user id.
pub type Uid = u8;
