//! What a member's app shows, per profile (`docs/threat-model.md`, "What a
//! person sees"): detection of a hostile server is only as good as this.
//!
//! `orange` (as deployed) shows the safety number of the member's epoch as a
//! toast at every epoch change and no MLS roster; its participant list comes
//! from the server, so it tells nothing about the server. A failed client
//! shows nothing either (the deployed worker panics into the console).
//! `fixed` keeps that display. `guarded` (`docs/guarded.md`) also lists the
//! MLS roster, one entry per leaf under its credential's name, for people to
//! compare with who is in the call, and says when its client failed, was
//! removed, or is not in the encrypted call.

use crate::epoch::Epoch;
use crate::user::Local;
use dcverify_protocol::Profile;

/// A member's display: the node whose safety number it shows (two nodes show
/// different numbers), and whatever else the profile puts on screen.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Display<'a> {
    /// The epoch node of the last safety number shown (`None` before any).
    pub safety_number_of: Option<&'a Epoch>,
    /// The client says it failed, was removed, or is not in the encrypted call.
    pub shows_trouble: bool,
}

/// What the profile's display can show besides the safety number.
pub trait DisplayRules {
    /// Whether the app lists the MLS roster (its leaves, one entry each) for
    /// people to compare with who is in the call.
    fn shows_roster(self) -> bool;
    /// Whether a failed or removed client says so on screen.
    fn shows_trouble(self) -> bool;
}

impl DisplayRules for Profile {
    fn shows_roster(self) -> bool {
        match self {
            Profile::Orange | Profile::Fixed => false,
            Profile::Guarded => true,
        }
    }

    fn shows_trouble(self) -> bool {
        match self {
            Profile::Orange | Profile::Fixed => false,
            Profile::Guarded => true,
        }
    }
}

/// What `local`'s app shows under `profile`.
pub fn display(profile: Profile, local: &Local) -> Display<'_> {
    Display {
        safety_number_of: local.group.as_ref(),
        shows_trouble: profile.shows_trouble() && (!local.active() || local.group.is_none()),
    }
}
