//! A hostile delivery service and SFU: named, seeded fault and attack
//! scenarios given as data ([`scenarios`]), carried out on clients of the
//! implementation under test ([`run`]), each with the outcome it must have
//! ([`assess`], `docs/attacks.md`).

pub mod assess;
pub mod run;
pub mod scenarios;
