//! The simulated SFU: forwards sealed media frames between users, and on
//! request drops, duplicates, reorders, delays or corrupts them (seeded).

use dcverify_protocol::Rng;
use dcverify_protocol::Uid;

/// Fault rates, each the probability per forwarded frame.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Faults {
    pub drop: f64,
    pub duplicate: f64,
    /// Let the sender's next frame to the same receiver overtake this one.
    pub reorder: f64,
    /// Hold the frame back until the next `flush`.
    pub delay: f64,
    /// Flip one byte.
    pub corrupt: f64,
}

/// A frame on its way: sender, receiver, sealed bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub from: Uid,
    pub to: Uid,
    pub frame: Vec<u8>,
}

pub struct Sfu {
    faults: Faults,
    rng: Rng,
    held: Vec<Delivery>,
    /// Frames waiting for the next frame of their stream to pass them.
    overtaken: Vec<Delivery>,
}

impl Sfu {
    /// An SFU that forwards every frame once, in order.
    pub fn faithful() -> Self {
        Sfu::new(Faults::default(), 0)
    }

    pub fn new(faults: Faults, seed: u64) -> Self {
        Sfu { faults, rng: Rng::new(seed), held: Vec::new(), overtaken: Vec::new() }
    }

    /// Forwards one frame from `from` to each of `to`; returns what arrives now, in order.
    pub fn forward(&mut self, from: Uid, frame: &[u8], to: &[Uid]) -> Vec<Delivery> {
        let mut out: Vec<Delivery> = Vec::new();
        for &receiver in to {
            if self.rng.chance(self.faults.drop) {
                continue;
            }
            let mut d = Delivery { from, to: receiver, frame: frame.to_vec() };
            if !d.frame.is_empty() && self.rng.chance(self.faults.corrupt) {
                let i = self.rng.below(d.frame.len());
                d.frame[i] ^= 1 << self.rng.below(8);
            }
            if self.rng.chance(self.faults.delay) {
                self.held.push(d);
                continue;
            }
            // Overtaken frames of this stream arrive right after this one.
            let (passed, waiting): (Vec<Delivery>, Vec<Delivery>) =
                std::mem::take(&mut self.overtaken)
                    .into_iter()
                    .partition(|w| w.from == from && w.to == receiver);
            self.overtaken = waiting;
            if passed.is_empty() && self.rng.chance(self.faults.reorder) {
                self.overtaken.push(d);
                continue;
            }
            let copies = if self.rng.chance(self.faults.duplicate) { 2 } else { 1 };
            for _ in 0..copies {
                out.push(d.clone());
            }
            out.extend(passed);
        }
        out
    }

    /// Releases the frames held back by delays, and those still waiting to
    /// be overtaken.
    pub fn flush(&mut self) -> Vec<Delivery> {
        let mut out = std::mem::take(&mut self.held);
        out.append(&mut self.overtaken);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faithful_forwards_everything_once_in_order() {
        let mut sfu = Sfu::faithful();
        let d = sfu.forward(1, b"abc", &[2, 3]);
        assert_eq!(
            d,
            vec![
                Delivery { from: 1, to: 2, frame: b"abc".to_vec() },
                Delivery { from: 1, to: 3, frame: b"abc".to_vec() }
            ]
        );
        assert!(sfu.flush().is_empty());
    }

    #[test]
    fn faults_happen_at_their_rates_and_replay_from_the_seed() {
        let run = |seed| {
            let mut sfu = Sfu::new(
                Faults { drop: 0.2, duplicate: 0.2, reorder: 0.0, delay: 0.1, corrupt: 0.1 },
                seed,
            );
            let mut got = Vec::new();
            for i in 0..1000u32 {
                got.extend(sfu.forward(1, &i.to_be_bytes(), &[2]));
            }
            got.extend(sfu.flush());
            got
        };
        let a = run(42);
        assert_eq!(a, run(42));
        assert_ne!(a, run(43));
        let corrupted = a
            .iter()
            .filter(|d| u32::from_be_bytes(d.frame[..4].try_into().unwrap()) >= 1000)
            .count();
        assert!((800..1300).contains(&a.len()), "{}", a.len());
        assert!(corrupted > 20, "{corrupted}");
    }

    #[test]
    fn a_reordered_frame_is_overtaken_by_the_next_of_its_stream_only() {
        let mut sfu = Sfu::new(Faults { reorder: 1.0, ..Faults::default() }, 7);
        // Frame 0 to 2 waits; frame 1 to 2 passes it (and is not held itself:
        // it carries the waiting one); another stream is not held up by it.
        assert!(sfu.forward(1, b"0", &[2]).is_empty());
        let other = sfu.forward(3, b"x", &[2]);
        assert!(other.is_empty(), "a stream's wait is its own: {other:?}");
        let got: Vec<Vec<u8>> = sfu.forward(1, b"1", &[2]).into_iter().map(|d| d.frame).collect();
        assert_eq!(got, vec![b"1".to_vec(), b"0".to_vec()]);
        // Whatever still waits comes out at the flush.
        let rest: Vec<(Uid, Vec<u8>)> =
            sfu.flush().into_iter().map(|d| (d.from, d.frame)).collect();
        assert_eq!(rest, vec![(3, b"x".to_vec())]);
    }

    #[test]
    fn a_corrupted_frame_always_differs_from_the_one_sent() {
        let mut sfu = Sfu::new(Faults { corrupt: 1.0, ..Faults::default() }, 3);
        for i in 0..200u32 {
            let frame = i.to_be_bytes();
            for d in sfu.forward(1, &frame, &[2]) {
                assert_ne!(d.frame, frame.to_vec(), "frame {i} was not corrupted");
            }
        }
    }
}
