//! `dcverify show`: a trace in the terminal, one row per step, with each
//! user's changed fields, who believes it is DC, and where each property
//! first fails; one state in full; the first difference between two traces.

use dcverify_model::properties::PROPERTIES;
use dcverify_model::state_diff::local_fields;
use dcverify_model::{state_diff, Action, DcModel, EpochNames, Local, State, Uid, User};
use dcverify_trace::{Meta, Trace};

pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn changed(&self, s: &str) -> String {
        self.paint("1;33", s)
    }
    fn bad(&self, s: &str) -> String {
        self.paint("1;31", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
}

/// Every field of an alive user but the cursor, as text, and whether it
/// believes it is DC.
pub fn fields(l: &Local, names: &EpochNames) -> Vec<(&'static str, String)> {
    let mut fields: Vec<(&'static str, String)> = local_fields(l, names)
        .into_iter()
        .filter(|(f, _)| *f != "cursor")
        .map(|(f, v)| match f {
            "outbox" => (f, v.trim_start_matches('[').trim_end_matches(']').to_string()),
            _ => (f, v),
        })
        .collect();
    fields.push(("believes_dc", l.believes_dc().to_string()));
    // `healing` only (docs/pcs.md): empty and false under the other profiles.
    fields.push(("pending_updates", l.pending_updates.to_string()));
    fields.push(("update_due", l.update_due.to_string()));
    fields
}

/// One line per epoch node of the trace, `e2b = r1/1:Add(2)/2:Add(3)`,
/// forks marked with the node each descends from.
pub fn legend(names: &EpochNames) -> String {
    let mut out = String::from("epoch nodes (name = root/committer:op/...):\n");
    for (name, e) in names.nodes() {
        let parent = match names.parent_name(e) {
            Some(p) => Some(format!("child of {p}")),
            None if e.number() > 0 => Some("parent never seen".to_string()),
            None => None,
        };
        let fork = match (names.forked(e), parent) {
            (true, Some(p)) => format!("   (FORK of epoch {}, {p})", e.number()),
            (true, None) => format!("   (FORK of epoch {})", e.number()),
            (false, Some(p)) => format!("   ({p})"),
            (false, None) => String::new(),
        };
        out.push_str(&format!("  {name} = {e}{fork}\n"));
    }
    out
}

/// The fields of a user that a step changed: (field, before, after). The cursor is left out.
pub fn changes(
    before: Option<&User>,
    after: Option<&User>,
    names: &EpochNames,
) -> Vec<(&'static str, String, String)> {
    let show = |l: &Local| fields(l, names);
    match (before.and_then(User::local), after.and_then(User::local)) {
        (Some(b), Some(a)) => show(b)
            .into_iter()
            .zip(show(a))
            .filter(|(x, y)| x.1 != y.1)
            .map(|(x, y)| (x.0, x.1, y.1))
            .collect(),
        (Some(_), None) => vec![("alive", "true".into(), "false (left)".into())],
        (None, Some(a)) if before.is_none() => show(a)
            .into_iter()
            .filter(|(_, v)| !v.is_empty() && v != "-" && v != "{}" && v != "[]" && v != "false")
            .map(|(f, v)| (f, "".into(), v))
            .collect(),
        _ => Vec::new(),
    }
}

fn log_change(before: &State, action: Action, after: &State, names: &EpochNames) -> String {
    match action {
        Action::Read(u) => {
            match before.local(u).and_then(|l| before.log.get(l.cursor).map(|e| (l.cursor, e))) {
                Some((k, e)) => format!("reads log[{k}] {}", names.entry(e)),
                None => String::new(),
            }
        }
        // What the server gave whom, or what it appended, in the model's words.
        Action::Server(_) | Action::Compromise(_) => {
            dcverify_model::describe::describe_step(before, action, &[], after, names)
        }
        _ => {
            let added: Vec<String> =
                after.log[before.log.len()..].iter().map(|e| names.entry(e)).collect();
            format!("appends {}", added.join(" + "))
        }
    }
}

fn dc_set(state: &State) -> Vec<Uid> {
    state.alive().filter(|(_, l)| l.believes_dc()).map(|(u, _)| u).collect()
}

/// The model a trace names, if its metadata names one.
fn model_of(trace: &Trace) -> Option<DcModel> {
    dcverify_trace::document::model_of(&trace.meta).ok()
}

/// The properties `state` violates among those the trace's model checks:
/// the honest ones, or the security ones when the server has a budget.
fn violated(trace: &Trace, state: &State) -> Vec<&'static str> {
    match model_of(trace) {
        Some(model) => model.violated(state),
        None => PROPERTIES.iter().filter(|p| !p.check(state)).map(|p| p.name).collect(),
    }
}

/// The first state index at which each property fails, in the properties' order.
pub fn first_failures(trace: &Trace) -> Vec<(&'static str, usize)> {
    let model = model_of(trace);
    let names: Vec<&'static str> = match &model {
        Some(model) => model.property_names(),
        None => PROPERTIES.iter().map(|p| p.name).collect(),
    };
    let fails = |name: &str, state: &State| match &model {
        Some(model) => model.holds(name, state) == Some(false),
        None => dcverify_model::properties::by_name(name).is_some_and(|p| !p.check(state)),
    };
    names
        .into_iter()
        .filter_map(|name| {
            trace.steps.iter().position(|s| fails(name, &s.state)).map(|i| (name, i))
        })
        .collect()
}

