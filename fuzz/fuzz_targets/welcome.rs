//! Any bytes as the Welcome for the joiner: never a panic; a rejected one leaves it unchanged.
#![no_main]
#[path = "../src/fixture.rs"]
mod fixture;
use dcverify_protocol::WireEntry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fixture::check_read(
    |f| &mut f.joiner,
    |f| WireEntry::Welcome { from: 1, to: 3, welcome: data.to_vec(), ratchet_tree: f.tree.clone() }
));
