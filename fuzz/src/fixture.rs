#![allow(dead_code)]
//! The fixture of `impl/tests/common/fixture.rs`, one per fuzzing thread,
//! rebuilt whenever an input was accepted and changed a client (its `use`s
//! of `Client` and `WireEntry` serve the helpers below too).

include!("../../impl/tests/common/fixture.rs");

thread_local!(static FIXTURE: std::cell::RefCell<Fixture> = std::cell::RefCell::new(fixture()));

/// Runs `f` on this thread's fixture.
pub fn with<R>(f: impl FnOnce(&mut Fixture) -> R) -> R {
    FIXTURE.with(|cell| f(&mut cell.borrow_mut()))
}

/// Feeds one entry made from the fixture to one of its clients: an entry the
/// client rejects (or ignores) must leave it unchanged; one it accepts
/// starts a fresh fixture for the next input.
pub fn check_read(
    client: fn(&mut Fixture) -> &mut Client,
    entry: impl FnOnce(&Fixture) -> WireEntry,
) {
    with(|f| {
        let entry = entry(f);
        let c = client(f);
        let before = c.view();
        match c.read(&entry) {
            Err(_)
            | Ok(dcverify_impl::ReadOutcome {
                effect: dcverify_impl::Effect::Ignored(_), ..
            }) => {
                assert_eq!(c.view(), before, "a rejected {} changed the client", entry.kind())
            }
            Ok(_) => *f = fixture(),
        }
    });
}
