//! Partial-order reduction keeps every known failure (`docs/reduction.md`):
//! each committed counterexample of `orange` is turned, by the rewriting of
//! the soundness argument, into a path the reduced checker takes, ending in
//! the very state the counterexample ends in; and the reduced checker finds
//! each of their properties violated at their bounds.

use dcverify_model::check::{run_check, CheckOptions, Search};
use dcverify_model::reduction::ample_read;
use dcverify_model::{Action, Bounds, DcModel, Profile, State};
use dcverify_trace::Trace;
use std::collections::VecDeque;
use std::path::PathBuf;

fn counterexamples() -> Vec<Trace> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../traces/orange/counterexamples");
    let files = dcverify_trace::files::trace_files(&dir).unwrap();
    assert_eq!(files.len(), 8, "{files:?}");
    files.iter().map(|f| Trace::read(f).unwrap()).collect()
}

/// The argument's rewriting of a full path to a quiescent state: where the
/// reduction picks `Read(u)`, take it, dropping u's next read from the rest
/// of the path (it commutes to the front), or, if u leaves first, keeping
/// the rest (the leave erases the read). Otherwise take the next step of
/// the path. Returns the states of the reduced path.
fn reduced_path(model: &DcModel, path: &[Action]) -> Vec<State> {
    let mut rest: VecDeque<Action> = path.iter().copied().collect();
    let mut states = vec![State::initial()];
    loop {
        let state = states.last().unwrap();
        let step = match ample_read(model, state) {
            Some(Action::Read(u)) => {
                let first =
                    rest.iter().position(|&a| a == Action::Read(u) || a == Action::Leave(u));
                if let Some(i) = first.filter(|&i| rest[i] == Action::Read(u)) {
                    rest.remove(i);
                }
                Action::Read(u)
            }
            Some(other) => panic!("the reduction picked {other}"),
            None => match rest.pop_front() {
                Some(a) => a,
                None => break,
            },
        };
        let next = model.step(state, step).unwrap_or_else(|| panic!("{step} is not enabled"));
        states.push(next);
    }
    states
}

#[test]
fn every_orange_counterexample_ends_where_a_reduced_path_ends() {
    for trace in counterexamples() {
        let bounds = Bounds { users: trace.meta.users, leaves: trace.meta.leaves };
        let model = DcModel::new(Profile::Orange, bounds).unwrap().with_reduction(true);
        let actions: Vec<Action> = trace.steps.iter().filter_map(|s| s.action).collect();
        let end = &trace.steps.last().unwrap().state;
        assert!(end.quiescent());
        let states = reduced_path(&model, &actions);
        assert_eq!(states.last(), Some(end), "{:?}", trace.meta.violates);
        // Only where no read was picked did the path take another step.
        let picked = states.windows(2).filter(|w| ample_read(&model, &w[0]).is_some()).count();
        assert!(picked > 0);
    }
}

#[test]
fn the_reduced_checker_finds_every_committed_orange_failure() {
    let traces = counterexamples();
    let bounds = Bounds { users: traces[0].meta.users, leaves: traces[0].meta.leaves };
    let opts = CheckOptions { reduce: true, ..CheckOptions::new(Profile::Orange, bounds) };
    let report = run_check(&opts, &mut |_| None).unwrap();
    for trace in traces {
        assert_eq!((trace.meta.users, trace.meta.leaves), (bounds.users, bounds.leaves));
        let name = trace.meta.violates.clone().unwrap();
        let verdict = report.properties.iter().find(|p| p.name == name).unwrap();
        assert!(!verdict.holds, "{name}");
        // Still a shortest counterexample: as long as the committed one.
        assert_eq!(verdict.counterexample_search, Some(Search::Shortest));
        assert_eq!(verdict.counterexample_steps, Some(trace.steps.len() - 1), "{name}");
    }
}
