//! Any bytes as the ratchet tree of a genuine Welcome: never a panic; a rejected one leaves the joiner unchanged.
#![no_main]
#[path = "../src/fixture.rs"]
mod fixture;
use dcverify_protocol::WireEntry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fixture::check_read(
    |f| &mut f.joiner,
    |f| WireEntry::Welcome {
        from: 1,
        to: 3,
        welcome: f.welcome.clone(),
        ratchet_tree: data.to_vec()
    }
));
