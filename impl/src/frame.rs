//! Media frames sealed for the current epoch (`docs/protocol.md`, "Media frames").
//!
//! Layout: `clear | epoch (8, BE) | sender (4, BE) | counter (8, BE) | ciphertext+tag`.
//! `clear` is the VP8 payload header (10 bytes for a key frame, 1 otherwise;
//! RFC 6386 §9.1: a key frame has bit 0 of the first byte clear) and nothing
//! for Opus. Everything before the ciphertext is the AEAD's associated data,
//! so the clear bytes are authenticated. The cipher is the ciphersuite's
//! AES-128-GCM; each sender has its own key per epoch,
//! `HKDF-Expand(epoch media secret, "dcverify frame key" | sender, 16)`, where
//! the epoch media secret is the MLS exporter secret labelled
//! `dcverify media`, and the nonce is `sender | counter`.
//!
//! Grace window: after an epoch change, frames of the previous epoch still
//! open for [`GRACE`] (2 seconds), so frames in flight when the group changes
//! are not lost. Older epochs, and later epochs than the member holds, never
//! open: a member removed from the group has no key for any later epoch.

use dcverify_protocol::{clear_len, Cause, FrameError, FrameKind, OpenedFrame};
use openmls_traits::crypto::OpenMlsCrypto;
use openmls_traits::types::{AeadType, HashType};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long frames of the previous epoch still open after an epoch change.
pub const GRACE: Duration = Duration::from_secs(2);

/// Bytes of metadata after the clear header: epoch, sender, counter.
const META: usize = 8 + 4 + 8;
const TAG: usize = 16;
/// Frames this far behind the newest counter seen from a sender are refused as replays.
const REPLAY_WINDOW: u64 = 64;

#[derive(Clone, Debug)]
struct EpochSecret {
    epoch: u64,
    secret: Vec<u8>,
}

/// Seen counters of one sender in one epoch: the newest and a bitmap behind it.
#[derive(Clone, Copy, Debug, Default)]
struct ReplayWindow {
    newest: Option<u64>,
    seen: u64,
}

impl ReplayWindow {
    fn check(&self, counter: u64) -> bool {
        match self.newest {
            None => true,
            Some(n) if counter > n => true,
            Some(n) => n - counter < REPLAY_WINDOW && self.seen & (1 << (n - counter)) == 0,
        }
    }

    fn mark(&mut self, counter: u64) {
        match self.newest {
            Some(n) if counter <= n => self.seen |= 1 << (n - counter),
            Some(n) => {
                let shift = counter - n;
                self.seen = if shift >= REPLAY_WINDOW { 0 } else { self.seen << shift };
                self.seen |= 1;
                self.newest = Some(counter);
            }
            None => {
                self.seen = 1;
                self.newest = Some(counter);
            }
        }
    }
}

/// One member's media keys: the current epoch's, the previous one's during its
/// grace window, the next counter to seal with, and replay windows.
#[derive(Clone, Debug, Default)]
pub struct MediaKeys {
    current: Option<EpochSecret>,
    previous: Option<(EpochSecret, Instant)>,
    counter: u64,
    replay: BTreeMap<(u64, u32), ReplayWindow>,
}

fn sender_key(
    crypto: &impl OpenMlsCrypto,
    secret: &[u8],
    sender: u32,
) -> Result<Vec<u8>, FrameError> {
    let mut info = b"dcverify frame key".to_vec();
    info.extend_from_slice(&sender.to_be_bytes());
    crypto
        .hkdf_expand(HashType::Sha2_256, secret, &info, 16)
        .map(|k| k.as_slice().to_vec())
        .map_err(|e| FrameError::Crypto(Cause::from_debug(&e)))
}

fn nonce(sender: u32, counter: u64) -> [u8; 12] {
    let mut n = [0u8; 12];
    n[..4].copy_from_slice(&sender.to_be_bytes());
    n[4..].copy_from_slice(&counter.to_be_bytes());
    n
}

fn be_u64(b: &[u8]) -> u64 {
    b.iter().fold(0, |acc, &x| (acc << 8) | u64::from(x))
}

