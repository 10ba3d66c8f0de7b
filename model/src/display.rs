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

/// A member's display: what stands for its safety number (`N`: the epoch
/// node in the model, the number itself on a real client; two nodes show
/// different numbers), and whatever else the profile puts on screen.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Display<N> {
    /// The last safety number shown (`None` before any).
    pub safety_number_of: Option<N>,
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
            Profile::Orange | Profile::Fixed | Profile::Healing => false,
            Profile::Guarded => true,
        }
    }

    fn shows_trouble(self) -> bool {
        match self {
            Profile::Orange | Profile::Fixed | Profile::Healing => false,
            Profile::Guarded => true,
        }
    }
}

/// What `local`'s app shows under `profile`.
pub fn display(profile: Profile, local: &Local) -> Display<&Epoch> {
    shown(profile, local.group.as_ref(), local.active())
}

/// What an app shows under `profile` for a client holding `node` (its
/// safety number, `None` with no group) that is `active` (neither failed nor
/// removed): the rule [`display`] applies to the model's users, for anyone
/// judging real clients by the same display (`dcverify attack`).
pub fn shown<N>(profile: Profile, node: Option<N>, active: bool) -> Display<N> {
    Display {
        shows_trouble: profile.shows_trouble() && (!active || node.is_none()),
        safety_number_of: node,
    }
}
