//! `dcverify show --html`: one self-contained HTML file (inline CSS and SVG,
//! no scripts, no external assets) with a sequence diagram of a trace: a lane
//! per user and one for the delivery service, each log entry as an arrow in
//! log order, lanes coloured by the epoch node held (forks of one epoch number
//! get different colours), DC stars, failures, safety numbers from a replay on
//! the implementation, and the first violation of each property marked.

use crate::terminal::first_failures;
use dcverify_conformance::experience::Experience;
use dcverify_model::EpochNames;
use dcverify_model::ServerStep;
use dcverify_model::{Action, State};
use dcverify_trace::Trace;

const LANE: f64 = 130.0;
const ROW: f64 = 26.0;
const TOP: f64 = 70.0;
const LEFT: f64 = 50.0;
const PALETTE: [&str; 12] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#393b79", "#637939",
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn lane_x(lane: usize) -> f64 {
    LEFT + 60.0 + lane as f64 * LANE
}

fn row_y(i: usize) -> f64 {
    TOP + i as f64 * ROW
}

/// The entries a step appended or read, with node names.
fn step_text(
    before: &State,
    action: Action,
    after: &State,
    names: &EpochNames,
) -> (usize, usize, String) {
    match action {
        Action::Read(u) => {
            let text = before
                .local(u)
                .and_then(|l| before.log.get(l.cursor))
                .map_or(String::new(), |e| names.entry(e));
            (0, usize::from(u), format!("{action} reads {text}"))
        }
        Action::Join => {
            let added: Vec<String> =
                after.log[before.log.len()..].iter().map(|e| names.entry(e)).collect();
            (after.users.len(), 0, format!("Join appends {}", added.join(" + ")))
        }
        Action::Leave(u) | Action::Send(u) => {
            let added: Vec<String> =
                after.log[before.log.len()..].iter().map(|e| names.entry(e)).collect();
            (usize::from(u), 0, format!("{action} appends {}", added.join(" + ")))
        }
        Action::Server(step) => {
            let what = dcverify_model::describe::describe_step(before, action, &[], after, names);
            let to = match step {
                ServerStep::Withhold(u) | ServerStep::Reorder(u) | ServerStep::Redeliver(u, _) => {
                    usize::from(u)
                }
                _ => 0,
            };
            (0, to, format!("{action}: {what}"))
        }
        Action::Compromise(u) => {
            let what = dcverify_model::describe::describe_step(before, action, &[], after, names);
            (0, usize::from(u), format!("{action}: {what}"))
        }
    }
}

/// From the last lane to the step text.
const TEXT_GAP: f64 = 110.0;