impl MediaKeys {
    /// The group moved to `epoch` with this media secret at `now`; the old
    /// epoch's secret stays for the grace window.
    pub fn rotate(&mut self, epoch: u64, secret: Vec<u8>, now: Instant) {
        if self.current.as_ref().is_some_and(|c| c.epoch == epoch) {
            return;
        }
        self.previous = self.current.take().map(|c| (c, now));
        self.current = Some(EpochSecret { epoch, secret });
        self.counter = 0;
        let keep: Vec<u64> =
            [self.current.as_ref().map(|c| c.epoch), self.previous.as_ref().map(|p| p.0.epoch)]
                .into_iter()
                .flatten()
                .collect();
        self.replay.retain(|(e, _), _| keep.contains(e));
    }

    /// The epoch frames are sealed for, if any.
    pub fn current_epoch(&self) -> Option<u64> {
        self.current.as_ref().map(|c| c.epoch)
    }

    /// Seals `frame` from `sender` for the current epoch.
    pub fn seal(
        &mut self,
        crypto: &impl OpenMlsCrypto,
        kind: FrameKind,
        sender: u32,
        frame: &[u8],
    ) -> Result<Vec<u8>, FrameError> {
        let current = self.current.as_ref().ok_or(FrameError::NoGroup)?;
        let clear = clear_len(kind, frame)?;
        let key = sender_key(crypto, &current.secret, sender)?;
        let mut out = Vec::with_capacity(frame.len() + META + TAG);
        out.extend_from_slice(&frame[..clear]);
        out.extend_from_slice(&current.epoch.to_be_bytes());
        out.extend_from_slice(&sender.to_be_bytes());
        out.extend_from_slice(&self.counter.to_be_bytes());
        let sealed = crypto
            .aead_encrypt(
                AeadType::Aes128Gcm,
                &key,
                &frame[clear..],
                &nonce(sender, self.counter),
                &out,
            )
            .map_err(|e| FrameError::Crypto(Cause::from_debug(&e)))?;
        out.extend_from_slice(&sealed);
        self.counter += 1;
        Ok(out)
    }

