//! TLC's `-tool` output: messages framed by `@!@!@STARTMSG code:level @!@!@`
//! and `@!@!@ENDMSG code @!@!@`. TLC 2.15 has no JSON or `-dumpTrace`, so the
//! statistics, violated invariants and error traces are read from these.

use crate::value::{parse_state, ParseError, TlaValue};
use std::collections::BTreeMap;

/// Message codes of TLC 2.15 (tlc2.output.EC) that this reader uses.
pub mod code {
    pub const INVARIANT_VIOLATED_INITIAL: u32 = 2107;
    pub const INVARIANT_VIOLATED_BEHAVIOR: u32 = 2110;
    pub const BEHAVIOR_UP_TO_THIS_POINT: u32 = 2121;
    pub const FINISHED: u32 = 2186;
    pub const SEARCH_DEPTH: u32 = 2194;
    pub const STATS: u32 = 2199;
    pub const STATE_PRINT: u32 = 2217;
}

/// The severity TLC gives a message; 1 is an error.
const LEVEL_ERROR: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub code: u32,
    pub level: u32,
    pub body: String,
}

/// Splits `-tool` output into its messages (text outside messages is dropped).
pub fn messages(output: &str) -> Vec<Message> {
    let mut out = Vec::new();
    let mut rest = output;
    while let Some(start) = rest.find("@!@!@STARTMSG ") {
        let after = &rest[start + "@!@!@STARTMSG ".len()..];
        let Some(header_end) = after.find(" @!@!@") else { break };
        let header = &after[..header_end];
        let (code, level) = header.split_once(':').unwrap_or((header, "0"));
        let (Ok(code), Ok(level)) = (code.trim().parse(), level.trim().parse()) else {
            rest = after;
            continue;
        };
        let body_start = &after[header_end + " @!@!@".len()..];
        let end_marker = format!("@!@!@ENDMSG {code} @!@!@");
        let (body, next) = match body_start.find(&end_marker) {
            Some(end) => (&body_start[..end], &body_start[end + end_marker.len()..]),
            None => (body_start, ""),
        };
        out.push(Message { code, level, body: body.trim().to_string() });
        rest = next;
    }
    out
}

/// One state of an error trace as TLC printed it.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceState {
    /// 1-based position in the trace.
    pub number: usize,
    /// TLC's label, e.g. `<Join line 234, col 5 to ... of module DC>` or `<Initial predicate>`.
    pub label: String,
    pub vars: BTreeMap<String, TlaValue>,
}

/// An invariant violation and the behaviour that leads to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// The invariant TLC names; empty when it names none (TLC 2.15's
    /// distributed server prints the behaviour without the invariant).
    pub invariant: String,
    pub trace: Vec<TraceState>,
}

/// What one TLC run reported.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunOutput {
    pub generated: Option<u64>,
    pub distinct: Option<u64>,
    pub left_on_queue: Option<u64>,
    pub depth: Option<u64>,
    pub finished_ms: Option<u64>,
    pub violations: Vec<Violation>,
    /// Error messages other than invariant violations (parse errors, evaluation errors, ...).
    pub errors: Vec<String>,
}

/// Why TLC's output could not be understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputError {
    pub message_index: usize,
    pub message: String,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TLC message {}: {}", self.message_index, self.message)
    }
}

impl std::error::Error for OutputError {}

fn first_number(s: &str) -> Option<u64> {
    s.split(|c: char| !c.is_ascii_digit()).find(|t| !t.is_empty())?.parse().ok()
}

/// "Finished in 1234ms at (...)", or as the distributed server writes it,
/// "Finished in 05s at", "Finished in 02min 03s at": in milliseconds.
fn duration_ms(body: &str) -> Option<u64> {
    let text = body.strip_prefix("Finished in ")?;
    let text = text.split(" at").next()?;
    let mut total = 0u64;
    for part in text.split_whitespace() {
        let digits = part.find(|c: char| !c.is_ascii_digit()).unwrap_or(part.len());
        let n: u64 = part[..digits].parse().ok()?;
        total += n * match &part[digits..] {
            "ms" => 1,
            "s" => 1_000,
            "min" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return None,
        };
    }
    Some(total)
}

/// The numbers in "N states generated, M distinct states found, K states left on queue."
fn stats(body: &str) -> (Option<u64>, Option<u64>, Option<u64>) {
    let mut nums = body.split(',').map(first_number);
    (nums.next().flatten(), nums.next().flatten(), nums.next().flatten())
}

fn trace_state(body: &str) -> Result<TraceState, String> {
    let (head, rest) = body.split_once('\n').unwrap_or((body, ""));
    let (number, label) =
        head.split_once(':').ok_or_else(|| format!("no `N:` in state header `{head}`"))?;
    let number = number.trim().parse().map_err(|_| format!("bad state number in `{head}`"))?;
    let vars = parse_state(rest).map_err(|e: ParseError| format!("state {number}: {e}"))?;
    Ok(TraceState { number, label: label.trim().to_string(), vars })
}

