//! `dcverify show`: a trace in the terminal, one row per step, with each
//! user's changed fields, who believes it is DC, and where each property
//! first fails; one state in full; the first difference between two traces.

use crate::names::EpochNames;
use dcverify_model::properties::PROPERTIES;
use dcverify_model::{Action, Local, State, Uid, User};
use dcverify_trace::Trace;

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

fn set(s: dcverify_model::UidSet) -> String {
    s.to_string()
}

/// Every field of an alive user but the cursor, as text.
pub fn fields(l: &Local, names: &EpochNames) -> Vec<(&'static str, String)> {
    vec![
        ("group", l.group.as_ref().map_or("-".into(), |g| names.name(g))),
        ("before_me", set(l.before_me)),
        ("left_seen", set(l.left_seen)),
        ("pending_adds", format!("{:?}", l.pending_adds)),
        ("pending_removes", format!("{:?}", l.pending_removes)),
        ("outbox", l.outbox.iter().map(|e| names.entry(e)).collect::<Vec<_>>().join(", ")),
        ("failed", l.failed.to_string()),
        ("believes_dc", l.believes_dc().to_string()),
    ]
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

/// The first state index at which each property fails.
pub fn first_failures(trace: &Trace) -> Vec<(&'static str, usize)> {
    PROPERTIES
        .iter()
        .filter_map(|p| trace.steps.iter().position(|s| !p.check(&s.state)).map(|i| (p.name, i)))
        .collect()
}

pub fn render_trace(trace: &Trace, style: &Style) -> String {
    let names = EpochNames::for_trace(trace);
    let failures = first_failures(trace);
    let mut out = format!(
        "{} trace, profile {}, {} users, {} leaves{}\n",
        format!("{:?}", trace.meta.source).to_lowercase(),
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
    out
}

pub fn render_state(trace: &Trace, index: usize) -> Option<String> {
    let names = EpochNames::for_trace(trace);
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
    let failing: Vec<&str> =
        PROPERTIES.iter().filter(|p| !p.check(&step.state)).map(|p| p.name).collect();
    out.push_str(&format!(
        "violated here: {}\n",
        if failing.is_empty() { "none".to_string() } else { failing.join(", ") }
    ));
    Some(out)
}

/// The first state at which two traces differ, and how.
pub fn render_diff(a: &Trace, b: &Trace, style: &Style) -> String {
    let (na, nb) = (EpochNames::for_trace(a), EpochNames::for_trace(b));
    for (i, (sa, sb)) in a.steps.iter().zip(&b.steps).enumerate() {
        if sa.action == sb.action && sa.state == sb.state {
            continue;
        }
        let act =
            |s: &dcverify_trace::TraceStep| s.action.map_or("Init".to_string(), |x| x.to_string());
        let mut out =
            format!("the traces agree up to state {}; state {i} differs:\n", i.saturating_sub(1));
        out.push_str(&format!("  action: {} | {}\n", act(sa), act(sb)));
        let (la, lb): (Vec<String>, Vec<String>) = (
            sa.state.log.iter().map(|e| na.entry(e)).collect(),
            sb.state.log.iter().map(|e| nb.entry(e)).collect(),
        );
        if la != lb {
            out.push_str(&format!("  log: {} | {}\n", la.join(" "), lb.join(" ")));
        }
        for idx in 0..sa.state.users.len().max(sb.state.users.len()) {
            let show = |s: &State, names: &EpochNames| {
                s.users.get(idx).and_then(User::local).map_or(String::new(), |l| {
                    fields(l, names)
                        .into_iter()
                        .map(|(f, v)| format!("{f}={v}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
            };
            let (ua, ub) = (show(&sa.state, &na), show(&sb.state, &nb));
            let alive = |s: &State| {
                s.users.get(idx).map_or("absent", |u| {
                    if u.local().is_some() {
                        "alive"
                    } else {
                        "left"
                    }
                })
            };
            if ua != ub || alive(&sa.state) != alive(&sb.state) {
                out.push_str(&format!(
                    "  user {}: {} {} | {} {}\n",
                    idx + 1,
                    alive(&sa.state),
                    style.changed(&ua),
                    alive(&sb.state),
                    style.changed(&ub)
                ));
            }
        }
        return out;
    }
    match a.steps.len().cmp(&b.steps.len()) {
        std::cmp::Ordering::Equal => "the traces are identical\n".into(),
        _ => {
            format!("one trace extends the other: {} and {} states\n", a.steps.len(), b.steps.len())
        }
    }
}
