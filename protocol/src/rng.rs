//! The suite's one seeded generator (SplitMix64). Every random choice
//! (random walks, schedules, fault plans, SFU faults) comes from one of
//! these, so a run replays exactly from its printed seed, whatever crate
//! versions change. A run has one seed; each component draws from its own
//! sub-seed ([`Rng::sub_seed`]), so adding draws to one component does not
//! change what another one does.

#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p && p > 0.0
    }

    /// The seed of one component of a run seeded with `seed` (`"sfu"`,
    /// `"log"`, ...): a fixed function of both.
    pub fn sub_seed(seed: u64, component: &str) -> u64 {
        // FNV-1a of the name: stable across Rust versions, unlike `Hash`.
        let name = component.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        Rng::new(seed ^ name).next_u64()
    }

    /// A seed derived from the clock, for runs that want a fresh one (and print it).
    pub fn fresh_seed() -> u64 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        Rng::new(nanos ^ u64::from(std::process::id())).next_u64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproducible_and_spread() {
        let draw = |seed| {
            let mut r = Rng::new(seed);
            (0..5).map(|_| r.next_u64()).collect::<Vec<u64>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
        let mut r = Rng::new(1);
        let mut counts = [0usize; 4];
        for _ in 0..4000 {
            counts[r.below(4)] += 1;
        }
        assert!(counts.iter().all(|&c| (850..1150).contains(&c)), "{counts:?}");
        assert!(!Rng::new(3).chance(0.0));
        assert!(Rng::new(3).chance(1.0));
    }

    #[test]
    fn sub_seeds_differ_per_component_and_are_fixed() {
        assert_eq!(Rng::sub_seed(5, "sfu"), Rng::sub_seed(5, "sfu"));
        assert_ne!(Rng::sub_seed(5, "sfu"), Rng::sub_seed(5, "log"));
        assert_ne!(Rng::sub_seed(5, "sfu"), Rng::sub_seed(6, "sfu"));
        assert_ne!(Rng::sub_seed(5, "sfu"), 5);
    }
}
