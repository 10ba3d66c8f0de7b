//! A whole `.itf.json` trace: `#meta`, `vars` and `states`, each state the
//! model state plus the step (`action`) that led to it.

use crate::convert::{self, FieldError};
use crate::itf::{ItfInt, ItfSet};
use crate::shape::{ActionShape, EntryShape, StolenShape, UsersShape};
use crate::steps::{parse_steps_text, Steps};
use crate::walk::NotABehaviour;
use dcverify_model::{Action, Bounds, DcModel, Path as ModelPath, Profile, State};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// The variables of every state, in this order.
pub const VARS: [&str; 3] = ["action", "log", "users"];

/// The variables a trace with a hostile server adds (`#meta.attacks` > 0):
/// the budget spent so far and the users that failed after its first step.
pub const ATTACK_VARS: [&str; 2] = ["attacks_used", "failed_under_attack"];

/// The variable a trace with compromises adds (`#meta.compromises` > 0):
/// the attacker's stolen copies (`docs/pcs.md`).
pub const COMPROMISE_VARS: [&str; 1] = ["stolen"];

/// Where a trace came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Stateright,
    Tlc,
    HandWritten,
    Implementation,
}

/// The source as `#meta.source` writes it (`hand-written`).
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Stateright => "stateright",
            Source::Tlc => "tlc",
            Source::HandWritten => "hand-written",
            Source::Implementation => "implementation",
        })
    }
}

/// How a replay of the trace on the implementation must end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    /// Every step conforms (a counterexample then shows its failure on real MLS too).
    #[default]
    Pass,
    /// The implementation diverges from the model somewhere.
    Diverge,
}

/// The trace's `#meta` object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub format: String,
    #[serde(rename = "format-description")]
    pub format_description: String,
    pub source: Source,
    /// The tool and version that wrote it, e.g. `dcverify 0.1.0`.
    pub tool: String,
    pub profile: String,
    // Numbers in `#meta` are written as strings (`crate::itf::meta_number`).
    #[serde(with = "crate::itf::meta_number")]
    pub users: usize,
    #[serde(with = "crate::itf::meta_number")]
    pub leaves: usize,
    /// The hostile server's budget (`docs/threat-model.md`); absent for an honest server.
    #[serde(default, skip_serializing_if = "is_zero", with = "crate::itf::meta_number")]
    pub attacks: usize,
    /// How many users' states the attacker may steal (`docs/pcs.md`); absent for none.
    #[serde(default, skip_serializing_if = "is_zero", with = "crate::itf::meta_number")]
    pub compromises: usize,
    /// The property this trace violates in its last state, if it is a counterexample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violates: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::itf::meta_number::option"
    )]
    pub seed: Option<u64>,
    /// How replaying it on the implementation must end.
    #[serde(default)]
    pub expect: Expect,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The deliberate bug of the client this trace is replayed on
    /// (`skip-one-pending-remove`): a trace that shows conformance catching
    /// a wrong client. Absent for the correct client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutant: Option<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Meta {
    pub fn new(source: Source, profile: &str, users: usize, leaves: usize) -> Self {
        Meta {
            format: "ITF".into(),
            format_description: "https://apalache-mc.org/docs/adr/015adr-trace.html".into(),
            source,
            tool: format!("dcverify {}", env!("CARGO_PKG_VERSION")),
            profile: profile.into(),
            users,
            leaves,
            attacks: 0,
            compromises: 0,
            violates: None,
            seed: None,
            expect: Expect::Pass,
            description: None,
            mutant: None,
        }
    }
}

/// One state of a trace and the step that led to it (`None` for the first).
#[derive(Clone, Debug, PartialEq)]
pub struct TraceStep {
    pub action: Option<Action>,
    pub state: State,
}

/// A decoded trace.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub meta: Meta,
    pub steps: Vec<TraceStep>,
}

