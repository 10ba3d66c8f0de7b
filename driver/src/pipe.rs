//! The driver's pipes, spoken to from the caller's own thread: a line
//! written without letting SIGPIPE end dcverify (a driver that closed its
//! input makes the write fail with an error instead), and a line read with
//! a deadline (a driver that hangs makes the read time out).

use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::process::{ChildStdin, ChildStdout};
use std::time::{Duration, Instant};

/// What reading one line gave.
#[derive(Debug)]
pub enum Received {
    Line(String),
    /// Nothing before the deadline.
    Timeout,
    /// The driver closed its output.
    Closed,
    Failed(io::Error),
}

/// The driver's standard input and output, as lines.
pub struct LinePipe {
    input: Option<ChildStdin>,
    output: ChildStdout,
    /// Bytes read past the last whole line.
    pending: Vec<u8>,
}

impl LinePipe {
    pub fn new(input: ChildStdin, output: ChildStdout) -> LinePipe {
        LinePipe { input: Some(input), output, pending: Vec::new() }
    }

    /// Writes `line` and a newline.
    pub fn send(&mut self, line: &str) -> io::Result<()> {
        let Some(input) = self.input.as_mut() else {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "the driver's input is closed"));
        };
        let mut bytes = Vec::with_capacity(line.len() + 1);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
        without_sigpipe(|| input.write_all(&bytes).and_then(|()| input.flush()))
    }

    /// Reads one line, waiting at most `timeout`.
    pub fn receive(&mut self, timeout: Duration) -> Received {
        let deadline = Instant::now() + timeout;
        let mut chunk = [0u8; 64 * 1024];
        loop {
            if let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
                let rest = self.pending.split_off(end + 1);
                let mut line = std::mem::replace(&mut self.pending, rest);
                line.pop();
                return Received::Line(String::from_utf8_lossy(&line).into_owned());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Received::Timeout;
            }
            match readable(&self.output, left) {
                Ok(false) => return Received::Timeout,
                Ok(true) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Received::Failed(e),
            }
            match self.output.read(&mut chunk) {
                Ok(0) => return Received::Closed,
                Ok(n) => self.pending.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Received::Failed(e),
            }
        }
    }

    /// Closes the driver's input: the end of the session.
    pub fn close_input(&mut self) {
        self.input = None;
    }
}

/// Whether `output` has bytes (or its end) to read within `wait`.
fn readable(output: &ChildStdout, wait: Duration) -> io::Result<bool> {
    let mut fd = libc::pollfd { fd: output.as_raw_fd(), events: libc::POLLIN, revents: 0 };
    let ms = libc::c_int::try_from(wait.as_millis().max(1)).unwrap_or(libc::c_int::MAX);
    // SAFETY: one valid pollfd, owned by this frame, for the call's duration.
    match unsafe { libc::poll(&mut fd, 1, ms) } {
        n if n < 0 => Err(io::Error::last_os_error()),
        0 => Ok(false),
        _ => Ok(true),
    }
}

/// Runs `write` with SIGPIPE blocked in this thread, and takes back a
/// SIGPIPE the write raised, so that a broken pipe is only an error (the
/// `dcverify` binary lets SIGPIPE end it, for `| head`).
fn without_sigpipe<T>(write: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    // SAFETY: the sets are local; the mask changes only for this thread and
    // is restored before returning; sigtimedwait with a zero timeout only
    // takes a pending SIGPIPE of this thread.
    unsafe {
        let mut pipe: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut pipe);
        libc::sigaddset(&mut pipe, libc::SIGPIPE);
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::pthread_sigmask(libc::SIG_BLOCK, &pipe, &mut old);
        let result = write();
        if matches!(&result, Err(e) if e.kind() == io::ErrorKind::BrokenPipe) {
            let now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
            libc::sigtimedwait(&pipe, std::ptr::null_mut(), &now);
        }
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
        result
    }
}
