//! Any bytes as a media frame (first byte picks VP8 or Opus): never a panic.
#![no_main]
#[path = "../src/fixture.rs"]
mod fixture;
use dcverify_protocol::{Client, FrameKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, frame)) = data.split_first() else { return };
    let kind = if kind & 1 == 0 { FrameKind::Vp8 } else { FrameKind::Opus };
    fixture::with(|f| {
        let _ = f.dc.open_frame(kind, frame);
    });
});
