//! Trace files on disk.

use std::path::{Path, PathBuf};

/// Every `.itf.json` file under `path` (or `path` itself), sorted.
pub fn trace_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let p = entry?.path();
        if p.is_dir() {
            files.extend(trace_files(&p)?);
        } else if p.to_string_lossy().ends_with(".itf.json") {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}
