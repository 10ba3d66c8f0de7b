//! A hostile delivery service and SFU: named, seeded fault and attack
//! scenarios, each with the outcome it must have (`docs/attacks.md`).

pub mod assess;
pub mod room;
pub mod scenarios;
