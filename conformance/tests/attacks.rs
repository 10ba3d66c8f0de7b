//! Every fault and attack scenario ends as stated, under both profiles and
//! several seeds (one fresh, printed), and docs/attacks.md lists them all.

use dcverify_conformance::attack::assess::{assess, Signal};
use dcverify_conformance::attack::run::run_scenario;
use dcverify_conformance::attack::scenarios::{markdown_table, Expected, InModel, SCENARIOS};
use dcverify_conformance::room::Room;
use dcverify_impl::OpenMls;
use dcverify_protocol::{ClientView, Profile, ServerStep};

mod common;
use common::{Hook, Tampered};

/// A client whose frames nobody else can open: its media key is not the
/// group's, while its safety number is.
fn foreign_key(sealed: &mut [u8]) {
    if let Some(last) = sealed.last_mut() {
        *last ^= 1;
    }
}

#[test]
fn every_scenario_ends_as_stated_and_never_in_a_silent_split() {
    let fresh = common::fresh_seed("attack");
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

/// A flipped bit of a Welcome keeps its joiner out either way, with a typed
/// error, or (a flip in the KeyPackage reference) as a Welcome for a
/// KeyPackage it does not hold, which it ignores: the scenario's seeds give
/// both, so its outcome requires only `not-admitted`.
#[test]
fn a_corrupt_welcome_is_an_error_or_someone_elses() {
    let s = SCENARIOS.iter().find(|s| s.name == "corrupt-welcome").unwrap();
    let mut with_error = 0;
    let mut without = 0;
    for seed in 1..=20 {
        let r = run_scenario(s, &OpenMls::default(), Profile::Orange, seed).unwrap();
        assert!(r.as_expected, "seed {seed}: {r:?}");
        assert!(r.assessment.signals.contains(&Signal::NotAdmitted), "seed {seed}: {r:?}");
        if r.assessment.signals.contains(&Signal::TypedError) {
            with_error += 1;
        } else {
            without += 1;
        }
    }
    assert!(with_error > 0 && without > 0, "{with_error} with an error, {without} without");
}

/// The SFU scenarios that end in agreement do reorder or hold frames back:
/// the clients put up with it, not a scenario that does nothing.
#[test]
fn frame_reorder_and_delay_really_deliver_frames_out_of_order() {
    for name in ["frame-reorder", "frame-delay"] {
        let s = SCENARIOS.iter().find(|s| s.name == name).unwrap();
        let r = run_scenario(s, &OpenMls::default(), Profile::Orange, 1).unwrap();
        let line = r.assessment.details.iter().find(|d| d.contains("out of order")).unwrap();
        // Three members, each sending to the two others, 50 rounds.
        assert!(line.starts_with("300 frames sent, 300 delivered"), "{name}: {line}");
        assert!(!line.contains("(0 out of order)"), "{name}: {line}");
        assert!(r.as_expected, "{name}: {r:?}");
    }
    let faithful = SCENARIOS.iter().find(|s| s.name == "frame-drop").unwrap();
    let r = run_scenario(faithful, &OpenMls::default(), Profile::Orange, 1).unwrap();
    assert!(r.assessment.details.iter().any(|d| d.contains("(0 out of order)")), "{r:?}");
}

fn wrong_clear_header(sealed: &mut [u8]) {
    if let Some(first) = sealed.first_mut() {
        *first ^= 0xff;
    }
}

/// A frame whose clear header is not the codec's is refused before the SFU
/// forwards it, and counted.
#[test]
fn a_frame_sealed_with_a_wrong_clear_header_is_refused_and_counted() {
    let s = SCENARIOS.iter().find(|s| s.name == "frame-reorder").unwrap();
    // User 3 sends VP8 key frames, whose first 10 bytes stay in the clear.
    let tampered = Tampered::always(Some(3), Hook::Sealed(wrong_clear_header));
    let r = run_scenario(s, &tampered, Profile::Orange, 1).unwrap();
    let line = r.assessment.details.iter().find(|d| d.contains("frames sent")).unwrap();
    assert!(line.starts_with("200 frames sent") && line.ends_with("50 refused"), "{line}");
    assert!(r.assessment.signals.contains(&Signal::FrameRejected) && !r.as_expected, "{r:?}");
}

#[test]
fn docs_list_every_scenario_with_its_outcome() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/attacks.md"))
        .unwrap();
    let table = markdown_table();
    assert_eq!(table.lines().count(), SCENARIOS.len() + 2, "{table}");
    assert!(doc.contains(&table), "docs/attacks.md is stale: paste `dcverify attack --markdown`");
}

/// docs/attacks.md says a corrupted commit makes its readers fail under
/// both profiles (rule 5 is the same in `fixed`); that stays true.
#[test]
fn a_corrupt_commit_makes_readers_fail_except_under_guarded_as_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/attacks.md"))
        .unwrap();
    assert!(
        doc.contains("`corrupt-commit` makes the readers fail\nunder both `orange` and `fixed`")
    );
    let scenario = SCENARIOS.iter().find(|s| s.name == "corrupt-commit").unwrap();
    for profile in Profile::ALL {
        let r = run_scenario(scenario, &OpenMls::default(), profile, 1).unwrap();
        // `guarded` ignores a commit it cannot open: the split shows, nobody stops.
        let fails = profile != Profile::Guarded;
        assert_eq!(
            r.assessment.signals.contains(&Signal::ClientFailed),
            fails,
            "{profile}: {:?}",
            r.assessment
        );
        assert!(r.assessment.on_screen.contains(&Signal::SafetyNumbersDiffer), "{profile}");
        // A stopped client is on nobody's screen under orange and fixed.
        assert!(!r.assessment.on_screen.contains(&Signal::ClientFailed), "{profile}");
    }
}

