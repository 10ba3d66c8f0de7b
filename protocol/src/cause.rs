//! The library error behind one of ours, kept whole: an implementation wraps
//! what its MLS library reported (an OpenMLS `ProcessMessageError`, say) as
//! the `#[source]` of the protocol's typed error, so a caller can print the
//! whole chain or downcast to the library's own type.

use std::error::Error;
use std::fmt;
use std::sync::Arc;

/// A library's error, shared (errors are cloned into reports) and compared
/// by what it says (tests and the fuzz checks compare errors).
#[derive(Clone)]
pub struct Cause(Arc<dyn Error + Send + Sync + 'static>);

impl Cause {
    pub fn new<E: Error + Send + Sync + 'static>(error: E) -> Self {
        Cause(Arc::new(error))
    }

    /// For libraries whose errors are only `Debug` (no `std::error::Error`).
    pub fn from_debug(error: &impl fmt::Debug) -> Self {
        Cause::new(Message(format!("{error:?}")))
    }

    /// A cause known only by its text (an error a driver reported, say).
    pub fn from_text(text: String) -> Self {
        Cause::new(Message(text))
    }

    /// The library's error as its own type, if it is one.
    pub fn downcast_ref<T: Error + 'static>(&self) -> Option<&T> {
        self.0.downcast_ref::<T>()
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Error for Cause {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.0.source()
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for Cause {}

/// A cause known only by its `Debug` text.
#[derive(Debug)]
struct Message(String);

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Message {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("inner")]
    struct Inner;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] Inner);

    #[test]
    fn keeps_the_type_and_the_chain() {
        let cause = Cause::new(Outer(Inner));
        assert!(cause.downcast_ref::<Outer>().is_some());
        assert_eq!(cause.to_string(), "outer");
        assert_eq!(cause.source().map(|s| s.to_string()), Some("inner".into()));
        assert_eq!(cause.clone(), Cause::new(Outer(Inner)));
        assert_ne!(Cause::from_debug(&1), Cause::from_debug(&2));
    }
}
