//! The JSON report of a batch of seeded runs (`simulate`/`record --report`),
//! and merging the reports of a batch's shards into one (`dcverify merge`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One run of the batch and how it ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunResult {
    /// Its index in the batch (0-based).
    pub run: u64,
    pub seed: u64,
    pub steps: usize,
    /// The properties it violated (`simulate`), as `Name@step`.
    pub violations: Vec<String>,
    /// What went wrong on the implementation, if anything: a replay's
    /// divergence (`simulate --replay`) or a step the model does not allow
    /// (`record`).
    pub failure: Option<String>,
}

/// A batch's report: what was run, where in the batch, and each run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkReport {
    /// `simulate` or `record`.
    pub command: String,
    pub profile: String,
    pub users: usize,
    pub leaves: usize,
    pub attacks: usize,
    pub compromises: usize,
    pub seed: u64,
    pub runs: u64,
    pub depth: usize,
    /// `K/N`, or `None` for the whole batch.
    pub shard: Option<String>,
    pub results: Vec<RunResult>,
}

/// Why shards' reports do not make one batch.
#[derive(Debug, PartialEq, Eq)]
pub enum MergeError {
    Nothing,
    /// Two reports are not shards of the same batch (command, model, seed, runs, depth).
    OtherBatch {
        first: String,
        other: String,
    },
    Duplicate {
        run: u64,
    },
    Missing {
        runs: Vec<u64>,
    },
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Nothing => write!(f, "no report to merge"),
            MergeError::OtherBatch { first, other } => {
                write!(f, "not shards of one batch: {first} vs {other}")
            }
            MergeError::Duplicate { run } => write!(f, "run {run} is in two reports"),
            MergeError::Missing { runs } => {
                let shown: Vec<String> = runs.iter().take(10).map(u64::to_string).collect();
                write!(
                    f,
                    "{} run(s) of the batch are in no report (a shard missing?): {}{}",
                    runs.len(),
                    shown.join(", "),
                    if runs.len() > 10 { ", ..." } else { "" }
                )
            }
        }
    }
}

impl WalkReport {
    /// What makes two reports shards of the same batch.
    fn batch(&self) -> String {
        format!(
            "{} --profile {} --users {} --leaves {} --attacks {} --compromises {} --seed {} --runs {} --depth {}",
            self.command,
            self.profile,
            self.users,
            self.leaves,
            self.attacks,
            self.compromises,
            self.seed,
            self.runs,
            self.depth
        )
    }

    /// The whole batch from its shards' reports: each run exactly once.
    pub fn merge(reports: Vec<WalkReport>) -> Result<WalkReport, MergeError> {
        let mut reports = reports.into_iter();
        let mut merged = reports.next().ok_or(MergeError::Nothing)?;
        let mut by_run: BTreeMap<u64, RunResult> = BTreeMap::new();
        for r in std::mem::take(&mut merged.results) {
            if by_run.insert(r.run, r.clone()).is_some() {
                return Err(MergeError::Duplicate { run: r.run });
            }
        }
        for report in reports {
            if report.batch() != merged.batch() {
                return Err(MergeError::OtherBatch {
                    first: merged.batch(),
                    other: report.batch(),
                });
            }
            for r in report.results {
                if by_run.insert(r.run, r.clone()).is_some() {
                    return Err(MergeError::Duplicate { run: r.run });
                }
            }
        }
        let missing: Vec<u64> = (0..merged.runs).filter(|i| !by_run.contains_key(i)).collect();
        if !missing.is_empty() {
            return Err(MergeError::Missing { runs: missing });
        }
        merged.shard = None;
        merged.results = by_run.into_values().collect();
        Ok(merged)
    }

    pub fn violated(&self) -> usize {
        self.results.iter().filter(|r| !r.violations.is_empty()).count()
    }

    pub fn failed(&self) -> usize {
        self.results.iter().filter(|r| r.failure.is_some()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(k: u64, n: u64, runs: u64) -> WalkReport {
        WalkReport {
            command: "simulate".into(),
            profile: "fixed".into(),
            users: 4,
            leaves: 2,
            attacks: 0,
            compromises: 0,
            seed: 7,
            runs,
            depth: 100,
            shard: Some(format!("{k}/{n}")),
            results: (0..runs)
                .filter(|i| i % n == k - 1)
                .map(|run| RunResult {
                    run,
                    seed: 7 + run,
                    steps: 3,
                    violations: if run == 4 { vec!["OneEpoch@3".into()] } else { vec![] },
                    failure: None,
                })
                .collect(),
        }
    }

    #[test]
    fn the_shards_of_a_batch_merge_into_the_batch() {
        let merged =
            WalkReport::merge(vec![shard(2, 3, 10), shard(1, 3, 10), shard(3, 3, 10)]).unwrap();
        assert_eq!(
            merged.results.iter().map(|r| r.run).collect::<Vec<_>>(),
            (0..10).collect::<Vec<_>>()
        );
        assert_eq!((merged.violated(), merged.failed(), merged.shard), (1, 0, None));
    }

    #[test]
    fn a_missing_duplicated_or_foreign_shard_is_refused() {
        assert_eq!(
            WalkReport::merge(vec![shard(1, 3, 10), shard(3, 3, 10)]),
            Err(MergeError::Missing { runs: vec![1, 4, 7] })
        );
        assert_eq!(
            WalkReport::merge(vec![shard(1, 2, 4), shard(1, 2, 4), shard(2, 2, 4)]),
            Err(MergeError::Duplicate { run: 0 })
        );
        let mut other = shard(2, 2, 4);
        other.seed = 8;
        assert!(matches!(
            WalkReport::merge(vec![shard(1, 2, 4), other]),
            Err(MergeError::OtherBatch { .. })
        ));
        assert_eq!(WalkReport::merge(vec![]), Err(MergeError::Nothing));
    }
}
