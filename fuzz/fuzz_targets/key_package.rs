//! Any bytes as the KeyPackage of a `Joined`: never a panic; rejected input leaves the member unchanged.
#![no_main]
#[path = "../src/fixture.rs"]
mod fixture;
use dcverify_impl::WireEntry;
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

thread_local!(static F: RefCell<fixture::Fixture> = RefCell::new(fixture::fixture()));

fuzz_target!(|data: &[u8]| {
    F.with(|f| {
        let f = &mut *f.borrow_mut();
        let before = f.member.view();
        let entry = WireEntry::Joined { uid: 4, key_package: data.to_vec() };
        match f.member.read(&entry) {
            Err(_) => assert_eq!(f.member.view(), before, "a rejected KeyPackage changed the client"),
            Ok(_) => *f = fixture::fixture(),
        }
    });
});
