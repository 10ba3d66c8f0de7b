//! A wrong implementation on purpose, for tests that show a check catching
//! it: OpenMLS clients with one hook that changes what one user's client
//! reports (its branches, its view) or sends (its sealed frames).

#![allow(dead_code)]

use dcverify_impl::OpenMls;
use dcverify_protocol::{
    Branch, Checkpoint, Client, ClientView, CreateError, FrameError, FrameKind, Implementation,
    MemberCommitError, Message, OpenedFrame, Profile, ReadError, ReadOutcome, RollbackError, Uid,
    WireEntry,
};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// What a tampered client changes.
#[derive(Clone, Copy)]
pub enum Hook {
    Branches(fn(&mut [Branch])),
    View(fn(&mut ClientView)),
    Sealed(fn(&mut [u8])),
    /// `steal` hands the attacker a client that knows nothing of the
    /// compromised one (a fresh joiner with its uid).
    BlindCopy,
}

/// OpenMLS clients, one of which (`uid`, or all when `None`) applies `hook`
/// while `armed` is set.
#[derive(Clone)]
pub struct Tampered {
    pub uid: Option<Uid>,
    pub hook: Hook,
    pub armed: Arc<AtomicBool>,
}

impl Tampered {
    /// Tampers from the start.
    pub fn always(uid: Option<Uid>, hook: Hook) -> Self {
        Tampered { uid, hook, armed: Arc::new(AtomicBool::new(true)) }
    }

    /// Tampers only once [`Tampered::arm`] is called.
    pub fn later(uid: Option<Uid>, hook: Hook) -> Self {
        Tampered { uid, hook, armed: Arc::new(AtomicBool::new(false)) }
    }

    pub fn arm(&self) {
        self.armed.store(true, Ordering::SeqCst);
    }

    fn wrap(&self, inner: Box<dyn Client>) -> Box<dyn Client> {
        let mine = self.uid.is_none_or(|u| u == inner.uid());
        Box::new(TamperedClient {
            inner,
            hook: mine.then_some(self.hook),
            armed: self.armed.clone(),
        })
    }
}

impl Implementation for Tampered {
    fn name(&self) -> &str {
        "tampered openmls"
    }

    fn founder(&self, uid: Uid, profile: Profile) -> Result<Box<dyn Client>, CreateError> {
        Ok(self.wrap(OpenMls::default().founder(uid, profile)?))
    }

    fn joiner(
        &self,
        uid: Uid,
        profile: Profile,
        room: &BTreeSet<Uid>,
    ) -> Result<Box<dyn Client>, CreateError> {
        Ok(self.wrap(OpenMls::default().joiner(uid, profile, room)?))
    }

    fn server_client(
        &self,
        uid: Uid,
        profile: Profile,
        nth: usize,
    ) -> Result<Box<dyn Client>, CreateError> {
        OpenMls::default().server_client(uid, profile, nth)
    }
}

struct TamperedClient {
    inner: Box<dyn Client>,
    hook: Option<Hook>,
    armed: Arc<AtomicBool>,
}

impl TamperedClient {
    fn hook(&self) -> Option<Hook> {
        self.hook.filter(|_| self.armed.load(Ordering::SeqCst))
    }
}

impl Client for TamperedClient {
    fn uid(&self) -> Uid {
        self.inner.uid()
    }
    fn key_package(&self) -> Result<Vec<u8>, CreateError> {
        self.inner.key_package()
    }
    fn read_at(&mut self, entry: &WireEntry, now: Instant) -> Result<ReadOutcome, ReadError> {
        let mut outcome = self.inner.read_at(entry, now)?;
        if let Some(Hook::Branches(f)) = self.hook() {
            f(&mut outcome.branches);
        }
        Ok(outcome)
    }
    fn view(&self) -> ClientView {
        let mut view = self.inner.view();
        if let Some(Hook::View(f)) = self.hook() {
            f(&mut view);
        }
        view
    }
    fn seal_frame(&mut self, kind: FrameKind, frame: &[u8]) -> Result<Vec<u8>, FrameError> {
        let mut sealed = self.inner.seal_frame(kind, frame)?;
        if let Some(Hook::Sealed(f)) = self.hook() {
            f(&mut sealed);
        }
        Ok(sealed)
    }
    fn open_frame_at(
        &mut self,
        kind: FrameKind,
        sealed: &[u8],
        now: Instant,
    ) -> Result<OpenedFrame, FrameError> {
        self.inner.open_frame_at(kind, sealed, now)
    }
    fn checkpoint(&self) -> Checkpoint {
        self.inner.checkpoint()
    }
    fn rollback(&mut self, checkpoint: &Checkpoint) -> Result<(), RollbackError> {
        self.inner.rollback(checkpoint)
    }
    fn commit_remove(&mut self, uid: Uid) -> Result<Vec<Message>, MemberCommitError> {
        self.inner.commit_remove(uid)
    }
    fn commit_add(
        &mut self,
        uid: Uid,
        key_package: &[u8],
    ) -> Result<Vec<Message>, MemberCommitError> {
        self.inner.commit_add(uid, key_package)
    }
    fn steal(&self) -> Result<Box<dyn Client>, CreateError> {
        match self.hook() {
            Some(Hook::BlindCopy) => {
                OpenMls::default().joiner(self.uid(), Profile::Orange, &BTreeSet::new())
            }
            _ => self.inner.steal(),
        }
    }
}

/// A seed for a fresh batch: `DCVERIFY_SEED` when set, else a fresh one;
/// printed either way, so that a failure can be repeated.
pub fn fresh_seed(what: &str) -> u64 {
    let seed = std::env::var("DCVERIFY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(dcverify_protocol::Rng::fresh_seed);
    println!("{what} seed: {seed} (DCVERIFY_SEED={seed} repeats it)");
    seed
}
