//! Any bytes as the Welcome for the joiner: never a panic; rejected input leaves it unchanged.
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
        let before = f.joiner.view();
        let entry = WireEntry::Welcome { from: 1, to: 3, welcome: data.to_vec(), ratchet_tree: f.tree.clone() };
        match f.joiner.read(&entry) {
            Err(_) => assert_eq!(f.joiner.view(), before, "a rejected Welcome changed the client"),
            Ok(_) => *f = fixture::fixture(),
        }
    });
});