pub fn render_trace(trace: &Trace, style: &Style) -> String {
    let names = trace.epoch_names();
    let failures = first_failures(trace);
    let mut out = format!(
        "{} trace, profile {}, {} users, {} leaves{}\n",
        trace.meta.source,
        trace.meta.profile,
        trace.meta.users,
        trace.meta.leaves,
        trace.meta.violates.as_ref().map_or(String::new(), |p| format!(", violates {p}"))
    );
    for (i, pair) in trace.steps.windows(2).enumerate() {
        let (before, after) = (&pair[0].state, &pair[1].state);
        let Some(action) = pair[1].action else { continue };
        out.push_str(&format!(
            "{:>4}  {:<9} {}\n",
            i + 1,
            action.to_string(),
            log_change(before, action, after, &names)
        ));
        for (idx, user) in after.users.iter().enumerate() {
            let uid = idx + 1;
            let c = changes(before.users.get(idx), Some(user), &names);
            if c.is_empty() {
                continue;
            }
            let parts: Vec<String> = c
                .iter()
                .map(|(f, b, a)| match *f {
                    // The log line shows what was sent: only say what is left.
                    "outbox" if a.len() < b.len() => format!(
                        "outbox {}",
                        style.dim(&format!("{} left", user.local().map_or(0, |l| l.outbox.len())))
                    ),
                    "outbox" if a.starts_with(b.as_str()) => {
                        format!("queues {}", style.changed(a[b.len()..].trim_start_matches(", ")))
                    }
                    _ if b.is_empty() => format!("{f} {}", style.changed(a)),
                    _ => format!("{f} {} → {}", style.dim(b), style.changed(a)),
                })
                .collect();
            out.push_str(&format!("            user {uid}: {}\n", parts.join("; ")));
        }
        if dc_set(before) != dc_set(after) {
            let dcs: Vec<String> = dc_set(after).iter().map(|u| u.to_string()).collect();
            out.push_str(&format!(
                "            DC: {}\n",
                if dcs.is_empty() { "nobody".to_string() } else { dcs.join(", ") }
            ));
        }
        for (p, at) in &failures {
            if *at == i + 1 {
                out.push_str(&format!(
                    "            {}\n",
                    style.bad(&format!("✗ {p} fails from here"))
                ));
            }
        }
    }
    out.push('\n');
    out.push_str(&legend(&names));
    out
}

