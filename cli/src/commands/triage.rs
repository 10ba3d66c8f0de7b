//! `dcverify triage`: sorts violations in traces into the known causes of
//! `docs/failures/` and `docs/attacks/`.

use super::{EXIT_COULD_NOT_RUN, EXIT_UNEXPLAINED};
use clap::Args;
use dcverify_causes::{triage_trace, Known, Verdict};
use dcverify_trace::trace_files;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct TriageArgs {
    /// Trace files (`.itf.json` or steps files) or folders (every `.itf.json` under them):
    /// from check, tlc, simulate, record or written by hand.
    #[arg(required = true)]
    pub traces: Vec<PathBuf>,
    /// Treat this cause as unknown (a page name of docs/failures/ or
    /// docs/attacks/): what would be left unexplained without it. Repeatable.
    #[arg(long, value_name = "CAUSE")]
    pub forget: Vec<String>,
    /// Also print one line per violation: the trace, the property, where it first fails, its cause.
    #[arg(long)]
    pub each: bool,
    /// Print one JSON report on stdout instead of text.
    #[arg(long)]
    pub json: bool,
}

/// One violation in one trace.
#[derive(Serialize)]
struct Row {
    file: PathBuf,
    property: &'static str,
    /// Steps to the first state where the property fails.
    steps: usize,
    /// The explaining cause's name; none for an unexplained violation.
    cause: Option<String>,
}

/// One line of the table: a cause (or none) and a property, over every trace.
#[derive(Serialize)]
struct Bucket {
    cause: Option<String>,
    page: Option<&'static str>,
    property: &'static str,
    count: usize,
    shortest_steps: usize,
    shortest: PathBuf,
}

#[derive(Serialize)]
struct Report {
    traces: usize,
    /// Traces that violate no property of their model.
    without_violation: usize,
    buckets: Vec<Bucket>,
    violations: Vec<Row>,
    /// Files that could not be read or are not behaviours of their model.
    unreadable: Vec<String>,
}

pub fn triage(args: TriageArgs) -> ExitCode {
    let known = match Known::all_but(&args.forget) {
        Ok(known) => known,
        Err(e) => return super::could_not_run("triage", format!("--forget: {e}")),
    };
    let mut files = Vec::new();
    for path in &args.traces {
        match trace_files(path) {
            Ok(found) => files.extend(found),
            Err(e) => return super::could_not_run("triage", format!("{}: {e}", path.display())),
        }
    }
    let mut report = Report {
        traces: files.len(),
        without_violation: 0,
        buckets: Vec::new(),
        violations: Vec::new(),
        unreadable: Vec::new(),
    };
    for file in files {
        match triage_trace(&file, &known) {
            Err(e) => report.unreadable.push(e.to_string()),
            Ok((_, triaged)) if triaged.is_empty() => report.without_violation += 1,
            Ok((_, triaged)) => report.violations.extend(triaged.into_iter().map(|t| Row {
                file: file.clone(),
                property: t.property,
                steps: t.steps,
                cause: match t.verdict {
                    Verdict::Explained(c) => Some(c.name.to_string()),
                    Verdict::Unexplained => None,
                },
            })),
        }
    }
    report.buckets = buckets(&report.violations);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        print_report(&report, args.each);
    }
    if !report.unreadable.is_empty() {
        ExitCode::from(EXIT_COULD_NOT_RUN)
    } else if report.violations.iter().any(|v| v.cause.is_none()) {
        ExitCode::from(EXIT_UNEXPLAINED)
    } else {
        ExitCode::SUCCESS
    }
}

/// The violations grouped by cause and property, in the catalogue's order
/// (unexplained last), each with its count and its shortest trace.
fn buckets(rows: &[Row]) -> Vec<Bucket> {
    // In the catalogue's order; unexplained ones come last.
    let order = |cause: &Option<String>| match cause {
        Some(c) => {
            dcverify_causes::CAUSES.iter().position(|k| k.name == c).unwrap_or(usize::MAX - 1)
        }
        None => usize::MAX,
    };
    let mut out: Vec<Bucket> = Vec::new();
    for row in rows {
        match out.iter_mut().find(|b| b.cause == row.cause && b.property == row.property) {
            Some(b) => {
                b.count += 1;
                if row.steps < b.shortest_steps {
                    b.shortest_steps = row.steps;
                    b.shortest = row.file.clone();
                }
            }
            None => out.push(Bucket {
                cause: row.cause.clone(),
                page: row.cause.as_deref().and_then(dcverify_causes::by_name).map(|c| c.page),
                property: row.property,
                count: 1,
                shortest_steps: row.steps,
                shortest: row.file.clone(),
            }),
        }
    }
    out.sort_by_key(|b| (order(&b.cause), b.property));
    out
}

fn print_report(report: &Report, each: bool) {
    let with = report.traces - report.without_violation - report.unreadable.len();
    println!(
        "dcverify triage: {} trace(s); {with} violate a property, {} violate none",
        report.traces, report.without_violation
    );
    for e in &report.unreadable {
        println!("  COULD NOT READ {e}");
    }
    if !report.buckets.is_empty() {
        println!();
        println!("  {:<26} {:<22} {:>5}  shortest", "cause", "property", "count");
        for b in &report.buckets {
            println!(
                "  {:<26} {:<22} {:>5}  {} steps  {}",
                b.cause.as_deref().unwrap_or("UNEXPLAINED"),
                b.property,
                b.count,
                b.shortest_steps,
                b.shortest.display()
            );
        }
    }
    if each {
        println!();
        for v in &report.violations {
            println!(
                "  {}: {} fails after {} steps: {}",
                v.file.display(),
                v.property,
                v.steps,
                v.cause.as_deref().unwrap_or("UNEXPLAINED")
            );
        }
    }
    let unexplained = report.violations.iter().filter(|v| v.cause.is_none()).count();
    println!();
    if unexplained == 0 {
        println!("every violation has a known cause");
    } else {
        println!("{unexplained} violation(s) no known cause explains");
    }
}