/// Reads the statistics, violations (with their traces) and errors of a run.
pub fn parse_output(output: &str) -> Result<RunOutput, OutputError> {
    let mut run = RunOutput::default();
    for (index, m) in messages(output).into_iter().enumerate() {
        let fail = |message: String| OutputError { message_index: index, message };
        match m.code {
            code::INVARIANT_VIOLATED_BEHAVIOR | code::INVARIANT_VIOLATED_INITIAL => {
                let name =
                    m.body.strip_prefix("Invariant ").and_then(|r| r.split_whitespace().next());
                let name =
                    name.ok_or_else(|| fail(format!("cannot read the invariant in `{}`", m.body)))?;
                run.violations.push(Violation { invariant: name.to_string(), trace: Vec::new() });
            }
            code::STATE_PRINT => {
                let state = trace_state(&m.body).map_err(fail)?;
                match run.violations.last_mut() {
                    Some(v) => v.trace.push(state),
                    None => return Err(fail("a trace state before any violation".into())),
                }
            }
            code::STATS => (run.generated, run.distinct, run.left_on_queue) = stats(&m.body),
            code::SEARCH_DEPTH => run.depth = first_number(&m.body),
            code::FINISHED => run.finished_ms = duration_ms(&m.body),
            // A behaviour no invariant message announced: an unnamed violation.
            code::BEHAVIOR_UP_TO_THIS_POINT
                if !run.violations.last().is_some_and(|v| v.trace.is_empty()) =>
            {
                run.violations.push(Violation { invariant: String::new(), trace: Vec::new() });
            }
            code::BEHAVIOR_UP_TO_THIS_POINT => {}
            _ if m.level == LEVEL_ERROR => {
                run.errors.push(format!("TLC error {}: {}", m.code, m.body))
            }
            _ => {}
        }
    }
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "@!@!@STARTMSG 2262:0 @!@!@\nTLC2 Version 2.15\n@!@!@ENDMSG 2262 @!@!@\n\
@!@!@STARTMSG 2110:1 @!@!@\nInvariant AllAdmitted is violated.\n@!@!@ENDMSG 2110 @!@!@\n\
@!@!@STARTMSG 2121:1 @!@!@\nThe behavior up to this point is:\n@!@!@ENDMSG 2121 @!@!@\n\
@!@!@STARTMSG 2217:4 @!@!@\n1: <Initial predicate>\n/\\ users = <<>>\n/\\ log = <<>>\n\n@!@!@ENDMSG 2217 @!@!@\n\
@!@!@STARTMSG 2217:4 @!@!@\n2: <Join line 234, col 5 to line 239, col 71 of module DC>\n/\\ users = <<>>\n/\\ log = << [ kind |-> \"Joined\",\n     uid |-> 2 ] >>\n\n@!@!@ENDMSG 2217 @!@!@\n\
@!@!@STARTMSG 2199:0 @!@!@\n8 states generated, 8 distinct states found, 3 states left on queue.\n@!@!@ENDMSG 2199 @!@!@\n\
@!@!@STARTMSG 2194:0 @!@!@\nThe depth of the complete state graph search is 4.\n@!@!@ENDMSG 2194 @!@!@\n\
@!@!@STARTMSG 2186:0 @!@!@\nFinished in 1083ms at (2026-11-28 00:49:58)\n@!@!@ENDMSG 2186 @!@!@\n";

    #[test]
    fn reads_stats_violations_and_traces() {
        let run = parse_output(SAMPLE).unwrap();
        assert_eq!(
            (run.generated, run.distinct, run.left_on_queue, run.depth, run.finished_ms),
            (Some(8), Some(8), Some(3), Some(4), Some(1083))
        );
        assert_eq!(run.violations.len(), 1);
        let v = &run.violations[0];
        assert_eq!(v.invariant, "AllAdmitted");
        assert_eq!(v.trace.len(), 2);
        assert_eq!(v.trace[1].number, 2);
        assert!(v.trace[1].label.starts_with("<Join line 234"));
        assert!(run.errors.is_empty());
    }

    #[test]
    fn collects_errors_and_rejects_broken_states() {
        let out = "@!@!@STARTMSG 1000:1 @!@!@\nUnknown operator Foo\n@!@!@ENDMSG 1000 @!@!@\n";
        assert_eq!(
            parse_output(out).unwrap().errors,
            vec!["TLC error 1000: Unknown operator Foo".to_string()]
        );
        let broken = "@!@!@STARTMSG 2110:1 @!@!@\nInvariant X is violated.\n@!@!@ENDMSG 2110 @!@!@\n@!@!@STARTMSG 2217:4 @!@!@\n1: <Init>\n/\\ log = <<[a |-> ]>>\n@!@!@ENDMSG 2217 @!@!@";
        let e = parse_output(broken).unwrap_err();
        assert_eq!(e.message_index, 1);
    }

    #[test]
    fn reads_every_way_tlc_writes_a_duration() {
        let d = |t: &str| duration_ms(&format!("Finished in {t} at (2026-12-03 11:21:34)"));
        assert_eq!(d("1083ms"), Some(1083));
        assert_eq!(d("05s"), Some(5_000));
        assert_eq!(d("02min 03s"), Some(123_000));
        assert_eq!(d("01h 02min"), Some(3_720_000));
        assert_eq!(d("3 weeks"), None);
    }

    /// TLC 2.15's distributed server prints a behaviour with no invariant
    /// message before it: an unnamed violation with its trace.
    #[test]
    fn a_behaviour_with_no_invariant_is_an_unnamed_violation() {
        let text = "@!@!@STARTMSG 2121:1 @!@!@\nThe behavior up to this point is:\n@!@!@ENDMSG 2121 @!@!@\n\
@!@!@STARTMSG 2217:4 @!@!@\n1: <Initial predicate>\n/\\ x = 1\n@!@!@ENDMSG 2217 @!@!@\n";
        let run = parse_output(text).unwrap();
        assert_eq!(run.violations.len(), 1);
        assert_eq!((run.violations[0].invariant.as_str(), run.violations[0].trace.len()), ("", 1));
        assert!(run.errors.is_empty());
    }
}
