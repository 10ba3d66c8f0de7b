//! The stateright model: profile and bounds as parameters, the four steps as
//! actions, and every property of `docs/protocol.md` as an `always` property.

pub use crate::excuse::Excuse;
use crate::log::Entry;
use crate::pcs::PCS_PROPERTIES;
use crate::properties::PROPERTIES;
use crate::security::SECURITY_PROPERTIES;
use crate::state::State;
use crate::steps::{self, NoLog};
use crate::uid_set::MAX_UID;
use crate::user::User;
use dcverify_protocol::{Action, Branch, Profile, ServerStep, Uid};
use stateright::{Model, Property};
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// The bounds of a check: total users (founder included) and maximum leaves.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Bounds {
    pub users: usize,
    pub leaves: usize,
}

/// Bounds the model cannot represent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoundsError {
    NoUsers,
    TooManyUsers { users: usize },
}

impl fmt::Display for BoundsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BoundsError::NoUsers => write!(f, "--users must be at least 1 (the founder)"),
            BoundsError::TooManyUsers { users } => {
                write!(f, "--users {users} is more than the model's limit of {MAX_UID}")
            }
        }
    }
}

impl std::error::Error for BoundsError {}

/// The designated-committer protocol for one profile and bounds.
#[derive(Clone, Debug)]
pub struct DcModel {
    pub profile: Profile,
    pub bounds: Bounds,
    /// The hostile server's budget: how many of its steps a run may take
    /// (`docs/threat-model.md`); 0 is the honest model.
    pub attacks: usize,
    /// How many users' states the attacker may steal (`docs/pcs.md`); 0:
    /// no compromise, the model's states are exactly those without one.
    pub compromises: usize,
    /// Explore an invisible read alone where there is one
    /// (`docs/reduction.md`; honest model only).
    pub reduce: bool,
    /// Known causes of violations (`dcverify check --unexplained`): a
    /// property then holds where it holds or where this explains why not.
    pub excuse: Option<Excuse>,
    /// The most epochs a stolen copy read beyond the one it was stolen with, over the states
    /// expanded so far (with `compromises` > 0).
    worst_exposure: Arc<AtomicUsize>,
    /// States expanded so far, for progress reports (queue = unique - expanded).
    expanded: Arc<AtomicUsize>,
    /// Set to stop a running check cleanly: from then on no state has a
    /// successor, so the checker drains its queue and finishes.
    stop: Arc<AtomicBool>,
}

