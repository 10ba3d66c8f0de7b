//! Any bytes as a commit for the member: never a panic; a rejected or ignored
//! one leaves it unchanged (an undecryptable commit for its epoch is rule 5: it fails).
#![no_main]
#[path = "../src/fixture.rs"]
mod fixture;
use dcverify_protocol::WireEntry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fixture::check_read(
    |f| &mut f.member,
    |_| WireEntry::Commit { from: 1, commit: data.to_vec() }
));
