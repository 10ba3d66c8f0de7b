//! Trace inspection: the terminal view, the HTML sequence diagram, and the
//! epoch-node names both use.

pub mod html;
pub mod names;
pub mod terminal;