pub fn render_html(trace: &Trace, experience: Option<&Experience>, title: &str) -> String {
    let names = trace.epoch_names();
    let users = trace.steps.last().map_or(0, |s| s.state.users.len());
    let rows = trace.steps.len();
    // The step text starts far enough right of the last lane for a node's
    // label there (`e2a ← e1a`) to fit before it.
    let width = lane_x(users) + TEXT_GAP + 340.0 + 8.0 * 70.0;
    let height = row_y(rows) + 90.0;
    let failures = first_failures(trace);
    let mut svg = String::new();
    // Red bands behind the rows where properties first fail, names on the right.
    for i in 0..rows {
        let here: Vec<&str> = failures.iter().filter(|(_, at)| *at == i).map(|(p, _)| *p).collect();
        if here.is_empty() {
            continue;
        }
        let y = row_y(i);
        svg.push_str(&format!("<rect class=\"violation-band\" x=\"0\" y=\"{}\" width=\"{width}\" height=\"{ROW}\"/>\n", y - ROW / 2.0));
        let mut x = lane_x(users) + TEXT_GAP + 340.0;
        for p in here {
            svg.push_str(&format!("<g class=\"violation\" data-property=\"{p}\" data-step=\"{i}\"><text x=\"{x}\" y=\"{}\">✗ {p}</text></g>\n", y + 4.0));
            x += 20.0 + 7.5 * p.len() as f64;
        }
    }
    // Lane headers and lines.
    for lane in 0..=users {
        let x = lane_x(lane);
        let label = if lane == 0 { "delivery service".to_string() } else { format!("user {lane}") };
        svg.push_str(&format!(
            "<g class=\"lane\" data-lane=\"{}\"><text class=\"lane-label\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{label}</text><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" class=\"{}\"/></g>\n",
            if lane == 0 { "ds".to_string() } else { format!("u{lane}") },
            TOP - 30.0,
            TOP - 20.0,
            row_y(rows),
            if lane == 0 { "ds-line" } else { "user-line" }
        ));
    }
    // Epoch segments, DC stars, failures.
    for (i, step) in trace.steps.iter().enumerate() {
        let y = row_y(i);
        for (uid, l) in step.state.alive() {
            let x = lane_x(usize::from(uid));
            match &l.group {
                Some(g) => {
                    let color = PALETTE[names.order(g) % PALETTE.len()];
                    let name = names.name(g);
                    svg.push_str(&format!(
                        "<rect class=\"epoch\" data-uid=\"{uid}\" data-epoch=\"{name}\" x=\"{}\" y=\"{}\" width=\"10\" height=\"{ROW}\" fill=\"{color}\"><title>user {uid} in {name}</title></rect>\n",
                        x - 5.0,
                        y - ROW / 2.0
                    ));
                    let prev = i
                        .checked_sub(1)
                        .and_then(|p| trace.steps[p].state.local(uid))
                        .and_then(|p| p.group.clone());
                    if prev.as_ref() != Some(g) {
                        let fork = if names.forked(g) { " fork" } else { "" };
                        // The node it descends from, so a fork shows in the picture.
                        let from =
                            names.parent_name(g).map_or(String::new(), |p| format!(" ← {p}"));
                        svg.push_str(&format!(
                            "<text class=\"epoch-name{fork}\" data-epoch=\"{name}\" x=\"{}\" y=\"{}\" fill=\"{color}\"><title>{name} = {}</title>{name}{}</text>\n",
                            x + 9.0,
                            y + 4.0,
                            esc(&g.to_string()),
                            esc(&from)
                        ));
                    }
                }
                None => svg.push_str(&format!(
                    "<rect class=\"no-group\" x=\"{}\" y=\"{}\" width=\"4\" height=\"{ROW}\"/>\n",
                    x - 2.0,
                    y - ROW / 2.0
                )),
            }
            if l.believes_dc() {
                svg.push_str(&format!(
                    "<text class=\"dc\" data-uid=\"{uid}\" x=\"{}\" y=\"{}\">★</text>\n",
                    x - 20.0,
                    y + 4.0
                ));
            }
            if l.failed && i > 0 && trace.steps[i - 1].state.local(uid).is_some_and(|p| !p.failed) {
                svg.push_str(&format!("<text class=\"failed\" data-uid=\"{uid}\" x=\"{}\" y=\"{}\"><title>user {uid} failed</title>✗</text>\n", x + 9.0, y + 4.0));
            }
        }
    }
    // Arrows, one per step, and the step's text on the right.
    for (i, pair) in trace.steps.windows(2).enumerate() {
        let Some(action) = pair[1].action else { continue };
        let (from, to, text) = step_text(&pair[0].state, action, &pair[1].state, &names);
        let y = row_y(i + 1);
        let (x1, x2) = (lane_x(from), lane_x(to));
        let kind = format!("{action:?}").split('(').next().unwrap_or("").to_string();
        svg.push_str(&format!(
            "<g class=\"arrow\" data-step=\"{}\" data-kind=\"{kind}\" data-from=\"{}\" data-to=\"{}\"><line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" marker-end=\"url(#head)\"/><text class=\"step\" x=\"{}\" y=\"{}\">{}</text><text class=\"desc\" x=\"{}\" y=\"{}\">{}</text></g>\n",
            i + 1,
            if from == 0 { "ds".to_string() } else { format!("u{from}") },
            if to == 0 { "ds".to_string() } else { format!("u{to}") },
            8.0,
            y + 4.0,
            i + 1,
            lane_x(users) + TEXT_GAP,
            y + 4.0,
            esc(&text)
        ));
    }
    // Safety numbers at the foot of each lane.
    if let Some(exp) = experience {
        let y = row_y(rows) + 20.0;
        svg.push_str(&format!(
            "<text class=\"safety-label\" x=\"8\" y=\"{y}\">safety number</text>\n"
        ));
        for p in &exp.people {
            let x = lane_x(usize::from(p.uid));
            let label = p.safety_number.clone().unwrap_or_else(|| "no group".into());
            let full =
                p.safety_number_full.clone().unwrap_or_else(|| "no group: no safety number".into());
            svg.push_str(&format!("<text class=\"safety-number\" data-uid=\"{}\" x=\"{x}\" y=\"{y}\" text-anchor=\"middle\"><title>user {} safety number: {}</title>{}</text>\n", p.uid, p.uid, esc(&full), esc(&label)));
        }
    }
    let meta = &trace.meta;
    let violates = meta.violates.as_deref().unwrap_or("nothing");
    let forks = names.forks();
    let fork_text = if forks.is_empty() {
        "no epoch number has two nodes in this trace (no fork)".to_string()
    } else {
        forks
            .iter()
            .map(|(n, nodes)| format!("epoch {n} forks into {}", nodes.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let legend: String = names
        .nodes()
        .map(|(name, e)| {
            let parent = names.parent_name(e).map_or(String::new(), |p| format!(", child of {p}"));
            let fork = if names.forked(e) { " <b>fork</b>" } else { "" };
            format!(
                "<li class=\"node\" data-epoch=\"{name}\"><code>{name}</code> = <code>{}</code>{}{fork}</li>",
                esc(&e.to_string()),
                esc(&parent)
            )
        })
        .collect();
    let cannot: Vec<String> = experience.map_or(Vec::new(), |e| {
        e.cannot_decrypt.iter().map(|(to, from)| format!("{to} cannot decrypt {from}")).collect()
    });
    format!(
        r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font: 13px system-ui, sans-serif; margin: 16px; color: #222; }}
h1 {{ font-size: 18px; margin: 0 0 4px; }}
.meta {{ color: #555; margin-bottom: 8px; }}
svg text {{ font: 11px ui-monospace, monospace; }}
.lane-label {{ font-weight: bold; font-size: 12px; }}
.ds-line {{ stroke: #444; stroke-width: 3; }}
.user-line {{ stroke: #ccc; stroke-width: 1; stroke-dasharray: 2 3; }}
.no-group {{ fill: #ddd; }}
.arrow line {{ stroke: #333; stroke-width: 1.2; }}
.arrow .desc {{ fill: #222; }}
.arrow .step {{ fill: #888; }}
.epoch-name {{ font-weight: bold; }}
.epoch-name.fork {{ text-decoration: underline; }}
.dc {{ fill: #d4a000; font-size: 14px; }}
.failed {{ fill: #c00; font-weight: bold; }}
.violation-band {{ fill: #ffd6d6; }}
.violation text {{ fill: #b00; font-weight: bold; }}
.safety-number {{ fill: #333; font-weight: bold; }}
.safety-label {{ fill: #555; }}
h2 {{ font-size: 15px; margin: 12px 0 4px; }}
</style></head>
<body>
<h1>{title}</h1>
<div class="meta">source {source}, profile {profile}, {users_b} users, {leaves} leaves — violates <span id="violates">{violates}</span>; ★ believes it is DC; lane colours are epoch nodes, named e&lt;number&gt;&lt;letter&gt; in the order the trace meets them, with the node each descends from (← e1a). <span id="forks">{forks}</span>.{cannot}</div>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">
<defs><marker id="head" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#333"/></marker></defs>
{svg}</svg>
<h2>Epoch nodes</h2>
<ul id="legend">{legend}</ul>
<p class="meta">A node is its group's founder (root) and the commits from it, committer:op each. The state, the steps and the properties are defined in <code>docs/protocol.md</code> of the dcverify repository; the trace format in <code>traces/README.md</code>.</p>
</body></html>
"##,
        title = esc(title),
        source = meta.source,
        forks = esc(&fork_text),
        profile = esc(&meta.profile),
        users_b = meta.users,
        leaves = meta.leaves,
        violates = esc(violates),
        cannot = if cannot.is_empty() {
            String::new()
        } else {
            format!(" On the implementation: {}.", esc(&cannot.join("; ")))
        },
    )
}
