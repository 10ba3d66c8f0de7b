//! TLC's own distributed mode (TLC 2.15 ships it): a `TLCServer` here holds
//! the state queue and the fingerprints; `TLCWorker` processes, here or on
//! any host that reaches it over Java RMI, compute successors. The server
//! prints the same `-tool` messages as a plain TLC run, so its output is
//! read the same way (README, "When one machine is not enough").

use crate::run::{java_in, read_run, start_error, TlcError, TlcRun, Workdir};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The Java system property both sides read for the server's RMI port.
const PORT_PROPERTY: &str = "tlc2.tool.distributed.TLCServer.port";
/// What the server prints once workers may register, and when one has.
const READY: &str = "is ready";
const REGISTERED: &str = "Registration for worker";
/// How long local workers may take to register before the run is given up
/// (rather than a server waiting for ever).
const REGISTER_TIMEOUT: Duration = Duration::from_secs(90);
/// How long the server may take to parse the spec and compute initial states.
const READY_TIMEOUT: Duration = Duration::from_secs(120);

/// A distributed run: the server's RMI port and how many workers to start
/// on this machine (others may join from other hosts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Distributed {
    pub port: u16,
    pub local_workers: usize,
}

/// The name the server gives workers for calling it back (Java RMI's
/// `java.rmi.server.hostname`): `DCVERIFY_TLC_HOST` if set (an address
/// other hosts reach), else `localhost`, which needs no name service.
pub fn server_host() -> String {
    std::env::var("DCVERIFY_TLC_HOST").unwrap_or_else(|_| "localhost".into())
}

/// The command that starts a worker for a server on `host`, for another machine.
pub fn worker_command(jar: &Path, host: &str, port: u16) -> String {
    format!(
        "java -D{PORT_PROPERTY}={port} -Djava.rmi.server.hostname=WORKER-ADDRESS -cp {} tlc2.tool.distributed.TLCWorker {host}",
        jar.display()
    )
}