/// Why a trace could not be read or written.
#[derive(Debug)]
pub enum TraceError {
    Io {
        file: PathBuf,
        source: std::io::Error,
    },
    /// Not JSON, or not the document's top-level shape (`#meta`, `vars`, `states`).
    Document {
        file: PathBuf,
        message: String,
    },
    /// A state's variable is missing or holds a wrong value.
    Field {
        file: PathBuf,
        state: usize,
        field: String,
        message: String,
    },
    /// A line of a steps file that is neither a step nor a header.
    Steps {
        file: PathBuf,
        line: usize,
        message: String,
    },
    /// Well formed, but not a behaviour of the model its metadata names:
    /// the first wrong state, step and field (`line` for a steps file).
    Behaviour {
        file: PathBuf,
        line: Option<usize>,
        error: NotABehaviour,
    },
}

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TraceError::Io { file, source } => write!(f, "{}: {source}", file.display()),
            TraceError::Document { file, message } => write!(f, "{}: {message}", file.display()),
            TraceError::Field { file, state, field, message } => {
                write!(f, "{}: state {state}, field `{field}`: {message}", file.display())
            }
            TraceError::Steps { file, line, message } => {
                write!(f, "{}:{line}: {message}", file.display())
            }
            TraceError::Behaviour { file, line: Some(line), error } => {
                write!(f, "{}:{line}: not a behaviour of the model: {error}", file.display())
            }
            TraceError::Behaviour { file, line: None, error } => {
                write!(f, "{}: not a behaviour of the model: {error}", file.display())
            }
        }
    }
}

impl std::error::Error for TraceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TraceError::Io { source, .. } => Some(source),
            TraceError::Behaviour { error, .. } => Some(error),
            _ => None,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Document {
    #[serde(rename = "#meta")]
    meta: Meta,
    vars: Vec<String>,
    states: Vec<serde_json::Map<String, serde_json::Value>>,
}

impl Trace {
    /// The trace as an ITF JSON value.
    pub fn to_json(&self) -> serde_json::Value {
        let states = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let mut m = serde_json::Map::new();
                m.insert("#meta".into(), serde_json::json!({ "index": i }));
                m.insert("action".into(), to_value(&convert::action_shape(step.action)));
                m.insert("log".into(), to_value(&convert::log_shape(&step.state)));
                m.insert("users".into(), to_value(&convert::users_shape(&step.state)));
                if self.meta.attacks > 0 {
                    let (used, failed) = convert::attacks_shape(&step.state);
                    m.insert(ATTACK_VARS[0].into(), to_value(&used));
                    m.insert(ATTACK_VARS[1].into(), to_value(&failed));
                }
                if self.meta.compromises > 0 {
                    m.insert(
                        COMPROMISE_VARS[0].into(),
                        to_value(&convert::stolen_shape(&step.state)),
                    );
                }
                m
            })
            .collect();
        let doc = Document {
            meta: self.meta.clone(),
            vars: VARS
                .iter()
                .chain(if self.meta.attacks > 0 { &ATTACK_VARS[..] } else { &[] })
                .chain(if self.meta.compromises > 0 { &COMPROMISE_VARS[..] } else { &[] })
                .map(|v| v.to_string())
                .collect(),
            states,
        };
        to_value(&doc)
    }

    pub fn to_json_string(&self) -> String {
        // A Value built from our own shapes always serializes.
        serde_json::to_string_pretty(&self.to_json()).unwrap_or_default()
    }

    pub fn write(&self, file: &Path) -> Result<(), TraceError> {
        std::fs::write(file, self.to_json_string() + "\n")
            .map_err(|source| TraceError::Io { file: file.to_path_buf(), source })
    }

    pub fn read(file: &Path) -> Result<Trace, TraceError> {
        let text = std::fs::read_to_string(file)
            .map_err(|source| TraceError::Io { file: file.to_path_buf(), source })?;
        Trace::parse(&text, file)
    }

    /// Reads a trace and checks it is a behaviour of the model its metadata
    /// names: what every command does before it uses a trace. The error
    /// names the first wrong state, step and field.
    pub fn read_valid(file: &Path) -> Result<(Trace, DcModel, ModelPath), TraceError> {
        let trace = Trace::read(file)?;
        let (model, path) = trace.walk().map_err(|error| TraceError::Behaviour {
            file: file.to_path_buf(),
            line: None,
            error,
        })?;
        Ok((trace, model, path))
    }

    /// Decodes a trace from its text; `file` only names it in errors. The
    /// text is an ITF document (full, or with `action` as its only variable)
    /// or a steps file (`steps.rs`); a trace of steps only is completed
    /// through the model.
    pub fn parse(text: &str, file: &Path) -> Result<Trace, TraceError> {
        if !text.trim_start().starts_with('{') {
            return parse_steps_text(text, file)?.complete(file);
        }
        let doc = parse_document(text, file)?;
        if doc.vars == ["action"] {
            return steps_of(doc, file)?.complete(file);
        }
        Trace::from_document(doc, file)
    }

    /// The trace a full document holds (every variable of [`VARS`]).
    fn from_document(doc: Document, file: &Path) -> Result<Trace, TraceError> {
        let document = |message: String| TraceError::Document { file: file.to_path_buf(), message };
        for var in VARS {
            if !doc.vars.iter().any(|v| v == var) {
                return Err(document(format!("`vars` does not list `{var}`")));
            }
        }
        let mut steps = Vec::with_capacity(doc.states.len());
        for (index, state) in doc.states.iter().enumerate() {
            let field = |field: String, message: String| TraceError::Field {
                file: file.to_path_buf(),
                state: index,
                field,
                message,
            };
            let from_field = |e: FieldError| field(e.field, e.message);
            let action = step_action(state, index, file)?;
            let log: Vec<EntryShape> = var(state, "log").map_err(|(f, m)| field(f, m))?;
            let users: UsersShape = var(state, "users").map_err(|(f, m)| field(f, m))?;
            let attacks: Option<(ItfInt, ItfSet<ItfInt>)> = if doc.meta.attacks > 0 {
                let used = var(state, ATTACK_VARS[0]).map_err(|(f, m)| field(f, m))?;
                let failed = var(state, ATTACK_VARS[1]).map_err(|(f, m)| field(f, m))?;
                Some((used, failed))
            } else {
                None
            };
            let stolen: Vec<StolenShape> = if doc.meta.compromises > 0 {
                var(state, COMPROMISE_VARS[0]).map_err(|(f, m)| field(f, m))?
            } else {
                Vec::new()
            };
            let model_state =
                convert::read_state(&log, &users, attacks.as_ref().map(|(u, f)| (u, f)), &stolen)
                    .map_err(from_field)?;
            steps.push(TraceStep { action, state: model_state });
        }
        Ok(Trace { meta: doc.meta, steps })
    }
}

