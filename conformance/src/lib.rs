//! The conformance runner: an implementation under test (anything behind
//! `dcverify_protocol::Implementation`) run in a simulated room
//! ([`room`]: the delivery service's log, cursors and outboxes, with honest
//! or hostile delivery) and a simulated SFU ([`sfu`]), compared with the
//! model field by field ([`compare`]): traces replayed step by step
//! ([`replay`], [`batch`]), random schedules recorded and checked
//! ([`record`]), media exchanged at quiescence ([`media_check`]), what
//! people would see ([`experience`]), named attack scenarios given as
//! data ([`attack`]), and rooms whose users run different implementations
//! ([`mixed`]). It depends on no MLS library.

pub mod attack;
pub mod batch;
pub mod compare;
pub mod experience;
pub mod frames;
pub mod media_check;
pub mod mixed;
pub mod record;
pub mod replay;
pub mod room;
pub mod sfu;
