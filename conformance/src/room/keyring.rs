//! What an attacker keeps: a copy of its client in every epoch it reached.
//! An honest client forgets an epoch's media key once the grace window
//! after the next epoch change ends (`impl/src/frame.rs`); an attacker has
//! no reason to, so the model says it reads every epoch it reached
//! (`server_reads`, `Stolen::nodes_read`; `docs/threat-model.md` and
//! `docs/pcs.md`), and the runner checks that with one client copy per epoch.

use dcverify_protocol::{Client, FrameKind, WireEntry};

/// One kept epoch: a copy of the client in it, which of the attacker's
/// clients it descends from, and how much of the log that copy has tried
/// (when the keyring explores).
struct Kept {
    client: Box<dyn Client>,
    origin: usize,
    authenticator: Vec<u8>,
    tried: usize,
}

/// The epochs an attacker holds, one client copy each per client it
/// started from (its leaves differ: a commit may remove one and keep the
/// other), told apart by their epoch authenticators.
#[derive(Default)]
pub struct Keyring {
    kept: Vec<Kept>,
    /// Copies of clients not in a group yet, each with a KeyPackage whose
    /// private key opens a Welcome for it, and how much of the log each tried.
    waiting: Vec<Waiting>,
}

struct Waiting {
    client: Box<dyn Client>,
    origin: usize,
    tried: usize,
}

impl Keyring {
    /// Keeps a copy of `client`, which descends from the attacker's client
    /// `origin`, if it is in an epoch not kept yet for that origin (a client
    /// that failed or was removed holds none). A client that cannot be
    /// copied keeps nothing, and the frame check then reports the epoch it
    /// should have read.
    pub fn keep(&mut self, origin: usize, client: &dyn Client) {
        if let Some(authenticator) = self.new_epoch(origin, client) {
            if let Ok(copy) = client.steal() {
                self.kept.push(Kept { client: copy, origin, authenticator, tried: 0 });
            }
        }
    }

    /// [`Keyring::keep`] for a copy made already: kept as it is.
    fn keep_copy(&mut self, origin: usize, copy: Box<dyn Client>) {
        if let Some(authenticator) = self.new_epoch(origin, copy.as_ref()) {
            self.kept.push(Kept { client: copy, origin, authenticator, tried: 0 });
        }
    }

    /// The authenticator of `client`'s epoch, if it holds one not kept yet for `origin`.
    fn new_epoch(&self, origin: usize, client: &dyn Client) -> Option<Vec<u8>> {
        let view = client.view();
        if view.failed || view.removed {
            return None;
        }
        let authenticator = view.epoch_authenticator?;
        let kept = self.kept.iter().any(|k| k.origin == origin && k.authenticator == authenticator);
        (!kept).then_some(authenticator)
    }

    /// Keeps a copy of `client`, not in a group yet, to try every Welcome
    /// on: with its KeyPackage it may join more than one node (two DCs on a
    /// fork each adding it), where one client joins only the first.
    pub fn wait(&mut self, origin: usize, client: &dyn Client) {
        if let Ok(copy) = client.steal() {
            self.waiting.push(Waiting { client: copy, origin, tried: 0 });
        }
    }

    /// Each waiting copy tries every Welcome it has not tried (on a copy
    /// of itself), and every kept epoch tries every commit of `log` it has not tried yet,
    /// on a copy; an epoch reached that way is kept and tries the whole log
    /// in turn. So the keyring ends holding every node reachable from a
    /// kept one through commits in the log, in whatever order the log has
    /// them and down every fork — what a server that reads everything can
    /// follow. Commits are read as someone else's (sender 0): the server is
    /// not fooled by a sender uid that is its own leaf's label.
    pub fn explore(&mut self, log: &[WireEntry]) {
        let mut joined = Vec::new();
        for waiting in &mut self.waiting {
            for entry in &log[waiting.tried.min(log.len())..] {
                if !matches!(entry, WireEntry::Welcome { .. }) {
                    continue;
                }
                let Ok(mut attempt) = waiting.client.steal() else { continue };
                if attempt.read(entry).is_ok() {
                    joined.push((waiting.origin, attempt));
                }
            }
            waiting.tried = log.len();
        }
        for (origin, client) in joined {
            self.keep_copy(origin, client);
        }
        // A newly kept epoch may open commits others tried before it was
        // kept: it tries the whole log, until nobody has anything left.
        while let Some(i) = self.kept.iter().position(|k| k.tried < log.len()) {
            let from = self.kept[i].tried;
            self.kept[i].tried = log.len();
            for entry in &log[from..] {
                let WireEntry::Commit { commit, .. } = entry else { continue };
                let Ok(mut attempt) = self.kept[i].client.steal() else { continue };
                let read = attempt.read(&WireEntry::Commit { from: 0, commit: commit.clone() });
                if read.is_ok() {
                    let origin = self.kept[i].origin;
                    self.keep_copy(origin, attempt);
                }
            }
        }
    }

    /// Whether some kept epoch opens `sealed` into `plain`.
    pub fn opens(&mut self, kind: FrameKind, sealed: &[u8], plain: &[u8]) -> bool {
        self.kept
            .iter_mut()
            .any(|k| k.client.open_frame(kind, sealed).is_ok_and(|f| f.frame == plain))
    }
}
