//! Media frames (`docs/protocol.md`, "Media frames"): what a frame carries
//! and how much of it stays in the clear. How a frame is sealed is each
//! implementation's (`impl/src/frame.rs` documents the layout).

use serde::{Deserialize, Serialize};

/// What a frame carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FrameKind {
    /// VP8 video: the payload header stays in the clear.
    Vp8,
    /// Opus audio: sealed whole.
    Opus,
}

/// How many leading bytes of `frame` stay in the clear: the VP8 payload
/// header, 10 bytes for a key frame and 1 otherwise (RFC 6386 §9.1: a key
/// frame has bit 0 of the first byte clear); nothing for Opus.
pub fn clear_len(kind: FrameKind, frame: &[u8]) -> Result<usize, crate::FrameError> {
    match kind {
        FrameKind::Opus => Ok(0),
        FrameKind::Vp8 => {
            let first = *frame.first().ok_or(crate::FrameError::Empty)?;
            let key_frame = first & 1 == 0;
            let n = if key_frame { 10 } else { 1 };
            if frame.len() < n {
                return Err(crate::FrameError::Truncated { needed: n, got: frame.len() });
            }
            Ok(n)
        }
    }
}

/// An opened frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedFrame {
    pub epoch: u64,
    pub sender: u32,
    pub counter: u64,
    /// The frame as it was before sealing (clear header and payload).
    #[serde(with = "crate::json::bytes")]
    pub frame: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FrameError;

    /// A real VP8 key frame's first bytes (frame tag, start code 9d 01 2a, 320x240).
    const VP8_KEY: [u8; 12] =
        [0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00, 0xaa, 0xbb];
    /// A VP8 interframe (bit 0 of the first byte set).
    const VP8_DELTA: [u8; 6] = [0x31, 0x0a, 0x00, 0x11, 0x22, 0x33];

    #[test]
    fn vp8_clear_header_follows_rfc_6386() {
        assert_eq!(clear_len(FrameKind::Vp8, &VP8_KEY), Ok(10));
        assert_eq!(clear_len(FrameKind::Vp8, &VP8_DELTA), Ok(1));
        // A frame that is only its header is whole.
        assert_eq!(clear_len(FrameKind::Vp8, &VP8_KEY[..10]), Ok(10));
        assert_eq!(clear_len(FrameKind::Vp8, &VP8_DELTA[..1]), Ok(1));
        assert_eq!(
            clear_len(FrameKind::Vp8, &VP8_KEY[..9]),
            Err(FrameError::Truncated { needed: 10, got: 9 })
        );
        assert_eq!(clear_len(FrameKind::Vp8, &[]), Err(FrameError::Empty));
        assert_eq!(clear_len(FrameKind::Opus, &VP8_KEY), Ok(0));
    }
}
