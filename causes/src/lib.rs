//! Every known root cause of a property violation, as code: one classifier
//! per page of `docs/failures/` (the honest model) and `docs/attacks/` (a
//! hostile server). A classifier reads the state where a property first
//! fails — the log is the whole history of what was sent, and each user's
//! local state is what it made of it — and says whether its cause explains
//! every witness of that violation. [`triage`] sorts traces into causes;
//! `dcverify check --unexplained` hands [`Known::excuse`] to the checker so that
//! it looks only for failures the catalogue does not know.

pub mod catalogue;
pub mod cause;
pub mod false_left_stops_client;
pub mod fork_after_lost_add;
pub mod forks;
pub mod garbage_commit;
pub mod joiner_waits_for_gone;
pub mod misled_dc_removes_member;
pub mod no_committer_after_fork;
pub mod orphan_welcome;
pub mod read_entries;
pub mod server_keypackage;
pub mod server_removes_member;
pub mod split_stops_client;
pub mod stranded_joiner;
pub mod succession;
pub mod triage;

pub use catalogue::{by_name, cause_of, Known, UnknownCause, CAUSES};
pub use cause::{Cause, Classify, Stops};
pub use triage::{triage_path, triage_trace, Triaged, Verdict};