/// A free TCP port on this machine, for the server to listen on.
pub fn free_port() -> Result<u16, TlcError> {
    std::net::TcpListener::bind(("0.0.0.0", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|source| TlcError::Io { what: "finding a free port".into(), source })
}

fn file(dir: &Workdir, name: &str) -> Result<std::fs::File, TlcError> {
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .map_err(|source| TlcError::Io { what: format!("creating {}", path.display()), source })
}

fn spawn(cmd: &mut Command, what: &str) -> Result<Child, TlcError> {
    cmd.spawn().map_err(|e| start_error(e, what))
}

/// How many times a run that ended in TLC 2.15's end-of-run race is started
/// again before its error is reported.
const RACE_RETRIES: usize = 2;

/// Whether TLC's errors are its distributed server's end-of-run race, not a
/// fault of the spec: in TLC 2.15 a server thread whose worker found the
/// queue empty holds a null block while it closes down, and the server,
/// woken by it, sums every thread's block size for its summary and throws.
/// Nothing about the model is wrong, so the run is simply started again.
pub fn is_end_of_run_race(errors: &[String]) -> bool {
    errors
        .iter()
        .any(|e| e.contains("NullPointerException") && e.contains("\"this.states\" is null"))
}

/// Runs TLC's server on `module` with `cfg`, starts `local_workers` workers
/// here once it is ready, and waits for the server to finish; a run that
/// ends in the server's end-of-run race ([`is_end_of_run_race`]) is run
/// again, up to [`RACE_RETRIES`] times, with a line on standard error.
pub fn run_tlc_distributed(
    jar: &Path,
    dir: &Workdir,
    module: &str,
    cfg: &Path,
    how: Distributed,
) -> Result<TlcRun, TlcError> {
    let mut retries = 0;
    loop {
        match run_server_once(jar, dir, module, cfg, how) {
            Err(TlcError::Tlc { errors })
                if is_end_of_run_race(&errors) && retries < RACE_RETRIES =>
            {
                retries += 1;
                // A fresh start: TLC would otherwise find the last run's
                // fingerprints and queue in its metadir.
                let _ = std::fs::remove_dir_all(dir.path().join("states"));
                eprintln!(
                    "dcverify: TLC's distributed server failed in its end-of-run race \
                     (a NullPointerException in TLC 2.15, not a fault of the spec); running it again"
                );
            }
            other => return other,
        }
    }
}

fn run_server_once(
    jar: &Path,
    dir: &Workdir,
    module: &str,
    cfg: &Path,
    how: Distributed,
) -> Result<TlcRun, TlcError> {
    let start = Instant::now();
    let mut server = java_in(dir, "tmp-server")?;
    server
        .arg(format!("-D{PORT_PROPERTY}={}", how.port))
        .arg(format!("-Djava.rmi.server.hostname={}", server_host()))
        .arg("-cp")
        .arg(jar)
        .arg("tlc2.tool.distributed.TLCServer")
        .args(["-tool", "-deadlock", "-metadir"])
        .arg(dir.path().join("states"))
        .arg("-config")
        .arg(cfg)
        .arg(module)
        .stdout(Stdio::piped())
        .stderr(file(dir, "server.err")?);
    let mut server = spawn(&mut server, "the TLC server")?;
    let Some(stdout) = server.stdout.take() else {
        let _ = server.kill();
        return Err(TlcError::Incomplete { exit: None, tail: "no output from the server".into() });
    };
    // The server's output, read on a thread that says when it is ready.
    let (ready_tx, ready_rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains(READY) || line.contains(REGISTERED) {
                let _ = ready_tx.send(line.contains(REGISTERED));
            }
            text.push_str(&line);
            text.push('\n');
        }
        text
    });
    let mut workers = Vec::new();
    let ready = ready_rx.recv_timeout(READY_TIMEOUT).is_ok();
    if ready {
        for i in 0..how.local_workers {
            let mut worker = java_in(dir, &format!("tmp-worker-{i}"))?;
            worker
                .arg(format!("-D{PORT_PROPERTY}={}", how.port))
                .arg("-Djava.rmi.server.hostname=localhost")
                .arg("-cp")
                .arg(jar)
                .arg("tlc2.tool.distributed.TLCWorker")
                .arg("localhost")
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            workers.push(spawn(&mut worker, "a TLC worker")?);
        }
        // A local worker that cannot register (RMI blocked) would leave the
        // server waiting for ever: give up after a while.
        if how.local_workers > 0 && !ready_rx.recv_timeout(REGISTER_TIMEOUT).unwrap_or(false) {
            let _ = server.kill();
        }
    } else {
        let _ = server.kill();
    }
    let status = server
        .wait()
        .map_err(|source| TlcError::Io { what: "waiting for the TLC server".into(), source })?;
    for mut w in workers {
        // Workers end when the server says the work is done; a stuck one goes.
        if !matches!(w.try_wait(), Ok(Some(_))) {
            std::thread::sleep(Duration::from_millis(500));
            let _ = w.kill();
        }
        let _ = w.wait();
    }
    let text = reader.join().unwrap_or_default();
    let mut errors = std::fs::read_to_string(dir.path().join("server.err")).unwrap_or_default();
    if !ready {
        errors.push_str("\n(dcverify: the TLC server was not ready in time)");
    }
    let output = read_run(&text, &errors, status.code())?;
    Ok(TlcRun { output, elapsed: start.elapsed() })
}

#[cfg(test)]
mod tests {
    use super::is_end_of_run_race;

    #[test]
    fn only_the_null_block_exception_is_the_end_of_run_race() {
        let race = "TLC error 1000: TLC threw an unexpected exception.\nThe exception was a \
                    java.lang.NullPointerException\n: Cannot read the array length because \
                    \"this.states\" is null";
        assert!(is_end_of_run_race(&[race.to_string()]));
        assert!(is_end_of_run_race(&["a parse error".into(), race.into()]));
        let other_npe = "The exception was a java.lang.NullPointerException\n: \
                         Cannot invoke \"tlc2.value.Value.eval()\" because \"v\" is null";
        assert!(!is_end_of_run_race(&[other_npe.to_string()]));
        let other_states = "Evaluating invariant failed: \"this.states\" is null";
        assert!(!is_end_of_run_race(&[other_states.to_string()]));
        assert!(!is_end_of_run_race(&[]));
    }
}