fn ghost_9(v: &mut ClientView) {
    v.roster.insert(9);
}

/// What the clients record is the same under every profile; what is on
/// screen is the profile's display: the roster and a client's trouble only
/// under `guarded` (`dcverify_model::display`), safety numbers everywhere.
#[test]
fn a_ghost_or_a_stopped_client_is_detected_only_where_the_display_shows_it() {
    for profile in Profile::ALL {
        let shows = profile == Profile::Guarded;
        for (tamper, signal) in [
            (ghost_9 as fn(&mut ClientView), Signal::GhostInRoster),
            (fail, Signal::ClientFailed),
            (drop_member_2, Signal::RemovedWhilePresent),
        ] {
            let tampered = Tampered::later(Some(2), Hook::View(tamper));
            let mut room = Room::new(&tampered, profile).unwrap();
            room.join().unwrap();
            room.join().unwrap();
            room.settle();
            tampered.arm();
            let joined = room.joined();
            let a = assess(&mut room, &joined);
            assert!(a.signals.contains(&signal), "{profile} {signal}: {a:?}");
            assert_eq!(a.on_screen.contains(&signal), shows, "{profile} {signal}: {a:?}");
            assert!(a.on_screen.is_subset(&a.signals), "{profile}: {a:?}");
        }
    }
    // The scenarios whose outcome depends on that: recorded everywhere,
    // shown only under guarded.
    for name in ["ghost-member", "key-package-substitution", "corrupt-welcome"] {
        let s = SCENARIOS.iter().find(|s| s.name == name).unwrap();
        for profile in Profile::ALL {
            let r = run_scenario(s, &OpenMls::default(), profile, 1).unwrap();
            assert!(!r.assessment.signals.is_empty(), "{name} {profile}: {r:?}");
            let shown = !r.assessment.on_screen.is_empty();
            assert_eq!(shown, profile == Profile::Guarded, "{name} {profile}: {r:?}");
            assert_eq!(matches!(r.expected, Expected::Detected(_)), shown, "{name} {profile}");
        }
    }
}

/// Each scenario says how the model's server steps express it (with real
/// step names and existing attack pages), or why the model does not cover it.
#[test]
fn every_scenario_names_its_server_steps_or_why_the_model_lacks_them() {
    let pages = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/attacks");
    let mut covered = 0;
    for s in SCENARIOS {
        match s.model {
            InModel::Steps { steps, how, page } => {
                covered += 1;
                assert!(!how.is_empty(), "{}", s.name);
                for step in steps.split("), ") {
                    let name = step.split('(').next().unwrap();
                    assert!(
                        ServerStep::NAMES.contains(&name),
                        "{}: `{name}` is no server step",
                        s.name
                    );
                }
                if let Some(page) = page {
                    assert!(
                        std::path::Path::new(pages).join(page).is_file(),
                        "{}: docs/attacks/{page} does not exist",
                        s.name
                    );
                }
            }
            InModel::Not(why) => assert!(why.len() > 20, "{}: say why", s.name),
        }
    }
    assert_eq!(covered, 13, "scenarios the model's server steps express");
}

#[test]
fn equal_safety_numbers_without_shared_media_keys_are_a_silent_split() {
    let tampered = Tampered::later(Some(2), Hook::Sealed(foreign_key));
    let mut room = Room::new(&tampered, Profile::Orange).unwrap();
    room.join().unwrap();
    room.join().unwrap();
    room.settle();
    let joined = room.joined();
    let honest = assess(&mut room, &joined);
    assert!(honest.agreement && !honest.silent_split, "{honest:?}");
    tampered.arm();
    let split = assess(&mut room, &joined);
    assert!(split.silent_split, "{split:?}");
    assert!(split.details.iter().any(|d| d.contains("users 2 and 1")), "{:?}", split.details);
    // And a scenario that would end in agreement fails.
    let agreement = SCENARIOS.iter().find(|s| s.name == "log-duplicate").unwrap();
    let all_along = Tampered::always(Some(2), Hook::Sealed(foreign_key));
    let r = run_scenario(agreement, &all_along, Profile::Orange, 1).unwrap();
    assert!(r.assessment.silent_split && !r.as_expected, "{r:?}");
}

fn drop_member_3(v: &mut ClientView) {
    v.roster.remove(&3);
}

fn fail(v: &mut ClientView) {
    v.failed = true;
}

fn drop_member_2(v: &mut ClientView) {
    v.roster.remove(&2);
}

/// Agreement needs every alive user in a group, one safety number, every
/// roster equal to the room and no failed client: each alone breaks it.
#[test]
fn agreement_needs_groups_one_number_the_room_as_roster_and_no_failure() {
    let assess_with = |tamper: Option<fn(&mut ClientView)>, settle: bool| {
        let tampered = Tampered::later(Some(2), Hook::View(tamper.unwrap_or(|_| {})));
        let mut room = Room::new(&tampered, Profile::Orange).unwrap();
        room.join().unwrap();
        if settle {
            room.settle();
            room.join().unwrap();
            room.settle();
        }
        tampered.arm();
        let joined = room.joined();
        assess(&mut room, &joined)
    };
    assert!(assess_with(None, true).agreement);
    // A joiner not yet welcomed: one safety number among those with a group.
    let waiting = assess_with(None, false);
    assert!(!waiting.agreement && waiting.signals.contains(&Signal::NotAdmitted), "{waiting:?}");
    // A member whose roster misses someone in the room.
    let roster = assess_with(Some(drop_member_3), true);
    assert!(!roster.agreement && roster.signals.is_empty(), "{roster:?}");
    // A failed member.
    let failed = assess_with(Some(fail), true);
    assert!(!failed.agreement && failed.signals.contains(&Signal::ClientFailed), "{failed:?}");
}
