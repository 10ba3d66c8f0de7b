//! TLC's distributed mode (`dcverify tlc --distributed`): a TLC server and
//! two worker processes on the loopback interface reach the same
//! distinct-state count and the same verdicts as a single TLC, including
//! where it must name a violation itself (the distributed server prints the
//! behaviour without the invariant).
//!
//! Needs Java and TLC, like `agreement.rs`.

use dcverify_model::{Bounds, DcModel, Profile};
use dcverify_tlc::check::{tlc_check, tlc_check_in, TlcMode, TlcReport};
use dcverify_tlc::distributed::{free_port, Distributed};
use dcverify_tlc::run::{check_java, locate_jar};

fn verdicts(r: &TlcReport) -> Vec<(&'static str, bool)> {
    r.verdicts.iter().map(|v| (v.name, v.holds)).collect()
}

#[test]
fn a_server_and_two_local_workers_count_and_judge_like_one_tlc() {
    if let Err(e) = check_java() {
        panic!("{e}");
    }
    let jar = locate_jar().unwrap_or_else(|e| panic!("{e}"));
    for (profile, users, leaves) in [(Profile::Fixed, 3, 1), (Profile::Orange, 2, 1)] {
        let model = DcModel::new(profile, Bounds { users, leaves }).unwrap();
        let single = tlc_check(&jar, &model, 1).unwrap();
        let how = Distributed { port: free_port().unwrap(), local_workers: 2 };
        let distributed = tlc_check_in(&jar, &model, TlcMode::Distributed(how)).unwrap();
        assert!(distributed.distributed && !single.distributed);
        assert_eq!(distributed.distinct_states, single.distinct_states, "{profile}");
        assert_eq!(verdicts(&distributed), verdicts(&single), "{profile}");
    }
}