/// The steps of a document whose only variable is `action`.
fn steps_of(doc: Document, file: &Path) -> Result<Steps, TraceError> {
    let mut steps = Vec::with_capacity(doc.states.len());
    for (index, state) in doc.states.iter().enumerate() {
        if let Some(action) = step_action(state, index, file)? {
            steps.push((index, action));
        }
    }
    Ok(Steps { meta: doc.meta, steps })
}

/// State `index`'s `action`: `None` (Init) exactly for the first state.
fn step_action(
    state: &serde_json::Map<String, serde_json::Value>,
    index: usize,
    file: &Path,
) -> Result<Option<Action>, TraceError> {
    let field = |field: String, message: String| TraceError::Field {
        file: file.to_path_buf(),
        state: index,
        field,
        message,
    };
    let shape: ActionShape = var(state, "action").map_err(|(f, m)| field(f, m))?;
    let action = convert::read_action(&shape, "action").map_err(|e| field(e.field, e.message))?;
    if (index == 0) != action.is_none() {
        let message = if index == 0 {
            "the first state's action must be Init"
        } else {
            "only the first state's action may be Init"
        };
        return Err(field("action".into(), message.into()));
    }
    Ok(action)
}

/// The document's top-level shape, without decoding the states.
fn parse_document(text: &str, file: &Path) -> Result<Document, TraceError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let doc: Document = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        TraceError::Document {
            file: file.to_path_buf(),
            message: format!("at `{path}`: {}", e.into_inner()),
        }
    })?;
    if doc.states.is_empty() {
        return Err(TraceError::Document {
            file: file.to_path_buf(),
            message: "`states` is empty".into(),
        });
    }
    Ok(doc)
}

/// The model a trace's metadata names (profile and bounds).
pub fn model_of(meta: &Meta) -> Result<DcModel, NotABehaviour> {
    let profile: Profile = meta.profile.parse().map_err(NotABehaviour::Profile)?;
    let bounds = Bounds { users: meta.users, leaves: meta.leaves };
    Ok(DcModel::new(profile, bounds)
        .map_err(NotABehaviour::Bounds)?
        .with_attacks(meta.attacks)
        .with_compromises(meta.compromises))
}

/// Decodes variable `name` of one state, naming the failing field on error.
fn var<T: DeserializeOwned>(
    state: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<T, (String, String)> {
    let value = state.get(name).ok_or_else(|| (name.to_string(), "missing".to_string()))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = match path.as_str() {
            "." => name.to_string(),
            p if p.starts_with('[') => format!("{name}{p}"),
            p => format!("{name}.{p}"),
        };
        (field, e.into_inner().to_string())
    })
}

fn to_value<T: Serialize>(v: &T) -> serde_json::Value {
    // Our shapes are plain data: serialization to a Value cannot fail.
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}
