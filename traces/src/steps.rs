//! Traces written as steps only, completed through the model: a text file
//! with one step per line (`Join`, `Read(1)`, `Send(1)`, `Leave(2)`), or an
//! ITF document whose only variable is `action`. The model computes every
//! state, so a hand-written scenario is as long as its steps
//! (`traces/README.md`, "Steps only").

use crate::document::{Meta, Source, Trace, TraceError};
use crate::make::path_trace;
use crate::walk::NotABehaviour;
use dcverify_model::{Action, ServerStep, WalkError};
use std::path::Path;

/// A steps file before completion: its metadata and each step with its line.
#[derive(Clone, Debug, PartialEq)]
pub struct Steps {
    pub meta: Meta,
    /// Each step and where it was written (a line of a text file, or a state index).
    pub steps: Vec<(usize, Action)>,
}

/// The header keys a steps file may set before its first step.
const KEYS: [&str; 7] =
    ["profile", "users", "leaves", "attacks", "compromises", "violates", "description"];

/// Reads a text steps file: `#` starts a comment; `key value` lines (or
/// `key: value`) for [`KEYS`] may come before the first step; every other
/// non-empty line is one step. Bounds not given are the smallest that admit
/// the steps (users: the founder plus one per `Join`; leaves: one per `Leave`).
pub fn parse_steps_text(text: &str, file: &Path) -> Result<Steps, TraceError> {
    let error = |line: usize, message: String| TraceError::Steps {
        file: file.to_path_buf(),
        line,
        message,
    };
    let mut header: Vec<(usize, &str, &str)> = Vec::new();
    let mut steps = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        let (word, rest) = content.split_once([' ', ':', '\t']).unwrap_or((content, ""));
        if KEYS.contains(&word) {
            if !steps.is_empty() {
                return Err(error(line, format!("`{word}` must come before the first step")));
            }
            header.push((line, word, rest.trim_start_matches([':', ' ', '\t']).trim()));
            continue;
        }
        let action = content.parse::<Action>().map_err(|e| error(line, e.to_string()))?;
        steps.push((line, action));
    }
    if steps.is_empty() {
        return Err(error(
            text.lines().count().max(1),
            "no steps (write one per line: Join, Read(1), Send(1), Leave(2))".into(),
        ));
    }
    let joins = steps.iter().filter(|(_, a)| *a == Action::Join).count();
    let leaves = steps.iter().filter(|(_, a)| matches!(a, Action::Leave(_))).count();
    // The server may name a uid nobody has yet (`ServerJoin(v)`): the bound admits it.
    let named = steps
        .iter()
        .filter_map(|(_, a)| match a {
            Action::Server(ServerStep::ServerJoin(v)) => Some(usize::from(*v)),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let mut meta = Meta::new(Source::HandWritten, "orange", (joins + 1).max(named), leaves);
    meta.attacks = steps.iter().filter(|(_, a)| matches!(a, Action::Server(_))).count();
    meta.compromises = steps.iter().filter(|(_, a)| matches!(a, Action::Compromise(_))).count();
    for (line, key, value) in header {
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| error(line, format!("`{key}` needs a number, not `{value}`")))
        };
        match key {
            "profile" => meta.profile = value.to_string(),
            "users" => meta.users = number()?,
            "leaves" => meta.leaves = number()?,
            "attacks" => meta.attacks = number()?,
            "compromises" => meta.compromises = number()?,
            "violates" => meta.violates = Some(value.to_string()),
            _ => meta.description = Some(value.to_string()),
        }
    }
    Ok(Steps { meta, steps })
}

impl Steps {
    /// The full trace: every state computed by the model the metadata names.
    /// A step the model does not allow is reported with its line.
    pub fn complete(self, file: &Path) -> Result<Trace, TraceError> {
        let behaviour = |line: Option<usize>, error: NotABehaviour| TraceError::Behaviour {
            file: file.to_path_buf(),
            line,
            error,
        };
        let model = crate::document::model_of(&self.meta).map_err(|e| behaviour(None, e))?;
        let actions: Vec<Action> = self.steps.iter().map(|&(_, a)| a).collect();
        let path = model.walk_actions(&actions).map_err(|e| {
            let line = match &e {
                WalkError::NotEnabled { step, .. }
                | WalkError::WrongState { step, .. }
                | WalkError::NoStep { step }
                | WalkError::Unknown { step } => self.steps.get(step - 1).map(|&(l, _)| l),
                WalkError::NotInitial => None,
            };
            behaviour(line, NotABehaviour::Walk(e))
        })?;
        Ok(path_trace(self.meta, &path))
    }
}
