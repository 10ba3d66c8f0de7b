//! Every fault and attack scenario ends as stated, under both profiles and
//! several seeds (one fresh, printed), and docs/attacks.md lists them all.

use dcverify_conformance::attack::run::run_scenario;
use dcverify_conformance::attack::scenarios::{markdown_table, SCENARIOS};
use dcverify_impl::OpenMls;
use dcverify_protocol::{Profile, Rng};

#[test]
fn every_scenario_ends_as_stated_and_never_in_a_silent_split() {
    let fresh = std::env::var("DCVERIFY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(Rng::fresh_seed);
    println!("attack seed: {fresh}");
    for profile in Profile::ALL {
        for seed in [1, 2, fresh] {
            for s in SCENARIOS {
                let r = run_scenario(s, &OpenMls::default(), profile, seed).unwrap();
                assert!(
                    !r.assessment.silent_split,
                    "{} ({profile}, seed {seed}): silent split: {:?}",
                    s.name, r.assessment.details
                );
                assert!(
                    r.as_expected,
                    "{} ({profile}, seed {seed}): expected {:?}, got {:?}",
                    s.name, s.expected, r.assessment
                );
            }
        }
    }
}

#[test]
fn docs_list_every_scenario_with_its_outcome() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/attacks.md"))
        .unwrap();
    assert!(
        doc.contains(&markdown_table()),
        "docs/attacks.md is stale: paste `dcverify attack x --markdown`"
    );
}