    /// Opens a sealed frame at time `now`.
    pub fn open(
        &mut self,
        crypto: &impl OpenMlsCrypto,
        kind: FrameKind,
        sealed: &[u8],
        now: Instant,
    ) -> Result<OpenedFrame, FrameError> {
        let clear = clear_len(kind, sealed)?;
        let needed = clear + META + TAG;
        if sealed.len() < needed {
            return Err(FrameError::Truncated { needed, got: sealed.len() });
        }
        let meta = &sealed[clear..clear + META];
        let epoch = be_u64(&meta[..8]);
        let sender = be_u64(&meta[8..12]) as u32;
        let counter = be_u64(&meta[12..]);
        let secret = match (&self.current, &self.previous) {
            (Some(c), _) if c.epoch == epoch => &c.secret,
            (_, Some((p, retired))) if p.epoch == epoch => {
                if now.saturating_duration_since(*retired) > GRACE {
                    return Err(FrameError::GraceExpired { epoch });
                }
                &p.secret
            }
            _ => return Err(FrameError::UnknownEpoch { epoch }),
        };
        let window = self.replay.get(&(epoch, sender)).copied().unwrap_or_default();
        if !window.check(counter) {
            return Err(FrameError::Replayed { epoch, sender, counter });
        }
        let key = sender_key(crypto, secret, sender)?;
        let (aad, ciphertext) = sealed.split_at(clear + META);
        let payload = crypto
            .aead_decrypt(AeadType::Aes128Gcm, &key, ciphertext, &nonce(sender, counter), aad)
            .map_err(|_| FrameError::Forged { epoch, sender })?;
        self.replay.entry((epoch, sender)).or_default().mark(counter);
        let mut frame = sealed[..clear].to_vec();
        frame.extend_from_slice(&payload);
        Ok(OpenedFrame { epoch, sender, counter, frame })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_window_refuses_repeats_and_old_frames() {
        let mut w = ReplayWindow::default();
        for c in [5, 3, 7, 6] {
            assert!(w.check(c));
            w.mark(c);
        }
        for c in [5, 3, 7, 6] {
            assert!(!w.check(c), "{c}");
        }
        assert!(w.check(4));
        w.mark(200);
        assert!(!w.check(100), "too far behind");
        assert!(w.check(199));
    }

    #[test]
    fn replay_window_edges() {
        let mut w = ReplayWindow::default();
        w.mark(100);
        // The oldest counter still in the window, and the first one out of it.
        assert!(w.check(100 - (REPLAY_WINDOW - 1)));
        assert!(!w.check(100 - REPLAY_WINDOW));
        // Marking behind the newest records exactly that counter.
        w.mark(90);
        assert!(!w.check(90));
        assert!(w.check(89) && w.check(91));
        // Moving ahead keeps what was seen, shifted.
        w.mark(103);
        assert!(!w.check(100) && !w.check(90) && !w.check(103));
        assert!(w.check(101) && w.check(102) && w.check(91));
        // Jumping a whole window ahead forgets everything behind.
        w.mark(103 + REPLAY_WINDOW);
        assert!(!w.check(103 + REPLAY_WINDOW));
        assert!(w.check(103 + REPLAY_WINDOW - 1));
    }

    #[test]
    fn be_u64_reads_big_endian() {
        assert_eq!(be_u64(&[0x01, 0x02, 0x03]), 0x010203);
        assert_eq!(be_u64(&0xfedc_ba98_7654_3210u64.to_be_bytes()), 0xfedc_ba98_7654_3210);
    }

    fn keys(epoch: u64, now: Instant) -> MediaKeys {
        let mut k = MediaKeys::default();
        k.rotate(epoch, vec![epoch as u8; 32], now);
        k
    }

    const FRAME: &[u8] = b"an opus frame";

    #[test]
    fn frames_open_in_their_epoch_and_the_previous_one_for_the_grace_window() {
        let crypto = openmls_rust_crypto::RustCrypto::default();
        let t0 = Instant::now();
        let mut sender = keys(3, t0);
        assert_eq!(sender.current_epoch(), Some(3));
        let in_3 = sender.seal(&crypto, FrameKind::Opus, 7, FRAME).unwrap();
        let mut receiver = keys(3, t0);
        assert_eq!(receiver.open(&crypto, FrameKind::Opus, &in_3, t0).unwrap().frame, FRAME);
        // The receiver moves on to epoch 4 at t0; epoch 3 stays for GRACE.
        receiver.rotate(4, vec![4; 32], t0);
        assert_eq!(receiver.current_epoch(), Some(4));
        let late = sender.seal(&crypto, FrameKind::Opus, 7, FRAME).unwrap();
        let later = sender.seal(&crypto, FrameKind::Opus, 7, FRAME).unwrap();
        let opened = receiver.open(&crypto, FrameKind::Opus, &late, t0 + GRACE).unwrap();
        assert_eq!((opened.epoch, opened.sender, opened.counter), (3, 7, 1));
        assert_eq!(
            receiver.open(&crypto, FrameKind::Opus, &later, t0 + GRACE + Duration::from_millis(1)),
            Err(FrameError::GraceExpired { epoch: 3 })
        );
        // Frames of epoch 4 open; epochs never held do not.
        sender.rotate(4, vec![4; 32], t0);
        let in_4 = sender.seal(&crypto, FrameKind::Opus, 7, FRAME).unwrap();
        assert_eq!(receiver.open(&crypto, FrameKind::Opus, &in_4, t0).unwrap().epoch, 4);
        let mut future = keys(5, t0);
        let in_5 = future.seal(&crypto, FrameKind::Opus, 7, FRAME).unwrap();
        assert_eq!(
            receiver.open(&crypto, FrameKind::Opus, &in_5, t0),
            Err(FrameError::UnknownEpoch { epoch: 5 })
        );
        let mut past = keys(2, t0);
        let in_2 = past.seal(&crypto, FrameKind::Opus, 7, FRAME).unwrap();
        assert_eq!(
            receiver.open(&crypto, FrameKind::Opus, &in_2, t0),
            Err(FrameError::UnknownEpoch { epoch: 2 })
        );
    }

    #[test]
    fn each_frame_has_its_own_nonce() {
        let crypto = openmls_rust_crypto::RustCrypto::default();
        let mut k = keys(1, Instant::now());
        let a = k.seal(&crypto, FrameKind::Opus, 7, FRAME).unwrap();
        let b = k.seal(&crypto, FrameKind::Opus, 7, FRAME).unwrap();
        // Same key, same frame: only the nonce (sender, counter) makes the ciphertexts differ.
        assert_ne!(a[META..META + FRAME.len()], b[META..META + FRAME.len()]);
        assert_eq!(nonce(0x0102_0304, 5), [1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 5]);
    }
}
