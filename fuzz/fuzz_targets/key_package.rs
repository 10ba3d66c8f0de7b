//! Any bytes as the KeyPackage of a `Joined`: never a panic; a rejected one leaves the member unchanged.
#![no_main]
#[path = "../src/fixture.rs"]
mod fixture;
use dcverify_protocol::WireEntry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fixture::check_read(
    |f| &mut f.member,
    |_| WireEntry::Joined { uid: 4, key_package: data.to_vec() }
));
