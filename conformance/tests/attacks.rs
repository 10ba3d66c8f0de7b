//! Every fault and attack scenario ends as stated, under both profiles and
//! several seeds (one fresh, printed), and docs/attacks.md lists them all.

use dcverify::attack::scenarios::{markdown_table, run_scenario, SCENARIOS};
use dcverify::rng::Rng;
use dcverify_model::Profile;

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
                let r = run_scenario(s, profile, seed);
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

#[test]
fn the_cli_runs_one_scenario_by_name() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dcverify"))
        .args(["attack", "ghost-member", "--seed", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("ghost-member")
            && text.contains("ok")
            && text.contains("shows [9], who never joined"),
        "{text}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dcverify"))
        .args(["attack", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("unknown scenario `nope`"));
}
