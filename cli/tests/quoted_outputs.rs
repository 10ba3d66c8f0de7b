//! README.md and the pages of docs/ quote what the commands print: every
//! code block whose first line is `$ dcverify ARGS` is run (from the
//! repository root) and its output compared with the quote, line by line.
//! Timings, rates and memory differ from run to run and are not compared; a
//! quoted line `...` stands for any number of lines. A quote that no longer
//! matches fails here, so the documentation cannot drift from the tool.

use std::path::Path;
use std::process::Command;

/// One quoted run: its arguments and the quoted output lines.
struct Quote {
    line: usize,
    args: Vec<String>,
    expected: Vec<String>,
}

fn quotes(readme: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let lines: Vec<&str> = readme.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with("```") {
            if let Some(cmd) = lines.get(i + 1).and_then(|l| l.strip_prefix("$ dcverify ")) {
                let start = i + 2;
                let end = (start..lines.len())
                    .find(|&j| lines[j].starts_with("```"))
                    .unwrap_or(lines.len());
                out.push(Quote {
                    line: i + 2,
                    args: cmd.split_whitespace().map(String::from).collect(),
                    expected: lines[start..end].iter().map(|l| l.to_string()).collect(),
                });
                i = end + 1;
                continue;
            }
            // Skip over any other block.
            i = (i + 1..lines.len()).find(|&j| lines[j].starts_with("```")).unwrap_or(lines.len())
                + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// The stable part of a line: decimals (times, memory) and rates become
/// placeholders, runs of spaces one space.
fn stable(line: &str) -> String {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let rate_line = line.trim_start().starts_with("unique states/s")
        || line.trim_start().starts_with("distinct states/s");
    let mut out = Vec::with_capacity(tokens.len());
    for (k, t) in tokens.iter().enumerate() {
        let next = tokens.get(k + 1).copied().unwrap_or("");
        let bare = t.trim_matches(|c: char| "(),;:".contains(c));
        let is_decimal = bare.contains('.')
            && bare.chars().all(|c| c.is_ascii_digit() || c == '.')
            && bare.chars().any(|c| c.is_ascii_digit());
        let is_int = !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit());
        let token = if is_decimal
            || (is_int && (next.starts_with("steps/s") || next.starts_with("traces/s")))
            || (is_int && rate_line && k == tokens.len() - 1)
        {
            t.replace(bare, "#")
        } else if t.ends_with('%') && t[..t.len() - 1].chars().all(|c| c.is_ascii_digit()) {
            "#%".to_string()
        } else {
            t.to_string()
        };
        out.push(token);
    }
    out.join(" ")
}

/// Whether `actual` matches the quoted `expected` lines (`...` matches any lines).
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == "..." => {
            (0..=actual.len()).any(|k| matches(rest, &actual[k..]))
        }
        Some((e, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| stable(e) == stable(a) && matches(rest, more)),
    }
}

#[test]
fn stable_keeps_counts_and_drops_timings() {
    assert_eq!(stable("  elapsed           1.103 s"), "elapsed # s");
    assert_eq!(stable("  unique states/s   323793"), "unique states/s #");
    assert_eq!(stable("  unique states     357192"), "unique states 357192");
    assert_eq!(
        stable("26 traces, 238 steps in 0.038 s: 6334 steps/s, 692.0 traces/s; 95% of the time"),
        "26 traces, 238 steps in # s: # steps/s, # traces/s; #% of the time"
    );
    let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&lines(&["a", "...", "d"]), &lines(&["a", "b", "c", "d"])));
    assert!(!matches(&lines(&["a", "...", "d"]), &lines(&["a", "b", "c"])));
    assert!(!matches(&lines(&["a 1"]), &lines(&["a 2"])));
}

/// README.md and every Markdown page under docs/.
fn pages(root: &Path) -> Vec<std::path::PathBuf> {
    let mut pages = vec![root.join("README.md")];
    let mut dirs = vec![root.join("docs")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    pages
}

#[test]
fn the_docs_quote_current_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut wrong = Vec::new();
    let mut checked = Vec::new();
    for page in pages(&root) {
        let text = std::fs::read_to_string(&page).unwrap();
        for q in quotes(&text) {
            checked.push(format!("{}:{}", page.display(), q.line));
            check(&root, &page, &q, &mut wrong);
        }
    }
    assert!(checked.len() >= 7, "quotes checked: {checked:?}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Runs one quoted command and notes it in `wrong` if its output differs.
fn check(root: &Path, page: &Path, q: &Quote, wrong: &mut Vec<String>) {
    let output = Command::new(env!("CARGO_BIN_EXE_dcverify"))
        .args(&q.args)
        .current_dir(root)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let actual: Vec<String> = text.lines().map(String::from).collect();
    if !matches(&q.expected, &actual) {
        wrong.push(format!(
            "{} line {}: `dcverify {}` prints\n{}\n",
            page.display(),
            q.line,
            q.args.join(" "),
            text
        ));
    }
}