impl DcModel {
    pub fn new(profile: Profile, bounds: Bounds) -> Result<Self, BoundsError> {
        if bounds.users == 0 {
            return Err(BoundsError::NoUsers);
        }
        if bounds.users > usize::from(MAX_UID) {
            return Err(BoundsError::TooManyUsers { users: bounds.users });
        }
        Ok(DcModel {
            profile,
            bounds,
            attacks: 0,
            compromises: 0,
            reduce: false,
            excuse: None,
            worst_exposure: Arc::new(AtomicUsize::new(0)),
            expanded: Arc::new(AtomicUsize::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The same model with a hostile server of budget `attacks`.
    pub fn with_attacks(mut self, attacks: usize) -> Self {
        self.attacks = attacks;
        self
    }

    /// The same model, explored with partial-order reduction when `reduce`
    /// (`docs/reduction.md`): the checker then visits fewer states, with the
    /// same verdicts.
    pub fn with_reduction(mut self, reduce: bool) -> Self {
        self.reduce = reduce;
        self
    }

    /// The same model, where a violation `excuse` explains counts as none:
    /// its checks find only violations no known cause explains.
    pub fn with_excuse(mut self, excuse: Option<Excuse>) -> Self {
        self.excuse = excuse;
        self
    }

    /// Whether the excuse (if any) explains the violation of `name` in `state`.
    fn excused(&self, name: &str, state: &State) -> bool {
        self.excuse.as_ref().is_some_and(|e| e.explains(name, state))
    }

    /// The same model where the attacker may steal `compromises` users' states.
    pub fn with_compromises(mut self, compromises: usize) -> Self {
        self.compromises = compromises;
        self
    }

    /// The names of the properties a check of this model reports: the honest
    /// ones with an honest server, the security ones against a hostile one;
    /// then, when users can be compromised, forward secrecy and healing.
    pub fn property_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = if self.attacks == 0 {
            PROPERTIES.iter().map(|p| p.name).collect()
        } else {
            SECURITY_PROPERTIES.iter().map(|p| p.name).collect()
        };
        if self.compromises > 0 {
            names.extend(PCS_PROPERTIES.iter().map(|p| p.name));
        }
        names
    }

    /// Whether the property `name` (honest, security or compromise) holds
    /// in `state` (`None` for an unknown name).
    /// With an excuse, a violation it explains counts as holding.
    pub fn holds(&self, name: &str, state: &State) -> Option<bool> {
        let holds = if let Some(p) = crate::properties::by_name(name) {
            p.check(state)
        } else if let Some(p) = crate::pcs::by_name(name) {
            (p.holds)(state)
        } else {
            crate::security::by_name(name)?.check(self.profile, state)
        };
        Some(holds || self.excused(name, state))
    }

    /// The most epochs a stolen copy read beyond the one it was stolen with, over every
    /// state a check of this model (or a clone) has expanded so far.
    pub fn worst_exposure(&self) -> usize {
        self.worst_exposure.load(Ordering::Relaxed)
    }

    /// The properties this model reports that `state` violates, in order.
    pub fn violated(&self, state: &State) -> Vec<&'static str> {
        self.property_names().into_iter().filter(|n| self.holds(n, state) == Some(false)).collect()
    }

    /// Asks a running check on this model (or a clone) to stop: it then
    /// finishes after expanding no further state.
    pub fn request_stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Withdraws a stop request, once the check it stopped has finished
    /// (rebuilding its counterexample paths asks for actions again).
    pub fn clear_stop_request(&self) {
        self.stop.store(false, Ordering::Relaxed);
    }

    pub fn stop_requested(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// How many states the checker has expanded (asked for actions) so far.
    pub fn expanded_count(&self) -> usize {
        self.expanded.load(Ordering::Relaxed)
    }

    /// Whether `action` is enabled in `state`: the one enabling rule of the
    /// model (`docs/protocol.md`, "Steps"; the guards of `tla/DC.tla`'s actions).
    pub fn is_enabled(&self, state: &State, action: Action) -> bool {
        match action {
            Action::Join => state.joined_count() < self.bounds.users,
            Action::Leave(u) => state.left_count() < self.bounds.leaves && state.local(u).is_some(),
            Action::Read(u) => state.can_read(u),
            Action::Send(u) => state.can_send(u),
            Action::Server(step) => {
                usize::from(state.attacks_used) < self.attacks && self.server_step_fits(state, step)
            }
            Action::Compromise(u) => {
                state.stolen.len() < self.compromises
                    && state.local(u).is_some_and(|l| l.active())
                    && !state.stolen.iter().any(|s| s.of == u)
            }
        }
    }

    /// The guard of a server step, budget aside (`docs/threat-model.md`).
    fn server_step_fits(&self, state: &State, step: ServerStep) -> bool {
        let active = |u: Uid| state.local(u).filter(|l| l.active());
        let server_group = |at: Uid| {
            active(at)
                .and_then(|l| l.group.as_ref())
                .filter(|g| crate::server_steps::server_reads(state, g))
        };
        match step {
            ServerStep::Withhold(u) => state.can_read(u),
            ServerStep::Reorder(u) => active(u).is_some_and(|l| l.cursor + 1 < state.log.len()),
            ServerStep::Redeliver(u, at) => active(u).is_some_and(|l| {
                at < l.cursor
                    && matches!(
                        state.log.get(at),
                        Some(Entry::Welcome { .. } | Entry::Commit { .. } | Entry::Garbage(_))
                    )
            }),
            ServerStep::FalseLeft(v) => {
                state.local(v).is_some() && !state.log.contains(&Entry::Left(v))
            }
            ServerStep::ServerJoin(v) => v >= 1 && usize::from(v) <= self.bounds.users,
            ServerStep::Garbage(n) => state
                .alive()
                .any(|(_, l)| l.active() && l.group.as_ref().is_some_and(|g| g.number() == n)),
            ServerStep::ServerRemove(at, v) => {
                // Not the leaf it commits from: MLS forbids removing oneself.
                server_group(at).is_some_and(|g| {
                    g.roster().contains(v) && crate::server_steps::server_leaf(g) != Some(v)
                })
            }
            ServerStep::ServerAdd(at, v) => server_group(at).is_some_and(|g| {
                !g.roster().contains(v) && active(v).is_some_and(|l| l.group.is_none())
            }),
        }
    }

    /// Every server step worth trying in `state` (the enabled ones among them
    /// are the server's choices), in a fixed order.
    fn server_candidates(&self, state: &State, out: &mut Vec<Action>) {
        let alive: Vec<(Uid, usize)> = state.alive().map(|(u, l)| (u, l.cursor)).collect();
        let mut steps = Vec::new();
        for &(u, cursor) in &alive {
            steps.push(ServerStep::Withhold(u));
            steps.push(ServerStep::Reorder(u));
            steps.extend((0..cursor).map(|k| ServerStep::Redeliver(u, k)));
            steps.push(ServerStep::FalseLeft(u));
        }
        steps.extend(self.uids().map(ServerStep::ServerJoin));
        let mut numbers: Vec<usize> =
            state.alive().filter_map(|(_, l)| l.group.as_ref().map(|g| g.number())).collect();
        numbers.sort_unstable();
        numbers.dedup();
        steps.extend(numbers.into_iter().map(ServerStep::Garbage));
        for &(at, _) in &alive {
            for v in self.uids() {
                steps.push(ServerStep::ServerRemove(at, v));
                steps.push(ServerStep::ServerAdd(at, v));
            }
        }
        out.extend(steps.into_iter().map(Action::Server).filter(|&a| self.is_enabled(state, a)));
    }

    /// Why `action` is not enabled in `state` (`None` when it is): the
    /// first guard of [`DcModel::is_enabled`] that fails, in words.
    pub fn why_disabled(&self, state: &State, action: Action) -> Option<String> {
        if self.is_enabled(state, action) {
            return None;
        }
        // Why `u` cannot act at all; a failed user can still leave.
        let who = |u: Uid, failed_blocks: bool| match state.user(u) {
            None => Some(format!("user {u} has not joined")),
            Some(User::Left) => Some(format!("user {u} has left")),
            Some(User::Alive(l)) if l.failed && failed_blocks => {
                Some(format!("user {u} has failed"))
            }
            Some(User::Alive(_)) => None,
        };
        Some(match action {
            Action::Join => format!("all {} users have joined", self.bounds.users),
            Action::Leave(u) => who(u, false)
                .unwrap_or_else(|| format!("{} leaves have happened", self.bounds.leaves)),
            Action::Read(u) => {
                who(u, true).unwrap_or_else(|| format!("user {u} has read the whole log"))
            }
            Action::Send(u) => {
                who(u, true).unwrap_or_else(|| format!("user {u}'s outbox is empty"))
            }
            Action::Server(_) if usize::from(state.attacks_used) >= self.attacks => {
                format!("the server's budget of {} step(s) is spent (--attacks)", self.attacks)
            }
            Action::Server(step) => {
                format!("{step} does not fit this state (docs/threat-model.md)")
            }
            Action::Compromise(u) => who(u, true).unwrap_or_else(|| {
                if state.stolen.iter().any(|s| s.of == u) {
                    format!("user {u}'s state is stolen already")
                } else {
                    format!(
                        "the attacker's budget of {} compromise(s) is spent (--compromises)",
                        self.compromises
                    )
                }
            }),
        })
    }

    /// The actions enabled in `state`, in a fixed order: `Join`, then per
    /// alive user its `Leave`, `Read` and `Send` (the Explorer's URLs count
    /// steps in this order).
    pub fn enabled(&self, state: &State, actions: &mut Vec<Action>) {
        let candidates = std::iter::once(Action::Join).chain(
            state.alive().flat_map(|(u, _)| [Action::Leave(u), Action::Read(u), Action::Send(u)]),
        );
        actions.extend(candidates.filter(|&a| self.is_enabled(state, a)));
        if usize::from(state.attacks_used) < self.attacks {
            self.server_candidates(state, actions);
        }
        if state.stolen.len() < self.compromises {
            let thefts = state.alive().map(|(u, _)| Action::Compromise(u));
            actions.extend(thefts.filter(|&a| self.is_enabled(state, a)));
        }
    }

    /// The steps a search explores from `state`: every enabled one, or
    /// with reduction, an invisible read alone where there is one
    /// (`docs/reduction.md`).
    pub fn explored(&self, state: &State, actions: &mut Vec<Action>) {
        if self.reduce {
            if let Some(read) = crate::reduction::ample_read(self, state) {
                actions.push(read);
                return;
            }
        }
        self.enabled(state, actions);
    }

    /// The state after `action`, or `None` when it is not enabled.
    pub fn step(&self, state: &State, action: Action) -> Option<State> {
        if !self.is_enabled(state, action) {
            return None;
        }
        steps::take(state, self.profile, action, &mut NoLog)
    }

    /// Like [`DcModel::step`], also telling which branches of the protocol's rules the step took.
    pub fn step_branches(&self, state: &State, action: Action) -> Option<(State, Vec<Branch>)> {
        if !self.is_enabled(state, action) {
            return None;
        }
        let mut branches = Vec::new();
        let next = steps::take(state, self.profile, action, &mut branches)?;
        Some((next, branches))
    }

    /// The uids this model can hand out.
    pub fn uids(&self) -> impl Iterator<Item = Uid> {
        1..=self.bounds.users as Uid
    }
}

/// Property `I` of [`PROPERTIES`] as the plain `fn` stateright wants.
fn property<const I: usize>(model: &DcModel, state: &State) -> bool {
    PROPERTIES[I].check(state) || model.excused(PROPERTIES[I].name, state)
}

/// Security property `I` of [`SECURITY_PROPERTIES`] as a plain `fn`.
fn security<const I: usize>(model: &DcModel, state: &State) -> bool {
    SECURITY_PROPERTIES[I].check(model.profile, state)
        || model.excused(SECURITY_PROPERTIES[I].name, state)
}

impl Model for DcModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        vec![State::initial()]
    }

    fn actions(&self, state: &State, actions: &mut Vec<Action>) {
        if self.stop_requested() {
            return;
        }
        self.expanded.fetch_add(1, Ordering::Relaxed);
        if self.compromises > 0 {
            self.worst_exposure.fetch_max(crate::pcs::exposure(state), Ordering::Relaxed);
        }
        self.explored(state, actions);
    }

    fn next_state(&self, state: &State, action: Action) -> Option<State> {
        self.step(state, action)
    }

    fn format_action(&self, action: &Action) -> String {
        action.to_string()
    }

    fn format_step(&self, last_state: &State, action: Action) -> Option<String> {
        let (next, branches) = self.step_branches(last_state, action)?;
        // The Explorer shows one step at a time, with no trace to name nodes
        // over: full paths (unnamed nodes print as their path) keep it exact.
        let what = crate::describe::describe_step(
            last_state,
            action,
            &branches,
            &next,
            &crate::EpochNames::default(),
        );
        Some(format!("{action}: {what}"))
    }

    fn properties(&self) -> Vec<Property<Self>> {
        let mut properties = self.own_properties();
        if self.compromises > 0 {
            let conditions: [fn(&DcModel, &State) -> bool; PCS_PROPERTIES.len()] =
                [pcs::<0>, pcs::<1>];
            properties.extend(
                PCS_PROPERTIES.iter().zip(conditions).map(|(p, c)| Property::always(p.name, c)),
            );
        }
        properties
    }
}

/// Compromise property `I` of [`PCS_PROPERTIES`] as a plain `fn`.
fn pcs<const I: usize>(model: &DcModel, state: &State) -> bool {
    (PCS_PROPERTIES[I].holds)(state) || model.excused(PCS_PROPERTIES[I].name, state)
}

impl DcModel {
    /// The honest or the security properties, as this model's server is.
    fn own_properties(&self) -> Vec<Property<Self>> {
        if self.attacks > 0 {
            let conditions: [fn(&DcModel, &State) -> bool; SECURITY_PROPERTIES.len()] = [
                security::<0>,
                security::<1>,
                security::<2>,
                security::<3>,
                security::<4>,
                security::<5>,
            ];
            return SECURITY_PROPERTIES
                .iter()
                .zip(conditions)
                .map(|(p, c)| Property::always(p.name, c))
                .collect();
        }
        let conditions: [fn(&DcModel, &State) -> bool; PROPERTIES.len()] = [
            property::<0>,
            property::<1>,
            property::<2>,
            property::<3>,
            property::<4>,
            property::<5>,
            property::<6>,
            property::<7>,
            property::<8>,
            property::<9>,
            property::<10>,
            property::<11>,
            property::<12>,
        ];
        PROPERTIES.iter().zip(conditions).map(|(p, c)| Property::always(p.name, c)).collect()
    }
}
