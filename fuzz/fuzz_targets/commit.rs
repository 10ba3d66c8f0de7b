//! Any bytes as a commit for the member: never a panic; rejected input leaves
//! it unchanged (an undecryptable commit for its epoch is rule 5: it fails).
#![no_main]
#[path = "../src/fixture.rs"]
mod fixture;
use dcverify_impl::{Effect, WireEntry};
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

thread_local!(static F: RefCell<fixture::Fixture> = RefCell::new(fixture::fixture()));

fuzz_target!(|data: &[u8]| {
    F.with(|f| {
        let f = &mut *f.borrow_mut();
        let before = f.member.view();
        match f.member.read(&WireEntry::Commit { from: 1, commit: data.to_vec() }) {
            Err(_) | Ok(dcverify_impl::ReadOutcome { effect: Effect::Ignored(_), .. }) => assert_eq!(f.member.view(), before, "a rejected commit changed the client"),
            Ok(_) => *f = fixture::fixture(),
        }
    });
});
