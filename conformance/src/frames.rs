//! The media frames the runner sends: Opus audio, a VP8 key frame and a VP8
//! delta frame. The VP8 first bytes are chosen so that bit 0 (which marks a
//! key frame when clear, RFC 6386 §9.1) and bit 7 differ: a client that
//! tests the wrong bit keeps the wrong header in the clear. How many bytes
//! must stay in the clear is written down with each frame, not computed, so
//! the check tests the implementation's rule instead of repeating it.

use dcverify_protocol::{FrameKind, Uid};

/// A frame to send and the number of its leading bytes that must travel in the clear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestFrame {
    pub kind: FrameKind,
    pub bytes: Vec<u8>,
    pub clear: usize,
}

/// The frames user `from` sends, tagged with `tag` so each is distinct.
pub fn test_frames(from: Uid, tag: &str) -> [TestFrame; 3] {
    let payload = |what: &str| format!("{what} {tag} from {from}").into_bytes();
    // Key frame: bit 0 clear, bit 7 set; a real payload header (start code 9d 01 2a, 320x240).
    let mut key = vec![0x90, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00];
    key.extend(payload("key frame"));
    // Delta frame: bit 0 set, bit 7 clear.
    let mut delta = vec![0x31];
    delta.extend(payload("delta frame"));
    [
        TestFrame { kind: FrameKind::Vp8, bytes: key, clear: 10 },
        TestFrame { kind: FrameKind::Vp8, bytes: delta, clear: 1 },
        TestFrame { kind: FrameKind::Opus, bytes: payload("opus frame"), clear: 0 },
    ]
}

impl TestFrame {
    /// Whether `sealed` keeps exactly the header in the clear: it starts with
    /// the frame's first `clear` bytes, and the bytes after the header do not
    /// follow them in the clear.
    pub fn check_sealed(&self, sealed: &[u8]) -> Result<(), String> {
        let header = &self.bytes[..self.clear];
        if !sealed.starts_with(header) {
            return Err(format!("the {}-byte header is not in the clear", self.clear));
        }
        let next = &self.bytes[self.clear..(self.clear + 8).min(self.bytes.len())];
        if sealed[self.clear..].starts_with(next) {
            return Err(format!("more than the {}-byte header is in the clear", self.clear));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vp8_frames_tell_bit_0_from_bit_7() {
        let [key, delta, _] = test_frames(1, "t");
        assert_eq!((key.bytes[0] & 1, key.bytes[0] >> 7), (0, 1));
        assert_eq!((delta.bytes[0] & 1, delta.bytes[0] >> 7), (1, 0));
    }

    #[test]
    fn a_sealed_frame_must_keep_exactly_its_header_in_the_clear() {
        let [key, delta, opus] = test_frames(2, "t");
        let sealed = |f: &TestFrame, clear: usize| {
            let mut s = f.bytes[..clear].to_vec();
            s.extend([0u8; 20]);
            s
        };
        assert_eq!(key.check_sealed(&sealed(&key, 10)), Ok(()));
        assert!(key.check_sealed(&sealed(&key, 1)).unwrap_err().contains("not in the clear"));
        assert_eq!(delta.check_sealed(&sealed(&delta, 1)), Ok(()));
        assert!(delta.check_sealed(&sealed(&delta, 10)).unwrap_err().contains("more than"));
        assert_eq!(opus.check_sealed(&sealed(&opus, 0)), Ok(()));
        assert!(opus.check_sealed(&opus.bytes).is_err());
    }
}