pub fn render_state(trace: &Trace, index: usize) -> Option<String> {
    let names = trace.epoch_names();
    let step = trace.steps.get(index)?;
    let mut out = format!(
        "state {index}{}\n",
        step.action.map_or(" (initial)".to_string(), |a| format!(", after {a}"))
    );
    out.push_str("log:\n");
    for (k, e) in step.state.log.iter().enumerate() {
        out.push_str(&format!("  {k:>3}. {}\n", names.entry(e)));
    }
    for (idx, user) in step.state.users.iter().enumerate() {
        let uid = idx + 1;
        match user {
            User::Left => out.push_str(&format!("user {uid}: left\n")),
            User::Alive(l) => {
                out.push_str(&format!("user {uid}: cursor {}\n", l.cursor));
                for (f, v) in fields(l, &names) {
                    out.push_str(&format!("  {f:<16} {v}\n"));
                }
            }
        }
    }
    let failing = violated(trace, &step.state);
    out.push_str(&format!(
        "violated here: {}\n",
        if failing.is_empty() { "none".to_string() } else { failing.join(", ") }
    ));
    Some(out)
}

/// The metadata keys in which two traces differ: (key, in a, in b).
fn meta_diff(a: &Meta, b: &Meta) -> Vec<(String, String, String)> {
    let (Ok(serde_json::Value::Object(ma)), Ok(serde_json::Value::Object(mb))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return Vec::new();
    };
    let keys: std::collections::BTreeSet<&String> = ma.keys().chain(mb.keys()).collect();
    let show = |v: Option<&serde_json::Value>| match v {
        None => "(none)".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    };
    keys.into_iter()
        .filter(|k| ma.get(*k) != mb.get(*k))
        .map(|k| (k.clone(), show(ma.get(k)), show(mb.get(k))))
        .collect()
}

/// How two traces differ: every metadata key, then the first state at
/// which they differ with every differing field (the action, the log entry
/// by entry, every field of every user), and whether one is longer. Epoch
/// nodes are named over both traces, so a name means the same node in each.
pub fn render_diff(a: &Trace, b: &Trace, style: &Style) -> String {
    let names = EpochNames::for_states(a.steps.iter().chain(&b.steps).map(|s| &s.state));
    let mut out = String::new();
    let meta = meta_diff(&a.meta, &b.meta);
    if !meta.is_empty() {
        out.push_str("metadata differs:\n");
        for (k, va, vb) in &meta {
            out.push_str(&format!("  #meta.{k}: {} | {}\n", style.changed(va), style.changed(vb)));
        }
    }
    let first = a.steps.iter().zip(&b.steps).position(|(sa, sb)| sa != sb);
    match first {
        Some(i) => {
            let (sa, sb) = (&a.steps[i], &b.steps[i]);
            let act = |s: &dcverify_trace::TraceStep| {
                s.action.map_or("Init".to_string(), |x| x.to_string())
            };
            if i == 0 {
                out.push_str("the traces differ from state 0:\n");
            } else {
                out.push_str(&format!(
                    "the traces agree up to state {}; state {i} differs:\n",
                    i - 1
                ));
            }
            if sa.action != sb.action {
                out.push_str(&format!(
                    "  action: {} | {}\n",
                    style.changed(&act(sa)),
                    style.changed(&act(sb))
                ));
            }
            for d in state_diff(&sa.state, &sb.state, &names) {
                out.push_str(&format!(
                    "  {}: {} | {}\n",
                    d.field,
                    style.changed(&d.left),
                    style.changed(&d.right)
                ));
            }
            let later = a.steps.iter().zip(&b.steps).skip(i + 1).filter(|(x, y)| x != y).count();
            if later > 0 {
                out.push_str(&format!("  ({later} later state(s) differ as well; `show --step N` shows one in full)\n"));
            }
        }
        None if a.steps.len() == b.steps.len() => {
            if meta.is_empty() {
                return "the traces are identical\n".into();
            }
            out.push_str("the states and steps are identical\n");
        }
        None => {}
    }
    if a.steps.len() != b.steps.len() {
        out.push_str(&format!(
            "the first trace has {} states, the second {}{}\n",
            a.steps.len(),
            b.steps.len(),
            if first.is_none() { "; the shorter is a prefix of the longer" } else { "" }
        ));
    }
    let legend: Vec<String> = names
        .nodes()
        .filter(|(n, _)| out.contains(n.as_str()))
        .map(|(n, e)| format!("  {n} = {e}"))
        .collect();
    if !legend.is_empty() {
        out.push_str(&format!("epoch nodes:\n{}\n", legend.join("\n")));
    }
    out
}
