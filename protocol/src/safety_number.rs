//! Safety numbers: the first 32 bytes of the MLS epoch authenticator, and how
//! people see them.
//!
//! Rendering: 60 decimal digits in 12 groups of 5, read from the first 30
//! bytes. Each 5-byte chunk, as a big-endian integer (40 bits), is reduced
//! modulo 10^10 and written as 10 zero-padded digits (two groups). Digits only
//! — nothing to confuse when read aloud (no O/0, l/1), and the grouping makes
//! it easy to compare a group at a time. Two different authenticators render
//! alike only if their first 30 bytes agree modulo 10^10 chunk by chunk, about
//! 2^-199 for unrelated values; the bytes themselves remain the exact value.

use std::fmt;

/// The first 32 bytes of an epoch authenticator.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SafetyNumber(pub [u8; 32]);

impl SafetyNumber {
    /// The safety number of an epoch authenticator (`None` if it is shorter than 32 bytes).
    pub fn from_authenticator(authenticator: &[u8]) -> Option<Self> {
        authenticator.get(..32)?.try_into().ok().map(SafetyNumber)
    }

    /// The 12 groups of 5 digits.
    pub fn groups(&self) -> [String; 12] {
        let mut groups: [String; 12] = Default::default();
        for (i, chunk) in self.0[..30].chunks(5).enumerate() {
            let n = chunk.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)) % 10_000_000_000;
            let digits = format!("{n:010}");
            groups[2 * i] = digits[..5].to_string();
            groups[2 * i + 1] = digits[5..].to_string();
        }
        groups
    }
}

impl fmt::Display for SafetyNumber {
    /// Three lines of four groups, as shown to people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let groups = self.groups();
        for (i, line) in groups.chunks(4).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", line.join(" "))?;
        }
        Ok(())
    }
}

impl fmt::Debug for SafetyNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SafetyNumber({})", self.groups().join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test vectors (also in the module documentation's terms): bytes 0, 1, ..., 31;
    /// all zero; all 0xff.
    #[test]
    fn vectors() {
        let counting: [u8; 32] = std::array::from_fn(|i| i as u8);
        assert_eq!(
            SafetyNumber(counting).to_string(),
            "00169 09060 15759 60585\n31350 12110 46940 63635\n62531 15160 78121 66685"
        );
        assert_eq!(
            SafetyNumber([0; 32]).to_string(),
            "00000 00000 00000 00000\n00000 00000 00000 00000\n00000 00000 00000 00000"
        );
        assert_eq!(
            SafetyNumber([0xff; 32]).to_string(),
            "95116 27775 95116 27775\n95116 27775 95116 27775\n95116 27775 95116 27775"
        );
    }

    #[test]
    fn one_changed_byte_changes_the_rendering() {
        let a: [u8; 32] = std::array::from_fn(|i| (i * 7) as u8);
        for i in 0..30 {
            let mut b = a;
            b[i] ^= 1;
            assert_ne!(SafetyNumber(a).to_string(), SafetyNumber(b).to_string(), "byte {i}");
        }
    }

    #[test]
    fn debug_shows_the_groups() {
        let n = SafetyNumber([0; 32]);
        assert_eq!(format!("{n:?}"), format!("SafetyNumber({})", ["00000"; 12].join(" ")));
    }

    #[test]
    fn short_authenticators_have_no_safety_number() {
        assert_eq!(SafetyNumber::from_authenticator(&[1; 31]), None);
        assert_eq!(SafetyNumber::from_authenticator(&[1; 48]).map(|s| s.0), Some([1; 32]));
    }
}
