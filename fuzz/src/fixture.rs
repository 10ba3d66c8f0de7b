#![allow(dead_code)]
//! The client fixture of `dcverify_impl::fixture` (a room of three at epoch
//! 1 or 2 and the genuine messages), one per fuzzing thread, rebuilt
//! whenever an input was accepted and changed a client.

pub use dcverify_impl::fixture::Fixture;
use dcverify_impl::OpenMlsClient;
use dcverify_protocol::{Client, WireEntry};

fn fresh() -> Fixture {
    // The fixture is made of genuine messages only: failing to make it is a
    // bug of the client, not an input the target found.
    dcverify_impl::fixture::fixture().expect("the fixture")
}

thread_local!(static FIXTURE: std::cell::RefCell<Fixture> = std::cell::RefCell::new(fresh()));

/// Runs `f` on this thread's fixture.
pub fn with<R>(f: impl FnOnce(&mut Fixture) -> R) -> R {
    FIXTURE.with(|cell| f(&mut cell.borrow_mut()))
}

/// Feeds one entry made from the fixture to one of its clients: an entry the
/// client rejects (or ignores) must leave it unchanged; one it accepts
/// starts a fresh fixture for the next input.
pub fn check_read(
    client: fn(&mut Fixture) -> &mut OpenMlsClient,
    entry: impl FnOnce(&Fixture) -> WireEntry,
) {
    with(|f| {
        let entry = entry(f);
        let c = client(f);
        let before = c.view();
        match c.read(&entry) {
            Err(_) => {
                assert_eq!(c.view(), before, "a rejected {} changed the client", entry.kind())
            }
            Ok(outcome) if outcome.ignored() => {
                assert_eq!(c.view(), before, "an ignored {} changed the client", entry.kind())
            }
            Ok(_) => *f = fresh(),
        }
    });
}
