//! A one-line progress display on stderr, shown only on a terminal.

use dcverify_model::check::CheckProgress;
use std::io::{IsTerminal, Write};
use std::time::Instant;

pub struct Progress {
    enabled: bool,
    start: Instant,
    drawn: bool,
}

impl Progress {
    /// `wanted` is the caller's choice; the line is drawn only if stderr is a terminal too.
    pub fn new(wanted: bool) -> Self {
        Progress {
            enabled: wanted && std::io::stderr().is_terminal(),
            start: Instant::now(),
            drawn: false,
        }
    }

    pub fn update(&mut self, p: CheckProgress) {
        if !self.enabled {
            return;
        }
        let CheckProgress { unique, generated, queue, depth } = p;
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let rate = unique as f64 / secs;
        eprint!(
            "\r\x1b[2K{:>7.1}s  {unique} unique  {generated} generated  {:.0}/s  queue {queue}  depth {depth}",
            secs, rate
        );
        let _ = std::io::stderr().flush();
        self.drawn = true;
    }

    pub fn clear(&mut self) {
        if self.drawn {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
            self.drawn = false;
        }
    }
}
